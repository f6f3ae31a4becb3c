// Web-map offsets against published coordinate pairs (docs/domain-sources.md DS-18.4, DS-18.5).
#include <gtest/gtest.h>

#include <algorithm>

#include "hubland/error.hpp"
#include "hubland/geo/web_datum.hpp"

using namespace hubland;
using geo::LonLat;

namespace {

// Published values are printed with 14-17 significant digits; the formula is the same double
// arithmetic, so agreement is to the last few ulps (1e-12° is 0.1 µm).
constexpr double kPublishedTol_deg = 1e-12;

void expect_at(LonLat got, double lon, double lat, double tol = kPublishedTol_deg) {
  EXPECT_NEAR(got.lon, lon, tol);
  EXPECT_NEAR(got.lat, lat, tol);
}

}  // namespace

// wandergis/coordtransform README.md, "示例用法": wgs84togcj02(116.404, 39.915).
TEST(WebDatum, Gcj02ForwardMatchesCoordtransformReadme) {
  expect_at(geo::gcj02_from_wgs84({116.404, 39.915}), 116.41024449916938, 39.91640428150164);
}

// googollee/eviltransform go/transform_test.go, `tests` (wgsLat, wgsLng, gcjLat, gcjLng):
// Shanghai, Shenzhen, Beijing.
TEST(WebDatum, Gcj02ForwardMatchesEviltransformTests) {
  expect_at(geo::gcj02_from_wgs84({121.5272106, 31.1774276}), 121.531541859215, 31.17530398364597);
  expect_at(geo::gcj02_from_wgs84({113.912316, 22.543847}), 113.9171764808363, 22.540796131694766);
  expect_at(geo::gcj02_from_wgs84({116.377817, 39.911954}), 116.38404722455657, 39.91334545536069);
}

// The inverse recovers the published WGS 84 inputs from their published GCJ-02 images.
TEST(WebDatum, Gcj02InverseRecoversPublishedInputsWithinAMillimetre) {
  const struct {
    LonLat wgs, gcj;
  } pairs[] = {
      {{116.404, 39.915}, {116.41024449916938, 39.91640428150164}},
      {{121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
      {{113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
      {{116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
  };
  for (const auto& p : pairs) {
    const LonLat w = geo::wgs84_from_gcj02(p.gcj);
    EXPECT_LT(geo::geodesic_distance_m(w, p.wgs), 1e-3) << p.wgs.lon << " " << p.wgs.lat;
  }
}

// Over all of Chongqing (105.2-110.2°E, 28.1-32.2°N, a 0.1° grid): the offset is 300-600 m
// and forward-then-inverse comes back within 0.1 m (the contract; observed under 1 mm).
TEST(WebDatum, Gcj02RoundTripOverChongqingWithinTenthOfAMetre) {
  double min_offset_m = 1e9, max_offset_m = 0, worst_m = 0;
  for (int i = 0; i <= 50; ++i)
    for (int j = 0; j <= 41; ++j) {
      const LonLat w{105.2 + 0.1 * i, 28.1 + 0.1 * j};
      const LonLat g = geo::gcj02_from_wgs84(w);
      const double offset_m = geo::geodesic_distance_m(w, g);
      min_offset_m = std::min(min_offset_m, offset_m);
      max_offset_m = std::max(max_offset_m, offset_m);
      worst_m = std::max(worst_m, geo::geodesic_distance_m(geo::wgs84_from_gcj02(g), w));
    }
  EXPECT_LT(worst_m, 1e-3);
  EXPECT_GT(min_offset_m, 250.0);
  EXPECT_LT(max_offset_m, 650.0);
}

// wandergis/coordtransform README.md: gcj02tobd09(116.404, 39.915) and bd09togcj02(116.404,
// 39.915).
TEST(WebDatum, Bd09PairMatchesCoordtransformReadme) {
  expect_at(geo::bd09_from_gcj02({116.404, 39.915}), 116.41036949371029, 39.92133699351021);
  expect_at(geo::gcj02_from_bd09({116.404, 39.915}), 116.39762729119315, 39.90865673957631);
}

// Baidu's published inverse is approximate; the exact one undoes the forward to < 1 mm, and
// WGS 84 -> BD-09 -> WGS 84 comes back within 0.1 m.
TEST(WebDatum, Bd09ExactInverseAndRoundTrip) {
  const LonLat g{106.55, 29.56};
  const LonLat b = geo::bd09_from_gcj02(g);
  EXPECT_LT(geo::geodesic_distance_m(geo::gcj02_from_bd09_exact(b), g), 1e-3);
  const double approx_m = geo::geodesic_distance_m(geo::gcj02_from_bd09(b), g);
  EXPECT_GT(approx_m, 1e-3);  // the published inverse is not exact...
  EXPECT_LT(approx_m, 1.0);   // ...but close
  const LonLat w{107.8, 30.9};
  const LonLat shown = geo::from_wgs84(geo::WebDatum::Bd09, w);
  EXPECT_GT(geo::geodesic_distance_m(shown, w), 500.0);  // GCJ-02 plus Baidu's ~0.006°
  EXPECT_LT(geo::geodesic_distance_m(geo::to_wgs84(geo::WebDatum::Bd09, shown), w), 0.1);
}

// Outside the out_of_china rectangle nothing moves (Tokyo, Paris, the equator off Africa).
TEST(WebDatum, IdentityOutsideChina) {
  for (const LonLat p : {LonLat{139.7, 35.7}, LonLat{2.35, 48.85}, LonLat{10.0, 0.0}}) {
    expect_at(geo::gcj02_from_wgs84(p), p.lon, p.lat, 0.0);
    expect_at(geo::wgs84_from_gcj02(p), p.lon, p.lat, 0.0);
    expect_at(geo::to_wgs84(geo::WebDatum::Bd09, p), p.lon, p.lat, 0.0);
  }
  EXPECT_TRUE(geo::outside_china(72.0, 30.0));
  EXPECT_FALSE(geo::outside_china(72.01, 30.0));
  EXPECT_TRUE(geo::outside_china(106.5, 55.83));
}

TEST(WebDatum, ParsesNamesAndRejectsOthers) {
  EXPECT_EQ(geo::parse_web_datum("gcj02", "--datum"), geo::WebDatum::Gcj02);
  EXPECT_EQ(geo::parse_web_datum("GCJ-02", "--datum"), geo::WebDatum::Gcj02);
  EXPECT_EQ(geo::parse_web_datum("bd09", "--datum"), geo::WebDatum::Bd09);
  EXPECT_EQ(geo::parse_web_datum("none", "--datum"), geo::WebDatum::None);
  try {
    geo::parse_web_datum("wgs-02", "offset");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.message(),
              "offset must be gcj02 (AMap, Tencent), bd09 (Baidu) or none, not 'wgs-02'");
  }
  EXPECT_STREQ(geo::display_name(geo::WebDatum::Gcj02), "GCJ-02");
  EXPECT_STREQ(geo::to_string(geo::WebDatum::Bd09), "bd09");
}

// Ellipsoidal (statutory) areas against hand-worked values: the closed-form area of a lon/lat
// quadrangle on the CGCS2000 ellipsoid, and the Gauss-Kruger areal scale factor series.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/ellipsoid.hpp"
#include "hubland/geo/wkb.hpp"

using namespace hubland;
using geo::EllipsoidalMethod;

namespace {

constexpr int kZone108 = 4545;  // CGCS2000 3-degree GK CM 108°E, the city's working CRS
constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180.0;
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257222101;
const double kE2 = kF * (2.0 - kF);
const double kE = std::sqrt(kE2);

/// Authalic q-function of an ellipsoid of revolution (Snyder, Map Projections, eq. 3-12).
double q_authalic(double lat_deg) {
  const double s = std::sin(lat_deg * kRad);
  return (1.0 - kE2) *
         (s / (1.0 - kE2 * s * s) - std::log((1.0 - kE * s) / (1.0 + kE * s)) / (2.0 * kE));
}

/// Exact ellipsoidal area between two parallels over a longitude span: a²/2 · Δλ · Δq.
double quadrangle_area_m2(double lon1, double lon2, double lat1, double lat2) {
  return kA * kA / 2.0 * (lon2 - lon1) * kRad * (q_authalic(lat2) - q_authalic(lat1));
}

/// Ring (lon/lat degrees) of the quadrangle, every edge densified in `steps` pieces, so that
/// the geodesic chords follow the parallels (parallels are not geodesics).
std::vector<geo::XY> quadrangle_ring(double lon1, double lon2, double lat1, double lat2,
                                     int steps) {
  std::vector<geo::XY> ring;
  auto at = [](double a, double b, int i, int n) { return a + (b - a) * i / n; };
  for (int i = 0; i < steps; ++i) ring.push_back({at(lon1, lon2, i, steps), lat1});
  for (int i = 0; i < steps; ++i) ring.push_back({lon2, at(lat1, lat2, i, steps)});
  for (int i = 0; i < steps; ++i) ring.push_back({at(lon2, lon1, i, steps), lat2});
  for (int i = 0; i < steps; ++i) ring.push_back({lon1, at(lat2, lat1, i, steps)});
  ring.push_back(ring.front());
  return ring;
}

/// Lon/lat ring -> EPSG:4545 metres.
std::vector<geo::XY> to_zone(std::vector<geo::XY> ring) {
  geo::Transformer t("EPSG:4490", "EPSG:4545");
  for (auto& p : ring) t.transform(p.x, p.y);
  return ring;
}

void write_polygon(geo::WkbWriter& w, const std::vector<std::vector<geo::XY>>& rings) {
  w.header(geo::WkbType::Polygon);
  w.count(static_cast<std::uint32_t>(rings.size()));
  for (const auto& ring : rings) {
    w.count(static_cast<std::uint32_t>(ring.size()));
    for (const auto& p : ring) w.xy(p.x, p.y);
  }
}

geo::Wkb polygon_wkb(const std::vector<std::vector<geo::XY>>& rings) {
  geo::WkbWriter w;
  write_polygon(w, rings);
  return w.take();
}

/// Axis-aligned square (side in metres) centred on the projected image of (lon, lat).
std::vector<geo::XY> square_at(double lon, double lat, double side_m) {
  geo::Transformer t("EPSG:4490", "EPSG:4545");
  double x = lon, y = lat;
  t.transform(x, y);
  const double h = side_m / 2;
  return {{x - h, y - h}, {x + h, y - h}, {x + h, y + h}, {x - h, y + h}, {x - h, y - h}};
}

double area1(const geo::Wkb& wkb, EllipsoidalMethod method) {
  return geo::ellipsoidal_areas_m2({wkb}, kZone108, 1, method).at(0);
}

/// Parcels of 6-10 vertices, 30-150 m across, scattered over Chongqing (105.3-110.2°E).
std::vector<geo::Wkb> parcels(std::size_t n) {
  std::mt19937 rng(20261130);
  std::uniform_real_distribution<double> lon(105.3, 110.2), lat(28.2, 32.2), r(30, 150),
      jitter(0.6, 1.0);
  geo::Transformer t("EPSG:4490", "EPSG:4545");
  std::vector<geo::Wkb> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double cx = lon(rng), cy = lat(rng);
    t.transform(cx, cy);
    const int k = 6 + static_cast<int>(i % 5);
    const double radius = r(rng);
    std::vector<geo::XY> ring;
    for (int j = 0; j < k; ++j) {
      const double a = 2 * kPi * j / k, rr = radius * jitter(rng);
      ring.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
    }
    ring.push_back(ring.front());
    out.push_back(polygon_wkb({ring}));
  }
  return out;
}

}  // namespace

// A 0.01° × 0.01° quadrangle (~0.97 km × 1.11 km) against the closed form, at three
// longitudes of the city; observed: geodesic -3.8e-12 relative, scale factor +1.9e-9.
TEST(Ellipsoid, QuadrangleMatchesClosedForm) {
  for (double lon1 : {105.3, 106.0, 110.2}) {
    const double lon2 = lon1 + 0.01, lat1 = 29.50, lat2 = 29.51;
    const double expected = quadrangle_area_m2(lon1, lon2, lat1, lat2);
    // Hand check of the closed form: ~ (0.01° of parallel at 29.505°N) × (0.01° of meridian).
    EXPECT_NEAR(expected, 969.6 * 1108.4, 2000.0) << lon1;
    const geo::Wkb wkb = polygon_wkb({to_zone(quadrangle_ring(lon1, lon2, lat1, lat2, 100))});
    for (auto method : {EllipsoidalMethod::Geodesic, EllipsoidalMethod::ScaleFactor}) {
      const double got = area1(wkb, method);
      const double rel = got / expected - 1.0;
      std::printf("quadrangle %.2f°E %s: closed form %.4f m², got %.4f m², diff %.2e %%\n", lon1,
                  method == EllipsoidalMethod::Geodesic ? "geodesic" : "scale factor", expected,
                  got, rel * 100);
      EXPECT_LT(std::fabs(rel), 1e-4) << lon1;  // the 0.01 % requirement
      EXPECT_LT(std::fabs(rel), 1e-7) << lon1;  // what both methods actually reach
    }
  }
}

// Planar / ellipsoidal for a 100 m square at 29.5°N: the GK areal scale factor
// m² = (1 + ½ l²cos²B (1+η²) + l⁴cos⁴B (5−4t²)/24)², l = longitude from 108°E.
TEST(Ellipsoid, PlanarExcessOfHundredMetreSquare) {
  struct Case {
    double lon, stated_pct;
  };
  for (const Case c : {Case{105.3, 0.17}, Case{106.0, 0.09}, Case{110.2, 0.11}}) {
    const double lat = 29.5;
    const double l = (c.lon - 108.0) * kRad, cb = std::cos(lat * kRad), t = std::tan(lat * kRad);
    const double eta2 = kE2 / (1 - kE2) * cb * cb;
    const double m =
        1 + 0.5 * l * l * cb * cb * (1 + eta2) + std::pow(l * cb, 4) * (5 - 4 * t * t) / 24.0;
    const double series_pct = (m * m - 1) * 100;
    const geo::Wkb wkb = polygon_wkb({square_at(c.lon, lat, 100.0)});
    for (auto method : {EllipsoidalMethod::Geodesic, EllipsoidalMethod::ScaleFactor}) {
      const double excess_pct = (10000.0 / area1(wkb, method) - 1) * 100;
      std::printf("100 m square %.1f°E %s: planar excess %.4f %% (series %.4f %%)\n", c.lon,
                  method == EllipsoidalMethod::Geodesic ? "geodesic" : "scale factor", excess_pct,
                  series_pct);
      EXPECT_NEAR(excess_pct, c.stated_pct, 0.01) << c.lon;
      EXPECT_NEAR(excess_pct, series_pct, 0.001) << c.lon;
    }
  }
}

TEST(Ellipsoid, HoleSubtractsAndMultipolygonPartsAdd) {
  const auto outer = square_at(106.0, 29.5, 100.0);
  const auto hole_big = square_at(106.0, 29.5, 20.0);
  std::vector<geo::XY> hole(hole_big.rbegin(), hole_big.rend());  // holes run clockwise
  const geo::Wkb with_hole = polygon_wkb({outer, hole});
  const geo::Wkb far = polygon_wkb({square_at(110.2, 29.5, 100.0)});
  geo::WkbWriter mw;
  mw.header(geo::WkbType::MultiPolygon);
  mw.count(2);
  write_polygon(mw, {outer, hole});
  write_polygon(mw, {square_at(110.2, 29.5, 100.0)});
  const geo::Wkb multi = mw.take();

  for (auto method : {EllipsoidalMethod::Geodesic, EllipsoidalMethod::ScaleFactor}) {
    const auto a = geo::ellipsoidal_areas_m2(
        {with_hole, polygon_wkb({outer}), polygon_wkb({hole}), far, multi}, kZone108, 1, method);
    // 9600 m² planar at 106.0°E shrinks by the factor 1.000928 of the test above.
    EXPECT_NEAR(a[0], 9600.0 / 1.000928, 0.01);
    EXPECT_NEAR(a[0], a[1] - a[2], 1e-6);
    EXPECT_NEAR(a[3], 10000.0 / 1.001123, 0.01);  // 110.2°E
    EXPECT_NEAR(a[4], a[0] + a[3], 1e-6);
  }
}

TEST(Ellipsoid, EmptyInputIsMissing) {
  geo::WkbWriter w;
  w.header(geo::WkbType::Polygon);
  w.count(0);  // POLYGON EMPTY
  const auto a = geo::ellipsoidal_areas_m2({geo::Wkb{}, w.take()}, kZone108, 1);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_TRUE(std::isnan(a[0]));
  EXPECT_TRUE(std::isnan(a[1]));
  EXPECT_TRUE(geo::ellipsoidal_areas_m2({}, kZone108, 2).empty());
}

TEST(Ellipsoid, MalformedOrNonPolygonalWkbNamesTheFeature) {
  geo::Wkb good = polygon_wkb({square_at(106.0, 29.5, 100.0)});
  geo::Wkb truncated(good.begin(), good.begin() + 20);
  try {
    geo::ellipsoidal_areas_m2({good, truncated}, kZone108, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry);
    EXPECT_NE(e.message().find("malformed WKB"), std::string::npos) << e.message();
    EXPECT_EQ(e.where().feature, "1");
  }
  geo::WkbWriter pw;
  pw.header(geo::WkbType::Point);
  pw.xy(500000, 3300000);
  try {
    geo::ellipsoidal_areas_m2({pw.take()}, kZone108, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry);
    EXPECT_NE(e.message().find("not a polygon"), std::string::npos) << e.message();
    EXPECT_EQ(e.where().feature, "0");
  }
}

TEST(Ellipsoid, GeographicOrUnknownCrsIsRejected) {
  const std::vector<geo::Wkb> one{polygon_wkb({square_at(106.0, 29.5, 100.0)})};
  try {
    geo::ellipsoidal_areas_m2(one, 4490, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Crs);
    EXPECT_NE(e.message().find("not a projected CRS"), std::string::npos) << e.message();
  }
  try {
    geo::ellipsoidal_areas_m2(one, 999999, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Crs);
    EXPECT_NE(e.message().find("EPSG:999999"), std::string::npos) << e.message();
  }
}

TEST(Ellipsoid, SameResultsForOneAndTwoThreads) {
  const auto polys = parcels(3000);
  for (auto method : {EllipsoidalMethod::Geodesic, EllipsoidalMethod::ScaleFactor}) {
    const auto one = geo::ellipsoidal_areas_m2(polys, kZone108, 1, method);
    const auto two = geo::ellipsoidal_areas_m2(polys, kZone108, 2, method);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], two[i]) << i;  // bitwise
  }
  // The batch API without a method is the geodesic one (the header says so).
  EXPECT_EQ(geo::ellipsoidal_areas_m2(polys, kZone108, 2),
            geo::ellipsoidal_areas_m2(polys, kZone108, 1, EllipsoidalMethod::Geodesic));
}

// 100k parcels: the fast path agrees with the geodesic reference; prints the throughput.
TEST(Ellipsoid, ScaleFactorAgreesWithGeodesicOnHundredThousandParcels) {
  const auto polys = parcels(100000);
  std::size_t vertices = 0;
  for (const auto& p : polys) vertices += (p.size() - 13) / 16 - 1;  // header + counts; closing
  auto timed = [&](EllipsoidalMethod method, int threads, std::vector<double>& out) {
    // Wall time and process CPU time: on a loaded machine the CPU time is the fairer cost.
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    out = geo::ellipsoidal_areas_m2(polys, kZone108, threads, method);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "%s, %d thread(s): wall %.3f s (%.0f polygons/s, %.3f µs/vertex), cpu %.3f s "
        "(%.3f µs/vertex)\n",
        method == EllipsoidalMethod::Geodesic ? "geodesic" : "scale factor", threads, s,
        polys.size() / s, s * 1e6 / vertices, cpu, cpu * 1e6 / vertices);
  };
  std::vector<double> geodesic, fast, fast2;
  timed(EllipsoidalMethod::Geodesic, 1, geodesic);
  timed(EllipsoidalMethod::ScaleFactor, 1, fast);
  timed(EllipsoidalMethod::ScaleFactor, 2, fast2);
  EXPECT_EQ(fast, fast2);
  double worst = 0;
  for (std::size_t i = 0; i < polys.size(); ++i) {
    ASSERT_GT(geodesic[i], 800.0) << i;  // every radius ≥ 18 m: a hexagon ≥ 842 m²
    worst = std::max(worst, std::fabs(fast[i] / geodesic[i] - 1));
  }
  std::printf("worst relative difference scale factor vs geodesic: %.2e\n", worst);
  EXPECT_LT(worst, 1e-7);
}

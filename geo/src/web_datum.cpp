#include "hubland/geo/web_datum.hpp"

#include <geodesic.h>

#include <cctype>
#include <cmath>
#include <cstdio>

#include "hubland/error.hpp"

namespace hubland::geo {

namespace {

constexpr double kPi = 3.14159265358979323846;
// The constants every published implementation uses (Krasovsky 1940 ellipsoid; Baidu's x_pi).
constexpr double kKrasovskyA_m = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
constexpr double kXPi = kPi * 3000.0 / 180.0;
// Iteration stops below this step: 1e-9° is about 0.1 mm on the ground.
constexpr double kStepTolerance_deg = 1e-9;

double offset_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offset_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

[[noreturn]] void not_converged(const char* what, LonLat p) {
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "%s inverse did not converge in %d iterations at lon %.9f lat %.9f", what,
                kMaxInverseIterations, p.lon, p.lat);
  throw Error(ErrorKind::Geometry, buf);
}

// Solves forward(w) = target for w by the fixed-point iteration w += target - forward(w); the
// forward maps are the identity plus a small, slowly varying shift, so this contracts fast.
template <class Forward>
LonLat invert(LonLat target, LonLat start, Forward forward, const char* what) {
  LonLat w = start;
  for (int i = 0; i < kMaxInverseIterations; ++i) {
    const LonLat f = forward(w);
    const double dlon = target.lon - f.lon, dlat = target.lat - f.lat;
    w.lon += dlon;
    w.lat += dlat;
    if (std::abs(dlon) < kStepTolerance_deg && std::abs(dlat) < kStepTolerance_deg) return w;
  }
  not_converged(what, target);
}

}  // namespace

WebDatum parse_web_datum(const std::string& text, const std::string& what) {
  std::string t;
  for (char c : text)
    if (c != '-' && c != '_') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "none" || t == "wgs84") return WebDatum::None;
  if (t == "gcj02") return WebDatum::Gcj02;
  if (t == "bd09") return WebDatum::Bd09;
  throw Error(ErrorKind::BadInput,
              what + " must be gcj02 (AMap, Tencent), bd09 (Baidu) or none, not '" + text + "'");
}

const char* to_string(WebDatum d) noexcept {
  switch (d) {
    case WebDatum::Gcj02:
      return "gcj02";
    case WebDatum::Bd09:
      return "bd09";
    case WebDatum::None:
      break;
  }
  return "none";
}

const char* display_name(WebDatum d) noexcept {
  switch (d) {
    case WebDatum::Gcj02:
      return "GCJ-02";
    case WebDatum::Bd09:
      return "BD-09";
    case WebDatum::None:
      break;
  }
  return "WGS 84";
}

bool outside_china(double lon_deg, double lat_deg) noexcept {
  return lon_deg < 72.004 || lon_deg > 137.8347 || lat_deg < 0.8293 || lat_deg > 55.8271;
}

LonLat gcj02_from_wgs84(LonLat wgs) noexcept {
  if (outside_china(wgs.lon, wgs.lat)) return wgs;
  double dlat = offset_lat(wgs.lon - 105.0, wgs.lat - 35.0);
  double dlon = offset_lon(wgs.lon - 105.0, wgs.lat - 35.0);
  const double rad_lat = wgs.lat / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1 - kKrasovskyEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kKrasovskyA_m * (1 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kKrasovskyA_m / sqrt_magic * std::cos(rad_lat) * kPi);
  return {wgs.lon + dlon, wgs.lat + dlat};
}

LonLat wgs84_from_gcj02(LonLat gcj) {
  if (outside_china(gcj.lon, gcj.lat)) return gcj;
  return invert(gcj, gcj, gcj02_from_wgs84, "GCJ-02");
}

LonLat bd09_from_gcj02(LonLat gcj) noexcept {
  if (outside_china(gcj.lon, gcj.lat)) return gcj;
  const double x = gcj.lon, y = gcj.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat gcj02_from_bd09(LonLat bd) noexcept {
  if (outside_china(bd.lon, bd.lat)) return bd;
  const double x = bd.lon - 0.0065, y = bd.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

LonLat gcj02_from_bd09_exact(LonLat bd) {
  if (outside_china(bd.lon, bd.lat)) return bd;
  return invert(bd, gcj02_from_bd09(bd), bd09_from_gcj02, "BD-09");
}

LonLat to_wgs84(WebDatum from, LonLat p) {
  switch (from) {
    case WebDatum::Gcj02:
      return wgs84_from_gcj02(p);
    case WebDatum::Bd09:
      return wgs84_from_gcj02(gcj02_from_bd09_exact(p));
    case WebDatum::None:
      break;
  }
  return p;
}

void to_wgs84(WebDatum from, double* xs, double* ys, std::size_t n) {
  if (from == WebDatum::None) return;
  for (std::size_t i = 0; i < n; ++i) {
    const LonLat w = to_wgs84(from, {xs[i], ys[i]});
    xs[i] = w.lon;
    ys[i] = w.lat;
  }
}

LonLat from_wgs84(WebDatum to, LonLat p) noexcept {
  switch (to) {
    case WebDatum::Gcj02:
      return gcj02_from_wgs84(p);
    case WebDatum::Bd09:
      return bd09_from_gcj02(gcj02_from_wgs84(p));
    case WebDatum::None:
      break;
  }
  return p;
}

double geodesic_distance_m(LonLat a, LonLat b) noexcept {
  geod_geodesic g{};
  geod_init(&g, 6378137.0, 1.0 / 298.257223563);  // WGS 84
  double s12 = 0;
  geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s12, nullptr, nullptr);
  return s12;
}

}  // namespace hubland::geo

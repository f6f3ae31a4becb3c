#pragma once
// Web-map offsets: GCJ-02 (AMap, Tencent, Google's China maps) and BD-09 (Baidu).
//
// Chinese web maps publish longitude/latitude shifted from WGS 84 by a non-linear, deliberately
// undocumented offset; data digitised on them sits 300-600 m off in Chongqing. The forward
// formula is the one every open implementation shares (docs/domain-sources.md §18); there is
// no closed-form inverse, so the inverse is found by iteration.
//
// Contract:
//  - Coordinates are degrees in GIS order (x = longitude, y = latitude), WGS 84 on one side;
//    CGCS2000 differs from WGS 84 by centimetres, so the same formulas serve both.
//  - gcj02_from_wgs84 — the published forward formula: Krasovsky ellipsoid a = 6378245 m,
//    e² = 0.00669342162296594323, offsets from the polynomial/sine series in (lon-105, lat-35).
//  - wgs84_from_gcj02 — the inverse by fixed-point iteration w ← w + (g − F(w)) from w = g,
//    stopping when the step is below 1e-9 degree (about 0.1 mm, far inside the promised
//    < 0.1 m). The map is a small perturbation of the identity, so 2-4 steps suffice in China;
//    after kMaxInverseIterations it throws Error(Geometry) "GCJ-02 inverse did not converge"
//    with the point, rather than return a guess.
//  - bd09_from_gcj02 / gcj02_from_bd09 — Baidu's published pair (x_pi = π·3000/180, shifts
//    0.0065°, 0.006°). They are not exact inverses of each other (about 1e-6° ≈ 0.1 m); to
//    undo BD-09 exactly, gcj02_from_bd09_exact iterates the forward one like the GCJ inverse.
//  - Outside China the offset is not applied: every transform is the identity when the point
//    lies outside the box 72.004..137.8347°E, 0.8293..55.8271°N (the "out_of_china" test all
//    implementations share; it is a rectangle, so it includes parts of neighbouring countries
//    where web maps are not shifted — a known limitation of the published algorithm).
//  - None of these functions allocate; they are safe to call from any number of threads.

#include <cstddef>
#include <string>

namespace hubland::geo {

enum class WebDatum { None, Gcj02, Bd09 };

/// "none", "gcj02", "bd09" (case-insensitive; "gcj-02", "bd-09" too). Throws Error(BadInput)
/// naming `what` (e.g. "--datum" or "offset") and listing the accepted values otherwise.
WebDatum parse_web_datum(const std::string& text, const std::string& what);
/// "none", "gcj02", "bd09".
const char* to_string(WebDatum d) noexcept;
/// "GCJ-02", "BD-09", "WGS 84" — as people write them.
const char* display_name(WebDatum d) noexcept;

struct LonLat {
  double lon = 0;
  double lat = 0;
};

inline constexpr int kMaxInverseIterations = 30;

/// True outside the rectangle where web maps apply the offset (see the contract).
bool outside_china(double lon_deg, double lat_deg) noexcept;

LonLat gcj02_from_wgs84(LonLat wgs) noexcept;
/// Iterative inverse of gcj02_from_wgs84, better than 0.1 m; throws when it does not converge.
LonLat wgs84_from_gcj02(LonLat gcj);
LonLat bd09_from_gcj02(LonLat gcj) noexcept;
/// Baidu's published (approximate, ~0.1 m) inverse.
LonLat gcj02_from_bd09(LonLat bd) noexcept;
/// Exact inverse of bd09_from_gcj02 by iteration; throws when it does not converge.
LonLat gcj02_from_bd09_exact(LonLat bd);

/// WGS 84 position of a point given in `from` (identity for WebDatum::None).
LonLat to_wgs84(WebDatum from, LonLat p);
/// Every point of the arrays (lon in xs, lat in ys) to WGS 84, in place.
void to_wgs84(WebDatum from, double* xs, double* ys, std::size_t n);
/// The point as the web map `to` shows it (identity for WebDatum::None).
LonLat from_wgs84(WebDatum to, LonLat p) noexcept;

/// Geodesic distance in metres on the WGS 84 ellipsoid (PROJ's geod_inverse, Karney).
double geodesic_distance_m(LonLat a, LonLat b) noexcept;

}  // namespace hubland::geo

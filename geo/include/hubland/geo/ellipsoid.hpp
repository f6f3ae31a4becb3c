#pragma once
// The statutory ellipsoidal area (椭球面积) of polygons given in a projected working CRS.
//
// Land statistics and construction-land quotas count the area on the CGCS2000 ellipsoid
// (a = 6378137 m, 1/f = 298.257222101), not the planar Gauss-Kruger area: a conformal
// projection enlarges areas by the areal scale factor k², about +0.17 % at 2.7° from the
// central meridian at 29.5°N (docs/domain-sources.md §13).
//
// ellipsoidal_areas_m2 — contract:
//  - Takes: polygons as WKB (Polygon, MultiPolygon, or a GeometryCollection of them; any byte
//    order; Z/M dropped) in the projected CRS `working_epsg`, coordinates in metres, e.g. the
//    CGCS2000 3-degree Gauss-Kruger zones EPSG 4534..4554. Rings are taken as given (closed or
//    not, either orientation): each outer ring adds its area, each hole subtracts its area;
//    the parts of a multipolygon add. Validity is not checked (overlapping parts count twice).
//  - Returns: one area in m² per input, in input order; NaN (geo::kMissing) for empty WKB (no
//    bytes) and for an empty polygonal geometry (POLYGON EMPTY, MULTIPOLYGON EMPTY).
//  - Throws hubland::Error:
//      ErrorKind::Crs — `working_epsg` unknown to PROJ, not a projected CRS, not in metres, or
//        a vertex PROJ cannot take to CGCS2000 geographic (EPSG:4490);
//      ErrorKind::Geometry — malformed WKB ("malformed WKB: ..." with the codec's reason) or a
//        non-polygonal geometry (point, line); Where::feature is the index in `polygons`.
//    With several failures the one of the lowest index range is thrown (see parallel.hpp).
//  - Threads: `threads` as in resolve_threads (0 = hardware concurrency); each worker owns its
//    PROJ context and objects; every result depends on its polygon only, so results are
//    bit-identical for any thread count.
//
// Methods:
//  - Geodesic: every vertex goes back to CGCS2000 geographic (EPSG:4490) with PROJ; each ring's
//    area is that of the geodesic polygon through those vertices (PROJ's geodesic.h,
//    geod_polygonarea, Karney's algorithm). Its round-off is absolute, about 1e-4 m² per
//    polygon (each edge's term is measured from the equator), so ~1e-7 of a 1000 m² parcel.
//    Edges become geodesics, not the images of the straight Gauss-Kruger edges; for edges up
//    to 1 km in a 3° zone the two differ by under 1e-8 of the area.
//  - ScaleFactor: each ring's planar area divided by PROJ's areal scale factor (proj_factors,
//    k² of the conformal projection) at the ring's centroid. k² varies over a ring, so the
//    error is second order in ring size over the distance from the central meridian: 2e-9
//    for a 1 km × 1 km quadrangle 2.7° off the meridian (test_ellipsoid.cpp).
//  - The batch API ellipsoidal_areas_m2(polygons, epsg, threads) uses Geodesic: exact for any
//    polygon size (district boundaries too), and within the 1.5 µs per vertex budget in CPU
//    time. Measured on 100k parcels of 6-10 vertices, one thread, 2 cores shared with two
//    other builds (load 10-16), two runs: Geodesic 1.16-1.31 µs CPU per vertex (2.6-3.3 µs
//    wall, 38-48k polygons/s), ScaleFactor 0.17-0.28 µs CPU per vertex (0.4-0.75 µs wall,
//    170-290k polygons/s); test_ellipsoid.cpp prints these figures on every run.
//    The two agree within 1e-7 relative (5e-8 observed: the Geodesic's round-off). Ask for
//    ScaleFactor where 4-7x the throughput matters more than exactness beyond ~10 km.

#include <vector>

#include "hubland/geo/geos.hpp"

namespace hubland::geo {

/// CGCS2000 ellipsoid (the same as GRS 1980 to 0.1 mm in the semi-minor axis).
inline constexpr double kCgcs2000SemiMajor_m = 6378137.0;
inline constexpr double kCgcs2000InverseFlattening = 298.257222101;

enum class EllipsoidalMethod {
  Geodesic,     ///< vertices to EPSG:4490, geodesic polygon area (exact reference)
  ScaleFactor,  ///< planar area / areal scale factor at each ring's centroid (fast)
};

/// Ellipsoidal areas (m²) of `polygons` in projected CRS `working_epsg`, by `method`; contract
/// above.
std::vector<double> ellipsoidal_areas_m2(const std::vector<Wkb>& polygons, int working_epsg,
                                         int threads, EllipsoidalMethod method);

/// The same with the method the engine uses for land statistics (Geodesic, see above).
std::vector<double> ellipsoidal_areas_m2(const std::vector<Wkb>& polygons, int working_epsg,
                                         int threads);

}  // namespace hubland::geo

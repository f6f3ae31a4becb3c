#pragma once
// Internal: planar measures on decoded WKB coordinates (see hubland/geo/wkb.hpp) for the
// overlay's hot loop: areas, centroids and point distances without a GEOS round trip.

#include <vector>

#include "hubland/geo/wkb.hpp"

namespace hubland::geo::detail {

using geo::Polygon;
using geo::Ring;
using geo::XY;

/// Area-weighted centroid of polygons (holes subtract); the first vertex when degenerate.
XY centroid(const std::vector<Polygon>& polygons);
/// The polygons as convex counter-clockwise rings (closing vertex dropped) when every part is
/// a convex polygon without holes; false otherwise (then `out` is unspecified).
bool convex_parts(const std::vector<Polygon>& polygons, std::vector<Ring>& out);
/// Parts with more vertices than this are not taken as convex (convex_parts returns false).
inline constexpr std::size_t kMaxConvexClipVertices = 1024;
/// Area of polygon ∩ convex ring (Sutherland–Hodgman: exact for any simple subject ring
/// clipped by a convex one; holes are clipped and subtracted). `scratch` avoids allocations.
double clipped_area(const Polygon& subject, const Ring& convex_ccw, std::vector<XY>& scratch_a,
                    std::vector<XY>& scratch_b);

/// Distance from p to the polygons: 0 inside (or on the boundary), else to the nearest edge.
double distance(const std::vector<Polygon>& polygons, XY p);

}  // namespace hubland::geo::detail

#pragma once
// Internal: a minimal WKB coordinate reader for the overlay's hot loop (areas, centroids and
// point distances without a GEOS round trip). Handles ISO and EWKB 2D/Z/M/ZM, both byte orders.
// Throws hubland::Error(Geometry) on truncated or unknown input.

#include <cstdint>
#include <vector>

#include "hubland/geo/geos.hpp"

namespace hubland::geo::detail {

struct XY {
  double x = 0, y = 0;
};
using Ring = std::vector<XY>;
using Polygon = std::vector<Ring>;  ///< outer ring first

/// Everything of a geometry, flattened: polygons (polygonal input), lines (lineal input),
/// points (puntal input). Collections contribute their members.
struct Shapes {
  std::vector<Polygon> polygons;
  std::vector<std::vector<XY>> lines;
  std::vector<XY> points;
};

Shapes read_wkb(const std::uint8_t* data, std::size_t size);
inline Shapes read_wkb(const Wkb& wkb) {
  return read_wkb(wkb.data(), wkb.size());
}

/// Area-weighted centroid of polygons (holes subtract); the first vertex when degenerate.
XY centroid(const std::vector<Polygon>& polygons);
/// The polygons as convex counter-clockwise rings (closing vertex dropped) when every part is
/// a convex polygon without holes; false otherwise (then `out` is unspecified).
bool convex_parts(const std::vector<Polygon>& polygons, std::vector<Ring>& out);
/// Area of polygon ∩ convex ring (Sutherland–Hodgman: exact for any simple subject ring
/// clipped by a convex one; holes are clipped and subtracted). `scratch` avoids allocations.
double clipped_area(const Polygon& subject, const Ring& convex_ccw, std::vector<XY>& scratch_a,
                    std::vector<XY>& scratch_b);

/// Distance from p to the polygons: 0 inside (or on the boundary), else to the nearest edge.
double distance(const std::vector<Polygon>& polygons, XY p);

}  // namespace hubland::geo::detail

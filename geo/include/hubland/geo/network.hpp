#pragma once
// RoadNetwork — travel times over a road network, for hub catchments by road.
//
// Model (all in the projected working CRS, metres and minutes):
//  - Every vertex of every road line is a node; consecutive vertices are joined by an edge
//    travelled in both directions at the road's speed (km/h). Vertices that coincide after
//    rounding to `snap_m` (default 1 cm) are one node, so roads connect only where they share a
//    vertex — crossings without a shared vertex (bridges, interchanges) do not connect.
//  - A point off the network reaches its nearest node in a straight line at the access speed.
//  - Node ids are canonical (sorted by coordinates), so results do not depend on the order of
//    the road features.
// Failure: Error(Geometry) for malformed WKB or a non-lineal road; Error(BadInput) for a speed
// that is not positive.

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/geo/geos.hpp"

namespace hubland::geo {

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

class RoadNetwork {
 public:
  /// lines: LineString / MultiLineString WKB; speeds_kmh: one per line (> 0).
  RoadNetwork(const std::vector<Wkb>& lines, const std::vector<double>& speeds_kmh,
              double snap_m = 0.01);

  std::size_t node_count() const noexcept { return m_x.size(); }
  std::size_t edge_count() const noexcept { return m_edge_to.size() / 2; }
  double node_x(std::uint32_t n) const { return m_x.at(n); }
  double node_y(std::uint32_t n) const { return m_y.at(n); }

  struct Nearest {
    std::uint32_t node = 0;
    double dist_m = 0;
  };
  /// The node nearest to (x, y) (the lowest id among equally near ones); nullopt without nodes.
  std::optional<Nearest> nearest_node(double x, double y) const;

  /// Minutes from the nearest of the sources to every node (kUnreachable when not connected).
  /// A source is (node, minutes already spent getting there).
  std::vector<double> travel_minutes(
      const std::vector<std::pair<std::uint32_t, double>>& sources) const;

 private:
  std::vector<double> m_x, m_y;
  // Adjacency in CSR form: edges of node n are m_edge_to/min[m_first[n] .. m_first[n+1]).
  std::vector<std::uint32_t> m_first;
  std::vector<std::uint32_t> m_edge_to;
  std::vector<double> m_edge_min;
  // Uniform grid over the nodes for nearest-node queries.
  double m_cell = 1, m_x0 = 0, m_y0 = 0;
  long m_xmax_cells = 0, m_ymax_cells = 0;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_grid;
  std::uint64_t cell_key(long cx, long cy) const noexcept;
};

/// An isochrone as a set of square cells of side `cell_m` on a grid aligned to multiples of
/// cell_m: a cell is inside when the travel time to its centre (nearest node's minutes + the
/// straight access at access_speed_kmh, or the direct straight line from `origin` at access
/// speed when shorter) is at most `minutes`. Cells are looked for within `search_m` of reached
/// nodes. Returns polygonal WKB (possibly empty: GEOMETRYCOLLECTION EMPTY never, an empty
/// MultiPolygon instead).
struct IsochroneRequest {
  const RoadNetwork* network = nullptr;
  const std::vector<double>* node_minutes = nullptr;
  double origin_x = 0, origin_y = 0;
  std::vector<double> minutes;  ///< thresholds, ascending
  double access_speed_kmh = kDefaultAccessSpeedKmh;
  double cell_m = 200;
  double search_m = 1000;
};
/// One polygon (WKB) per threshold, in the order of `minutes`.
std::vector<Wkb> isochrones(const IsochroneRequest& request);

}  // namespace hubland::geo

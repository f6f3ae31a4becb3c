#pragma once
// Internal: decoded layer geometry (float offsets from an origin, for cache-friendly drawing)
// and a uniform grid over feature envelopes for culling and hit tests.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "hubland/map/map_renderer.hpp"

namespace hubland::map {

enum class PartKind : std::uint8_t { Ring, Line, Point };

class FeatureStore {
 public:
  explicit FeatureStore(const std::vector<geo::Wkb>& wkb);

  struct Part {
    std::uint32_t first_point;
    std::uint32_t point_count;
    PartKind kind;
  };
  struct Feature {
    std::uint32_t first_part;
    std::uint32_t part_count;
    float min_x, min_y, max_x, max_y;  // offsets from the origin, metres
  };

  double origin_x = 0, origin_y = 0;
  std::vector<float> xy;  // x0 y0 x1 y1 ... offsets from the origin
  std::vector<Part> parts;
  std::vector<Feature> features;
  Bounds extent;
  GeometryFamily family = GeometryFamily::Empty;

  // Grid: features bucketed by envelope centre; each cell keeps the union of its features'
  // envelopes, so a query tests cells first, then the features of the cells that intersect.
  int grid_w = 1, grid_h = 1;
  double cell_w = 1, cell_h = 1;          // metres
  double max_half_w = 0, max_half_h = 0;  // largest feature half-envelope, metres
  std::vector<std::uint32_t> cell_start;  // grid_w*grid_h + 1 offsets into cell_features
  std::vector<std::uint32_t> cell_features;
  std::vector<Bounds> cell_bounds;  // absolute metres

  /// The grid column (or row) of a position `cells` cell widths from the grid's edge, clamped to
  /// [0, n). Clamped while still a double: a box far off the grid (a site map zoomed on one
  /// parcel of a city) is billions of cells away, past int; NaN gives 0.
  static int grid_index(double cells, int n) {
    if (!(cells > 0)) return 0;
    return cells >= n - 1 ? n - 1 : static_cast<int>(cells);
  }

  bool has_geometry(std::size_t f) const { return features[f].part_count != 0; }
  Bounds feature_bounds(std::size_t f) const;
  /// Features whose envelope intersects `box`, in cell order (not sorted).
  template <typename Fn>
  void for_each_in(const Bounds& box, Fn&& fn) const {
    if (extent.empty || !extent.intersects(box)) return;
    const float bx0 = float(box.min_x - origin_x), by0 = float(box.min_y - origin_y);
    const float bx1 = float(box.max_x - origin_x), by1 = float(box.max_y - origin_y);
    // A feature is bucketed by its centre, so widen the box by the largest half-envelope.
    const auto cell_range = [](double lo, double hi, double origin, double cell, int n, int& a,
                               int& b) {
      a = grid_index((lo - origin) / cell, n);
      b = grid_index((hi - origin) / cell, n);
    };
    int gx0, gx1, gy0, gy1;
    cell_range(box.min_x - max_half_w, box.max_x + max_half_w, extent.min_x, cell_w, grid_w, gx0,
               gx1);
    cell_range(box.min_y - max_half_h, box.max_y + max_half_h, extent.min_y, cell_h, grid_h, gy0,
               gy1);
    for (int gy = gy0; gy <= gy1; ++gy) {
      for (int gx = gx0; gx <= gx1; ++gx) {
        const std::size_t c = static_cast<std::size_t>(gy) * grid_w + gx;
        if (cell_start[c] == cell_start[c + 1] || !cell_bounds[c].intersects(box)) continue;
        const Bounds& cb = cell_bounds[c];
        const bool inside = cb.min_x >= box.min_x && cb.max_x <= box.max_x &&
                            cb.min_y >= box.min_y && cb.max_y <= box.max_y;
        for (std::uint32_t i = cell_start[c]; i < cell_start[c + 1]; ++i) {
          const std::uint32_t f = cell_features[i];
          const Feature& ft = features[f];
          if (inside || (ft.min_x <= bx1 && bx0 <= ft.max_x && ft.min_y <= by1 && by0 <= ft.max_y))
            fn(f);
        }
      }
    }
  }
  /// Exact test: is (x, y) (absolute metres) on feature f within tolerance?
  bool hits(std::size_t f, double x_m, double y_m, double tolerance_m) const;

 private:
  void decode(std::size_t feature, const std::uint8_t* data, std::size_t size);
  void build_grid();
};

}  // namespace hubland::map

#include "feature_store.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hubland/error.hpp"
#include "hubland/geo/wkb.hpp"

namespace hubland::map {
namespace {

// Drawing needs only the 2D parts, and decoding them directly is several times faster than
// going through GEOS. Coordinates are stored relative to the origin, as floats.
class Decoder : public geo::WkbVisitor {
 public:
  Decoder(FeatureStore& store, double ox, double oy) : m_store(store), m_ox(ox), m_oy(oy) {}
  void point(geo::XY p) override { add(PartKind::Point, std::span<const geo::XY>(&p, 1)); }
  void line(std::span<const geo::XY> pts) override { add(PartKind::Line, pts); }
  void ring(std::span<const geo::XY> pts, std::size_t) override { add(PartKind::Ring, pts); }

 private:
  void add(PartKind kind, std::span<const geo::XY> pts) {
    if (pts.empty()) return;
    m_store.parts.push_back({static_cast<std::uint32_t>(m_store.xy.size() / 2),
                             static_cast<std::uint32_t>(pts.size()), kind});
    for (const geo::XY& p : pts) {
      m_store.xy.push_back(static_cast<float>(p.x - m_ox));
      m_store.xy.push_back(static_cast<float>(p.y - m_oy));
    }
  }
  FeatureStore& m_store;
  double m_ox, m_oy;
};

}  // namespace

FeatureStore::FeatureStore(const std::vector<geo::Wkb>& wkb) {
  for (const auto& g : wkb) {
    try {
      if (g.empty()) continue;
      if (const auto p = geo::first_xy(g.data(), g.size())) {
        origin_x = p->x;
        origin_y = p->y;
        break;
      }
    } catch (const Error&) {
      break;  // reported with its index below
    }
  }
  features.reserve(wkb.size());
  std::size_t total = 0;
  for (const auto& g : wkb) total += g.size();
  xy.reserve(total / 8);
  for (std::size_t f = 0; f < wkb.size(); ++f) decode(f, wkb[f].data(), wkb[f].size());
  build_grid();
}

void FeatureStore::decode(std::size_t f, const std::uint8_t* data, std::size_t size) {
  Feature ft{static_cast<std::uint32_t>(parts.size()), 0, 0, 0, 0, 0};
  if (size > 0) {
    Decoder d(*this, origin_x, origin_y);
    try {
      geo::walk_wkb(data, size, d);
    } catch (const Error& e) {
      throw Error(ErrorKind::Geometry, e.message(), Where{.feature = "#" + std::to_string(f)});
    }
  }
  ft.part_count = static_cast<std::uint32_t>(parts.size()) - ft.first_part;
  if (ft.part_count > 0) {
    float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
    bool poly = false, line = false, point = false;
    for (std::uint32_t p = ft.first_part; p < ft.first_part + ft.part_count; ++p) {
      const Part& part = parts[p];
      poly |= part.kind == PartKind::Ring;
      line |= part.kind == PartKind::Line;
      point |= part.kind == PartKind::Point;
      for (std::uint32_t i = part.first_point; i < part.first_point + part.point_count; ++i) {
        x0 = std::min(x0, xy[2 * i]);
        x1 = std::max(x1, xy[2 * i]);
        y0 = std::min(y0, xy[2 * i + 1]);
        y1 = std::max(y1, xy[2 * i + 1]);
      }
    }
    ft.min_x = x0;
    ft.min_y = y0;
    ft.max_x = x1;
    ft.max_y = y1;
    const GeometryFamily fam = poly   ? GeometryFamily::Polygon
                               : line ? GeometryFamily::Line
                                      : GeometryFamily::Point;
    if (family == GeometryFamily::Empty)
      family = fam;
    else if (family != fam || (poly + line + point) > 1)
      family = GeometryFamily::Mixed;
    extent.expand(origin_x + x0, origin_y + y0);
    extent.expand(origin_x + x1, origin_y + y1);
  }
  features.push_back(ft);
}

Bounds FeatureStore::feature_bounds(std::size_t f) const {
  Bounds b;
  const Feature& ft = features.at(f);
  if (ft.part_count == 0) return b;
  b.expand(origin_x + ft.min_x, origin_y + ft.min_y);
  b.expand(origin_x + ft.max_x, origin_y + ft.max_y);
  return b;
}

void FeatureStore::build_grid() {
  const std::size_t n = features.size();
  // About 8 features per cell, at most 512 x 512 cells: the cell scan stays well under 1 ms.
  const double cells_wanted = std::clamp(static_cast<double>(n) / 8.0, 1.0, 512.0 * 512.0);
  const double w = std::max(extent.width(), 1e-6), h = std::max(extent.height(), 1e-6);
  if (extent.empty) {
    grid_w = grid_h = 1;
  } else {
    const double cell = std::sqrt(w * h / cells_wanted);
    grid_w = std::clamp(static_cast<int>(std::ceil(w / cell)), 1, 512);
    grid_h = std::clamp(static_cast<int>(std::ceil(h / cell)), 1, 512);
  }
  cell_w = w / grid_w;
  cell_h = h / grid_h;
  const std::size_t cells = static_cast<std::size_t>(grid_w) * grid_h;
  std::vector<std::uint32_t> cell_of(n, 0);
  cell_start.assign(cells + 1, 0);
  for (std::size_t f = 0; f < n; ++f) {
    const Feature& ft = features[f];
    if (ft.part_count == 0) continue;
    max_half_w = std::max(max_half_w, 0.5 * (double(ft.max_x) - ft.min_x));
    max_half_h = std::max(max_half_h, 0.5 * (double(ft.max_y) - ft.min_y));
    const double cx = origin_x + 0.5 * (ft.min_x + ft.max_x) - extent.min_x;
    const double cy = origin_y + 0.5 * (ft.min_y + ft.max_y) - extent.min_y;
    const int gx = grid_index(cx / cell_w, grid_w);
    const int gy = grid_index(cy / cell_h, grid_h);
    cell_of[f] = static_cast<std::uint32_t>(gy * grid_w + gx);
    ++cell_start[cell_of[f] + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) cell_start[c + 1] += cell_start[c];
  cell_features.assign(cell_start.back(), 0);
  cell_bounds.assign(cells, Bounds{});
  std::vector<std::uint32_t> fill(cell_start.begin(), cell_start.end() - 1);
  for (std::size_t f = 0; f < n; ++f) {
    if (features[f].part_count == 0) continue;
    cell_features[fill[cell_of[f]]++] = static_cast<std::uint32_t>(f);
    cell_bounds[cell_of[f]].expand(feature_bounds(f));
  }
}

namespace {
double segment_distance2(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
}  // namespace

bool FeatureStore::hits(std::size_t f, double x_m, double y_m, double tolerance_m) const {
  const Feature& ft = features.at(f);
  const double px = x_m - origin_x, py = y_m - origin_y;
  const double tol2 = tolerance_m * tolerance_m;
  bool inside = false;
  for (std::uint32_t p = ft.first_part; p < ft.first_part + ft.part_count; ++p) {
    const Part& part = parts[p];
    const float* v = &xy[2 * part.first_point];
    const std::uint32_t n = part.point_count;
    if (part.kind == PartKind::Point) {
      const double dx = v[0] - px, dy = v[1] - py;
      if (dx * dx + dy * dy <= tol2) return true;
      continue;
    }
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
      if (tol2 > 0 &&
          segment_distance2(px, py, v[2 * i], v[2 * i + 1], v[2 * i + 2], v[2 * i + 3]) <= tol2)
        return true;
    }
    if (part.kind == PartKind::Ring) {
      // Even-odd crossing count over all rings (holes and multipolygon parts alike).
      for (std::uint32_t i = 0, j = n - 1; i < n; j = i++) {
        const double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
        if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

}  // namespace hubland::map

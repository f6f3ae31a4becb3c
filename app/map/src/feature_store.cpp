#include "feature_store.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "hubland/error.hpp"

namespace hubland::map {
namespace {

// Minimal WKB reader (ISO and EWKB, either byte order, Z/M dropped): drawing needs only
// the 2D rings, and reading them directly is several times faster than going through GEOS.
class WkbReader {
 public:
  WkbReader(const std::uint8_t* data, std::size_t size) : m_p(data), m_end(data + size) {}

  std::uint8_t byte() {
    need(1);
    return *m_p++;
  }
  std::uint32_t u32(bool little) {
    need(4);
    std::uint32_t v;
    std::memcpy(&v, m_p, 4);
    m_p += 4;
    return little ? v : __builtin_bswap32(v);
  }
  double f64(bool little) {
    need(8);
    std::uint64_t v;
    std::memcpy(&v, m_p, 8);
    m_p += 8;
    if (!little) v = __builtin_bswap64(v);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  void skip(std::size_t n) {
    need(n);
    m_p += n;
  }

 private:
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(m_end - m_p) < n)
      throw Error(ErrorKind::Geometry, "truncated WKB");
  }
  const std::uint8_t* m_p;
  const std::uint8_t* m_end;
};

struct Decoder {
  FeatureStore& store;
  WkbReader& in;
  double ox, oy;

  void points(PartKind kind, std::uint32_t n, bool little, int extra_dims) {
    FeatureStore::Part part{static_cast<std::uint32_t>(store.xy.size() / 2), n, kind};
    for (std::uint32_t i = 0; i < n; ++i) {
      const double x = in.f64(little), y = in.f64(little);
      in.skip(8 * extra_dims);
      store.xy.push_back(static_cast<float>(x - ox));
      store.xy.push_back(static_cast<float>(y - oy));
    }
    if (n > 0) store.parts.push_back(part);
  }

  void geometry(int depth) {
    if (depth > 8) throw Error(ErrorKind::Geometry, "WKB nested too deep");
    const bool little = in.byte() == 1;
    std::uint32_t type = in.u32(little);
    int extra = 0;
    if (type & 0x80000000u) ++extra;         // EWKB Z
    if (type & 0x40000000u) ++extra;         // EWKB M
    if (type & 0x20000000u) in.u32(little);  // EWKB SRID
    type &= 0x0fffffffu;
    if (type >= 3000)
      extra += 2;
    else if (type >= 1000)
      extra += 1;
    type %= 1000;
    switch (type) {
      case 1: {  // Point
        const double x = in.f64(little), y = in.f64(little);
        in.skip(8 * extra);
        if (std::isnan(x) || std::isnan(y)) return;  // empty point
        store.parts.push_back(
            {static_cast<std::uint32_t>(store.xy.size() / 2), 1, PartKind::Point});
        store.xy.push_back(static_cast<float>(x - ox));
        store.xy.push_back(static_cast<float>(y - oy));
        return;
      }
      case 2:
        points(PartKind::Line, in.u32(little), little, extra);
        return;
      case 3: {
        const std::uint32_t rings = in.u32(little);
        for (std::uint32_t r = 0; r < rings; ++r)
          points(PartKind::Ring, in.u32(little), little, extra);
        return;
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const std::uint32_t n = in.u32(little);
        for (std::uint32_t i = 0; i < n; ++i) geometry(depth + 1);
        return;
      }
      default:
        throw Error(ErrorKind::Geometry, "unsupported WKB geometry type " + std::to_string(type));
    }
  }
};

// The first coordinate of a WKB (for the store's origin); false when there is none.
bool first_xy(const geo::Wkb& wkb, double& x, double& y) {
  if (wkb.empty()) return false;
  WkbReader in(wkb.data(), wkb.size());
  const bool little = in.byte() == 1;
  std::uint32_t type = in.u32(little);
  if (type & 0x20000000u) in.u32(little);
  type = (type & 0x0fffffffu) % 1000;
  if (type == 1) {
    x = in.f64(little);
    y = in.f64(little);
    return !std::isnan(x);
  }
  if (type == 2) {
    if (in.u32(little) == 0) return false;
  } else if (type == 3) {
    if (in.u32(little) == 0 || in.u32(little) == 0) return false;
  } else {
    return false;  // collections: the origin then comes from a later feature or stays 0
  }
  x = in.f64(little);
  y = in.f64(little);
  return true;
}

}  // namespace

FeatureStore::FeatureStore(const std::vector<geo::Wkb>& wkb) {
  for (const auto& g : wkb) {
    try {
      if (first_xy(g, origin_x, origin_y)) break;
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
    WkbReader in(data, size);
    Decoder d{*this, in, origin_x, origin_y};
    try {
      d.geometry(0);
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
    const int gx = std::clamp(static_cast<int>(std::floor(cx / cell_w)), 0, grid_w - 1);
    const int gy = std::clamp(static_cast<int>(std::floor(cy / cell_h)), 0, grid_h - 1);
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

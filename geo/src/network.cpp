#include "hubland/geo/network.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>
#include <unordered_set>

#include "hubland/error.hpp"
#include "hubland/geo/wkb.hpp"

namespace hubland::geo {

namespace {

std::uint64_t pack(long a, long b) noexcept {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a + 0x40000000L)) << 32) |
         static_cast<std::uint32_t>(b + 0x40000000L);
}

}  // namespace

std::uint64_t RoadNetwork::cell_key(long cx, long cy) const noexcept {
  return pack(cx, cy);
}

RoadNetwork::RoadNetwork(const std::vector<Wkb>& lines, const std::vector<double>& speeds_kmh,
                         double snap_m) {
  if (lines.size() != speeds_kmh.size())
    throw Error(ErrorKind::Internal, "road lines and speeds differ in count");
  if (!(snap_m > 0)) throw Error(ErrorKind::BadInput, "network snap distance must be positive");
  // Snap every vertex to the grid and give the distinct snapped points canonical ids.
  struct Seg {
    std::int64_t ax, ay, bx, by;
    double speed;
  };
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  std::vector<Seg> segs;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const double speed = speeds_kmh[i];
    if (!(speed > 0))
      throw Error(ErrorKind::BadInput, "road speed must be positive",
                  Where{.feature = "road " + std::to_string(i + 1), .field = "speed_kmh"});
    const Shapes s = read_wkb(lines[i]);
    if (!s.polygons.empty() || !s.points.empty())
      throw Error(ErrorKind::Geometry, "a road must be a line",
                  Where{.feature = "road " + std::to_string(i + 1)});
    for (const auto& line : s.lines) {
      for (std::size_t k = 0; k < line.size(); ++k) {
        const std::int64_t kx = std::llround(line[k].x / snap_m),
                           ky = std::llround(line[k].y / snap_m);
        keys.emplace_back(kx, ky);
        if (k > 0) {
          const auto& [px, py] = keys[keys.size() - 2];
          if (px != kx || py != ky) segs.push_back({px, py, kx, ky, speed});
        }
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  m_x.resize(keys.size());
  m_y.resize(keys.size());
  for (std::size_t n = 0; n < keys.size(); ++n) {
    m_x[n] = static_cast<double>(keys[n].first) * snap_m;
    m_y[n] = static_cast<double>(keys[n].second) * snap_m;
  }
  auto id = [&](std::int64_t x, std::int64_t y) {
    return static_cast<std::uint32_t>(
        std::lower_bound(keys.begin(), keys.end(), std::make_pair(x, y)) - keys.begin());
  };
  // Both directions, sorted so that the adjacency is canonical.
  std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> edges;
  edges.reserve(segs.size() * 2);
  for (const auto& s : segs) {
    const std::uint32_t a = id(s.ax, s.ay), b = id(s.bx, s.by);
    const double len_m = std::hypot(m_x[b] - m_x[a], m_y[b] - m_y[a]);
    const double minutes = len_m / (s.speed * 1000.0 / 60.0);
    edges.emplace_back(a, b, minutes);
    edges.emplace_back(b, a, minutes);
  }
  std::sort(edges.begin(), edges.end());
  m_first.assign(keys.size() + 1, 0);
  m_edge_to.reserve(edges.size());
  m_edge_min.reserve(edges.size());
  for (const auto& [a, b, w] : edges) {
    ++m_first[a + 1];
    m_edge_to.push_back(b);
    m_edge_min.push_back(w);
  }
  for (std::size_t n = 0; n < keys.size(); ++n) m_first[n + 1] += m_first[n];

  // Grid for nearest-node queries: about two nodes per cell.
  if (!m_x.empty()) {
    const auto [xmin, xmax] = std::minmax_element(m_x.begin(), m_x.end());
    const auto [ymin, ymax] = std::minmax_element(m_y.begin(), m_y.end());
    m_x0 = *xmin;
    m_y0 = *ymin;
    const double span = std::max({*xmax - *xmin, *ymax - *ymin, 1.0});
    const double area = std::max((*xmax - *xmin) * (*ymax - *ymin), span);
    m_cell = std::max(1.0, std::sqrt(2.0 * area / static_cast<double>(m_x.size())));
    for (std::uint32_t n = 0; n < m_x.size(); ++n)
      m_grid[cell_key(static_cast<long>(std::floor((m_x[n] - m_x0) / m_cell)),
                      static_cast<long>(std::floor((m_y[n] - m_y0) / m_cell)))]
          .push_back(n);
    m_xmax_cells = static_cast<long>(std::floor((*xmax - m_x0) / m_cell));
    m_ymax_cells = static_cast<long>(std::floor((*ymax - m_y0) / m_cell));
  }
}

std::optional<RoadNetwork::Nearest> RoadNetwork::nearest_node(double x, double y) const {
  if (m_x.empty()) return std::nullopt;
  const long cx = static_cast<long>(std::floor((x - m_x0) / m_cell));
  const long cy = static_cast<long>(std::floor((y - m_y0) / m_cell));
  // Rings of cells around the query cell; a node in ring r+1 is at least r·cell away.
  const long r_max = std::max({std::labs(cx), std::labs(cy), std::labs(cx - m_xmax_cells),
                               std::labs(cy - m_ymax_cells)}) +
                     1;
  // Squared distances, one square root at the end (std::hypot per node showed in profiles).
  std::uint32_t best_node = 0;
  double best2 = std::numeric_limits<double>::infinity();
  bool found = false;
  for (long r = 0; r <= r_max; ++r) {
    for (long i = cx - r; i <= cx + r; ++i) {
      for (long j = cy - r; j <= cy + r; ++j) {
        if (std::labs(i - cx) != r && std::labs(j - cy) != r) continue;  // ring only
        auto it = m_grid.find(cell_key(i, j));
        if (it == m_grid.end()) continue;
        for (std::uint32_t n : it->second) {
          const double dx = m_x[n] - x, dy = m_y[n] - y;
          const double d2 = dx * dx + dy * dy;
          if (d2 < best2 || (d2 == best2 && n < best_node)) best_node = n, best2 = d2, found = true;
        }
      }
    }
    const double reach_m = static_cast<double>(r) * m_cell;
    if (found && best2 <= reach_m * reach_m) break;
  }
  return Nearest{best_node, found ? std::sqrt(best2) : kUnreachable};
}

std::vector<double> RoadNetwork::travel_minutes(
    const std::vector<std::pair<std::uint32_t, double>>& sources) const {
  std::vector<double> t(m_x.size(), kUnreachable);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  for (const auto& [n, m] : sources) {
    if (n >= t.size()) throw Error(ErrorKind::Internal, "source node out of range");
    if (m < t[n]) t[n] = m, heap.emplace(m, n);
  }
  while (!heap.empty()) {
    const auto [m, n] = heap.top();
    heap.pop();
    if (m > t[n]) continue;
    for (std::uint32_t e = m_first[n]; e < m_first[n + 1]; ++e) {
      const double cand = m + m_edge_min[e];
      const std::uint32_t to = m_edge_to[e];
      if (cand < t[to]) t[to] = cand, heap.emplace(cand, to);
    }
  }
  return t;
}

std::vector<Wkb> isochrones(const IsochroneRequest& q) {
  if (!q.network || !q.node_minutes)
    throw Error(ErrorKind::Internal, "isochrone without a network");
  const RoadNetwork& net = *q.network;
  const std::vector<double>& t = *q.node_minutes;
  std::vector<Wkb> out;
  if (q.minutes.empty()) return out;
  const double t_max = *std::max_element(q.minutes.begin(), q.minutes.end());
  const double v = q.access_speed_kmh * 1000.0 / 60.0;  // metres per minute
  const double c = q.cell_m;
  // Candidate cells near the origin and near every node reached in time.
  std::unordered_set<std::uint64_t> seen;
  std::vector<std::pair<long, long>> cells;
  auto around = [&](double x, double y, double radius) {
    const long i0 = static_cast<long>(std::floor((x - radius) / c)),
               i1 = static_cast<long>(std::floor((x + radius) / c));
    const long j0 = static_cast<long>(std::floor((y - radius) / c)),
               j1 = static_cast<long>(std::floor((y + radius) / c));
    for (long i = i0; i <= i1; ++i)
      for (long j = j0; j <= j1; ++j)
        if (seen.insert(pack(i, j)).second) cells.emplace_back(i, j);
  };
  around(q.origin_x, q.origin_y, std::min(q.search_m, t_max * v));
  for (std::uint32_t n = 0; n < net.node_count(); ++n)
    if (t[n] <= t_max)
      around(net.node_x(n), net.node_y(n), std::min(q.search_m, (t_max - t[n]) * v));
  std::sort(cells.begin(), cells.end());
  std::vector<double> cell_min(cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const double x = (static_cast<double>(cells[k].first) + 0.5) * c;
    const double y = (static_cast<double>(cells[k].second) + 0.5) * c;
    double best = std::hypot(x - q.origin_x, y - q.origin_y) / v;
    if (auto nn = net.nearest_node(x, y)) best = std::min(best, t[nn->node] + nn->dist_m / v);
    cell_min[k] = best;
  }
  auto ctx = GeosContext::local().handle();
  for (double limit : q.minutes) {
    WkbWriter w;
    w.header(WkbType::MultiPolygon);
    const std::size_t count_at = w.mark();
    w.count(0);
    std::uint32_t count = 0;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (cell_min[k] > limit) continue;
      const double x0 = static_cast<double>(cells[k].first) * c,
                   y0 = static_cast<double>(cells[k].second) * c;
      w.header(WkbType::Polygon);
      w.count(1);
      w.count(5);
      const double xs[] = {x0, x0 + c, x0 + c, x0, x0}, ys[] = {y0, y0, y0 + c, y0 + c, y0};
      for (int i = 0; i < 5; ++i) w.xy(xs[i], ys[i]);
      ++count;
    }
    w.set_count(count_at, count);
    const Wkb b = w.take();
    GeomPtr squares = from_wkb(b);
    // The squares share edges exactly (a grid of multiples of cell_m): a coverage union is exact
    // and much faster than a general union.
    GeomPtr merged = adopt(GEOSCoverageUnion_r(ctx, squares.get()), "isochrone union");
    out.push_back(to_wkb(merged.get()));
  }
  return out;
}

}  // namespace hubland::geo

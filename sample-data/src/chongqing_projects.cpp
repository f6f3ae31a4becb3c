// Where the Chongqing candidate projects go: most where the original draws put them (moved when
// they touch water, an airfield, another project or leave the park / hub zone), and one or more
// per quota case at a site chosen for it (sample-data/README.md lists them).

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "generator_parts.hpp"

namespace hubland::sample::detail {

Case case_of(std::size_t number) {
  switch (number) {
    case 3:
      return Case::HalfNew;
    case 7:
    case 20:
      return Case::NewLand;
    case 15:
      return Case::Unsupplied;
    case 30:
      return Case::Prohibited;
    case 40:
      return Case::LowFar;
    case 42:
      return Case::LowCoverage;
    case 44:
      return Case::HighOffice;
    case 50:
      return Case::LowInvest;
    case 52:
      return Case::LowOutput;
    case 54:
      return Case::LowTax;
    case 66:
      return Case::OutsidePark;
    case 76:
      return Case::PartHubZone;
    default:
      return Case::Pass;
  }
}

namespace {

/// A point of the area's grid in cell units (u, v).
P grid_point(const Grid& g, double u, double v) {
  const double c = std::cos(g.angle), s = std::sin(g.angle);
  u *= g.cell_m, v *= g.cell_m;
  return {g.origin.x + c * u - s * v, g.origin.y + s * u + c * v};
}

struct Site {
  long i = 0, j = 0, w = 1, h = 1;
};

class Placer {
 public:
  Placer(const Area& a, const Masks& m, const std::set<std::pair<long, long>>& taken)
      : m_a(a), m_m(m), m_taken(taken) {}

  /// Every cell dry, inside the area (scale), not taken, not in the park enclave unless asked.
  bool clear(const Site& s, double scale, bool in_hole = false, bool hub_zone = true,
             bool blobs = true) const {
    for (long i = s.i; i < s.i + s.w; ++i)
      for (long j = s.j; j < s.j + s.h; ++j) {
        const P c = m_a.grid.cell_center(i, j);
        if (m_taken.count({i, j}) || m_a.masked_cell(m_m, i, j) || !m_a.star.contains(c, scale))
          return false;
        if (hub_zone && !m_a.in_hub_zone(c)) return false;
        const bool hole = m_a.park_hole && m_a.park_hole->contains(c, in_hole ? 0.8 : 1.15);
        if (hole != in_hole) return false;
        if (!blobs) {  // 120 m off the 永久基本农田 and 红线 blobs (a cell is 90 m), in the udb
          if (!m_a.udb.contains(c, 1 - 120 / m_a.udb.radius)) return false;
          for (const auto& b : m_a.farmland)
            if (b.contains(c, 1 + 120 / b.radius)) return false;
          for (const auto& b : m_a.redline)
            if (b.contains(c, 1 + 120 / b.radius)) return false;
        }
      }
    return true;
  }

  /// Share of the site inside the hub zone (8 × 8 points per cell).
  double hub_share(const Site& s) const {
    int in = 0, n = 0;
    for (long i = s.i; i < s.i + s.w; ++i)
      for (long j = s.j; j < s.j + s.h; ++j)
        for (int a = 0; a < 8; ++a)
          for (int b = 0; b < 8; ++b, ++n)
            in += m_a.in_hub_zone(grid_point(m_a.grid, i + (a + 0.5) / 8, j + (b + 0.5) / 8));
    return static_cast<double>(in) / n;
  }

  template <class Ok>
  Site search(Rng& mv, Site s, bool aligned, Ok ok) const {
    for (int tries = 0; tries < 40000; ++tries) {
      s.i = static_cast<long>(mv.pick(static_cast<std::size_t>(2 * m_a.k_max))) - m_a.k_max;
      s.j = static_cast<long>(mv.pick(static_cast<std::size_t>(2 * m_a.k_max))) - m_a.k_max;
      if (aligned) s.i = 3 * block_of(s.i), s.j = 3 * block_of(s.j);
      if (ok(s)) return s;
    }
    throw std::runtime_error("hubland-sample: no site found for a project of area " + m_a.code);
  }

 private:
  const Area& m_a;
  const Masks& m_m;
  const std::set<std::pair<long, long>>& m_taken;
};

}  // namespace

void chongqing_projects(Dataset& d, const Options& o, Area& a, const Masks& m, Rng& pr,
                        std::size_t count, std::size_t& number) {
  const Grid& g = a.grid;
  const P center = a.star.center;
  const std::string zid_a = "Z" + a.code + "-A", zid_b = "Z" + a.code + "-B";
  std::set<std::pair<long, long>> taken;
  Placer place(a, m, taken);
  for (std::size_t k = 0; k < count; ++k) {
    // The original draws, in their order (they decide the sites of the passing projects).
    long i = 0, j = 0;
    for (int tries = 0; tries < 100; ++tries) {
      i = static_cast<long>(pr.pick(2 * a.k_max)) - a.k_max;
      j = static_cast<long>(pr.pick(2 * a.k_max)) - a.k_max;
      if (a.star.contains(g.cell_center(i, j), 0.8)) break;
    }
    const long w = 1 + static_cast<long>(pr.pick(3)), hh = 1 + static_cast<long>(pr.pick(3));
    const bool with_zone = pr.chance(0.5);

    const std::size_t n = ++number;
    const Case c = case_of(n);
    Rng mv(key(o.seed, kProjectMove, n));
    Site s{i, j, w, hh};
    switch (c) {
      case Case::HalfNew:  // two blocks: 0601 工业用地 | 0103 旱地
        s = place.search(mv, {0, 0, 6, 3}, true,
                         [&](const Site& t) { return place.clear(t, 0.8, false, true, false); });
        a.block_codes.push_back({{block_of(s.i), block_of(s.j)}, "0601"});
        a.block_codes.push_back({{block_of(s.i) + 1, block_of(s.j)}, "0103"});
        break;
      case Case::NewLand:  // farmland / orchard not yet built on, inside the zone
        s = place.search(mv, n == 7 ? Site{0, 0, 3, 3} : Site{0, 0, 6, 3}, true,
                         [&](const Site& t) { return place.clear(t, 0.8, false, true, false); });
        a.block_codes.push_back({{block_of(s.i), block_of(s.j)}, n == 7 ? "0101" : "0201"});
        if (s.w == 6) a.block_codes.push_back({{block_of(s.i) + 1, block_of(s.j)}, "0301"});
        break;
      case Case::Unsupplied:  // 3 × 4 cells, the lower three rows on 批而未供 land
        s = place.search(mv, {0, 0, 3, 4}, false, [&](const Site& t) {
          return place.clear({t.i - 1, t.j - 1, 5, 5}, 0.8, false, true, false);
        });
        a.supply.push_back({s.i - 1, s.j - 1, 5, 4, "批而未供"});
        for (long ci = s.i - 1; ci < s.i + 4; ++ci)
          for (long cj = s.j - 1; cj < s.j + 3; ++cj) taken.insert({ci, cj});
        break;
      case Case::OutsidePark:
        s = place.search(mv, {0, 0, 2, 2}, false,
                         [&](const Site& t) { return place.clear(t, 0.85, true, true, false); });
        break;
      case Case::PartHubZone:  // straddles the edge of the zone outside the hub economic zone
        s = place.search(mv, {0, 0, 3, 3}, false, [&](const Site& t) {
          if (!place.clear(t, 0.85, false, false, false)) return false;
          const double share = place.hub_share(t);
          return share > 0.09 && share < 0.13;
        });
        break;
      default: {
        // The projects of the other cases stay clear of the constraint blobs too, so that they
        // show their case alone.
        const bool blobs = c == Case::Pass;
        if (!place.clear(s, 0.9, false, true, blobs))
          s = place.search(mv, s, false,
                           [&](const Site& t) { return place.clear(t, 0.85, false, true, blobs); });
        break;
      }
    }
    for (long ci = s.i; ci < s.i + s.w; ++ci)
      for (long cj = s.j; cj < s.j + s.h; ++cj) {
        taken.insert({ci, cj});
        a.project_cells.push_back({ci, cj});
      }
    // As before: about half name the zone their first cell lies in.
    std::optional<std::string> zone;
    if (with_zone) {
      const P cc = g.cell_center(s.i, s.j);
      double ang = std::atan2(cc.y - center.y, cc.x - center.x) - a.split;
      while (ang < 0) ang += 2 * kPi;
      zone = std::fmod(ang, 2 * kPi) < kPi ? zid_a : zid_b;
    }
    if (c == Case::PartHubZone) zone = zid_b;
    const std::size_t row = d.projects.row_count();
    add_project(d, pr, o.seed, n, {g.cells(s.i, s.j, s.w, s.h)}, zone);
    project_case(d, o.seed, row, n, c);
  }
}

}  // namespace hubland::sample::detail

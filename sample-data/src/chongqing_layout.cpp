// The Chongqing layout of the sample generator: eight hubs, each with a development area of
// zones, parcels, roads, constraints and candidate projects, joined by expressways.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

#include "generator_parts.hpp"
#include "hubland/geo/crs.hpp"

namespace hubland::sample::detail {

namespace {

struct HubSite {
  const char* id;
  const char* name;
  const char* type;    ///< hub type key
  const char* code;    ///< short code used in zone and parcel ids
  const char* adcode;  ///< 区县 of the development area (prefix of the 图斑 ids)
  double lon, lat;  ///< approx. WGS84/CGCS2000 degrees (docs/domain-sources.md §5, airports data)
  double weight;    ///< share of the parcels; 0: no development area of its own
};

// Sites ±2–5 km (docs/domain-sources.md DS-5.2); airports from mborsetti/airportsdata (MIT).
const HubSite kHubs[] = {
    {"H01", "果园港", "port", "GY", "500105", 106.72, 29.65, 1.2},
    {"H02", "寸滩港（两路寸滩综合保税区）", "port", "CT", "500105", 106.60, 29.61, 0.8},
    {"H03", "团结村（沙坪坝国际物流枢纽园区）", "land_port", "TJ", "500106", 106.37, 29.63, 1.4},
    {"H04", "珞璜（江津综合保税区）", "land_port", "LH", "500116", 106.44, 29.27, 1.0},
    {"H05", "江北国际机场", "airport", "JB", "500112", 106.642, 29.7192, 1.2},
    {"H06", "南彭（重庆公路物流基地）", "trade", "NP", "500113", 106.61, 29.41, 1.2},
    {"H07", "万州（生产服务型）", "production", "WZ", "500101", 108.41, 30.81, 0.8},
    {"H08", "万州五桥机场", "airport", "WQ", "500101", 108.433, 30.8017, 0.0},
};

struct ZoneFlavour {
  const char* type_zh;
  const char* name_a;
  const char* planned_a;
  double far_min_a, far_max_a;
  const UseMix* mix_a;
  const char* planned_b;
  double far_min_b, far_max_b;
  const UseMix* mix_b;
};

ZoneFlavour flavour(const std::string& hub_type) {
  if (hub_type == "port")
    return {"临港", "临港物流园", "1101;1001;1102", 0.8, 2.5, &kMixPort, "1001;0802;0901",
            1.0,    3.0,          &kMixIndustry};
  if (hub_type == "airport")
    return {"临空", "临空经济区", "1001;0802;1101", 1.0, 3.5, &kMixAir, "0802;0901;1001",
            1.5,    4.0,          &kMixMixed};
  if (hub_type == "land_port")
    return {"临铁",    "铁路物流园",          "1101;1001", 0.8, 2.0,
            &kMixRail, "1001;1101;0802;0901", 1.0,         3.0, &kMixIndustry};
  return {"综合", "综合物流园", "1101;0901;1001", 0.8, 2.5, &kMixMixed, "1001;0802",
          1.0,    3.0,          &kMixIndustry};
}

/// Roads along the grid lines of one development area: a line every 6 cells (secondary),
/// every 18 cells and through the hub (arterial). Features run junction to junction.
void grid_roads(Dataset& d, const Grid& g, const Star& area, long k_max) {
  constexpr long kStep = 6;
  for (int dir = 0; dir < 2; ++dir) {
    for (long line = -k_max / kStep * kStep; line <= k_max; line += kStep) {
      const bool arterial = line % (3 * kStep) == 0;
      for (long a = -k_max / kStep * kStep; a + kStep <= k_max; a += kStep) {
        auto at = [&](long s) { return dir == 0 ? g.vertex(s, line) : g.vertex(line, s); };
        if (!area.contains(at(a), 1.02) || !area.contains(at(a + kStep), 1.02)) continue;
        std::vector<P> pts;
        for (long s = a; s <= a + kStep; ++s) pts.push_back(at(s));
        if (arterial)
          add_road(d, "arterial", 50.0, pts);
        else
          add_road(d, "secondary", std::nullopt, pts);  // speed from the class default
      }
    }
  }
}

std::vector<P> straight(P a, P b, double step_m) {
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  const int n = std::max(1, static_cast<int>(std::ceil(len / step_m)));
  std::vector<P> pts;
  for (int i = 0; i <= n; ++i)
    pts.push_back(i == 0   ? a
                  : i == n ? b
                           : rp({a.x + (b.x - a.x) * i / n, a.y + (b.y - a.y) * i / n}));
  return pts;
}

}  // namespace

void chongqing(Dataset& d, const Options& o) {
  d.hub_epsg = geo::kEpsgCgcs2000;
  land_schemas(d);
  const Masks masks = chongqing_masks();
  std::vector<Area> areas;
  geo::Transformer to_gk("EPSG:4490", "EPSG:4545");
  const ZoneColumns zc{0, 1, 2, 3, 4, 5, 6};
  double weight_sum = 0;
  for (const auto& h : kHubs) weight_sum += h.weight;
  constexpr double kCell = 90.0;
  // Parcels per cell is about 0.8 (a quarter of the cells merge with their neighbour).
  const double cells_total = static_cast<double>(o.parcels) / 0.8;

  std::vector<P> hub_xy;
  std::vector<P> hub_node;  // where the expressways meet each development area
  std::size_t project_number = 0;
  const std::size_t projects_per_area = (o.projects + 6) / 7;
  for (std::size_t h = 0; h < std::size(kHubs); ++h) {
    const HubSite& site = kHubs[h];
    double x = site.lon, y = site.lat;
    to_gk.transform(x, y);
    hub_xy.push_back(rp({x, y}));
    add_hub(d, site.id, site.name, site.type, point_wkb(site.lon, site.lat));
    if (site.weight <= 0) {
      hub_node.push_back(rp({x, y}));
      continue;
    }
    Rng rng(key(o.seed, kShape, h));
    const double cells = cells_total * site.weight / weight_sum;
    const double radius = kCell * std::sqrt(cells / kPi);
    Star area = random_star(rng, {x, y}, radius, 0.2);
    Grid g{o.seed, h, {x, y}, kCell, rng.range(0, kPi / 2), 0.12};
    hub_node.push_back(g.vertex(0, 0));
    const long k_max = static_cast<long>(std::ceil(radius * 1.5 / kCell));
    Area a;
    a.index = h;
    a.code = site.code;
    a.type = site.type;
    a.adcode = site.adcode;
    a.star = area;
    a.grid = g;
    a.k_max = k_max;

    // Zones: two halves of the area (A typed, B mixed), 3% inside its rim so rim parcels are
    // partly outside any zone.
    const ZoneFlavour f = flavour(site.type);
    const double split = rng.range(0, 2 * kPi);
    const std::string code = site.code;
    const std::string zid_a = std::string("Z") + code + "-A",
                      zid_b = std::string("Z") + code + "-B";
    const std::string hub_short =
        std::string(site.name).substr(0, std::string(site.name).find("（"));
    Poly zone_a{area.wedge(split, split + kPi, 160, 0.97)};
    if (code == "TJ") {
      // A reserved hole (rail yard) inside zone A: parcels in it belong to no zone.
      const double t = split + kPi / 2;
      const P c{x + 0.5 * radius * std::cos(t), y + 0.5 * radius * std::sin(t)};
      Star hole = random_star(rng, c, 0.12 * radius, 0.1);
      zone_a.push_back(cw(hole.ring(48)));
      a.rail_yard = hole;
    }
    add_zone(d, zc, zid_a, hub_short + f.name_a, f.type_zh, f.planned_a, f.far_min_a, f.far_max_a,
             1, polygon_wkb(zone_a));
    const std::string name_b = hub_short + "综合产业区";
    const int hub_zone_b = code == "WZ" ? 0 : 1;  // one zone outside the hub economic zone
    a.split = split;
    a.b_in_hub_zone = hub_zone_b == 1;
    if (code == "NP") {
      // Zone B drawn as two overlapping features of one zone_id (unioned by the overlay).
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + kPi, split + 1.65 * kPi, 100, 0.97)}));
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + 1.35 * kPi, split + 2 * kPi, 100, 0.97)}));
    } else {
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + kPi, split + 2 * kPi, 160, 0.97)}));
    }

    // Parcels: cells whose centre lies in the area; a quarter merged with the right neighbour,
    // a few two-part parcels (diagonal cells touching at a corner).
    std::set<std::pair<long, long>> used;
    std::size_t seq = 0;
    for (long j = -k_max; j < k_max; ++j) {
      for (long i = -k_max; i < k_max; ++i) {
        if (used.count({i, j}) || !area.contains(g.cell_center(i, j))) continue;
        Rng cell(key(o.seed, kCell, h,
                     (static_cast<std::uint64_t>(i + 100000) << 32) ^
                         static_cast<std::uint64_t>(j + 100000)));
        used.insert({i, j});
        std::vector<Poly> parts{{g.cells(i, j, 1, 1)}};
        const double u = cell.uniform();
        if (u < 0.25 && !used.count({i + 1, j}) && area.contains(g.cell_center(i + 1, j))) {
          used.insert({i + 1, j});
          parts[0] = {g.cells(i, j, 2, 1)};
        } else if (u > 0.996 && !used.count({i + 1, j + 1}) &&
                   area.contains(g.cell_center(i + 1, j + 1))) {
          used.insert({i + 1, j + 1});
          parts.push_back({g.cells(i + 1, j + 1, 1, 1)});
        }
        // Water and airfields are masked out: a parcel touching a river or airfield block is
        // dropped (its id and draws are skipped, so the other parcels keep theirs).
        std::vector<std::pair<long, long>> cells{{i, j}};
        if (parts[0][0].size() > 4 && parts.size() == 1) cells.push_back({i + 1, j});
        if (parts.size() == 2) cells.push_back({i + 1, j + 1});
        bool wet = false;
        for (const auto& [ci, cj] : cells) wet = wet || a.masked_cell(masks, ci, cj);
        if (wet) {
          ++seq;
          continue;
        }
        for (const auto& c : cells) a.parcel_cells.push_back({c, d.parcels.row_count()});
        double area_m2 = 0;
        for (const auto& p : parts) area_m2 += poly_area(p);
        // Which half (zone) the parcel lies in decides its land-use mix.
        const P cc = g.cell_center(i, j);
        double ang = std::atan2(cc.y - y, cc.x - x) - split;
        while (ang < 0) ang += 2 * kPi;
        while (ang >= 2 * kPi) ang -= 2 * kPi;
        const UseMix& mix = ang < kPi ? *f.mix_a : *f.mix_b;
        char id[24];
        std::snprintf(id, sizeof id, "%s%05zu", code.c_str(), ++seq);
        const std::size_t row = d.parcels.add_row();
        Rng attr(key(o.seed, kParcel, h, seq));
        parcel_attributes(d.parcels, d.pc, row, attr, id, mix, area_m2);
        d.parcel_geom.push_back(parts.size() == 1 ? polygon_wkb(parts[0])
                                                  : multipolygon_wkb(parts));
      }
    }

    grid_roads(d, g, area, k_max);

    // Constraints: the urban development boundary (most of the area), ecological redlines (two
    // of them overlapping), permanent farmland near the rim.
    Rng cr(key(o.seed, kConstraint, h));
    Star udb = random_star(cr, {x, y}, radius * 0.93, 0.15);
    add_constraint(d, "U" + code, "udb", polygon_wkb({udb.ring(120)}));
    a.udb = udb;
    for (int k = 0; k < 3; ++k) {
      const double t = cr.range(0, 2 * kPi), rr = radius * cr.range(0.3, 0.9);
      const P c{x + rr * std::cos(t), y + rr * std::sin(t)};
      const double br = cr.range(150, 450);
      a.redline.push_back(
          blob(d, cr, "R" + code + std::to_string(2 * k + 1), "redline", c, br, 64));
      if (k == 0)
        a.redline.push_back(
            blob(d, cr, "R" + code + "2", "redline", {c.x + 0.6 * br, c.y}, br * 0.8, 64));
    }
    for (int k = 0; k < 4; ++k) {
      const double t = cr.range(0, 2 * kPi), rr = radius * cr.range(0.7, 1.1);
      a.farmland.push_back(blob(d, cr, "F" + code + std::to_string(k + 1), "farmland",
                                {x + rr * std::cos(t), y + rr * std::sin(t)}, cr.range(120, 350),
                                56));
    }

    // An enclave left out of the approved park boundary (works older than the park): the site
    // of the project outside every park.
    if (code == "NP") {
      Rng kr(key(o.seed, kPark, h));
      const double t = split + kPi * kr.range(0.2, 0.8);
      a.park_hole = random_star(
          kr, {x + 0.5 * radius * std::cos(t), y + 0.5 * radius * std::sin(t)}, 420, 0.1);
    }

    // Candidate project sites: blocks of 1–3 × 1–3 cells in the inner area, or placed for a case.
    Rng pr(key(o.seed, kProject, h));
    chongqing_projects(d, o, a, masks, pr, std::min(projects_per_area, o.projects - project_number),
                       project_number);
    areas.push_back(std::move(a));
  }

  // Expressways between the development areas (and to the second Wanzhou airport), straight
  // lines with a vertex every 2 km, meeting the grids at each hub's (0, 0) vertex.
  const std::pair<int, int> links[] = {{2, 1}, {1, 0}, {0, 4}, {4, 1}, {2, 3},
                                       {3, 5}, {5, 1}, {0, 6}, {6, 7}};
  std::vector<std::vector<P>> expressways;
  for (const auto& [a, b] : links) {
    expressways.push_back(straight(hub_node[a], hub_node[b], 2000.0));
    add_road(d, "expressway", 80.0, expressways.back());
  }
  land_layers(d, o, areas, masks, expressways);
  add_idle_dates(d, o.seed);
  add_conversions(d, o.seed, o.conversions);
}

}  // namespace hubland::sample::detail

// The benchmark layout of the sample generator: a square workload of any size.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "generator_parts.hpp"
#include "hubland/geo/hub_types.hpp"

namespace hubland::sample::detail {

void bench(Dataset& d, const Options& o) {
  const ZoneColumns zc{0, 1, 2, 3, 4, 5, 6};
  constexpr double kCell = 60.0;  // 3,600 m² parcels
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(o.parcels))));
  const P origin{300000.0, 3250000.0};
  const double extent = side * kCell;
  Grid g{o.seed, 0, origin, kCell, 0.0, 0.1};
  // Parcels, row by row.
  d.parcels.reserve(o.parcels);
  d.parcel_geom.reserve(o.parcels);
  for (std::size_t n = 0; n < o.parcels; ++n) {
    const long i = static_cast<long>(n) % side, j = static_cast<long>(n) / side;
    char id[24];
    std::snprintf(id, sizeof id, "B%07zu", n + 1);
    const std::size_t row = d.parcels.add_row();
    Rng attr(key(o.seed, kParcel, 0, n));
    const Poly poly{g.cells(i, j, 1, 1)};
    parcel_attributes(d.parcels, d.pc, row, attr, id, kMixMixed, poly_area(poly));
    d.parcel_geom.push_back(polygon_wkb(poly));
  }
  // Zones on a jittered lattice, overlapping their neighbours a little.
  const long zside = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(o.zones))));
  const double zstep = extent / zside;
  const char* types[] = {"临港", "临空", "临铁", "综合"};
  const char* planned[] = {"1101;1001", "1001;0802;1101", "1101;1001;0802", "1001;0802;0901"};
  for (std::size_t z = 0; z < o.zones; ++z) {
    Rng rng(key(o.seed, kZonePos, z));
    const P c{origin.x + (static_cast<double>(z % zside) + rng.range(0.3, 0.7)) * zstep,
              origin.y + (static_cast<double>(z / zside) + rng.range(0.3, 0.7)) * zstep};
    Star s = random_star(rng, c, zstep * rng.range(0.45, 0.62), 0.15);
    char id[32];
    std::snprintf(id, sizeof id, "Z%03zu", z + 1);
    add_zone(d, zc, id, std::string("功能区") + id, types[z % 4], planned[z % 4], 1.0, 3.0, 1,
             polygon_wkb({s.ring(300 + static_cast<int>(rng.pick(501)))}));
  }
  for (std::size_t h = 0; h < o.hubs; ++h) {
    Rng rng(key(o.seed, kHubPos, h));
    char id[32];
    std::snprintf(id, sizeof id, "H%02zu", h + 1);
    add_hub(d, id, std::string("枢纽") + id, geo::kHubTypes[h % geo::kHubTypeCount].key,
            point_wkb(r2(origin.x + rng.range(0, extent)), r2(origin.y + rng.range(0, extent))));
  }
  const double scale = extent / 60000.0;
  for (std::size_t k = 0; k < o.constraints; ++k) {
    Rng rng(key(o.seed, kConstraint, k));
    const double u = rng.uniform();
    const char* kind = u < 0.45 ? "redline" : u < 0.9 ? "farmland" : "udb";
    // Sizes scale with the extent so that every N sees the same constraint density per parcel
    // (the sizes are those of the 1M-parcel, 60 km workload).
    const double radius = (kind[0] == 'u' ? rng.range(1000, 3000) : rng.range(100, 600)) * scale;
    char id[32];
    std::snprintf(id, sizeof id, "K%05zu", k + 1);
    blob(d, rng, id, kind, {origin.x + rng.range(0, extent), origin.y + rng.range(0, extent)},
         radius, 50 + static_cast<int>(rng.pick(251)));
  }
  // Road grid: a line every 1 km with a vertex every 250 m; arterial every 5 km, expressway
  // every 20 km.
  const long lines = static_cast<long>(extent / 1000.0) + 1;
  for (int dir = 0; dir < 2; ++dir) {
    for (long l = 0; l < lines; ++l) {
      const char* cls = l % 20 == 0 ? "expressway" : l % 5 == 0 ? "arterial" : "secondary";
      for (long a = 0; a + 1 < lines; ++a) {
        std::vector<P> pts;
        for (int s = 0; s <= 4; ++s) {
          const double along = a * 1000.0 + s * 250.0, across = l * 1000.0;
          pts.push_back(dir == 0 ? P{origin.x + along, origin.y + across}
                                 : P{origin.x + across, origin.y + along});
        }
        add_road(d, cls, std::nullopt, pts);
      }
    }
  }
  Rng pr(key(o.seed, kProject, 0));
  for (std::size_t k = 0; k < o.projects; ++k) {
    const long i = static_cast<long>(pr.pick(static_cast<std::size_t>(side - 3)));
    const long j = static_cast<long>(
        pr.pick(static_cast<std::size_t>(std::max(1L, static_cast<long>(o.parcels) / side - 3))));
    add_project(
        d, pr, o.seed, k + 1,
        {g.cells(i, j, 1 + static_cast<long>(pr.pick(3)), 1 + static_cast<long>(pr.pick(3)))},
        std::nullopt);
  }
  add_conversions(d, o.seed, o.conversions);
}

}  // namespace hubland::sample::detail

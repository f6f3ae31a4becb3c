// Candidate projects and conversion requests of the sample generator.

#include <algorithm>
#include <cstdio>
#include <set>

#include "generator_parts.hpp"
#include "hubland/geo/units.hpp"

namespace hubland::sample::detail {

void add_project(Dataset& d, Rng& rng, std::size_t number, const Poly& site,
                 const std::optional<std::string>& zone_id) {
  const std::size_t r = d.projects.add_row();
  char id[32];
  std::snprintf(id, sizeof id, "P%03zu", number);
  const auto& ind = rng.weighted(kManufacturing);
  const double land_mu = round_to(geo::m2_to_mu(poly_area(site)), 0.01);
  const bool hightech = rng.chance(0.35);
  const double output = round_to(land_mu * rng.bell(150, 1200), 0.01);
  auto& t = d.projects;
  t.set(r, 0, std::string(id));
  t.set(r, 1, std::string(kBrand[rng.pick(kBrand.size())]) + ind.word + "项目");
  t.set(r, 2, enterprise_name(rng, ind.word));
  t.set(r, 3, std::string(ind.code));
  t.set(r, 4, round_to(land_mu * rng.bell(120, 700), 0.01));
  t.set(r, 5, land_mu);
  t.set(r, 6, output);
  t.set(r, 7, round_to(output * rng.range(0.02, 0.08), 0.01));
  t.set(r, 8, round_to(hightech ? rng.range(0.02, 0.09) : rng.range(0.0, 0.04), 0.0001));
  t.set(r, 9, static_cast<std::int64_t>(hightech ? 1 : 0));
  t.set(r, 10, round_to(output * rng.range(0.02, 0.3), 0.01));
  t.set(r, 11, static_cast<std::int64_t>(rng.chance(0.55) ? 1 : rng.chance(0.7) ? 2 : 3));
  t.set(r, 12, static_cast<std::int64_t>(std::lround(land_mu * rng.bell(0.5, 3.0))));
  if (zone_id) t.set(r, 13, *zone_id);
  d.project_geom.push_back(polygon_wkb(site));
}

void add_conversions(Dataset& d, std::uint64_t seed, std::size_t count) {
  // Requests come from industrial parcels, picked by a seeded stride so the choice does not
  // depend on anything but the parcel table.
  std::vector<std::size_t> industrial;
  for (std::size_t r = 0; r < d.parcels.row_count(); ++r)
    if (d.parcels.text_at(r, d.pc.land_use).rfind("1001", 0) == 0) industrial.push_back(r);
  if (industrial.empty()) return;
  Rng pick(key(seed, kConversion, 0));
  std::set<std::size_t> chosen;
  while (chosen.size() < std::min(count, industrial.size()))
    chosen.insert(industrial[pick.pick(industrial.size())]);
  const std::array<std::pair<const char*, int>, 6> targets = {
      {{"100100", 45}, {"0802", 20}, {"1101", 15}, {"0902", 10}, {"0701", 5}, {"0901", 5}}};
  std::size_t n = 0;
  for (std::size_t prow : chosen) {
    Rng rng(key(seed, kConversion, 1, prow));
    const std::size_t r = d.conversions.add_row();
    char id[32];
    std::snprintf(id, sizeof id, "C%03zu", ++n);
    const std::string to = rng.weighted(targets);
    // Shares in whole percent so that they sum to exactly 1.
    int ind = 0, log = 0, rd = 0;
    if (to == "100100")
      ind = 45 + static_cast<int>(rng.pick(36)), rd = 5 + static_cast<int>(rng.pick(20));
    else if (to == "0802")
      ind = static_cast<int>(rng.pick(30)), rd = 50 + static_cast<int>(rng.pick(30));
    else if (to == "1101")
      log = 60 + static_cast<int>(rng.pick(35)), ind = static_cast<int>(rng.pick(10));
    else
      ind = static_cast<int>(rng.pick(40)), rd = static_cast<int>(rng.pick(20));
    int support = 100 - ind - log - rd;
    if (support < 0) ind += support, support = 0;
    auto& t = d.conversions;
    t.set(r, 0, std::string(id));
    t.set(r, 1, d.parcels.text_at(prow, d.pc.parcel_id));
    t.set(r, 2, d.parcels.text_at(prow, d.pc.land_use));
    t.set(r, 3, to);
    t.set(r, 4, ind / 100.0);
    t.set(r, 5, log / 100.0);
    t.set(r, 6, rd / 100.0);
    t.set(r, 7, support / 100.0);
    t.set(r, 8, round_to(rng.range(0.02, 0.14), 0.001));
    t.set(r, 9, round_to(rng.range(1.0, 5.0), 0.01));
  }
}

}  // namespace hubland::sample::detail

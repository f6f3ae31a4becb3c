// The sample's second evaluation year: the parcels as they stood on 2025-06-30 (layer
// parcels_2025), derived from the finished 2026 parcels by a seeded change, and the projects'
// started_date. A seeded sample change, not observed data: see sample-data/README.md.
//
// Only rows whose 2026 values make the change consistent are touched, so that both years read
// as one history:
//  - redeveloped (低效用地再开发): industrial parcels that pass every low-efficiency flag in 2026
//    with a margin, completed two years before 2025-06-30 (so LE-OUTPUT / LE-TAX apply then too)
//    and without footprints in the buildings layer (both years read the same buildings);
//  - recovered (闲置土地盘活): started parcels whose enterprise begins operating after
//    2025-06-30, i.e. still under construction then; in 2025 their development had stalled
//    (第二条 second case), in 2026 it is 85–100 % developed. (A parcel not started at all in 2025
//    would contradict its 2026 started_date, which lies before 2025-06-30 for every parcel.)

#include <set>

#include "generator_parts.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/dates.hpp"

namespace hubland::sample::detail {

namespace {

constexpr const char* kYearBefore = "2025-06-30";

struct Row {
  const Table& t;
  std::size_t r;
  double real(std::size_t c, double missing = 0.0) const {
    return t.null_at(r, c) ? missing : t.real_at(r, c);
  }
  std::string text(std::size_t c) const {
    return t.null_at(r, c) ? std::string() : std::string(t.text_at(r, c));
  }
  std::optional<long> day(std::size_t c) const { return layers::iso_day_number(text(c)); }
};

/// Sets `col` to `value` unless the 2026 value is missing (a gap in the return stays a gap).
void set_if_known(Table& t, std::size_t r, std::size_t col, double value) {
  if (!t.null_at(r, col)) t.set(r, col, value);
}

/// Scales the figures that follow the output (value added, energy, R&D) with it.
void scale_with_output(Table& t, const ParcelColumns& c, std::size_t r, double factor) {
  for (std::size_t col : {c.value_added_10k_yuan, c.energy_tce, c.rd_10k_yuan})
    set_if_known(t, r, col, round_to(Row{t, r}.real(col) * factor, 0.01));
}

/// Projects: 20 % started in the year before 2025-06-30, 30 % in the year after, the rest not
/// yet; the quota-case projects stay unstarted, so every case is still a candidate.
void project_starts(Dataset& d, std::uint64_t seed, long year_before, SecondYearCounts& n) {
  const std::size_t project_started = d.projects.add_column("started_date", FieldType::Text);
  for (std::size_t r = 0; r < d.projects.row_count(); ++r) {
    const std::string id(d.projects.text_at(r, 0));
    const std::size_t number = std::stoul(id.substr(1));
    if (case_of(number) != Case::Pass) continue;
    Rng rng(key(seed, kProjectStart, number));
    const double u = rng.uniform();
    const long day = static_cast<long>(rng.pick(365));
    if (u < 0.2) {
      d.projects.set(r, project_started, layers::iso_date(year_before - 364 + day));
      ++n.started_by_2025;
    } else if (u < 0.5) {
      d.projects.set(r, project_started, layers::iso_date(year_before + 1 + day));
      ++n.started_in_year;
    }
  }
}

}  // namespace

SecondYearCounts second_year(Dataset& d, std::uint64_t seed) {
  SecondYearCounts n;
  const ParcelColumns& c = d.pc;
  const Table& now = d.parcels;
  d.parcels_2025 = now;
  Table& before = d.parcels_2025;
  const std::size_t developed = now.index("developed_share"),
                    invested = now.index("invested_share"), started = now.index("started_date");
  const long year_before = *layers::iso_day_number(kYearBefore);

  std::set<std::string> with_footprints;
  const std::size_t building_id = d.buildings.index("building_id");
  for (std::size_t b = 0; b < d.buildings.row_count(); ++b) {
    const std::string id(d.buildings.text_at(b, building_id));
    with_footprints.insert(id.substr(0, id.rfind('-')));
  }

  for (std::size_t r = 0; r < now.row_count(); ++r) {
    const Row p{now, r};
    const std::string use = p.text(c.land_use);
    const bool industrial = use.rfind("1001", 0) == 0, logistics = use.rfind("1101", 0) == 0;
    if (!(industrial || logistics) || p.real(c.idle_years) > 0 || p.real(c.stopped_years) > 0 ||
        p.real(developed) < 0.85 || with_footprints.count(p.text(c.parcel_id)))
      continue;
    const double area_m2 = geo::area(geo::from_wkb(d.parcel_geom.at(r)).get());
    const double area_mu = geo::m2_to_mu(area_m2);
    const auto operating = p.day(c.operating_since);
    const auto completed = p.day(c.completed_date) ? p.day(c.completed_date) : operating;

    // Redeveloped: fine in 2026 by a margin over the bundled ruleset's lines (FAR ≥ every
    // industry minimum 1.0, 建筑系数 0.30, output 125 and tax 4 万元/亩), completed by 2023-06-01.
    if (industrial && use != "100100" && completed && *completed <= year_before - 760 &&
        p.real(c.floor_area_m2) / area_m2 >= 1.02 && p.real(c.building_coverage) >= 0.32 &&
        p.real(c.output_10k_yuan) / area_mu >= 140 && !now.null_at(r, c.tax_10k_yuan) &&
        p.real(c.tax_10k_yuan) / area_mu >= 4.5) {
      Rng rng(key(seed, kRedevelop, r));
      if (!rng.chance(0.16)) continue;
      // In 2025 output 30–110 and tax 0.8–3.5 万元/亩 (below LE-OUTPUT's 125 and LE-TAX's 4).
      const double output = round_to(area_mu * rng.range(30, 110), 0.01);
      before.set(r, c.output_10k_yuan, output);
      before.set(r, c.tax_10k_yuan, round_to(area_mu * rng.range(0.8, 3.5), 0.01));
      scale_with_output(before, c, r, output / p.real(c.output_10k_yuan));
      ++n.redeveloped;
      // Half also built more (提容): plot ratio 0.25–0.55 and 建筑系数 0.12–0.28 before.
      if (rng.chance(0.5)) {
        before.set(r, c.floor_area_m2, round_to(area_m2 * rng.range(0.25, 0.55), 1.0));
        before.set(r, c.building_coverage, round_to(rng.range(0.12, 0.28), 0.001));
        ++n.raised;
      }
      continue;
    }

    // Recovered: started one to four years before 2025-06-30, operating only after it.
    const auto start = p.day(started);
    if (!operating || *operating <= year_before || (completed && *completed <= year_before) ||
        !start || *start > year_before - 366 || *start < year_before - 4 * 365)
      continue;
    Rng rng(key(seed, kIdleRecover, r));
    if (!rng.chance(0.6)) continue;
    // 第二条 second case in 2025: under a third developed, under 25 % invested, stopped a year
    // (two when it started two years before); nothing produced yet.
    const double share = round_to(rng.range(0.10, 0.32), 0.01);
    before.set(r, developed, share);
    before.set(r, invested, round_to(rng.range(0.08, 0.24), 0.01));
    before.set(r, c.stopped_years, *start <= year_before - 731 && rng.chance(0.4) ? 2.0 : 1.0);
    before.set(r, c.floor_area_m2, round_to(p.real(c.floor_area_m2) * share, 1.0));
    before.set(r, c.building_coverage, round_to(p.real(c.building_coverage) * share, 0.001));
    for (std::size_t col : {c.output_10k_yuan, c.tax_10k_yuan, c.value_added_10k_yuan, c.energy_tce,
                            c.rd_10k_yuan, c.revenue_10k_yuan, c.throughput_t})
      set_if_known(before, r, col, 0.0);
    if (!now.null_at(r, c.employees)) before.set(r, c.employees, std::int64_t{0});
    set_if_known(before, r, c.storage_floor_area_m2,
                 round_to(p.real(c.storage_floor_area_m2) * share, 1.0));
    ++n.recovered;
  }

  project_starts(d, seed, year_before, n);
  return n;
}

}  // namespace hubland::sample::detail

// The supply-contract dates and progress of the sample's parcels (《闲置土地处置办法》 第二条):
// agreed start date, actual start, developed and invested shares, recorded cause of idleness.
// Columns appended to the parcel table after its rows exist, from their own random stream, so
// that every other draw keeps its value.

#include "generator_parts.hpp"
#include "hubland/layers/dates.hpp"

namespace hubland::sample::detail {

void add_idle_dates(Dataset& d, std::uint64_t seed) {
  Table& t = d.parcels;
  const std::size_t agreed = t.add_column("agreed_start_date", FieldType::Text);
  const std::size_t started = t.add_column("started_date", FieldType::Text);
  const std::size_t developed = t.add_column("developed_share", FieldType::Real, "ratio");
  const std::size_t invested = t.add_column("invested_share", FieldType::Real, "ratio");
  const std::size_t cause = t.add_column("idle_cause", FieldType::Text);
  const long as_of = *layers::iso_day_number(kSampleAsOf);
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    Rng rng(key(seed, kIdleDates, r));
    const double idle = t.null_at(r, d.pc.idle_years) ? 0.0 : t.real_at(r, d.pc.idle_years);
    const double stopped =
        t.null_at(r, d.pc.stopped_years) ? 0.0 : t.real_at(r, d.pc.stopped_years);
    const auto contract = layers::iso_day_number(std::string(t.text_at(r, d.pc.contract_date)));
    if (idle > 0) {
      // Not started: the agreed date lies `idle` years (and up to half a year more) before the
      // analysis date; the cause is mostly not recorded, sometimes the user's or the government's.
      const long day = as_of - static_cast<long>(idle * 365.25) - static_cast<long>(rng.pick(180));
      t.set(r, agreed, layers::iso_date(day));
      const double c = rng.uniform();
      if (c < 0.15)
        t.set(r, cause, std::string("government"));
      else if (c < 0.45)
        t.set(r, cause, std::string("enterprise"));
      continue;
    }
    // Started: the agreed date half a year after the contract, the start within a year of it.
    const long base = contract ? *contract : as_of - 3650;
    const long agreed_day = base + 180;
    t.set(r, agreed, layers::iso_date(agreed_day));
    t.set(r, started, layers::iso_date(agreed_day + static_cast<long>(rng.pick(365))));
    if (stopped > 0 && rng.chance(0.35)) {
      // 第二条 second case: stopped with little built or invested — suspected idle, not 停产.
      t.set(r, developed, round_to(rng.range(0.10, 0.32), 0.01));
      t.set(r, invested, round_to(rng.range(0.08, 0.24), 0.01));
      if (rng.chance(0.2)) t.set(r, cause, std::string("government"));
    } else {
      t.set(r, developed, round_to(rng.range(0.85, 1.0), 0.01));
      t.set(r, invested, round_to(rng.range(0.90, 1.0), 0.01));
    }
  }
}

}  // namespace hubland::sample::detail

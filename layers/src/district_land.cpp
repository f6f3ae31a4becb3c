// Land stock per district from the land_supply layer (district_land.hpp).
#include "hubland/layers/district_land.hpp"
#include "cells.hpp"

#include <algorithm>
#include <map>

#include "hubland/error.hpp"
#include "hubland/geo/ellipsoid.hpp"
#include "hubland/geo/overlay.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/land_class.hpp"
#include "land_facts.hpp"

namespace hubland::layers {

namespace {

const auto text = detail::cell_text;

struct Stock {
  std::string name;
  double status_mu[4] = {0, 0, 0, 0};
  double disposed_unsupplied_mu = 0, disposed_idle_mu = 0;
};

/// The stock keyed by the layer of `by` (districts or zones): its id and name columns.
Table land_stock(const AnalysisInputs& in, const FactsOptions& options, Role by,
                 const char* id_field, const char* name_field) {
  Table t;
  const auto c_code = t.add_column(id_field, FieldType::Text);
  const auto c_name = t.add_column(name_field, FieldType::Text);
  const std::size_t c_status[4] = {t.add_column("unsupplied_mu", FieldType::Real, "mu"),
                                   t.add_column("supplied_unused_mu", FieldType::Real, "mu"),
                                   t.add_column("reserve_mu", FieldType::Real, "mu"),
                                   t.add_column("supplied_mu", FieldType::Real, "mu")};
  const auto c_dis_u = t.add_column("disposed_unsupplied_mu", FieldType::Real, "mu");
  const auto c_dis_i = t.add_column("disposed_idle_mu", FieldType::Real, "mu");
  if (!in.has(by) || !in.has(Role::LandSupply)) return t;

  // Only the keying layer is overlaid: each supply feature's district (or zone) and area.
  const Layer& keys = in.at(by);
  detail::Keyed k = detail::keyed(keys, id_field, name_field);
  geo::OverlayLayers layers;
  layers.grouped.push_back({to_string(by), keys.geometry, k.groups, geo::GroupUnion::Global});
  const Layer& supply = in.at(Role::LandSupply);
  const Table& a = supply.attributes;
  const auto id = a.find("supply_id"), date = a.find("disposed_date"),
             from = a.find("disposed_from");
  std::vector<std::string> supply_ids(supply.size());
  for (std::size_t i = 0; i < supply.size(); ++i) supply_ids[i] = text(a, i, id);
  geo::OverlayOptions o;
  o.rings_km = {};
  o.isochrones_min = {};
  o.threads = options.threads;
  o.sliver_tolerance_m2 = options.sliver_tolerance_m2;
  o.subjects = geo::SubjectValidity::Trusted;  // both read by read_layer: checked
  o.layers = geo::SubjectValidity::Trusted;
  const geo::OverlayResult r = geo::compute_overlay(supply.geometry, layers, o, &supply_ids);

  const std::vector<double> area_m2 = geo::ellipsoidal_areas_m2(
      supply.geometry, in.working_epsg, options.threads, geo::EllipsoidalMethod::Geodesic);
  const auto as_of = iso_day_number(date_or_today(options.as_of));
  if (!as_of)
    throw Error(ErrorKind::BadInput, "the analysis date '" + options.as_of + "' is not YYYY-MM-DD");
  std::map<std::string, Stock> stock;
  for (std::size_t i = 0; i < supply.size(); ++i) {
    const geo::SubjectFacts& f = r.facts[i];
    if (!f.has_geometry) continue;
    const Where where{.file = supply.source, .layer = supply.layer_name, .feature = supply_ids[i]};
    const SupplyStatus st = detail::supply_status_at(supply, i);
    int best = -1;
    double best_m2 = 0;
    for (const auto& [g, m2] : f.group_m2[0])
      if (m2 > best_m2) best = g, best_m2 = m2;
    const std::string code = best < 0 ? "" : k.ids[static_cast<std::size_t>(best)];
    Stock& s = stock[code];
    if (best >= 0) s.name = k.names[static_cast<std::size_t>(best)];
    const double mu = geo::m2_to_mu(area_m2[i]);
    s.status_mu[static_cast<int>(st)] += mu;
    const std::string when = text(a, i, date);
    if (when.empty()) continue;
    const auto day = iso_day_number(when);
    if (!day) {
      Where w = where;
      w.field = "disposed_date";
      throw Error(ErrorKind::BadInput, "'" + when + "' is not a date YYYY-MM-DD", w);
    }
    if (!(*day <= *as_of && years_between(*day, *as_of) < 1.0)) continue;
    const std::string what = text(a, i, from);
    if (what == "approved_unsupplied")
      s.disposed_unsupplied_mu += mu;
    else if (what == "idle")
      s.disposed_idle_mu += mu;
    else {
      Where w = where;
      w.field = "disposed_from";
      throw Error(ErrorKind::BadInput,
                  "disposed_from '" + what +
                      "' is neither approved_unsupplied (批而未供) nor idle "
                      "(闲置)",
                  w);
    }
  }
  for (const auto& [code, s] : stock) {
    const auto row = t.add_row();
    if (!code.empty()) t.set(row, c_code, code);
    t.set(row, c_name, s.name);
    for (int k = 0; k < 4; ++k) t.set(row, c_status[k], s.status_mu[k]);
    t.set(row, c_dis_u, s.disposed_unsupplied_mu);
    t.set(row, c_dis_i, s.disposed_idle_mu);
  }
  return t;
}

}  // namespace

Table district_land_stock(const AnalysisInputs& in, const FactsOptions& options) {
  return land_stock(in, options, Role::Districts, "district_code", "district_name");
}

Table zone_land_stock(const AnalysisInputs& in, const FactsOptions& options) {
  return land_stock(in, options, Role::Zones, "zone_id", "zone_name");
}

}  // namespace hubland::layers

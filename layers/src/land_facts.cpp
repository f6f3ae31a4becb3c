// District, location-gate and new-vs-existing-land facts (land_facts.hpp; docs/facts.md, section
// 6).
#include "cells.hpp"
#include "land_facts.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "hubland/error.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/facts_columns.hpp"

namespace hubland::layers::detail {

namespace {

const auto text = detail::cell_text;

const auto number = detail::cell_number;

const auto overlap = detail::group_overlap_m2;

}  // namespace

Keyed keyed(const Layer& layer, const char* id_field, const char* name_field) {
  const Table& a = layer.attributes;
  const auto id = a.find(id_field), name = a.find(name_field);
  std::map<std::string, std::string> first_name;
  for (std::size_t i = 0; i < a.row_count(); ++i)
    first_name.emplace(text(a, i, id), text(a, i, name));
  Keyed k;
  for (const auto& [i, n] : first_name) k.ids.push_back(i), k.names.push_back(n);
  for (std::size_t i = 0; i < a.row_count(); ++i)
    k.groups.push_back(static_cast<int>(
        std::lower_bound(k.ids.begin(), k.ids.end(), text(a, i, id)) - k.ids.begin()));
  return k;
}

SupplyStatus supply_status_at(const Layer& supply, std::size_t row) {
  const Table& a = supply.attributes;
  const std::string value = text(a, row, a.find("status"));
  if (const auto st = supply_status_from_string(value)) return *st;
  throw Error(ErrorKind::BadInput,
              "unknown land-supply status '" + value +
                  "' (approved_unsupplied supplied_unused reserve supplied, or 批而未供 供而未用 "
                  "储备 已供)",
              Where{.file = supply.source,
                    .layer = supply.layer_name,
                    .feature = text(a, row, a.find("supply_id")),
                    .field = "status"});
}

GroupedPlan plan_grouped_layers(const AnalysisInputs& in, const LandClassTable* land_classes,
                                geo::OverlayLayers& layers) {
  GroupedPlan plan;
  if (in.has(Role::Districts)) {
    const Layer& d = in.at(Role::Districts);
    Keyed k = keyed(d, "district_code", "district_name");
    plan.district_codes = std::move(k.ids);
    plan.district_names = std::move(k.names);
    plan.districts = layers.grouped.size();
    layers.grouped.push_back(
        {"districts", d.geometry, std::move(k.groups), geo::GroupUnion::Global});
  }
  if (in.has(Role::Parks)) {
    const Layer& p = in.at(Role::Parks);
    Keyed k = keyed(p, "park_id", "park_name");
    geo::GroupedLayer g{"parks", p.geometry, std::move(k.groups), geo::GroupUnion::Global};
    // Every park again as one more group: the share inside any approved park.
    const int any = static_cast<int>(k.ids.size());
    for (const auto& w : p.geometry) g.features.push_back(w), g.groups.push_back(any);
    plan.park_ids = std::move(k.ids);
    plan.park_names = std::move(k.names);
    plan.parks = layers.grouped.size();
    layers.grouped.push_back(std::move(g));
  }
  if (in.has(Role::Zones)) {
    const Layer& z = in.at(Role::Zones);
    if (const auto flag = z.attributes.find("hub_zone")) {
      geo::GroupedLayer g{"hub zone", {}, {}, geo::GroupUnion::Global};
      for (std::size_t i = 0; i < z.size(); ++i)
        if (number(z.attributes, i, flag).value_or(0) == 1)
          g.features.push_back(z.geometry.at(i)), g.groups.push_back(0);
      plan.hub_zone = layers.grouped.size();
      layers.grouped.push_back(std::move(g));
    }
  }

  plan.have_survey = in.has(Role::LandSurvey);
  plan.have_supply = in.has(Role::LandSupply);
  if (!plan.have_survey && !plan.have_supply) return plan;
  geo::GroupedLayer land{"land", {}, {}, geo::GroupUnion::PerSubject};
  auto add = [&](const geo::Wkb& w, std::initializer_list<int> groups) {
    for (int g : groups) land.features.push_back(w), land.groups.push_back(g);
  };
  if (plan.have_supply) {
    const Layer& s = in.at(Role::LandSupply);
    for (std::size_t i = 0; i < s.size(); ++i)
      add(s.geometry.at(i), {kExisting, kKnown, kSupply, kCultOrSupply,
                             kStatusFirst + static_cast<int>(supply_status_at(s, i))});
  }
  if (plan.have_survey) {
    const Layer& s = in.at(Role::LandSurvey);
    if (!land_classes || land_classes->empty())
      throw Error(ErrorKind::BadInput,
                  "the land_survey input needs a land-class table ([land_classes] in the "
                  "ruleset) to tell new construction land from existing",
                  Where{.file = s.source, .layer = s.layer_name, .field = "dlbm"});
    const Table& a = s.attributes;
    const auto code = a.find("dlbm"), tbmj = a.find("tbmj"), tbdlmj = a.find("tbdlmj"),
               reader_area = a.find("area_m2");
    std::map<std::string, std::size_t> unclassified;  // code -> 图斑
    geo::GroupedLayer tiles{"cultivated 图斑", {}, {}, geo::GroupUnion::Global};
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::string c = text(a, i, code);
      const LandClassEntry* e = land_classes->classify(c);
      if (!e) {
        ++unclassified[c.empty() ? "(empty)" : c];
        continue;  // neither existing nor known: counted as new land, and said so
      }
      const geo::Wkb& w = s.geometry.at(i);
      if (e->category == LandCategory::Construction)
        add(w, {kExisting, kKnown, kClassified});
      else if (e->cultivated)
        add(w, {kKnown, kClassified, kCultivated, kCultOrSupply});
      else
        add(w, {kKnown, kClassified});
      if (e->cultivated && tbdlmj) {
        // 图斑地类面积 = TBMJ − 扣除面积 (田坎): the cultivated share of the 图斑.
        const auto net = number(a, i, tbdlmj);
        const auto gross = tbmj ? number(a, i, tbmj) : number(a, i, reader_area);
        const double share = net && gross && *gross > 0 ? std::clamp(*net / *gross, 0.0, 1.0) : 1.0;
        tiles.features.push_back(w);
        tiles.groups.push_back(static_cast<int>(plan.cultivated_net_share.size()));
        plan.cultivated_net_share.push_back(share);
      }
    }
    if (!unclassified.empty()) {
      std::string list;
      std::size_t n = 0;
      for (const auto& [c, count] : unclassified) {
        n += count;
        list += (list.empty() ? "" : ", ") + c + " (" + std::to_string(count) + ")";
      }
      plan.notes.push_back(std::to_string(n) + " 图斑 of " + s.source +
                           " have a 地类编码 the land-class table does not classify: " + list +
                           "; their area is counted as new construction land (unsurveyed_mu)");
    }
    if (!tiles.features.empty()) {
      plan.cultivated_tiles = layers.grouped.size() + 1;  // after the land layer
    }
    plan.land = layers.grouped.size();
    layers.grouped.push_back(std::move(land));
    if (plan.cultivated_tiles) layers.grouped.push_back(std::move(tiles));
    return plan;
  }
  plan.land = layers.grouped.size();
  layers.grouped.push_back(std::move(land));
  return plan;
}

void fill_grouped_facts(const GroupedPlan& plan, const geo::SubjectFacts& f, double area_scale,
                        Table& t, std::size_t row, const std::vector<std::size_t>& columns) {
  const double a = f.area_m2;
  if (!(a > 0)) return;
  auto col = [&](std::size_t k) { return columns.at(k); };
  auto mu = [&](double planar_m2) { return geo::m2_to_mu(planar_m2 * area_scale); };
  std::size_t k = 0;
  // kDistrictFacts
  if (plan.districts) {
    const auto& ov = f.group_m2[*plan.districts];
    int best = -1;
    double best_m2 = 0;
    for (const auto& [g, m2] : ov)
      if (m2 > best_m2) best = g, best_m2 = m2;  // ascending codes: ties keep the smaller
    if (best >= 0) {
      t.set(row, col(k), plan.district_codes[static_cast<std::size_t>(best)]);
      t.set(row, col(k + 1), plan.district_names[static_cast<std::size_t>(best)]);
    }
    t.set(row, col(k + 2), std::min(1.0, best_m2 / a));
  }
  k += std::size(kDistrictFacts);
  // kLocationFacts: park_id, park_name, park_share, hub_zone_share
  if (plan.parks) {
    const auto& ov = f.group_m2[*plan.parks];
    const int any = static_cast<int>(plan.park_ids.size());
    int best = -1;
    double best_m2 = 0;
    for (const auto& [g, m2] : ov)
      if (g != any && m2 > best_m2) best = g, best_m2 = m2;
    if (best >= 0) {
      t.set(row, col(k), plan.park_ids[static_cast<std::size_t>(best)]);
      t.set(row, col(k + 1), plan.park_names[static_cast<std::size_t>(best)]);
    }
    t.set(row, col(k + 2), std::min(1.0, overlap(ov, any) / a));
  }
  if (plan.hub_zone)
    t.set(row, col(k + 3), std::min(1.0, overlap(f.group_m2[*plan.hub_zone], 0) / a));
  k += std::size(kLocationFacts);
  // kLandFacts: survey_share, new_land_m2, new_land_mu, existing_land_mu, cultivated_mu,
  // unsurveyed_mu, then one column per supply status.
  if (plan.land) {
    const auto& ov = f.group_m2[*plan.land];
    if (plan.have_survey) {
      const double existing = std::min(a, overlap(ov, kExisting));
      const double known = std::min(a, overlap(ov, kKnown));
      const double new_m2 = a - existing;
      // 耕地 not on approved land: (耕地 ∪ approved) − approved.
      double cultivated = std::max(0.0, overlap(ov, kCultOrSupply) - overlap(ov, kSupply));
      if (plan.cultivated_tiles && cultivated > 0) {
        double gross = 0, net = 0;
        for (const auto& [g, m2] : f.group_m2[*plan.cultivated_tiles]) {
          gross += m2;
          net += m2 * plan.cultivated_net_share[static_cast<std::size_t>(g)];
        }
        if (gross > 0) cultivated *= net / gross;
      }
      t.set(row, col(k), std::min(1.0, overlap(ov, kClassified) / a));
      t.set(row, col(k + 1), new_m2 * area_scale);
      t.set(row, col(k + 2), mu(new_m2));
      t.set(row, col(k + 3), mu(a) - mu(new_m2));
      t.set(row, col(k + 4), mu(cultivated));
      t.set(row, col(k + 5), mu(a - known));
    }
    if (plan.have_supply)
      for (const auto& s : kSupplyStatuses)
        t.set(row, col(k + 6 + static_cast<std::size_t>(s.status)),
              mu(overlap(ov, kStatusFirst + static_cast<int>(s.status))));
  }
}

}  // namespace hubland::layers::detail

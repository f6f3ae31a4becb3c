// Building a report's RankRun from a ranking stage (report.hpp, make_rank_run).
#include <set>

#include "hubland/report/report.hpp"

namespace hubland::report {

namespace {

std::vector<std::string> texts(const layers::Layer& l, const char* column) {
  std::vector<std::string> out(l.size());
  if (auto c = l.attributes.find(column))
    for (std::size_t i = 0; i < l.size(); ++i)
      if (!l.attributes.null_at(i, *c)) out[i] = layers::as_text(l.attributes.get(i, *c));
  return out;
}

}  // namespace

RankRun make_rank_run(rules::RankingStage stage, const rules::Ruleset& ruleset,
                      const layers::AnalysisInputs& in,
                      const std::vector<std::string>& flagged_parcel_ids,
                      const std::vector<double>& rings_km, Stamp stamp) {
  const layers::LandClassTable* land_classes =
      ruleset.has_land_classes ? &ruleset.land_classes : nullptr;
  using layers::Role;
  RankRun r;
  r.facts = std::move(stage.facts);
  r.config = std::move(stage.config);
  r.policy = std::move(stage.policy);
  r.ranking = std::move(stage.ranking);
  r.allocations = std::move(stage.allocations);
  r.sensitivity = std::move(stage.sensitivity);
  r.eligibility = std::move(stage.eligibility);
  for (const auto& rule : ruleset.eligibility) {
    r.rules[rule.id] = {{rule.title.zh, rule.title.en}, rule.clause};
    r.rule_order.push_back(rule.id);
  }
  r.stamp = std::move(stamp);
  r.district_land_stock = std::move(stage.district_stock);
  r.issuer = ruleset.report_issuer;
  MapScene& s = r.scene;
  s.rings_km = rings_km;
  if (in.has(Role::Projects)) {
    s.sites = in.at(Role::Projects).geometry;
    s.site_ids = texts(in.at(Role::Projects), "project_id");
  }
  if (in.has(Role::Zones)) {
    s.zones = in.at(Role::Zones).geometry;
    s.zone_ids = texts(in.at(Role::Zones), "zone_id");
    s.zone_names = texts(in.at(Role::Zones), "zone_name");
  }
  if (in.has(Role::Hubs)) {
    s.hubs = in.at(Role::Hubs).geometry;
    s.hub_types = texts(in.at(Role::Hubs), "hub_type");
    s.hub_names = texts(in.at(Role::Hubs), "hub_name");
  }
  if (in.has(Role::Constraints)) {
    s.constraints = in.at(Role::Constraints).geometry;
    s.constraint_kinds = texts(in.at(Role::Constraints), "kind");
  }
  if (in.has(Role::Parcels) && !flagged_parcel_ids.empty()) {
    const auto& parcels = in.at(Role::Parcels);
    const std::set<std::string> flagged(flagged_parcel_ids.begin(), flagged_parcel_ids.end());
    const auto ids = texts(parcels, "parcel_id");
    for (std::size_t i = 0; i < parcels.size(); ++i)
      if (flagged.count(ids[i])) s.low_efficiency.push_back(parcels.geometry[i]);
  }
  if (in.has(Role::LandSurvey)) {
    const auto& survey = in.at(Role::LandSurvey);
    s.land = survey.geometry;
    const auto codes = texts(survey, "dlbm");
    s.land_classes.reserve(codes.size());
    for (const auto& code : codes) s.land_classes.push_back(land_class_key(land_classes, code));
  }
  if (in.has(Role::LandSupply)) {
    const auto& supply = in.at(Role::LandSupply);
    s.supply = supply.geometry;
    for (const auto& status : texts(supply, "status")) {
      const auto st = layers::supply_status_from_string(status);
      s.supply_status.push_back(st ? layers::info(*st).key : status);
    }
  }
  if (in.has(Role::Parks)) {
    s.parks = in.at(Role::Parks).geometry;
    s.park_ids = texts(in.at(Role::Parks), "park_id");
    s.park_names = texts(in.at(Role::Parks), "park_name");
  }
  if (in.has(Role::Districts)) {
    s.districts = in.at(Role::Districts).geometry;
    s.district_codes = texts(in.at(Role::Districts), "district_code");
    s.district_names = texts(in.at(Role::Districts), "district_name");
  }
  return r;
}

std::string land_class_key(const layers::LandClassTable* table, const std::string& dlbm) {
  const layers::LandClassEntry* e = table ? table->classify(dlbm) : nullptr;
  if (!e) return kLandUnclassified;
  if (e->cultivated) return kLandCultivated;
  switch (e->category) {
    case layers::LandCategory::Agricultural:
      return kLandAgricultural;
    case layers::LandCategory::Construction:
      return kLandConstruction;
    case layers::LandCategory::Unused:
      return kLandUnused;
  }
  return kLandUnclassified;
}

}  // namespace hubland::report

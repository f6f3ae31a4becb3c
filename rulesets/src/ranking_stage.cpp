#include "hubland/rules/ranking_stage.hpp"

#include <map>
#include <set>

#include "hubland/layers/facts_columns.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules {

using layers::FieldType;
using layers::Table;

RankingStage run_ranking_stage(Table project_facts, const std::vector<geo::Wkb>& sites,
                               const std::vector<const geo::Wkb*>& flagged_parcels,
                               const Ruleset& ruleset, RankingConfig config,
                               std::optional<double> quota_mu, const StepCallback& on_step) {
  auto step = [&](const std::string& name) {
    if (on_step) on_step(name);
  };
  RankingStage s;
  s.config = std::move(config);
  s.facts = std::move(project_facts);

  step("low-efficiency overlap");
  const std::vector<double> low = low_efficiency_overlap_m2(sites, flagged_parcels);
  const auto& low_col = layers::kProjectOnlyFacts[0];  // on_low_efficiency_m2
  const auto c_low = s.facts.add_column(low_col.name, low_col.type, low_col.unit);
  for (std::size_t r = 0; r < low.size() && r < s.facts.row_count(); ++r)
    s.facts.set(r, c_low, low[r]);
  add_hub_affinity(s.facts, s.config.affinity);

  step("eligibility");
  const FactsDb db(s.facts, Subject::Project, &ruleset);
  s.eligibility = evaluate(db, ruleset.eligibility, Keep::All);

  step("ranking");
  s.ranking = rank_projects(db, s.eligibility, s.config);  // criteria through the same db
  s.facts = db.table();  // with the ruleset's derived columns, which criteria may name
  s.policy = allocation_policy(s.config, quota_mu);
  s.allocations = allocate_ranking(s.facts, s.ranking, s.config, s.policy);

  step("sensitivity (" + std::to_string(s.config.sensitivity.draws) + " draws)");
  std::map<std::string, AllocationRequest> by_id;
  for (const auto& r : requests_in_rank_order(s.facts, s.ranking, s.config))
    by_id[r.project_id] = r;
  std::vector<AllocationRequest> by_model;
  for (std::size_t row : s.ranking.model.rows)
    by_model.push_back(by_id.at(s.ranking.projects[row].project_id));
  s.sensitivity = run_sensitivity(s.ranking.model, by_model, s.policy, s.config.sensitivity);
  return s;
}

FlaggedParcels flagged_parcels(const layers::Layer& parcels, const ScreeningResult& screening) {
  std::set<std::string> flagged;
  for (const auto& g : screening.grades)
    if (!g.flags.empty()) flagged.insert(g.parcel_id);
  FlaggedParcels out;
  const auto id_col = parcels.attributes.index("parcel_id");
  for (std::size_t r = 0; r < parcels.size(); ++r) {
    std::string id = layers::as_text(parcels.attributes.get(r, id_col));
    if (!flagged.count(id)) continue;
    out.geometry.push_back(&parcels.geometry[r]);
    out.ids.push_back(std::move(id));
  }
  return out;
}

FlaggedParcels screen_flagged_parcels(const layers::Layer& parcels,
                                      const layers::Table& parcel_facts, const Ruleset& ruleset) {
  if (!ruleset.has_screening) return {};
  const FactsDb db(parcel_facts, Subject::Parcel, &ruleset);
  return flagged_parcels(parcels, screen(db, ruleset));
}

Table ranking_table(const RankingStage& s) {
  Table t;
  const auto c_id = t.add_column("project_id", FieldType::Text);
  const auto c_name = t.add_column("project_name", FieldType::Text);
  const auto c_zone = t.add_column("zone_id", FieldType::Text);
  const auto c_el = t.add_column("eligible", FieldType::Integer);
  const auto c_score = t.add_column("score", FieldType::Real);
  const auto c_rank = t.add_column("rank", FieldType::Integer);
  const auto c_p05 = t.add_column("rank_p05", FieldType::Integer);
  const auto c_p95 = t.add_column("rank_p95", FieldType::Integer);
  const auto c_share = t.add_column("funded_share", FieldType::Real);
  const auto c_alloc = t.add_column("allocation", FieldType::Text);
  const auto c_mu = t.add_column("allocated_mu", FieldType::Real, "mu");
  const auto c_req = t.add_column("request_mu", FieldType::Real, "mu");
  const auto c_reason = t.add_column("reasons", FieldType::Text);
  const auto c_reason_en = t.add_column("reasons_en", FieldType::Text);
  std::map<std::size_t, std::size_t> k_of;
  for (std::size_t k = 0; k < s.ranking.model.rows.size(); ++k) k_of[s.ranking.model.rows[k]] = k;
  const auto name_col = s.facts.find("project_name");
  const auto zone_col = s.facts.find("zone_id");
  const auto req_col = s.facts.find(s.config.request_column);
  for (std::size_t r = 0; r < s.ranking.projects.size(); ++r) {
    const auto& p = s.ranking.projects[r];
    const auto& a = s.allocations[r];
    const auto i = t.add_row();
    t.set(i, c_id, p.project_id);
    if (name_col) t.set(i, c_name, s.facts.get(r, *name_col));
    if (zone_col) t.set(i, c_zone, layers::as_text(s.facts.get(r, *zone_col)));
    t.set(i, c_el, std::int64_t{p.eligible ? 1 : 0});
    if (p.eligible) {
      const std::size_t k = k_of.at(r);
      t.set(i, c_score, p.score);
      t.set(i, c_rank, std::int64_t{p.rank});
      t.set(i, c_p05, std::int64_t{s.sensitivity.rank_p05[k]});
      t.set(i, c_p95, std::int64_t{s.sensitivity.rank_p95[k]});
      t.set(i, c_share, s.sensitivity.funded_share[k]);
    }
    t.set(i, c_alloc, std::string(to_string(a.status)));
    t.set(i, c_mu, a.allocated_mu);
    if (req_col && !s.facts.null_at(r, *req_col))
      if (auto v = layers::as_number(s.facts.get(r, *req_col))) t.set(i, c_req, *v);
    t.set(i, c_reason, a.reason_zh);
    t.set(i, c_reason_en, a.reason_en);
  }
  return t;
}

}  // namespace hubland::rules

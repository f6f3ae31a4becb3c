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
                               Table district_stock, const Ruleset& ruleset, RankingConfig config,
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
  s.district_stock = std::move(district_stock);
  s.policy.district_reward_mu = district_rewards_mu(s.district_stock, s.config.quota_link);
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

std::map<std::string, double> district_rewards_mu(const Table& stock, const QuotaLink& link) {
  std::map<std::string, double> out;
  if (!link.present) return out;
  const auto code = stock.find("district_code"), unsupplied = stock.find("disposed_unsupplied_mu"),
             idle = stock.find("disposed_idle_mu");
  if (!code || !unsupplied || !idle) return out;
  for (std::size_t r = 0; r < stock.row_count(); ++r) {
    if (stock.null_at(r, *code)) continue;  // land outside every district earns no reward
    const double disposed = layers::as_number(stock.get(r, *unsupplied)).value_or(0) +
                            layers::as_number(stock.get(r, *idle)).value_or(0);
    if (disposed > 0) out[layers::as_text(stock.get(r, *code))] = link.reward_share * disposed;
  }
  return out;
}

layers::FactsOptions facts_options(const layers::AnalysisSpec& spec, const Ruleset& ruleset) {
  layers::FactsOptions o = layers::facts_options(spec);
  if (ruleset.has_land_classes) o.land_classes = &ruleset.land_classes;
  return o;
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

namespace {

std::optional<double> number_at(const Table& t, std::size_t row, std::optional<std::size_t> col) {
  if (!col || t.null_at(row, *col)) return std::nullopt;
  return layers::as_number(t.get(row, *col));
}

std::string text_at(const Table& t, std::size_t row, std::optional<std::size_t> col) {
  return !col || t.null_at(row, *col) ? std::string() : layers::as_text(t.get(row, *col));
}

}  // namespace

Table ranking_table(const RankingStage& s) {
  Table t;
  const auto c_id = t.add_column("project_id", FieldType::Text);
  const auto c_name = t.add_column("project_name", FieldType::Text);
  const auto c_zone = t.add_column("zone_id", FieldType::Text);
  const auto c_dcode = t.add_column("district_code", FieldType::Text);
  const auto c_dname = t.add_column("district_name", FieldType::Text);
  const auto c_el = t.add_column("eligible", FieldType::Integer);
  const auto c_score = t.add_column("score", FieldType::Real);
  const auto c_rank = t.add_column("rank", FieldType::Integer);
  const auto c_p05 = t.add_column("rank_p05", FieldType::Integer);
  const auto c_p95 = t.add_column("rank_p95", FieldType::Integer);
  const auto c_share = t.add_column("funded_share", FieldType::Real);
  const auto c_alloc = t.add_column("allocation", FieldType::Text);
  const auto c_req = t.add_column("request_mu", FieldType::Real, "mu");
  const auto c_new = t.add_column("new_land_mu", FieldType::Real, "mu");
  const auto c_exist = t.add_column("existing_land_mu", FieldType::Real, "mu");
  const auto c_cult = t.add_column("cultivated_mu", FieldType::Real, "mu");
  const auto c_mu = t.add_column("quota_charged_mu", FieldType::Real, "mu");
  const auto c_reward = t.add_column("reward_charged_mu", FieldType::Real, "mu");
  const auto c_reason = t.add_column("reasons", FieldType::Text);
  const auto c_reason_en = t.add_column("reasons_en", FieldType::Text);
  std::map<std::size_t, std::size_t> k_of;
  for (std::size_t k = 0; k < s.ranking.model.rows.size(); ++k) k_of[s.ranking.model.rows[k]] = k;
  const Table& f = s.facts;
  const auto name_col = f.find("project_name");
  const auto zone_col = f.find("zone_id");
  const auto req_col = f.find(s.config.request_column);
  const auto dcode = f.find("district_code"), dname = f.find("district_name");
  const auto new_col = f.find("new_land_mu"), exist_col = f.find("existing_land_mu"),
             cult_col = f.find("cultivated_mu");
  for (std::size_t r = 0; r < s.ranking.projects.size(); ++r) {
    const auto& p = s.ranking.projects[r];
    const auto& a = s.allocations[r];
    const auto i = t.add_row();
    t.set(i, c_id, p.project_id);
    if (name_col) t.set(i, c_name, f.get(r, *name_col));
    if (zone_col) t.set(i, c_zone, text_at(f, r, zone_col));
    if (dcode && !f.null_at(r, *dcode)) t.set(i, c_dcode, text_at(f, r, dcode));
    if (dname && !f.null_at(r, *dname)) t.set(i, c_dname, text_at(f, r, dname));
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
    if (auto v = number_at(f, r, req_col)) t.set(i, c_req, *v);
    if (auto v = number_at(f, r, new_col)) t.set(i, c_new, *v);
    if (auto v = number_at(f, r, exist_col)) t.set(i, c_exist, *v);
    if (auto v = number_at(f, r, cult_col)) t.set(i, c_cult, *v);
    t.set(i, c_mu, a.quota_charged_mu);
    t.set(i, c_reward, a.reward_charged_mu);
    t.set(i, c_reason, a.reason_zh);
    t.set(i, c_reason_en, a.reason_en);
  }
  return t;
}

Table district_totals(const RankingStage& s) {
  struct Sum {
    std::string name;
    std::int64_t projects = 0, eligible = 0, funded = 0, quota_free = 0;
    double request_mu = 0, new_land_mu = 0, existing_land_mu = 0, cultivated_mu = 0, charged_mu = 0,
           reward_charged_mu = 0;
    bool new_land_known = true;
  };
  const Table& f = s.facts;
  const auto dcode = f.find("district_code"), dname = f.find("district_name");
  const auto req_col = f.find(s.config.request_column);
  const auto new_col = f.find("new_land_mu"), exist_col = f.find("existing_land_mu"),
             cult_col = f.find("cultivated_mu");
  std::map<std::string, Sum> by;  // "" = outside every district (or no districts input)
  for (std::size_t r = 0; r < s.ranking.projects.size(); ++r) {
    Sum& d = by[text_at(f, r, dcode)];
    if (d.name.empty()) d.name = text_at(f, r, dname);
    const auto& a = s.allocations[r];
    ++d.projects;
    if (s.ranking.projects[r].eligible) ++d.eligible;
    if (a.status == AllocationStatus::Funded) ++d.funded;
    if (a.quota_free) ++d.quota_free;
    d.request_mu += number_at(f, r, req_col).value_or(0);
    const auto n = number_at(f, r, new_col);
    d.new_land_known = d.new_land_known && n.has_value();
    d.new_land_mu += n.value_or(0);
    d.existing_land_mu += number_at(f, r, exist_col).value_or(0);
    d.cultivated_mu += number_at(f, r, cult_col).value_or(0);
    d.charged_mu += a.quota_charged_mu;
    d.reward_charged_mu += a.reward_charged_mu;
  }
  Table t;
  const auto c_code = t.add_column("district_code", FieldType::Text);
  const auto c_name = t.add_column("district_name", FieldType::Text);
  const auto c_n = t.add_column("projects", FieldType::Integer);
  const auto c_el = t.add_column("eligible", FieldType::Integer);
  const auto c_f = t.add_column("funded", FieldType::Integer);
  const auto c_free = t.add_column("funded_without_quota", FieldType::Integer);
  const auto c_req = t.add_column("request_mu", FieldType::Real, "mu");
  const auto c_new = t.add_column("new_land_mu", FieldType::Real, "mu");
  const auto c_ex = t.add_column("existing_land_mu", FieldType::Real, "mu");
  const auto c_cu = t.add_column("cultivated_mu", FieldType::Real, "mu");
  const auto c_ch = t.add_column("quota_charged_mu", FieldType::Real, "mu");
  const auto c_rw = t.add_column("reward_mu", FieldType::Real, "mu");
  const auto c_rwc = t.add_column("reward_charged_mu", FieldType::Real, "mu");
  for (const auto& [code, d] : by) {
    const auto i = t.add_row();
    if (!code.empty()) t.set(i, c_code, code);
    t.set(i, c_name, code.empty() ? std::string("（区县未定）") : d.name);
    t.set(i, c_n, d.projects);
    t.set(i, c_el, d.eligible);
    t.set(i, c_f, d.funded);
    t.set(i, c_free, d.quota_free);
    t.set(i, c_req, d.request_mu);
    if (d.new_land_known) {  // a sum over unknown parts would state a figure the data lacks
      t.set(i, c_new, d.new_land_mu);
      t.set(i, c_ex, d.existing_land_mu);
      t.set(i, c_cu, d.cultivated_mu);
    }
    t.set(i, c_ch, d.charged_mu);
    const auto reward = s.policy.district_reward_mu.find(code);
    t.set(i, c_rw, reward == s.policy.district_reward_mu.end() ? 0.0 : reward->second);
    t.set(i, c_rwc, d.reward_charged_mu);
  }
  return t;
}

}  // namespace hubland::rules

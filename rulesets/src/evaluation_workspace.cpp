// Zone evaluation from a workspace's runs and the quota caps it sets (evaluation_workspace.hpp).
#include "hubland/rules/evaluation_workspace.hpp"

#include <algorithm>
#include <cmath>

#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules {

namespace {

std::string text_at(const layers::Table& t, std::size_t row, const char* column) {
  const auto c = t.find(column);
  if (!c || t.null_at(row, *c)) return {};
  return layers::as_text(t.get(row, *c));
}

bool has_dataset(const layers::Workspace& ws, std::int64_t run, const std::string& name) {
  for (const auto& d : ws.datasets(run))
    if (d.name == name) return true;
  return false;
}

/// "+ 20 %", "− 10 %", "+ 0 %": the factor's second term, as a bureau writes it.
std::string percent(double share) {
  const std::string s = format_number(std::round(std::fabs(share) * 1000) / 10);
  return (share < 0 ? "\u2212 " : "+ ") + s + " %";
}

}  // namespace

std::map<int, layers::RunRecord> evaluation_runs(const layers::Workspace& ws) {
  std::map<int, layers::RunRecord> out;
  for (const auto& r : ws.runs()) {
    if (r.info.command != "run" || r.status != layers::RunStatus::Completed) continue;
    const auto as_of = r.info.parameters.find("as_of");
    if (as_of == r.info.parameters.end() || as_of->second.size() < 4) continue;
    int year = 0;
    try {
      year = std::stoi(as_of->second.substr(0, 4));
    } catch (const std::exception&) {
      continue;  // not a date: not an evaluation year
    }
    out[year] = r;  // runs() is oldest first: the newest of a year stays
  }
  return out;
}

WorkspaceEvaluation evaluate_workspace(const layers::Workspace& ws, const std::string& ws_name,
                                       const WorkspaceEvaluationRequest& request) {
  auto by_year = evaluation_runs(ws);
  if (request.before) by_year.erase(by_year.lower_bound(*request.before), by_year.end());
  if (by_year.empty())
    throw Error(ErrorKind::BadInput,
                "the workspace has no completed `hubland run` run with an as_of date" +
                    (request.before ? " before " + std::to_string(*request.before) : "") +
                    ": nothing to evaluate (run `hubland run ANALYSIS.toml -o " + ws_name +
                    "` first)",
                Where{.file = ws_name});
  std::string present;
  for (const auto& [y, r] : by_year) present += (present.empty() ? "" : ", ") + std::to_string(y);
  const std::optional<int> main_year =
      request.year ? request.year
                   : (request.compare ? std::optional<int>(by_year.rbegin()->first) : std::nullopt);
  for (const auto& y : {request.compare, main_year})
    if (y && !by_year.count(*y))
      throw Error(ErrorKind::BadInput,
                  "no completed run for year " + std::to_string(*y) +
                      " (years with a completed run: " + present + ")",
                  Where{.file = ws_name});
  WorkspaceEvaluation ev;
  if (main_year) {
    if (request.compare && *request.compare != *main_year) ev.years.push_back(*request.compare);
    ev.years.push_back(*main_year);
  } else {
    for (const auto& [y, r] : by_year) ev.years.push_back(y);
  }
  std::sort(ev.years.begin(), ev.years.end());
  for (int y : ev.years) ev.runs[y] = by_year.at(y);
  const layers::RunRecord& newest = ev.runs.at(ev.years.back());

  std::string ruleset_path = request.ruleset_path;
  if (ruleset_path.empty())
    for (const auto& in : newest.info.inputs)
      if (in.role == "ruleset") ruleset_path = in.path;
  if (ruleset_path.empty())
    throw Error(ErrorKind::BadInput,
                "run " + std::to_string(newest.id) + " records no ruleset: pass --ruleset FILE",
                Where{.file = ws_name});
  ev.ruleset = load_ruleset(ruleset_path);
  if (!ev.ruleset.has_evaluation)
    throw Error(ErrorKind::BadInput,
                "the ruleset has no [evaluation] table (docs/evaluation.md); pass --ruleset FILE",
                Where{.file = ruleset_path});

  if (has_dataset(ws, newest.id, "zones")) {
    ev.zone_layer = ws.layer("zones", newest.id);
    for (std::size_t r = 0; r < ev.zone_layer->size(); ++r)
      ev.zones.push_back({text_at(ev.zone_layer->attributes, r, "zone_id"),
                          text_at(ev.zone_layer->attributes, r, "zone_name"),
                          text_at(ev.zone_layer->attributes, r, "zone_type")});
  }
  const std::size_t n = ev.years.size();
  ev.facts.resize(n);
  ev.grades.resize(n);
  ev.rankings.resize(n);
  ev.projects.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const layers::RunRecord& run = ev.runs.at(ev.years[i]);
    ev.facts[i] = ws.table("facts", run.id);
    for (auto [name, table] :
         {std::pair{"grades", &ev.grades[i]}, std::pair{"ranking", &ev.rankings[i]},
          std::pair{"projects", &ev.projects[i]}})
      if (has_dataset(ws, run.id, name)) *table = ws.table(name, run.id);
    ev.as_of.push_back(run.info.parameters.at("as_of"));
  }
  // The year before the first one evaluated (when the workspace has it) gives the prev_*
  // columns and the quota granted the year before, so `--year Y` counts what changed during Y
  // as a run over every year does.
  if (auto it = by_year.find(ev.years.front()); it != by_year.begin()) {
    const layers::RunRecord& prev_run = std::prev(it)->second;
    if (has_dataset(ws, prev_run.id, "grades")) ev.grades_before = ws.table("grades", prev_run.id);
    if (has_dataset(ws, prev_run.id, "ranking"))
      ev.ranking_before = ws.table("ranking", prev_run.id);
  }
  ev.rows = evaluate_zones(ev.ruleset, ev.zones, ev.inputs());
  return ev;
}

std::vector<EvaluationYear> WorkspaceEvaluation::inputs() const {
  std::vector<EvaluationYear> out;
  for (std::size_t i = 0; i < years.size(); ++i) {
    EvaluationYear in{years[i], &facts[i]};
    // An empty table is a dataset the run did not store.
    if (grades[i].column_count()) in.grades = &grades[i];
    if (rankings[i].column_count()) in.ranking = &rankings[i];
    if (projects[i].column_count()) in.projects = &projects[i];
    in.as_of = as_of[i];
    out.push_back(in);
  }
  if (!out.empty()) {
    if (grades_before) out.front().previous_grades = &*grades_before;
    if (ranking_before) out.front().previous_ranking = &*ranking_before;
  }
  return out;
}

std::vector<ZoneQuotaCap> zone_quota_caps(const Ruleset& ruleset,
                                          const std::vector<ZoneEvaluation>& rows, int year) {
  const EvaluationConsequence& cq = ruleset.evaluation.consequence;
  const std::map<std::string, double> no_caps;
  const auto& ruleset_caps = ruleset.has_ranking ? ruleset.ranking.zone_caps_mu : no_caps;
  std::vector<ZoneQuotaCap> out;
  for (const auto& e : rows) {
    if (e.year != year) continue;
    ZoneQuotaCap c;
    c.zone_id = e.zone_id;
    c.zone_name = e.zone_name;
    c.zone_type = e.zone_type;
    c.evaluated_year = year;
    c.for_year = year + 1;
    c.grade = e.grade;
    c.score = e.score;
    if (auto it = ruleset_caps.find(e.zone_id); it != ruleset_caps.end()) {
      c.base_cap_mu = it->second;
      c.base_source = "[ranking] zone_caps_mu";
    } else if (cq.base_cap_mu > 0) {
      c.base_cap_mu = cq.base_cap_mu;
      c.base_source = "[evaluation.consequence] base_cap_mu";
    }
    const std::string y = std::to_string(year);
    if (!c.base_cap_mu) {
      c.source = y + " 年评价 " + c.grade + " 级；无基数，不设上限 / evaluation " + y + " grade " +
                 c.grade + "; no base cap: uncapped";
      out.push_back(std::move(c));
      continue;
    }
    const std::string base = format_number(*c.base_cap_mu);
    if (c.grade == "-") {
      c.cap_mu = c.base_cap_mu;
      c.source = y + " 年评价无得分，按基数 " + base + " 亩 / evaluation " + y +
                 ": no score, the base " + base + " mu";
    } else {
      c.quota_change_share = cq.present ? cq.change_for(c.grade) : 0.0;
      c.cap_mu = *c.base_cap_mu * (1 + c.quota_change_share);
      const std::string share = percent(c.quota_change_share),
                        cap = format_number(std::round(*c.cap_mu * 100) / 100);
      c.source = y + " 年评价 " + c.grade + " 级：" + base + " 亩 × (1 " + share + ") = " + cap +
                 " 亩 / evaluation " + y + " grade " + c.grade + ": " + base + " mu × (1 " + share +
                 ") = " + cap + " mu";
    }
    c.source += " (" + c.base_source + ")";
    out.push_back(std::move(c));
  }
  return out;
}

layers::Table zone_quota_caps_table(const std::vector<ZoneQuotaCap>& caps) {
  using layers::FieldType;
  layers::Table t;
  for (const char* c : {"zone_id", "zone_name", "zone_type"}) t.add_column(c, FieldType::Text);
  t.add_column("evaluated_year", FieldType::Integer);
  t.add_column("for_year", FieldType::Integer);
  t.add_column("grade", FieldType::Text);
  t.add_column("score", FieldType::Real, "0..100");
  t.add_column("base_cap_mu", FieldType::Real, "mu");
  t.add_column("base_source", FieldType::Text);
  t.add_column("quota_change_share", FieldType::Real, "ratio");
  t.add_column("cap_mu", FieldType::Real, "mu");
  t.add_column("source", FieldType::Text);
  t.resize(caps.size());
  for (std::size_t r = 0; r < caps.size(); ++r) {
    const ZoneQuotaCap& c = caps[r];
    t.set(r, 0, c.zone_id);
    t.set(r, 1, c.zone_name);
    t.set(r, 2, c.zone_type);
    t.set(r, 3, static_cast<std::int64_t>(c.evaluated_year));
    t.set(r, 4, static_cast<std::int64_t>(c.for_year));
    t.set(r, 5, c.grade);
    if (c.score) t.set(r, 6, *c.score);
    if (c.base_cap_mu) t.set(r, 7, *c.base_cap_mu);
    t.set(r, 8, c.base_source);
    t.set(r, 9, c.quota_change_share);
    if (c.cap_mu) t.set(r, 10, *c.cap_mu);
    t.set(r, 11, c.source);
  }
  return t;
}

EvaluationCaps evaluation_caps(const layers::Workspace& ws, const std::string& ws_name,
                               const Ruleset& ruleset, int as_of_year) {
  EvaluationCaps out;
  const std::string y = std::to_string(as_of_year);
  if (!ruleset.has_evaluation) {
    out.reason = "规则集无 [evaluation] / the ruleset has no [evaluation]";
    return out;
  }
  auto by_year = evaluation_runs(ws);
  by_year.erase(by_year.lower_bound(as_of_year), by_year.end());
  if (by_year.empty()) {
    out.reason = ws_name + " 中无 " + y + " 年以前的评价年度 / no evaluation year before " + y +
                 " in " + ws_name;
    return out;
  }
  WorkspaceEvaluationRequest req;
  req.year = by_year.rbegin()->first;
  req.ruleset_path = ruleset.file;
  const WorkspaceEvaluation ev = evaluate_workspace(ws, ws_name, req);
  out.found = true;
  out.evaluated_year = *req.year;
  out.run = ev.runs.at(*req.year).id;
  out.caps = zone_quota_caps(ruleset, ev.rows, *req.year);
  return out;
}

std::string apply_evaluation_caps(RankingConfig& config, const EvaluationCaps* caps) {
  config.zone_cap_sources.clear();
  for (const auto& [zone, mu] : config.zone_caps_mu)
    config.zone_cap_sources[zone] = "[ranking] zone_caps_mu";
  if (!config.caps_from_evaluation) return "zone caps: [ranking] zone_caps_mu";
  if (!caps || !caps->found) {
    const std::string why =
        caps ? caps->reason
             : "未指定评价工作空间 / no evaluation workspace given (--evaluation WS)";
    for (auto& [zone, source] : config.zone_cap_sources)
      source += " — 未采用评价结果 / no evaluation used: " + why;
    return "zone caps: [ranking] zone_caps_mu; caps_from_evaluation: " + why;
  }
  for (const auto& c : caps->caps) {
    if (!c.cap_mu) continue;
    config.zone_caps_mu[c.zone_id] = *c.cap_mu;
    config.zone_cap_sources[c.zone_id] = c.source;
  }
  return "zone caps from the zone evaluation of " + std::to_string(caps->evaluated_year) +
         " (run " + std::to_string(caps->run) + ")";
}

std::string caps_for_ranking(RankingConfig& config, const Ruleset& ruleset,
                             const layers::Workspace* ws, const std::string& ws_name,
                             const std::string& as_of_date) {
  if (!config.caps_from_evaluation || !ws) return apply_evaluation_caps(config, nullptr);
  int year = 0;
  try {
    year = std::stoi(as_of_date.substr(0, 4));
  } catch (const std::exception&) {
    throw Error(ErrorKind::BadInput, "analysis date '" + as_of_date + "' is not YYYY-MM-DD");
  }
  const EvaluationCaps caps = evaluation_caps(*ws, ws_name, ruleset, year);
  return apply_evaluation_caps(config, &caps);
}

}  // namespace hubland::rules

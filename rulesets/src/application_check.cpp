// Checks of a zone office's application against the workspace (application_check.hpp).
#include "hubland/rules/application_check.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hubland/error.hpp"
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/sha256.hpp"
#include "hubland/layers/table_json.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/evaluation_workspace.hpp"
#include "hubland/rules/evaluator.hpp"

namespace fs = std::filesystem;

namespace hubland::rules {

namespace {

using layers::Role;

std::vector<double> number_list(const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    double v = 0;
    if (std::from_chars(item.data(), item.data() + item.size(), v).ec == std::errc())
      out.push_back(v);
  }
  return out;
}

std::optional<double> number(const std::map<std::string, std::string>& p, const char* key) {
  const auto it = p.find(key);
  if (it == p.end()) return std::nullopt;
  double v = 0;
  const auto& t = it->second;
  if (std::from_chars(t.data(), t.data() + t.size(), v).ec != std::errc()) return std::nullopt;
  return v;
}

/// The ruleset a run recorded (find_recorded_ruleset), loaded.
Ruleset recorded_ruleset(const layers::Workspace& ws, const layers::RunRecord& run,
                         std::string& origin) {
  const auto found = find_recorded_ruleset(ws, run.info);
  if (!found) {
    const std::string& sha = run.info.ruleset_sha256;
    std::string path;
    for (const auto& in : run.info.inputs)
      if (in.role == "ruleset") path = in.path;
    throw Error(ErrorKind::Io,
                "run " + std::to_string(run.id) + " used the ruleset " +
                    (path.empty() ? std::string("(no path recorded)") : path) + " (SHA-256 " +
                    sha.substr(0, 12) +
                    "…), which is neither on this machine nor stored in the workspace; run "
                    "`hubland run` again with it",
                Where{.file = ws.location()});
  }
  if (found->text) {
    origin = "workspace (ruleset stored with run " + std::to_string(run.id) + ")";
    return load_ruleset_text(
        *found->text, ws.location() + " (ruleset " + run.info.ruleset_sha256.substr(0, 12) + ")");
  }
  origin = "file " + found->path;
  return load_ruleset(found->path);
}

/// `into` gains the application's row: columns matched by name (added when new), a row with the
/// same id replaced. Returns the row index.
std::size_t put_subject(layers::Layer& into, const layers::Layer& subject, const char* id_col) {
  const layers::Table& from = subject.attributes;
  layers::Table& t = into.attributes;
  const std::string id = layers::as_text(from.get(0, from.index(id_col)));
  std::optional<std::size_t> row;
  if (const auto c = t.find(id_col))
    for (std::size_t r = 0; r < t.row_count(); ++r)
      if (layers::as_text(t.get(r, *c)) == id) row = r;
  if (!row) {
    row = t.add_row();
    if (into.epsg != 0 || !subject.geometry.empty()) into.geometry.resize(t.row_count());
  }
  for (std::size_t c = 0; c < t.column_count(); ++c) t.set_null(*row, c);
  for (std::size_t c = 0; c < from.column_count(); ++c) {
    const auto& col = from.column(c);
    auto dst = t.find(col.name);
    if (!dst) dst = t.add_column(col.name, col.type, col.unit);
    const layers::Value v = from.get(0, c);
    if (layers::is_null(v)) continue;
    switch (t.column(*dst).type) {
      case layers::FieldType::Text:
        t.set(*row, *dst, layers::as_text(v));
        break;
      case layers::FieldType::Real:
        if (const auto n = layers::as_number(v)) t.set(*row, *dst, *n);
        break;
      case layers::FieldType::Integer:
        if (const auto n = layers::as_number(v)) t.set(*row, *dst, std::int64_t(*n));
        break;
    }
  }
  if (!subject.geometry.empty()) into.geometry.at(*row) = subject.geometry.front();
  return *row;
}

nlohmann::json finding_json(const Finding& f) {
  return {{"rule_id", f.rule_id},     {"outcome", to_string(f.outcome)}, {"actual", f.actual},
          {"threshold", f.threshold}, {"reason_zh", f.reason_zh},        {"reason_en", f.reason_en},
          {"clause", f.clause}};
}

/// Row `row` of `from` as a one-row table with the same columns.
layers::Table one_row(const layers::Table& from, std::size_t row) {
  layers::Table t;
  for (const auto& c : from.columns()) t.add_column(c.name, c.type, c.unit);
  t.add_row();
  for (std::size_t c = 0; c < from.column_count(); ++c) t.set(0, c, from.get(row, c));
  return t;
}

Outcome outcome_from(const std::string& s) {
  for (Outcome o :
       {Outcome::Pass, Outcome::Fail, Outcome::Flag, Outcome::NotApplicable, Outcome::Condition})
    if (s == to_string(o)) return o;
  throw Error(ErrorKind::BadInput, "unknown outcome '" + s + "'");
}

void project_checks(const WorkspaceAnalysis& basis, const layers::Application& a,
                    const StepCallback& on_step, ApplicationAssessment& out) {
  out.inputs = basis.inputs;
  layers::Layer& projects = out.inputs.layers[Role::Projects];
  if (projects.attributes.column_count() == 0) {  // the basis had no projects: this one alone
    projects = layers::Layer{};
    projects.role = Role::Projects;
    projects.epsg = basis.inputs.working_epsg;
  }
  const std::size_t row = put_subject(projects, a.subject, "project_id");
  const layers::FactsOptions fo = facts_options(basis.spec, basis.ruleset);
  if (on_step) on_step("project facts");
  layers::Table facts = layers::compute_project_facts(out.inputs, fo).facts;
  FlaggedParcels flagged;
  if (out.inputs.has(Role::Parcels) && basis.ruleset.has_screening) {
    if (on_step) on_step("screening parcels for low-efficiency land");
    flagged =
        screen_flagged_parcels(out.inputs.at(Role::Parcels),
                               layers::compute_parcel_facts(out.inputs, fo).facts, basis.ruleset);
  }
  out.flagged_parcel_ids = flagged.ids;
  out.stage = run_ranking_stage(std::move(facts), projects.geometry, flagged.geometry,
                                layers::district_land_stock(out.inputs, fo), basis.ruleset,
                                basis.ruleset.ranking_config(), basis.spec.quota_mu, on_step);
  const RankingStage& st = out.stage;
  ApplicationChecks& c = out.checks;
  for (const auto& f : st.eligibility)
    if (f.subject_id == c.subject_id) c.findings.push_back(f);
  c.facts = one_row(st.facts, row);
  const ProjectRanking& p = st.ranking.projects.at(row);
  c.eligible = p.eligible;
  c.ranked = static_cast<int>(st.ranking.order.size());
  if (p.eligible) {
    c.rank = p.rank;
    c.score = p.score;
    const auto& rows = st.ranking.model.rows;
    if (const auto k = std::find(rows.begin(), rows.end(), row); k != rows.end()) {
      const auto i = static_cast<std::size_t>(k - rows.begin());
      c.rank_p05 = st.sensitivity.rank_p05.at(i);
      c.rank_p95 = st.sensitivity.rank_p95.at(i);
      c.funded_share = st.sensitivity.funded_share.at(i);
    }
  }
  const Allocation& al = st.allocations.at(row);
  c.allocation = to_string(al.status);
  c.quota_charged_mu = al.quota_charged_mu;
  c.quota_free = al.quota_free;
  c.allocation_reason_zh = al.reason_zh;
  c.allocation_reason_en = al.reason_en;
  const std::string request_col = st.config.request_column;
  if (const auto col = st.facts.find(request_col.empty() ? "land_mu" : request_col))
    c.request_mu = layers::as_number(st.facts.get(row, *col)).value_or(0);
  if (const auto col = st.facts.find("new_land_mu"))
    c.new_land_mu = layers::as_number(st.facts.get(row, *col));
}

void conversion_checks(const WorkspaceAnalysis& basis, const layers::Application& a,
                       const StepCallback& on_step, ApplicationAssessment& out) {
  if (!basis.inputs.has(Role::Parcels))
    throw Error(ErrorKind::BadInput, "run " + std::to_string(basis.run) +
                                         " stored no parcels: a conversion request "
                                         "cannot be checked without its parcel");
  layers::Layer requests;
  requests.role = Role::Conversions;
  if (basis.inputs.has(Role::Conversions)) requests = basis.inputs.at(Role::Conversions);
  requests.geometry.clear();
  requests.epsg = 0;
  layers::Layer subject = a.subject;
  subject.geometry.clear();
  put_subject(requests, subject, "request_id");
  const layers::FactsOptions fo = facts_options(basis.spec, basis.ruleset);
  if (on_step) on_step("parcel facts");
  const layers::Table parcel_facts = layers::compute_parcel_facts(basis.inputs, fo).facts;
  if (on_step) on_step("conversion checks");
  const FactsDb db(request_facts(requests.attributes, parcel_facts), Subject::Request,
                   &basis.ruleset);
  const ConversionResult result = check_conversions(db, basis.ruleset);
  ApplicationChecks& c = out.checks;
  for (const auto& f : result.findings)
    if (f.subject_id == c.subject_id) c.findings.push_back(f);
  const auto id_col = db.table().index("request_id");
  for (std::size_t r = 0; r < db.table().row_count(); ++r)
    if (layers::as_text(db.table().get(r, id_col)) == c.subject_id)
      c.facts = one_row(db.table(), r);
  for (const auto& v : result.verdicts)
    if (v.request_id == c.subject_id) {
      c.verdict = to_string(v.verdict);
      c.conditions = v.conditions;
    }
}

}  // namespace

std::optional<RecordedRuleset> find_recorded_ruleset(const layers::Workspace& ws,
                                                     const layers::RunInfo& info) {
  RecordedRuleset r;
  std::string sha = info.ruleset_sha256;
  for (const auto& in : info.inputs)
    if (in.role == "ruleset") {
      r.path = in.path;
      if (sha.empty()) sha = in.sha256;
    }
  std::error_code ec;
  if (!r.path.empty() && fs::is_regular_file(r.path, ec)) {
    try {
      if (sha.empty() || layers::sha256_file(r.path) == sha) return r;
    } catch (const Error&) {
      // unreadable: as if missing
    }
  }
  if (!sha.empty())
    if (auto text = ws.ruleset_text(sha)) {
      r.text = std::move(*text);
      return r;
    }
  return std::nullopt;
}

WorkspaceAnalysis load_workspace_analysis(const layers::Workspace& ws, const StepCallback& on_step,
                                          std::optional<std::int64_t> run) {
  WorkspaceAnalysis wa;
  std::optional<layers::RunRecord> basis;
  // The analysis of the latest date (a run of an earlier year, stored later for the zone
  // evaluation, is not the basis); among runs of one date the newest.
  auto as_of = [](const layers::RunRecord& r) {
    const auto it = r.info.parameters.find("as_of");
    return it == r.info.parameters.end() ? std::string() : it->second;
  };
  for (const auto& r : ws.runs())
    if (r.info.command == "run" && r.status == layers::RunStatus::Completed &&
        (run ? r.id == *run : !basis || as_of(r) >= as_of(*basis)))
      basis = r;
  if (!basis)
    throw Error(ErrorKind::BadInput,
                run ? "run " + std::to_string(*run) + " is not a completed `hubland run` run"
                    : std::string("the workspace has no completed `hubland run` run to check "
                                  "applications against"),
                Where{.file = ws.location()});
  wa.run = basis->id;
  wa.ruleset = recorded_ruleset(ws, *basis, wa.ruleset_origin);
  const auto& params = basis->info.parameters;
  wa.spec.file = ws.location();
  wa.spec.ruleset = wa.ruleset.file;
  if (const auto it = params.find("as_of"); it != params.end()) wa.spec.as_of = it->second;
  wa.spec.quota_mu = number(params, "quota_mu");
  if (const auto it = params.find("rings_km"); it != params.end())
    wa.spec.rings_km = number_list(it->second);
  if (const auto it = params.find("isochrones_min"); it != params.end())
    wa.spec.isochrones_min = number_list(it->second);
  if (const auto v = number(params, "access_speed_kmh")) wa.spec.access_speed_kmh = *v;
  if (const auto v = number(params, "sliver_tolerance_m2")) wa.spec.sliver_tolerance_m2 = *v;
  for (const auto& ds : ws.datasets(basis->id)) {
    if (ds.kind != layers::DatasetKind::Layer && ds.name != "conversions") continue;
    Role role;
    try {
      role = layers::role_from_string(ds.name);
    } catch (const Error&) {
      continue;  // a dataset that is no input role (none today)
    }
    if (on_step) on_step("reading " + ds.name);
    layers::Layer layer = ws.layer(ds.name, basis->id);
    layer.role = role;
    if (ds.kind == layers::DatasetKind::Layer && wa.inputs.working_epsg == 0)
      wa.inputs.working_epsg = layer.epsg;
    wa.inputs.layers[role] = std::move(layer);
  }
  return wa;
}

ApplicationAssessment assess_application(const WorkspaceAnalysis& basis,
                                         const layers::Application& a,
                                         const StepCallback& on_step) {
  if (a.subject.size() != 1)
    throw Error(ErrorKind::BadInput, "application " + std::to_string(a.id) +
                                         ": the subject must be one feature, not " +
                                         std::to_string(a.subject.size()));
  ApplicationAssessment out;
  ApplicationChecks& c = out.checks;
  c.kind = layers::to_string(a.kind);
  c.subject_id = a.subject_id;
  c.checked_utc = layers::utc_now_iso();
  c.basis_run = basis.run;
  c.ruleset_id = basis.ruleset.id;
  c.ruleset_sha256 = basis.ruleset.sha256;
  c.as_of = layers::analysis_date(basis.spec);
  if (a.kind == layers::ApplicationKind::Project) {
    if (a.subject.epsg != basis.inputs.working_epsg)
      throw Error(ErrorKind::BadInput,
                  "application " + std::to_string(a.id) +
                      ": the site is in EPSG:" + std::to_string(a.subject.epsg) +
                      ", the workspace works in EPSG:" + std::to_string(basis.inputs.working_epsg));
    project_checks(basis, a, on_step, out);
  } else {
    conversion_checks(basis, a, on_step, out);
  }
  return out;
}

std::string ApplicationChecks::to_json() const {
  nlohmann::json j{
      {"kind", kind},           {"subject_id", subject_id}, {"checked_utc", checked_utc},
      {"basis_run", basis_run}, {"ruleset_id", ruleset_id}, {"ruleset_sha256", ruleset_sha256},
      {"as_of", as_of}};
  nlohmann::json fs = nlohmann::json::array();
  for (const auto& f : findings) fs.push_back(finding_json(f));
  j["findings"] = fs;
  j["facts"] = nlohmann::json::parse(layers::row_to_json(facts));
  if (kind == "project") {
    j["eligible"] = eligible;
    j["rank"] = rank;
    j["ranked"] = ranked;
    j["rank_p05"] = rank_p05;
    j["rank_p95"] = rank_p95;
    j["funded_share"] = funded_share;
    j["score"] = score;
    j["allocation"] = allocation;
    j["request_mu"] = request_mu;
    j["new_land_mu"] = new_land_mu ? nlohmann::json(*new_land_mu) : nlohmann::json(nullptr);
    j["quota_charged_mu"] = quota_charged_mu;
    j["quota_free"] = quota_free;
    j["allocation_reason_zh"] = allocation_reason_zh;
    j["allocation_reason_en"] = allocation_reason_en;
  } else {
    j["verdict"] = verdict;
    j["conditions"] = conditions;
  }
  return j.dump();
}

ApplicationChecks ApplicationChecks::from_json(const std::string& text, const std::string& what) {
  ApplicationChecks c;
  try {
    const auto j = nlohmann::json::parse(text);
    c.kind = j.at("kind").get<std::string>();
    c.subject_id = j.at("subject_id").get<std::string>();
    c.checked_utc = j.at("checked_utc").get<std::string>();
    c.basis_run = j.at("basis_run").get<std::int64_t>();
    c.ruleset_id = j.at("ruleset_id").get<std::string>();
    c.ruleset_sha256 = j.at("ruleset_sha256").get<std::string>();
    c.as_of = j.at("as_of").get<std::string>();
    for (const auto& f : j.at("findings"))
      c.findings.push_back(
          {c.subject_id, f.at("rule_id").get<std::string>(),
           outcome_from(f.at("outcome").get<std::string>()), f.at("actual").get<std::string>(),
           f.at("threshold").get<std::string>(), f.at("reason_zh").get<std::string>(),
           f.at("reason_en").get<std::string>(), f.at("clause").get<std::string>()});
    c.facts = layers::row_from_json(j.at("facts").dump(), what);
    if (c.kind == "project") {
      c.eligible = j.at("eligible").get<bool>();
      c.rank = j.at("rank").get<int>();
      c.ranked = j.at("ranked").get<int>();
      c.rank_p05 = j.at("rank_p05").get<int>();
      c.rank_p95 = j.at("rank_p95").get<int>();
      c.funded_share = j.at("funded_share").get<double>();
      c.score = j.at("score").get<double>();
      c.allocation = j.at("allocation").get<std::string>();
      c.request_mu = j.at("request_mu").get<double>();
      if (!j.at("new_land_mu").is_null()) c.new_land_mu = j.at("new_land_mu").get<double>();
      c.quota_charged_mu = j.at("quota_charged_mu").get<double>();
      c.quota_free = j.at("quota_free").get<bool>();
      c.allocation_reason_zh = j.at("allocation_reason_zh").get<std::string>();
      c.allocation_reason_en = j.at("allocation_reason_en").get<std::string>();
    } else {
      c.verdict = j.at("verdict").get<std::string>();
      c.conditions = j.at("conditions").get<std::vector<std::string>>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::BadInput, what + ": stored checks unreadable: " + e.what());
  }
  return c;
}

std::vector<std::string> ApplicationChecks::rule_ids() const {
  std::vector<std::string> out;
  for (const auto& f : findings)
    if (std::find(out.begin(), out.end(), f.rule_id) == out.end()) out.push_back(f.rule_id);
  return out;
}

std::vector<std::string> rule_ids(const Ruleset& ruleset) {
  std::vector<std::string> ids;
  for (const auto* list : {&ruleset.screen, &ruleset.conversion, &ruleset.eligibility})
    for (const auto& r : *list) ids.push_back(r.id);
  return ids;
}

layers::Application change_status_checked(layers::Workspace& ws, std::int64_t id,
                                          std::int64_t expected_version,
                                          layers::StatusChange change,
                                          const StepCallback& on_step) {
  using layers::ApplicationStatus;
  if (change.to == ApplicationStatus::Withdrawn)
    return ws.change_status(id, expected_version, change);
  const layers::Application a = ws.application(id);
  const WorkspaceAnalysis basis = load_workspace_analysis(ws, on_step);
  const auto known = rule_ids(basis.ruleset);
  for (const auto& r : change.rules)
    if (std::find(known.begin(), known.end(), r) == known.end())
      throw Error(ErrorKind::BadInput,
                  "rule " + r + ": the ruleset " + basis.ruleset.id + " has no such rule",
                  Where{.file = basis.ruleset.file, .rule = r});
  change.checks_json = assess_application(basis, a, on_step).checks.to_json();
  const bool decision = change.to == ApplicationStatus::Approved ||
                        change.to == ApplicationStatus::ApprovedWithConditions ||
                        change.to == ApplicationStatus::Rejected;
  if (decision && a.status == ApplicationStatus::Submitted) {
    layers::StatusChange start;
    start.to = ApplicationStatus::UnderReview;
    start.reason = "checks re-run on run " + std::to_string(basis.run);
    start.checks_json = change.checks_json;
    expected_version = ws.change_status(id, expected_version, start).version;
  }
  return ws.change_status(id, expected_version, change);
}

}  // namespace hubland::rules

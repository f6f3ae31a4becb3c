// hubland rank / hubland report (issue 6): rank the projects of an analysis, allocate the quota,
// measure how firm each place is, and write the ranking and the justification reports.
//
// Both commands run the same deterministic pipeline (compute_run):
//   analysis file -> inputs -> project facts (+ parcel facts -> screening -> on_low_efficiency_m2)
//   -> hub affinity -> eligibility findings -> ranking -> allocation -> sensitivity.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"
#include "hubland/rules/sensitivity.hpp"
#include "hubland/version.hpp"
#ifdef HUBLAND_HAVE_REPORT
#include "hubland/report/report.hpp"
#endif

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

using layers::FieldType;
using layers::Role;
using layers::Table;

struct RankOptions {
  std::string analysis;
  std::string out_dir;
  std::optional<double> quota_mu;
  std::string method;  ///< "" = the ruleset's
  std::optional<std::int64_t> seed;
  std::optional<int> draws;
};

/// Everything a run produced (the report's RankRun has the same, plus the map scene).
struct Run {
  Table facts;
  std::vector<geo::Wkb> sites;  ///< facts row order
  int epsg = 0;
  rules::Ruleset ruleset;
  rules::RankingConfig config;
  rules::AllocationPolicy policy;
  rules::Ranking ranking;
  std::vector<rules::Allocation> allocations;
  rules::Sensitivity sensitivity;
  std::vector<rules::Finding> eligibility;
  std::vector<std::pair<std::string, std::string>> input_hashes;
  std::string run_id;
  layers::AnalysisInputs inputs;
  std::vector<std::string> flagged_parcels;  ///< parcel ids the screening flagged
  layers::AnalysisSpec spec;
};

void progress(bool quiet, const std::string& what) {
  if (!quiet) std::cerr << "hubland: " << what << "\n";
}

void set_real_column(Table& t, const std::string& name, const std::vector<double>& values,
                     const char* unit) {
  const auto c = t.add_column(name, FieldType::Real, unit);
  for (std::size_t r = 0; r < values.size() && r < t.row_count(); ++r) t.set(r, c, values[r]);
}

Run compute_run(const RankOptions& o, bool quiet) {
  Run run;
  run.spec = layers::load_analysis(o.analysis);
  const auto& spec = run.spec;
  if (spec.ruleset.empty())
    throw Error(ErrorKind::BadInput, "the analysis names no ruleset ([analysis] ruleset)",
                Where{.file = spec.file});
  if (!spec.inputs.count(Role::Projects))
    throw Error(ErrorKind::BadInput, "the analysis has no projects input ([inputs] projects)",
                Where{.file = spec.file});
  run.ruleset = rules::load_ruleset(spec.ruleset);
  run.config = rules::load_ranking_config(spec.ruleset);
  if (!o.method.empty()) run.config.method = rules::rank_method_from_string(o.method);
  if (o.seed) run.config.sensitivity.seed = static_cast<std::uint64_t>(*o.seed);
  if (o.draws) run.config.sensitivity.draws = *o.draws;

  progress(quiet, "reading inputs");
  run.inputs = layers::load_inputs(spec);
  run.epsg = run.inputs.working_epsg;
  const layers::FactsOptions fo = layers::facts_options(spec);
  progress(quiet, "project facts");
  run.facts = layers::compute_project_facts(run.inputs, fo).facts;
  run.sites = run.inputs.at(Role::Projects).geometry;

  // 存量优先: the overlap with parcels the screening flags as low-efficiency.
  std::vector<double> low(run.facts.row_count(), 0.0);
  if (run.inputs.has(Role::Parcels) && run.ruleset.has_screening) {
    progress(quiet, "screening parcels for low-efficiency land");
    const Table parcel_facts = layers::compute_parcel_facts(run.inputs, fo).facts;
    const rules::FactsDb pdb(parcel_facts, rules::Subject::Parcel, &run.ruleset);
    const rules::ScreeningResult scr = rules::screen(pdb, run.ruleset);
    std::set<std::string> flagged;
    for (const auto& g : scr.grades)
      if (!g.flags.empty()) flagged.insert(g.parcel_id);
    const layers::Layer& parcels = run.inputs.at(Role::Parcels);
    const auto id_col = parcels.attributes.index("parcel_id");
    std::vector<const geo::Wkb*> geoms;
    for (std::size_t r = 0; r < parcels.size(); ++r) {
      const std::string id = layers::as_text(parcels.attributes.get(r, id_col));
      if (!flagged.count(id)) continue;
      geoms.push_back(&parcels.geometry[r]);
      run.flagged_parcels.push_back(id);
    }
    low = rules::low_efficiency_overlap_m2(run.sites, geoms);
  }
  set_real_column(run.facts, "on_low_efficiency_m2", low, "m2");
  rules::add_hub_affinity(run.facts, run.config.affinity);

  progress(quiet, "eligibility");
  const rules::FactsDb db(run.facts, rules::Subject::Project, &run.ruleset);
  run.eligibility = rules::evaluate(db, run.ruleset.eligibility, rules::Keep::All);
  run.facts = db.table();  // with the ruleset's derived columns, which criteria may name

  progress(quiet, "ranking");
  run.ranking = rules::rank_projects(run.facts, run.eligibility, run.config);
  run.policy = rules::allocation_policy(run.config, o.quota_mu ? o.quota_mu : spec.quota_mu);
  run.allocations = rules::allocate_ranking(run.facts, run.ranking, run.config, run.policy);
  const auto in_rank_order = rules::requests_in_rank_order(run.facts, run.ranking, run.config);
  std::map<std::string, rules::AllocationRequest> by_id;
  for (const auto& r : in_rank_order) by_id[r.project_id] = r;
  std::vector<rules::AllocationRequest> by_model;
  for (std::size_t row : run.ranking.model.rows)
    by_model.push_back(by_id.at(run.ranking.projects[row].project_id));
  progress(quiet, "sensitivity (" + std::to_string(run.config.sensitivity.draws) + " draws)");
  run.sensitivity =
      rules::run_sensitivity(run.ranking.model, by_model, run.policy, run.config.sensitivity);

  // Reproducibility: the same files, ruleset and parameters give the same run id.
  std::set<std::string> files;
  for (const auto& [role, source] : spec.inputs) files.insert(source.substr(0, source.find('|')));
  std::string basis = run.ruleset.sha256;
  for (const auto& f : files) {
    const auto rec = layers::describe_input("input", f);
    run.input_hashes.emplace_back(f, rec.sha256);
    basis += "|" + rec.sha256;
  }
  basis += "|" + std::string(rules::to_string(run.config.method)) + "|" +
           std::to_string(run.policy.quota_mu) + "|" + std::to_string(run.sensitivity.seed) + "|" +
           std::to_string(run.sensitivity.draws) + "|" +
           std::to_string(run.sensitivity.perturbation);
  run.run_id = layers::sha256_hex(basis).substr(0, 16);
  return run;
}

Table ranking_table(const Run& run) {
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
  for (std::size_t k = 0; k < run.ranking.model.rows.size(); ++k)
    k_of[run.ranking.model.rows[k]] = k;
  const auto name_col = run.facts.find("project_name");
  const auto zone_col = run.facts.find("zone_id");
  const auto req_col = run.facts.find(run.config.request_column);
  for (std::size_t r = 0; r < run.ranking.projects.size(); ++r) {
    const auto& p = run.ranking.projects[r];
    const auto& a = run.allocations[r];
    const auto i = t.add_row();
    t.set(i, c_id, p.project_id);
    if (name_col) t.set(i, c_name, run.facts.get(r, *name_col));
    if (zone_col) t.set(i, c_zone, layers::as_text(run.facts.get(r, *zone_col)));
    t.set(i, c_el, std::int64_t{p.eligible ? 1 : 0});
    if (p.eligible) {
      const std::size_t k = k_of.at(r);
      t.set(i, c_score, p.score);
      t.set(i, c_rank, std::int64_t{p.rank});
      t.set(i, c_p05, std::int64_t{run.sensitivity.rank_p05[k]});
      t.set(i, c_p95, std::int64_t{run.sensitivity.rank_p95[k]});
      t.set(i, c_share, run.sensitivity.funded_share[k]);
    }
    t.set(i, c_alloc, std::string(rules::to_string(a.status)));
    t.set(i, c_mu, a.allocated_mu);
    if (req_col && !run.facts.null_at(r, *req_col))
      if (auto v = layers::as_number(run.facts.get(r, *req_col))) t.set(i, c_req, *v);
    t.set(i, c_reason, a.reason_zh);
    t.set(i, c_reason_en, a.reason_en);
  }
  return t;
}

nlohmann::json summary_json(const Run& run, const std::string& out_dir) {
  nlohmann::json j;
  j["run_id"] = run.run_id;
  j["ruleset"] = {{"id", run.ruleset.id}, {"sha256", run.ruleset.sha256}};
  j["method"] = rules::to_string(run.config.method);
  j["quota_mu"] = run.policy.quota_mu;
  j["sensitivity"] = {{"draws", run.sensitivity.draws},
                      {"seed", run.sensitivity.seed},
                      {"perturbation", run.sensitivity.perturbation}};
  std::map<std::string, int> counts{{"funded", 0}, {"waitlisted", 0}, {"ineligible", 0}};
  double allocated = 0;
  for (const auto& a : run.allocations) {
    ++counts[rules::to_string(a.status)];
    allocated += a.allocated_mu;
  }
  j["projects"] = run.allocations.size();
  j["counts"] = counts;
  j["allocated_mu"] = allocated;
  nlohmann::json top = nlohmann::json::array();
  std::map<std::size_t, std::size_t> k_of;
  for (std::size_t k = 0; k < run.ranking.model.rows.size(); ++k)
    k_of[run.ranking.model.rows[k]] = k;
  const auto name_col = run.facts.find("project_name");
  for (std::size_t pos = 0; pos < run.ranking.order.size() && pos < 10; ++pos) {
    const std::size_t r = run.ranking.order[pos];
    const std::size_t k = k_of.at(r);
    const auto& p = run.ranking.projects[r];
    top.push_back({{"rank", p.rank},
                   {"project_id", p.project_id},
                   {"project_name", name_col ? layers::as_text(run.facts.get(r, *name_col)) : ""},
                   {"score", p.score},
                   {"rank_p05", run.sensitivity.rank_p05[k]},
                   {"rank_p95", run.sensitivity.rank_p95[k]},
                   {"funded_share", run.sensitivity.funded_share[k]},
                   {"allocation", rules::to_string(run.allocations[r].status)},
                   {"allocated_mu", run.allocations[r].allocated_mu}});
  }
  j["top"] = top;
  if (!out_dir.empty())
    j["outputs"] = {(fs::path(out_dir) / "ranking.csv").string(),
                    (fs::path(out_dir) / "ranking.gpkg").string(),
                    (fs::path(out_dir) / "summary.json").string()};
  return j;
}

void print_summary(const nlohmann::json& j) {
  std::cout << "ranked " << j["projects"].get<std::size_t>() << " projects ("
            << j["method"].get<std::string>() << ", quota " << j["quota_mu"].get<double>()
            << " mu): " << j["counts"]["funded"].get<int>() << " funded, "
            << j["counts"]["waitlisted"].get<int>() << " waitlisted, "
            << j["counts"]["ineligible"].get<int>() << " ineligible; allocated "
            << j["allocated_mu"].get<double>() << " mu; run " << j["run_id"].get<std::string>()
            << "\n";
  std::cout << "rank  project     score     interval  funded   allocation\n";
  for (const auto& t : j["top"]) {
    char line[256];
    std::snprintf(line, sizeof line, "%4d  %-10s  %.6f  %3d-%-3d   %5.1f %%  %s %g mu  %s\n",
                  t["rank"].get<int>(), t["project_id"].get<std::string>().c_str(),
                  t["score"].get<double>(), t["rank_p05"].get<int>(), t["rank_p95"].get<int>(),
                  100.0 * t["funded_share"].get<double>(),
                  t["allocation"].get<std::string>().c_str(), t["allocated_mu"].get<double>(),
                  t["project_name"].get<std::string>().c_str());
    std::cout << line;
  }
}

int run_rank(const RankOptions& o, const Globals& g) {
  const Run run = compute_run(o, g.quiet || g.json);
  fs::create_directories(o.out_dir);
  const Table t = ranking_table(run);
  layers::write_csv(t, (fs::path(o.out_dir) / "ranking.csv").string(), {.bom = true});
  layers::VectorSink sink((fs::path(o.out_dir) / "ranking.gpkg").string(), "GPKG");
  layers::SinkLayerOptions lo;
  lo.epsg = run.epsg;
  sink.add_layer("ranking", t, &run.sites, lo);
  sink.commit();
  const auto j = summary_json(run, o.out_dir);
  layers::write_file_atomic((fs::path(o.out_dir) / "summary.json").string(), j.dump(2) + "\n");
  if (g.json)
    std::cout << j.dump(2) << "\n";
  else
    print_summary(j);
  return 0;
}

#ifdef HUBLAND_HAVE_REPORT
report::RankRun to_report_run(Run run) {
  report::RankRun r;
  r.facts = std::move(run.facts);
  r.config = std::move(run.config);
  r.policy = std::move(run.policy);
  r.ranking = std::move(run.ranking);
  r.allocations = std::move(run.allocations);
  r.sensitivity = std::move(run.sensitivity);
  r.eligibility = std::move(run.eligibility);
  for (const auto& rule : run.ruleset.eligibility) {
    r.rules[rule.id] = {{rule.title.zh, rule.title.en}, rule.clause};
    r.rule_order.push_back(rule.id);
  }
  r.stamp = {run.ruleset.id,   run.ruleset.file, run.ruleset.sha256,
             run.input_hashes, kVersion,         run.run_id};
  auto& s = r.scene;
  s.sites = std::move(run.sites);
  s.rings_km = run.spec.rings_km;
  auto texts = [](const layers::Layer& l, const char* column) {
    std::vector<std::string> out(l.size());
    if (auto c = l.attributes.find(column))
      for (std::size_t i = 0; i < l.size(); ++i) out[i] = layers::as_text(l.attributes.get(i, *c));
    return out;
  };
  const auto& in = run.inputs;
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
  if (in.has(Role::Parcels)) {
    const auto& parcels = in.at(Role::Parcels);
    const std::set<std::string> flagged(run.flagged_parcels.begin(), run.flagged_parcels.end());
    const auto ids = texts(parcels, "parcel_id");
    for (std::size_t i = 0; i < parcels.size(); ++i)
      if (flagged.count(ids[i])) s.low_efficiency.push_back(parcels.geometry[i]);
  }
  return r;
}
#endif

}  // namespace

void register_rank_report(CLI::App& app, Globals& g) {
  auto opts = std::make_shared<RankOptions>();
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("analysis", opts->analysis, "Analysis file (TOML)")->required();
    cmd->add_option("-o,--out", opts->out_dir, "Output folder")->required();
    cmd->add_option("--quota-mu", opts->quota_mu, "Land quota in mu (overrides the analysis)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--method", opts->method, "weighted | topsis (overrides the ruleset)")
        ->check(CLI::IsMember({"weighted", "topsis"}));
    cmd->add_option("--seed", opts->seed, "Seed of the weight perturbation draws")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--draws", opts->draws, "Number of weight perturbation draws")
        ->check(CLI::Range(1, 1000000));
  };
  CLI::App* rank =
      app.add_subcommand("rank", "Rank projects, allocate the quota (ranking.csv/.gpkg)");
  add_common(rank);
  rank->callback([opts, &g] { g.action = [opts, &g] { return run_rank(*opts, g); }; });

  auto projects = std::make_shared<std::vector<std::string>>();
  auto zones = std::make_shared<std::vector<std::string>>();
  auto top = std::make_shared<int>(0);
  auto lang = std::make_shared<std::string>("zh");
  CLI::App* rep =
      app.add_subcommand("report", "Justification reports (HTML + PDF) per project or zone");
  add_common(rep);
  rep->add_option("--project", *projects, "Project id (repeatable)");
  rep->add_option("--zone", *zones, "Zone id or name (repeatable)");
  rep->add_option("--top", *top, "Also report the N best-ranked projects")
      ->check(CLI::NonNegativeNumber);
  rep->add_option("--lang", *lang, "zh | en")->check(CLI::IsMember({"zh", "en"}));
  // Explicit captures: with `[=]` a build without the renderer would capture none of the
  // option holders, and CLI11 would write into freed memory.
  rep->callback([projects, zones, top, lang, opts, &g] {
    g.action = [projects, zones, top, lang, opts, &g]() -> int {
#ifdef HUBLAND_HAVE_REPORT
      if (projects->empty() && zones->empty() && *top == 0)
        throw Error(ErrorKind::BadInput, "report needs --project ID, --zone Z or --top N");
      const report::Language language = report::language_from_string(*lang);
      const report::QtRuntime qt;
      report::RankRun run = to_report_run(compute_run(*opts, g.quiet || g.json));
      std::vector<std::string> ids = *projects;
      for (std::size_t pos = 0; pos < run.ranking.order.size() && pos < std::size_t(*top); ++pos) {
        const std::string& id = run.ranking.projects[run.ranking.order[pos]].project_id;
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
      nlohmann::json written = nlohmann::json::array();
      for (const auto& id : ids) {
        const auto f = report::write_project_report(run, id, language, opts->out_dir);
        written.push_back(
            {{"project_id", id}, {"html", f.html}, {"pdf", f.pdf}, {"pages", f.pdf_pages}});
      }
      for (const auto& z : *zones) {
        const auto f = report::write_zone_report(run, z, language, opts->out_dir);
        written.push_back({{"zone", z}, {"html", f.html}, {"pdf", f.pdf}, {"pages", f.pdf_pages}});
      }
      if (g.json) {
        std::cout << nlohmann::json{{"run_id", run.stamp.run_id}, {"reports", written}}.dump(2)
                  << "\n";
      } else {
        for (const auto& w : written)
          std::cout << "wrote " << w["pdf"].get<std::string>() << " (" << w["pages"].get<int>()
                    << " pages) and " << w["html"].get<std::string>() << "\n";
      }
      return 0;
#else
      throw Error(ErrorKind::BadInput,
                  "this hubland was built without the report renderer (HUBLAND_BUILD_DESK=OFF)");
#endif
    };
  });
}

}  // namespace hubland::cli

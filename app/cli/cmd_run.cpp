// hubland run ANALYSIS.toml -o DIR|WS [--workspace WS] [--quota-mu N]
//
// Every stage of an analysis into one workspace run: the input layers, the parcel facts, the
// screening (grades, findings), the conversion checks (verdicts, findings) and the project
// ranking. The run records each input's SHA-256, the ruleset's id and SHA-256, the parameters
// and the counts; it is stored completely or, on any error, marked failed (RunScope) — a
// workspace never holds a half-written run as a completed one.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/evaluation_workspace.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"
#include "options.hpp"

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

using layers::Role;

struct RunArgs {
  std::string analysis;
  std::string out;
  std::string workspace;
  std::optional<double> quota_mu;
};

std::string number_list(const std::vector<double>& v) {
  std::string s;
  for (double x : v) s += (s.empty() ? "" : ",") + layers::as_text(x);
  return s;
}

int run_all(const RunArgs& a, const Globals& g) {
  auto say = [&g](const std::string& what) {
    if (!g.quiet && !g.json) std::cerr << "hubland: " << what << "\n";
  };
  layers::AnalysisSpec spec = layers::load_analysis(a.analysis);
  // One analysis date for the whole run: the date recorded is the date the facts use.
  spec.as_of = layers::analysis_date(spec);
  spec.prepared_cache_dir = g.prepared_cache_dir();
  if (spec.ruleset.empty())
    throw Error(ErrorKind::BadInput, "the analysis names no ruleset ([analysis] ruleset)",
                Where{.file = spec.file});
  // The ruleset first: a broken rule stops the run before any data is read or stored.
  const rules::Ruleset ruleset = rules::load_ruleset(spec.ruleset);
  const bool ranks = spec.inputs.count(Role::Projects) != 0;
  std::optional<rules::RankingConfig> ranking_config;
  if (ranks) ranking_config = ruleset.ranking_config();

  std::string ws_path = a.workspace;
  if (ws_path.empty())
    ws_path = layers::is_workspace_target(a.out)
                  ? a.out
                  : (fs::path(a.out) / (fs::path(a.analysis).stem().string() + ".hubland.sqlite"))
                        .string();
  if (!layers::is_postgres_url(ws_path) && fs::path(ws_path).has_parent_path())
    fs::create_directories(fs::path(ws_path).parent_path());

  layers::RunInfo info;
  info.command = "run";
  info.inputs.push_back(layers::describe_input("analysis", a.analysis));
  for (const auto& [role, source] : spec.inputs)
    info.inputs.push_back(layers::describe_input(layers::to_string(role), source));
  info.inputs.push_back(layers::describe_input("ruleset", spec.ruleset));
  info.ruleset_id = ruleset.id;
  info.ruleset_sha256 = ruleset.sha256;
  info.ruleset_text = ruleset.text;  // so the workspace can run its stages again anywhere
  info.parameters = {{"rings_km", number_list(spec.rings_km)},
                     {"isochrones_min", number_list(spec.isochrones_min)},
                     {"access_speed_kmh", layers::as_text(spec.access_speed_kmh)},
                     {"sliver_tolerance_m2", layers::as_text(spec.sliver_tolerance_m2)},
                     {"as_of", spec.as_of}};  // fixed above, once
  const std::optional<double> quota = a.quota_mu ? a.quota_mu : spec.quota_mu;
  if (quota) info.parameters["quota_mu"] = layers::as_text(*quota);

  layers::Workspace ws = layers::Workspace::open(ws_path);
  // Zone caps from the zone evaluation of an earlier year in this workspace when the ruleset
  // asks (caps_from_evaluation); recorded with the run.
  std::string caps_basis;
  if (ranking_config) {
    caps_basis = rules::caps_for_ranking(*ranking_config, ruleset, &ws, ws_path, spec.as_of);
    info.parameters["zone_caps"] = caps_basis;
  }
  layers::RunScope run(ws, info);
  std::map<std::string, std::int64_t> counts;

  say("reading inputs");
  layers::kill_point("run:inputs");  // HUBLAND_TEST_KILL_AT (crash tests)
  const layers::AnalysisInputs inputs = layers::load_inputs(spec);
  for (const auto& [role, layer] : inputs.layers) {
    ws.put_layer(run.id(), layers::to_string(role), layer);
    counts[std::string(layers::to_string(role)) + "_in"] = static_cast<std::int64_t>(layer.size());
  }

  say("parcel facts");
  layers::kill_point("run:facts");  // HUBLAND_TEST_KILL_AT (crash tests)
  const layers::FactsOptions fo = rules::facts_options(spec, ruleset);
  const layers::FactsResult facts = layers::compute_parcel_facts(inputs, fo);
  ws.put_table(run.id(), "facts", facts.facts);
  counts["parcels_with_facts"] = static_cast<std::int64_t>(facts.counts.with_facts);
  counts["slivers_removed"] = static_cast<std::int64_t>(facts.counts.slivers_removed);

  std::vector<rules::Finding> findings;
  rules::FlaggedParcels flagged;
  if (ruleset.has_screening) {
    say("screening");
    layers::kill_point("run:screening");  // HUBLAND_TEST_KILL_AT (crash tests)
    const rules::FactsDb db(facts.facts, rules::Subject::Parcel, &ruleset);
    const rules::ScreeningResult screening = rules::screen(db, ruleset);
    layers::Table grades = rules::grades_table(screening);
    rules::add_district_columns(grades, "parcel_id", facts.facts, "parcel_id");
    ws.put_table(run.id(), "grades", grades);
    findings.insert(findings.end(), screening.findings.begin(), screening.findings.end());
    for (const auto& [grade, n] : screening.grade_counts)
      counts["grade_" + (grade == "-" ? std::string("none") : grade)] =
          static_cast<std::int64_t>(n);
    counts["parcels_flagged"] = static_cast<std::int64_t>(screening.parcels_flagged);
    flagged = rules::flagged_parcels(inputs.at(Role::Parcels), screening);
  }
  if (inputs.has(Role::Conversions)) {
    say("conversion checks");
    layers::kill_point("run:conversions");  // HUBLAND_TEST_KILL_AT (crash tests)
    const rules::FactsDb db(
        rules::request_facts(inputs.at(Role::Conversions).attributes, facts.facts),
        rules::Subject::Request, &ruleset);
    const rules::ConversionResult checks = rules::check_conversions(db, ruleset);
    layers::Table verdicts = rules::verdicts_table(checks);
    rules::add_district_columns(verdicts, "request_id", db.table(), "request_id");
    ws.put_table(run.id(), "verdicts", verdicts);
    findings.insert(findings.end(), checks.findings.begin(), checks.findings.end());
    for (const auto& [verdict, n] : checks.verdict_counts)
      counts["verdict_" + verdict] = static_cast<std::int64_t>(n);
  }
  if (ranks) {
    say("project ranking");
    layers::kill_point("run:ranking");  // HUBLAND_TEST_KILL_AT (crash tests)
    rules::RankingStage stage = rules::run_ranking_stage(
        layers::compute_project_facts(inputs, fo).facts, inputs.at(Role::Projects).geometry,
        flagged.geometry, layers::district_land_stock(inputs, fo), ruleset, *ranking_config, quota,
        say);
    ws.put_table(run.id(), "ranking", rules::ranking_table(stage));
    ws.put_table(run.id(), "district_totals", rules::district_totals(stage));
    findings.insert(findings.end(), stage.eligibility.begin(), stage.eligibility.end());
    for (const auto& al : stage.allocations)
      ++counts[std::string("project_") + rules::to_string(al.status)];
  }
  ws.put_table(run.id(), "findings", rules::findings_table(findings));
  counts["findings"] = static_cast<std::int64_t>(findings.size());
  layers::kill_point("run:finish");
  run.finish(counts);

  if (g.json) {
    std::cout << nlohmann::json{{"workspace", ws_path}, {"run", run.id()}, {"counts", counts}}.dump(
                     2)
              << "\n";
  } else {
    print_ruleset(ruleset);
    if (!caps_basis.empty()) {
      std::cout << caps_basis << "\n";
      for (const auto& [zone, mu] : ranking_config->zone_caps_mu)
        std::cout << "  " << pad_to(zone, 10) << rules::format_number(std::round(mu * 100) / 100)
                  << " mu  " << ranking_config->zone_cap_sources[zone] << "\n";
    }
    std::cout << "run " << run.id() << " stored in " << ws_path << "\n";
    for (const auto& [k, v] : counts) std::cout << "  " << k << ": " << v << "\n";
  }
  return 0;
}

}  // namespace

void register_run(CLI::App& app, Globals& g) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Every stage (facts, screening, conversion checks, ranking) into a workspace run");
  cmd->add_option("analysis", a->analysis, "Analysis file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a->out,
                  "Output folder (the workspace is DIR/<analysis>.hubland.sqlite), or a workspace")
      ->required();
  cmd->add_option("--workspace", a->workspace, "Workspace (*.hubland.sqlite or postgresql://…)");
  cmd->add_option("--quota-mu", a->quota_mu, "Land quota in mu (overrides the analysis)")
      ->check(CLI::NonNegativeNumber);
  add_cache_flags(cmd, g);
  cmd->callback([a, &g] { g.action = [a, &g] { return run_all(*a, g); }; });
}

}  // namespace hubland::cli

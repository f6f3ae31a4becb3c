// hubland rank / hubland report: rank the projects of an analysis, allocate the quota,
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
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/evaluation_workspace.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"
#include "hubland/rules/sensitivity.hpp"
#include "hubland/version.hpp"
#include "options.hpp"
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
  std::string evaluation;  ///< workspace whose zone evaluation sets the zone caps
};

/// Everything a run produced (the report's RankRun has the same, plus the map scene).
struct Run {
  rules::RankingStage stage;    ///< facts, ranking, allocations, sensitivity, eligibility
  std::vector<geo::Wkb> sites;  ///< facts row order
  int epsg = 0;
  rules::Ruleset ruleset;
  std::vector<std::pair<std::string, std::string>> input_hashes;
  std::string run_id;
  layers::AnalysisInputs inputs;
  std::vector<std::string> flagged_parcels;  ///< parcel ids the screening flagged
  layers::AnalysisSpec spec;
  std::string caps_basis;  ///< where the zone caps came from (caps_for_ranking)
};

void progress(bool quiet, const std::string& what) {
  if (!quiet) std::cerr << "hubland: " << what << "\n";
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
  run.stage.config = run.ruleset.ranking_config();
  if (!o.method.empty()) run.stage.config.method = rules::rank_method_from_string(o.method);
  if (o.seed) run.stage.config.sensitivity.seed = static_cast<std::uint64_t>(*o.seed);
  if (o.draws) run.stage.config.sensitivity.draws = *o.draws;
  // Zone caps: the ruleset's, or those the latest zone evaluation before the analysis year set.
  if (!o.evaluation.empty()) run.stage.config.caps_from_evaluation = true;
  {
    std::optional<layers::Workspace> ws;
    if (!o.evaluation.empty())
      ws = layers::Workspace::open(o.evaluation, layers::OpenMode::MustExist);
    run.caps_basis = rules::caps_for_ranking(run.stage.config, run.ruleset, ws ? &*ws : nullptr,
                                             o.evaluation, layers::analysis_date(spec));
  }

  progress(quiet, "reading inputs");
  run.inputs = layers::load_inputs(spec);
  run.epsg = run.inputs.working_epsg;
  const layers::FactsOptions fo = rules::facts_options(spec, run.ruleset);
  progress(quiet, "project facts");
  run.stage.facts = layers::compute_project_facts(run.inputs, fo).facts;
  run.sites = run.inputs.at(Role::Projects).geometry;

  // 存量优先: the overlap with parcels the screening flags as low-efficiency.
  rules::FlaggedParcels flagged;
  if (run.inputs.has(Role::Parcels) && run.ruleset.has_screening) {
    progress(quiet, "screening parcels for low-efficiency land");
    flagged = rules::screen_flagged_parcels(run.inputs.at(Role::Parcels),
                                            layers::compute_parcel_facts(run.inputs, fo).facts,
                                            run.ruleset);
  }
  run.flagged_parcels = flagged.ids;
  run.stage = rules::run_ranking_stage(std::move(run.stage.facts), run.sites, flagged.geometry,
                                       layers::district_land_stock(run.inputs, fo), run.ruleset,
                                       run.stage.config, o.quota_mu ? o.quota_mu : spec.quota_mu,
                                       [quiet](const std::string& step) { progress(quiet, step); });

  // Reproducibility: the same files, ruleset and parameters give the same run id.
  std::set<std::string> files;
  for (const auto& [role, source] : spec.inputs) files.insert(source.substr(0, source.find('|')));
  std::string basis = run.ruleset.sha256;
  for (const auto& f : files) {
    const auto rec = layers::describe_input("input", f);
    run.input_hashes.emplace_back(f, rec.sha256);
    basis += "|" + rec.sha256;
  }
  basis += "|" + std::string(rules::to_string(run.stage.config.method)) + "|" +
           std::to_string(run.stage.policy.quota_mu) + "|" +
           std::to_string(run.stage.sensitivity.seed) + "|" +
           std::to_string(run.stage.sensitivity.draws) + "|" +
           std::to_string(run.stage.sensitivity.perturbation);
  run.run_id = layers::sha256_hex(basis).substr(0, 16);
  return run;
}

nlohmann::json summary_json(const Run& run, const std::string& out_dir) {
  nlohmann::json j;
  j["run_id"] = run.run_id;
  j["ruleset"] = ruleset_json(run.ruleset);
  j["method"] = rules::to_string(run.stage.config.method);
  j["quota_mu"] = run.stage.policy.quota_mu;
  j["basis"] = run.stage.config.clause;
  j["zone_caps_basis"] = run.caps_basis;
  nlohmann::json caps = nlohmann::json::array();
  for (const auto& [zone, mu] : run.stage.config.zone_caps_mu)
    caps.push_back({{"zone_id", zone},
                    {"cap_mu", mu},
                    {"source", run.stage.config.zone_cap_sources.count(zone)
                                   ? run.stage.config.zone_cap_sources.at(zone)
                                   : std::string()}});
  j["zone_caps"] = caps;
  j["sensitivity"] = {{"draws", run.stage.sensitivity.draws},
                      {"seed", run.stage.sensitivity.seed},
                      {"perturbation", run.stage.sensitivity.perturbation}};
  std::map<std::string, int> counts{{"funded", 0}, {"waitlisted", 0}, {"ineligible", 0}};
  double charged = 0;
  int quota_free = 0;
  for (const auto& a : run.stage.allocations) {
    ++counts[rules::to_string(a.status)];
    charged += a.quota_charged_mu;
    quota_free += a.quota_free ? 1 : 0;
  }
  j["projects"] = run.stage.allocations.size();
  j["counts"] = counts;
  j["funded_without_quota"] = quota_free;
  j["quota_charged_mu"] = charged;
  nlohmann::json districts = nlohmann::json::array();
  const Table d = rules::district_totals(run.stage);
  for (std::size_t r = 0; r < d.row_count(); ++r) {
    nlohmann::json row;
    for (std::size_t c = 0; c < d.column_count(); ++c) {
      const auto v = d.get(r, c);
      if (layers::is_null(v))
        row[d.column(c).name] = nullptr;
      else if (d.column(c).type == layers::FieldType::Text)
        row[d.column(c).name] = layers::as_text(v);
      else
        row[d.column(c).name] = layers::as_number(v).value_or(0);
    }
    districts.push_back(row);
  }
  j["districts"] = districts;
  nlohmann::json top = nlohmann::json::array();
  std::map<std::size_t, std::size_t> k_of;
  for (std::size_t k = 0; k < run.stage.ranking.model.rows.size(); ++k)
    k_of[run.stage.ranking.model.rows[k]] = k;
  const auto name_col = run.stage.facts.find("project_name");
  for (std::size_t pos = 0; pos < run.stage.ranking.order.size() && pos < 10; ++pos) {
    const std::size_t r = run.stage.ranking.order[pos];
    const std::size_t k = k_of.at(r);
    const auto& p = run.stage.ranking.projects[r];
    top.push_back(
        {{"rank", p.rank},
         {"project_id", p.project_id},
         {"project_name", name_col ? layers::as_text(run.stage.facts.get(r, *name_col)) : ""},
         {"score", p.score},
         {"rank_p05", run.stage.sensitivity.rank_p05[k]},
         {"rank_p95", run.stage.sensitivity.rank_p95[k]},
         {"funded_share", run.stage.sensitivity.funded_share[k]},
         {"allocation", rules::to_string(run.stage.allocations[r].status)},
         {"quota_charged_mu", run.stage.allocations[r].quota_charged_mu},
         {"quota_free", run.stage.allocations[r].quota_free}});
  }
  j["top"] = top;
  if (!out_dir.empty())
    j["outputs"] = {(fs::path(out_dir) / "ranking.csv").string(),
                    (fs::path(out_dir) / "districts.csv").string(),
                    (fs::path(out_dir) / "supply_by_district.csv").string(),
                    (fs::path(out_dir) / "supply_by_zone.csv").string(),
                    (fs::path(out_dir) / "ranking.gpkg").string(),
                    (fs::path(out_dir) / "summary.json").string()};
  return j;
}

void print_summary(const nlohmann::json& j, const rules::Ruleset& ruleset) {
  print_ruleset(ruleset);
  std::cout << "ranked " << j["projects"].get<std::size_t>() << " projects ("
            << j["method"].get<std::string>() << ", quota " << j["quota_mu"].get<double>()
            << " mu): " << j["counts"]["funded"].get<int>() << " funded, "
            << j["counts"]["waitlisted"].get<int>() << " waitlisted, "
            << j["counts"]["ineligible"].get<int>() << " ineligible ("
            << j["funded_without_quota"].get<int>() << " funded without quota, on existing land); "
            << "quota charged " << j["quota_charged_mu"].get<double>()
            << " mu (new construction land only); run " << j["run_id"].get<std::string>() << "\n";
  if (const auto basis = j["basis"].get<std::string>(); !basis.empty())
    std::cout << "basis: " << basis << "\n";
  std::cout << j["zone_caps_basis"].get<std::string>() << "\n";
  for (const auto& c : j["zone_caps"])
    std::cout << "  " << pad_to(c["zone_id"].get<std::string>(), 10)
              << rules::format_number(std::round(c["cap_mu"].get<double>() * 100) / 100) << " mu  "
              << c["source"].get<std::string>() << "\n";
  std::cout
      << "district             projects funded  requested mu  new land mu  charged mu  reward mu\n";
  for (const auto& d : j["districts"]) {
    char new_land[32] = "unknown";  // a project without land-survey data: no total is stated
    if (!d["new_land_mu"].is_null())
      std::snprintf(new_land, sizeof new_land, "%.2f", d["new_land_mu"].get<double>());
    const std::string code =
        d["district_code"].is_null() ? "-" : d["district_code"].get<std::string>();
    char figures[160];
    std::snprintf(figures, sizeof figures, "%8d %6d  %12.2f  %11s  %10.2f  %9.2f\n",
                  d["projects"].get<int>(), d["funded"].get<int>(), d["request_mu"].get<double>(),
                  new_land, d["quota_charged_mu"].get<double>(), d["reward_mu"].get<double>());
    std::cout << pad_to(code, 7) << pad_to(d["district_name"].get<std::string>(), 13) << figures;
  }
  std::cout << "rank  project     score     interval  funded   allocation\n";
  for (const auto& t : j["top"]) {
    char allocation[64];
    if (t["quota_free"].get<bool>())
      std::snprintf(allocation, sizeof allocation, "%s, no quota (existing land)",
                    t["allocation"].get<std::string>().c_str());
    else
      std::snprintf(allocation, sizeof allocation, "%s %.2f mu of quota",
                    t["allocation"].get<std::string>().c_str(),
                    t["quota_charged_mu"].get<double>());
    char line[256];
    std::snprintf(line, sizeof line, "%4d  %-10s  %.6f  %3d-%-3d   %5.1f %%  %-34s %s\n",
                  t["rank"].get<int>(), t["project_id"].get<std::string>().c_str(),
                  t["score"].get<double>(), t["rank_p05"].get<int>(), t["rank_p95"].get<int>(),
                  100.0 * t["funded_share"].get<double>(), allocation,
                  t["project_name"].get<std::string>().c_str());
    std::cout << line;
  }
}

int run_rank(const RankOptions& o, const Globals& g) {
  const Run run = compute_run(o, g.quiet || g.json);
  fs::create_directories(o.out_dir);
  const Table t = rules::ranking_table(run.stage);
  layers::write_csv(t, (fs::path(o.out_dir) / "ranking.csv").string(), {.bom = true});
  layers::write_csv(rules::district_totals(run.stage),
                    (fs::path(o.out_dir) / "districts.csv").string(), {.bom = true});
  // Land supply by status per district and per zone (批而未供 …, disposals in the year).
  layers::write_csv(run.stage.district_stock,
                    (fs::path(o.out_dir) / "supply_by_district.csv").string(), {.bom = true});
  layers::write_csv(
      layers::zone_land_stock(run.inputs, rules::facts_options(run.spec, run.ruleset)),
      (fs::path(o.out_dir) / "supply_by_zone.csv").string(), {.bom = true});
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
    print_summary(j, run.ruleset);
  return 0;
}

#ifdef HUBLAND_HAVE_REPORT
report::RankRun to_report_run(Run run) {
  return report::make_rank_run(std::move(run.stage), run.ruleset, run.inputs, run.flagged_parcels,
                               run.spec.rings_km,
                               {run.ruleset.id, run.ruleset.file, run.ruleset.sha256,
                                run.input_hashes, kVersion, run.run_id});
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
    cmd->add_option("--evaluation", opts->evaluation,
                    "Workspace whose latest zone evaluation before the analysis year sets the "
                    "zone caps (caps_from_evaluation)");
  };
  CLI::App* rank =
      app.add_subcommand("rank", "Rank projects, allocate the quota (ranking.csv/.gpkg)");
  add_common(rank);
  rank->callback([opts, &g] { g.action = [opts, &g] { return run_rank(*opts, g); }; });

  auto projects = std::make_shared<std::vector<std::string>>();
  auto zones = std::make_shared<std::vector<std::string>>();
  auto districts = std::make_shared<std::vector<std::string>>();
  auto top = std::make_shared<int>(0);
  auto lang = std::make_shared<std::string>("zh");
  auto issuer = std::make_shared<std::optional<std::string>>();
  auto application = std::make_shared<std::optional<std::int64_t>>();
  CLI::App* rep = app.add_subcommand(
      "report",
      "Justification reports (HTML + PDF) per project, zone or district; with --application the "
      "first argument is a workspace");
  add_common(rep);
  rep->add_option("--application", *application,
                  "An application's justification with its decision and history (the first "
                  "argument is then the workspace)");
  rep->add_option("--project", *projects, "Project id (repeatable)");
  rep->add_option("--zone", *zones, "Zone id or name (repeatable)");
  rep->add_option("--district", *districts, "District code (区县, repeatable)");
  rep->add_option("--top", *top, "Also report the N best-ranked projects")
      ->check(CLI::NonNegativeNumber);
  rep->add_option("--lang", *lang, "zh | en")->check(CLI::IsMember({"zh", "en"}));
  rep->add_option("--issuer", *issuer,
                  "Issuing body in every page's header (overrides the ruleset's [report] issuer; "
                  "\"\" prints none)");
  // Explicit captures: with `[=]` a build without the renderer would capture none of the
  // option holders, and CLI11 would write into freed memory.
  rep->callback([projects, zones, districts, top, lang, issuer, application, opts, &g] {
    g.action = [projects, zones, districts, top, lang, issuer, application, opts, &g]() -> int {
      if (*application)
        return report_application(opts->analysis, **application, *lang, *issuer, opts->out_dir, g);
#ifdef HUBLAND_HAVE_REPORT
      if (projects->empty() && zones->empty() && districts->empty() && *top == 0)
        throw Error(ErrorKind::BadInput,
                    "report needs --project ID, --zone Z, --district CODE or --top N");
      const report::Language language = report::language_from_string(*lang);
      const report::QtRuntime qt;
      report::RankRun run = to_report_run(compute_run(*opts, g.quiet || g.json));
      if (*issuer) run.issuer = **issuer;
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
      for (const auto& d : *districts) {
        const auto f = report::write_district_report(run, d, language, opts->out_dir);
        written.push_back(
            {{"district", d}, {"html", f.html}, {"pdf", f.pdf}, {"pages", f.pdf_pages}});
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

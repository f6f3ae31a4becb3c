// hubland overlay ANALYSIS.toml -o DIR
// hubland overlay --parcels P --zones Z --hubs H --constraints C [--roads R] [--catchments K]
//                 [--projects S] -o DIR
// Parcel (and project) facts: zone of largest overlap, hub distances / rings / travel times,
// constraint overlaps. Inputs are "path" or "path|layer"; flags override the analysis file's
// entries. Writes DIR/facts.gpkg (parcel_facts, project_facts, isochrones) and DIR/facts.csv
// (+ DIR/project_facts.csv, DIR/problems.csv), all atomically, and prints a summary (--json).
#include <cpl_conv.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/facts_files.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "options.hpp"

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

struct OverlayArgs {
  std::string analysis;
  std::string out;
  std::map<layers::Role, std::string> inputs;  // from flags
  std::vector<double> rings_km;
  std::vector<double> isochrones_min;
  bool no_isochrones = false;
  int threads = -1;
  std::string crs, assume_crs, encoding;
  bool with_geometry = false;
  bool json = false;
};

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

nlohmann::json counts_json(const layers::FactsCounts& c) {
  return {{"subjects_in", c.subjects_in},
          {"with_facts", c.with_facts},
          {"repaired", c.repaired},
          {"slivers_removed", c.slivers_removed},
          {"network_nodes", c.network_nodes},
          {"network_edges", c.network_edges},
          {"layers_prepared", c.layers_prepared},
          {"layers_from_cache", c.layers_from_cache}};
}

/// A few figures on the facts table for the summary: how many rows have a value per fact.
nlohmann::json coverage_json(const layers::Table& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const char* name :
       {"zone_id", "dist_port_m", "travel_port_min", "redline_m2", "udb_share"}) {
    auto c = t.find(name);
    if (!c) continue;
    std::size_t n = 0;
    for (std::size_t r = 0; r < t.row_count(); ++r) n += t.null_at(r, *c) ? 0 : 1;
    j[name] = n;
  }
  std::size_t in_redline = 0;
  if (auto c = t.find("redline_m2"))
    for (std::size_t r = 0; r < t.row_count(); ++r)
      in_redline += (!t.null_at(r, *c) && t.real_at(r, *c) > 0) ? 1 : 0;
  j["with_redline_overlap"] = in_redline;
  return j;
}

int run_overlay(const OverlayArgs& a, const Globals& g) {
  const auto t_start = Clock::now();
  layers::AnalysisSpec spec;
  if (!a.analysis.empty()) spec = layers::load_analysis(a.analysis);
  for (const auto& [role, path] : a.inputs) spec.inputs[role] = path;
  if (!spec.inputs.count(layers::Role::Parcels))
    throw Error(ErrorKind::BadInput, "overlay needs parcels: give an analysis file or --parcels");
  if (!a.rings_km.empty()) spec.rings_km = a.rings_km;
  if (!a.isochrones_min.empty()) spec.isochrones_min = a.isochrones_min;
  if (a.no_isochrones) spec.isochrones_min.clear();
  for (double v : spec.rings_km)
    if (!(v > 0)) throw Error(ErrorKind::BadInput, "--rings-km must hold positive numbers");
  for (double v : spec.isochrones_min)
    if (!(v > 0)) throw Error(ErrorKind::BadInput, "--isochrones-min must hold positive numbers");
  if (a.threads >= 0) spec.threads = a.threads;
  spec.prepared_cache_dir = g.prepared_cache_dir();
  if (!a.crs.empty()) spec.working_epsg = parse_epsg_option(a.crs);
  if (!a.assume_crs.empty()) spec.assume_crs = a.assume_crs;
  if (!a.encoding.empty()) spec.encoding = a.encoding;
  // The overlay reads only what it needs: conversions are not spatial inputs.
  spec.inputs.erase(layers::Role::Conversions);

  const bool progress = !g.quiet && !a.json && !g.json && ::isatty(2);
  if (progress) std::cerr << "overlay: reading " << spec.inputs.size() << " inputs\n";
  const auto t_read = Clock::now();
  layers::AnalysisInputs inputs = layers::load_inputs(spec);
  const double read_s = seconds_since(t_read);

  // The land survey's 地类编码 are read with the ruleset's [land_classes].
  std::optional<rules::Ruleset> ruleset;
  if (!spec.ruleset.empty() && inputs.has(layers::Role::LandSurvey))
    ruleset = rules::load_ruleset(spec.ruleset);
  layers::FactsOptions fo =
      ruleset ? rules::facts_options(spec, *ruleset) : layers::facts_options(spec);
  if (progress) {
    fo.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\roverlay: %zu / %zu", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  const auto t_overlay = Clock::now();
  layers::FactsResult parcels = layers::compute_parcel_facts(inputs, fo);
  std::optional<layers::FactsResult> projects;
  if (inputs.has(layers::Role::Projects)) {
    fo.progress = nullptr;
    projects = layers::compute_project_facts(inputs, fo);
  }
  const double overlay_s = seconds_since(t_overlay);
  // What the data could not establish is said, not assumed (e.g. unclassified 地类编码).
  if (!g.quiet)
    for (const auto& note : parcels.notes) std::cerr << "overlay: note: " << note << "\n";
  // The input layers are not needed to write the facts (unless geometry is copied): free them
  // first, which keeps the peak memory of a million-parcel run down.
  if (!a.with_geometry) inputs.layers.clear();

  const auto t_write = Clock::now();
  layers::FactsFilesOptions ffo;
  if (a.with_geometry) {
    ffo.parcel_geometry = &inputs.at(layers::Role::Parcels).geometry;
    if (projects) ffo.project_geometry = &inputs.at(layers::Role::Projects).geometry;
    ffo.geometry_epsg = inputs.working_epsg;
  }
  const layers::FactsFiles files =
      layers::write_facts_files(a.out, parcels, projects ? &*projects : nullptr, ffo);
  const std::string& gpkg = files.gpkg;
  const std::string& csv = files.csv;
  layers::write_problems_csv(inputs.reports, (fs::path(a.out) / "problems.csv").string());
  const double write_s = seconds_since(t_write);
  const double total_s = seconds_since(t_start);

  std::size_t problems = 0;
  for (const auto& r : inputs.reports)
    for (const auto& p : r.problems) problems += p.severity == layers::Severity::Info ? 0 : 1;

  if (a.json || g.json) {
    nlohmann::json inputs_j = nlohmann::json::object();
    for (const auto& [role, path] : spec.inputs) inputs_j[layers::to_string(role)] = path;
    nlohmann::json j{
        {"outputs", {{"gpkg", gpkg}, {"csv", csv}}},
        {"inputs", inputs_j},
        {"working_epsg", inputs.working_epsg},
        {"parcels", counts_json(parcels.counts)},
        {"coverage", coverage_json(parcels.facts)},
        {"columns", parcels.facts.column_count()},
        {"isochrones", parcels.isochrones.row_count()},
        {"problems", problems},
        {"gpkg_rows_by_csv_thread", files.gpkg_rows_by_csv_thread},
        {"seconds",
         {{"read", read_s}, {"overlay", overlay_s}, {"write", write_s}, {"total", total_s}}}};
    if (projects) j["projects"] = counts_json(projects->counts);
    std::cout << j.dump(2) << "\n";
  } else {
    const auto& c = parcels.counts;
    const auto cov = coverage_json(parcels.facts);
    std::cout << "working CRS: EPSG:" << inputs.working_epsg << "\n";
    std::cout << "parcels: " << c.subjects_in << " in, " << c.with_facts << " with facts, "
              << c.repaired << " repaired, " << c.slivers_removed << " slivers removed\n";
    if (cov.contains("zone_id"))
      std::cout << "  in a zone: " << cov["zone_id"].get<std::size_t>()
                << ", overlapping a redline: " << cov["with_redline_overlap"].get<std::size_t>()
                << "\n";
    if (c.network_nodes)
      std::cout << "road network: " << c.network_nodes << " nodes, " << c.network_edges
                << " edges, " << parcels.isochrones.row_count() << " isochrones\n";
    if (projects)
      std::cout << "projects: " << projects->counts.subjects_in << " in, "
                << projects->counts.with_facts << " with facts\n";
    if (c.layers_prepared)
      std::cout << "prepared layers: " << c.layers_from_cache << " of " << c.layers_prepared
                << " from the cache"
                << (spec.prepared_cache_dir.empty() ? " (no cache)" : " " + spec.prepared_cache_dir)
                << "\n";
    if (problems) std::cout << "input problems: " << problems << " (see problems.csv)\n";
    char line[160];
    std::snprintf(line, sizeof line,
                  "time: read %.2f s, overlay %.2f s, write %.2f s, total %.2f s\n", read_s,
                  overlay_s, write_s, total_s);
    std::cout << line;
    if (files.gpkg_rows_by_csv_thread)
      std::cout << "GeoPackage rows inserted by the CSV thread once its file was written: "
                << files.gpkg_rows_by_csv_thread << "\n";
    std::cout << "wrote " << gpkg << " and " << csv << "\n";
  }
  return 0;
}

}  // namespace

void register_overlay(CLI::App& app, Globals& g) {
  auto a = std::make_shared<OverlayArgs>();
  CLI::App* cmd = app.add_subcommand("overlay", "Parcel facts: zones, hub catchments, constraints");
  cmd->add_option("analysis", a->analysis, "Analysis file (TOML); flags override its entries")
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a->out, "Output folder")->required();
  add_input_flags(
      cmd, a->inputs,
      {layers::Role::Parcels, layers::Role::Zones, layers::Role::Hubs, layers::Role::Constraints,
       layers::Role::Roads, layers::Role::Catchments, layers::Role::Projects});
  add_input_flags(cmd, a->inputs, {layers::Role::Buildings});
  std::string default_rings;
  for (double km : geo::kDefaultRingsKm) default_rings += " " + layers::as_text(km);
  cmd->add_option("--rings-km", a->rings_km, "Catchment rings in km (default" + default_rings + ")")
      ->delimiter(',');
  cmd->add_option("--isochrones-min", a->isochrones_min, "Isochrone thresholds in minutes")
      ->delimiter(',');
  cmd->add_flag("--no-isochrones", a->no_isochrones, "Skip the isochrone polygons");
  cmd->add_option("--threads", a->threads, "Worker threads (0: all cores)");
  cmd->add_option("--crs", a->crs, "Working CRS, EPSG:<code> (default: from the parcels)");
  cmd->add_option("--assume-crs", a->assume_crs, "CRS for inputs that have none");
  cmd->add_option("--encoding", a->encoding, "Text encoding for inputs that do not declare one");
  cmd->add_flag("--with-geometry", a->with_geometry, "Write parcel geometry into facts.gpkg");
  cmd->add_flag("--json", a->json, "Print the summary as JSON");
  add_cache_flags(cmd, g);
  cmd->callback([a, &g] { g.action = [a, &g] { return run_overlay(*a, g); }; });
}

}  // namespace hubland::cli

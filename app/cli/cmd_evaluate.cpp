// hubland evaluate WS -o DIR [--year Y] [--compare Y0] [--ruleset FILE] [--self FILE]
//
// Zone performance evaluation (评价考核, docs/evaluation.md) over a workspace's completed
// `hubland run` runs: one run per evaluation year (the year of its as_of; the newest completed
// run of a year wins), the ruleset's [evaluation] indicators per zone and year, score, rank
// within the zone type, grade and change. Writes DIR/zone_evaluation.csv and
// DIR/zone_evaluation.gpkg (zone polygons, QGIS style by grade), DIR/zone_quota_caps.csv
// (next year's caps) and DIR/evaluation_evidence.csv (the parcels behind each number), each
// atomically; with --self,
// DIR/self_evaluation.csv (self-reported beside computed values, differences flagged).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/evaluation.hpp"
#include "hubland/rules/evaluation_workspace.hpp"
#include "hubland/rules/evaluator.hpp"
#include "options.hpp"
#ifdef HUBLAND_HAVE_REPORT
#include "hubland/report/evaluation_report.hpp"
#include "hubland/version.hpp"
#endif

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

struct EvaluateArgs {
  std::string workspace;
  std::string out;
  std::optional<int> year;
  std::optional<int> compare;
  std::string ruleset;
  std::string self;  ///< self-evaluation CSV (自评) for the newest evaluated year
  // --report: zone evaluation reports (PDF/HTML) into DIR/reports.
  bool report = false;
  std::vector<std::string> report_zones;  ///< --zone: only these (default: every zone)
  std::string lang = "zh";
  std::optional<std::string> issuer;  ///< --issuer: overrides the ruleset's [report] issuer
};

std::string number_or_dash(const std::optional<double>& v, bool sign = false) {
  if (!v) return "-";
  const std::string s = rules::format_number(std::round(*v * 100) / 100);
  return sign && *v > 0 ? "+" + s : s;
}

// --report: the summary and one report per zone (or per --zone) into DIR/reports, from the
// evaluation just made; returns the files written (PDF then HTML of each).
std::vector<std::string> write_reports(const EvaluateArgs& a, const layers::Workspace& ws,
                                       const rules::WorkspaceEvaluation& ev,
                                       const std::optional<layers::Table>& self,
                                       const std::vector<rules::ZoneQuotaCap>& caps) {
#ifdef HUBLAND_HAVE_REPORT
  const report::Language language = report::language_from_string(a.lang);
  const std::int64_t newest = ev.runs.at(ev.years.back()).id;
  std::optional<layers::Layer> parcels;
  for (const auto& d : ws.datasets(newest))
    if (d.name == "parcels") parcels = ws.layer("parcels", newest);
  const report::QtRuntime qt;
  const report::EvaluationReportData data{
      ev, caps, self ? &*self : nullptr, parcels ? &*parcels : nullptr, kVersion, a.issuer};
  const std::string dir = (fs::path(a.out) / "reports").string();
  std::vector<std::string> zones = a.report_zones;
  for (const auto& z : zones)
    if (std::none_of(ev.rows.begin(), ev.rows.end(), [&](const auto& r) { return r.zone_id == z; }))
      throw Error(ErrorKind::BadInput, "--zone " + z + ": the evaluation has no such zone");
  if (zones.empty())
    for (const auto& r : ev.rows)
      if (std::find(zones.begin(), zones.end(), r.zone_id) == zones.end())
        zones.push_back(r.zone_id);
  std::vector<std::string> written;
  const auto summary = report::write_evaluation_summary(data, language, dir);
  written.insert(written.end(), {summary.pdf, summary.html});
  for (const auto& z : zones) {
    const auto f = report::write_zone_evaluation_report(data, z, language, dir);
    written.insert(written.end(), {f.pdf, f.html});
  }
  return written;
#else
  (void)a, (void)ws, (void)ev, (void)self, (void)caps;
  throw Error(ErrorKind::BadInput,
              "this hubland was built without the report renderer (HUBLAND_BUILD_DESK=OFF)");
#endif
}

int evaluate(const EvaluateArgs& a, const Globals& g) {
  const layers::Workspace ws = layers::Workspace::open(a.workspace, layers::OpenMode::MustExist);
  rules::WorkspaceEvaluationRequest req;
  req.year = a.year;
  req.compare = a.compare;
  req.ruleset_path = a.ruleset;
  const rules::WorkspaceEvaluation ev = rules::evaluate_workspace(ws, a.workspace, req);
  const rules::Ruleset& ruleset = ev.ruleset;
  const std::vector<int>& years = ev.years;
  const auto& by_year = ev.runs;
  const auto& rows = ev.rows;
  const auto& zones = ev.zones;
  const std::optional<layers::Layer>& zone_layer = ev.zone_layer;
  const layers::Table table = rules::zone_evaluation_table(ruleset, rows);
  // Read before anything is written: a bad self-evaluation file leaves DIR untouched.
  std::optional<layers::Table> self;
  if (!a.self.empty())
    self = rules::self_evaluation_table(ruleset, rows, years.back(),
                                        rules::read_self_evaluation(a.self, ruleset));

  // The parcels behind each number (indicators with an `evidence` condition).
  const layers::Table evidence = rules::evaluation_evidence(ruleset, ev.inputs());
  // The caps this evaluation sets for the next year's ranking ([evaluation.consequence]).
  const auto caps = rules::zone_quota_caps(ruleset, rows, years.back());

  fs::create_directories(a.out);
  const std::string caps_csv = (fs::path(a.out) / "zone_quota_caps.csv").string();
  layers::write_csv(rules::zone_quota_caps_table(caps), caps_csv);
  const std::string evidence_csv = (fs::path(a.out) / "evaluation_evidence.csv").string();
  layers::write_csv(evidence, evidence_csv);
  const std::string csv = (fs::path(a.out) / "zone_evaluation.csv").string();
  const std::string gpkg = (fs::path(a.out) / "zone_evaluation.gpkg").string();
  layers::write_csv(table, csv);
  const std::string self_csv = (fs::path(a.out) / "self_evaluation.csv").string();
  std::size_t flagged = 0;
  if (self) {
    layers::write_csv(*self, self_csv);
    const std::size_t fc = self->index("flagged");
    for (std::size_t r = 0; r < self->row_count(); ++r) flagged += self->integer_at(r, fc) ? 1 : 0;
  }
  // One feature per zone polygon: a zone of several polygons repeats its row on each.
  layers::Table features = table;
  std::vector<geo::Wkb> geometry;
  if (zone_layer) {
    features.resize(0);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t z = 0; z < zone_layer->size(); ++z) {
        if (zones[z].zone_id != rows[r].zone_id) continue;
        const std::size_t f = features.add_row();
        for (std::size_t c = 0; c < table.column_count(); ++c)
          if (!table.null_at(r, c)) features.set(f, c, table.get(r, c));
        geometry.push_back(zone_layer->geometry[z]);
      }
  }
  layers::ExportOptions eo;
  eo.format = layers::ExportFormat::GeoPackage;
  eo.output = gpkg;
  eo.layer_name = "zone_evaluation";
  eo.style = layers::StyleKind::Grades;
  layers::export_table(features, zone_layer ? &geometry : nullptr,
                       zone_layer ? zone_layer->epsg : 0, "zone_evaluation", eo);
  const std::vector<std::string> reports =
      a.report ? write_reports(a, ws, ev, self, caps) : std::vector<std::string>{};

  if (g.json) {
    nlohmann::ordered_json j;
    j["workspace"] = a.workspace;
    j["ruleset"] = ruleset_json(ruleset);
    auto& yr = j["years"] = nlohmann::ordered_json::object();
    for (int y : years) yr[std::to_string(y)] = by_year.at(y).id;
    j["csv"] = csv;
    j["gpkg"] = gpkg;
    j["quota_caps"] = caps_csv;
    j["evidence"] = {{"csv", evidence_csv}, {"rows", evidence.row_count()}};
    if (self)
      j["self_evaluation"] = {
          {"csv", self_csv}, {"values", self->row_count()}, {"flagged", flagged}};
    if (a.report) j["reports"] = reports;
    auto& zr = j["zones"] = nlohmann::ordered_json::array();
    for (const auto& e : rows)
      zr.push_back({{"zone_id", e.zone_id},
                    {"zone_type", e.zone_type},
                    {"year", e.year},
                    {"score", e.score ? nlohmann::json(*e.score) : nlohmann::json()},
                    {"rank", e.rank},
                    {"grade", e.grade},
                    {"change_vs_prev",
                     e.change_vs_prev ? nlohmann::json(*e.change_vs_prev) : nlohmann::json()},
                    {"missing", e.missing}});
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  print_ruleset(ruleset);
  std::cout << "evaluated years:";
  for (int y : years) std::cout << " " << y << " (run " << by_year.at(y).id << ")";
  std::cout << "\n"
            << pad_to("zone", 10) << pad_to("name", 26) << pad_to("type", 8) << pad_to("year", 6)
            << pad_to("score", 8) << pad_to("rank", 6) << pad_to("grade", 7) << "change\n";
  for (const auto& e : rows) {
    std::string missing;
    for (const auto& id : e.missing) missing += (missing.empty() ? "  (no value: " : ", ") + id;
    std::cout << pad_to(e.zone_id, 10) << pad_to(e.zone_name, 26) << pad_to(e.zone_type, 8)
              << pad_to(std::to_string(e.year), 6) << pad_to(number_or_dash(e.score), 8)
              << pad_to(e.rank ? std::to_string(e.rank) : "-", 6) << pad_to(e.grade, 7)
              << number_or_dash(e.change_vs_prev, true) << (missing.empty() ? "" : missing + ")")
              << "\n";
  }
  std::cout << "quota caps for " << years.back() + 1 << " (the evaluation of " << years.back()
            << "):\n";
  for (const auto& c : caps)
    if (c.cap_mu) std::cout << "  " << pad_to(c.zone_id, 10) << c.source << "\n";
  std::cout << "wrote " << csv << "\nwrote " << gpkg << "\nwrote " << caps_csv << "\nwrote "
            << evidence_csv << " (" << evidence.row_count()
            << " parcel rows behind the computed numbers)\n";
  if (self)
    std::cout << "self-evaluation " << years.back() << ": " << self->row_count() << " values, "
              << flagged << " flagged beyond the tolerance; wrote " << self_csv << "\n";
  for (const auto& f : reports) std::cout << "wrote " << f << "\n";
  return 0;
}

}  // namespace

void register_evaluate(CLI::App& app, Globals& g) {
  auto a = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate", "Zone performance evaluation (评价考核) over a workspace's completed runs");
  cmd->add_option("workspace", a->workspace, "Workspace (*.hubland.sqlite or postgresql://…)")
      ->required();
  cmd->add_option("-o,--out", a->out, "Output folder")->required();
  cmd->add_option("--year", a->year, "Evaluate this year only (the year of a run's as_of)");
  cmd->add_option("--compare", a->compare, "Also evaluate this earlier year, for the change");
  cmd->add_option("--ruleset", a->ruleset,
                  "Ruleset with [evaluation] (default: the newest evaluated run's ruleset)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--self", a->self,
                  "Self-evaluation CSV (zone_id, indicator, value, note) for the newest year")
      ->check(CLI::ExistingFile);
  CLI::Option* report =
      cmd->add_flag("--report", a->report,
                    "Also write zone evaluation reports (PDF + HTML) to DIR/reports: a summary and "
                    "one per zone");
  cmd->add_option("--zone", a->report_zones, "With --report: only this zone (repeatable)")
      ->needs(report);
  cmd->add_option("--lang", a->lang, "Report language: zh | en")
      ->check(CLI::IsMember({"zh", "en"}))
      ->needs(report);
  cmd->add_option("--issuer", a->issuer,
                  "With --report: issuing body in every page's header (overrides the ruleset's "
                  "[report] issuer; \"\" prints none)")
      ->needs(report);
  cmd->callback([a, &g] { g.action = [a, &g] { return evaluate(*a, g); }; });
}

}  // namespace hubland::cli

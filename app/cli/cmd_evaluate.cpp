// hubland evaluate WS -o DIR [--year Y] [--compare Y0] [--ruleset FILE] [--self FILE]
//
// Zone performance evaluation (评价考核, docs/evaluation.md) over a workspace's completed
// `hubland run` runs: one run per evaluation year (the year of its as_of; the newest completed
// run of a year wins), the ruleset's [evaluation] indicators per zone and year, score, rank
// within the zone type, grade and change. Writes DIR/zone_evaluation.csv and
// DIR/zone_evaluation.gpkg (zone polygons, QGIS style by grade), each atomically; with --self,
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
#include "hubland/rules/evaluator.hpp"
#include "options.hpp"

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
};

/// Evaluation year -> the newest completed `run` run whose as_of falls in it.
std::map<int, layers::RunRecord> runs_by_year(const layers::Workspace& ws) {
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

std::string number_or_dash(const std::optional<double>& v, bool sign = false) {
  if (!v) return "-";
  const std::string s = rules::format_number(std::round(*v * 100) / 100);
  return sign && *v > 0 ? "+" + s : s;
}

int evaluate(const EvaluateArgs& a, const Globals& g) {
  const layers::Workspace ws = layers::Workspace::open(a.workspace, layers::OpenMode::MustExist);
  const auto by_year = runs_by_year(ws);
  if (by_year.empty())
    throw Error(ErrorKind::BadInput,
                "the workspace has no completed `hubland run` run with an as_of date: nothing to "
                "evaluate (run `hubland run ANALYSIS.toml -o " +
                    a.workspace + "` first)",
                Where{.file = a.workspace});
  std::string present;
  for (const auto& [y, r] : by_year) present += (present.empty() ? "" : ", ") + std::to_string(y);
  std::vector<int> years;
  const std::optional<int> main_year =
      a.year ? a.year : (a.compare ? std::optional<int>(by_year.rbegin()->first) : std::nullopt);
  for (const auto& y : {a.compare, main_year})
    if (y && !by_year.count(*y))
      throw Error(ErrorKind::BadInput,
                  "no completed run for year " + std::to_string(*y) +
                      " (years with a completed run: " + present + ")",
                  Where{.file = a.workspace});
  if (main_year) {
    if (a.compare && *a.compare != *main_year) years.push_back(*a.compare);
    years.push_back(*main_year);
  } else {
    for (const auto& [y, r] : by_year) years.push_back(y);
  }
  std::sort(years.begin(), years.end());
  const layers::RunRecord& newest = by_year.at(years.back());

  std::string ruleset_path = a.ruleset;
  if (ruleset_path.empty())
    for (const auto& in : newest.info.inputs)
      if (in.role == "ruleset") ruleset_path = in.path;
  if (ruleset_path.empty())
    throw Error(ErrorKind::BadInput,
                "run " + std::to_string(newest.id) + " records no ruleset: pass --ruleset FILE");
  const rules::Ruleset ruleset = rules::load_ruleset(ruleset_path);
  if (!ruleset.has_evaluation)
    throw Error(ErrorKind::BadInput,
                "the ruleset has no [evaluation] table (docs/evaluation.md); pass --ruleset FILE",
                Where{.file = ruleset_path});

  // Zones (names, types, polygons) from the newest evaluated run.
  std::vector<rules::EvaluationZone> zones;
  std::optional<layers::Layer> zone_layer;
  if (has_dataset(ws, newest.id, "zones")) {
    zone_layer = ws.layer("zones", newest.id);
    for (std::size_t r = 0; r < zone_layer->size(); ++r)
      zones.push_back({text_at(zone_layer->attributes, r, "zone_id"),
                       text_at(zone_layer->attributes, r, "zone_name"),
                       text_at(zone_layer->attributes, r, "zone_type")});
  }
  std::vector<layers::Table> facts(years.size()), grades(years.size());
  std::vector<rules::EvaluationYear> inputs;
  for (std::size_t i = 0; i < years.size(); ++i) {
    const layers::RunRecord& run = by_year.at(years[i]);
    facts[i] = ws.table("facts", run.id);
    const bool graded = has_dataset(ws, run.id, "grades");
    if (graded) grades[i] = ws.table("grades", run.id);
    inputs.push_back({years[i], &facts[i], graded ? &grades[i] : nullptr});
  }
  const auto rows = rules::evaluate_zones(ruleset, zones, inputs);
  const layers::Table table = rules::zone_evaluation_table(ruleset, rows);
  // Read before anything is written: a bad self-evaluation file leaves DIR untouched.
  std::optional<layers::Table> self;
  if (!a.self.empty())
    self = rules::self_evaluation_table(ruleset, rows, years.back(),
                                        rules::read_self_evaluation(a.self, ruleset));

  fs::create_directories(a.out);
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

  if (g.json) {
    nlohmann::ordered_json j;
    j["workspace"] = a.workspace;
    j["ruleset"] = ruleset_json(ruleset);
    auto& yr = j["years"] = nlohmann::ordered_json::object();
    for (int y : years) yr[std::to_string(y)] = by_year.at(y).id;
    j["csv"] = csv;
    j["gpkg"] = gpkg;
    if (self)
      j["self_evaluation"] = {
          {"csv", self_csv}, {"values", self->row_count()}, {"flagged", flagged}};
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
  std::cout << "wrote " << csv << "\nwrote " << gpkg << "\n";
  if (self)
    std::cout << "self-evaluation " << years.back() << ": " << self->row_count() << " values, "
              << flagged << " flagged beyond the tolerance; wrote " << self_csv << "\n";
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
  cmd->callback([a, &g] { g.action = [a, &g] { return evaluate(*a, g); }; });
}

}  // namespace hubland::cli

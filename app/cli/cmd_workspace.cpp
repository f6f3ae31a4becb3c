// hubland runs WS                      the runs of a workspace, oldest first
// hubland show WS --run N              one run: inputs with SHA-256, ruleset, parameters, counts,
//                                      datasets
// hubland export SRC --what W --format F -o PATH [--encoding GBK] [--where SQL] [--split]
//                [--bom] [--precision N] [--run N] [--layer-name NAME] [--field-names zh|en]
//   SRC: a workspace (*.hubland.sqlite, postgresql://…) or any OGR file ("path" or
//   "path|layer"). W: layer:NAME | facts | screened | findings | verdicts | ranking | grades
//   (for a file, layer:NAME picks a layer). F defaults from the extension of PATH.
// WS may be a postgresql:// URL. `hubland run` is wired elsewhere over the same Workspace API.
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/workspace.hpp"

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

using layers::Workspace;

nlohmann::ordered_json run_json(const layers::RunRecord& r) {
  nlohmann::ordered_json j;
  j["run"] = r.id;
  j["status"] = layers::to_string(r.status);
  j["command"] = r.info.command;
  j["tool_version"] = r.tool_version;
  j["user"] = r.info.user;
  j["started_utc"] = r.started_utc;
  j["finished_utc"] = r.finished_utc;
  j["ruleset_id"] = r.info.ruleset_id;
  j["ruleset_sha256"] = r.info.ruleset_sha256;
  j["parameters"] = r.info.parameters;
  j["counts"] = r.counts;
  auto& in = j["inputs"] = nlohmann::ordered_json::array();
  for (const auto& i : r.info.inputs)
    in.push_back(
        {{"role", i.role}, {"path", i.path}, {"size_bytes", i.size_bytes}, {"sha256", i.sha256}});
  if (!r.message.empty()) j["message"] = r.message;
  return j;
}

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

int list_runs(const std::string& ws_path, const Globals& g) {
  const Workspace ws = Workspace::open(ws_path, layers::OpenMode::MustExist);
  const auto runs = ws.runs();
  if (g.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : runs) out.push_back(run_json(r));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << pad("run", 5) << pad("status", 11) << pad("command", 9) << pad("started (UTC)", 22)
            << pad("finished (UTC)", 22) << pad("user", 14) << "ruleset\n";
  for (const auto& r : runs)
    std::cout << pad(std::to_string(r.id), 5) << pad(layers::to_string(r.status), 11)
              << pad(r.info.command, 9) << pad(r.started_utc, 22)
              << pad(r.finished_utc.empty() ? "-" : r.finished_utc, 22) << pad(r.info.user, 14)
              << (r.info.ruleset_id.empty() ? "-" : r.info.ruleset_id) << "\n";
  if (runs.empty()) std::cout << "(no runs)\n";
  return 0;
}

int show_run(const std::string& ws_path, std::int64_t id, const Globals& g) {
  const Workspace ws = Workspace::open(ws_path, layers::OpenMode::MustExist);
  const auto r = ws.run(id);
  const auto ds = ws.datasets(id);
  if (g.json) {
    auto j = run_json(r);
    auto& d = j["datasets"] = nlohmann::ordered_json::array();
    for (const auto& x : ds)
      d.push_back({{"name", x.name},
                   {"kind", x.kind == layers::DatasetKind::Layer ? "layer" : "table"},
                   {"role", x.role},
                   {"epsg", x.epsg},
                   {"rows", x.row_count}});
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "run " << r.id << " (" << layers::to_string(r.status) << "): " << r.info.command
            << "\n"
            << "  tool version  " << r.tool_version << "\n"
            << "  user          " << r.info.user << "\n"
            << "  started       " << r.started_utc << "\n"
            << "  finished      " << (r.finished_utc.empty() ? "-" : r.finished_utc) << "\n";
  if (!r.info.ruleset_id.empty())
    std::cout << "  ruleset       " << r.info.ruleset_id << "  sha256 " << r.info.ruleset_sha256
              << "\n";
  if (!r.message.empty()) std::cout << "  message       " << r.message << "\n";
  std::cout << "  inputs\n";
  for (const auto& i : r.info.inputs)
    std::cout << "    " << pad(i.role, 12) << i.path << "  " << i.size_bytes << " bytes  sha256 "
              << i.sha256 << "\n";
  if (r.info.inputs.empty()) std::cout << "    (none)\n";
  std::cout << "  parameters\n";
  for (const auto& [k, v] : r.info.parameters) std::cout << "    " << pad(k, 20) << v << "\n";
  std::cout << "  counts\n";
  for (const auto& [k, v] : r.counts) std::cout << "    " << pad(k, 20) << v << "\n";
  std::cout << "  datasets\n";
  for (const auto& x : ds)
    std::cout << "    " << pad(x.name, 16)
              << pad(x.kind == layers::DatasetKind::Layer ? "layer" : "table", 7)
              << pad(x.epsg ? "EPSG:" + std::to_string(x.epsg) : "-", 11) << x.row_count
              << " rows\n";
  return 0;
}

struct ExportArgs {
  std::string source;
  std::string what;
  std::string format;
  std::string output;
  std::string encoding = "UTF-8";
  std::string where;
  std::string layer_name;
  std::string field_names = "en";
  bool split = false;
  bool bom = false;
  int precision = 7;
  std::int64_t run = 0;
};

layers::ExportFormat format_for(const ExportArgs& a) {
  if (!a.format.empty()) return layers::export_format_from(a.format);
  std::string ext = fs::path(a.output).extension().string();
  if (ext.empty())
    throw Error(ErrorKind::BadInput, "give --format (shp, gpkg, geojson, csv, xlsx)");
  return layers::export_format_from(ext.substr(1));
}

int run_export(const ExportArgs& a, const Globals& g) {
  layers::ExportOptions o;
  o.format = format_for(a);
  o.output = a.output;
  o.encoding = a.encoding;
  if (!a.where.empty()) o.where = a.where;
  o.split = a.split ? layers::SplitMode::Split : layers::SplitMode::Refuse;
  o.bom = a.bom ? layers::Bom::Yes : layers::Bom::No;
  o.precision_digits = a.precision;
  o.layer_name = a.layer_name;
  o.field_names = layers::field_names_from(a.field_names);
  std::optional<std::int64_t> run;
  if (a.run > 0) run = a.run;

  layers::ExportSource src;
  if (layers::is_workspace_target(a.source)) {
    if (a.what.empty())
      throw Error(ErrorKind::BadInput,
                  "exporting from a workspace needs --what (layer:NAME, facts, screened, "
                  "findings, verdicts, ranking)");
    const Workspace ws = Workspace::open(a.source, layers::OpenMode::MustExist);
    src = layers::workspace_export_source(ws, a.what, run);
  } else {
    std::string path = a.source;
    if (!a.what.empty()) {
      if (a.what.rfind("layer:", 0) != 0)
        throw Error(ErrorKind::BadInput, "a file source takes --what layer:NAME (or PATH|LAYER)",
                    Where{.file = a.source});
      path += "|" + a.what.substr(6);
    }
    std::error_code ec;
    if (!fs::exists(path.substr(0, path.find('|')), ec))
      throw Error(ErrorKind::Io, "no such file", Where{.file = path.substr(0, path.find('|'))});
    src = layers::file_export_source(path);
  }
  const auto rep = layers::export_features(src, o);
  if (g.json) {
    std::cout << rep.to_json();
    return 0;
  }
  std::cout << "exported " << rep.features << " features to " << rep.output << " ("
            << layers::to_string(rep.format) << ")\n";
  if (rep.format == layers::ExportFormat::Shapefile) {
    std::cout << "  encoding " << rep.encoding << ", " << rep.parts << " part(s), "
              << rep.estimated_bytes << " bytes\n  field names (DBF, ≤ 10 bytes):\n";
    for (const auto& m : rep.field_map)
      std::cout << "    " << pad(m.field, 28) << (m.field == m.short_name ? "=" : "->") << " "
                << m.short_name << "\n";
  }
  if (!rep.renamed.empty()) {
    std::cout << "  column names (--field-names " << layers::to_string(rep.field_names) << "):\n";
    for (const auto& m : rep.renamed)
      std::cout << "    " << pad(m.field, 28) << "-> " << m.short_name << "\n";
  }
  if (!rep.style.empty()) std::cout << "  QGIS style: " << rep.style << "\n";
  std::cout << "  files:\n";
  for (const auto& f : rep.files) std::cout << "    " << f << "\n";
  return 0;
}

}  // namespace

void register_workspace(CLI::App& app, Globals& g) {
  auto ws_runs = std::make_shared<std::string>();
  auto* runs = app.add_subcommand("runs", "List the runs stored in a workspace");
  runs->add_option("workspace", *ws_runs, "*.hubland.sqlite or postgresql://…")->required();
  runs->callback([&g, ws_runs] { g.action = [&g, ws_runs] { return list_runs(*ws_runs, g); }; });

  auto show_args = std::make_shared<std::pair<std::string, std::int64_t>>();
  auto* show = app.add_subcommand("show", "Show one run: inputs, ruleset, parameters, counts");
  show->add_option("workspace", show_args->first, "*.hubland.sqlite or postgresql://…")->required();
  show->add_option("--run", show_args->second, "Run id (see `hubland runs`)")->required();
  show->callback([&g, show_args] {
    g.action = [&g, show_args] { return show_run(show_args->first, show_args->second, g); };
  });

  auto a = std::make_shared<ExportArgs>();
  auto* ex =
      app.add_subcommand("export", "Export a layer or a result to shp/gpkg/geojson/csv/xlsx");
  ex->add_option("source", a->source, "Workspace, or any OGR file (PATH or PATH|LAYER)")
      ->required();
  ex->add_option("--what", a->what,
                 "layer:NAME | facts | screened | findings | verdicts | ranking | grades");
  ex->add_option("--format", a->format, "shp | gpkg | geojson | csv | xlsx (default: from -o)");
  ex->add_option("-o,--output", a->output, "Output file")->required();
  ex->add_option("--encoding", a->encoding, "Shapefile text encoding: UTF-8 (default) or GBK");
  ex->add_option("--where", a->where, "SQL filter over the exported fields");
  ex->add_flag("--split", a->split, "Split a shapefile over 2 GB into parts instead of refusing");
  ex->add_flag("--bom", a->bom, "CSV: write a UTF-8 BOM (Excel)");
  ex->add_option("--precision", a->precision, "GeoJSON coordinate decimals (default 7)");
  ex->add_option("--run", a->run, "Take datasets from this run when it holds them");
  ex->add_option("--layer-name", a->layer_name, "Name of the output layer");
  ex->add_option("--field-names", a->field_names,
                 "Column names: en (as exported, default) or zh (the bureau's Chinese names)");
  ex->callback([&g, a] { g.action = [&g, a] { return run_export(*a, g); }; });
}

}  // namespace hubland::cli

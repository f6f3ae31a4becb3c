// hubland import --role ROLE PATH -o OUT.gpkg [--report FILE.csv] [--encoding E]
//                [--assume-crs C] [--crs EPSG:n] [--map target=source]... [--aliases FILE]
//                [--on-invalid repair|skip|fail] [--datum gcj02|bd09]
// Reads one layer for a role and writes it normalised (working CRS, canonical field names,
// area_m2 / area_mu) to a GeoPackage, atomically. Prints the counts. Features with attribute
// errors are listed and the import exits 2 without writing OUT (never a partial import).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/schema.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "options.hpp"

namespace hubland::cli {

namespace {

struct ImportArgs {
  std::string role;
  std::string path;
  std::string out;
  std::string report;
  std::string encoding;
  std::string assume_crs;
  std::string crs;
  std::vector<std::string> maps;
  std::string aliases;
  std::string on_invalid = "repair";
  std::string datum;
  bool json = false;
};

layers::GeometryKind sink_kind(layers::Role r) {
  switch (layers::schema(r).geometry) {
    case layers::GeometryClass::Polygon:
      return layers::GeometryKind::MultiPolygon;
    case layers::GeometryClass::Point:
      return layers::GeometryKind::Point;
    case layers::GeometryClass::Line:
      return layers::GeometryKind::Unknown;
    case layers::GeometryClass::None:
      return layers::GeometryKind::None;
  }
  return layers::GeometryKind::Unknown;
}

int run_import(const ImportArgs& a, const Globals& g) {
  const layers::Role role = layers::role_from_string(a.role);
  layers::ReadOptions o;
  if (!a.encoding.empty()) o.encoding = a.encoding;
  if (!a.assume_crs.empty()) o.assume_crs = a.assume_crs;
  if (!a.crs.empty()) o.working_epsg = parse_epsg_option(a.crs);
  if (!a.aliases.empty()) o.aliases_file = a.aliases;
  if (!a.datum.empty()) o.datum = geo::parse_web_datum(a.datum, "--datum");
  for (const auto& m : a.maps) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
      throw Error(ErrorKind::BadInput, "--map takes target=source, not '" + m + "'");
    o.field_map[m.substr(0, eq)] = m.substr(eq + 1);
  }
  if (a.on_invalid == "repair")
    o.on_invalid = layers::OnInvalid::Repair;
  else if (a.on_invalid == "skip")
    o.on_invalid = layers::OnInvalid::Skip;
  else if (a.on_invalid == "fail")
    o.on_invalid = layers::OnInvalid::Fail;
  else
    throw Error(ErrorKind::BadInput, "--on-invalid takes repair, skip or fail");

  layers::ImportReport rep;
  layers::Layer layer;
  try {
    layer = layers::read_layer(a.path, role, o, rep);
  } catch (const Error& e) {
    // The problems found before the stop still go to the report. Stops found in the layer
    // are already rows of their own; a stop before the layer could be read is added.
    if (!a.report.empty()) {
      if (rep.stops == 0)
        rep.problems.push_back({layers::Severity::Error, std::string("stop-") + to_string(e.kind()),
                                e.where().file.empty() ? a.path : e.where().file, e.where().layer,
                                e.where().feature, e.where().field, e.message()});
      // A report that cannot be written (full disk) must not hide why the import stopped.
      try {
        layers::write_problems_csv({rep}, a.report);
      } catch (const Error& report_error) {
        throw Error(e.kind(),
                    e.message() + "\nthe --report was not written either: " + report_error.what(),
                    e.where());
      }
    }
    throw;
  }
  if (!a.report.empty()) layers::write_problems_csv({rep}, a.report);

  const bool failed = rep.has_errors();
  if (!failed && layers::is_workspace_target(a.out)) {
    // A workspace keeps the layer as a run of its own, with the input's SHA-256.
    layers::import_into_workspace(a.out, layers::to_string(role), layer,
                                  {layers::describe_input(layers::to_string(role), a.path)},
                                  {{"source", a.path}});
  } else if (!failed) {
    layers::VectorSink sink(a.out, "GPKG");
    layers::SinkLayerOptions so;
    so.geometry_kind = sink_kind(role);
    so.epsg = layer.epsg;
    // GeoPackage reserves "fid" for its own key: the source FID travels as source_fid.
    for (const auto& c : layer.attributes.columns())
      so.field_names.push_back(c.name == "fid" ? "source_fid" : c.name);
    sink.add_layer(layers::to_string(role), layer.attributes,
                   layer.geometry.empty() ? nullptr : &layer.geometry, so);
    sink.commit();
  }

  const auto& c = rep.counts;
  if (a.json || g.json) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : rep.problems)
      problems.push_back({{"severity", layers::to_string(p.severity)},
                          {"code", p.code},
                          {"feature", p.feature},
                          {"field", p.field},
                          {"message", p.message}});
    nlohmann::json j{{"source", rep.source},
                     {"layer", rep.layer_name},
                     {"role", a.role},
                     {"output", failed ? nlohmann::json(nullptr) : nlohmann::json(a.out)},
                     {"encoding",
                      {{"name", rep.encoding},
                       {"source", rep.encoding_source},
                       {"explanation", rep.encoding_explanation}}},
                     {"source_crs", rep.source_crs},
                     {"crs_source", rep.crs_source},
                     {"working_epsg", rep.working_epsg},
                     {"datum", geo::to_string(o.datum)},
                     {"id_note", rep.id_note},
                     {"counts",
                      {{"read", c.read},
                       {"imported", c.imported},
                       {"repaired", c.repaired},
                       {"skipped", c.skipped},
                       {"rejected", c.rejected}}},
                     {"problems", problems}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "source:   " << rep.source << " (layer " << rep.layer_name << ")\n";
    std::cout << "encoding: " << rep.encoding << " (" << rep.encoding_explanation << ")\n";
    if (!rep.source_crs.empty())
      std::cout << "CRS:      " << rep.source_crs << " from " << rep.crs_source
                << " -> working EPSG:" << rep.working_epsg << "\n";
    if (o.datum != geo::WebDatum::None)
      std::cout << "datum:    " << layers::web_datum_note(o.datum) << "\n";
    if (!rep.id_note.empty()) std::cout << "ids:      " << rep.id_note << "\n";
    std::cout << "read " << c.read << ", imported " << c.imported << ", repaired " << c.repaired
              << ", skipped " << c.skipped << ", rejected " << c.rejected << "\n";
    for (const auto& p : rep.problems)
      if (p.severity != layers::Severity::Info)
        std::cout << "  " << layers::to_string(p.severity) << " [" << p.code << "] "
                  << (p.feature.empty() ? "" : p.feature + ": ")
                  << (p.field.empty() ? "" : p.field + ": ") << p.message << "\n";
    if (!failed) std::cout << "wrote " << a.out << "\n";
  }
  if (failed) {
    std::cerr << "hubland: error: " << a.path << ": " << c.rejected
              << " feature(s) rejected (see the problems above"
              << (a.report.empty() ? "" : " and " + a.report) << "); nothing written\n";
    return 2;
  }
  return 0;
}

}  // namespace

void register_import(CLI::App& app, Globals& g) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Read a layer for a role, check it, and write it normalised to a GeoPackage");
  cmd->add_option("--role", args->role,
                  "parcels zones hubs catchments constraints projects conversions roads")
      ->required();
  cmd->add_option("path", args->path, "File or connection string (path|layer)")->required();
  cmd->add_option("-o,--output", args->out,
                  "Output GeoPackage, or a workspace (*.hubland.sqlite, postgresql://...)")
      ->required();
  cmd->add_option("--report", args->report, "Write every problem found to this CSV");
  cmd->add_option("--encoding", args->encoding,
                  "Text encoding when no .cpg / DBF language driver declares one (e.g. GBK)");
  cmd->add_option("--assume-crs", args->assume_crs, "CRS for a layer that has none (EPSG:4490)");
  cmd->add_option("--crs", args->crs,
                  "Working CRS (default: CGCS2000 3-degree GK zone of the data)");
  cmd->add_option("--map", args->maps, "Field mapping target=source (repeatable)");
  cmd->add_option("--aliases", args->aliases, "Extra field-alias file (TOML)");
  cmd->add_option("--on-invalid", args->on_invalid,
                  "Invalid geometries: repair (default), skip, fail");
  cmd->add_option("--datum", args->datum,
                  "The lon/lat come from a web map: gcj02 (AMap, Tencent) or bd09 (Baidu); "
                  "converted to WGS 84 before anything else");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &g] { g.action = [args, &g] { return run_import(*args, g); }; });
}

}  // namespace hubland::cli

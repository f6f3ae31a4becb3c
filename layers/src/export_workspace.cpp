// Export sources: a workspace's layers and tables as SQL over its GDAL connection, or any
// OGR-readable file.
#include <algorithm>
#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/workspace.hpp"
#include "workspace_store.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

ExportSource file_export_source(const std::string& path_and_layer) {
  ExportSource s;
  const auto bar = path_and_layer.find('|');
  s.connection = path_and_layer.substr(0, bar);
  if (bar != std::string::npos) s.layer = path_and_layer.substr(bar + 1);
  s.name = !s.layer.empty() ? s.layer : fs::path(s.connection).stem().string();
  return s;
}

namespace {

// Datasets for an export: from `run` when it holds them, else the newest completed run.
std::optional<DatasetInfo> find_dataset(const Workspace& ws, const std::string& name,
                                        std::optional<std::int64_t> run) {
  if (run)
    for (auto& d : ws.datasets(*run))
      if (d.name == name) return d;
  if (auto latest = ws.latest_run_with(name)) return ws.dataset(name, *latest);
  return std::nullopt;
}

DatasetInfo require_dataset(const Workspace& ws, const std::string& name,
                            std::optional<std::int64_t> run, const std::string& what) {
  if (auto d = find_dataset(ws, name, run)) return *d;
  throw Error(
      ErrorKind::BadInput,
      "cannot export '" + what + "': the workspace has no completed run with '" + name + "'",
      Where{.file = ws.location(), .layer = name});
}

std::string column_list(const std::vector<Table::Column>& cols, const std::string& alias,
                        const std::vector<std::string>& skip = {}) {
  std::string out;
  for (const auto& c : cols) {
    if (std::find(skip.begin(), skip.end(), c.name) != skip.end()) continue;
    if (!out.empty()) out += ", ";
    out += alias + "." + sql_identifier(c.name);
  }
  return out;
}

}  // namespace

ExportSource workspace_export_source(const Workspace& ws, const std::string& what,
                                     std::optional<std::int64_t> run) {
  ExportSource s;
  s.connection = ws.gdal_connection();
  s.name = what;
  // A table joined with the geometry of the layer it describes (facts -> parcels, ...).
  auto with_geometry = [&](const DatasetInfo& t, const std::string& layer_name,
                           const std::string& key) {
    const auto tcols = ws.columns(t);
    const auto l = find_dataset(ws, layer_name, run);
    bool has_key = false;
    for (const auto& c : tcols) has_key = has_key || c.name == key;
    if (l && l->epsg > 0 && has_key) s.epsg = l->epsg;
    if (!l || l->epsg <= 0 || !has_key)
      return "SELECT " + column_list(tcols, "t") + " FROM " + ws.sql_table(t) +
             " t ORDER BY t.hl_row";
    return "SELECT " + column_list(tcols, "t") + ", g.geom AS geom FROM " + ws.sql_table(t) +
           " t LEFT JOIN " + ws.sql_table(*l) + " g ON g." + sql_identifier(key) + " = t." +
           sql_identifier(key) + " ORDER BY t.hl_row";
  };
  if (what.rfind("layer:", 0) == 0) {
    const std::string name = what.substr(6);
    const DatasetInfo d = require_dataset(ws, name, run, what);
    s.name = name;
    s.epsg = d.epsg;
    s.sql = "SELECT " + column_list(ws.columns(d), "t") + (d.epsg > 0 ? ", t.geom AS geom" : "") +
            " FROM " + ws.sql_table(d) + " t ORDER BY t.hl_row";
  } else if (what == "screened") {
    const DatasetInfo p = require_dataset(ws, "parcels", run, what);
    const DatasetInfo g = require_dataset(ws, "grades", run, what);
    const auto pcols = ws.columns(p);
    s.epsg = p.epsg;
    std::vector<std::string> skip;
    for (const auto& c : pcols) skip.push_back(c.name);  // parcels' own columns win
    const std::string gcols = column_list(ws.columns(g), "g", skip);
    s.sql = "SELECT " + column_list(pcols, "p") + (gcols.empty() ? "" : ", " + gcols) +
            (p.epsg > 0 ? ", p.geom AS geom" : "") + " FROM " + ws.sql_table(p) + " p JOIN " +
            ws.sql_table(g) + " g ON g.parcel_id = p.parcel_id ORDER BY p.hl_row";
    s.id_field = "parcel_id";
  } else if (what == "facts") {
    s.sql = with_geometry(require_dataset(ws, "facts", run, what), "parcels", "parcel_id");
    s.id_field = "parcel_id";
  } else if (what == "ranking") {
    s.sql = with_geometry(require_dataset(ws, "ranking", run, what), "projects", "project_id");
    s.id_field = "project_id";
  } else if (what == "findings" || what == "verdicts" || what == "grades") {
    const DatasetInfo d = require_dataset(ws, what, run, what);
    s.sql = "SELECT " + column_list(ws.columns(d), "t") + " FROM " + ws.sql_table(d) +
            " t ORDER BY t.hl_row";
    s.id_field = what == "verdicts" ? "request_id" : what == "grades" ? "parcel_id" : "subject_id";
  } else {
    throw Error(ErrorKind::BadInput, "unknown --what '" + what +
                                         "' (layer:NAME, facts, screened, findings, verdicts, "
                                         "ranking, grades)");
  }
  return s;
}

}  // namespace hubland::layers

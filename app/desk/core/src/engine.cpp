#include "hubland/desk/engine.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/sink.hpp"

namespace hubland::desk {

Session open_analysis(const std::string& path, JobContext& context) {
  context.progress(0, 3);
  layers::AnalysisSpec spec = layers::load_analysis(path);
  context.check_cancel();
  context.progress(1, 3);
  layers::AnalysisInputs inputs = layers::load_inputs(spec);
  context.check_cancel();
  context.progress(3, 3);
  return Session(std::move(inputs), std::move(spec));
}

QString stage_unavailable_reason(Stage) {
  return QCoreApplication::translate(
      "hubland::desk::engine", "Not available yet: the engine stage has not landed in this build.");
}

StageResults run_stage(const Session& session, Stage stage, JobContext&) {
  (void)session;
  throw Error(ErrorKind::Internal, stage_unavailable_reason(stage).toStdString());
}

std::size_t export_rows(const Session& session, Role role, const std::vector<std::size_t>& rows,
                        const std::string& path) {
  if (!session.has(role)) throw Error(ErrorKind::BadInput, "no such layer in the session");
  const auto view = session.view(role);
  const auto& layer = session.layer(role);
  layers::Table out;
  for (const auto& col : view->columns()) out.add_column(col.name, col.type, col.unit);
  out.reserve(rows.size());
  std::vector<geo::Wkb> geometry;
  for (std::size_t r : rows) {
    if (r >= view->row_count()) continue;
    const std::size_t o = out.add_row();
    for (std::size_t c = 0; c < view->column_count(); ++c)
      if (!view->null_at(r, c)) out.set(o, c, view->get(r, c));
    if (r < layer.geometry.size()) geometry.push_back(layer.geometry[r]);
  }
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".csv") {
    layers::write_csv(out, path, layers::CsvOptions{.bom = true});
    return out.row_count();
  }
  std::string driver;
  layers::SinkLayerOptions options;
  options.epsg = layer.epsg;
  if (ext == ".gpkg")
    driver = "GPKG";
  else if (ext == ".geojson" || ext == ".json")
    driver = "GeoJSON";
  else if (ext == ".shp") {
    driver = "ESRI Shapefile";
    options.creation_options.push_back("ENCODING=UTF-8");
    options.geometry_kind = role == Role::Hubs    ? layers::GeometryKind::Point
                            : role == Role::Roads ? layers::GeometryKind::LineString
                                                  : layers::GeometryKind::Polygon;
  } else {
    throw Error(ErrorKind::BadInput,
                "unknown export format '" + ext + "' (use .gpkg, .geojson, .shp or .csv)",
                Where{.file = path});
  }
  const bool with_geometry = geometry.size() == out.row_count() && !geometry.empty();
  layers::VectorSink sink(path, driver);
  sink.add_layer(std::filesystem::path(path).stem().string(), out,
                 with_geometry ? &geometry : nullptr, options);
  sink.commit();
  return out.row_count();
}

}  // namespace hubland::desk

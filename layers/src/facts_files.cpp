// The files of `hubland overlay` (facts_files.hpp).
#include "hubland/layers/facts_files.hpp"

#include <chrono>
#include <filesystem>
#include <future>

#include "hubland/layers/insert_help.hpp"
#include "hubland/layers/sink.hpp"

namespace hubland::layers {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

FactsFiles write_facts_files(const std::string& dir, const FactsResult& parcels,
                             const FactsResult* projects, const FactsFilesOptions& options) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  FactsFiles out;
  out.gpkg = (fs::path(dir) / "facts.gpkg").string();
  out.csv = (fs::path(dir) / "facts.csv").string();
  const auto start = Clock::now();
  // Declared before the future: help() must have returned (Closer) before the future is
  // waited on, also when the GeoPackage fails.
  InsertHelp help;
  auto csv_written = std::async(std::launch::async, [&] {
    write_csv(parcels.facts, out.csv);
    if (projects) write_csv(projects->facts, (fs::path(dir) / "project_facts.csv").string());
    out.csv_s = since(start);
    help.help();
  });
  {
    InsertHelp::Closer closer(help);
    VectorSink sink(out.gpkg, "GPKG");
    auto add = [&](const std::string& name, const Table& facts,
                   const std::vector<geo::Wkb>* geometry) {
      SinkLayerOptions so;
      so.insert_help = &help;
      if (geometry) {
        so.geometry_kind = GeometryKind::MultiPolygon;
        so.epsg = options.geometry_epsg;
      }
      sink.add_layer(name, facts, geometry, so);
    };
    add("parcel_facts", parcels.facts, options.parcel_geometry);
    if (projects) add("project_facts", projects->facts, options.project_geometry);
    if (!parcels.isochrone_geometry.empty()) {
      SinkLayerOptions so;
      so.geometry_kind = GeometryKind::MultiPolygon;
      so.epsg = parcels.epsg;
      sink.add_layer("isochrones", parcels.isochrones, &parcels.isochrone_geometry, so);
    }
    sink.commit();
  }
  out.gpkg_s = since(start);
  csv_written.get();  // rethrows a failed CSV write
  out.gpkg_rows_by_csv_thread = help.rows_helped();
  return out;
}

}  // namespace hubland::layers

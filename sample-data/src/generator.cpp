// The deterministic sample generator (see generator.hpp for the contract): builds the layers of
// the chosen layout (generator_parts.hpp) and writes them to a GeoPackage.

#include "hubland/sample/generator.hpp"

#include <cpl_conv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <string>
#include <vector>

#include "generator_parts.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/layers/sink.hpp"

namespace fs = std::filesystem;

namespace hubland::sample {

namespace {

using detail::Dataset;
using detail::kWorkingEpsg;
using geo::Wkb;
using layers::FieldType;
using layers::Table;

/// Copy the ECharts district boundaries, fixing the two outdated codes (2016 vintage).
std::size_t districts(const std::string& source, Table& t, std::vector<Wkb>& geom) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw Error(ErrorKind::Io, "cannot open the district boundaries", Where{.file = source});
  OGRLayer* layer = ds->GetLayer(0);
  const auto adcode = t.add_column("adcode", FieldType::Integer);
  const auto name = t.add_column("name", FieldType::Text);
  const auto cp_lon = t.add_column("cp_lon", FieldType::Real, "deg");
  const auto cp_lat = t.add_column("cp_lat", FieldType::Real, "deg");
  for (auto& f : *layer) {
    std::int64_t code = f->GetFieldAsInteger64("adcode");
    std::string n = f->GetFieldAsString("name");
    if (code == 500228) code = 500155, n = "梁平区";
    if (code == 500232) code = 500156, n = "武隆区";
    const std::size_t r = t.add_row();
    t.set(r, adcode, code);
    t.set(r, name, n);
    t.set(r, cp_lon, f->GetFieldAsDouble("cp_lon"));
    t.set(r, cp_lat, f->GetFieldAsDouble("cp_lat"));
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g)
      throw Error(ErrorKind::Io, "district without geometry", Where{.file = source, .feature = n});
    Wkb wkb(g->WkbSize());
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    geom.push_back(std::move(wkb));
  }
  return t.row_count();
}

}  // namespace

Summary generate(const Options& o, const std::string& out_dir) {
  GDALAllRegister();
  // GeoPackage creation timestamps are fixed by VectorSink (layers::kFixedGpkgDate), which keeps
  // the files byte-identical.
  fs::create_directories(out_dir);
  Dataset d;
  detail::init_schemas(d);
  if (o.layout == Layout::Chongqing) {
    detail::chongqing(d, o);
    detail::buildings_layer(d, o);
  } else
    detail::bench(d, o);
  detail::enterprise_attributes(d.parcels, d.pc, d.parcel_geom, o.seed);

  Summary s;
  if (o.layout == Layout::Chongqing) {
    const detail::SecondYearCounts y = detail::second_year(d, o.seed);
    s.redeveloped = y.redeveloped;
    s.recovered = y.recovered;
    s.projects_started = y.started_by_2025 + y.started_in_year;
  }
  s.gpkg_path =
      (fs::path(out_dir) / (o.layout == Layout::Chongqing ? "chongqing.gpkg" : "bench.gpkg"))
          .string();
  layers::VectorSink sink(s.gpkg_path, "GPKG");
  using layers::GeometryKind;
  auto opts = [](GeometryKind k, int epsg) {
    layers::SinkLayerOptions lo;
    lo.geometry_kind = k;
    lo.epsg = epsg;
    return lo;
  };
  sink.add_layer("parcels", d.parcels, &d.parcel_geom,
                 opts(GeometryKind::MultiPolygon, kWorkingEpsg));
  sink.add_layer("zones", d.zones, &d.zone_geom, opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("hubs", d.hubs, &d.hub_geom, opts(GeometryKind::Point, d.hub_epsg));
  sink.add_layer("constraints", d.constraints, &d.constraint_geom,
                 opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("roads", d.roads, &d.road_geom, opts(GeometryKind::LineString, kWorkingEpsg));
  sink.add_layer("projects", d.projects, &d.project_geom,
                 opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("conversions", d.conversions, nullptr, opts(GeometryKind::None, 0));
  if (o.layout == Layout::Chongqing) {
    sink.add_layer("land_survey", d.land_survey, &d.survey_geom,
                   opts(GeometryKind::Polygon, kWorkingEpsg));
    sink.add_layer("land_supply", d.land_supply, &d.supply_geom,
                   opts(GeometryKind::Polygon, kWorkingEpsg));
    sink.add_layer("parks", d.parks, &d.park_geom, opts(GeometryKind::Polygon, kWorkingEpsg));
    sink.add_layer("buildings", d.buildings, &d.building_geom,
                   opts(GeometryKind::Polygon, kWorkingEpsg));
    sink.add_layer("parcels_2025", d.parcels_2025, &d.parcel_geom,
                   opts(GeometryKind::MultiPolygon, kWorkingEpsg));
  }
  if (o.layout == Layout::Chongqing && !o.districts_source.empty()) {
    Table t;
    std::vector<Wkb> g;
    s.districts = districts(o.districts_source, t, g);
    sink.add_layer("districts", t, &g, opts(GeometryKind::MultiPolygon, geo::kEpsgWgs84));
    const std::string gj = (fs::path(out_dir) / "districts.geojson").string();
    fs::remove(gj);  // the GeoJSON driver refuses to overwrite
    layers::VectorSink json(gj, "GeoJSON");
    layers::SinkLayerOptions lo = opts(GeometryKind::MultiPolygon, geo::kEpsgWgs84);
    // 7 decimals (1 cm), as the source: at 6 a vertex of 开州区 4 cm from one of its edges
    // crosses it once projected.
    lo.creation_options = {"COORDINATE_PRECISION=7", "RFC7946=NO"};
    json.add_layer("districts", t, &g, lo);
    json.commit();
  }
  sink.commit();
  s.parcels = d.parcels.row_count();
  s.zones = d.zones.row_count();
  s.hubs = d.hubs.row_count();
  s.constraints = d.constraints.row_count();
  s.roads = d.roads.row_count();
  s.projects = d.projects.row_count();
  s.conversions = d.conversions.row_count();
  return s;
}

}  // namespace hubland::sample

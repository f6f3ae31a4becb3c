// Web-map offsets when reading: `info` / `import --datum`, the analysis file's `offset`, and the
// GCJ-02 warning of `info`. Fixture: tests/data/districts/chongqing_districts.gcj02.geojson,
// six districts of the ECharts map as received (GCJ-02); the bundled
// sample-data/source/chongqing_districts.valid.geojson is the same map converted to WGS 84.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/web_datum.hpp"
#include "hubland/geo/wkb.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/info.hpp"
#include "hubland/layers/reader.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;

namespace {

std::string gcj02_fixture() {
  return test::data("districts/chongqing_districts.gcj02.geojson");
}
std::string converted_districts() {
  return std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/source/chongqing_districts.valid.geojson";
}

const Problem* find_problem(const std::vector<Problem>& problems, const std::string& code) {
  auto it = std::find_if(problems.begin(), problems.end(),
                         [&](const Problem& p) { return p.code == code; });
  return it == problems.end() ? nullptr : &*it;
}

}  // namespace

// The GCJ-02 districts sit 300-600 m off the WGS 84 reference; the inverse puts them back, so
// the gain is about the offset at the six districts: the median of the forward offsets at
// their reference centroids is 482.85 m (computed below). It is 476 m because a polygon's
// centroid does not move exactly as its centroid point (the offset varies across a district)
// and the reference is rounded to 1e-6°: after the inverse the centroids are still a few
// metres from the reference.
TEST(WebDatumInfo, Gcj02DistrictsGetTheWarning) {
  const LayerInfo l = inspect_source(gcj02_fixture()).layers[0];
  const Problem* p = find_problem(l.problems, "looks-gcj02");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->severity, Severity::Warning);
  EXPECT_EQ(p->message,
            "lon/lat data line up with GCJ-02 (web map) by 476 m better than with WGS 84; if "
            "digitised from AMap/Tencent, re-read with --datum gcj02");
  EXPECT_EQ(find_problem(l.problems, "web-datum-converted"), nullptr);

  // 万州, 渝中, 江北, 沙坪坝, 九龙坡, 南岸: reference centroids (layers/src/source_datum.cpp).
  const geo::LonLat refs[] = {{108.402972, 30.706736}, {106.536994, 29.552629},
                              {106.703978, 29.616588}, {106.364944, 29.627602},
                              {106.360958, 29.431636}, {106.657256, 29.538828}};
  std::vector<double> offsets_m;
  for (const geo::LonLat r : refs)
    offsets_m.push_back(geo::geodesic_distance_m(r, geo::gcj02_from_wgs84(r)));
  std::sort(offsets_m.begin(), offsets_m.end());
  const double median_m = (offsets_m[2] + offsets_m[3]) / 2;
  EXPECT_NEAR(median_m, 482.85, 0.01);
  EXPECT_NEAR(476.0, median_m, 10.0);
}

TEST(WebDatumInfo, ConvertedDistrictsDoNotWarn) {
  const LayerInfo l = inspect_source(converted_districts()).layers[0];
  EXPECT_EQ(l.feature_count, 38);
  EXPECT_EQ(l.invalid_geometries, 0u);
  EXPECT_EQ(find_problem(l.problems, "looks-gcj02"), nullptr);
}

// info --datum gcj02: converted before anything else, so no warning, a note, and the extent of
// the converted file (which is rounded to 1e-7°).
TEST(WebDatumInfo, DatumOptionConvertsBeforeTheChecks) {
  InfoOptions o;
  o.datum = geo::WebDatum::Gcj02;
  const LayerInfo l = inspect_source(gcj02_fixture(), o).layers[0];
  EXPECT_EQ(find_problem(l.problems, "looks-gcj02"), nullptr);
  const Problem* note = find_problem(l.problems, "web-datum-converted");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->severity, Severity::Info);
  EXPECT_EQ(note->message,
            "converted from GCJ-02 (web-map offset) to WGS 84 by the inverse transform");
  // The same vertex both ways: 沙坪坝区's westmost, GCJ-02 106.251953 29.540039 (fixture).
  const geo::LonLat w = geo::wgs84_from_gcj02({106.251953, 29.540039});
  EXPECT_NEAR(l.extent.min_x, w.lon, 1e-9);
  const LayerInfo plain = inspect_source(gcj02_fixture()).layers[0];
  EXPECT_NEAR(plain.extent.min_x, 106.251953, 1e-9);
  EXPECT_LT(l.extent.min_x, plain.extent.min_x - 0.003);  // the offset is east: back west
}

// import --datum gcj02: every vertex is inverted in lon/lat, then projected. The first vertex
// of 万州区 (GCJ-02 107.995117 30.90918 in the fixture) is checked against the same two steps
// done by hand.
TEST(WebDatumRead, DatumOptionInvertsEachVertexBeforeReprojection) {
  ReadOptions o;
  o.datum = geo::WebDatum::Gcj02;
  o.working_epsg = 4545;
  ImportReport rep;
  const Layer l = read_layer(gcj02_fixture(), Role::Districts, o, rep);
  ASSERT_EQ(l.geometry.size(), 6u);
  const geo::Shapes s = geo::read_wkb(l.geometry[0]);
  const geo::XY got = s.polygons.at(0).at(0).at(0);
  geo::LonLat w = geo::wgs84_from_gcj02({107.995117, 30.90918});
  geo::Transformer(std::string("EPSG:4326"), "EPSG:4545").transform(w.lon, w.lat);
  EXPECT_NEAR(got.x, w.lon, 1e-6);
  EXPECT_NEAR(got.y, w.lat, 1e-6);
  // Without --datum the vertex lands about 480 m away.
  ImportReport plain_rep;
  ReadOptions plain_o;
  plain_o.working_epsg = 4545;
  const Layer plain = read_layer(gcj02_fixture(), Role::Districts, plain_o, plain_rep);
  const geo::XY raw = geo::read_wkb(plain.geometry[0]).polygons.at(0).at(0).at(0);
  EXPECT_GT(std::hypot(raw.x - got.x, raw.y - got.y), 300.0);
  const Problem* note = find_problem(rep.problems, "web-datum-converted");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->message,
            "converted from GCJ-02 (web-map offset) to WGS 84 by the inverse transform");
  EXPECT_EQ(find_problem(plain_rep.problems, "web-datum-converted"), nullptr);
  EXPECT_EQ(web_datum_note_zh(geo::WebDatum::Bd09),
            "已由 BD-09（网络地图偏移）经逆变换转换为 WGS 84");
}

// A projected layer cannot be un-offset vertex by vertex: a clear error naming the file.
TEST(WebDatumRead, DatumOnAProjectedLayerIsAnError) {
  const std::string gpkg =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
  ReadOptions o;
  o.datum = geo::WebDatum::Bd09;
  ImportReport rep;
  try {
    read_layer(gpkg + "|zones", Role::Zones, o, rep);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Crs);
    EXPECT_EQ(e.where().file, gpkg);
    EXPECT_EQ(e.message(),
              "the BD-09 web-map offset can only be removed from longitude/latitude in "
              "EPSG:4326 or EPSG:4490, but the layer's CRS is CGCS2000 / 3-degree "
              "Gauss-Kruger CM 108E (EPSG:4545), from source");
  }
  InfoOptions io;
  io.datum = geo::WebDatum::Gcj02;
  EXPECT_THROW(inspect_source(gpkg + "|zones", io), Error);
}

namespace {

std::string write_analysis(const std::string& inputs) {
  const std::string path = test::temp_dir() + "/analysis.toml";
  std::ofstream(path) << "[inputs]\n" << inputs;
  return path;
}

}  // namespace

TEST(WebDatumAnalysis, OffsetPerInput) {
  const AnalysisSpec spec = load_analysis(
      write_analysis("districts = { path = \"" + gcj02_fixture() +
                     "\", offset = \"gcj02\" }\nparcels = \"" + converted_districts() + "\"\n"));
  ASSERT_EQ(spec.offsets.size(), 1u);
  EXPECT_EQ(spec.offsets.at(Role::Districts), geo::WebDatum::Gcj02);
  EXPECT_EQ(spec.inputs.at(Role::Districts), gcj02_fixture());
  EXPECT_EQ(spec.inputs.at(Role::Parcels), converted_districts());

  AnalysisSpec only_districts = spec;
  only_districts.inputs.erase(Role::Parcels);
  only_districts.working_epsg = 4545;
  const AnalysisInputs in = load_inputs(only_districts);
  ASSERT_EQ(in.reports.size(), 1u);
  EXPECT_NE(find_problem(in.reports[0].problems, "web-datum-converted"), nullptr);
}

TEST(WebDatumAnalysis, BadOffsetNamesFileAndLine) {
  const std::string path = write_analysis(
      "parcels = \"p.gpkg\"\ndistricts = { path = \"d.geojson\", offset = "
      "\"mars\" }\n");
  try {
    load_analysis(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.message(),
              "input 'districts': offset must be gcj02 (AMap, Tencent), bd09 (Baidu) or none, "
              "not 'mars'");
  }
  try {
    load_analysis(write_analysis("districts = { file = \"d.geojson\" }\n"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "input 'districts': unknown entry 'file' (path, offset)");
  }
}

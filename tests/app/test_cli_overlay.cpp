// `hubland overlay` as a user runs it: flags or an analysis file, facts.gpkg + facts.csv with
// hand-computed values, byte-identical reruns, exit codes for bad input, the bundled sample.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/sink.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;

namespace {

using test::cli;
using test::quoted;

geo::Wkb W(const std::string& wkt) {
  return geo::to_wkb(geo::from_wkt(wkt).get());
}
std::string box(double x0, double y0, double x1, double y1) {
  char b[256];
  std::snprintf(b, sizeof b, "POLYGON((%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f))", x0, y0,
                x1, y0, x1, y1, x0, y1, x0, y0);
  return b;
}

void add(layers::VectorSink& sink, const std::string& name,
         std::vector<std::pair<std::string, layers::FieldType>> cols,
         std::vector<std::vector<std::string>> rows, std::vector<geo::Wkb> geom,
         layers::GeometryKind kind) {
  layers::Table t;
  for (const auto& [n, ty] : cols) t.add_column(n, ty);
  for (const auto& row : rows) {
    const auto r = t.add_row();
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (row[c].empty()) continue;
      if (cols[c].second == layers::FieldType::Text)
        t.set(r, c, row[c]);
      else if (cols[c].second == layers::FieldType::Integer)
        t.set(r, c, std::int64_t{std::stoll(row[c])});
      else
        t.set(r, c, std::stod(row[c]));
    }
  }
  layers::SinkLayerOptions so;
  so.epsg = 4545;
  so.geometry_kind = kind;
  sink.add_layer(name, t, &geom, so);
}

/// A small world in EPSG:4545 whose facts are known by hand. `shift` moves parcel P2.
std::string fixture(const std::string& dir, const std::string& name = "world.gpkg",
                    int parcels = 2) {
  const double x = 500000, y = 3300000;
  const std::string path = dir + "/" + name;
  layers::VectorSink sink(path, "GPKG");
  using FT = layers::FieldType;
  std::vector<std::vector<std::string>> prow{
      {"P1", "100101", "150", "3000"}, {"P2", "1101", "20", "400"}, {"P3", "0802", "1", "10"}};
  std::vector<geo::Wkb> pgeom{W(box(x, y, x + 100, y + 100)),
                              W(box(x + 1000, y, x + 1100, y + 100)),
                              W(box(x + 2000, y, x + 2100, y + 100))};
  prow.resize(static_cast<std::size_t>(parcels));
  pgeom.resize(static_cast<std::size_t>(parcels));
  add(sink, "parcels",
      {{"parcel_id", FT::Text},
       {"land_use", FT::Text},
       {"tax_10k_yuan", FT::Real},
       {"output_10k_yuan", FT::Real}},
      prow, pgeom, layers::GeometryKind::Polygon);
  add(sink, "zones",
      {{"zone_id", FT::Text},
       {"zone_name", FT::Text},
       {"zone_type", FT::Text},
       {"planned_use", FT::Text},
       {"far_min", FT::Real},
       {"far_max", FT::Real}},
      {{"ZA", "A区", "临港", "1101", "0.8", "2.5"}, {"ZB", "B区", "综合", "1001", "1.0", "3.0"}},
      {W(box(x - 50, y - 50, x + 30, y + 150)), W(box(x + 30, y - 50, x + 200, y + 150))},
      layers::GeometryKind::Polygon);
  add(sink, "hubs", {{"hub_id", FT::Text}, {"hub_name", FT::Text}, {"hub_type", FT::Text}},
      {{"H1", "港", "port"}}, {W("POINT(500000 3299000)")}, layers::GeometryKind::Point);
  add(sink, "constraints", {{"constraint_id", FT::Text}, {"kind", FT::Text}},
      {{"R1", "生态保护红线"}, {"R2", "redline"}, {"U1", "udb"}},
      {W(box(x, y - 10, x + 60, y + 110)), W(box(x + 40, y - 10, x + 80, y + 110)),
       W(box(x - 100, y - 100, x + 50, y + 200))},
      layers::GeometryKind::Polygon);
  // A road from the hub north to (500000, 3300000) at 60 km/h: 1000 m = 1 min.
  add(sink, "roads", {{"road_id", FT::Text}, {"road_class", FT::Text}, {"speed_kmh", FT::Real}},
      {{"R1", "arterial", "60"}}, {W("LINESTRING(500000 3299000,500000 3300000)")},
      layers::GeometryKind::LineString);
  sink.commit();
  return path;
}

std::string flags(const std::string& w) {
  return " --parcels " + quoted(w + "|parcels") + " --zones " + quoted(w + "|zones") + " --hubs " +
         quoted(w + "|hubs") + " --constraints " + quoted(w + "|constraints") + " --roads " +
         quoted(w + "|roads");
}

}  // namespace

TEST(CliOverlay, FlagsGiveHandComputedFacts) {
  const std::string dir = test::temp_dir();
  const std::string w = fixture(dir);
  auto r =
      test::run(cli() + " overlay" + flags(w) + " --isochrones-min 1,2 -o " + quoted(dir + "/out"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("parcels: 2 in, 2 with facts"), std::string::npos) << r.out;
  auto rows = test::read_csv_rows(dir + "/out/facts.csv");
  ASSERT_EQ(rows.size(), 2u);
  const auto& p1 = rows[0];
  EXPECT_EQ(p1.at("parcel_id"), "P1");
  // Planar 10000 m²; the statutory ellipsoidal area is the same to 1e-9 at the central meridian.
  EXPECT_EQ(p1.at("plane_area_m2"), "10000");
  EXPECT_NEAR(std::stod(p1.at("area_m2")), 10000.0, 1e-5);
  EXPECT_NEAR(std::stod(p1.at("area_mu")), 15.0, 15e-9);
  EXPECT_NEAR(std::stod(p1.at("tax_per_mu")), 10.0, 10e-9);
  EXPECT_EQ(p1.at("zone_id"), "ZB");
  EXPECT_EQ(p1.at("zone_name"), "B区");
  EXPECT_NEAR(std::stod(p1.at("zone_share")), 0.7, 1e-9);
  EXPECT_EQ(p1.at("dist_port_m"), "1000");  // hub 1000 m south of the parcel's edge
  EXPECT_EQ(p1.at("ring_port_km"), "3");
  // Centroid (500050, 3300050) -> node (500000, 3300000) 70.71 m at 20 km/h (0.2121 min),
  // then 1 min by road to the hub's node.
  EXPECT_NEAR(std::stod(p1.at("travel_port_min")), 1.0 + std::hypot(50.0, 50.0) / (20000.0 / 60.0),
              1e-9);
  EXPECT_NEAR(std::stod(p1.at("redline_m2")), 8000.0, 1e-6);  // Chinese and key kinds, unioned
  EXPECT_NEAR(std::stod(p1.at("udb_share")), 0.5, 1e-9);
  EXPECT_EQ(p1.at("farmland_m2"), "");  // no farmland drawn: unknown
  EXPECT_EQ(p1.at("dist_airport_m"), "");
  const auto& p2 = rows[1];
  EXPECT_EQ(p2.at("zone_id"), "");
  EXPECT_EQ(p2.at("zone_share"), "0");
  EXPECT_NEAR(std::stod(p2.at("dist_port_m")), std::hypot(1000.0, 1000.0), 1e-6);

  // facts.gpkg: the facts as an attribute table, the isochrones as polygons.
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/out/facts.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* facts = ds->GetLayerByName("parcel_facts");
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->GetFeatureCount(), 2);
  EXPECT_EQ(facts->GetGeomType(), wkbNone);
  OGRLayer* iso = ds->GetLayerByName("isochrones");
  ASSERT_TRUE(iso);
  EXPECT_EQ(iso->GetFeatureCount(), 2);  // one hub × 1 and 2 minutes
}

TEST(CliOverlay, RerunsAreByteIdenticalForAnyThreadCount) {
  const std::string dir = test::temp_dir();
  const std::string w = fixture(dir, "world.gpkg", 3);
  // --no-cache: each run prepares its layers (zones, constraints, catchments and the zones by
  // hub type) on its own thread count.
  auto a =
      test::run(cli() + " overlay" + flags(w) + " --no-cache --threads 1 -o " + quoted(dir + "/a"));
  auto b =
      test::run(cli() + " overlay" + flags(w) + " --no-cache --threads 2 -o " + quoted(dir + "/b"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(test::read_file(dir + "/a/facts.csv"), test::read_file(dir + "/b/facts.csv"));
  EXPECT_EQ(test::read_file(dir + "/a/facts.gpkg"), test::read_file(dir + "/b/facts.gpkg"));
  EXPECT_FALSE(test::read_file(dir + "/a/facts.csv").empty());
  EXPECT_NE(a.out.find("prepared layers: 0 of 4 from the cache (no cache)"), std::string::npos)
      << a.out;
}

TEST(CliOverlay, ARerunTakesThePreparedLayersFromTheCacheAndWritesTheSameFacts) {
  const std::string dir = test::temp_dir();
  const std::string w = fixture(dir, "world.gpkg", 3);
  const std::string cache = dir + "/cache";
  auto run = [&](const std::string& out, const std::string& how) {
    auto r = test::run(cli() + " overlay" + flags(w) + how + " -o " + quoted(dir + "/" + out));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  const std::string fresh = run("fresh", " --no-cache");
  const std::string first = run("first", " --cache-dir " + quoted(cache));
  EXPECT_NE(first.find("prepared layers: 0 of 4 from the cache " + cache + "\n"), std::string::npos)
      << first;
  const std::string again = run("again", " --cache-dir " + quoted(cache));
  EXPECT_NE(again.find("prepared layers: 4 of 4 from the cache " + cache + "\n"), std::string::npos)
      << again;
  EXPECT_EQ(test::read_file(dir + "/fresh/facts.csv"), test::read_file(dir + "/again/facts.csv"));
  EXPECT_EQ(test::read_file(dir + "/fresh/facts.gpkg"), test::read_file(dir + "/again/facts.gpkg"));
  // The same through the environment; the flag before the command works as after it.
  auto env = test::run("HUBLAND_CACHE_DIR=" + quoted(cache) + " " + cli() + " --json overlay" +
                       flags(w) + " -o " + quoted(dir + "/env"));
  ASSERT_EQ(env.exit_code, 0) << env.err;
  const auto j = nlohmann::json::parse(env.out);
  EXPECT_EQ(j["parcels"]["layers_prepared"], 4);
  EXPECT_EQ(j["parcels"]["layers_from_cache"], 4);
}

TEST(CliOverlay, AnalysisFileWithFlagOverrideAndJson) {
  const std::string dir = test::temp_dir();
  fixture(dir, "two.gpkg", 2);
  fixture(dir, "three.gpkg", 3);
  std::ofstream(dir + "/analysis.toml") << "[inputs]\nparcels = \"two.gpkg|parcels\"\n"
                                           "zones = \"two.gpkg|zones\"\nhubs = \"two.gpkg|hubs\"\n"
                                           "[analysis]\nrings_km = [0.5, 2]\n";
  auto r = test::run(cli() + " overlay " + quoted(dir + "/analysis.toml") + " -o " +
                     quoted(dir + "/out") + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parcels"]["subjects_in"], 2);
  EXPECT_EQ(j["working_epsg"], 4545);
  auto rows = test::read_csv_rows(dir + "/out/facts.csv");
  EXPECT_EQ(rows[0].at("ring_port_km"), "2");  // 1000 m: beyond 0.5 km, within 2 km
  EXPECT_EQ(rows[0].at("redline_m2"), "");     // no constraints input
  // --parcels overrides the file's entry.
  auto o =
      test::run(cli() + " overlay " + quoted(dir + "/analysis.toml") + " --parcels " +
                quoted(dir + "/three.gpkg|parcels") + " -o " + quoted(dir + "/out3") + " --json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["parcels"]["subjects_in"], 3);
}

TEST(CliOverlay, BadInputExitsTwo) {
  const std::string dir = test::temp_dir();
  const std::string w = fixture(dir);
  // No parcels at all.
  auto r =
      test::run(cli() + " overlay --zones " + quoted(w + "|zones") + " -o " + quoted(dir + "/o1"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("parcels"), std::string::npos) << r.err;
  // A missing file.
  r = test::run(cli() + " overlay --parcels " + quoted(dir + "/nope.gpkg") + " -o " +
                quoted(dir + "/o2"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/o2/facts.csv"));
  // A layer that does not exist in the file.
  r = test::run(cli() + " overlay --parcels " + quoted(w + "|nolayer") + " -o " +
                quoted(dir + "/o3"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // Bad rings.
  r = test::run(cli() + " overlay" + flags(w) + " --rings-km 3,-1 -o " + quoted(dir + "/o4"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // An analysis file that does not exist, and one with an unknown entry.
  r = test::run(cli() + " overlay " + quoted(dir + "/missing.toml") + " -o " + quoted(dir + "/o5"));
  EXPECT_EQ(r.exit_code, 2);
  std::ofstream(dir + "/bad.toml") << "[analysis]\nrings = [3]\n";
  r = test::run(cli() + " overlay " + quoted(dir + "/bad.toml") + " -o " + quoted(dir + "/o6"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  // Zones used as parcels lack parcel_id: a schema error, not a crash.
  r = test::run(cli() + " overlay --parcels " + quoted(w + "|zones") + " -o " +
                quoted(dir + "/o7"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(CliOverlay, TheChongqingSample) {
  const std::string dir = test::temp_dir();
  auto r =
      test::run(cli() + " overlay " +
                quoted(std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml") +
                " --no-isochrones --json -o " + quoted(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const std::size_t n = j["parcels"]["subjects_in"];
  EXPECT_GT(n, 19000u);
  EXPECT_EQ(j["parcels"]["with_facts"], n);
  EXPECT_EQ(j["projects"]["subjects_in"], 80);
  auto rows = test::read_csv_rows(dir + "/facts.csv");
  ASSERT_EQ(rows.size(), n);
  std::size_t in_zone = 0, partial = 0;
  for (const auto& row : rows) {
    const double share = std::stod(row.at("zone_share"));
    ASSERT_LE(share, 1.0);
    in_zone += row.at("zone_id").empty() ? 0 : 1;
    partial += share > 0 && share < 1 ? 1 : 0;
    ASSERT_FALSE(row.at("dist_port_m").empty());
    ASSERT_FALSE(row.at("travel_airport_min").empty());
  }
  EXPECT_GT(in_zone, n * 9 / 10);
  EXPECT_GT(partial, 100u);
  EXPECT_TRUE(fs::exists(dir + "/project_facts.csv"));
}

TEST(CliOverlay, WithGeometryTheFactsLayerCarriesEachParcelsPolygon) {
  const std::string dir = test::temp_dir();
  const std::string w = fixture(dir, "world.gpkg", 3);
  auto r = test::run(cli() + " overlay" + flags(w) + " --with-geometry -o " + quoted(dir + "/g"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  GDALAllRegister();
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir + "/g/facts.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("parcel_facts");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(wkbFlatten(l->GetGeomType()), wkbMultiPolygon);
  ASSERT_NE(l->GetSpatialRef(), nullptr);
  EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4545");
  // P1..P3 are 100 m squares: 10,000 m² each on the plane, as their plane_area_m2 fact says.
  std::size_t n = 0;
  for (auto& f : *l) {
    ++n;
    ASSERT_NE(f->GetGeometryRef(), nullptr);
    EXPECT_NEAR(f->GetGeometryRef()->toMultiPolygon()->get_Area(), 10000.0, 1e-6);
    EXPECT_NEAR(f->GetFieldAsDouble("plane_area_m2"), 10000.0, 1e-6);
  }
  EXPECT_EQ(n, 3u);
  // The CSV is the same as without geometry.
  auto plain = test::run(cli() + " overlay" + flags(w) + " -o " + quoted(dir + "/p"));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(test::read_file(dir + "/g/facts.csv"), test::read_file(dir + "/p/facts.csv"));
}

// read_layer on fixtures the tests build with GDAL: each defect a bureau layer can have.
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <proj.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "expect_error.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/geo/wkb.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/reader.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;
namespace fs = std::filesystem;

using hubland::test::expect_error;

namespace {

struct Feat {
  std::string wkt;  ///< "" = null geometry
  std::vector<std::optional<std::string>> values;
};
struct FieldDef {
  std::string name;
  OGRFieldType type;
};

// Writes a one-layer dataset with GDAL. Values are given as text and set with SetField, so a
// numeric field receives numbers and a String field receives the raw bytes as given.
void make_vector(const std::string& path, const char* driver, int epsg, OGRwkbGeometryType gtype,
                 const std::vector<FieldDef>& fields, const std::vector<Feat>& feats,
                 std::vector<std::string> lco = {}, const char* layer_name = "layer",
                 bool append_layer = false) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  ASSERT_NE(drv, nullptr);
  GDALDatasetUniquePtr ds;
  if (append_layer)
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  else
    ds.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(ds) << path;
  OGRSpatialReference srs;
  if (epsg) {
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  std::vector<const char*> opts;
  for (auto& o : lco) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  OGRLayer* l =
      ds->CreateLayer(layer_name, epsg ? &srs : nullptr, gtype, const_cast<char**>(opts.data()));
  ASSERT_NE(l, nullptr);
  for (const auto& f : fields) {
    OGRFieldDefn d(f.name.c_str(), f.type);
    ASSERT_EQ(l->CreateField(&d), OGRERR_NONE);
  }
  for (const auto& f : feats) {
    OGRFeatureUniquePtr feat(OGRFeature::CreateFeature(l->GetLayerDefn()));
    for (std::size_t i = 0; i < f.values.size(); ++i)
      if (f.values[i]) feat->SetField(static_cast<int>(i), f.values[i]->c_str());
    if (!f.wkt.empty()) {
      OGRGeometry* g = nullptr;
      ASSERT_EQ(OGRGeometryFactory::createFromWkt(f.wkt.c_str(), epsg ? &srs : nullptr, &g),
                OGRERR_NONE)
          << f.wkt;
      feat->SetGeometryDirectly(g);
    }
    ASSERT_EQ(l->CreateFeature(feat.get()), OGRERR_NONE);
  }
}

const std::vector<FieldDef> kParcelFields = {
    {"parcel_id", OFTString}, {"land_use", OFTString}, {"floor_area_m2", OFTReal}};

std::string square(double lon, double lat, double d = 0.001) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))",
                lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat);
  return buf;
}

const Problem* find_problem(const ImportReport& r, const std::string& code) {
  for (const auto& p : r.problems)
    if (p.code == code) return &p;
  return nullptr;
}

Layer read(const std::string& path, Role role, ImportReport& rep, ReadOptions o = {}) {
  return read_layer(path, role, o, rep);
}

double col(const Layer& l, std::size_t row, const char* name) {
  return l.attributes.real_at(row, l.attributes.index(name));
}

}  // namespace

TEST(ReaderFixtures, BowtieIsRepairedAndCounted) {
  const std::string p = test::temp_dir() + "/bowtie.shp";
  make_vector(p, "ESRI Shapefile", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1000"}},
               {"POLYGON((106.50 29.50,106.51 29.51,106.51 29.50,106.50 29.51,106.50 29.50))",
                {"P2", "100101", std::nullopt}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  EXPECT_EQ(rep.counts.read, 2u);
  EXPECT_EQ(rep.counts.imported, 2u);
  EXPECT_EQ(rep.counts.repaired, 1u);
  const Problem* pr = find_problem(rep, "geometry-repaired");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->feature, "P2");
  EXPECT_NE(pr->message.find("Self-intersection"), std::string::npos) << pr->message;
  auto g = geo::from_wkb(l.geometry[1]);
  EXPECT_EQ(geo::invalid_reason(g.get()), "");
  EXPECT_EQ(geo::type_id(g.get()), 6);  // two triangles: a MultiPolygon
  // Half of the 0.01° square, each triangle a quarter.
  const double full = col(l, 0, "area_m2") * 100.0;  // P1 is 0.001° wide: 1/100 of the square
  EXPECT_NEAR(col(l, 1, "area_m2"), full / 2, full * 0.01);
}

TEST(ReaderFixtures, NullAndEmptyGeometriesAreSkippedWithIds) {
  const std::string p = test::temp_dir() + "/holes.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1000"}},
               {"", {"P2", "100101", "1000"}},
               {"POLYGON EMPTY", {"P3", "100101", "1000"}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  EXPECT_EQ(rep.counts.read, 3u);
  EXPECT_EQ(rep.counts.skipped, 2u);
  EXPECT_EQ(rep.counts.imported, 1u);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l.geometry.size(), 1u);
  ASSERT_NE(find_problem(rep, "null-geometry"), nullptr);
  EXPECT_EQ(find_problem(rep, "null-geometry")->feature, "P2");
  ASSERT_NE(find_problem(rep, "empty-geometry"), nullptr);
  EXPECT_EQ(find_problem(rep, "empty-geometry")->feature, "P3");
}

TEST(ReaderFixtures, DuplicateIdsAreRejectedNamingBoth) {
  const std::string p = test::temp_dir() + "/dup.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1000"}},
               {square(106.6, 29.5), {"P1", "100102", "2000"}},
               {square(106.7, 29.5), {"P3", "100101", "3000"}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  EXPECT_EQ(rep.counts.rejected, 1u);
  EXPECT_EQ(rep.counts.imported, 2u);
  EXPECT_TRUE(rep.has_errors());
  const Problem* pr = find_problem(rep, "duplicate-id");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->severity, Severity::Error);
  EXPECT_EQ(pr->feature, "P1");
  EXPECT_EQ(pr->field, "parcel_id");
  EXPECT_EQ(pr->file, p);
  EXPECT_EQ(pr->message, "id 'P1' already used by fid 1; fid 2 rejected");
  EXPECT_EQ(l.attributes.text_at(1, l.attributes.index("parcel_id")), "P3");
}

TEST(ReaderFixtures, ZonesMayShareAnId) {
  const std::string p = test::temp_dir() + "/zones.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, {{"zone_id", OFTString}},
              {{square(106.5, 29.5), {"Z1"}}, {square(106.6, 29.5), {"Z1"}}});
  ImportReport rep;
  Layer l = read(p, Role::Zones, rep);
  EXPECT_EQ(l.size(), 2u);
  EXPECT_FALSE(rep.has_errors());
  EXPECT_EQ(l.attributes.integer_at(0, l.attributes.index("hub_zone")), 1);  // default
}

TEST(ReaderFixtures, TextInNumericFieldIsAnErrorNamingFeatureAndField) {
  const std::string p = test::temp_dir() + "/text.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon,
              {{"parcel_id", OFTString}, {"land_use", OFTString}, {"floor_area_m2", OFTString}},
              {{square(106.5, 29.5), {"P1", "100101", " 1200.5 "}},
               {square(106.6, 29.5), {"P2", "100101", "一千二"}},
               {square(106.7, 29.5), {"P3", "100101", ""}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  EXPECT_EQ(rep.counts.rejected, 1u);
  const Problem* pr = find_problem(rep, "text-in-number");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->feature, "P2");
  EXPECT_EQ(pr->field, "floor_area_m2");
  EXPECT_EQ(pr->message, "'一千二' is not a number");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_DOUBLE_EQ(col(l, 0, "floor_area_m2"), 1200.5);
  EXPECT_TRUE(l.attributes.null_at(1, l.attributes.index("floor_area_m2")));  // blank = not given
}

TEST(ReaderFixtures, NegativeAndOutOfRangeValues) {
  const std::string p = test::temp_dir() + "/neg.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon,
              {{"parcel_id", OFTString},
               {"land_use", OFTString},
               {"floor_area_m2", OFTReal},
               {"building_coverage", OFTReal}},
              {{square(106.5, 29.5), {"P1", "100101", "-5", "0.5"}},
               {square(106.6, 29.5), {"P2", "100101", "10", "1.5"}},
               {square(106.7, 29.5), {"P3", "100101", "10", "0.4"}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  EXPECT_EQ(rep.counts.rejected, 2u);
  const Problem* neg = find_problem(rep, "negative-value");
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ(neg->feature, "P1");
  EXPECT_EQ(neg->field, "floor_area_m2");
  const Problem* range = find_problem(rep, "out-of-range");
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(range->feature, "P2");
  EXPECT_EQ(range->field, "building_coefficient");  // the old name reads as the 建筑系数
  EXPECT_EQ(l.size(), 1u);
}

TEST(ReaderFixtures, MissingRequiredFieldStops) {
  const std::string p = test::temp_dir() + "/noland.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, {{"parcel_id", OFTString}},
              {{square(106.5, 29.5), {"P1"}}});
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Schema);
  EXPECT_EQ(e.where().file, p);
  EXPECT_EQ(e.where().field, "land_use");
  EXPECT_NE(e.message().find("--map land_use=FIELD"), std::string::npos) << e.message();
}

TEST(ReaderFixtures, WrongGeometryTypeNamesTheFeature) {
  const std::string p = test::temp_dir() + "/points.gpkg";
  make_vector(
      p, "GPKG", 4490, wkbUnknown, kParcelFields,
      {{square(106.5, 29.5), {"P1", "100101", "1"}}, {"POINT(106.5 29.5)", {"P2", "100101", "1"}}});
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Geometry);
  EXPECT_EQ(e.where().feature, "P2");
  EXPECT_EQ(e.message(), "feature has a Point geometry; role parcels needs polygons");
}

TEST(ReaderFixtures, MultipartParcelAreaIsTheSumOfItsParts) {
  const std::string p = test::temp_dir() + "/multi.gpkg";
  make_vector(p, "GPKG", 4545, wkbMultiPolygon, kParcelFields,
              {{"MULTIPOLYGON(((500000 3300000,500100 3300000,500100 3300200,500000 3300200,"
                "500000 3300000)),((501000 3300000,501050 3300000,501050 3300010,501000 3300010,"
                "501000 3300000)))",
                {"P1", "100101", "40500"}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(rep.working_epsg, 4545);
  // Already in the working CRS: the closed form 100×200 + 50×10.
  EXPECT_NEAR(col(l, 0, "area_m2"), 20500.0, 1e-6);
  EXPECT_NEAR(col(l, 0, "area_mu"), 20500.0 * 3 / 2000, 1e-9);
  EXPECT_NEAR(col(l, 0, "plot_ratio"), 40500.0 / 20500.0, 1e-12);  // computed when absent
}

TEST(ReaderFixtures, Gpkg4490AreaMatchesHandComputation) {
  // A five-vertex parcel in Chongqing's main city (CGCS2000 lon/lat).
  const std::vector<std::pair<double, double>> ring = {{106.551, 29.561},   {106.5535, 29.5612},
                                                       {106.5541, 29.5631}, {106.5522, 29.5640},
                                                       {106.5508, 29.5627}, {106.551, 29.561}};
  std::string wkt = "POLYGON((";
  for (std::size_t i = 0; i < ring.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.7f %.7f", i ? "," : "", ring[i].first, ring[i].second);
    wkt += buf;
  }
  wkt += "))";
  const std::string p = test::temp_dir() + "/cgcs.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, kParcelFields, {{wkt, {"P1", "100101", "5000"}}});
  ImportReport rep;
  Layer l = read(p, Role::Parcels, rep);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(rep.working_epsg, 4545);  // 106.55°E is nearest CM 108°E (3-degree zones)

  // Independently: PROJ straight from EPSG:4490 to EPSG:4545, then the shoelace formula.
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4490", "EPSG:4545", nullptr);
  ASSERT_NE(raw, nullptr);
  PJ* pj = proj_normalize_for_visualization(ctx, raw);
  std::vector<double> xs, ys;
  for (const auto& [lon, lat] : ring) {
    PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    xs.push_back(c.xy.x);
    ys.push_back(c.xy.y);
  }
  proj_destroy(pj);
  proj_destroy(raw);
  proj_context_destroy(ctx);
  double twice = 0;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) twice += xs[i] * ys[i + 1] - xs[i + 1] * ys[i];
  const double expected_m2 = std::abs(twice) / 2;
  EXPECT_GT(expected_m2, 40000.0);  // sanity: a parcel of some hectares, not degrees²
  EXPECT_NEAR(col(l, 0, "area_m2"), expected_m2, 0.01);
  EXPECT_NEAR(col(l, 0, "area_mu"), expected_m2 / (2000.0 / 3.0), 0.01 / 666.0);
}

TEST(ReaderFixtures, MissingPrjIsACrsErrorNamingTheFile) {
  const std::string dir = test::temp_dir();
  const std::string p = dir + "/noprj.shp";
  make_vector(p, "ESRI Shapefile", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1"}}});
  fs::remove(dir + "/noprj.prj");
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);
  EXPECT_EQ(e.where().file, p);
  EXPECT_NE(e.message().find("--assume-crs"), std::string::npos);
  ReadOptions o;
  o.assume_crs = "EPSG:4490";
  ImportReport ok;
  Layer l = read(p, Role::Parcels, ok, o);
  EXPECT_EQ(l.size(), 1u);
  EXPECT_EQ(ok.crs_source, "--assume-crs");
  EXPECT_EQ(ok.working_epsg, 4545);
}

TEST(ReaderFixtures, LonLatNumbersDeclaredAsGaussKrugerAreCaught) {
  const std::string p = test::temp_dir() + "/liar.shp";
  make_vector(p, "ESRI Shapefile", 4545, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1"}}});
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);
  EXPECT_EQ(e.where().file, p);
  EXPECT_NE(e.message().find("look like longitude/latitude degrees"), std::string::npos)
      << e.message();
}

TEST(ReaderFixtures, MetresDeclaredAsDegreesAreCaught) {
  const std::string p = test::temp_dir() + "/metres.gpkg";
  make_vector(p, "GPKG", 4490, wkbPolygon, kParcelFields,
              {{"POLYGON((500000 3300000,500100 3300000,500100 3300100,500000 3300000))",
                {"P1", "100101", "1"}}});
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);
  EXPECT_NE(e.message().find("are not degrees"), std::string::npos) << e.message();
}

TEST(ReaderFixtures, WrongGaussKrugerZoneIsOutsideTheAreaOfUse) {
  // Valid CM 108°E metres declared as the CM 75°E zone: they land far west of its strip.
  const std::string p = test::temp_dir() + "/zone.gpkg";
  make_vector(p, "GPKG", 4534, wkbPolygon, kParcelFields,
              {{"POLYGON((300000 3300000,300100 3300000,300100 3300100,300000 3300000))",
                {"P1", "100101", "1"}}});
  ImportReport rep;
  Error e = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);
  EXPECT_NE(e.message().find("outside the area of use"), std::string::npos) << e.message();
}

TEST(ReaderFixtures, TruncatedShpIsAnIoError) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_gbk");
  for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"})
    fs::copy_file(src + ext, dir + "/t" + ext);
  const std::string bytes = test::read_file(src + ".shp");
  std::ofstream(dir + "/t.shp", std::ios::binary).write(bytes.data(), 1000);
  ImportReport rep;
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}};
  Error e = expect_error([&] { read_layer(dir + "/t.shp", Role::Zones, o, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Io);
  EXPECT_EQ(e.where().file, dir + "/t.shp");
  EXPECT_NE(e.message().find("truncated or corrupt"), std::string::npos) << e.message();
}

TEST(ReaderFixtures, MissingDbfIsAnIoError) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_gbk");
  for (const char* ext : {".shp", ".shx", ".prj"}) fs::copy_file(src + ext, dir + "/m" + ext);
  ImportReport rep;
  Error e = expect_error([&] { read(dir + "/m.shp", Role::Zones, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Io);
  EXPECT_EQ(e.message(), "the .dbf (attribute table) of this shapefile is missing");
}

TEST(ReaderFixtures, MissingFileAndGarbageFile) {
  ImportReport rep;
  Error e = expect_error([&] { read("/nonexistent/x.shp", Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Io);
  EXPECT_EQ(e.message(), "file not found");
  const std::string p = test::temp_dir() + "/garbage.gpkg";
  std::ofstream(p) << "this is not a geopackage";
  Error g = expect_error([&] { read(p, Role::Parcels, rep); });
  EXPECT_EQ(g.kind(), ErrorKind::Io);
}

TEST(ReaderFixtures, ChineseAndPinyinAliasesMapToCanonicalNames) {
  const std::string dir = test::temp_dir();
  // GBK field names and values, raw bytes (ENCODING="" writes them as given), with a .cpg.
  const std::string zdbh = "\xD7\xDA\xB5\xD8\xB1\xE0\xBA\xC5";  // 宗地编号
  const std::string ydxz = "\xD3\xC3\xB5\xD8\xD0\xD4\xD6\xCA";  // 用地性质
  const std::string rjl = "\xC8\xDD\xBB\xFD\xC2\xCA";           // 容积率
  make_vector(dir + "/cn.shp", "ESRI Shapefile", 4490, wkbPolygon,
              {{zdbh, OFTString}, {ydxz, OFTString}, {rjl, OFTReal}},
              {{square(106.5, 29.5),
                {"\xD3\xE5"
                 "001",
                 "100101", "1.8"}}},
              {"ENCODING="});
  std::ofstream(dir + "/cn.cpg") << "GBK";
  ImportReport rep;
  Layer l = read(dir + "/cn.shp", Role::Parcels, rep);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(rep.encoding_source, ".cpg");
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("parcel_id")), "渝001");
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("land_use")), "100101");
  EXPECT_DOUBLE_EQ(col(l, 0, "plot_ratio"), 1.8);  // given, not computed

  make_vector(dir + "/py.gpkg", "GPKG", 4490, wkbPolygon,
              {{"ZDBH", OFTString}, {"ydxz", OFTString}, {"RJL", OFTReal}},
              {{square(106.5, 29.5), {"A1", "100102", "2.5"}}});
  ImportReport rep2;
  Layer p = read(dir + "/py.gpkg", Role::Parcels, rep2);
  EXPECT_EQ(p.attributes.text_at(0, p.attributes.index("parcel_id")), "A1");
  EXPECT_DOUBLE_EQ(col(p, 0, "plot_ratio"), 2.5);
}

TEST(ReaderFixtures, MapOverridesAndUserAliasFiles) {
  const std::string dir = test::temp_dir();
  make_vector(dir + "/m.gpkg", "GPKG", 4490, wkbPolygon,
              {{"地块号", OFTString}, {"类别", OFTString}, {"parcel_id", OFTString}},
              {{square(106.5, 29.5), {"K1", "100101", "ignored"}}});
  ReadOptions o;
  o.field_map = {{"parcel_id", "地块号"}, {"land_use", "类别"}};
  ImportReport rep;
  Layer l = read_layer(dir + "/m.gpkg", Role::Parcels, o, rep);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("parcel_id")), "K1");

  // An alias file instead of --map.
  std::ofstream(dir + "/aliases.toml")
      << "[parcels]\n\"地块号\" = \"parcel_id\"\n\"类别\" = \"land_use\"\n";
  make_vector(dir + "/a.gpkg", "GPKG", 4490, wkbPolygon,
              {{"地块号", OFTString}, {"类别", OFTString}},
              {{square(106.5, 29.5), {"K2", "100101"}}});
  ReadOptions a;
  a.aliases_file = dir + "/aliases.toml";
  ImportReport rep2;
  Layer la = read_layer(dir + "/a.gpkg", Role::Parcels, a, rep2);
  EXPECT_EQ(la.attributes.text_at(0, la.attributes.index("parcel_id")), "K2");

  // The same file through $HUBLAND_ALIASES.
  ::setenv("HUBLAND_ALIASES", a.aliases_file->c_str(), 1);
  ImportReport rep3;
  Layer le = read(dir + "/a.gpkg", Role::Parcels, rep3);
  ::unsetenv("HUBLAND_ALIASES");
  EXPECT_EQ(le.attributes.text_at(0, le.attributes.index("land_use")), "100101");

  // Bad overrides and bad alias files are input errors with a location.
  ReadOptions bad;
  bad.field_map = {{"no_such_field", "地块号"}};
  ImportReport r4;
  Error e1 = expect_error([&] { read_layer(dir + "/a.gpkg", Role::Parcels, bad, r4); });
  EXPECT_EQ(e1.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e1.message(), "--map no_such_field=地块号: role parcels has no field no_such_field");
  bad.field_map = {{"parcel_id", "不存在"}};
  Error e2 = expect_error([&] { read_layer(dir + "/a.gpkg", Role::Parcels, bad, r4); });
  EXPECT_NE(e2.message().find("the source has no field 不存在 (fields: 地块号, 类别)"),
            std::string::npos)
      << e2.message();
  std::ofstream(dir + "/bad.toml") << "[parcels]\n\"x\" = \"parcel_id\"\n\"y\" = \"plot_ratioo\"\n";
  ReadOptions badfile;
  badfile.aliases_file = dir + "/bad.toml";
  Error e3 = expect_error([&] { read_layer(dir + "/a.gpkg", Role::Parcels, badfile, r4); });
  EXPECT_EQ(e3.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e3.where().line, 3);
  EXPECT_EQ(e3.message(), "alias 'y' -> 'plot_ratioo': role parcels has no field plot_ratioo");
  std::ofstream(dir + "/broken.toml") << "[parcels\n";
  badfile.aliases_file = dir + "/broken.toml";
  EXPECT_EQ(expect_error([&] { read_layer(dir + "/a.gpkg", Role::Parcels, badfile, r4); }).kind(),
            ErrorKind::BadInput);
}

TEST(ReaderFixtures, UndecidableEncodingStopsUntilTheUserSays) {
  const std::string dir = test::temp_dir();
  make_vector(dir + "/latin.shp", "ESRI Shapefile", 4490, wkbPolygon,
              {{"parcel_id", OFTString}, {"land_use", OFTString}, {"owner", OFTString}},
              {{square(106.5, 29.5), {"P1", "100101", "Caf\xE9 M\xFCller"}}}, {"ENCODING="});
  fs::remove(dir + "/latin.cpg");  // the common case: no .cpg at all
  ImportReport rep;
  Error e = expect_error([&] { read(dir + "/latin.shp", Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Encoding);
  EXPECT_EQ(e.where().file, dir + "/latin.shp");
  EXPECT_NE(e.message().find("--encoding GBK"), std::string::npos);
  EXPECT_NE(e.message().find("as Latin-1 \"Café Müller\""), std::string::npos) << e.message();
  ReadOptions o;
  o.encoding = "CP1252";
  ImportReport ok;
  Layer l = read_layer(dir + "/latin.shp", Role::Parcels, o, ok);
  EXPECT_EQ(ok.encoding_source, "--encoding");
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("owner")), "Café Müller");
}

TEST(ReaderFixtures, CpgThatLiesIsNeverMojibake) {
  const std::string dir = test::temp_dir();
  make_vector(dir + "/lie.shp", "ESRI Shapefile", 4490, wkbPolygon,
              {{"parcel_id", OFTString}, {"land_use", OFTString}, {"name", OFTString}},
              {{square(106.5, 29.5), {"P1", "100101", "\xD3\xE5\xD6\xD0\xC7\xF8"}}}, {"ENCODING="});
  std::ofstream(dir + "/lie.cpg") << "UTF-8";
  ImportReport rep;
  Error e = expect_error([&] { read(dir + "/lie.shp", Role::Parcels, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Encoding);
  EXPECT_NE(e.message().find(".cpg says UTF-8 but a value"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("as GBK \"渝中区\""), std::string::npos) << e.message();
  ReadOptions o;
  o.encoding = "GBK";
  ImportReport ok;
  Layer l = read_layer(dir + "/lie.shp", Role::Parcels, o, ok);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("name")), "渝中区");
  EXPECT_EQ(ok.encoding_source, "--encoding");
  EXPECT_NE(find_problem(ok, "declared-encoding-wrong"), nullptr);
}

TEST(ReaderFixtures, HostileTextPassesThroughUnchanged) {
  const std::string dir = test::temp_dir();
  const std::string sql = "'; DROP TABLE parcels; --";
  const std::string quotes = "a \"quoted\", comma\nnew line\ttab";
  const std::string longtext(250, 'x');
  make_vector(dir + "/h.gpkg", "GPKG", 4490, wkbPolygon,
              {{"parcel_id", OFTString}, {"land_use", OFTString}, {"enterprise", OFTString}},
              {{square(106.5, 29.5), {sql, "100101", quotes}},
               {square(106.6, 29.5), {"P2", "100101", longtext}},
               {square(106.7, 29.5), {"P3", "1001\"01", "x"}}});
  ImportReport rep;
  Layer l = read(dir + "/h.gpkg", Role::Parcels, rep);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("parcel_id")), sql);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("enterprise")), quotes);
  EXPECT_EQ(l.attributes.text_at(1, l.attributes.index("enterprise")), longtext);
}

TEST(ReaderFixtures, CsvWithLonLatColumnsAndWkt) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/hubs.csv") << "hub_id,hub_name,hub_type,lon,lat\n"
                                      "H1,江北机场,空港型,106.642,29.7192\n"
                                      "H2,果园港,port,106.7306,29.6135\n";
  ImportReport rep;
  Error e = expect_error([&] { read(dir + "/hubs.csv", Role::Hubs, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Crs);  // a CSV has no CRS
  ReadOptions o;
  o.assume_crs = "EPSG:4326";
  ImportReport ok;
  Layer l = read_layer(dir + "/hubs.csv", Role::Hubs, o, ok);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("hub_type")), "airport");  // normalised
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("hub_name")), "江北机场");
  EXPECT_EQ(ok.working_epsg, 4545);
  auto g = geo::from_wkb(l.geometry[0]);
  EXPECT_EQ(geo::type_id(g.get()), 0);  // GEOS_POINT

  std::ofstream(dir + "/parcels.csv")
      << "WKT,parcel_id,land_use\n\"" << square(106.5, 29.5) << "\",P1,100101\n";
  ImportReport rp;
  Layer p = read_layer(dir + "/parcels.csv", Role::Parcels, o, rp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_GT(col(p, 0, "area_m2"), 9000.0);

  std::ofstream(dir + "/badhub.csv") << "hub_id,hub_type,lon,lat\nH9,spaceport,106.6,29.6\n";
  ImportReport rb;
  Layer b = read_layer(dir + "/badhub.csv", Role::Hubs, o, rb);
  EXPECT_EQ(b.size(), 0u);
  const Problem* pr = find_problem(rb, "bad-value");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->message, "'spaceport' is not one of: land_port airport port trade production");
}

// A CSV with lon/lat and projected x/y columns. GDAL 3.6 crashed on two columns matching its
// coordinate names (fuzzing found "y" and "lat"); left to itself it takes the last match in
// file order, here x. HubLand takes lon/lat, in its order of preference, and says so.
TEST(ReaderFixtures, CsvWithSeveralCoordinateColumnsTakesLonLatAndSaysSo) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/hubs.csv") << "hub_id,hub_type,lon,x,lat,y\n"
                                      "H1,port,106.7306,560000,29.6135,3280000\n";
  ReadOptions o;
  o.assume_crs = "EPSG:4326";
  o.working_epsg = 4545;
  ImportReport rep;
  Layer l = read_layer(dir + "/hubs.csv", Role::Hubs, o, rep);
  ASSERT_EQ(l.size(), 1u);
  const geo::Shapes shapes = geo::read_wkb(l.geometry[0]);
  ASSERT_EQ(shapes.points.size(), 1u);
  ASSERT_TRUE(shapes.polygons.empty() && shapes.lines.empty());
  double ex = 106.7306, ey = 29.6135;
  geo::Transformer("EPSG:4326", "EPSG:4545").transform(ex, ey);
  EXPECT_NEAR(shapes.points[0].x, ex, 1e-6);
  EXPECT_NEAR(shapes.points[0].y, ey, 1e-6);
  const Problem* pr = find_problem(rep, "coordinate-columns");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->severity, Severity::Warning);
  EXPECT_EQ(pr->message,
            "x coordinate from column 'lon', not 'x'; y coordinate from column 'lat', not 'y'");
}

TEST(ReaderFixtures, CsvWithTwoColumnsOfOneCoordinateNameStops) {
  const std::string dir = test::temp_dir();
  const std::string path = dir + "/hubs.csv";
  std::ofstream(path) << "hub_id,hub_type,LON,lon,lat\nH1,port,106.7,106.8,29.6\n";
  ReadOptions o;
  o.assume_crs = "EPSG:4326";
  ImportReport rep;
  Error e = expect_error([&] { read_layer(path, Role::Hubs, o, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::Schema);
  EXPECT_EQ(e.message(), "columns 'LON' and 'lon' both name the x coordinate: rename or drop one");
  EXPECT_EQ(e.where().file, path);
  EXPECT_EQ(e.where().field, "lon");
}

// A .csv GDAL cannot read a header from (empty, or binary): choosing the coordinate columns finds
// no header and leaves the verdict to the real open, which names the file and GDAL's reason.
TEST(ReaderFixtures, CsvWithoutAReadableHeaderIsNotOpened) {
  const std::string dir = test::temp_dir();
  const std::string empty = dir + "/empty.csv";
  std::ofstream(empty, std::ios::binary).flush();
  const std::string binary = dir + "/binary.csv";
  std::ofstream(binary, std::ios::binary) << std::string("\x00\x01\x02\xff\xfe", 5);
  for (const std::string& path : {empty, binary}) {
    SCOPED_TRACE(path);
    ReadOptions o;
    o.assume_crs = "EPSG:4326";
    ImportReport rep;
    Error e = expect_error([&] { read_layer(path, Role::Hubs, o, rep); });
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_EQ(e.message().rfind("cannot open as a vector layer", 0), 0u) << e.message();
    EXPECT_EQ(e.where().file, path);
  }
}

TEST(ReaderFixtures, ZippedShapefileAndPathPipeLayer) {
  const std::string dir = test::temp_dir();
  const std::string zip = dir + "/districts.zip";
  const std::string src = test::data("shp-variants/cq_districts_utf8");
  void* z = CPLCreateZip(zip.c_str(), nullptr);
  ASSERT_NE(z, nullptr);
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    const std::string bytes = test::read_file(src + ext);
    ASSERT_EQ(CPLCreateFileInZip(z, (std::string("d") + ext).c_str(), nullptr), CE_None);
    ASSERT_EQ(CPLWriteFileInZip(z, bytes.data(), static_cast<int>(bytes.size())), CE_None);
    CPLCloseFileInZip(z);
  }
  CPLCloseZip(z);
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}};
  ImportReport rep;
  Layer l = read_layer(zip, Role::Zones, o, rep);
  EXPECT_EQ(l.size(), 38u);
  EXPECT_EQ(rep.encoding_source, ".cpg");

  const std::string g = dir + "/two.gpkg";
  make_vector(g, "GPKG", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1"}}}, {}, "parcels");
  make_vector(g, "GPKG", 4490, wkbPolygon, {{"zone_id", OFTString}},
              {{square(106.5, 29.5), {"Z1"}}, {square(106.6, 29.5), {"Z2"}}}, {}, "zones", true);
  ImportReport r1, r2, r3;
  EXPECT_EQ(read(g + "|zones", Role::Zones, r1).size(), 2u);
  EXPECT_EQ(read(g, Role::Parcels, r2).size(), 1u);  // picked by the role's name
  Error e = expect_error([&] { read(g + "|roads", Role::Roads, r3); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "no layer 'roads' (layers: parcels, zones)");
}

TEST(ReaderFixtures, ThreadCountDoesNotChangeTheResult) {
  ReadOptions one, two;
  one.threads = 1;
  two.threads = 3;
  one.field_map = two.field_map = {{"zone_id", "adcode"}};
  ImportReport r1, r2;
  Layer a = read_layer(test::data("districts/chongqing_districts.geojson"), Role::Zones, one, r1);
  Layer b = read_layer(test::data("districts/chongqing_districts.geojson"), Role::Zones, two, r2);
  ASSERT_EQ(a.geometry.size(), b.geometry.size());
  EXPECT_EQ(a.geometry, b.geometry);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(col(a, i, "area_m2"), col(b, i, "area_m2"));
  EXPECT_EQ(r1.problems.size(), r2.problems.size());
}

TEST(ReaderFixtures, ProblemsCsvBytes) {
  ImportReport r;
  r.problems.push_back({Severity::Error, "duplicate-id", "a.shp", "a", "P1", "parcel_id",
                        "id 'P1' already used, \"twice\""});
  r.problems.push_back({Severity::Warning, "geometry-repaired", "a.shp", "a", "P2", "", "ok"});
  const std::string p = test::temp_dir() + "/problems.csv";
  write_problems_csv({r}, p);
  EXPECT_EQ(test::read_file(p),
            "severity,code,file,layer,feature,field,message\n"
            "error,duplicate-id,a.shp,a,P1,parcel_id,\"id 'P1' already used, \"\"twice\"\"\"\n"
            "warning,geometry-repaired,a.shp,a,P2,,ok\n");
}

TEST(LoadInputs, OneWorkingCrsChosenFromTheParcels) {
  const std::string dir = test::temp_dir();
  // Parcels west of 106.5°E (CM 105°E zone); the districts' centre is in the CM 108°E zone.
  make_vector(dir + "/p.gpkg", "GPKG", 4490, wkbPolygon, kParcelFields,
              {{square(105.9, 29.5), {"P1", "100101", "1"}}});
  AnalysisSpec spec;
  spec.inputs[Role::Parcels] = dir + "/p.gpkg";
  spec.inputs[Role::Zones] = test::data("shp-variants/cq_districts_utf8.shp");
  // zones need a zone_id: give the districts one through a user alias file
  std::ofstream(dir + "/al.toml") << "[zones]\n\"adcode\" = \"zone_id\"\n";
  ::setenv("HUBLAND_ALIASES", (dir + "/al.toml").c_str(), 1);
  AnalysisInputs in = load_inputs(spec);
  EXPECT_EQ(in.working_epsg, 4544);
  EXPECT_EQ(in.at(Role::Parcels).epsg, 4544);
  EXPECT_EQ(in.at(Role::Zones).epsg, 4544);
  EXPECT_EQ(in.reports.size(), 2u);
  spec.working_epsg = 4545;
  AnalysisInputs fixed = load_inputs(spec);
  ::unsetenv("HUBLAND_ALIASES");
  EXPECT_EQ(fixed.working_epsg, 4545);
  EXPECT_EQ(fixed.at(Role::Zones).epsg, 4545);
  EXPECT_FALSE(fixed.has(Role::Hubs));
}

TEST(ReaderFixtures, SpatiaLiteAndDxfSources) {
  const std::string dir = test::temp_dir();
  GDALAllRegister();
  {
    const char* dsco[] = {"SPATIALITE=YES", nullptr};
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("SQLite")->Create(
        (dir + "/c.sqlite").c_str(), 0, 0, 0, GDT_Unknown, const_cast<char**>(dsco)));
    ASSERT_TRUE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(4490);
    OGRLayer* l = ds->CreateLayer("constraints", &srs, wkbPolygon, nullptr);
    ASSERT_NE(l, nullptr);
    OGRFieldDefn id("constraint_id", OFTString), kind("kind", OFTString);
    ASSERT_EQ(l->CreateField(&id), OGRERR_NONE);
    ASSERT_EQ(l->CreateField(&kind), OGRERR_NONE);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetField(0, "C1");
    f->SetField(1, "永久基本农田");
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(square(106.5, 29.5).c_str(), &srs, &g),
              OGRERR_NONE);
    f->SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
  }
  ImportReport rep;
  Layer c = read(dir + "/c.sqlite", Role::Constraints, rep);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.attributes.text_at(0, c.attributes.index("kind")), "farmland");  // normalised
  EXPECT_EQ(rep.working_epsg, 4545);

  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("DXF")->Create(
        (dir + "/roads.dxf").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->CreateLayer("entities", nullptr, wkbLineString, nullptr);
    ASSERT_NE(l, nullptr);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    OGRGeometry* g = nullptr;
    ASSERT_EQ(
        OGRGeometryFactory::createFromWkt("LINESTRING(500000 3300000,501000 3300000)", nullptr, &g),
        OGRERR_NONE);
    f->SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
  }
  ReadOptions o;
  o.assume_crs = "EPSG:4545";  // DXF carries no CRS
  o.field_map = {{"road_id", "EntityHandle"}};
  ImportReport rr;
  Layer r = read_layer(dir + "/roads.dxf", Role::Roads, o, rr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(rr.working_epsg, 4545);
  EXPECT_DOUBLE_EQ(r.attributes.real_at(0, r.attributes.index("speed_kmh")), 30.0);  // local
  auto line = geo::from_wkb(r.geometry[0]);
  EXPECT_NEAR(geo::length(line.get()), 1000.0, 1e-6);
}

TEST(ReaderFixtures, GarbageCpgAndUnknownEncodingOption) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_gbk_nocpg");
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
    fs::copy_file(src + ext, dir + "/g" + ext);
  std::ofstream(dir + "/g.cpg", std::ios::binary) << std::string("\xFF\x00zz", 4);
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}, {"zone_name", "name"}};
  ImportReport rep;
  Layer l = read_layer(dir + "/g.shp", Role::Zones, o, rep);
  EXPECT_EQ(rep.encoding, "CP936");
  EXPECT_EQ(rep.encoding_source, "detected");
  ASSERT_NE(find_problem(rep, "unknown-cpg"), nullptr);
  EXPECT_EQ(l.attributes.text_at(2, l.attributes.index("zone_name")), "渝中区");
  o.encoding = "KLINGON-8";
  ImportReport bad;
  Error e = expect_error([&] { read_layer(dir + "/g.shp", Role::Zones, o, bad); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "unknown --encoding 'KLINGON-8'");
}

TEST(ReaderFixtures, ConversionsTableWithoutGeometry) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/conv.csv") << "request_id,parcel_id,from_use,to_use,rd_share,proposed_far\n"
                                      "R1,P1,100101,100100,0.4,3.0\n"
                                      "R2,P2,100101,0802,1.4,2.0\n"
                                      "R3,P3,100101,,0.1,2.0\n";
  ImportReport rep;
  Layer l = read(dir + "/conv.csv", Role::Conversions, rep);  // no CRS needed for a table
  EXPECT_EQ(l.epsg, 0);
  EXPECT_TRUE(l.geometry.empty());
  ASSERT_EQ(l.size(), 2u);  // R2's rd_share is not a fraction
  EXPECT_EQ(rep.counts.rejected, 1u);
  EXPECT_EQ(find_problem(rep, "out-of-range")->feature, "R2");
  EXPECT_EQ(l.attributes.text_at(1, l.attributes.index("request_id")), "R3");
  EXPECT_TRUE(l.attributes.null_at(1, l.attributes.index("to_use")) ||
              l.attributes.text_at(1, l.attributes.index("to_use")).empty());
  EXPECT_DOUBLE_EQ(l.attributes.real_at(0, l.attributes.index("proposed_far")), 3.0);
}

TEST(ReaderFixtures, AliasFileWithUnknownRoleSection) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/a.toml")
      << "[parcels]\n\"ZDBH\" = \"parcel_id\"\n\n[farms]\n\"x\" = \"y\"\n";
  make_vector(dir + "/p.gpkg", "GPKG", 4490, wkbPolygon, kParcelFields,
              {{square(106.5, 29.5), {"P1", "100101", "1"}}});
  ReadOptions o;
  o.aliases_file = dir + "/a.toml";
  ImportReport rep;
  Error e = expect_error([&] { read_layer(dir + "/p.gpkg", Role::Parcels, o, rep); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.where().file, dir + "/a.toml");
  EXPECT_NE(e.message().find("unknown role 'farms'"), std::string::npos) << e.message();
  o.aliases_file = dir + "/missing.toml";
  EXPECT_EQ(expect_error([&] { read_layer(dir + "/p.gpkg", Role::Parcels, o, rep); }).kind(),
            ErrorKind::Io);
}

TEST(ReaderFixtures, FileGdbSource) {
  const std::string dir = test::temp_dir();
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("OpenFileGDB");
  ASSERT_NE(drv, nullptr);
  if (!drv->GetMetadataItem(GDAL_DCAP_CREATE)) GTEST_SKIP() << "this GDAL cannot write FileGDB";
  make_vector(dir + "/bureau.gdb", "OpenFileGDB", 4490, wkbMultiPolygon,
              {{"ZDBH", OFTString}, {"YDXZ", OFTString}}, {{square(106.5, 29.5), {"G1", "100101"}}},
              {}, "parcels");
  ImportReport rep;
  Layer l = read(dir + "/bureau.gdb", Role::Parcels, rep);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l.attributes.text_at(0, l.attributes.index("parcel_id")), "G1");
  EXPECT_EQ(rep.encoding_source, "source");
}

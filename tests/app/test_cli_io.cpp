// `hubland info` and `hubland import` as a user runs them: output, exit codes, files written.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;

namespace {

using test::cli;
using test::quoted;

// A copy of the real GBK district shapefile without .cpg and, optionally, without .prj.
std::string gbk_copy(const std::string& dir, bool with_prj) {
  const std::string src = test::data("shp-variants/cq_districts_gbk_nocpg");
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
    if (!with_prj && std::string(ext) == ".prj") continue;
    fs::copy_file(src + ext, dir + "/districts" + ext);
  }
  return dir + "/districts.shp";
}

}  // namespace

TEST(CliVersion, NamesTheReleaseAndTheAllocator) {
  auto r = test::run(cli() + " --version");
  ASSERT_EQ(r.exit_code, 0) << r.err;
#ifdef HUBLAND_JEMALLOC
  EXPECT_NE(r.out.find("\nallocator: jemalloc 5."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(huge pages: always)\n"), std::string::npos) << r.out;
#else
  EXPECT_NE(r.out.find("\nallocator: system malloc\n"), std::string::npos) << r.out;
#endif
  EXPECT_EQ(r.out.rfind("hubland ", 0), 0u) << r.out;
}

TEST(CliInfo, GbkShapefileWithoutCpgShowsChinese) {
  auto r =
      test::run(cli() + " info " + quoted(test::data("shp-variants/cq_districts_gbk_nocpg.shp")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("渝中区"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("区县名称"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("encoding:  CP936 (detected: not valid UTF-8, all text decodes as GBK Chinese)"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("CRS:       WGS 84 (EPSG:4326), from .prj"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("features:  38"), std::string::npos);
}

TEST(CliInfo, LdidAndCpgSourcesAreNamed) {
  auto ldid =
      test::run(cli() + " info " + quoted(test::data("shp-variants/cq_districts_gbk_ldid77.shp")));
  ASSERT_EQ(ldid.exit_code, 0) << ldid.err;
  EXPECT_NE(ldid.out.find("DBF language driver byte 0x4D says CP936"), std::string::npos);
  auto cpg = test::run(cli() + " info " + quoted(test::data("shp-variants/cq_districts_gbk.shp")));
  EXPECT_NE(cpg.out.find(".cpg says CP936"), std::string::npos);
}

TEST(CliInfo, JsonCarriesTheSameFacts) {
  auto r = test::run(cli() + " info --json " +
                     quoted(test::data("districts/chongqing_districts.geojson")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layers"].size(), 1u);
  const auto& l = j["layers"][0];
  EXPECT_EQ(l["driver"], "GeoJSON");
  EXPECT_EQ(l["feature_count"], 38);
  EXPECT_EQ(l["crs"]["epsg"], 4326);
  EXPECT_EQ(l["encoding"]["name"], "UTF-8");
  EXPECT_EQ(l["encoding"]["source"], "source");
  EXPECT_EQ(l["geometries"]["invalid"], 7);
  EXPECT_EQ(l["geometries"]["null"], 0);
  EXPECT_NEAR(l["extent_wgs84"]["min_x"].get<double>(), 105.290039, 1e-6);
  EXPECT_NEAR(l["extent_wgs84"]["max_y"].get<double>(), 32.202148, 1e-6);
  bool name_has_samples = false;
  for (const auto& f : l["fields"])
    if (f["name"] == "name")
      name_has_samples = f["samples"].size() == 3 && f["samples"][0] == "万州区";
  EXPECT_TRUE(name_has_samples) << l["fields"].dump();
}

TEST(CliInfo, MissingPrjIsSaidPlainly) {
  const std::string p = gbk_copy(test::temp_dir(), false);
  auto r = test::run(cli() + " info " + quoted(p));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("CRS:       MISSING - the layer has no CRS (no .prj file); pass "
                       "--assume-crs EPSG:<code> if you know it"),
            std::string::npos)
      << r.out;
  auto assumed = test::run(cli() + " info --assume-crs EPSG:4490 " + quoted(p));
  EXPECT_NE(assumed.out.find("(EPSG:4490), from --assume-crs"), std::string::npos) << assumed.out;
}

TEST(CliInfo, BadInputsExitTwo) {
  auto missing = test::run(cli() + " info /nonexistent/nothing.shp");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "hubland: error: /nonexistent/nothing.shp: file not found\n");
  // A Latin-1 DBF with no .cpg: stop and ask for --encoding, showing the value both ways.
  const std::string dir = test::temp_dir();
  GDALAllRegister();
  {
    GDALDatasetUniquePtr ds(
        GetGDALDriverManager()
            ->GetDriverByName("ESRI Shapefile")
            ->Create((dir + "/latin.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const char* lco[] = {"ENCODING=", nullptr};
    OGRLayer* l = ds->CreateLayer("latin", nullptr, wkbPoint, const_cast<char**>(lco));
    OGRFieldDefn d("owner", OFTString);
    l->CreateField(&d);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetField(0, "Caf\xE9 M\xFCller");
    OGRPoint pt(106.5, 29.5);
    f->SetGeometry(&pt);
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
  }
  fs::remove(dir + "/latin.cpg");
  auto enc = test::run(cli() + " info " + quoted(dir + "/latin.shp"));
  EXPECT_EQ(enc.exit_code, 2);
  EXPECT_NE(enc.err.find("Pass --encoding GBK"), std::string::npos) << enc.err;
  EXPECT_NE(enc.err.find("as Latin-1 \"Café Müller\""), std::string::npos) << enc.err;
  auto ok = test::run(cli() + " info --encoding CP1252 " + quoted(dir + "/latin.shp"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("Café Müller"), std::string::npos);
}

TEST(CliImport, MissingPrjExitsTwoNamingTheFileUnlessAssumed) {
  const std::string dir = test::temp_dir();
  const std::string p = gbk_copy(dir, false);
  const std::string out = dir + "/zones.gpkg";
  auto r = test::run(cli() + " import --role zones " + quoted(p) + " -o " + quoted(out) +
                     " --map zone_id=adcode");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has no CRS"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));

  auto ok =
      test::run(cli() + " import --role zones " + quoted(p) + " -o " + quoted(out) +
                " --map zone_id=adcode --map zone_name=name --assume-crs EPSG:4490 --report " +
                quoted(dir + "/report.csv"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("read 38, imported 38, repaired 0, skipped 0, rejected 0"),
            std::string::npos)
      << ok.out;
  EXPECT_NE(ok.out.find("-> working EPSG:4545"), std::string::npos) << ok.out;
  EXPECT_EQ(test::read_file(dir + "/report.csv"),
            "severity,code,file,layer,feature,field,message\n");

  // The written layer: working CRS, canonical names, decoded Chinese, areas.
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("zones");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->GetFeatureCount(), 38);
  EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4545");
  bool found = false;
  for (auto& f : *l) {
    if (std::string(f->GetFieldAsString("zone_name")) != "渝中区") continue;
    found = true;
    EXPECT_STREQ(f->GetFieldAsString("zone_id"), "500103");
    // 渝中区 is about 23 km²; the map data is coarse (1/1024°), so only the order of magnitude.
    EXPECT_GT(f->GetFieldAsDouble("area_m2"), 10e6);
    EXPECT_LT(f->GetFieldAsDouble("area_m2"), 40e6);
    EXPECT_NEAR(f->GetFieldAsDouble("area_mu"), f->GetFieldAsDouble("area_m2") * 3 / 2000, 1e-6);
  }
  EXPECT_TRUE(found);
}

TEST(CliImport, RealDistrictsReportRepairsAndRejectedImportWritesNothing) {
  const std::string dir = test::temp_dir();
  auto r = test::run(cli() + " import --role zones " +
                     quoted(test::data("districts/chongqing_districts.geojson")) + " -o " +
                     quoted(dir + "/d.gpkg") + " --map zone_id=adcode --report " +
                     quoted(dir + "/r.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("read 38, imported 38, repaired 7, skipped 0, rejected 0"),
            std::string::npos)
      << r.out;
  const std::string csv = test::read_file(dir + "/r.csv");
  std::size_t lines = 0;
  for (char c : csv) lines += c == '\n';
  EXPECT_EQ(lines, 8u);  // header + 7 repairs
  EXPECT_NE(csv.find("warning,geometry-repaired,"), std::string::npos);
  EXPECT_NE(csv.find(",500104,,invalid geometry repaired with MakeValid; GEOS: "),
            std::string::npos)
      << csv;  // 大渡口区

  // Duplicate ids: exit 2, nothing written, the report names feature and field.
  std::ofstream(dir + "/dup.csv")
      << "WKT,parcel_id,land_use\n"
         "\"POLYGON((106.5 29.5,106.51 29.5,106.51 29.51,106.5 29.5))\",P1,100101\n"
         "\"POLYGON((106.6 29.5,106.61 29.5,106.61 29.51,106.6 29.5))\",P1,100101\n";
  auto d = test::run(cli() + " import --role parcels " + quoted(dir + "/dup.csv") + " -o " +
                     quoted(dir + "/dup.gpkg") + " --assume-crs EPSG:4490 --report " +
                     quoted(dir + "/dup-report.csv"));
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir + "/dup.gpkg"));
  EXPECT_NE(d.err.find("1 feature(s) rejected"), std::string::npos) << d.err;
  EXPECT_NE(test::read_file(dir + "/dup-report.csv")
                .find("error,duplicate-id," + dir +
                      "/dup.csv,dup,P1,parcel_id,id 'P1' already used by fid 1; fid 2 rejected"),
            std::string::npos)
      << test::read_file(dir + "/dup-report.csv");
}

TEST(CliImport, BadFlagsExitTwo) {
  const std::string dir = test::temp_dir();
  const std::string src = quoted(test::data("districts/chongqing_districts.geojson"));
  auto role = test::run(cli() + " import --role farms " + src + " -o " + quoted(dir + "/x.gpkg"));
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_NE(role.err.find("unknown role 'farms'"), std::string::npos) << role.err;
  auto map = test::run(cli() + " import --role zones " + src + " -o " + quoted(dir + "/x.gpkg") +
                       " --map zone_id");
  EXPECT_EQ(map.exit_code, 2);
  EXPECT_NE(map.err.find("--map takes target=source"), std::string::npos) << map.err;
  auto missing =
      test::run(cli() + " import --role zones " + src + " -o " + quoted(dir + "/x.gpkg"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("required field zone_id of role zones is missing"), std::string::npos)
      << missing.err;
  auto crs = test::run(cli() + " import --role zones " + src + " -o " + quoted(dir + "/x.gpkg") +
                       " --map zone_id=adcode --crs EPSG:4546");
  EXPECT_EQ(crs.exit_code, 0) << crs.err;
  EXPECT_NE(crs.out.find("-> working EPSG:4546"), std::string::npos);
}

// Every problem of a layer in one run: exit 2, stderr lists them all, --report has one row
// each (and no extra row for the stop itself); nothing written.
TEST(CliImport, EveryProblemOfALayerAtOnce) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/p.csv") << "WKT,parcel_id,floor_area_m2\n"
                                   "\"POLYGON((106.5 29.5,106.51 29.5,106.51 29.51,106.5 29.5))\","
                                   "P1,100\n"
                                   "\"POINT(106.5 29.5)\",P2,100\n"
                                   "\"POLYGON((106.6 29.5,106.61 29.5,106.61 29.51,106.6 29.5))\","
                                   "P3,abc\n";
  auto r = test::run(cli() + " import --role parcels " + quoted(dir + "/p.csv") + " -o " +
                     quoted(dir + "/p.gpkg") + " --report " + quoted(dir + "/r.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir + "/p.gpkg"));
  EXPECT_NE(r.err.find(dir + "/p.csv: layer p: 4 problems stop the import of this layer:\n"
                             "  field land_use: required field land_use of role parcels is "
                             "missing"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("\n  the layer has no CRS (no .prj or CRS in the source)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("\n  feature P2: feature has a Point geometry; role parcels needs "
                       "polygons\n  feature P3: field floor_area_m2: 'abc' is not a number"),
            std::string::npos)
      << r.err;
  const auto rows = test::read_csv_rows(dir + "/r.csv");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("code"), "missing-field");
  EXPECT_EQ(rows[0].at("field"), "land_use");
  EXPECT_EQ(rows[1].at("code"), "no-crs");
  EXPECT_EQ(rows[2].at("code"), "wrong-geometry");
  EXPECT_EQ(rows[2].at("feature"), "P2");
  EXPECT_EQ(rows[3].at("code"), "text-in-number");
  EXPECT_EQ(rows[3].at("feature"), "P3");
  EXPECT_EQ(rows[3].at("field"), "floor_area_m2");
  for (const auto& row : rows) EXPECT_EQ(row.at("severity"), "error");
}

// Constraints without constraint_id import with ids from the feature ids, and say so.
TEST(CliImport, ConstraintsWithoutIdsSayWhereTheIdsComeFrom) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/c.csv") << "WKT,kind\n"
                                   "\"POLYGON((106.5 29.5,106.51 29.5,106.51 29.51,106.5 29.5))\","
                                   "redline\n";
  auto r = test::run(cli() + " import --role constraints " + quoted(dir + "/c.csv") + " -o " +
                     quoted(dir + "/c.gpkg") + " --assume-crs EPSG:4490 --report " +
                     quoted(dir + "/r.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ids:      constraint_id absent: ids taken from feature ids (fid N)\n"),
            std::string::npos)
      << r.out;
  const auto rows = test::read_csv_rows(dir + "/r.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("severity"), "info");
  EXPECT_EQ(rows[0].at("code"), "id-from-fid");
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/c.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRFeatureUniquePtr f(ds->GetLayerByName("constraints")->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString("constraint_id"), "fid 1");
}

// hubland runs / show / export, run as a separate process (HUBLAND_CLI).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../layers/workspace_fixtures.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/shapefile_names.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;

namespace {

std::string cli(const std::string& args) {
  return std::string(HUBLAND_CLI) + " " + args;
}

std::string q(const std::string& s) {
  return "'" + s + "'";
}

// A workspace with an import run and an analysis run (grades, findings).
std::string make_workspace(const std::string& location, const std::string& dir) {
  const std::string input = dir + "/parcels.gpkg";
  const auto parcels = test::make_parcels(10);
  export_table(parcels.attributes, &parcels.geometry, 4545, "parcels",
               ExportOptions{.format = ExportFormat::GeoPackage, .output = input});
  Workspace ws = Workspace::open(location);
  RunInfo imp;
  imp.command = "import";
  imp.inputs.push_back(describe_input("parcels", input));
  const auto r1 = ws.begin_run(imp);
  ws.put_layer(r1, "parcels", parcels);
  ws.finish_run(r1, {{"parcels", 10}});
  RunInfo run;
  run.command = "screen";
  run.ruleset_id = "cq-hub-2026";
  run.ruleset_sha256 = sha256_hex("rules");
  run.parameters = {{"quota_mu", "3000"}};
  const auto r2 = ws.begin_run(run);
  ws.put_table(r2, "grades", test::make_grades(10));
  ws.finish_run(r2, {{"graded", 10}});
  return input;
}

TEST(CliWorkspace, RunsAndShowListWhatWasStored) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/w.hubland.sqlite";
  const std::string input = make_workspace(ws, dir);
  auto r = test::run(cli("runs " + q(ws)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1    completed  import"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2    completed  screen"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cq-hub-2026"), std::string::npos) << r.out;

  r = test::run(cli("--json runs " + q(ws)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = nlohmann::json::parse(r.out);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["inputs"][0]["sha256"], sha256_file(input));
  EXPECT_EQ(runs[0]["inputs"][0]["size_bytes"], fs::file_size(input));
  EXPECT_EQ(runs[1]["parameters"]["quota_mu"], "3000");
  EXPECT_EQ(runs[1]["counts"]["graded"], 10);

  r = test::run(cli("show " + q(ws) + " --run 1"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(sha256_file(input)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parcels         layer  EPSG:4545  10 rows"), std::string::npos) << r.out;
  r = test::run(cli("--json show " + q(ws) + " --run 2"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto show = nlohmann::json::parse(r.out);
  EXPECT_EQ(show["ruleset_sha256"], sha256_hex("rules"));
  EXPECT_EQ(show["datasets"][0]["name"], "grades");
  EXPECT_EQ(show["datasets"][0]["rows"], 10);

  EXPECT_EQ(test::run(cli("show " + q(ws) + " --run 7")).exit_code, 2);
  EXPECT_EQ(test::run(cli("show " + q(ws))).exit_code, 2);
  EXPECT_EQ(test::run(cli("runs " + q(dir + "/none.hubland.sqlite"))).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir + "/none.hubland.sqlite"));
}

TEST(CliWorkspace, ExportsScreenedParcelsAsGbkShapefile) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/w.hubland.sqlite";
  make_workspace(ws, dir);
  const auto r =
      test::run(cli("export " + q(ws) + " --what screened --format shp --encoding GBK -o " +
                    q(dir + "/out/screened.shp")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tax_10k_yuan                -> tax_10k_yu"), std::string::npos) << r.out;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".fieldmap.csv", ".export.json"})
    EXPECT_TRUE(fs::exists(dir + "/out/screened" + ext)) << ext;
  TextEncoder enc("GBK");
  const std::string dbf = test::read_file(dir + "/out/screened.dbf");
  EXPECT_NE(dbf.find(*enc.encode("两江新区智能制造\t厂")), std::string::npos);
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir + "/out/screened.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 10);
  EXPECT_GE(ds->GetLayer(0)->GetLayerDefn()->GetFieldIndex("grade"), 0);
}

TEST(CliWorkspace, ExportFailuresExitTwoAndWriteNothing) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/w.hubland.sqlite";
  make_workspace(ws, dir);
  {  // A name GBK cannot hold, in a later run's parcels.
    Workspace w = Workspace::open(ws);
    auto p = test::make_parcels(3);
    p.attributes.set(1, p.attributes.index("enterprise"), std::string("서울 Logistics"));
    const auto id = w.begin_run(RunInfo{.command = "import"});
    w.put_layer(id, "parcels", p);
    w.finish_run(id);
  }
  auto r = test::run(
      cli("export " + q(ws) + " --what layer:parcels --encoding GBK -o " + q(dir + "/out/p.shp")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("feature P-2, field enterprise"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/out") && !fs::is_empty(dir + "/out"));
  r = test::run(cli("export " + q(ws) + " --what layer:parcels --run 1 --encoding GBK -o " +
                    q(dir + "/out/p.shp")));
  EXPECT_EQ(r.exit_code, 0) << r.err << "  (run 1 has no such name)";

  EXPECT_EQ(
      test::run(cli("export " + q(ws) + " --what nonsense -o " + q(dir + "/x.gpkg"))).exit_code, 2);
  EXPECT_EQ(test::run(cli("export " + q(ws) + " -o " + q(dir + "/x.gpkg"))).exit_code, 2);
  EXPECT_EQ(
      test::run(cli("export " + q(ws) + " --what screened -o " + q(dir + "/x.kml"))).exit_code, 2);
  EXPECT_EQ(test::run(cli("export " + q(ws) + " --what screened --where " + q("grade ==== 1") +
                          " -o " + q(dir + "/x.gpkg")))
                .exit_code,
            2);
  EXPECT_EQ(test::run(cli("export " + q(ws) + " --what screened --bom -o " + q(dir + "/x.gpkg")))
                .exit_code,
            2);
  EXPECT_EQ(
      test::run(cli("export " + q(dir + "/missing.gpkg") + " -o " + q(dir + "/x.csv"))).exit_code,
      2);
  EXPECT_FALSE(fs::exists(dir + "/x.gpkg"));
  EXPECT_FALSE(fs::exists(dir + "/x.csv"));
}

TEST(CliWorkspace, ExportsAPlainFileWithWhereAndBom) {
  const std::string dir = test::temp_dir();
  const std::string input = make_workspace(dir + "/w.hubland.sqlite", dir);
  const auto r = test::run(cli("export " + q(input + "|parcels") + " --bom --where " +
                               q("employees > 10") + " -o " + q(dir + "/p.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = test::read_file(dir + "/p.csv");
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const auto parcels = test::make_parcels(10);
  std::size_t expected = 0;
  const auto emp = parcels.attributes.index("employees");
  for (std::size_t i = 0; i < 10; ++i)
    expected += (!parcels.attributes.null_at(i, emp) && parcels.attributes.integer_at(i, emp) > 10);
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/p.csv").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(static_cast<std::size_t>(ds->GetLayer(0)->GetFeatureCount()), expected);
}

TEST(CliWorkspace, ExportsChineseFieldNames) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/w.hubland.sqlite";
  make_workspace(ws, dir);
  auto r = test::run(cli("export " + q(ws) +
                         " --what screened --format shp --encoding GBK --field-names zh -o " +
                         q(dir + "/zh.shp")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("column names (--field-names zh):"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parcel_id                   -> 宗地编号"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tax_10k_yuan                -> 税收万元"), std::string::npos) << r.out;
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir + "/zh.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
  for (const char* name : {"宗地编号", "企业名称", "用地性质", "面积平方米", "从业人员", "税收万元",
                           "评分", "等级", "标记"})
    EXPECT_GE(d->GetFieldIndex(name), 0) << name;
  EXPECT_LT(d->GetFieldIndex("parcel_id"), 0);
  // The CSV header too; --where still uses the names as stored.
  r = test::run(cli("export " + q(ws) + " --what screened --field-names zh --where " +
                    q("score > 97.5") + " -o " + q(dir + "/zh.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = test::read_file(dir + "/zh.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "宗地编号,企业名称,用地性质,面积平方米,从业人员,税收万元,评分,等级,标记");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3) << csv;  // 100, 99, 98: P-1..P-3
  r = test::run(
      cli("export " + q(ws) + " --what screened --field-names fr -o " + q(dir + "/x.csv")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown --field-names 'fr'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/x.csv"));
}

TEST(CliWorkspace, WorksOnAPostgisUrl) {
  HUBLAND_REQUIRE_POSTGIS();
  const std::string dir = test::temp_dir();
  const std::string url = test::pg_fresh_database("cli");
  make_workspace(url, dir);
  auto r = test::run(cli("--json runs " + q(url)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 2u);
  r = test::run(cli("export " + q(url) + " --what screened -o " + q(dir + "/s.gpkg")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/s.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("screened")->GetFeatureCount(), 10);
  EXPECT_NE(ds->GetLayerByName("layer_styles"), nullptr);
}

}  // namespace

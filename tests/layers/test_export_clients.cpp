// Exports opened by the clients users open them with: ogrinfo (GDAL's command line), fiona,
// openpyxl (Excel's cell model) and QGIS (its default style from layer_styles). Each check is
// skipped, with the reason, when its client is not installed; tests/tools holds the scripts.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "hubland/layers/export.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;

namespace {

// Screened parcels as the bureau names them, with every kind of grade value: A–D, the
// ungraded states, an empty text and NULL.
struct Fixture {
  Table table;
  std::vector<geo::Wkb> geometry;
};

Fixture make_fixture() {
  Fixture f;
  Table& t = f.table;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto ent = t.add_column("enterprise", FieldType::Text);
  const auto tax = t.add_column("tax_per_mu", FieldType::Real);
  const auto date = t.add_column("contract_date", FieldType::Text);
  const auto grade = t.add_column("grade", FieldType::Text);
  const auto emp = t.add_column("employees", FieldType::Integer);
  const char* grades[] = {"A", "B", "C", "D", "pending", "new", "-", "", nullptr};
  for (int i = 0; i < 9; ++i) {
    const auto r = t.add_row();
    t.set(r, id, "P-" + std::to_string(i + 1));
    t.set(r, ent, std::string(i % 2 ? "两江新区智能制造厂" : "重庆果园港物流有限公司"));
    t.set(r, tax, 12.5 * (i + 1));
    t.set(r, date, std::string(i == 0 ? "2019-03-05" : "2021-07-01"));
    if (grades[i]) t.set(r, grade, std::string(grades[i]));
    t.set(r, emp, static_cast<std::int64_t>(i + 1));
    const double x = 500000.0 + 100.0 * i, y = 3270000.0;
    OGRPolygon poly;
    OGRLinearRing ring;
    for (const auto& [dx, dy] : {std::pair{0, 0}, {50, 0}, {50, 50}, {0, 50}, {0, 0}})
      ring.addPoint(x + dx, y + dy);
    poly.addRing(&ring);
    geo::Wkb wkb(static_cast<std::size_t>(poly.WkbSize()));
    poly.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    f.geometry.push_back(std::move(wkb));
  }
  return f;
}

std::string export_zh(const std::string& dir, ExportFormat format, const std::string& file,
                      const std::string& encoding = "UTF-8") {
  const auto f = make_fixture();
  ExportOptions o;
  o.format = format;
  o.output = dir + "/" + file;
  o.encoding = encoding;
  o.field_names = FieldNames::Zh;
  export_table(f.table, &f.geometry, 4545, "screened", o);
  return o.output;
}

std::string tool(const std::string& name) {
  return test::quoted(std::string(HUBLAND_SOURCE_ROOT) + "/tests/tools/" + name);
}

// Runs a tests/tools script with the first Python that has its client: the one on PATH (may
// be a private install), then the system's, where Debian's python3-* packages go. Exit 77 from
// every one means the client is missing.
test::CommandResult run_client(const std::string& env, const std::string& script,
                               const std::string& args) {
  test::CommandResult r;
  for (const char* python : {"python3", "/usr/bin/python3"}) {
    r = test::run(env + python + " " + tool(script) + " " + args);
    if (r.exit_code != 77) break;
  }
  return r;
}

#define RUN_CLIENT(result, env, script, args)             \
  const auto result = run_client(env, script, args);      \
  if (result.exit_code == 77) GTEST_SKIP() << result.out; \
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

}  // namespace

TEST(ExportClients, OgrinfoDecodesTheGbkShapefile) {
  if (test::run("command -v ogrinfo").exit_code != 0) GTEST_SKIP() << "ogrinfo is not installed";
  const std::string dir = test::temp_dir();
  const std::string shp = export_zh(dir, ExportFormat::Shapefile, "zh.shp", "GBK");
  const auto r = test::run("ogrinfo -ro -al -fid 1 " + test::quoted(shp));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Names (10 GBK bytes at most) and values, decoded through the .cpg.
  for (const char* line :
       {"宗地编号: String (3.0)", "企业名称: String (22.0)", "亩均税收: Real (24.15)",
        "合同日期: String (10.0)", "等级: String (7.0)", "从业人员: Integer (1.0)",
        "  企业名称 (String) = 两江新区智能制造厂", "  亩均税收 (Real) = 25",
        "  等级 (String) = B"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  EXPECT_EQ(r.err.find("Warning"), std::string::npos) << r.err;
}

TEST(ExportClients, FionaFollowsTheCpg) {
  const std::string dir = test::temp_dir();
  const std::string shp = export_zh(dir, ExportFormat::Shapefile, "zh.shp", "GBK");
  RUN_CLIENT(r, "", "check_fiona.py", test::quoted(shp));
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["fields"], (std::vector<std::string>{"宗地编号", "企业名称", "亩均税收", "合同日期",
                                                   "等级", "从业人员"}));
  EXPECT_EQ(j["count"], 9);
  EXPECT_EQ(j["first"]["企业名称"], "重庆果园港物流有限公司");
  EXPECT_EQ(j["first"]["亩均税收"], 12.5);
  EXPECT_EQ(j["first"]["等级"], "A");
}

TEST(ExportClients, OpenpyxlSeesNumbersAndDates) {
  const std::string dir = test::temp_dir();
  const std::string xlsx = export_zh(dir, ExportFormat::Xlsx, "s.xlsx");
  RUN_CLIENT(r, "", "check_xlsx_openpyxl.py", test::quoted(xlsx));
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["header"], (std::vector<std::string>{"宗地编号", "企业名称", "亩均税收", "合同日期",
                                                   "等级", "从业人员"}));
  // openpyxl: data_type "s" string, "n" number, "d" date (a number with a date format).
  const auto& row = j["rows"][0];
  EXPECT_EQ(row[0], (std::vector<std::string>{"s", "str", "P-1"}));
  EXPECT_EQ(row[2], (std::vector<std::string>{"n", "float", "12.5"}));
  EXPECT_EQ(row[3], (std::vector<std::string>{"d", "datetime", "2019-03-05 00:00:00"}));
  EXPECT_EQ(row[5], (std::vector<std::string>{"n", "int", "1"}));
}

TEST(ExportClients, QgisDrawsEveryGradeValue) {
  const std::string dir = test::temp_dir();
  const std::string gpkg = export_zh(dir, ExportFormat::GeoPackage, "s.gpkg");
  RUN_CLIENT(r, "QT_QPA_PLATFORM=offscreen ", "check_qgis_style.py",
             test::quoted(gpkg) + " screened");
  EXPECT_NE(r.out.find("renderer: categorised on 等级, 8 categories"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("等级 = NULL: 1 feature(s) -> 其他（含空值）"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("等级 = '': 1 feature(s) -> 其他（含空值）"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("等级 = 'pending': 1 feature(s) -> 待补数据未分档"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("OK: all 9 features drawn"), std::string::npos) << r.out;
}

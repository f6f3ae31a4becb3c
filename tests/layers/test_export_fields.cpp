// --field-names zh, typed spreadsheet cells and the grade style's catch-all category: the
// export vocabulary, the raw bytes of a GBK DBF header, the sheet XML of an XLSX, the QML.
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "../../layers/src/layer_styles.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/layer.hpp"
#include "hubland/layers/schema.hpp"
#include "hubland/layers/shapefile_names.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;

namespace {

// Four parcels with hand-chosen values: text dates and a text score (as the grade table has
// them), a NULL and an empty grade, names longer than a GBK DBF name holds, an unlisted column.
struct Fixture {
  Table table;
  std::vector<geo::Wkb> geometry;
};

Fixture make_fixture() {
  Fixture f;
  Table& t = f.table;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto ent = t.add_column("enterprise", FieldType::Text);
  const auto far_area = t.add_column("far_floor_area_m2", FieldType::Real, "m2");
  const auto credit = t.add_column("credit_code", FieldType::Text);
  const auto date = t.add_column("contract_date", FieldType::Text);
  const auto score = t.add_column("score", FieldType::Text);
  const auto grade = t.add_column("grade", FieldType::Text);
  const auto emp = t.add_column("employees", FieldType::Integer);
  const auto note = t.add_column("src_note", FieldType::Text);
  const char* ents[] = {"重庆果园港物流有限公司", "两江新区智能制造厂", "渝北仓储",
                        "沙坪坝铁路物流"};
  const char* dates[] = {"2019-03-05", "2020-12-31", "", nullptr};
  const char* scores[] = {"204.5", "", "0", "88"};
  const char* grades[] = {"A", "pending", "", nullptr};
  for (int i = 0; i < 4; ++i) {
    const auto r = t.add_row();
    t.set(r, id, "P-" + std::to_string(i + 1));
    t.set(r, ent, std::string(ents[i]));
    t.set(r, far_area, 1000.25 * (i + 1));
    t.set(r, credit, "91500000MA5U00000" + std::to_string(i));
    if (dates[i]) t.set(r, date, std::string(dates[i]));
    t.set(r, score, std::string(scores[i]));
    if (grades[i]) t.set(r, grade, std::string(grades[i]));
    if (i != 1) t.set(r, emp, static_cast<std::int64_t>(10 * i + 2));
    t.set(r, note, std::string("n") + std::to_string(i));
    const double x = 500000.0 + 100.0 * i, y = 3270000.0;
    OGRPolygon poly;
    OGRLinearRing ring;
    ring.addPoint(x, y);
    ring.addPoint(x + 50, y);
    ring.addPoint(x + 50, y + 50);
    ring.addPoint(x, y + 50);
    ring.addPoint(x, y);
    poly.addRing(&ring);
    geo::Wkb wkb(static_cast<std::size_t>(poly.WkbSize()));
    poly.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    f.geometry.push_back(std::move(wkb));
  }
  return f;
}

ExportOptions zh_opts(ExportFormat f, const std::string& out) {
  ExportOptions o;
  o.format = f;
  o.output = out;
  o.field_names = FieldNames::Zh;
  return o;
}

const std::vector<std::string> kZhNames = {
    "宗地编号", "企业名称", "计容建筑面积", "统一社会信用代码", "合同日期",
    "评分",     "等级",     "从业人员",     "src_note"};

// The field names in a DBF header, as raw bytes: 32-byte descriptors after the 32-byte
// header, the name NUL-padded in the first 11 bytes, the list ended by 0x0D.
std::vector<std::string> dbf_field_name_bytes(const std::string& dbf) {
  std::vector<std::string> out;
  for (std::size_t off = 32; off + 32 <= dbf.size() && dbf[off] != '\x0D'; off += 32) {
    std::string name = dbf.substr(off, 11);
    name.resize(name.find('\0') == std::string::npos ? 11 : name.find('\0'));
    out.push_back(name);
  }
  return out;
}

// One file out of a zip (an XLSX), through GDAL's /vsizip/.
std::string zip_member(const std::string& zip, const std::string& member) {
  const std::string path = "/vsizip/" + zip + "/" + member;
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return "";
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, fp)) > 0) out.append(buf, n);
  VSIFCloseL(fp);
  return out;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

// ------------------------------------------------------------------ the vocabulary

TEST(ExportVocabulary, OneTableWhoseNamesFitAndReadBack) {
  const ExportVocabulary& v = ExportVocabulary::bundled();
  EXPECT_EQ(v.zh_name("parcel_id"), "宗地编号");
  EXPECT_EQ(v.zh_name("land_use"), "用地性质");
  EXPECT_EQ(v.zh_name("plot_ratio"), "容积率");
  EXPECT_EQ(v.zh_name("building_coefficient"), "建筑系数");
  EXPECT_EQ(v.zh_name("tax_per_mu"), "亩均税收");
  EXPECT_EQ(v.zh_name("grade"), "等级");
  EXPECT_EQ(v.zh_name("verdict"), "结论");
  EXPECT_EQ(v.zh_name("src_note"), "src_note") << "unlisted: canonical name kept";
  TextEncoder gbk("GBK");
  std::set<std::string> names, shorts;
  for (const auto& [field, zh] : v.zh) {
    EXPECT_TRUE(names.insert(zh).second) << "two fields named " << zh;
    const auto bytes = gbk.encoded_size(zh);
    ASSERT_TRUE(bytes.has_value()) << zh;
    const auto s = v.zh_short.find(field);
    // A name over 10 GBK bytes has a documented short form; one that fits needs none.
    EXPECT_EQ(*bytes > 10, s != v.zh_short.end()) << field << " = " << zh;
    if (s != v.zh_short.end()) {
      EXPECT_LE(gbk.encoded_size(s->second).value_or(99), 10u) << s->second;
      EXPECT_TRUE(shorts.insert(s->second).second) << "two fields shortened to " << s->second;
    }
  }
  for (const auto& s : shorts) EXPECT_FALSE(names.count(s)) << s << " is also a full name";
  // A name that is an input field reads back through the alias table to the same field, so a
  // zh export can be imported again.
  const FieldAliases aliases = FieldAliases::load();
  std::size_t checked = 0;
  for (const auto& [field, zh] : v.zh) {
    bool is_input = false, reads_back = false;
    for (int r = 0; r <= static_cast<int>(Role::Buildings); ++r) {
      const Role role = static_cast<Role>(r);
      if (!schema(role).find(field)) continue;
      is_input = true;
      reads_back = reads_back || aliases.canonical(role, zh) == field;
    }
    if (!is_input) continue;
    ++checked;
    EXPECT_TRUE(reads_back) << zh << " does not read back as " << field;
  }
  EXPECT_GE(checked, 60u);
}

// docs/export.md lists the table; it must say what the file says.
TEST(ExportVocabulary, DocsListEveryName) {
  const std::string doc = test::read_file(std::string(HUBLAND_SOURCE_ROOT) + "/docs/export.md");
  const ExportVocabulary& v = ExportVocabulary::bundled();
  for (const auto& [field, zh] : v.zh) {
    const auto s = v.zh_short.find(field);
    const std::string row = "| `" + field + "` | " + zh + " | " +
                            (s == v.zh_short.end() ? std::string("=") : s->second) + " |\n";
    EXPECT_NE(doc.find(row), std::string::npos) << row;
  }
}

TEST(ExportVocabulary, MalformedFileNamesFileAndField) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/a.toml") << "[zh]\nparcel_id = \"宗地编号\"\n[types]\nscore = \"bool\"\n";
  std::string msg = error_of([&] { ExportVocabulary::load(dir + "/a.toml"); });
  EXPECT_NE(msg.find("[types] score = 'bool': use date or real"), std::string::npos) << msg;
  EXPECT_NE(msg.find(dir + "/a.toml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field score"), std::string::npos) << msg;
  std::ofstream(dir + "/b.toml") << "[zh]\nparcel_id = 3\n";
  msg = error_of([&] { ExportVocabulary::load(dir + "/b.toml"); });
  EXPECT_NE(msg.find("[zh] values must be non-empty text"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field parcel_id"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
  std::ofstream(dir + "/c.toml") << "[zh_short]\nparcel_id = \"宗地\"\n";
  msg = error_of([&] { ExportVocabulary::load(dir + "/c.toml"); });
  EXPECT_NE(msg.find("[zh_short] parcel_id has no [zh] name"), std::string::npos) << msg;
  EXPECT_EQ(field_names_from("ZH"), FieldNames::Zh);
  EXPECT_EQ(field_names_from("en"), FieldNames::En);
  EXPECT_NE(error_of([] { field_names_from("fr"); }).find("unknown --field-names 'fr'"),
            std::string::npos);
}

TEST(ShapefileNames, PreferredShortFormsComeBeforeTheCut) {
  // 计容建筑面积 is 12 GBK bytes: the documented 计容面积 instead of the cut 计容建筑面.
  const auto map = shapefile_field_names({"计容建筑面积", "统一社会信用代码", "信用代码"}, "GBK",
                                         {"计容面积", "信用代码", ""});
  EXPECT_EQ(map[0].short_name, "计容面积");
  // 信用代码 is a later column's own name (names that fit are reserved first): the cut.
  EXPECT_EQ(map[1].short_name, "统一社会信");
  EXPECT_EQ(map[2].short_name, "信用代码");
  // A short form that does not fit (UTF-8: 3 bytes a character) is not used.
  EXPECT_EQ(shapefile_field_names({"计容建筑面积"}, "UTF-8", {"计容面积"})[0].short_name, "计容建");
}

// ------------------------------------------------------------------ shapefile

TEST(ExportFieldNames, GbkShapefileHeaderHoldsTheChineseNames) {
  const std::string dir = test::temp_dir();
  const auto f = make_fixture();
  auto o = zh_opts(ExportFormat::Shapefile, dir + "/zh.shp");
  o.encoding = "GBK";
  const auto rep = export_table(f.table, &f.geometry, 4545, "screened", o);
  EXPECT_EQ(test::read_file(dir + "/zh.cpg"), "936");
  const std::vector<std::string> expected = {"宗地编号", "企业名称", "计容面积",
                                             "信用代码", "合同日期", "评分",
                                             "等级",     "从业人员", "src_note"};
  const auto raw = dbf_field_name_bytes(test::read_file(dir + "/zh.dbf"));
  ASSERT_EQ(raw.size(), expected.size());
  TextEncoder gbk("GBK");
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(raw[i], *gbk.encode(expected[i])) << expected[i];
    EXPECT_LE(raw[i].size(), 10u);
  }
  EXPECT_EQ(raw[0], std::string("\xD7\xDA\xB5\xD8\xB1\xE0\xBA\xC5"));  // 宗地编号 in GB 2312
  EXPECT_EQ(test::read_file(dir + "/zh.fieldmap.csv"),
            "field,short_name,type\n"
            "宗地编号,宗地编号,text\n"
            "企业名称,企业名称,text\n"
            "计容建筑面积,计容面积,real\n"
            "统一社会信用代码,信用代码,text\n"
            "合同日期,合同日期,text\n"
            "评分,评分,text\n"
            "等级,等级,text\n"
            "从业人员,从业人员,integer\n"
            "src_note,src_note,text\n");
  ASSERT_EQ(rep.renamed.size(), 8u);
  EXPECT_EQ(rep.renamed[2].field, "far_floor_area_m2");
  EXPECT_EQ(rep.renamed[2].short_name, "计容建筑面积");
  const auto report = nlohmann::json::parse(test::read_file(dir + "/zh.export.json"));
  EXPECT_EQ(report["field_names"], "zh");
  EXPECT_EQ(report["renamed"][0]["field"], "parcel_id");
  EXPECT_EQ(report["renamed"][0]["name"], "宗地编号");
  // GDAL decodes names and values through the .cpg.
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir + "/zh.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayer(0);
  ASSERT_EQ(l->GetLayerDefn()->GetFieldCount(), 9);
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef(), expected[i]);
  OGRFeatureUniquePtr first{l->GetNextFeature()};
  EXPECT_STREQ(first->GetFieldAsString("企业名称"), "重庆果园港物流有限公司");
  EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("计容面积"), 1000.25);

  // en (the default) keeps the names as exported.
  o.field_names = FieldNames::En;
  o.output = dir + "/en.shp";
  const auto en = export_table(f.table, &f.geometry, 4545, "screened", o);
  EXPECT_TRUE(en.renamed.empty());
  EXPECT_EQ(dbf_field_name_bytes(test::read_file(dir + "/en.dbf"))[0], "parcel_id");
  EXPECT_EQ(nlohmann::json::parse(test::read_file(dir + "/en.export.json")).count("field_names"),
            0u);
}

TEST(ExportFieldNames, Utf8ShapefileCutsToThreeCharacters) {
  const std::string dir = test::temp_dir();
  const auto f = make_fixture();
  const auto rep = export_table(f.table, &f.geometry, 4545, "screened",
                                zh_opts(ExportFormat::Shapefile, dir + "/u.shp"));
  EXPECT_EQ(test::read_file(dir + "/u.cpg"), "UTF-8");
  // 10 UTF-8 bytes hold 3 Chinese characters: 宗地编号 -> 宗地编, 计容面积 does not fit either.
  EXPECT_EQ(rep.field_map[0].short_name, "宗地编");
  EXPECT_EQ(rep.field_map[2].short_name, "计容建");
  EXPECT_EQ(rep.field_map[5].short_name, "评分");
}

// ------------------------------------------------------------------ CSV and XLSX

TEST(ExportFieldNames, CsvHasChineseHeadersAndTypedColumns) {
  const std::string dir = test::temp_dir();
  const auto f = make_fixture();
  export_table(f.table, &f.geometry, 4545, "screened", zh_opts(ExportFormat::Csv, dir + "/s.csv"));
  const std::string csv = test::read_file(dir + "/s.csv");
  EXPECT_EQ(csv,
            "宗地编号,企业名称,计容建筑面积,统一社会信用代码,合同日期,评分,等级,从业人员,src_"
            "note\n"
            "P-1,重庆果园港物流有限公司,1000.25,91500000MA5U000000,2019/03/05,204.5,A,2,n0\n"
            "P-2,两江新区智能制造厂,2000.5,91500000MA5U000001,2020/12/31,,pending,,n1\n"
            "P-3,渝北仓储,3000.75,91500000MA5U000002,,0,,22,n2\n"
            "P-4,沙坪坝铁路物流,4001,91500000MA5U000003,,88,,32,n3\n");
  EXPECT_EQ(test::read_file(dir + "/s.csvt"),
            "String,String,Real,String,Date,Real,String,Integer64,String\n");
  // GDAL reads the types back from the .csvt.
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/s.csv").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
  EXPECT_EQ(d->GetFieldDefn(d->GetFieldIndex("合同日期"))->GetType(), OFTDate);
  EXPECT_EQ(d->GetFieldDefn(d->GetFieldIndex("评分"))->GetType(), OFTReal);
}

TEST(ExportFieldNames, SpreadsheetCellsAreTypedNotText) {
  const std::string dir = test::temp_dir();
  const auto f = make_fixture();
  const std::string out = dir + "/s.xlsx";
  export_table(f.table, &f.geometry, 4545, "screened", zh_opts(ExportFormat::Xlsx, out));
  const std::string sheet = zip_member(out, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  // Row 2 (P-1): C far_floor_area_m2, E contract_date, F score, H employees are numbers;
  // A parcel_id is text.
  auto cell = [&](const std::string& ref) {
    std::smatch m;
    const std::regex re("<c r=\"" + ref + "\"([^>]*)>\\s*(?:<v>([^<]*)</v>)?");
    return std::regex_search(sheet, m, re) ? std::make_pair(m[1].str(), m[2].str())
                                           : std::make_pair(std::string("<none>"), std::string());
  };
  for (const char* ref : {"C2", "E2", "F2", "H2"}) {
    const auto [attrs, value] = cell(ref);
    EXPECT_EQ(attrs.find("t=\""), std::string::npos) << ref << ": " << attrs;
    EXPECT_FALSE(value.empty()) << ref;
  }
  EXPECT_EQ(cell("C2").second, "1000.25");
  EXPECT_EQ(cell("F2").second, "204.5");
  EXPECT_EQ(cell("H2").second, "2");
  // 2019-03-05 as an Excel serial: days since 1899-12-30 = 25569 (to 1970-01-01) + 17960.
  EXPECT_EQ(cell("E2").second, "43529");
  // Shown as YYYY-MM-DD (GDAL's own style would show 05/03/19).
  const std::string styles = zip_member(out, "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"YYYY\\-MM\\-DD\" numFmtId=\"165\""), std::string::npos)
      << styles;
  EXPECT_EQ(styles.find("DD/MM/YY\""), std::string::npos);
  EXPECT_NE(cell("E2").first.find("s=\""), std::string::npos) << "a date style";
  EXPECT_NE(cell("A2").first.find("t=\""), std::string::npos) << "text stays text";
  // An empty date or score is an empty cell, not a text "".
  EXPECT_EQ(cell("F3").first, "<none>");
  EXPECT_EQ(cell("E4").first, "<none>");
  // GDAL reads the columns back typed, under the Chinese headers.
  GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
  ASSERT_EQ(d->GetFieldCount(), 9);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(d->GetFieldDefn(i)->GetNameRef(), kZhNames[i]);
  EXPECT_EQ(d->GetFieldDefn(4)->GetType(), OFTDate);
  EXPECT_EQ(d->GetFieldDefn(5)->GetType(), OFTReal);
  EXPECT_EQ(d->GetFieldDefn(7)->GetType(), OFTInteger);
}

// GDAL's /vsizip/ takes a folder whose name contains ".xlsx" for the archive and fails on
// close; the export must say so rather than report a file it did not write.
TEST(ExportFieldNames, XlsxThatGdalCannotSaveIsAnError) {
  const std::string dir = test::temp_dir() + "/in.Xlsx-folder";
  fs::create_directories(dir);
  const auto f = make_fixture();
  const std::string msg = error_of([&] {
    export_table(f.table, &f.geometry, 4545, "screened",
                 zh_opts(ExportFormat::Xlsx, dir + "/s.xlsx"));
  });
  EXPECT_NE(msg.find("cannot write the XLSX file"), std::string::npos) << msg;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(ExportFieldNames, MalformedDateOrNumberNamesFeatureAndField) {
  const std::string dir = test::temp_dir();
  auto f = make_fixture();
  f.table.set(2, f.table.index("contract_date"), std::string("2019-02-30"));
  std::string msg = error_of([&] {
    export_table(f.table, &f.geometry, 4545, "screened",
                 zh_opts(ExportFormat::Xlsx, dir + "/x.xlsx"));
  });
  EXPECT_NE(msg.find("'2019-02-30' is not an ISO date (YYYY-MM-DD)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("feature P-3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field contract_date"), std::string::npos) << msg;
  EXPECT_NE(msg.find(dir + "/x.xlsx"), std::string::npos) << msg;
  f = make_fixture();
  f.table.set(3, f.table.index("score"), std::string("88分"));
  msg = error_of([&] {
    export_table(f.table, &f.geometry, 4545, "screened",
                 zh_opts(ExportFormat::Csv, dir + "/x.csv"));
  });
  EXPECT_NE(msg.find("'88分' is not a number"), std::string::npos) << msg;
  EXPECT_NE(msg.find("feature P-4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field score"), std::string::npos) << msg;
  f.table.set(3, f.table.index("score"), std::string("nan"));
  msg = error_of([&] {
    export_table(f.table, &f.geometry, 4545, "screened",
                 zh_opts(ExportFormat::Csv, dir + "/x.csv"));
  });
  EXPECT_NE(msg.find("'nan' is not a number"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(dir + "/x.csv"));
  EXPECT_FALSE(fs::exists(dir + "/x.xlsx"));
  // A shapefile or GeoPackage keeps the text as it is.
  EXPECT_EQ(export_table(f.table, &f.geometry, 4545, "screened",
                         zh_opts(ExportFormat::GeoPackage, dir + "/x.gpkg"))
                .features,
            4u);
}

// ------------------------------------------------------------------ the QGIS style

TEST(GradeStyle, EveryValueHasACategoryWithASymbol) {
  const std::string qml = grades_qml("等级");
  EXPECT_NE(qml.find("type=\"categorizedSymbol\" attr=\"等级\""), std::string::npos);
  const std::regex cat_re(
      "<category render=\"true\" symbol=\"(\\d+)\" value=\"([^\"]*)\" "
      "label=\"([^\"]*)\"/>");
  std::vector<std::string> values, labels;
  std::set<std::string> symbols_used;
  for (std::sregex_iterator it(qml.begin(), qml.end(), cat_re), end; it != end; ++it) {
    symbols_used.insert((*it)[1].str());
    values.push_back((*it)[2].str());
    labels.push_back((*it)[3].str());
  }
  EXPECT_EQ(values, (std::vector<std::string>{"A", "B", "C", "D", "pending", "new", "-", ""}));
  EXPECT_EQ(labels.back(), "其他（含空值）");
  EXPECT_EQ(labels[4], "待补数据未分档");
  // Every category's symbol is defined, visible (alpha 1) and filled.
  const std::regex sym_re("<symbol type=\"fill\" name=\"(\\d+)\" alpha=\"1\"");
  std::set<std::string> symbols;
  for (std::sregex_iterator it(qml.begin(), qml.end(), sym_re), end; it != end; ++it)
    symbols.insert((*it)[1].str());
  EXPECT_EQ(symbols, symbols_used);
  EXPECT_EQ(symbols.size(), 8u);
  EXPECT_EQ(qml.find("v=\"no\""), std::string::npos) << "no invisible fill";
}

TEST(GradeStyle, ZhGeoPackageStylesTheChineseGradeColumn) {
  const std::string dir = test::temp_dir();
  const auto f = make_fixture();
  const auto rep = export_table(f.table, &f.geometry, 4545, "screened",
                                zh_opts(ExportFormat::GeoPackage, dir + "/s.gpkg"));
  EXPECT_EQ(rep.style, "grades");
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir + "/s.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  OGRFeatureUniquePtr s{styles->GetNextFeature()};
  EXPECT_EQ(std::string(s->GetFieldAsString("styleQML")), grades_qml("等级"));
  OGRLayer* l = ds->GetLayerByName("screened");
  ASSERT_NE(l, nullptr);
  EXPECT_GE(l->GetLayerDefn()->GetFieldIndex("等级"), 0);
  EXPECT_LT(l->GetLayerDefn()->GetFieldIndex("grade"), 0);
}

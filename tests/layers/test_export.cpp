// Exports, each read back with GDAL (and the raw DBF bytes of a GBK shapefile).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/shapefile_names.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;

namespace {

// Parcels with their grades, as one table (what "screened" exports).
struct Screened {
  Table table;
  std::vector<geo::Wkb> geometry;
};
Screened make_screened(std::size_t n) {
  Layer p = test::make_parcels(n);
  Table g = test::make_grades(n);
  Screened s{p.attributes, p.geometry};
  for (const char* col : {"score", "grade", "flags"}) {
    const auto src = g.index(col);
    const auto dst = s.table.add_column(col, g.column(src).type);
    for (std::size_t r = 0; r < n; ++r) s.table.set(r, dst, g.get(r, src));
  }
  return s;
}

struct ReadBack {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  explicit ReadBack(const std::string& path, const std::string& layer_name = "") {
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return;
    layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
  }
  std::vector<std::string> fields() const {
    std::vector<std::string> out;
    for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
      out.push_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    return out;
  }
  std::vector<std::string> column(const std::string& field) {
    std::vector<std::string> out;
    layer->ResetReading();
    const int i = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    while (OGRFeatureUniquePtr f{layer->GetNextFeature()})
      out.push_back(i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>");
    return out;
  }
};

std::vector<std::string> text_column(const Table& t, const std::string& col) {
  std::vector<std::string> out;
  const auto c = t.index(col);
  for (std::size_t r = 0; r < t.row_count(); ++r)
    out.push_back(t.null_at(r, c) ? "<null>" : as_text(t.get(r, c)));
  return out;
}

ErrorKind kind_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  return ErrorKind::Cancelled;  // "did not throw"
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

ExportOptions opts(ExportFormat f, const std::string& out) {
  ExportOptions o;
  o.format = f;
  o.output = out;
  return o;
}

// ------------------------------------------------------------------ short names

TEST(ShapefileNames, ShortenDeterministicallyWithoutCollisions) {
  const std::vector<std::string> facts = {"parcel_id",
                                          "value_added_per_mu",
                                          "value_added_10k_yuan",
                                          "travel_land_port_min",
                                          "travel_airport_min",
                                          "travel_port_min",
                                          "dist_production_m",
                                          "dist_port_m",
                                          "COPPER",
                                          "copper",
                                          "value_adde",
                                          "tax_per_mu"};
  const auto map = shapefile_field_names(facts, "UTF-8");
  ASSERT_EQ(map.size(), facts.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < map.size(); ++i) {
    EXPECT_EQ(map[i].field, facts[i]);
    EXPECT_LE(map[i].short_name.size(), 10u) << map[i].short_name;
    std::string folded = map[i].short_name;
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(seen.insert(folded).second) << "duplicate " << map[i].short_name;
  }
  // Names that fit keep their spelling, including the later "value_adde" that the cut of
  // value_added_per_mu would have taken; "copper" collides with COPPER case-insensitively.
  EXPECT_EQ(map[0].short_name, "parcel_id");
  EXPECT_EQ(map[8].short_name, "COPPER");
  EXPECT_EQ(map[9].short_name, "copper_2");
  EXPECT_EQ(map[10].short_name, "value_adde");
  EXPECT_EQ(map[11].short_name, "tax_per_mu");
  EXPECT_EQ(map[1].short_name, "v_ad_pe_mu");
  EXPECT_EQ(map[3].short_name, "travel_lan");
  EXPECT_EQ(map[4].short_name, "travel_air");
  EXPECT_EQ(map[5].short_name, "travel_por");
  EXPECT_EQ(map[7].short_name, "dist_port_");
  EXPECT_EQ(shapefile_field_names(facts, "UTF-8")[2].short_name, map[2].short_name);
}

TEST(ShapefileNames, CountBytesInTheTargetEncoding) {
  const std::vector<std::string> names = {"亩均税收万元", "亩均产值"};
  const auto gbk = shapefile_field_names(names, "GBK");
  EXPECT_EQ(gbk[0].short_name, "亩均税收万");  // 5 characters = 10 GBK bytes
  EXPECT_EQ(gbk[1].short_name, "亩均产值");    // 8 bytes: fits
  const auto utf8 = shapefile_field_names(names, "UTF-8");
  EXPECT_EQ(utf8[0].short_name, "亩均税");  // 3 characters = 9 UTF-8 bytes
  EXPECT_EQ(utf8[1].short_name, "亩均产");
  EXPECT_EQ(kind_of([] { shapefile_field_names({"a"}, "latin-9"); }), ErrorKind::Encoding);
  EXPECT_EQ(kind_of([] { shapefile_field_names({"名😀"}, "GBK"); }), ErrorKind::Encoding);
}

// ------------------------------------------------------------------ shapefile

TEST(ExportShapefile, Utf8WritesAllSidecarsAndReadsBack) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(23);
  const auto rep = export_table(s.table, &s.geometry, 4545, "screened",
                                opts(ExportFormat::Shapefile, dir + "/screened.shp"));
  EXPECT_EQ(files_in(dir),
            (std::vector<std::string>{"screened.cpg", "screened.dbf", "screened.export.json",
                                      "screened.fieldmap.csv", "screened.prj", "screened.shp",
                                      "screened.shx"}));
  EXPECT_EQ(test::read_file(dir + "/screened.cpg"), "UTF-8");
  EXPECT_EQ(rep.features, 23u);
  EXPECT_EQ(rep.encoding, "UTF-8");
  EXPECT_EQ(test::read_file(dir + "/screened.fieldmap.csv"),
            "field,short_name,type\n"
            "parcel_id,parcel_id,text\n"
            "enterprise,enterprise,text\n"
            "land_use,land_use,text\n"
            "area_m2,area_m2,real\n"
            "employees,employees,integer\n"
            "tax_10k_yuan,tax_10k_yu,real\n"
            "score,score,real\n"
            "grade,grade,text\n"
            "flags,flags,text\n");
  const auto report = nlohmann::json::parse(test::read_file(dir + "/screened.export.json"));
  EXPECT_EQ(report["field_map"][5]["short_name"], "tax_10k_yu");
  EXPECT_EQ(report["features"], 23);
  ReadBack rb(dir + "/screened.shp");
  ASSERT_NE(rb.layer, nullptr);
  EXPECT_EQ(rb.layer->GetFeatureCount(), 23);
  EXPECT_EQ(rb.column("enterprise"), text_column(s.table, "enterprise"));
  EXPECT_EQ(rb.column("employees"), text_column(s.table, "employees"));
  EXPECT_EQ(rb.column("grade"), text_column(s.table, "grade"));
  const auto tax = rb.column("tax_10k_yu");
  for (std::size_t i = 0; i < tax.size(); ++i)
    EXPECT_NEAR(std::stod(tax[i]), s.table.real_at(i, s.table.index("tax_10k_yuan")), 1e-9);
  const OGRSpatialReference* srs = rb.layer->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4545");
}

TEST(ExportShapefile, GbkWritesCp936BytesInTheDbf) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(8);
  auto o = opts(ExportFormat::Shapefile, dir + "/gbk.shp");
  o.encoding = "GBK";
  const auto rep = export_table(s.table, &s.geometry, 4545, "screened", o);
  EXPECT_EQ(rep.encoding, "CP936");
  EXPECT_EQ(test::read_file(dir + "/gbk.cpg"), "936");
  const std::string dbf = test::read_file(dir + "/gbk.dbf");
  ASSERT_GT(dbf.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(dbf[29]), 0x4D) << "DBF language driver id for CP936";
  const std::string name = "重庆果园港物流有限公司";
  TextEncoder enc("GBK");
  const auto expected = enc.encode(name);
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(expected->substr(0, 4), std::string("\xD6\xD8\xC7\xEC"));  // 重庆 in GB 2312
  EXPECT_EQ(expected->size(), 22u);
  EXPECT_NE(dbf.find(*expected), std::string::npos) << "CP936 bytes of the name in the DBF";
  EXPECT_EQ(dbf.find(name), std::string::npos) << "no UTF-8 copy in a GBK DBF";
  // GDAL decodes it back through the .cpg.
  ReadBack rb(dir + "/gbk.shp");
  ASSERT_NE(rb.layer, nullptr);
  EXPECT_EQ(rb.column("enterprise"), text_column(s.table, "enterprise"));
}

TEST(ExportShapefile, GbkRefusesTextItCannotHoldAndWritesNothing) {
  const std::string dir = test::temp_dir();
  auto s = make_screened(6);
  const auto ent = s.table.index("enterprise");
  s.table.set(2, ent, std::string("表情😀物流"));
  s.table.set(4, ent, std::string("한국 물류"));  // Hangul is not in GBK
  std::ofstream(dir + "/gbk.shp") << "old";
  auto o = opts(ExportFormat::Shapefile, dir + "/gbk.shp");
  o.encoding = "GBK";
  std::string msg;
  EXPECT_EQ(kind_of([&] { export_table(s.table, &s.geometry, 4545, "screened", o); }, &msg),
            ErrorKind::Encoding);
  EXPECT_NE(msg.find("2 feature(s)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("feature P-3, field enterprise"), std::string::npos) << msg;
  EXPECT_NE(msg.find("feature P-5, field enterprise"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("P-4"), std::string::npos) << msg;
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"gbk.shp"});
  EXPECT_EQ(test::read_file(dir + "/gbk.shp"), "old");
  // The same text is fine in UTF-8.
  o.encoding = "UTF-8";
  EXPECT_EQ(export_table(s.table, &s.geometry, 4545, "screened", o).features, 6u);
}

TEST(ExportShapefile, EstimatesSizeExactlyThenRefusesOrSplits) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(100);
  // Unlimited first: the estimate must equal what lands on disk.
  const auto whole = export_table(s.table, &s.geometry, 4545, "screened",
                                  opts(ExportFormat::Shapefile, dir + "/whole/p.shp"));
  const auto on_disk = fs::file_size(dir + "/whole/p.shp") + fs::file_size(dir + "/whole/p.shx") +
                       fs::file_size(dir + "/whole/p.dbf");
  EXPECT_EQ(whole.estimated_bytes, on_disk);

  auto o = opts(ExportFormat::Shapefile, dir + "/big/p.shp");
  o.shapefile_limit_bytes = 6000;
  std::string msg;
  EXPECT_EQ(kind_of([&] { export_table(s.table, &s.geometry, 4545, "screened", o); }, &msg),
            ErrorKind::BadInput);
  EXPECT_NE(msg.find("GeoPackage"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--split"), std::string::npos) << msg;
  EXPECT_TRUE(!fs::exists(dir + "/big") || files_in(dir + "/big").empty());

  o.split = SplitMode::Split;
  const auto rep = export_table(s.table, &s.geometry, 4545, "screened", o);
  ASSERT_GT(rep.parts, 1u);
  std::size_t total = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> ids;
  for (std::size_t part = 1; part <= rep.parts; ++part) {
    const std::string stem = dir + "/big/p_" + std::to_string(part);
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
      EXPECT_TRUE(fs::exists(stem + ext)) << stem << ext;
    EXPECT_LE(fs::file_size(stem + ".shp"), o.shapefile_limit_bytes);
    EXPECT_LE(fs::file_size(stem + ".dbf"), o.shapefile_limit_bytes);
    bytes +=
        fs::file_size(stem + ".shp") + fs::file_size(stem + ".shx") + fs::file_size(stem + ".dbf");
    ReadBack rb(stem + ".shp");
    ASSERT_NE(rb.layer, nullptr);
    total += static_cast<std::size_t>(rb.layer->GetFeatureCount());
    for (auto& id : rb.column("parcel_id")) ids.push_back(id);
  }
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(ids, text_column(s.table, "parcel_id")) << "parts keep the order";
  EXPECT_EQ(rep.estimated_bytes, bytes);
  EXPECT_TRUE(fs::exists(dir + "/big/p.fieldmap.csv"));
}

TEST(ExportShapefile, RefusesMixedGeometryAndLongText) {
  const std::string dir = test::temp_dir();
  auto s = make_screened(3);
  s.geometry[1] = geo::to_wkb(geo::from_wkt("POINT(500000 3270000)").get());
  EXPECT_EQ(kind_of([&] {
              export_table(s.table, &s.geometry, 4545, "x",
                           opts(ExportFormat::Shapefile, dir + "/m.shp"));
            }),
            ErrorKind::Geometry);
  auto t = make_screened(3);
  t.table.set(1, t.table.index("flags"), std::string(300, 'x'));
  std::string msg;
  EXPECT_EQ(kind_of(
                [&] {
                  export_table(t.table, &t.geometry, 4545, "x",
                               opts(ExportFormat::Shapefile, dir + "/l.shp"));
                },
                &msg),
            ErrorKind::Encoding);
  EXPECT_NE(msg.find("254"), std::string::npos) << msg;
  EXPECT_TRUE(files_in(dir).empty());
}

TEST(ExportShapefile, SameInputGivesIdenticalBytes) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(40);
  for (const char* sub : {"a", "b"}) {
    auto o = opts(ExportFormat::Shapefile, dir + "/" + sub + "/s.shp");
    o.encoding = "GBK";
    export_table(s.table, &s.geometry, 4545, "screened", o);
    export_table(s.table, &s.geometry, 4545, "screened",
                 opts(ExportFormat::GeoPackage, dir + "/" + sub + "/s.gpkg"));
  }
  for (const char* f : {"s.shp", "s.shx", "s.dbf", "s.prj", "s.cpg", "s.fieldmap.csv", "s.gpkg"})
    EXPECT_EQ(test::read_file(dir + "/a/" + f), test::read_file(dir + "/b/" + f)) << f;
  // Identical because the dates are fixed, not because both ran on the same day: the DBF's
  // last-update date (bytes 1-3: years since 1900, month, day) is 2000-01-01 ...
  const std::string dbf = test::read_file(dir + "/a/s.dbf");
  ASSERT_GT(dbf.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(dbf[1]), 100) << "year 2000";
  EXPECT_EQ(static_cast<unsigned char>(dbf[2]), 1) << "January";
  EXPECT_EQ(static_cast<unsigned char>(dbf[3]), 1) << "the 1st";
  // ... and the GeoPackage's change date is kFixedGpkgDate (as text: GDAL would reformat a
  // date column).
  ReadBack gpkg(dir + "/a/s.gpkg");
  ASSERT_NE(gpkg.ds, nullptr);
  OGRLayer* rs = gpkg.ds->ExecuteSQL(
      "SELECT CAST(last_change AS TEXT) FROM gpkg_contents WHERE table_name = 'screened'", nullptr,
      nullptr);
  ASSERT_NE(rs, nullptr);
  OGRFeatureUniquePtr row{rs->GetNextFeature()};
  const std::string last_change = row ? row->GetFieldAsString(0) : "<no row>";
  row.reset();
  gpkg.ds->ReleaseResultSet(rs);
  EXPECT_EQ(last_change, kFixedGpkgDate);
}

TEST(ExportAtomic, AFailureMidwayLeavesNoPartialFileAndKeepsTheOldTarget) {
  const std::string dir = test::temp_dir();
  // Points first, so the layer is a point layer; the polygon after them fails the write with
  // features already in the (staged) GeoPackage.
  auto s = make_screened(6);
  for (std::size_t r = 0; r < 4; ++r)
    s.geometry[r] = geo::to_wkb(geo::from_wkt("POINT(500000 3270000)").get());
  std::ofstream(dir + "/s.gpkg") << "old";
  std::string msg;
  EXPECT_EQ(kind_of(
                [&] {
                  export_table(s.table, &s.geometry, 4545, "screened",
                               opts(ExportFormat::GeoPackage, dir + "/s.gpkg"));
                },
                &msg),
            ErrorKind::Geometry);
  EXPECT_NE(msg.find("mixed geometry types"), std::string::npos) << msg;
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"s.gpkg"}) << "no staging folder, no sidecar";
  EXPECT_EQ(test::read_file(dir + "/s.gpkg"), "old");

  // A target that cannot be replaced (a folder in its place) fails when the files are moved
  // into place: the files moved before it are taken back and the old ones restored.
  const auto ok = make_screened(3);
  fs::create_directories(dir + "/t.shp/inside");
  std::ofstream(dir + "/t.dbf") << "old dbf";
  EXPECT_EQ(kind_of([&] {
              export_table(ok.table, &ok.geometry, 4545, "screened",
                           opts(ExportFormat::Shapefile, dir + "/t.shp"));
            }),
            ErrorKind::Io);
  EXPECT_EQ(files_in(dir), (std::vector<std::string>{"s.gpkg", "t.dbf", "t.shp"}));
  EXPECT_EQ(test::read_file(dir + "/t.dbf"), "old dbf");
  EXPECT_TRUE(fs::is_directory(dir + "/t.shp/inside"));
}

// ------------------------------------------------------------------ other formats

TEST(ExportGeoPackage, WritesMultiPolygonsAndAQgisStyle) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(12);
  const auto rep = export_table(s.table, &s.geometry, 4545, "screened",
                                opts(ExportFormat::GeoPackage, dir + "/s.gpkg"));
  EXPECT_EQ(rep.style, "grades");
  ReadBack rb(dir + "/s.gpkg", "screened");
  ASSERT_NE(rb.layer, nullptr);
  EXPECT_EQ(wkbFlatten(rb.layer->GetGeomType()), wkbMultiPolygon);
  EXPECT_EQ(rb.layer->GetFeatureCount(), 12);
  EXPECT_EQ(rb.column("enterprise"), text_column(s.table, "enterprise"));
  EXPECT_EQ(rb.fields(),
            (std::vector<std::string>{"parcel_id", "enterprise", "land_use", "area_m2", "employees",
                                      "tax_10k_yuan", "score", "grade", "flags"}));
  ReadBack styles(dir + "/s.gpkg", "layer_styles");
  ASSERT_NE(styles.layer, nullptr);
  EXPECT_EQ(styles.column("f_table_name"), std::vector<std::string>{"screened"});
  EXPECT_EQ(styles.column("f_geometry_column"), std::vector<std::string>{"geom"});
  EXPECT_EQ(styles.column("useAsDefault"), std::vector<std::string>{"1"});
  const std::string qml = styles.column("styleQML").at(0);
  EXPECT_NE(qml.find("type=\"categorizedSymbol\" attr=\"grade\""), std::string::npos);
  for (const char* g : {"value=\"A\"", "value=\"B\"", "value=\"C\"", "value=\"D\""})
    EXPECT_NE(qml.find(g), std::string::npos) << g;

  // A constraints layer gets the hatching instead.
  Layer c = test::make_parcels(3);
  const auto crep = export_table(c.attributes, &c.geometry, 4545, "constraints",
                                 opts(ExportFormat::GeoPackage, dir + "/c.gpkg"));
  EXPECT_EQ(crep.style, "constraints");
  ReadBack cs(dir + "/c.gpkg", "layer_styles");
  ASSERT_NE(cs.layer, nullptr);
  EXPECT_NE(cs.column("styleQML").at(0).find("b_diagonal"), std::string::npos);
}

TEST(ExportGeoJson, IsRfc7946InWgs84WithTheAskedPrecision) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(5);
  auto o = opts(ExportFormat::GeoJson, dir + "/s.geojson");
  o.precision_digits = 4;
  export_table(s.table, &s.geometry, 4545, "screened", o);
  const auto j = nlohmann::json::parse(test::read_file(dir + "/s.geojson"));
  EXPECT_FALSE(j.contains("crs")) << "RFC 7946 has no crs member";
  ASSERT_EQ(j["features"].size(), 5u);
  // GDAL's RFC 7946 writer may write a one-part MultiPolygon as a Polygon.
  const std::string type = j["features"][0]["geometry"]["type"];
  EXPECT_TRUE(type == "MultiPolygon" || type == "Polygon") << type;
  EXPECT_EQ(j["features"][1]["properties"]["enterprise"], s.table.text_at(1, 1));
  std::vector<nlohmann::json> points;
  std::function<void(const nlohmann::json&)> collect = [&](const nlohmann::json& a) {
    if (a.is_array() && !a.empty() && a[0].is_number())
      points.push_back(a);
    else if (a.is_array())
      for (const auto& e : a) collect(e);
  };
  for (const auto& f : j["features"]) collect(f["geometry"]["coordinates"]);
  ASSERT_EQ(points.size(), 25u);
  for (const auto& pt : points) {
    const double lon = pt[0], lat = pt[1];
    EXPECT_GT(lon, 107.9);
    EXPECT_LT(lon, 108.2);
    EXPECT_GT(lat, 29.4);
    EXPECT_LT(lat, 29.7);
  }
  // No coordinate has more than 4 decimals in the text.
  const std::string text = test::read_file(dir + "/s.geojson");
  EXPECT_FALSE(std::regex_search(text, std::regex(R"(\[ ?10[78]\.\d{5,})")));
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(\[ ?10[78]\.\d{1,4}[,\]])")));
}

TEST(ExportCsvXlsx, CsvWithAndWithoutBomAndXlsxReadBack) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(4);
  auto o = opts(ExportFormat::Csv, dir + "/bom.csv");
  o.bom = Bom::Yes;
  export_table(s.table, &s.geometry, 4545, "screened", o);
  export_table(s.table, &s.geometry, 4545, "screened", opts(ExportFormat::Csv, dir + "/plain.csv"));
  const std::string bom = test::read_file(dir + "/bom.csv");
  const std::string plain = test::read_file(dir + "/plain.csv");
  EXPECT_EQ(bom.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(bom.substr(3), plain);
  EXPECT_EQ(plain.substr(0, plain.find('\n')),
            "parcel_id,enterprise,land_use,area_m2,employees,tax_10k_yuan,score,grade,flags");
  EXPECT_NE(plain.find("重庆果园港物流有限公司"), std::string::npos);
  ReadBack csv(dir + "/plain.csv");
  ASSERT_NE(csv.layer, nullptr);
  EXPECT_EQ(csv.column("enterprise"), text_column(s.table, "enterprise"));

  export_table(s.table, &s.geometry, 4545, "screened", opts(ExportFormat::Xlsx, dir + "/s.xlsx"));
  ReadBack x(dir + "/s.xlsx");
  ASSERT_NE(x.layer, nullptr);
  EXPECT_EQ(x.layer->GetFeatureCount(), 4);
  EXPECT_EQ(x.column("enterprise"), text_column(s.table, "enterprise"));
  EXPECT_EQ(x.column("grade"), text_column(s.table, "grade"));
}

TEST(ExportOptionsCheck, RejectsOptionsThatDoNotApply) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(2);
  auto with = [&](ExportFormat f, auto&& tweak) {
    auto o = opts(f, dir + "/x." + to_string(f));
    tweak(o);
    return kind_of([&] { export_table(s.table, &s.geometry, 4545, "x", o); });
  };
  EXPECT_EQ(with(ExportFormat::GeoPackage, [](ExportOptions& o) { o.encoding = "GBK"; }),
            ErrorKind::BadInput);
  EXPECT_EQ(with(ExportFormat::GeoPackage, [](ExportOptions& o) { o.bom = Bom::Yes; }),
            ErrorKind::BadInput);
  EXPECT_EQ(with(ExportFormat::Csv, [](ExportOptions& o) { o.split = SplitMode::Split; }),
            ErrorKind::BadInput);
  EXPECT_EQ(with(ExportFormat::GeoJson, [](ExportOptions& o) { o.precision_digits = 20; }),
            ErrorKind::BadInput);
  EXPECT_EQ(with(ExportFormat::Shapefile, [](ExportOptions& o) { o.encoding = "EBCDIC"; }),
            ErrorKind::Encoding);
  EXPECT_EQ(with(ExportFormat::Shapefile, [](ExportOptions& o) { o.where = "grade = = 'A'"; }),
            ErrorKind::BadInput);
  EXPECT_EQ(kind_of([] { export_format_from("kml"); }), ErrorKind::BadInput);
  EXPECT_TRUE(files_in(dir).empty()) << "failed exports leave nothing behind";
}

TEST(ExportWhere, FiltersAnyFormat) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(20);
  auto o = opts(ExportFormat::Shapefile, dir + "/d.shp");
  o.where = "grade = 'D' AND employees IS NOT NULL";
  const auto rep = export_table(s.table, &s.geometry, 4545, "screened", o);
  std::vector<std::string> expected;
  for (std::size_t r = 0; r < 20; ++r)
    if (s.table.text_at(r, s.table.index("grade")) == "D" &&
        !s.table.null_at(r, s.table.index("employees")))
      expected.emplace_back(s.table.text_at(r, 0));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(rep.features, expected.size());
  EXPECT_EQ(ReadBack(dir + "/d.shp").column("parcel_id"), expected);
}

// ------------------------------------------------------------------ sources

TEST(ExportSources, PlainFileSourceAndErrors) {
  const std::string dir = test::temp_dir();
  const auto s = make_screened(9);
  export_table(s.table, &s.geometry, 4545, "screened",
               opts(ExportFormat::GeoPackage, dir + "/in.gpkg"));
  auto o = opts(ExportFormat::Shapefile, dir + "/out/a.shp");
  o.where = "grade IN ('A','B')";
  const auto rep = export_features(file_export_source(dir + "/in.gpkg|screened"), o);
  EXPECT_EQ(rep.features, 5u);  // grades cycle A,B,C,D: rows 0,1,4,5,8
  EXPECT_EQ(ReadBack(dir + "/out/a.shp").column("parcel_id"),
            (std::vector<std::string>{"P-1", "P-2", "P-5", "P-6", "P-9"}));
  // Two layers (screened, layer_styles): the layer must be named.
  EXPECT_EQ(kind_of([&] { export_features(file_export_source(dir + "/in.gpkg"), o); }),
            ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { export_features(file_export_source(dir + "/in.gpkg|nope"), o); }),
            ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { export_features(file_export_source(dir + "/missing.gpkg"), o); }),
            ErrorKind::Io);
}

class ExportFromWorkspace : public ::testing::TestWithParam<bool> {};

TEST_P(ExportFromWorkspace, ScreenedFactsLayersAndTables) {
  const bool postgis = GetParam();
  if (postgis) HUBLAND_REQUIRE_POSTGIS();
  const std::string dir = test::temp_dir();
  const std::string where = postgis ? test::pg_fresh_database("export") : dir + "/w.hubland.sqlite";
  Workspace ws = Workspace::open(where);
  const auto parcels = test::make_parcels(16);
  auto r1 = ws.begin_run(RunInfo{.command = "import"});
  ws.put_layer(r1, "parcels", parcels);
  ws.finish_run(r1);
  auto r2 = ws.begin_run(RunInfo{.command = "run"});
  ws.put_table(r2, "grades", test::make_grades(16));
  Table facts;
  facts.add_column("parcel_id", FieldType::Text);
  facts.add_column("value_added_per_mu", FieldType::Real, "10k_yuan/mu");
  facts.add_column("travel_land_port_min", FieldType::Real, "min");
  for (std::size_t i = 0; i < 16; ++i) {
    facts.add_row();
    facts.set(i, 0, "P-" + std::to_string(16 - i));  // another order than the parcels
    facts.set(i, 1, 1.5 * static_cast<double>(i));
    facts.set(i, 2, 10.0 + static_cast<double>(i));
  }
  ws.put_table(r2, "facts", facts);
  ws.finish_run(r2);

  auto o = opts(ExportFormat::GeoPackage, dir + "/screened.gpkg");
  o.where = "grade = 'A'";
  const auto rep = export_features(workspace_export_source(ws, "screened"), o);
  EXPECT_EQ(rep.features, 4u);
  EXPECT_EQ(rep.style, "grades");
  ReadBack s(dir + "/screened.gpkg", "screened");
  ASSERT_NE(s.layer, nullptr);
  EXPECT_EQ(s.column("parcel_id"), (std::vector<std::string>{"P-1", "P-5", "P-9", "P-13"}));
  EXPECT_EQ(s.column("enterprise")[0], parcels.attributes.text_at(0, 1));
  EXPECT_EQ(wkbFlatten(s.layer->GetGeomType()), wkbMultiPolygon);
  OGRFeatureUniquePtr f{s.layer->GetFeature(1)};
  ASSERT_TRUE(f && f->GetGeometryRef());
  EXPECT_NEAR(f->GetGeometryRef()->toMultiPolygon()->get_Area(), 2500.0, 1e-6);

  const auto frep = export_features(workspace_export_source(ws, "facts"),
                                    opts(ExportFormat::Shapefile, dir + "/facts.shp"));
  EXPECT_EQ(frep.features, 16u);
  EXPECT_EQ(test::read_file(dir + "/facts.fieldmap.csv"),
            "field,short_name,type\nparcel_id,parcel_id,text\nvalue_added_per_mu,value_adde,real\n"
            "travel_land_port_min,travel_lan,real\n");
  ReadBack fb(dir + "/facts.shp");
  ASSERT_NE(fb.layer, nullptr);
  ASSERT_NE(fb.layer->GetSpatialRef(), nullptr) << "a .prj from the workspace's CRS";
  EXPECT_STREQ(fb.layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4545");
  EXPECT_EQ(fb.column("parcel_id").front(), "P-16");
  EXPECT_EQ(fb.column("travel_lan").front(), "10.000000000000000");

  export_features(workspace_export_source(ws, "layer:parcels"),
                  opts(ExportFormat::Csv, dir + "/p.csv"));
  EXPECT_EQ(ReadBack(dir + "/p.csv").column("parcel_id"),
            text_column(parcels.attributes, "parcel_id"));
  export_features(workspace_export_source(ws, "grades", r2),
                  opts(ExportFormat::Xlsx, dir + "/g.xlsx"));
  EXPECT_EQ(ReadBack(dir + "/g.xlsx").layer->GetFeatureCount(), 16);

  EXPECT_EQ(kind_of([&] { workspace_export_source(ws, "ranking"); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { workspace_export_source(ws, "everything"); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { workspace_export_source(ws, "layer:roads"); }), ErrorKind::BadInput);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportFromWorkspace, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "PostGIS" : "SpatiaLite"; });

}  // namespace

namespace {

// Layers from the reader carry the source FID as an integer column "fid", which is also the
// GeoPackage FID column name: it must survive as the feature id, not break the export.
TEST(ExportGeoPackage, KeepsAFidColumn) {
  const std::string dir = test::temp_dir();
  auto s = make_screened(5);
  const auto fid = s.table.add_column("fid", FieldType::Integer);
  for (std::size_t r = 0; r < 5; ++r) s.table.set(r, fid, static_cast<std::int64_t>(10 + r));
  export_table(s.table, &s.geometry, 4545, "screened",
               opts(ExportFormat::GeoPackage, dir + "/f.gpkg"));
  ReadBack rb(dir + "/f.gpkg", "screened");
  ASSERT_NE(rb.layer, nullptr);
  std::vector<GIntBig> fids;
  rb.layer->ResetReading();
  while (OGRFeatureUniquePtr f{rb.layer->GetNextFeature()}) fids.push_back(f->GetFID());
  EXPECT_EQ(fids, (std::vector<GIntBig>{10, 11, 12, 13, 14}));
  EXPECT_EQ(rb.column("parcel_id"), text_column(s.table, "parcel_id"));
}

}  // namespace

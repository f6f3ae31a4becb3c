// A GeoPackage's rows read with SQLite (layers/src/gpkg_rows.hpp) must give the layer and the
// report that GDAL's features give: the same values (GDAL's conversions included: a 64-bit
// value in a 32-bit field, text in an integer field), the same geometry bytes, the same
// problems; what is not plain WKB goes through GDAL feature by feature.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/reader.hpp"
#include "test_support.hpp"

using namespace hubland::layers;

namespace {

constexpr double kX = 500000, kY = 3300000;  // EPSG:4545, in Chongqing

std::string square(double x, double y, double side) {
  auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
  return "(" + p(x, y) + "," + p(x + side, y) + "," + p(x + side, y + side) + "," + p(x, y + side) +
         "," + p(x, y) + ")";
}

struct Parcel {
  const char* id;
  const char* land_use;  // nullptr: not given
  double floor_area_m2;
  int employees;
};

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err << "\n" << sql;
}

// A GeoPackage of parcels of every kind the two ways of reading must agree on.
std::string parcels_gpkg(const std::string& dir) {
  GDALAllRegister();
  const std::string path = dir + "/parcels.gpkg";
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(4545);
  // Without the R-tree: its triggers call SpatiaLite-like functions the plain SQLite edits
  // below do not have.
  const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* l = ds->CreateLayer("parcels", &srs, wkbUnknown, const_cast<char**>(no_index));
  OGRFieldDefn id("parcel_id", OFTString), use("land_use", OFTString),
      floor("floor_area_m2", OFTReal), emp("employees", OFTInteger);
  for (OGRFieldDefn* d : {&id, &use, &floor, &emp}) l->CreateField(d);
  const std::string sq1 = square(kX, kY, 100), sq2 = square(kX + 200, kY, 50);
  const std::string curve = "CURVEPOLYGON(CIRCULARSTRING(" + std::to_string(kX) + " " +
                            std::to_string(kY + 500) + "," + std::to_string(kX + 50) + " " +
                            std::to_string(kY + 550) + "," + std::to_string(kX) + " " +
                            std::to_string(kY + 500) + "))";
  const std::string z = "POLYGON Z((" + std::to_string(kX) + " " + std::to_string(kY + 900) +
                        " 7," + std::to_string(kX + 10) + " " + std::to_string(kY + 900) + " 7," +
                        std::to_string(kX) + " " + std::to_string(kY + 910) + " 7," +
                        std::to_string(kX) + " " + std::to_string(kY + 900) + " 7))";
  // The parcels in fid order; their geometry by index in `wkts`.
  const std::vector<Parcel> parcels = {
      {"P1", "100101", 100.5, 12}, {"P2", "0601", 0, 3},   // a polygon, a multipolygon
      {"P3", "0601", 20, 1},       {"P4", "0601", 20, 1},  // 3D, curved
      {"P5", "0601", 20, 1},       {"P6", "0601", 20, 1},  // no geometry, empty
      {"P7", "0601", -5, 1},       {"P8", nullptr, 5, 1},  // negative area, no land use
      {"P9", "0601", 5, 1},        {"P10", "0601", 5, 1},  // ; text in employees (below)
      {"P11", "0601", 5, 1},       {"P12", "0601", 5, 1},  // 5e9 employees; big-endian
      {"P1", "0601", 5, 1},                                // a duplicate id
  };
  std::vector<std::string> wkts = {"POLYGON(" + sq1 + ")",
                                   "MULTIPOLYGON((" + sq2 + "),(" + square(kX + 300, kY, 20) + "))",
                                   z,
                                   curve,
                                   "",
                                   "POLYGON EMPTY"};
  for (std::size_t i = 6; i < parcels.size(); ++i)
    wkts.push_back("POLYGON(" + square(kX + 100.0 * static_cast<double>(i), kY + 400, 10) + ")");
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    OGRFeature f(l->GetLayerDefn());
    f.SetField(0, parcels[i].id);
    if (parcels[i].land_use) f.SetField(1, parcels[i].land_use);
    f.SetField(2, parcels[i].floor_area_m2);
    f.SetField(3, parcels[i].employees);
    if (!wkts[i].empty()) {
      OGRGeometry* g = nullptr;
      EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkts[i].c_str(), &srs, &g), OGRERR_NONE);
      f.SetGeometryDirectly(g);
    }
    EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  ds.reset();
  // What GDAL would not write itself: text in the integer field, a value past 32 bits in it,
  // and a big-endian geometry.
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  exec(db, "UPDATE parcels SET employees = 'abc' WHERE parcel_id = 'P10'");
  exec(db, "UPDATE parcels SET employees = 5000000000 WHERE parcel_id = 'P11'");
  // "GP", version 0, flags 0 (no envelope, big-endian header), srs 4545, then XDR WKB.
  std::string blob =
      "X'47500000000011C1"
      "00"
      "00000003"
      "00000001"
      "00000004";
  auto be = [](double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, 8);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llX", static_cast<unsigned long long>(u));
    return std::string(hex);
  };
  for (auto [x, y] : {std::pair{kX + 1200, kY + 400},
                      {kX + 1210, kY + 400},
                      {kX + 1200, kY + 410},
                      {kX + 1200, kY + 400}})
    blob += be(x) + be(y);
  blob += "'";
  exec(db, "UPDATE parcels SET geom = " + blob + " WHERE parcel_id = 'P12'");
  sqlite3_close(db);
  return path;
}

struct Read {
  Layer layer;
  ImportReport report;
  std::string error;  // what read_layer threw, "" when nothing
};

Read read(const std::string& path, bool with_sqlite) {
  ReadOptions o;
  o.working_epsg = 4545;
  o.gpkg_with_sqlite = with_sqlite;
  Read r;
  try {
    r.layer = read_layer(path, Role::Parcels, o, r.report);
  } catch (const hubland::Error& e) {
    r.error = e.what();
  }
  return r;
}

}  // namespace

TEST(GpkgRows, ReadWithSqliteTheLayerAndReportAreGdals) {
  const std::string path = parcels_gpkg(hubland::test::temp_dir());
  const Read sql = read(path, true), gdal = read(path, false);
  EXPECT_EQ(sql.report.read_with, "SQLite");
  EXPECT_EQ(gdal.report.read_with, "GDAL");
  // P3 (3D), P4 (curved), P5 (no geometry), P6 (empty), P12 (big-endian).
  EXPECT_EQ(sql.report.read_through_gdal, 5u);
  EXPECT_EQ(sql.error, gdal.error);
  EXPECT_EQ(sql.error, "");  // bad values reject features; nothing stops the import

  // Hand-worked: P5, P6 skipped; P7 (negative floor area), P8 (no land use) and the second P1
  // rejected; the rest imported.
  EXPECT_EQ(sql.report.counts.read, 13u);
  EXPECT_EQ(sql.report.counts.skipped, 2u);
  EXPECT_EQ(sql.report.counts.rejected, 3u);
  EXPECT_EQ(sql.report.counts.imported, 8u);
  const Table& t = sql.layer.attributes;
  const std::size_t id = t.index("parcel_id"), emp = t.index("employees");
  std::vector<std::string> ids;
  for (std::size_t r = 0; r < t.row_count(); ++r) ids.emplace_back(t.text_at(r, id));
  EXPECT_EQ(ids, (std::vector<std::string>{"P1", "P2", "P3", "P4", "P9", "P10", "P11", "P12"}));
  // GDAL's conversions, kept: sqlite3_column_int of 'abc' is 0, of 5e9 its low 32 bits.
  EXPECT_EQ(t.integer_at(5, emp), 0);
  EXPECT_EQ(t.integer_at(6, emp), 5000000000LL - 4294967296LL);
  // Areas to the square metre's millionth: 100², 50² + 20², the 3D and the big-endian
  // triangles ½·10·10. (The curved one is GDAL's linearisation, the same either way below.)
  const std::size_t area = t.index("area_m2");
  EXPECT_NEAR(t.real_at(0, area), 10000, 1e-6);
  EXPECT_NEAR(t.real_at(1, area), 2900, 1e-6);
  EXPECT_NEAR(t.real_at(2, area), 50, 1e-6);
  EXPECT_NEAR(t.real_at(7, area), 50, 1e-6);

  // Everything the same as GDAL's: every cell, every geometry byte, every problem.
  const Table& g = gdal.layer.attributes;
  ASSERT_EQ(t.row_count(), g.row_count());
  ASSERT_EQ(t.column_count(), g.column_count());
  for (std::size_t c = 0; c < t.column_count(); ++c)
    for (std::size_t r = 0; r < t.row_count(); ++r)
      EXPECT_EQ(t.get(r, c), g.get(r, c)) << t.column(c).name << " row " << r;
  EXPECT_EQ(sql.layer.geometry, gdal.layer.geometry);
  ASSERT_EQ(sql.report.problems.size(), gdal.report.problems.size());
  for (std::size_t i = 0; i < sql.report.problems.size(); ++i) {
    const Problem &a = sql.report.problems[i], &b = gdal.report.problems[i];
    EXPECT_EQ(a.code + a.feature + a.field + a.message, b.code + b.feature + b.field + b.message);
  }
}

TEST(GpkgRows, AViewOrADateFieldIsReadThroughGdal) {
  const std::string dir = hubland::test::temp_dir();
  const std::string path = parcels_gpkg(dir);
  // A date field among the ones read: GDAL parses dates; the whole layer goes through GDAL.
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    OGRFieldDefn d("contract_date", OFTDate);
    ASSERT_EQ(ds->GetLayer(0)->CreateField(&d), OGRERR_NONE);
  }
  const Read dated = read(path, true);
  EXPECT_EQ(dated.report.read_with, "GDAL");
  EXPECT_EQ(dated.report.counts.imported, 8u);
}

// Bad input read with SQLite: a corrupt page of the table and a geometry blob that is no
// geometry. Both stop the import with an Io error naming the file, the layer and the feature
// count, as reading through GDAL does; nothing is kept of a layer that cannot be read whole.
TEST(GpkgRows, ACorruptTableOrGeometryStopsTheImportNamingTheFile) {
  const std::string dir = hubland::test::temp_dir();
  const std::string path = parcels_gpkg(dir);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    exec(db, "UPDATE parcels SET geom = X'0011223344' WHERE parcel_id = 'P9'");
    sqlite3_close(db);
  }
  for (const bool with_sqlite : {true, false}) {
    const Read r = read(path, with_sqlite);
    SCOPED_TRACE(with_sqlite ? "SQLite" : "GDAL");
    EXPECT_NE(r.error.find("cannot read feature 9: Unable to read geometry (truncated or corrupt"),
              std::string::npos)
        << r.error;
    EXPECT_NE(r.error.find(path), std::string::npos) << r.error;
  }
}

// A page of the table's rows overwritten: SQLite finds it malformed where GDAL does, and the
// import stops at the same feature with SQLite's reason.
TEST(GpkgRows, ACorruptPageStopsTheImportAtTheSameFeatureAsGdal) {
  const std::string dir = hubland::test::temp_dir();
  const std::string path = dir + "/many.gpkg";
  {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4545);
    OGRLayer* l = ds->CreateLayer("parcels", &srs, wkbPolygon, nullptr);
    OGRFieldDefn id("parcel_id", OFTString), use("land_use", OFTString);
    l->CreateField(&id);
    l->CreateField(&use);
    ASSERT_EQ(l->StartTransaction(), OGRERR_NONE);
    for (int i = 0; i < 3000; ++i) {
      OGRFeature f(l->GetLayerDefn());
      f.SetField(0, ("P" + std::to_string(i)).c_str());
      f.SetField(1, "0601");
      OGRGeometry* g = nullptr;
      const std::string wkt = "POLYGON(" + square(kX + 20.0 * i, kY, 10) + ")";
      OGRGeometryFactory::createFromWkt(wkt.c_str(), &srs, &g);
      f.SetGeometryDirectly(g);
      ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    ASSERT_EQ(l->CommitTransaction(), OGRERR_NONE);
  }
  // The second leaf page of the table (SQLite's dbstat table), overwritten with junk.
  long page = 0, page_size = 0;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto one = [&](const char* sql) {
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
      const long v = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      return v;
    };
    page_size = one("PRAGMA page_size");
    page =
        one("SELECT pageno FROM dbstat WHERE name = 'parcels' AND pagetype = 'leaf' "
            "ORDER BY pageno LIMIT 1 OFFSET 1");
    sqlite3_close(db);
  }
  ASSERT_GT(page, 1);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((page - 1) * page_size);
    const std::string junk(static_cast<std::size_t>(page_size), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const Read sql = read(path, true), gdal = read(path, false);
  EXPECT_EQ(sql.report.read_with, "SQLite");
  const auto stop = gdal.error.find(" (truncated or corrupt");
  ASSERT_NE(stop, std::string::npos) << gdal.error;
  const std::string at =
      gdal.error.substr(0, gdal.error.find(": ", gdal.error.find("cannot read feature")));
  EXPECT_EQ(sql.error, at + ": SQLite: database disk image is malformed (truncated or corrupt "
                            "file?)");
  EXPECT_NE(sql.error.find(path + ": layer parcels: cannot read feature "), std::string::npos);
  EXPECT_EQ(sql.report.counts.read, gdal.report.counts.read);
  EXPECT_GT(sql.report.counts.read, 0u);
  EXPECT_LT(sql.report.counts.read, 3000u);
}

// The reader gives memory up front to the columns its source fills, on every core; the role's
// columns the file lacks take none (a third of the parcels' columns at the million-parcel
// benchmark, 70 MB there), and read as null. No feature is rejected here, so the table read is
// the table kept (a rejection compacts it, which would hide the difference).
TEST(GpkgRows, ColumnsTheFileLacksTakeNoMemory) {
  GDALAllRegister();
  const std::string path = hubland::test::temp_dir() + "/clean.gpkg";
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4545);
    OGRLayer* l = ds->CreateLayer("parcels", &srs, wkbPolygon, nullptr);
    OGRFieldDefn id("parcel_id", OFTString), use("land_use", OFTString),
        emp("employees", OFTInteger);
    for (OGRFieldDefn* d : {&id, &use, &emp}) l->CreateField(d);
    for (int i = 0; i < 2; ++i) {
      OGRFeature f(l->GetLayerDefn());
      f.SetField(0, i == 0 ? "A" : "B");
      f.SetField(1, "100101");
      f.SetField(2, 10 + i);
      OGRGeometry* g = nullptr;
      const std::string wkt = "POLYGON(" + square(kX + 200 * i, kY, 100) + ")";
      ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), &srs, &g), OGRERR_NONE);
      f.SetGeometryDirectly(g);
      ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
  }
  for (const bool with_sqlite : {true, false}) {
    SCOPED_TRACE(with_sqlite ? "SQLite" : "GDAL");
    const Read r = read(path, with_sqlite);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.report.counts.imported, 2u);
    const Table& t = r.layer.attributes;
    EXPECT_TRUE(t.allocated(t.index("parcel_id")) && t.allocated(t.index("land_use")) &&
                t.allocated(t.index("employees")));
    EXPECT_EQ(t.integer_at(1, t.index("employees")), 11);
    for (const char* absent : {"idle_cause", "credit_code", "tax_10k_yuan", "enterprise"}) {
      EXPECT_FALSE(t.allocated(t.index(absent))) << absent;
      EXPECT_TRUE(t.null_at(1, t.index(absent))) << absent;
    }
  }
}

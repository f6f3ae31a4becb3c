// VectorSink's GeoPackage attribute tables (rows inserted through SQLite in bulk), read back
// with GDAL: every value and null exactly, the feature count GDAL reports without counting,
// and a file that GDAL can go on editing as one it wrote itself.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d =
      fs::temp_directory_path() / ("hubland-sink-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

/// Four rows: every type, nulls, text needing quotes, Chinese, extreme numbers.
Table sample_table() {
  Table t;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto n = t.add_column("floors", FieldType::Integer);
  const auto a = t.add_column("area_m2", FieldType::Real, "m2");
  const auto q = t.add_column("name \"quoted\"", FieldType::Text);
  for (int r = 0; r < 4; ++r) t.add_row();
  t.set(0, id, std::string("P1"));
  t.set(0, n, std::int64_t{3});
  t.set(0, a, 1234.5678901234567);
  t.set(0, q, std::string("重庆渝新, \"物流\"\n有限公司"));
  t.set(1, id, std::string("P2"));
  t.set(1, n, std::numeric_limits<std::int64_t>::min());
  t.set(1, a, -0.1);
  t.set(2, id, std::string(""));
  t.set(2, a, 1e-300);
  t.set(2, q, std::string("'; DROP TABLE x; --"));
  t.set(3, id, std::string("P4"));
  t.set(3, n, std::numeric_limits<std::int64_t>::max());
  return t;
}

}  // namespace

TEST(SinkGpkg, AttributeTableRoundTripsEveryValueAndNull) {
  const fs::path dir = fresh_dir("roundtrip");
  const std::string path = (dir / "facts.gpkg").string();
  const Table t = sample_table();
  {
    VectorSink sink(path, "GPKG");
    sink.add_layer("parcel_facts", t, nullptr);
    SinkLayerOptions renamed;
    renamed.field_names = {"宗地编号", "层数", "面积", "名称"};
    sink.add_layer("renamed", t, nullptr, renamed);
    sink.commit();
  }
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetLayerCount(), 2);
  for (const char* name : {"parcel_facts", "renamed"}) {
    OGRLayer* l = ds->GetLayerByName(name);
    ASSERT_NE(l, nullptr) << name;
    // From gpkg_ogr_contents (force = false): the bulk path must keep GDAL's count right.
    EXPECT_EQ(l->GetFeatureCount(FALSE), 4) << name;
    EXPECT_EQ(l->GetGeomType(), wkbNone);
    OGRFeatureDefn* d = l->GetLayerDefn();
    ASSERT_EQ(d->GetFieldCount(), 4);
    EXPECT_EQ(d->GetFieldDefn(1)->GetType(), OFTInteger64);
    EXPECT_EQ(d->GetFieldDefn(2)->GetType(), OFTReal);
    if (std::string(name) == "renamed") {
      EXPECT_STREQ(d->GetFieldDefn(0)->GetNameRef(), "宗地编号");
    }
    l->ResetReading();
    std::vector<OGRFeatureUniquePtr> f;
    while (OGRFeature* raw = l->GetNextFeature()) f.emplace_back(raw);
    ASSERT_EQ(f.size(), 4u);
    EXPECT_EQ(f[0]->GetFID(), 1);
    EXPECT_EQ(f[3]->GetFID(), 4);
    EXPECT_STREQ(f[0]->GetFieldAsString(0), "P1");
    EXPECT_EQ(f[0]->GetFieldAsInteger64(1), 3);
    EXPECT_EQ(f[0]->GetFieldAsDouble(2), 1234.5678901234567);  // bit for bit
    EXPECT_STREQ(f[0]->GetFieldAsString(3), "重庆渝新, \"物流\"\n有限公司");
    EXPECT_EQ(f[1]->GetFieldAsInteger64(1), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(f[1]->GetFieldAsDouble(2), -0.1);
    EXPECT_TRUE(f[1]->IsFieldNull(3));
    EXPECT_FALSE(f[2]->IsFieldNull(0));  // an empty text is not a null
    EXPECT_STREQ(f[2]->GetFieldAsString(0), "");
    EXPECT_TRUE(f[2]->IsFieldNull(1));
    EXPECT_EQ(f[2]->GetFieldAsDouble(2), 1e-300);
    EXPECT_STREQ(f[2]->GetFieldAsString(3), "'; DROP TABLE x; --");
    EXPECT_EQ(f[3]->GetFieldAsInteger64(1), std::numeric_limits<std::int64_t>::max());
    EXPECT_TRUE(f[3]->IsFieldNull(2));
    EXPECT_TRUE(f[3]->IsFieldNull(3));
  }
  // No staging files left beside the target.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.path() != path ? 1 : 0;
  EXPECT_EQ(files, 0u);
  fs::remove_all(dir);
}

TEST(SinkGpkg, TablesWithoutColumnsOrRowsAreWritten) {
  const fs::path dir = fresh_dir("edges");
  const std::string path = (dir / "edges.gpkg").string();
  Table no_columns;
  no_columns.resize(2);
  Table no_rows;
  no_rows.add_column("parcel_id", FieldType::Text);
  {
    VectorSink sink(path, "GPKG");
    sink.add_layer("no_columns", no_columns, nullptr);
    sink.add_layer("no_rows", no_rows, nullptr);
    sink.commit();
  }
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("no_columns")->GetFeatureCount(FALSE), 2);
  EXPECT_EQ(ds->GetLayerByName("no_columns")->GetLayerDefn()->GetFieldCount(), 0);
  EXPECT_EQ(ds->GetLayerByName("no_rows")->GetFeatureCount(FALSE), 0);
  EXPECT_EQ(ds->GetLayerByName("no_rows")->GetLayerDefn()->GetFieldCount(), 1);
  fs::remove_all(dir);
}

TEST(SinkGpkg, GdalKeepsCountingAfterTheBulkInsert) {
  // The feature-count triggers are dropped for the insert and put back: a feature GDAL adds
  // later must still be counted, as in a file GDAL wrote row by row.
  const fs::path dir = fresh_dir("triggers");
  const std::string path = (dir / "t.gpkg").string();
  {
    VectorSink sink(path, "GPKG");
    sink.add_layer("parcel_facts", sample_table(), nullptr);
    sink.commit();
  }
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayerByName("parcel_facts");
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetField(0, "P5");
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
    EXPECT_EQ(f->GetFID(), 5);
  }
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("parcel_facts")->GetFeatureCount(FALSE), 5);
  fs::remove_all(dir);
}

TEST(SinkGpkg, AFailedSinkLeavesNoFileAndNamesTheLayer) {
  // Two layers of one name: the second cannot be created after the first was bulk-written;
  // nothing appears at the target.
  const fs::path dir = fresh_dir("fail");
  const std::string path = (dir / "facts.gpkg").string();
  try {
    VectorSink sink(path, "GPKG");
    sink.add_layer("parcel_facts", sample_table(), nullptr);
    sink.add_layer("parcel_facts", sample_table(), nullptr);
    sink.commit();
    FAIL() << "a second layer of the same name was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("parcel_facts"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

// The GeoPackage is made with 64 KiB pages (a facts row of 110 columns is ~600 bytes; 4 KiB pages
// split every few rows). SQLite keeps the page size at bytes 16-17 of the file, big-endian, with
// 1 standing for 65536; the file must still be a GeoPackage GDAL reads back, and no other
// process-wide setting may be left behind for the next dataset GDAL opens.
TEST(SinkGpkg, TheFileHasSixtyFourKibibytePages) {
  const fs::path dir = fresh_dir("pages");
  const std::string path = (dir / "pages.gpkg").string();
  {
    VectorSink sink(path, "GPKG");
    sink.add_layer("facts", sample_table(), nullptr);
    sink.commit();
  }
  unsigned char header[100] = {};
  FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fread(header, 1, sizeof header, f), sizeof header);
  std::fclose(f);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(header), 16),
            std::string("SQLite format 3\0", 16));
  EXPECT_EQ(header[16], 0);
  EXPECT_EQ(header[17], 1) << "page size 65536";
  // The application id of a GeoPackage ('GPKG') at bytes 68-71.
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(header + 68), 4), "GPKG");
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("facts")->GetFeatureCount(FALSE), 4);
  EXPECT_EQ(CPLGetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nullptr), nullptr);
  EXPECT_EQ(CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr), nullptr);
  fs::remove_all(dir);
}

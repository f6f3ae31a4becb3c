// A second thread helping with a GeoPackage bulk insert (hubland/layers/insert_help.hpp): the
// file must hold the same bytes as one thread's insert, whoever inserted which rows; a failure
// on the helping thread fails the write, names the file and leaves the old output whole.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "hubland/error.hpp"
#include "hubland/layers/insert_help.hpp"
#include "hubland/layers/sink.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;
using hubland::test::read_file;
using hubland::test::temp_dir;

namespace {

constexpr std::size_t kRows = 5000;

/// kRows rows: an id, an integer, a real, a text with nulls here and there, and a column never
/// set (no storage: left out of the insert, to be read back as NULL).
Table facts_table() {
  Table t;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto floors = t.add_column("floors", FieldType::Integer);
  const auto area = t.add_column("area_m2", FieldType::Real, "m2");
  t.add_column("district_name", FieldType::Text);  // never set
  const auto name = t.add_column("enterprise", FieldType::Text);
  t.resize(kRows);
  for (std::size_t r = 0; r < kRows; ++r) {
    t.set(r, id, "P" + std::to_string(r + 1));
    if (r % 7) t.set(r, floors, static_cast<std::int64_t>(r % 30));
    t.set(r, area, 1000.0 + static_cast<double>(r) / 3.0);
    if (r % 5) t.set(r, name, std::string(r % 2 ? "重庆渝新物流, \"有限\"" : "两江新区"));
  }
  return t;
}

void write(const std::string& path, const Table& t, InsertHelp* help) {
  VectorSink sink(path, "GPKG");
  SinkLayerOptions so;
  so.insert_help = help;
  sink.add_layer("parcel_facts", t, nullptr, so);
  sink.commit();
}

/// Writes with a helper thread that is waiting before the insert starts.
std::size_t write_helped(const std::string& path, const Table& t, InsertHelp::Options options) {
  InsertHelp help(options);
  std::thread helper([&] { help.help(); });
  try {
    write(path, t, &help);
  } catch (...) {
    help.close();
    helper.join();
    throw;
  }
  help.close();
  helper.join();
  return help.rows_helped();
}

}  // namespace

TEST(InsertHelp, AHelpedInsertWritesTheSameBytesAsOneThread) {
  const std::string dir = temp_dir();
  const Table t = facts_table();
  const std::string alone = dir + "/alone.gpkg";
  write(alone, t, nullptr);
  // 64-row blocks: 79 of them; the helper takes the last one before the writer takes the
  // first, so it always inserts rows, and the writer copies them in at the end.
  for (std::size_t block_rows : {64u, 1000u, 4999u}) {
    SCOPED_TRACE(block_rows);
    const std::string helped = dir + "/helped-" + std::to_string(block_rows) + ".gpkg";
    const std::size_t rows_helped =
        write_helped(helped, t, {.block_rows = block_rows, .start_together = true});
    EXPECT_GE(rows_helped, kRows % block_rows ? kRows % block_rows : block_rows);
    const std::string a = read_file(alone), b = read_file(helped);
    ASSERT_GT(a.size(), 0u);
    EXPECT_TRUE(a == b) << "the helped file differs from one thread's";
  }
  // Read back through GDAL: every fid in order, values, the never-set column NULL.
  GDALAllRegister();
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir + "/helped-64.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("parcel_facts");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->GetFeatureCount(FALSE), static_cast<GIntBig>(kRows));
  GIntBig fid = 0;
  for (auto& f : *l) {
    ++fid;
    ASSERT_EQ(f->GetFID(), fid);
    const std::size_t r = static_cast<std::size_t>(fid - 1);
    EXPECT_EQ(f->GetFieldAsString("parcel_id"), "P" + std::to_string(fid));
    EXPECT_EQ(f->IsFieldNull(f->GetFieldIndex("floors")), r % 7 == 0);
    EXPECT_EQ(f->GetFieldAsDouble("area_m2"), 1000.0 + static_cast<double>(r) / 3.0);
    EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("district_name")));
  }
  EXPECT_EQ(fid, static_cast<GIntBig>(kRows));
  // No side file or staging folder left beside the outputs.
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().extension(), ".gpkg") << e.path();
}

TEST(InsertHelp, AHelperThatNeverComesOrATableOfOneBlockIsWrittenByOneThread) {
  const std::string dir = temp_dir();
  const Table t = facts_table();
  write(dir + "/alone.gpkg", t, nullptr);
  {
    // Nobody calls help(): the writer takes every block and does not wait.
    InsertHelp help({.block_rows = 64});
    write(dir + "/unhelped.gpkg", t, &help);
    EXPECT_EQ(help.rows_helped(), 0u);
  }
  EXPECT_EQ(read_file(dir + "/alone.gpkg"), read_file(dir + "/unhelped.gpkg"));
  // One block (5000 rows of 8192): not offered, no side file.
  EXPECT_EQ(write_helped(dir + "/one-block.gpkg", t, {.block_rows = 8192}), 0u);
  EXPECT_EQ(read_file(dir + "/alone.gpkg"), read_file(dir + "/one-block.gpkg"));
}

TEST(InsertHelp, AFailureOnTheHelpingThreadFailsTheWriteAndKeepsTheOldFile) {
  const std::string dir = temp_dir();
  const std::string path = dir + "/facts.gpkg";
  Table old;
  old.add_column("parcel_id", FieldType::Text);
  old.resize(1);
  old.set(0, 0, std::string("OLD"));
  write(path, old, nullptr);
  const std::string before = read_file(path);

  ::setenv("HUBLAND_TEST_FAIL_AT", "gpkg:insert-help", 1);
  try {
    write_helped(path, facts_table(), {.block_rows = 64, .start_together = true});
    ::unsetenv("HUBLAND_TEST_FAIL_AT");
    FAIL() << "the helper's failure was not reported";
  } catch (const Error& e) {
    ::unsetenv("HUBLAND_TEST_FAIL_AT");
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("gpkg:insert-help"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(path), before);  // the old output, whole
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path(), fs::path(path)) << "left behind: " << e.path();
}

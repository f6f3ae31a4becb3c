// The kill -9 matrix of `hubland export`: killed while staging, after the old dataset file is
// taken away, and between the moves of a shapefile's parts, the target name holds either the
// complete previous output or nothing (never a .shp beside another export's .dbf, never a .shp
// without its .shx and .dbf), and the next export into that folder finishes the interrupted
// move or removes the abandoned staging folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include "kill_fixture.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;

namespace {

const std::string kGpkg =
    std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
const std::string kPrevious = kGpkg + "|hubs";  // what the target holds before
const std::string kNew = kGpkg + "|parks";      // what the killed export writes

using Files = std::map<std::string, std::string>;  // name -> bytes

// The dataset files of output `stem` in `dir` (the export report, which names its folder, aside).
Files dataset_files(const std::string& dir, const std::string& stem) {
  Files out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(stem + ".", 0) == 0 && name != stem + ".export.json" && e.is_regular_file())
      out[name] = test::read_file(e.path().string());
  }
  return out;
}

std::vector<std::string> staging_folders(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(".hubland-tmp-", 0) == 0)
      out.push_back(e.path().filename().string());
  return out;
}

test::Ended export_to(const std::string& source, const std::string& target,
                      const std::string& kill_at = "") {
  return test::cli_killed_at({"export", source, "-o", target}, kill_at);
}

// The complete outputs of both exports, made in folders of their own.
struct Reference {
  Files previous, next;
};

Reference reference(const std::string& root, const std::string& file) {
  fs::create_directories(root + "/prev");
  fs::create_directories(root + "/next");
  EXPECT_EQ(export_to(kPrevious, root + "/prev/" + file).exit_code, 0);
  EXPECT_EQ(export_to(kNew, root + "/next/" + file).exit_code, 0);
  const std::string stem = fs::path(file).stem().string();
  return {dataset_files(root + "/prev", stem), dataset_files(root + "/next", stem)};
}

// What a reader finds under the target name: "previous", "next", "none" or "mixed".
std::string state_of(const Files& got, const Reference& ref, const std::string& primary) {
  if (!got.count(primary)) return "none";
  if (got == ref.previous) return "previous";
  if (got == ref.next) return "next";
  return "mixed";
}

struct Case {
  std::string point;        ///< HUBLAND_TEST_KILL_AT
  bool previous_exists;     ///< the target holds an earlier export
  std::string after_kill;   ///< state_of right after the kill
  std::string after_sweep;  ///< after the next export into the folder
};

void run_matrix(const std::string& file, const std::vector<Case>& cases) {
  const std::string root = test::temp_dir();
  const Reference ref = reference(root + "/ref", file);
  ASSERT_FALSE(ref.previous.empty());
  ASSERT_NE(ref.previous, ref.next);
  const std::string stem = fs::path(file).stem().string();
  int n = 0;
  for (const Case& c : cases) {
    const std::string where = c.point + (c.previous_exists ? " over an earlier export" : "");
    const std::string dir = root + "/case" + std::to_string(++n);
    fs::create_directories(dir);
    const std::string target = dir + "/" + file;
    if (c.previous_exists) {
      ASSERT_EQ(export_to(kPrevious, target).exit_code, 0) << where;
    }
    const auto e = export_to(kNew, target, c.point);
    ASSERT_TRUE(e.killed) << where << ": never reached (exit " << e.exit_code << ")";
    EXPECT_EQ(state_of(dataset_files(dir, stem), ref, file), c.after_kill) << where;

    // The next export into the folder (another file) deals with what the kill left.
    ASSERT_EQ(export_to(kPrevious, dir + "/other.gpkg").exit_code, 0) << where;
    EXPECT_EQ(state_of(dataset_files(dir, stem), ref, file), c.after_sweep) << where;
    EXPECT_TRUE(staging_folders(dir).empty()) << where << ": " << staging_folders(dir).front();
    if (c.after_sweep == "none")
      for (const auto& [name, bytes] : dataset_files(dir, stem))
        ADD_FAILURE() << where << ": " << name << " left without its dataset";

    // And an export to the target itself ends with the new output whole.
    ASSERT_EQ(export_to(kNew, target).exit_code, 0) << where;
    EXPECT_EQ(state_of(dataset_files(dir, stem), ref, file), "next") << where;
  }
}

TEST(CliExportKill, ShapefileSetIsNeverMixed) {
  // Moves go in name order, the .shp last: x.cpg, x.dbf, x.export.json, x.prj, x.shx, x.shp.
  run_matrix("x.shp", {
                          {"export:staged", true, "previous", "previous"},
                          {"export:staged", false, "none", "none"},
                          {"export:old-removed", true, "none", "next"},
                          {"export:moved:x.cpg", true, "none", "next"},
                          {"export:moved:x.dbf", false, "none", "next"},
                          {"export:moved:x.shx", true, "none", "next"},
                          {"export:moved:x.shp", true, "next", "next"},
                      });
}

TEST(CliExportKill, GeoPackageIsPreviousOrNew) {
  run_matrix("x.gpkg", {
                           {"export:staged", true, "previous", "previous"},
                           {"export:old-removed", true, "none", "next"},
                           {"export:moved:x.export.json", true, "none", "next"},
                           {"export:moved:x.gpkg", false, "next", "next"},
                       });
}

// Kills at seeded moments of a larger export (the parcels) over an earlier one (the hubs):
// whatever the moment, the target is the earlier export, the new one, or absent.
TEST(CliExportKill, ShapefileKilledAtSeededMomentsIsWholeOrAbsent) {
  const std::string root = test::temp_dir();
  const std::string parcels = kGpkg + "|parcels";
  fs::create_directories(root + "/next");
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(export_to(parcels, root + "/next/p.shp").exit_code, 0);
  const auto full =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  fs::create_directories(root + "/prev");
  ASSERT_EQ(export_to(kPrevious, root + "/prev/p.shp").exit_code, 0);
  const Reference ref{dataset_files(root + "/prev", "p"), dataset_files(root + "/next", "p")};
  std::mt19937 rng(20261201);  // seeded: the same moments every time
  std::uniform_int_distribution<long> at(full.count() / 10, full.count());
  for (int round = 0; round < 3; ++round) {
    const std::string dir = root + "/round" + std::to_string(round);
    fs::create_directories(dir);
    ASSERT_EQ(export_to(kPrevious, dir + "/p.shp").exit_code, 0);
    const auto delay = std::chrono::microseconds(at(rng));
    test::cli_killed_after({"export", parcels, "-o", dir + "/p.shp"}, delay);
    const std::string state = state_of(dataset_files(dir, "p"), ref, "p.shp");
    EXPECT_NE(state, "mixed") << "kill after " << delay.count() << " us";
    ASSERT_EQ(export_to(kPrevious, dir + "/other.gpkg").exit_code, 0);
    EXPECT_TRUE(staging_folders(dir).empty());
    EXPECT_NE(state_of(dataset_files(dir, "p"), ref, "p.shp"), "mixed");
  }
}

}  // namespace

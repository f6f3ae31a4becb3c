// hubland run: every stage of the sample into one workspace run, the same numbers as
// the stage commands, a rejected ruleset stores nothing, and import into a workspace.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hubland/layers/dates.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;

namespace {

const std::string kCli = HUBLAND_CLI;
const std::string kSample = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing";
const std::string kAnalysis = kSample + "/analysis.toml";

/// Grade counts of a grades.csv (parcel_id,score,grade,flags).
std::map<std::string, int> grade_counts(const std::string& csv) {
  std::map<std::string, int> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // The grade is the third field; ids and scores hold no commas.
    const auto a = line.find(',');
    const auto b = line.find(',', a + 1);
    const auto c = line.find(',', b + 1);
    ++out[line.substr(b + 1, c - b - 1)];
  }
  return out;
}

}  // namespace

TEST(CliRun, StoresEveryStageAsOneCompletedRun) {
  const std::string dir = test::temp_dir();
  const auto r = test::run(kCli + " -q --json run '" + kAnalysis + "' -o '" + dir + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const std::string ws = dir + "/analysis.hubland.sqlite";
  EXPECT_EQ(j["workspace"], ws);
  EXPECT_EQ(j["run"], 1);
  const auto& counts = j["counts"];
  // 19,129 since the sample masks out water and airfields: the 1,332 parcels that lay on the
  // Yangtze (果园港, 寸滩, 万州) or the 江北 / 五桥 airfields were dropped (20,461 before).
  EXPECT_EQ(counts["parcels_in"], 19129);
  EXPECT_EQ(counts["parcels_with_facts"], 19129);
  EXPECT_EQ(counts["conversions_in"], 202);  // 200 drawn, C998 outside the parks, C999
  EXPECT_EQ(counts["verdict_approve"].get<int>() + counts["verdict_conditional"].get<int>() +
                counts["verdict_reject"].get<int>(),
            202);  // every request exactly one verdict
  EXPECT_EQ(counts["project_funded"].get<int>() + counts["project_waitlisted"].get<int>() +
                counts["project_ineligible"].get<int>(),
            80);

  // The same grades as `hubland screen` on the same inputs.
  const auto s = test::run(kCli + " -q screen '" + kAnalysis + "' -o '" + dir + "/screen'");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto grades = grade_counts(test::read_file(dir + "/screen/grades.csv"));
  EXPECT_EQ(counts["grade_A"], grades.at("A"));
  EXPECT_EQ(counts["grade_D"], grades.at("D"));
  EXPECT_EQ(counts["grade_none"], grades.at("-"));

  // The run is listed as completed with the ruleset's id, and its inputs carry SHA-256s.
  const auto runs = test::run(kCli + " --json runs '" + ws + "'");
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  const auto rj = nlohmann::json::parse(runs.out);
  ASSERT_EQ(rj.size(), 1u);
  EXPECT_EQ(rj[0]["status"], "completed");
  EXPECT_EQ(rj[0]["ruleset_id"], "cq-hub-2026");
  // The analysis date idle years are counted to: the sample fixes none, so today (UTC).
  const std::string as_of = rj[0]["parameters"]["as_of"].get<std::string>();
  EXPECT_TRUE(hubland::layers::iso_day_number(as_of)) << as_of;
  bool has_parcels_input = false;
  for (const auto& in : rj[0]["inputs"])
    if (in["role"] == "parcels") {
      has_parcels_input = true;
      EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u);
    }
  EXPECT_TRUE(has_parcels_input);

  // What the run stored exports: screened parcels as a GBK shapefile.
  const auto e =
      test::run(kCli + " -q export '" + ws + "' --what screened --format shp --encoding GBK -o '" +
                dir + "/x/screened.shp'");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
    EXPECT_TRUE(fs::exists(dir + "/x/screened" + ext)) << ext;
}

TEST(CliRun, BrokenRulesetStopsBeforeAnythingIsStored) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/bad.toml") << "[ruleset]\nid = \"bad\"\n[[screen]]\nid = \"X\"\n"
                                      "title = { zh = \"x\", en = \"x\" }\n"
                                      "fails_when = \"no_such_column > 1\"\nclause = \"c\"\n";
  std::ofstream(dir + "/analysis.toml")
      << "[inputs]\nparcels = \"" << kSample
      << "/chongqing.gpkg|parcels\"\n[analysis]\nruleset = \"" << dir << "/bad.toml\"\n";
  const auto r = test::run(kCli + " run '" + dir + "/analysis.toml' -o '" + dir + "/out'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/out/analysis.hubland.sqlite"));
}

TEST(CliImport, IntoAWorkspaceAsARunOfItsOwn) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/bureau.hubland.sqlite";
  const auto r = test::run(kCli + " -q import --role hubs '" + kSample +
                           "/chongqing.gpkg|hubs' -o '" + ws + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto show = test::run(kCli + " --json show '" + ws + "' --run 1");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["status"], "completed");
  EXPECT_NE(show.out.find("\"hubs\""), std::string::npos);
}

// The kill -9 matrix of the CLI on a SpatiaLite workspace: `hubland run` killed at every stage
// (and inside the transaction of a stored dataset), `hubland import … -o WS` killed at each of
// its steps, and both killed at seeded random moments. After every kill the file passes
// integrity_check, readers still see the last completed run, `hubland runs` lists the killed
// run as aborted, and the next run completes with the same counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "hubland/layers/workspace.hpp"
#include "kill_fixture.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kSample = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing";

json runs_json(const std::string& ws) {
  const auto r = test::run(std::string(HUBLAND_CLI) + " -q --json runs '" + ws + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json::array();
}

std::vector<std::string> dataset_names(const std::string& ws, std::int64_t run) {
  std::vector<std::string> out;
  auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
  for (const auto& d : w.datasets(run)) out.push_back(d.name);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What every kill must leave: a sound file, the killed run (the newest) listed as aborted by
// `hubland runs` with the killed pid in its reason, and readers on `completed_run`.
void expect_aborted(const std::string& ws, const test::Ended& e, std::int64_t completed_run,
                    const std::string& dataset, const std::string& where) {
  ASSERT_EQ(test::sqlite_integrity(ws), "ok") << where;
  const json runs = runs_json(ws);
  ASSERT_FALSE(runs.empty()) << where;
  const json& last = runs.back();
  EXPECT_EQ(last["status"], "aborted") << where;
  EXPECT_EQ(
      last.value("message", "")
          .rfind("aborted: the process writing the run (pid " + std::to_string(e.pid) + " on ", 0),
      0u)
      << where << ": " << last.dump();
  EXPECT_NE(last["finished_utc"], "") << where;
  for (const auto& r : runs) EXPECT_NE(r["status"], "running") << where;
  auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
  EXPECT_EQ(w.latest_run_with(dataset), completed_run) << where;
}

TEST(CliKill, RunKilledAtEveryStageIsAbortedAndTheNextRunCompletes) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/kill.hubland.sqlite";
  const std::vector<std::string> run = {"run", test::small_analysis(dir), "-o", ws};
  const auto first = test::cli_killed_at(run, "");
  ASSERT_EQ(first.exit_code, 0);
  const json baseline = runs_json(ws).at(0);
  ASSERT_EQ(baseline["status"], "completed");

  // Every stage of `hubland run` in order: before it starts (run:*), inside the transaction
  // that stores a dataset (store:*, rolled back), just after one is stored (stored:*), and
  // between the last dataset and the status change (finish).
  const std::vector<std::string> points = {
      "begin_run",     "store:parcels",  "run:facts",       "store:facts",     "stored:facts",
      "run:screening", "store:grades",   "run:conversions", "stored:verdicts", "run:ranking",
      "store:ranking", "store:findings", "finish"};
  std::int64_t killed_run = 1;
  for (const auto& point : points) {
    const auto e = test::cli_killed_at(run, point);
    ASSERT_TRUE(e.killed) << point << ": the run never reached this point (exit " << e.exit_code
                          << ")";
    ++killed_run;
    expect_aborted(ws, e, 1, "findings", point);
    const auto names = dataset_names(ws, killed_run);
    const std::string ds = point.substr(point.find(':') + 1);
    if (point.rfind("store:", 0) == 0) {
      EXPECT_FALSE(has(names, ds)) << point << ": a killed transaction left its dataset";
    } else if (point.rfind("stored:", 0) == 0) {
      EXPECT_TRUE(has(names, ds)) << point;
    }
  }
  EXPECT_EQ(killed_run, 1 + static_cast<std::int64_t>(points.size()));

  const auto next = test::cli_killed_at(run, "");
  ASSERT_EQ(next.exit_code, 0);
  const json runs = runs_json(ws);
  ASSERT_EQ(runs.size(), points.size() + 2);
  EXPECT_EQ(runs.back()["status"], "completed");
  EXPECT_EQ(runs.back()["counts"], baseline["counts"]);
  auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
  EXPECT_EQ(w.latest_run_with("findings"), killed_run + 1);
  EXPECT_EQ(test::sqlite_integrity(ws), "ok");
}

TEST(CliKill, ImportKilledAtEachStepIsAbortedAndTheNextImportCompletes) {
  const std::string ws = test::temp_dir() + "/import.hubland.sqlite";
  const std::vector<std::string> import = {
      "import", "--role", "hubs", kSample + "/chongqing.gpkg|hubs", "-o", ws};
  ASSERT_EQ(test::cli_killed_at(import, "").exit_code, 0);
  std::int64_t run = 1;
  for (const std::string point : {"begin_run", "store:hubs", "stored:hubs", "finish"}) {
    const auto e = test::cli_killed_at(import, point);
    ASSERT_TRUE(e.killed) << point;
    ++run;
    expect_aborted(ws, e, 1, "hubs", point);
    EXPECT_EQ(has(dataset_names(ws, run), "hubs"), point == "stored:hubs" || point == "finish")
        << point;
  }
  ASSERT_EQ(test::cli_killed_at(import, "").exit_code, 0);
  const json runs = runs_json(ws);
  ASSERT_EQ(runs.size(), 6u);
  EXPECT_EQ(runs.back()["status"], "completed");
  EXPECT_EQ(runs.back()["counts"], runs.front()["counts"]);
  auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
  EXPECT_EQ(w.latest_run_with("hubs"), 6);
}

// Kills at seeded moments across the whole run (the stage hooks above cover each point; these
// land wherever the clock says, GDAL reads and SQLite writes included).
TEST(CliKill, RunKilledAtSeededMomentsLeavesASoundWorkspace) {
  const std::string dir = test::temp_dir();
  const std::string ws = dir + "/moments.hubland.sqlite";
  const std::vector<std::string> run = {"run", test::small_analysis(dir), "-o", ws};
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(test::cli_killed_at(run, "").exit_code, 0);
  const auto full =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  std::mt19937 rng(20261201);  // seeded: the same moments every time
  std::uniform_int_distribution<long> at(full.count() / 20, full.count() * 9 / 10);
  std::size_t runs_before = 1;
  std::int64_t latest_completed = 1;
  int killed_in_run = 0;
  // Until two kills land inside the run (at most 10 moments): on a loaded machine one timed run
  // says little about the next, and a kill may land before the run begins or after it ends.
  for (int round = 0; round < 10 && killed_in_run < 2; ++round) {
    const auto delay = std::chrono::microseconds(at(rng));
    const auto e = test::cli_killed_after(run, delay);
    const std::string where = "kill after " + std::to_string(delay.count()) + " us";
    const std::size_t runs_now = runs_json(ws).size();
    if (!e.killed) {  // finished first (a fast machine): a completed run
      EXPECT_EQ(e.exit_code, 0) << where;
      latest_completed = static_cast<std::int64_t>(runs_now);
    } else if (runs_now == runs_before) {  // killed while hashing the inputs: no run begun
      EXPECT_EQ(test::sqlite_integrity(ws), "ok") << where;
    } else {
      ++killed_in_run;
      ASSERT_EQ(runs_now, runs_before + 1) << where;
      expect_aborted(ws, e, latest_completed, "findings", where);
    }
    runs_before = runs_now;
  }
  EXPECT_GE(killed_in_run, 2) << "the moments fell outside the run; the test proved little";
  ASSERT_EQ(test::cli_killed_at(run, "").exit_code, 0);
  const json runs = runs_json(ws);
  EXPECT_EQ(runs.size(), runs_before + 1);
  EXPECT_EQ(runs.back()["status"], "completed");
  EXPECT_EQ(runs.back()["counts"], runs.front()["counts"]);
}

}  // namespace

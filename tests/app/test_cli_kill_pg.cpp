// The kill -9 matrix on the PostGIS workspace: `hubland run` killed inside the COPY of a
// dataset and between stages leaves no partial dataset visible (no storage table, no catalog
// row), readers keep the completed run, the killed run reads 'aborted' once its connection is
// gone (its advisory lock is free), and the next run completes with the same counts.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "../layers/workspace_fixtures.hpp"
#include "hubland/layers/workspace.hpp"
#include "kill_fixture.hpp"
#include "test_support.hpp"

using namespace hubland;
using nlohmann::json;

namespace {

json runs_json(const std::string& url) {
  const auto r = test::run(std::string(HUBLAND_CLI) + " -q --json runs '" + url + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json::array();
}

// `hubland runs` until the newest run is no longer running: the server ends a killed client's
// session (freeing its lock) a moment after the kill, not at once.
json runs_after_kill(const std::string& url) {
  for (int i = 0;; ++i) {
    json runs = runs_json(url);
    if (runs.empty() || runs.back()["status"] != "running" || i == 100) return runs;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

TEST(CliKillPostGIS, AKilledRunLeavesNothingPartialAndReadsAborted) {
  HUBLAND_REQUIRE_POSTGIS();
  const std::string url = test::pg_fresh_database("kill");
  const std::vector<std::string> run = {"run", test::small_analysis(test::temp_dir()), "-o", url};
  ASSERT_EQ(test::cli_killed_at(run, "").exit_code, 0);
  const json baseline = runs_json(url).at(0);
  ASSERT_EQ(baseline["status"], "completed");

  test::RawSql raw(url);
  std::int64_t killed_run = 1;
  for (const std::string point : {"store:facts", "run:screening", "store:findings", "finish"}) {
    const auto e = test::cli_killed_at(run, point);
    ASSERT_TRUE(e.killed) << point << ": never reached (exit " << e.exit_code << ")";
    ++killed_run;
    const json runs = runs_after_kill(url);
    ASSERT_EQ(runs.size(), static_cast<std::size_t>(killed_run)) << point;
    EXPECT_EQ(runs.back()["status"], "aborted") << point;
    EXPECT_EQ(runs.back().value("message", ""),
              "aborted: the client writing the run disconnected without finishing it; found "
              "when the workspace was opened")
        << point;
    if (point.rfind("store:", 0) == 0) {
      // The killed transaction is gone whole: no storage table, no catalog rows.
      const std::string table = "r" + std::to_string(killed_run) + "_" + point.substr(6);
      EXPECT_EQ(raw.one("SELECT count(*) FROM pg_tables WHERE schemaname = 'hubland' AND "
                        "tablename = '" +
                        table + "'"),
                "0")
          << point;
      EXPECT_EQ(raw.one("SELECT count(*) FROM hubland.datasets WHERE run_id = " +
                        std::to_string(killed_run) + " AND name = '" + point.substr(6) + "'"),
                "0")
          << point;
    }
    auto ws = layers::Workspace::open(url, layers::OpenMode::MustExist);
    EXPECT_EQ(ws.latest_run_with("findings"), 1) << point;
    EXPECT_EQ(ws.latest_run_with("facts"), 1) << point;
  }

  ASSERT_EQ(test::cli_killed_at(run, "").exit_code, 0);
  const json runs = runs_json(url);
  ASSERT_EQ(runs.size(), static_cast<std::size_t>(killed_run + 1));
  EXPECT_EQ(runs.back()["status"], "completed");
  EXPECT_EQ(runs.back()["counts"], baseline["counts"]);
  for (const auto& r : runs) EXPECT_NE(r["status"], "running");
  auto ws = layers::Workspace::open(url, layers::OpenMode::MustExist);
  EXPECT_EQ(ws.latest_run_with("findings"), killed_run + 1);
}

}  // namespace

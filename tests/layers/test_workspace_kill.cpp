// A process killed with SIGKILL in the middle of a run leaves the workspace intact: the file
// passes PRAGMA integrity_check, every completed run reads back exactly as written, and the
// interrupted run reads 'aborted' once the workspace is opened again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "hubland/layers/workspace.hpp"
#include "sqlite_integrity.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

using namespace hubland;
using namespace hubland::layers;

namespace {

// What the writer stores in its run k: parcels version k and k*10+3 grades, so that every
// completed run can be checked against what it must hold.
void write_run(Workspace& ws, int k) {
  RunInfo info;
  info.command = "run";
  info.parameters = {{"k", std::to_string(k)}};
  RunScope run(ws, info);
  ws.put_layer(run.id(), "parcels", test::make_parcels(400, k));
  ws.put_table(run.id(), "grades", test::make_grades(static_cast<std::size_t>(k) * 10 + 3));
  run.finish({{"k", k}});
}

TEST(WorkspaceKill, SigkillAtRandomPointsKeepsCompletedRuns) {
  const std::string path = test::temp_dir() + "/kill.hubland.sqlite";
  {
    Workspace ws = Workspace::open(path);
    write_run(ws, 1);
  }
  std::mt19937 rng(20261128);  // seeded: the same kill points every time
  std::uniform_int_distribution<int> delay_us(0, 400000);
  int kills_mid_run = 0;
  for (int round = 0; round < 8; ++round) {
    const int delay = delay_us(rng);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        Workspace ws = Workspace::open(path);
        for (int k = 2;; ++k) write_run(ws, k);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own (status " << status << ")";

    ASSERT_EQ(test::sqlite_integrity(path), "ok")
        << "round " << round << ", kill after " << delay << " us";
    Workspace ws = Workspace::open(path, OpenMode::MustExist);
    const auto runs = ws.runs();
    ASSERT_FALSE(runs.empty());
    EXPECT_EQ(runs.front().status, RunStatus::Completed);
    // The killed writer's run is found dead on this open: aborted, never left running.
    for (const auto& r : runs) EXPECT_NE(r.status, RunStatus::Running) << "run " << r.id;
    kills_mid_run += runs.back().status == RunStatus::Aborted ? 1 : 0;
    for (const auto& r : runs) {
      if (r.status != RunStatus::Completed) continue;
      const int k = std::stoi(r.info.parameters.at("k"));
      EXPECT_EQ(r.counts.at("k"), k);
      const auto expected = test::make_parcels(400, k);
      const Layer got = ws.layer("parcels", r.id);
      EXPECT_TRUE(test::tables_equal(got.attributes, expected.attributes)) << "run " << r.id;
      EXPECT_EQ(got.geometry, expected.geometry) << "run " << r.id;
      EXPECT_EQ(ws.table("grades", r.id).row_count(), static_cast<std::size_t>(k) * 10 + 3);
    }
    // Readers see the newest completed run, never the interrupted one.
    const auto latest = ws.latest_run_with("grades");
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(ws.run(*latest).status, RunStatus::Completed);
  }
  // The seed puts most kills inside a run; a test that never interrupts one proves nothing.
  EXPECT_GE(kills_mid_run, 4);
}

}  // namespace

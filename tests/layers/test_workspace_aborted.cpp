// A run whose writer died (kill -9) is marked 'aborted' the next time the workspace is opened,
// on both backends: SpatiaLite by the writer's pid, host and process start time, PostGIS by the
// advisory lock the writer's connection held. A live writer's run stays running, readers keep
// reading the newest completed run, and the next run completes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "hubland/error.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

using namespace hubland;
using namespace hubland::layers;
using test::Store;

namespace {

std::string this_host() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

class Aborted : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (pg()) {
      HUBLAND_REQUIRE_POSTGIS();
      m_location = test::pg_fresh_database("abort");
    } else {
      m_location = test::temp_dir() + "/abort.hubland.sqlite";
    }
  }
  bool pg() const { return GetParam() == Store::PostGIS; }
  std::string catalog(const std::string& name) const {
    return pg() ? "hubland." + name : "hubland_" + name;
  }
  // Opens until run `id` is no longer running: PostgreSQL drops a killed client's session (and
  // its locks) a moment after the kill, not at once.
  RunRecord reopened_run(std::int64_t id) const {
    for (int i = 0;; ++i) {
      Workspace ws = Workspace::open(m_location, OpenMode::MustExist);
      RunRecord r = ws.run(id);
      if (r.status != RunStatus::Running || i == 100) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::string m_location;
};

// A child process starts run 2, stores a dataset and is killed before finishing.
pid_t killed_writer(const std::string& location) {
  const pid_t child = ::fork();
  if (child == 0) {
    try {
      Workspace ws = Workspace::open(location);
      const auto run = ws.begin_run(RunInfo{.command = "run"});
      ws.put_table(run, "grades", test::make_grades(5));
    } catch (...) {
      ::_exit(3);
    }
    ::raise(SIGKILL);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  return child;
}

TEST_P(Aborted, AKilledWritersRunIsAbortedOnTheNextOpen) {
  {
    Workspace ws = Workspace::open(m_location);
    const auto run = ws.begin_run(RunInfo{.command = "run"});
    ws.put_table(run, "grades", test::make_grades(3));
    ws.finish_run(run);
  }
  const pid_t writer = killed_writer(m_location);

  const RunRecord r = reopened_run(2);
  EXPECT_EQ(r.status, RunStatus::Aborted);
  EXPECT_STREQ(to_string(r.status), "aborted");
  EXPECT_EQ(r.message, pg() ? "aborted: the client writing the run disconnected without "
                              "finishing it; found when the workspace was opened"
                            : "aborted: the process writing the run (pid " +
                                  std::to_string(writer) + " on " + this_host() +
                                  ") ended without finishing it; found when the workspace "
                                  "was opened");
  EXPECT_EQ(r.finished_utc.size(), 20u) << r.finished_utc;  // "2026-12-01T03:04:05Z"

  Workspace ws = Workspace::open(m_location, OpenMode::MustExist);
  // Readers keep the completed run; the aborted one's dataset stays for inspection only.
  EXPECT_EQ(ws.latest_run_with("grades"), 1);
  EXPECT_EQ(ws.table("grades").row_count(), 3u);
  EXPECT_EQ(ws.table("grades", 2).row_count(), 5u);
  try {
    ws.put_table(2, "more", test::make_grades(1));
    FAIL() << "an aborted run took a dataset";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.message(), "run 2 is aborted; datasets can only be added to a running run");
  }
  test::RawSql raw(m_location);
  EXPECT_EQ(raw.one("SELECT action FROM " + catalog("audit") +
                    " WHERE run_id = 2 ORDER BY id DESC LIMIT 1"),
            "abort_run");
  // An aborted run is finished: the database refuses to change it, as for a failed one.
  EXPECT_NE(raw.error_of("UPDATE " + catalog("runs") + " SET status = 'running' WHERE run_id = 2"),
            "");

  // The next run completes and becomes what readers see.
  const auto next = ws.begin_run(RunInfo{.command = "run"});
  ws.put_table(next, "grades", test::make_grades(7));
  ws.finish_run(next);
  EXPECT_EQ(next, 3);
  EXPECT_EQ(ws.latest_run_with("grades"), 3);
  EXPECT_EQ(ws.table("grades").row_count(), 7u);
}

TEST_P(Aborted, ALiveWritersRunStaysRunning) {
  Workspace writer = Workspace::open(m_location);
  const auto run = writer.begin_run(RunInfo{.command = "run"});
  writer.put_table(run, "grades", test::make_grades(2));
  {
    Workspace other = Workspace::open(m_location, OpenMode::MustExist);
    EXPECT_EQ(other.run(run).status, RunStatus::Running);
  }
  writer.finish_run(run);
  Workspace other = Workspace::open(m_location, OpenMode::MustExist);
  EXPECT_EQ(other.run(run).status, RunStatus::Completed);
}

TEST_P(Aborted, ASchema3WorkspaceMigratesAndTakesTheNewStatus) {
  {
    Workspace ws = Workspace::open(m_location);
    const auto run = ws.begin_run(RunInfo{.command = "import"});
    ws.put_table(run, "grades", test::make_grades(4));
    ws.finish_run(run);
  }
  test::downgrade_to_v3(m_location, pg());
  const std::string set_aborted =
      "UPDATE " + catalog("runs") + " SET status = 'aborted' WHERE run_id = 2";
  {
    Workspace ws = Workspace::open(m_location);
    EXPECT_EQ(ws.schema_version(), 4);
    EXPECT_EQ(ws.table("grades").row_count(), 4u);
    test::RawSql raw(m_location);
    ws.begin_run(RunInfo{.command = "run"});
    EXPECT_EQ(raw.error_of(set_aborted), "");
    EXPECT_NE(raw.error_of("UPDATE " + catalog("runs") + " SET status = 'gone' WHERE run_id = 1"),
              "");
  }
  Workspace ws = Workspace::open(m_location, OpenMode::MustExist);
  EXPECT_EQ(ws.run(2).status, RunStatus::Aborted);
}

INSTANTIATE_TEST_SUITE_P(Both, Aborted, ::testing::Values(Store::SpatiaLite, Store::PostGIS),
                         test::backend_name);

// The schema-3 CHECK constraint refuses the new status: the migration really widened it.
TEST(AbortedSpatiaLite, ASchema3WorkspaceRefusesAborted) {
  const std::string path = test::temp_dir() + "/v3.hubland.sqlite";
  {
    Workspace ws = Workspace::open(path);
    ws.begin_run(RunInfo{.command = "run"});
  }
  test::downgrade_to_v3(path, false);
  test::RawSql raw(path);
  EXPECT_EQ(raw.error_of("UPDATE hubland_runs SET status = 'aborted' WHERE run_id = 1"),
            "CHECK constraint failed: status IN ('running','completed','failed')");
}

// A pid the system gave to another process since (same pid, another start time) does not keep
// a dead writer's run alive; a run written on another host is left alone (its writer may live).
TEST(AbortedSpatiaLite, ARecycledPidOrAnotherHost) {
  const std::string path = test::temp_dir() + "/pid.hubland.sqlite";
  Workspace writer = Workspace::open(path);
  const auto recycled = writer.begin_run(RunInfo{.command = "run"});
  const auto remote = writer.begin_run(RunInfo{.command = "run"});
  {
    test::RawSql raw(path);
    ASSERT_EQ(raw.one("SELECT writer_pid FROM hubland_runs WHERE run_id = 1"),
              std::to_string(::getpid()));
    EXPECT_EQ(raw.one("SELECT writer_host FROM hubland_runs WHERE run_id = 1"), this_host());
    ASSERT_NE(raw.one("SELECT writer_start FROM hubland_runs WHERE run_id = 1"), "");
    ASSERT_EQ(raw.error_of("UPDATE hubland_runs SET writer_start = '1' WHERE run_id = 1"), "");
    ASSERT_EQ(raw.error_of("UPDATE hubland_runs SET writer_host = 'elsewhere', writer_pid = "
                           "999999999 WHERE run_id = 2"),
              "");
  }
  Workspace ws = Workspace::open(path, OpenMode::MustExist);
  EXPECT_EQ(ws.run(recycled).status, RunStatus::Aborted);
  EXPECT_EQ(ws.run(remote).status, RunStatus::Running);
}

}  // namespace

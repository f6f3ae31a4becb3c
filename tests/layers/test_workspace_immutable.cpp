// Completed runs are immutable for every role, enforced by the database: raw SQL beside HubLand
// (psql, QGIS editing a layer) cannot change a finished run's datasets or catalog rows. And a
// schema-2 workspace opened by this HubLand becomes schema 3 with its old datasets frozen.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/postgis.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

using namespace hubland;
using namespace hubland::layers;
using test::Store;

namespace {

class Immutable : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::PostGIS) {
      HUBLAND_REQUIRE_POSTGIS();
      m_location = test::pg_fresh_database("imm");
    } else {
      m_location = test::temp_dir() + "/imm.hubland.sqlite";
    }
  }
  bool pg() const { return GetParam() == Store::PostGIS; }
  std::string table(const std::string& name) const { return (pg() ? "hubland." : "") + name; }
  std::string catalog(const std::string& name) const {
    return pg() ? "hubland." + name : "hubland_" + name;
  }
  std::string m_location;
};

TEST_P(Immutable, AFinishedRunRefusesEveryWrite) {
  Workspace ws = Workspace::open(m_location);
  const auto done = ws.begin_run(RunInfo{.command = "import"});
  ws.put_layer(done, "parcels", test::make_parcels(5));
  ws.put_table(done, "grades", test::make_grades(3));
  ws.finish_run(done);
  const auto failed = ws.begin_run(RunInfo{.command = "run"});
  ws.put_table(failed, "grades", test::make_grades(3));
  ws.fail_run(failed, "stopped");

  test::RawSql raw(m_location);
  const std::string parcels = table("r1_parcels");
  const std::string frozen =
      pg() ? "dataset hubland.r1_parcels belongs to run 1, which is completed: "
             "it is read-only"
           : "dataset r1_parcels belongs to run 1, which is no longer "
             "running: it is read-only";
  EXPECT_EQ(raw.error_of("UPDATE " + parcels + " SET employees = 0"), frozen);
  EXPECT_EQ(raw.error_of("DELETE FROM " + parcels + " WHERE hl_row = 0"), frozen);
  // (Without SpatiaLite loaded, SpatiaLite's own geometry trigger refuses an INSERT first.)
  EXPECT_NE(raw.error_of("INSERT INTO " + parcels + "(hl_row, parcel_id) VALUES (99, 'P-99')"), "");
  EXPECT_EQ(
      raw.error_of("INSERT INTO " + table("r1_grades") + "(hl_row, parcel_id) VALUES (9, 'P-9')"),
      pg() ? "dataset hubland.r1_grades belongs to run 1, which is completed: it is read-only"
           : "dataset r1_grades belongs to run 1, which is no longer running: it is read-only");
  if (pg()) {
    EXPECT_EQ(raw.error_of("TRUNCATE " + parcels), frozen);
  }
  EXPECT_NE(raw.error_of("UPDATE " + table("r2_grades") + " SET grade = 'A'"), "");
  EXPECT_EQ(raw.one("SELECT count(*) FROM " + parcels + " WHERE employees = 0"), "0");
  EXPECT_EQ(raw.one("SELECT count(*) FROM " + parcels), "5");

  // The run records themselves.
  EXPECT_EQ(raw.error_of("UPDATE " + catalog("runs") + " SET status = 'running' WHERE run_id = 1"),
            pg() ? "run 1 is completed: a finished run is never changed"
                 : "a finished run is never changed");
  EXPECT_EQ(raw.error_of("DELETE FROM " + catalog("runs") + " WHERE run_id = 2"),
            pg() ? "run 2 is never deleted" : "runs are never deleted");
  EXPECT_NE(raw.error_of("UPDATE " + catalog("datasets") + " SET row_count = 0"), "");
  EXPECT_NE(raw.error_of("DELETE FROM " + catalog("columns") + " WHERE run_id = 1"), "");
  EXPECT_NE(raw.error_of("INSERT INTO " + catalog("run_inputs") +
                         "(run_id,ord,role,path,size_bytes,sha256) VALUES (1,9,'x','x',0,'x')"),
            "");
  EXPECT_EQ(ws.run(1).status, RunStatus::Completed);
  EXPECT_EQ(ws.layer("parcels").size(), 5u);
  EXPECT_EQ(ws.datasets(1).at(0).row_count, 5u);

  // A running run still takes datasets, and raw writes to its tables (the writer's own).
  const auto running = ws.begin_run(RunInfo{.command = "run"});
  ws.put_table(running, "grades", test::make_grades(4));
  EXPECT_EQ(raw.error_of("UPDATE " + table("r3_grades") + " SET grade = 'A'"), "");
  ws.put_layer(running, "parcels", test::make_parcels(2));
  ws.finish_run(running);
  EXPECT_EQ(ws.table("grades").row_count(), 4u);
  EXPECT_NE(raw.error_of("UPDATE " + table("r3_grades") + " SET grade = 'B'"), "");
}

TEST_P(Immutable, ASchema2WorkspaceMigratesAndFreezesItsRuns) {
  {
    Workspace ws = Workspace::open(m_location);
    const auto run = ws.begin_run(RunInfo{.command = "import"});
    ws.put_layer(run, "parcels", test::make_parcels(4));
    ws.finish_run(run);
  }
  test::downgrade_to_v2(m_location, pg());
  {
    test::RawSql raw(m_location);
    // A schema-2 workspace let anyone change a finished run.
    EXPECT_EQ(raw.error_of("UPDATE " + table("r1_parcels") + " SET employees = 7 WHERE hl_row = 0"),
              "");
  }
  Workspace ws = Workspace::open(m_location);
  EXPECT_EQ(ws.schema_version(), 4);
  test::RawSql raw(m_location);
  EXPECT_NE(raw.error_of("UPDATE " + table("r1_parcels") + " SET employees = 8"), "");
  EXPECT_NE(raw.error_of("DELETE FROM " + table("r1_parcels")), "");
  EXPECT_EQ(raw.one("SELECT employees FROM " + table("r1_parcels") + " WHERE hl_row = 0"), "7");
  EXPECT_EQ(ws.layer("parcels").size(), 4u);
  // The new tables are there and work.
  Application a;
  a.subject = test::make_project_subject("PR-1", "Z1");
  a.subject_id = "PR-1";
  a.zone_id = "Z1";
  EXPECT_EQ(ws.application(ws.file_application(a)).version, 1);
}

INSTANTIATE_TEST_SUITE_P(Both, Immutable, ::testing::Values(Store::SpatiaLite, Store::PostGIS),
                         test::backend_name);

// Every role is refused: the zone office (no write grant any more), the bureau and the owner
// (the trigger). Real logins on the throwaway cluster.
TEST(ImmutableRoles, NoRoleChangesACompletedRunsProjects) {
  HUBLAND_REQUIRE_POSTGIS();
  const std::string admin = test::pg_fresh_database("immroles");
  const std::string db = admin.substr(admin.rfind('/') + 1);
  {
    Workspace ws = Workspace::open(admin);
    const auto run = ws.begin_run(RunInfo{.command = "import"});
    Layer projects = test::make_project_subject("PR-1", "Z1");
    ws.put_layer(run, "projects", projects);
    ws.finish_run(run);
  }
  grant_bureau(admin, "bureau_user");
  grant_zone_office(admin, "office_z1", "Z1");
  const std::string frozen =
      "dataset hubland.r1_projects belongs to run 1, which is completed: it is read-only";
  const std::string denied = "permission denied for table r1_projects";
  const struct {
    std::string login, expected;
  } who[] = {{"office_z1", denied}, {"bureau_user", frozen}, {"hubland_admin", frozen}};
  for (const auto& w : who) {
    test::RawSql raw(test::pg_url(admin, w.login, db));
    EXPECT_EQ(raw.error_of("UPDATE hubland.r1_projects SET project_name = 'x'"), w.expected)
        << w.login;
    EXPECT_EQ(raw.error_of("DELETE FROM hubland.r1_projects"), w.expected) << w.login;
    EXPECT_EQ(raw.error_of("INSERT INTO hubland.r1_projects(hl_row, project_id, zone_id) "
                           "VALUES (5, 'PR-5', 'Z1')"),
              w.expected)
        << w.login;
    // Every one of them still reads it (the office its zone's rows).
    EXPECT_EQ(raw.one("SELECT project_name FROM hubland.r1_projects"), "果园港冷链仓储") << w.login;
  }
}

}  // namespace

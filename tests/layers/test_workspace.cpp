// Workspace: the same tests on SpatiaLite and (when the test cluster is up) PostGIS.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "hubland/error.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/version.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::layers;

namespace {

enum class Store { SpatiaLite, PostGIS };

class WorkspaceBackends : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::PostGIS) {
      HUBLAND_REQUIRE_POSTGIS();
      m_location = test::pg_fresh_database("ws");
    } else {
      m_location = test::temp_dir() + "/w.hubland.sqlite";
    }
  }
  std::string m_location;
};

RunInfo sample_run_info(const std::string& dir) {
  const std::string in = dir + "/parcels.geojson";
  std::ofstream(in) << "abc";
  RunInfo info;
  info.command = "run";
  info.inputs.push_back(describe_input("parcels", in + "|parcels"));
  info.ruleset_id = "cq-hub-2026";
  info.ruleset_sha256 = sha256_hex("ruleset text");
  info.parameters = {{"quota_mu", "3000"}, {"rings_km", "3,10,30"}};
  info.user = "tester";
  return info;
}

TEST_P(WorkspaceBackends, RoundTripsLayersTablesAndRunRecords) {
  const auto parcels = test::make_parcels(57);
  const auto grades = test::make_grades(57);
  const RunInfo info = sample_run_info(test::temp_dir());
  std::int64_t id = 0;
  {
    Workspace ws = Workspace::open(m_location);
    EXPECT_EQ(ws.schema_version(), 4);
    id = ws.begin_run(info);
    ws.put_layer(id, "parcels", parcels);
    ws.put_table(id, "grades", grades);
    ws.finish_run(id, {{"parcels_in", 57}, {"graded", 57}});
  }
  Workspace ws = Workspace::open(m_location, OpenMode::MustExist);
  const auto runs = ws.runs();
  ASSERT_EQ(runs.size(), 1u);
  const RunRecord& r = runs[0];
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(r.status, RunStatus::Completed);
  EXPECT_EQ(r.info.command, "run");
  EXPECT_EQ(r.tool_version, kVersion);
  EXPECT_EQ(r.info.ruleset_id, "cq-hub-2026");
  EXPECT_EQ(r.info.ruleset_sha256, sha256_hex("ruleset text"));
  EXPECT_EQ(r.info.parameters, info.parameters);
  EXPECT_EQ(r.info.user, "tester");
  ASSERT_EQ(r.info.inputs.size(), 1u);
  EXPECT_EQ(r.info.inputs[0].path, info.inputs[0].path);
  EXPECT_EQ(r.info.inputs[0].size_bytes, 3u);
  EXPECT_EQ(r.info.inputs[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(r.counts, (std::map<std::string, std::int64_t>{{"graded", 57}, {"parcels_in", 57}}));
  EXPECT_EQ(r.started_utc.size(), 20u);
  EXPECT_GE(r.finished_utc, r.started_utc);

  const Layer back = ws.layer("parcels");
  EXPECT_EQ(back.role, Role::Parcels);
  EXPECT_EQ(back.epsg, 4545);
  EXPECT_TRUE(test::tables_equal(back.attributes, parcels.attributes));
  ASSERT_EQ(back.geometry.size(), parcels.geometry.size());
  for (std::size_t i = 0; i < back.geometry.size(); ++i)
    EXPECT_EQ(back.geometry[i], parcels.geometry[i]) << "feature " << i;
  EXPECT_TRUE(test::tables_equal(ws.table("grades"), grades));

  const auto ds = ws.datasets(id);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].name, "parcels");
  EXPECT_EQ(ds[0].kind, DatasetKind::Layer);
  EXPECT_EQ(ds[0].row_count, 57u);
  EXPECT_EQ(ds[1].name, "grades");
  EXPECT_EQ(ds[1].kind, DatasetKind::Table);
  EXPECT_EQ(ds[1].epsg, 0);
}

TEST_P(WorkspaceBackends, ReadsTheNewestCompletedRunOnly) {
  Workspace ws = Workspace::open(m_location);
  RunInfo info;
  info.command = "screen";
  const auto r1 = ws.begin_run(info);
  ws.put_table(r1, "grades", test::make_grades(3));
  ws.finish_run(r1);
  const auto r2 = ws.begin_run(info);  // never finished
  ws.put_table(r2, "grades", test::make_grades(5));
  EXPECT_EQ(ws.table("grades").row_count(), 3u);
  EXPECT_EQ(ws.table("grades", r2).row_count(), 5u);
  ws.fail_run(r2, "cancelled");
  EXPECT_EQ(ws.run(r2).status, RunStatus::Failed);
  EXPECT_EQ(ws.run(r2).message, "cancelled");
  EXPECT_EQ(ws.table("grades").row_count(), 3u);
  const auto r3 = ws.begin_run(info);
  ws.put_table(r3, "grades", test::make_grades(7));
  ws.finish_run(r3);
  EXPECT_EQ(ws.table("grades").row_count(), 7u);
  EXPECT_EQ(ws.latest_run_with("grades"), r3);
  EXPECT_EQ(ws.latest_run_with("facts"), std::nullopt);
}

TEST_P(WorkspaceBackends, RunScopeFailsARunThatThrows) {
  Workspace ws = Workspace::open(m_location);
  std::int64_t id = 0;
  try {
    RunScope run(ws, RunInfo{.command = "run"});
    id = run.id();
    ws.put_table(id, "grades", test::make_grades(2));
    throw Error(ErrorKind::Rule, "a stage failed");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
  }
  EXPECT_EQ(ws.run(id).status, RunStatus::Failed);
  EXPECT_FALSE(ws.latest_run_with("grades").has_value());
}

TEST_P(WorkspaceBackends, RejectsBadNamesRunsAndDuplicates) {
  Workspace ws = Workspace::open(m_location);
  const auto id = ws.begin_run(RunInfo{.command = "run"});
  auto kind_of = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::Cancelled;  // "did not throw"
  };
  EXPECT_EQ(kind_of([&] { ws.put_table(id, "Grades", test::make_grades(1)); }),
            ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { ws.put_table(id, "g;drop", test::make_grades(1)); }),
            ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { ws.put_table(id + 100, "grades", test::make_grades(1)); }),
            ErrorKind::BadInput);
  ws.put_table(id, "grades", test::make_grades(1));
  EXPECT_EQ(kind_of([&] { ws.put_table(id, "grades", test::make_grades(1)); }),
            ErrorKind::BadInput);
  Table reserved;
  reserved.add_column("geom", FieldType::Text);
  EXPECT_EQ(kind_of([&] { ws.put_table(id, "other", reserved); }), ErrorKind::Schema);
  ws.finish_run(id);
  EXPECT_EQ(kind_of([&] { ws.put_table(id, "late", test::make_grades(1)); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { ws.finish_run(id); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { (void)ws.table("nothing"); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { (void)ws.run(999); }), ErrorKind::BadInput);
  EXPECT_EQ(kind_of([&] { ws.begin_run(RunInfo{}); }), ErrorKind::BadInput);
  // The failed writes left nothing behind.
  EXPECT_EQ(ws.datasets(id).size(), 1u);
}

TEST_P(WorkspaceBackends, BoxQueryMatchesBruteForce) {
  const auto parcels = test::make_parcels(200);
  Workspace ws = Workspace::open(m_location);
  const auto id = ws.begin_run(RunInfo{.command = "import"});
  ws.put_layer(id, "parcels", parcels);
  ws.finish_run(id);
  const double x0 = 500450, y0 = 3270350, x1 = 501230, y1 = 3271020;
  std::vector<std::size_t> expected;
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    // Envelope of square i (see make_parcels).
    const double side = 50.0 + static_cast<double>(i % 7) * 10.0;
    const double x = 500000.0 + static_cast<double>(i % 20) * 200.0;
    const double y = 3270000.0 + static_cast<double>(i / 20) * 200.0;
    if (x <= x1 && x + side >= x0 && y <= y1 && y + side >= y0) expected.push_back(i);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(ws.rows_in_box("parcels", x0, y0, x1, y1), expected);
  EXPECT_TRUE(ws.rows_in_box("parcels", 0, 0, 1, 1).empty());
}

INSTANTIATE_TEST_SUITE_P(Both, WorkspaceBackends,
                         ::testing::Values(Store::SpatiaLite, Store::PostGIS), [](const auto& p) {
                           return p.param == Store::SpatiaLite ? "SpatiaLite" : "PostGIS";
                         });

// ------------------------------------------------------------------ SpatiaLite specifics

struct Sqlite {
  sqlite3* db = nullptr;
  explicit Sqlite(const std::string& path) { sqlite3_open(path.c_str(), &db); }
  ~Sqlite() { sqlite3_close(db); }
  std::string one(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return std::string("error: ") + sqlite3_errmsg(db);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }
  void exec(const std::string& sql) { sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
};

TEST(WorkspaceSpatiaLite, LayersHaveASpatialIndex) {
  const std::string path = test::temp_dir() + "/idx.hubland.sqlite";
  {
    Workspace ws = Workspace::open(path);
    const auto id = ws.begin_run(RunInfo{.command = "import"});
    ws.put_layer(id, "parcels", test::make_parcels(30));
    ws.finish_run(id);
  }
  Sqlite db(path);
  EXPECT_EQ(db.one("SELECT spatial_index_enabled FROM geometry_columns WHERE "
                   "f_table_name='r1_parcels' AND f_geometry_column='geom'"),
            "1");
  EXPECT_EQ(db.one("SELECT type FROM sqlite_master WHERE name='idx_r1_parcels_geom'"), "table");
  // The R*Tree holds one entry per feature.
  EXPECT_EQ(db.one("SELECT count(*) FROM idx_r1_parcels_geom"), "30");
  EXPECT_EQ(db.one("SELECT srid FROM geometry_columns WHERE f_table_name='r1_parcels'"), "4545");
  EXPECT_EQ(db.one("PRAGMA integrity_check"), "ok");
}

TEST(WorkspaceSpatiaLite, MigratesAnOlderSchemaForward) {
  const std::string path = test::temp_dir() + "/old.hubland.sqlite";
  {
    Workspace ws = Workspace::open(path);
    const auto id = ws.begin_run(RunInfo{.command = "screen"});
    ws.put_table(id, "grades", test::make_grades(4));
    ws.finish_run(id);
  }
  {
    test::downgrade_to_v2(path, false);
    Sqlite db(path);  // make it a version-1 workspace
    db.exec("DROP TABLE hubland_audit");
    db.exec("UPDATE hubland_meta SET value='1' WHERE key='schema_version'");
    EXPECT_EQ(db.one("SELECT value FROM hubland_meta WHERE key='schema_version'"), "1");
  }
  Workspace ws = Workspace::open(path);
  EXPECT_EQ(ws.schema_version(), 4);
  EXPECT_EQ(ws.table("grades").row_count(), 4u);
  Sqlite db(path);
  EXPECT_EQ(db.one("SELECT count(*) FROM hubland_audit"), "0");
}

TEST(WorkspaceSpatiaLite, RefusesForeignNewerAndMissingDatabases) {
  const std::string dir = test::temp_dir();
  auto kind_of = [](const std::string& p, OpenMode m) {
    try {
      Workspace::open(p, m);
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::Cancelled;
  };
  {
    Sqlite db(dir + "/foreign.hubland.sqlite");
    db.exec("CREATE TABLE t(x)");
  }
  EXPECT_EQ(kind_of(dir + "/foreign.hubland.sqlite", OpenMode::CreateIfMissing), ErrorKind::Schema);
  std::ofstream(dir + "/garbage.hubland.sqlite") << std::string(4096, 'x');
  EXPECT_EQ(kind_of(dir + "/garbage.hubland.sqlite", OpenMode::CreateIfMissing), ErrorKind::Io);
  EXPECT_EQ(kind_of(dir + "/missing.hubland.sqlite", OpenMode::MustExist), ErrorKind::Io);
  EXPECT_FALSE(fs::exists(dir + "/missing.hubland.sqlite"));
  { Workspace::open(dir + "/new.hubland.sqlite"); }
  {
    Sqlite db(dir + "/new.hubland.sqlite");
    db.exec("UPDATE hubland_meta SET value='99' WHERE key='schema_version'");
  }
  EXPECT_EQ(kind_of(dir + "/new.hubland.sqlite", OpenMode::MustExist), ErrorKind::Schema);
}

TEST(WorkspaceSha256, MatchesKnownVectorsAndHashesFolders) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string big(1000000, 'a');
  EXPECT_EQ(sha256_hex(big), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  const std::string dir = test::temp_dir();
  fs::create_directories(dir + "/gdb");
  std::ofstream(dir + "/gdb/a") << "1";
  const auto h1 = describe_input("parcels", dir + "/gdb");
  std::ofstream(dir + "/gdb/b") << "2";
  const auto h2 = describe_input("parcels", dir + "/gdb");
  EXPECT_NE(h1.sha256, h2.sha256);
  EXPECT_EQ(h2.size_bytes, 2u);
  try {
    describe_input("parcels", dir + "/none.shp");
    FAIL() << "no error for a missing input";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
  }
}

TEST(WorkspaceTargets, RecognisesWorkspacePaths) {
  EXPECT_TRUE(is_workspace_target("out/demo/demo.hubland.sqlite"));
  EXPECT_TRUE(is_workspace_target("postgresql://u@h/db"));
  EXPECT_TRUE(is_workspace_target("postgres://u@h/db"));
  EXPECT_FALSE(is_workspace_target("out.gpkg"));
  EXPECT_FALSE(is_workspace_target(".hubland.sqlite"));
  EXPECT_FALSE(is_workspace_target("x.hubland.sqlite.gpkg"));
}

TEST(WorkspaceImport, ImportIntoWorkspaceMakesAOneLayerRun) {
  const std::string path = test::temp_dir() + "/imp.hubland.sqlite";
  const auto parcels = test::make_parcels(12);
  const auto run = import_into_workspace(path, "parcels", parcels, {}, {{"encoding", "GBK"}});
  Workspace ws = Workspace::open(path, OpenMode::MustExist);
  EXPECT_EQ(ws.run(run).info.command, "import");
  EXPECT_EQ(ws.run(run).counts.at("parcels"), 12);
  EXPECT_EQ(ws.run(run).info.parameters.at("encoding"), "GBK");
  EXPECT_TRUE(test::tables_equal(ws.layer("parcels").attributes, parcels.attributes));
}

}  // namespace

// PostGIS roles: zone offices see only their zone's projects and conversion requests and
// change no dataset; the bureau sees all. Real logins against the throwaway cluster.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/postgis.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

using namespace hubland;
using namespace hubland::layers;

namespace {

Layer make_projects() {
  Layer l;
  l.role = Role::Projects;
  l.epsg = 4545;
  auto& t = l.attributes;
  t.add_column("project_id", FieldType::Text);
  t.add_column("project_name", FieldType::Text);
  t.add_column("zone_id", FieldType::Text);
  const char* rows[][3] = {{"PR-1", "果园港冷链", "Z1"},
                           {"PR-2", "空港电子", "Z2"},
                           {"PR-3", "铁路物流园", "Z1"},
                           {"PR-4", "无区项目", ""}};
  for (auto& r : rows) {
    const auto i = t.add_row();
    t.set(i, 0, std::string(r[0]));
    t.set(i, 1, std::string(r[1]));
    if (*r[2]) t.set(i, 2, std::string(r[2]));
    l.geometry.push_back(geo::to_wkb(geo::from_wkt("POINT(500000 3270000)").get()));
  }
  return l;
}

Table make_conversions() {
  Table t;
  t.add_column("request_id", FieldType::Text);
  t.add_column("parcel_id", FieldType::Text);
  t.add_column("zone_id", FieldType::Text);
  const char* rows[][3] = {{"CR-1", "P-1", "Z2"}, {"CR-2", "P-2", "Z2"}, {"CR-3", "P-3", "Z1"}};
  for (auto& r : rows) {
    const auto i = t.add_row();
    for (std::size_t c = 0; c < 3; ++c) t.set(i, c, std::string(r[c]));
  }
  return t;
}

std::vector<std::string> column_values(const Table& t, const std::string& col) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < t.row_count(); ++r) out.push_back(as_text(t.get(r, t.index(col))));
  return out;
}

class WorkspaceRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    HUBLAND_REQUIRE_POSTGIS();
    m_admin = test::pg_fresh_database("roles");
    const std::string db = m_admin.substr(m_admin.rfind('/') + 1);
    Workspace ws = Workspace::open(m_admin);
    const auto run = ws.begin_run(RunInfo{.command = "import"});
    ws.put_layer(run, "projects", make_projects());
    ws.put_table(run, "conversions", make_conversions());
    ws.put_layer(run, "parcels", test::make_parcels(6));
    ws.finish_run(run);
    grant_bureau(m_admin, "bureau_user");
    grant_zone_office(m_admin, "office_z1", "Z1");
    grant_zone_office(m_admin, "office_z2", "Z2");
    m_z1 = test::pg_url(m_admin, "office_z1", db);
    m_z2 = test::pg_url(m_admin, "office_z2", db);
    m_bureau = test::pg_url(m_admin, "bureau_user", db);
  }
  std::string m_admin, m_z1, m_z2, m_bureau;
};

TEST_F(WorkspaceRoles, ZoneOfficesSeeOnlyTheirZone) {
  EXPECT_EQ(column_values(Workspace::open(m_z1).table("projects"), "project_id"),
            (std::vector<std::string>{"PR-1", "PR-3"}));
  EXPECT_EQ(column_values(Workspace::open(m_z2).table("projects"), "project_id"),
            (std::vector<std::string>{"PR-2"}));
  EXPECT_EQ(column_values(Workspace::open(m_z1).table("conversions"), "request_id"),
            (std::vector<std::string>{"CR-3"}));
  EXPECT_EQ(column_values(Workspace::open(m_z2).table("conversions"), "request_id"),
            (std::vector<std::string>{"CR-1", "CR-2"}));
  EXPECT_EQ(column_values(Workspace::open(m_bureau).table("projects"), "project_id"),
            (std::vector<std::string>{"PR-1", "PR-2", "PR-3", "PR-4"}));
  EXPECT_EQ(Workspace::open(m_bureau).table("conversions").row_count(), 3u);
  // Other datasets are not zoned: everybody reads all parcels.
  EXPECT_EQ(Workspace::open(m_z1).layer("parcels").size(), 6u);
}

// Offices read their zone's rows but change no dataset: they act through applications
// (test_applications.cpp). A completed run is read-only for the bureau too.
TEST_F(WorkspaceRoles, ZoneOfficesReadButWriteNoDataset) {
  PgConnection z1(m_z1);
  const std::string projects = "hubland.r1_projects";
  auto message_of = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
      return e.message();
    }
    return std::string("no error");
  };
  const std::string denied = "PostgreSQL: permission denied for table r1_projects [42501]";
  EXPECT_EQ(message_of([&] { z1.exec("UPDATE " + projects + " SET project_name = 'x'"); }), denied);
  EXPECT_EQ(message_of([&] { z1.exec("DELETE FROM " + projects + " WHERE project_id = 'PR-1'"); }),
            denied);
  EXPECT_EQ(message_of([&] {
              z1.exec("INSERT INTO " + projects +
                      "(hl_row, project_id, zone_id) VALUES (98, 'PR-8', 'Z1')");
            }),
            denied);
  // Zone offices cannot touch parcels or start runs.
  EXPECT_EQ(message_of([&] { z1.exec("UPDATE hubland.r1_parcels SET employees = 0"); }),
            "PostgreSQL: permission denied for table r1_parcels [42501]");
  EXPECT_NE(message_of([&] { Workspace::open(m_z1).begin_run(RunInfo{.command = "run"}); }),
            "no error");

  // The bureau reads everything but cannot change a completed run either.
  PgConnection bureau(m_bureau);
  EXPECT_EQ(message_of([&] {
              bureau.exec("UPDATE " + projects + " SET zone_id = 'Z2' WHERE project_id = 'PR-4'");
            }),
            "PostgreSQL: dataset hubland.r1_projects belongs to run 1, which is completed: it is "
            "read-only [42501]");
  auto names =
      bureau.exec("SELECT project_id, project_name FROM " + projects + " ORDER BY project_id");
  ASSERT_EQ(names.rows.size(), 4u);
  EXPECT_EQ(names.rows[0][1], "果园港冷链");
  EXPECT_EQ(column_values(Workspace::open(m_z2).table("projects"), "project_id"),
            (std::vector<std::string>{"PR-2"}));
  // A bureau login runs analyses.
  Workspace ws = Workspace::open(m_bureau);
  const auto run = ws.begin_run(RunInfo{.command = "screen"});
  ws.put_table(run, "grades", test::make_grades(3));
  ws.finish_run(run);
  EXPECT_EQ(ws.run(run).info.user, "bureau_user");
  EXPECT_EQ(Workspace::open(m_z1).table("grades").row_count(), 3u);
}

}  // namespace

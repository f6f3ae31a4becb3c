#pragma once
// Shared fixtures of the workspace and export tests: hand-made layers and tables, and the
// throwaway PostGIS cluster (HUBLAND_TEST_PG_URL, started by tests/postgis/pg_cluster.sh).

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/layer.hpp"
#include "hubland/layers/postgis.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::test {

/// `n` square parcels on a grid in CGCS2000 / 3-degree GK CM 108E (EPSG:4545, metres), with text
/// (Chinese, and COPY/CSV-hostile characters), integer, real and null cells. `version` changes
/// the values so that two runs can be told apart.
inline layers::Layer make_parcels(std::size_t n, int version = 1) {
  using layers::FieldType;
  layers::Layer l;
  l.role = layers::Role::Parcels;
  l.source = "hand-made";
  l.layer_name = "parcels";
  l.epsg = 4545;
  auto& t = l.attributes;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto ent = t.add_column("enterprise", FieldType::Text);
  const auto lu = t.add_column("land_use", FieldType::Text);
  const auto area = t.add_column("area_m2", FieldType::Real, "m2");
  const auto emp = t.add_column("employees", FieldType::Integer);
  const auto tax = t.add_column("tax_10k_yuan", FieldType::Real, "10k_yuan");
  static const char* names[] = {"重庆果园港物流有限公司", "两江新区智能制造\t厂",
                                "Chongqing \"Hub\", Ltd\\", "渝北\n仓储"};
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = t.add_row();
    t.set(r, id, "P-" + std::to_string(i + 1));
    t.set(r, ent, std::string(names[i % 4]));
    t.set(r, lu, std::string(i % 3 ? "100101" : "1001"));
    const double side = 50.0 + static_cast<double>(i % 7) * 10.0;
    t.set(r, area, side * side);
    if (i % 5 != 4)
      t.set(r, emp, static_cast<std::int64_t>(i * 3 + static_cast<std::size_t>(version)));
    t.set(r, tax, 0.1 * static_cast<double>(i) + version);
    const double x = 500000.0 + static_cast<double>(i % 20) * 200.0;
    const double y = 3270000.0 + static_cast<double>(i / 20) * 200.0;
    const std::string wkt = "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
                            std::to_string(x + side) + " " + std::to_string(y) + "," +
                            std::to_string(x + side) + " " + std::to_string(y + side) + "," +
                            std::to_string(x) + " " + std::to_string(y + side) + "," +
                            std::to_string(x) + " " + std::to_string(y) + "))";
    auto g = geo::from_wkt(wkt);
    l.geometry.push_back(geo::to_wkb(g.get()));
  }
  return l;
}

/// A grades table for the parcels above: parcel_id, score, grade (A-D), flags.
inline layers::Table make_grades(std::size_t n) {
  using layers::FieldType;
  layers::Table t;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto score = t.add_column("score", FieldType::Real);
  const auto grade = t.add_column("grade", FieldType::Text);
  const auto flags = t.add_column("flags", FieldType::Text);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = t.add_row();
    t.set(r, id, "P-" + std::to_string(i + 1));
    t.set(r, score, 100.0 - static_cast<double>(i % 100));
    t.set(r, grade, std::string(1, static_cast<char>('A' + i % 4)));
    if (i % 4 == 3) t.set(r, flags, std::string("LE-FAR;LE-TAX"));
  }
  return t;
}

/// Cell-by-cell equality with a message naming the first difference.
inline ::testing::AssertionResult tables_equal(const layers::Table& a, const layers::Table& b) {
  if (a.column_count() != b.column_count())
    return ::testing::AssertionFailure()
           << "column counts " << a.column_count() << " vs " << b.column_count();
  if (a.row_count() != b.row_count())
    return ::testing::AssertionFailure()
           << "row counts " << a.row_count() << " vs " << b.row_count();
  for (std::size_t c = 0; c < a.column_count(); ++c) {
    if (a.column(c).name != b.column(c).name || a.column(c).type != b.column(c).type ||
        a.column(c).unit != b.column(c).unit)
      return ::testing::AssertionFailure()
             << "column " << c << ": " << a.column(c).name << " vs " << b.column(c).name;
    for (std::size_t r = 0; r < a.row_count(); ++r)
      if (a.get(r, c) != b.get(r, c))
        return ::testing::AssertionFailure()
               << "cell (" << r << "," << a.column(c).name << "): '" << layers::as_text(a.get(r, c))
               << "' vs '" << layers::as_text(b.get(r, c)) << "'";
  }
  return ::testing::AssertionSuccess();
}

/// The admin URL of the throwaway cluster, or "" when the tests run without one.
inline std::string pg_admin_url() {
  const char* u = std::getenv("HUBLAND_TEST_PG_URL");
  return u ? u : "";
}

/// `url` with another user and database ("postgresql://user:pw@host:port/db").
inline std::string pg_url(const std::string& admin_url, const std::string& user,
                          const std::string& db) {
  const auto scheme = admin_url.find("://") + 3;
  const auto colon = admin_url.find(':', scheme);
  const auto slash = admin_url.find('/', admin_url.find('@'));
  std::string out =
      admin_url.substr(0, scheme) + user + admin_url.substr(colon, slash - colon) + "/" + db;
  return out;
}

/// A fresh database for this test on the throwaway cluster; returns its admin URL. The name
/// carries the test's name and the process id: ctest runs tests in parallel processes.
inline std::string pg_fresh_database(const std::string& tag) {
  const std::string admin = pg_admin_url();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string base = "hl_" + tag + "_" + (info ? std::string(info->name()) : std::string("x"));
  for (char& c : base)
    c = std::isalnum(static_cast<unsigned char>(c))
            ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
            : '_';
  const std::string pid = "_" + std::to_string(::getpid());
  if (base.size() + pid.size() > 63) base.resize(63 - pid.size());
  const std::string db = base + pid;
  layers::PgConnection c(admin);
  c.exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  c.exec("CREATE DATABASE " + db);
  const auto scheme = admin.find("://") + 3;
  const std::string user = admin.substr(scheme, admin.find(':', scheme) - scheme);
  return pg_url(admin, user, db);
}

#define HUBLAND_REQUIRE_POSTGIS()                                                       \
  do {                                                                                  \
    if (::hubland::test::pg_admin_url().empty())                                        \
      GTEST_SKIP() << "HUBLAND_TEST_PG_URL is not set: no PostGIS test cluster "        \
                      "(./hubland.sh test starts one via tests/postgis/pg_cluster.sh)"; \
  } while (0)

// ---- applications and raw SQL (test_applications.cpp, test_workspace_immutable.cpp)

enum class Store { SpatiaLite, PostGIS };
inline const char* backend_name(const ::testing::TestParamInfo<Store>& p) {
  return p.param == Store::SpatiaLite ? "SpatiaLite" : "PostGIS";
}

/// One project as an application's subject: a 40 m x 25 m site (1000 m2) in EPSG:4545 with
/// text, integer, real and null attributes.
inline layers::Layer make_project_subject(const std::string& project_id, const std::string& zone,
                                          const std::string& name = "果园港冷链仓储") {
  using layers::FieldType;
  layers::Layer l;
  l.role = layers::Role::Projects;
  l.source = "hand-made";
  l.layer_name = "projects";
  l.epsg = 4545;
  auto& t = l.attributes;
  const auto r = t.add_row();
  t.set(r, t.add_column("project_id", FieldType::Text), project_id);
  t.set(r, t.add_column("project_name", FieldType::Text), name);
  t.set(r, t.add_column("zone_id", FieldType::Text), zone);
  t.set(r, t.add_column("area_m2", FieldType::Real, "m2"), 1000.0 / 3.0);
  t.set(r, t.add_column("jobs", FieldType::Integer), std::int64_t{120});
  t.add_column("note", FieldType::Text);  // null
  l.geometry.push_back(geo::to_wkb(
      geo::from_wkt("POLYGON((500000 3270000,500040 3270000,500040 3270025,500000 3270025,"
                    "500000 3270000))")
          .get()));
  return l;
}

/// One conversion request (no geometry).
inline layers::Layer make_conversion_subject(const std::string& request_id,
                                             const std::string& zone) {
  using layers::FieldType;
  layers::Layer l;
  l.role = layers::Role::Conversions;
  l.layer_name = "conversions";
  auto& t = l.attributes;
  const auto r = t.add_row();
  t.set(r, t.add_column("request_id", FieldType::Text), request_id);
  t.set(r, t.add_column("parcel_id", FieldType::Text), std::string("P-7"));
  t.set(r, t.add_column("zone_id", FieldType::Text), zone);
  t.add_column("target_use", FieldType::Text);  // null
  return l;
}

/// SQL run beside HubLand (as psql or QGIS would): "" when it succeeded, else the error text.
class RawSql {
 public:
  explicit RawSql(const std::string& location) {
    if (location.rfind("postgresql://", 0) == 0)
      m_pg = std::make_unique<layers::PgConnection>(location);
    else
      sqlite3_open(location.c_str(), &m_db);
  }
  ~RawSql() {
    if (m_db) sqlite3_close(m_db);
  }
  RawSql(const RawSql&) = delete;
  RawSql& operator=(const RawSql&) = delete;
  std::string error_of(const std::string& sql) {
    if (m_pg) {
      try {
        m_pg->exec(sql);
      } catch (const Error& e) {
        // The server's message alone: drop "PostgreSQL: " and the " [SQLSTATE]" suffix.
        std::string m = e.message();
        if (m.rfind("PostgreSQL: ", 0) == 0) m = m.substr(12);
        if (m.size() > 8 && m.back() == ']') m.resize(m.size() - 8);
        return m;
      }
      return "";
    }
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return "";
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    return msg;
  }
  /// The first column of the first row ("" when none).
  std::string one(const std::string& sql) {
    if (m_pg) {
      auto r = m_pg->exec(sql);
      return r.rows.empty() ? "" : r.rows[0][0].value_or("");
    }
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return std::string("error: ") + sqlite3_errmsg(m_db);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* m_db = nullptr;
  std::unique_ptr<layers::PgConnection> m_pg;
};

// Brings a fresh schema-4 workspace back to schema 3 (what HubLand before 'aborted' runs
// wrote): no writer columns, no 'aborted' status, no abort_dead_runs().
inline void downgrade_to_v3(const std::string& location, bool pg) {
  test::RawSql raw(location);
  if (pg) {
    ASSERT_EQ(raw.error_of("DROP FUNCTION hubland.abort_dead_runs();"
                           "ALTER TABLE hubland.runs DROP CONSTRAINT runs_status_check;"
                           "ALTER TABLE hubland.runs ADD CONSTRAINT runs_status_check"
                           " CHECK(status IN ('running','completed','failed'));"
                           "UPDATE hubland.meta SET value='3' WHERE key='schema_version'"),
              "");
  } else {
    ASSERT_EQ(raw.error_of("ALTER TABLE hubland_runs DROP COLUMN writer_pid;"
                           "ALTER TABLE hubland_runs DROP COLUMN writer_host;"
                           "ALTER TABLE hubland_runs DROP COLUMN writer_start;"
                           "PRAGMA writable_schema=ON;"
                           "UPDATE sqlite_master SET sql=replace(sql,"
                           "'(''running'',''completed'',''failed'',''aborted'')',"
                           "'(''running'',''completed'',''failed'')')"
                           " WHERE type='table' AND name='hubland_runs';"
                           "PRAGMA writable_schema=RESET;"
                           "UPDATE hubland_meta SET value='3' WHERE key='schema_version'"),
              "");
  }
}

// Brings a fresh schema-3 workspace back to schema 2 (what HubLand before applications wrote):
// the schema-3 tables, functions and triggers go, the version says 2.
inline void downgrade_to_v2(const std::string& location, bool pg) {
  downgrade_to_v3(location, pg);
  test::RawSql raw(location);
  if (pg) {
    ASSERT_EQ(
        raw.error_of(
            "DO $$ DECLARE r record; BEGIN"
            " FOR r IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger"
            "  WHERE tgname LIKE 'hl_%' AND NOT tgisinternal LOOP"
            "  EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.rel); END LOOP; END $$;"
            "DROP TABLE hubland.application_events, hubland.applications,"
            " hubland.application_transitions, hubland.rulesets;"
            "DROP FUNCTION hubland.refuse_unless_running, hubland.runs_guard,"
            " hubland.catalog_guard, hubland.refuse_truncate, hubland.applications_guard,"
            " hubland.applications_event, hubland.applications_no_delete, hubland.events_guard,"
            " hubland.my_actor;"
            "UPDATE hubland.meta SET value='2' WHERE key='schema_version'"),
        "");
  } else {
    ASSERT_EQ(
        raw.error_of("DROP TABLE hubland_application_events; DROP TABLE hubland_applications;"
                     "DROP TABLE hubland_application_transitions; DROP TABLE hubland_rulesets;"),
        "");
    std::vector<std::string> triggers;
    for (;;) {
      const std::string t = raw.one(
          "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'hl\\_%' "
          "ESCAPE '\\' LIMIT 1");
      if (t.empty()) break;
      ASSERT_EQ(raw.error_of("DROP TRIGGER \"" + t + "\""), "");
    }
    ASSERT_EQ(raw.error_of("UPDATE hubland_meta SET value='2' WHERE key='schema_version'"), "");
  }
}

}  // namespace hubland::test

#pragma once
// Internal: the SQLite calls of the SpatiaLite workspace backend (spatialite.cpp,
// spatialite_applications.cpp), with errors that name the workspace file.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workspace_store.hpp"

namespace hubland::layers::sl {

using StmtPtr = std::unique_ptr<sqlite3_stmt, CDeleter<sqlite3_finalize>>;

/// A borrowed connection. A trigger's RAISE(ABORT, …) (SQLITE_CONSTRAINT) becomes
/// Error(BadInput) with the trigger's message; other failures Error(Internal) or Error(Io).
struct Db {
  sqlite3* db;
  const std::string& path;

  [[noreturn]] void fail(const std::string& what) const;
  void exec(const std::string& sql) const;
  StmtPtr prepare(const std::string& sql) const;
  void step_done(StmtPtr& st) const;
  bool step_row(StmtPtr& st) const;
};

void bind_text(StmtPtr& st, int i, std::string_view s);
std::string text(StmtPtr& st, int i);

// ---- schema 3 (spatialite_applications.cpp)
/// The 2 -> 3 migration: rulesets, applications and their events with their triggers, and the
/// triggers that freeze runs that are no longer running (the caller then freezes every dataset).
std::string schema3_sql();
/// Triggers refusing INSERT/UPDATE/DELETE on a dataset's storage table unless its run is running.
std::string freeze_dataset_sql(std::int64_t run, const std::string& storage_table);

void store_ruleset(const Db& db, const RunInfo& info, const std::string& stored_utc);
std::optional<std::string> ruleset_text(const Db& db, const std::string& sha256);
std::int64_t insert_application(const Db& db, const Application& a);
/// Inside the caller's transaction; false when no row matched.
bool update_application(const Db& db, const Application& a, std::int64_t expected_version,
                        bool content, const std::string& reason,
                        const std::vector<std::string>& rules);
std::vector<Application> select_applications(const Db& db, std::optional<std::int64_t> id,
                                             std::optional<ApplicationStatus> status);
std::vector<ApplicationEvent> application_events(const Db& db, std::int64_t id);

}  // namespace hubland::layers::sl

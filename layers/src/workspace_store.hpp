#pragma once
// Internal: the backend interface behind layers::Workspace (SpatiaLite in spatialite.cpp,
// PostGIS in postgis.cpp). Not installed; nothing outside layers/src includes it.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/sql_text.hpp"
#include "hubland/layers/workspace.hpp"

namespace hubland::layers {

/// Current schema version of both backends (see the migration lists).
inline constexpr int kWorkspaceSchemaVersion = 4;

class WorkspaceStore {
 public:
  virtual ~WorkspaceStore() = default;
  virtual Backend backend() const noexcept = 0;
  virtual int schema_version() = 0;
  /// Inserts the run row (status running) and its inputs in one transaction.
  virtual std::int64_t begin_run(const RunInfo& info, const std::string& started_utc) = 0;
  /// Creates the storage table, fills it, registers the dataset and its columns: one
  /// transaction. `geometry` is null for tables. The caller has refused the reserved column
  /// names hl_row and geom.
  virtual void put_dataset(std::int64_t run, const std::string& name, DatasetKind kind,
                           const std::string& role, int epsg, const Table& table,
                           const std::vector<geo::Wkb>* geometry) = 0;
  virtual void end_run(std::int64_t run, RunStatus status, const std::string& finished_utc,
                       const std::string& counts_json, const std::string& message) = 0;
  virtual std::vector<RunRecord> runs() = 0;
  /// Datasets of one run, or of every run when nullopt, ordered by run then storage order.
  virtual std::vector<DatasetInfo> datasets(std::optional<std::int64_t> run) = 0;
  /// Reads a dataset; `geometry` may be null (attributes only).
  virtual void read(const DatasetInfo& ds, Table& attributes, std::vector<geo::Wkb>* geometry) = 0;
  virtual std::vector<std::size_t> rows_in_box(const DatasetInfo& ds, double min_x, double min_y,
                                               double max_x, double max_y) = 0;
  virtual std::string gdal_connection() const = 0;
  virtual std::vector<Table::Column> columns(const DatasetInfo& ds) = 0;
  /// The dataset's storage table as the backend's SQL names it (schema-qualified on PostGIS).
  virtual std::string sql_table(const DatasetInfo& ds) const = 0;

  // ---- rulesets and applications (schema 3; workspace_applications.cpp is the facade)
  /// The stored text of a ruleset by SHA-256 (begin_run stores RunInfo::ruleset_text).
  virtual std::optional<std::string> ruleset_text(const std::string& sha256) = 0;
  virtual WorkspaceActor actor() = 0;
  /// Inserts a draft (status, version, filed_*/updated_* already set by the facade); returns
  /// its id. The database's triggers write the filing event.
  virtual std::int64_t insert_application(const Application& a) = 0;
  /// UPDATE … WHERE id = a.id AND version = expected_version, writing the content columns only
  /// when `content`; `reason` and `rules` go to the event row the trigger writes. Returns the
  /// stored row, or nullopt when no row matched (stale or not visible).
  virtual std::optional<Application> update_application(const Application& a,
                                                        std::int64_t expected_version, bool content,
                                                        const std::string& reason,
                                                        const std::vector<std::string>& rules) = 0;
  /// The visible applications: one (id) or all (optionally of one status), by id.
  virtual std::vector<Application> select_applications(std::optional<std::int64_t> id,
                                                       std::optional<ApplicationStatus> status) = 0;
  virtual std::vector<ApplicationEvent> application_events(std::int64_t id) = 0;
};

std::unique_ptr<WorkspaceStore> make_spatialite_store(const std::string& path, OpenMode mode);
std::unique_ptr<WorkspaceStore> make_postgis_store(const std::string& url, OpenMode mode);

// Shared helpers.
std::string utc_now_iso();
std::string current_user_name();
std::string run_status_name(RunStatus s);
RunStatus run_status_from(const std::string& s);
std::string params_to_json(const std::map<std::string, std::string>& p);
std::map<std::string, std::string> params_from_json(const std::string& s);
std::string counts_to_json(const std::map<std::string, std::int64_t>& c);
std::map<std::string, std::int64_t> counts_from_json(const std::string& s);
/// Throws Error(BadInput) unless `name` is a valid dataset or column-safe name.
void check_dataset_name(const std::string& name);
/// "r<run>_<name>"
std::string storage_table_name(std::int64_t run, const std::string& name);
FieldType field_type_from(const std::string& s);

/// Upper-case hex of bytes (PostGIS WKB parameters) and back (accepts a "\\x" prefix).
std::string hex_bytes(const std::uint8_t* p, std::size_t n);
geo::Wkb unhex_bytes(const std::string& s);

// Applications, shared by both backends (workspace_applications.cpp).
/// An application's subject without its geometry (role, source, layer name, typed columns and
/// the one row's values, nulls as null) as JSON; geometry and EPSG are stored in their own
/// columns.
std::string subject_to_json(const Layer& subject);
Layer subject_from_json(const std::string& json, int epsg, geo::Wkb site);
std::string strings_to_json(const std::vector<std::string>& v);
std::vector<std::string> strings_from_json(const std::string& s);
/// "'draft','submitted',…" for CHECK constraints.
std::string application_status_sql_list();
/// "('draft','submitted','office'),…": kTransitions as VALUES rows of
/// application_transitions(from_status, to_status, by_actor).
std::string application_transitions_sql_values();
/// The trailing text of a refusal in a database message, for Error(BadInput) (strips a
/// "PostgreSQL: " prefix and a " [SQLSTATE]" suffix).
std::string database_refusal(const std::string& message);

/// A unique_ptr deleter calling a C library's release function (sqlite3_finalize, PQclear).
template <auto Release>
struct CDeleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Release(p);
  }
};

/// A store transaction that rolls back unless committed (exceptions, early returns). `exec`
/// runs one SQL statement and throws on failure; a failed ROLLBACK is ignored, since the
/// database rolls back on its own when the connection goes.
class StoreTx {
 public:
  using Exec = std::function<void(const std::string& sql)>;
  /// Runs `begin_sql` ("BEGIN", "BEGIN IMMEDIATE").
  StoreTx(Exec exec, const std::string& begin_sql);
  ~StoreTx();
  void commit();
  StoreTx(const StoreTx&) = delete;
  StoreTx& operator=(const StoreTx&) = delete;

 private:
  Exec m_exec;
  bool m_done = false;
};

}  // namespace hubland::layers

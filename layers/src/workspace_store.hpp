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
inline constexpr int kWorkspaceSchemaVersion = 2;

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

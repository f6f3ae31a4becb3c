#pragma once
// Workspace — where a bureau keeps its layers and every analysis run, for years.
//
// Two backends, one schema and one API:
//  - SpatiaLite file (`*.hubland.sqlite`, the embedded default);
//  - PostgreSQL/PostGIS database (`postgresql://…` or `postgres://…` URL, libpq), shared by a
//    bureau's staff, with row-level security for zone offices (see docs/workspace.md).
//
// Contract:
//  - A run is opened with begin_run(), filled with put_layer()/put_table(), and closed with
//    finish_run() (or fail_run()). Only completed runs are read by default: a process killed
//    at any point leaves the previous completed run, and everything else stored, untouched.
//  - Every write is one transaction: a dataset appears whole or not at all.
//  - Each dataset (layer or table) of a run is stored as its own typed table; layers keep their
//    geometry in a SpatiaLite/PostGIS geometry column with a spatial index (R*Tree / GiST).
//    Spatial queries go through the index (SpatiaLite: the SpatialIndex subquery).
//  - Schema versioned (hubland_meta.schema_version) and migrated forward on open; a workspace
//    from a newer HubLand is refused (Error Schema).
//  - Dataset names: lower-case ASCII letters, digits and '_', starting with a letter, ≤ 40 bytes.
//
// Failure modes: Error(Io) when the file/server cannot be opened or written; Error(BadInput)
// for a bad name, an unknown run or dataset; Error(Schema) for a foreign or too-new database;
// Error(Internal) for SQL failures that are not the input's fault.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/applications.hpp"
#include "hubland/layers/layer.hpp"
#include "hubland/layers/sha256.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// One input file of a run: what was read, how big it was, and its SHA-256.
struct InputRecord {
  std::string role;  ///< "parcels", "ruleset", "analysis", ...
  std::string path;
  std::uint64_t size_bytes = 0;
  std::string sha256;  ///< lower-case hex
};

/// Size and SHA-256 (sha256.hpp) of a file (a "path|layer" source is hashed by its path part; a
/// folder by its files in name order). Throws Error(Io) when unreadable.
InputRecord describe_input(const std::string& role, const std::string& path);

/// Now in UTC, ISO 8601 to the second ("2026-11-28T17:02:11Z"): how a workspace stamps times.
std::string utc_now_iso();

/// What a run is, given when it starts.
struct RunInfo {
  std::string command;  ///< "run", "import", "screen", ...
  std::vector<InputRecord> inputs;
  std::string ruleset_id;
  std::string ruleset_sha256;
  std::map<std::string, std::string> parameters;  ///< e.g. {"quota_mu","3000"}
  std::string user;                               ///< empty: $USER (or the database login)
  /// The ruleset file's text (its SHA-256 is ruleset_sha256): stored once per SHA-256 in the
  /// workspace, so the workspace can run its stages again on another machine ("" = not stored).
  std::string ruleset_text;
};

/// Aborted: the process writing the run died (kill -9, power loss); set when the workspace is
/// next opened (docs/workspace.md "Killed runs").
enum class RunStatus { Running, Completed, Failed, Aborted };
const char* to_string(RunStatus s) noexcept;

/// A stored run.
struct RunRecord {
  std::int64_t id = 0;
  RunInfo info;
  RunStatus status = RunStatus::Running;
  std::string tool_version;  ///< hubland::kVersion of the writer
  std::string started_utc;   ///< ISO 8601, e.g. "2026-11-28T17:02:11Z"
  std::string finished_utc;  ///< "" while running
  std::map<std::string, std::int64_t> counts;
  std::string message;  ///< failure reason of a failed run
};

enum class DatasetKind { Layer, Table };

/// A dataset stored in a run.
struct DatasetInfo {
  std::int64_t run = 0;
  std::string name;
  DatasetKind kind = DatasetKind::Table;
  std::string role;  ///< layer role ("parcels"), "" for tables
  int epsg = 0;
  std::size_t row_count = 0;
  std::string storage_table;  ///< the physical table holding the rows (r<run>_<name>)
};

enum class Backend { SpatiaLite, PostGIS };
enum class OpenMode { CreateIfMissing, MustExist };

/// True for a workspace target: a path ending in ".hubland.sqlite" or a postgresql:// URL. The
/// import and run commands use it to decide that `-o` names a workspace.
bool is_workspace_target(const std::string& path_or_url);
/// True for a postgresql:// or postgres:// URL.
bool is_postgres_url(const std::string& s);

class WorkspaceStore;  // backend implementation (spatialite.cpp, postgis.cpp)

class Workspace {
 public:
  /// Opens (and creates or migrates) a workspace. Throws Error(Io) when it cannot be opened,
  /// Error(Schema) when the database is not a HubLand workspace or is newer than this tool.
  static Workspace open(const std::string& path_or_url, OpenMode mode = OpenMode::CreateIfMissing);

  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  ~Workspace();

  Backend backend() const noexcept;
  const std::string& location() const noexcept { return m_location; }
  int schema_version() const;

  /// Starts a run (status running; tool version, user and start time recorded).
  std::int64_t begin_run(const RunInfo& info);
  /// Stores a layer (geometry + attributes) as dataset `name` of a running run.
  void put_layer(std::int64_t run, const std::string& name, const Layer& layer);
  /// Stores an attribute table as dataset `name` of a running run.
  void put_table(std::int64_t run, const std::string& name, const Table& table);
  /// Marks a run completed with its counts ("parcels_in", "findings", ...).
  void finish_run(std::int64_t run, const std::map<std::string, std::int64_t>& counts = {});
  /// Marks a run failed with a reason; its datasets stay for inspection but are never read by
  /// default.
  void fail_run(std::int64_t run, const std::string& reason);

  /// Every run, oldest first.
  std::vector<RunRecord> runs() const;
  /// One run; Error(BadInput) when there is none with that id.
  RunRecord run(std::int64_t id) const;
  /// The newest completed run holding dataset `name` (nullopt when none).
  std::optional<std::int64_t> latest_run_with(const std::string& name) const;
  /// Datasets of one run, in the order they were stored.
  std::vector<DatasetInfo> datasets(std::int64_t run) const;
  /// A dataset of a run (default: the newest completed run holding it); Error(BadInput) when
  /// absent.
  DatasetInfo dataset(const std::string& name, std::optional<std::int64_t> run = {}) const;

  /// Reads a dataset's attributes (a layer's attributes without geometry).
  Table table(const std::string& name, std::optional<std::int64_t> run = {}) const;
  /// Reads a layer back (geometry as WKB in its stored EPSG).
  Layer layer(const std::string& name, std::optional<std::int64_t> run = {}) const;
  /// Row indices (0-based, input order) of a layer's features whose bounding box meets the box,
  /// found through the spatial index. Coordinates in the layer's CRS units.
  std::vector<std::size_t> rows_in_box(const std::string& name, double min_x, double min_y,
                                       double max_x, double max_y,
                                       std::optional<std::int64_t> run = {}) const;

  /// How GDAL opens this workspace ("file.hubland.sqlite" or "PG:postgresql://…"), for
  /// exports that stream straight from the database.
  std::string gdal_connection() const;
  /// The columns of a dataset (names, types, units) without reading its rows.
  std::vector<Table::Column> columns(const DatasetInfo& ds) const;
  /// The dataset's storage table as this backend's SQL names it (for export queries).
  std::string sql_table(const DatasetInfo& ds) const;

  /// The text of a ruleset a run used (RunInfo::ruleset_text), by its SHA-256; nullopt when the
  /// workspace does not hold it.
  std::optional<std::string> ruleset_text(const std::string& sha256) const;

  // ---- Applications (applications.hpp, docs/workflow.md). Every refusal names the application.
  /// Who this session is (office of a zone, or bureau).
  WorkspaceActor actor() const;
  /// Files `a` as a draft (version 1; filed_by/at set here) and returns its id. Error(BadInput)
  /// when an office files for another zone (the database refuses it), or the subject is not one
  /// feature of the kind's role.
  std::int64_t file_application(const Application& a);
  /// Replaces a draft's content (subject, subject_id, zone_id). Error(Conflict) when the stored
  /// version is not `expected_version`; Error(BadInput) when it is no longer a draft.
  void edit_application(const Application& a, std::int64_t expected_version);
  /// Changes the status (kTransitions; checked here and by the database) and returns the stored
  /// application after the change. Error(Conflict) on a stale version; Error(BadInput) for a
  /// change kTransitions does not allow this actor.
  Application change_status(std::int64_t id, std::int64_t expected_version,
                            const StatusChange& change);
  /// The application, or nullopt when there is none this session may see.
  std::optional<Application> find_application(std::int64_t id) const;
  /// The same, Error(BadInput) "no application N visible to LOGIN" when absent.
  Application application(std::int64_t id) const;
  /// Every application this session may see (optionally of one status), by id.
  std::vector<Application> applications(std::optional<ApplicationStatus> status = {}) const;
  /// The audit rows of one application, oldest first.
  std::vector<ApplicationEvent> application_events(std::int64_t id) const;

 private:
  Workspace(std::string location, std::unique_ptr<WorkspaceStore> store);
  std::string m_location;
  std::unique_ptr<WorkspaceStore> m_store;
};

/// Keeps a run honest: begin_run() in the constructor, fail_run() in the destructor unless
/// finish() was called — so an exception in a stage never leaves a run looking "running".
class RunScope {
 public:
  RunScope(Workspace& ws, const RunInfo& info) : m_ws(ws), m_run(ws.begin_run(info)) {}
  ~RunScope();
  RunScope(const RunScope&) = delete;
  RunScope& operator=(const RunScope&) = delete;
  std::int64_t id() const noexcept { return m_run; }
  void finish(const std::map<std::string, std::int64_t>& counts = {});

 private:
  Workspace& m_ws;
  std::int64_t m_run;
  bool m_done = false;
};

/// Stores one imported layer as a one-dataset run ("import"): what `hubland import … -o WS`
/// does. Returns the run id.
std::int64_t import_into_workspace(const std::string& path_or_url, const std::string& name,
                                   const Layer& layer, const std::vector<InputRecord>& inputs,
                                   const std::map<std::string, std::string>& parameters = {});

}  // namespace hubland::layers

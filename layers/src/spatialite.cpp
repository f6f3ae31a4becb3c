// The SpatiaLite workspace backend: one SQLite file per workspace.
#include <sqlite3.h>
// spatialite.h needs sqlite3.h first.
#include <spatialite.h>

#include <cstdio>
#include <filesystem>
#include <span>

#include "hubland/error.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/table_rows.hpp"
#include "hubland/version.hpp"
#include "process_owner.hpp"
#include "spatialite_sql.hpp"
#include "workspace_store.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

namespace {

using DbPtr = std::unique_ptr<sqlite3, CDeleter<sqlite3_close_v2>>;
using sl::StmtPtr;
using SpatialiteCache = CDeleter<spatialite_cleanup_ex>;

// Field declaration order matters: the connection must close before the SpatiaLite cache goes.
class SpatiaLiteStore final : public WorkspaceStore {
 public:
  SpatiaLiteStore(std::string path, OpenMode mode) : m_path(std::move(path)) {
    std::error_code ec;
    const bool exists = fs::exists(m_path, ec);
    if (!exists && mode == OpenMode::MustExist)
      throw Error(ErrorKind::Io, "no such workspace", Where{.file = m_path});
    if (!exists) {
      const fs::path parent = fs::path(m_path).parent_path();
      if (!parent.empty()) fs::create_directories(parent, ec);
    }
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(m_path.c_str(), &raw, flags, nullptr);
    m_db.reset(raw);
    if (rc != SQLITE_OK)
      throw Error(ErrorKind::Io,
                  std::string("cannot open workspace: ") + (raw ? sqlite3_errmsg(raw) : "?"),
                  Where{.file = m_path});
    m_cache.reset(spatialite_alloc_connection());
    spatialite_init_ex(m_db.get(), m_cache.get(), 0);
    sqlite3_busy_timeout(m_db.get(), 30000);
    // WAL: readers never block the writer; FULL: a committed run survives power loss too.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    migrate();
    abort_dead_runs();
  }
  ~SpatiaLiteStore() override {
    m_db.reset();
    m_cache.reset();
  }

  Backend backend() const noexcept override { return Backend::SpatiaLite; }

  int schema_version() override {
    if (!table_exists("hubland_meta")) return 0;
    auto st = prepare("SELECT value FROM hubland_meta WHERE key='schema_version'");
    if (sqlite3_step(st.get()) != SQLITE_ROW) return 0;
    return sqlite3_column_int(st.get(), 0);
  }

  std::int64_t begin_run(const RunInfo& info, const std::string& started) override {
    Tx tx(*this);
    const std::string user = info.user.empty() ? current_user_name() : info.user;
    auto st = prepare(
        "INSERT INTO hubland_runs(command,status,tool_version,ruleset_id,ruleset_sha256,"
        "parameters_json,user_name,started_utc,writer_pid,writer_host,writer_start) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    bind_text(st, 1, info.command);
    bind_text(st, 2, "running");
    bind_text(st, 3, kVersion);
    bind_text(st, 4, info.ruleset_id);
    bind_text(st, 5, info.ruleset_sha256);
    bind_text(st, 6, params_to_json(info.parameters));
    bind_text(st, 7, user);
    bind_text(st, 8, started);
    // Who writes the run: a later open marks it aborted once this process is gone.
    const ProcessOwner self = this_process();
    sqlite3_bind_int64(st.get(), 9, self.pid);
    bind_text(st, 10, self.host);
    bind_text(st, 11, self.start);
    step_done(st);
    const std::int64_t run = sqlite3_last_insert_rowid(m_db.get());
    auto in = prepare(
        "INSERT INTO hubland_run_inputs(run_id,ord,role,path,size_bytes,sha256) "
        "VALUES(?,?,?,?,?,?)");
    for (std::size_t i = 0; i < info.inputs.size(); ++i) {
      const auto& r = info.inputs[i];
      sqlite3_reset(in.get());
      sqlite3_bind_int64(in.get(), 1, run);
      sqlite3_bind_int64(in.get(), 2, static_cast<sqlite3_int64>(i));
      bind_text(in, 3, r.role);
      bind_text(in, 4, r.path);
      sqlite3_bind_int64(in.get(), 5, static_cast<sqlite3_int64>(r.size_bytes));
      bind_text(in, 6, r.sha256);
      step_done(in);
    }
    sl::store_ruleset(db(), info, started);
    audit(run, user, "begin_run", info.command);
    tx.commit();
    return run;
  }

  void put_dataset(std::int64_t run, const std::string& name, DatasetKind kind,
                   const std::string& role, int epsg, const Table& table,
                   const std::vector<geo::Wkb>* geometry) override {
    const std::string tname = storage_table_name(run, name);
    const auto& cols = table.columns();
    Tx tx(*this);
    {
      auto dup = prepare("SELECT 1 FROM hubland_datasets WHERE run_id=? AND name=?");
      sqlite3_bind_int64(dup.get(), 1, run);
      bind_text(dup, 2, name);
      if (sqlite3_step(dup.get()) == SQLITE_ROW)
        throw Error(ErrorKind::BadInput,
                    "run " + std::to_string(run) + " already has a dataset '" + name + "'",
                    Where{.file = m_path, .layer = name});
    }
    std::string ddl = "CREATE TABLE " + sql_identifier(tname) + "(hl_row INTEGER PRIMARY KEY";
    for (const auto& c : cols)
      ddl += ", " + sql_identifier(c.name) + " " +
             (c.type == FieldType::Integer ? "INTEGER"
              : c.type == FieldType::Real  ? "REAL"
                                           : "TEXT");
    ddl += ")";
    exec(ddl);
    if (geometry) {
      ensure_srid(epsg);
      exec_checked("SELECT AddGeometryColumn(" + sql_literal(tname) + ",'geom'," +
                       std::to_string(epsg) + ",'GEOMETRY','XY')",
                   "AddGeometryColumn");
    }
    std::string ins = "INSERT INTO " + sql_identifier(tname) + " VALUES(?";
    for (std::size_t c = 0; c < cols.size(); ++c) ins += ",?";
    if (geometry) ins += ",GeomFromWKB(?," + std::to_string(epsg) + ")";
    ins += ")";
    auto st = prepare(ins);
    const int gcol = static_cast<int>(cols.size()) + 2;
    for_each_row(table, [&](std::size_t r, std::span<const RowCell> cells) {
      sqlite3_reset(st.get());
      sqlite3_bind_int64(st.get(), 1, static_cast<sqlite3_int64>(r));
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const int p = static_cast<int>(c) + 2;
        const RowCell& cell = cells[c];
        if (cell.null) {
          sqlite3_bind_null(st.get(), p);
          continue;
        }
        switch (cell.type) {
          case FieldType::Integer:
            sqlite3_bind_int64(st.get(), p, cell.integer);
            break;
          case FieldType::Real:
            sqlite3_bind_double(st.get(), p, cell.real);
            break;
          case FieldType::Text:
            bind_text(st, p, cell.text());
            break;
        }
      }
      if (geometry) {
        const auto& wkb = (*geometry)[r];
        if (wkb.empty())
          sqlite3_bind_null(st.get(), gcol);
        else
          sqlite3_bind_blob(st.get(), gcol, wkb.data(), static_cast<int>(wkb.size()),
                            SQLITE_STATIC);
      }
      step_done(st);
    });
    if (geometry) {
      // GeomFromWKB yields NULL for bytes it cannot parse; a stored layer must not lose shapes.
      auto bad = prepare("SELECT count(*) FROM " + sql_identifier(tname) + " WHERE geom IS NULL");
      sqlite3_step(bad.get());
      std::size_t expected_null = 0;
      for (const auto& w : *geometry) expected_null += w.empty() ? 1 : 0;
      if (static_cast<std::size_t>(sqlite3_column_int64(bad.get(), 0)) != expected_null)
        throw Error(ErrorKind::Geometry, "SpatiaLite rejected a geometry (malformed WKB?)",
                    Where{.file = m_path, .layer = name});
      // Building the R*Tree after the rows is much faster than trigger-by-trigger.
      exec_checked("SELECT CreateSpatialIndex(" + sql_literal(tname) + ",'geom')",
                   "CreateSpatialIndex");
    }
    auto reg = prepare(
        "INSERT INTO hubland_datasets(run_id,name,ord,kind,role,epsg,row_count,storage_table) "
        "VALUES(?,?,(SELECT count(*) FROM hubland_datasets WHERE run_id=?),?,?,?,?,?)");
    sqlite3_bind_int64(reg.get(), 1, run);
    bind_text(reg, 2, name);
    sqlite3_bind_int64(reg.get(), 3, run);
    bind_text(reg, 4, kind == DatasetKind::Layer ? "layer" : "table");
    bind_text(reg, 5, role);
    sqlite3_bind_int(reg.get(), 6, geometry ? epsg : 0);
    sqlite3_bind_int64(reg.get(), 7, static_cast<sqlite3_int64>(table.row_count()));
    bind_text(reg, 8, tname);
    step_done(reg);
    auto colreg = prepare(
        "INSERT INTO hubland_columns(run_id,dataset,ord,name,type,unit) VALUES(?,?,?,?,?,?)");
    for (std::size_t c = 0; c < cols.size(); ++c) {
      sqlite3_reset(colreg.get());
      sqlite3_bind_int64(colreg.get(), 1, run);
      bind_text(colreg, 2, name);
      sqlite3_bind_int64(colreg.get(), 3, static_cast<sqlite3_int64>(c));
      bind_text(colreg, 4, cols[c].name);
      bind_text(colreg, 5, to_string(cols[c].type));
      bind_text(colreg, 6, cols[c].unit);
      step_done(colreg);
    }
    exec(sl::freeze_dataset_sql(run, tname));
    audit(run, current_user_name(), "put_dataset", name);
    kill_point("store:" + name);  // inside the transaction: the kill must roll it back
    tx.commit();
  }

  void end_run(std::int64_t run, RunStatus status, const std::string& finished,
               const std::string& counts_json, const std::string& message) override {
    Tx tx(*this);
    auto st = prepare(
        "UPDATE hubland_runs SET status=?, finished_utc=?, counts_json=?, message=? "
        "WHERE run_id=? AND status='running'");
    bind_text(st, 1, run_status_name(status));
    bind_text(st, 2, finished);
    bind_text(st, 3, counts_json);
    bind_text(st, 4, message);
    sqlite3_bind_int64(st.get(), 5, run);
    step_done(st);
    audit(run, current_user_name(), status == RunStatus::Completed ? "finish_run" : "fail_run",
          message);
    tx.commit();
  }

  std::vector<RunRecord> runs() override {
    std::vector<RunRecord> out;
    auto st = prepare(
        "SELECT run_id,command,status,tool_version,ruleset_id,ruleset_sha256,parameters_json,"
        "user_name,started_utc,finished_utc,counts_json,message FROM hubland_runs ORDER BY run_id");
    while (step_row(st)) {
      RunRecord r;
      r.id = sqlite3_column_int64(st.get(), 0);
      r.info.command = text(st, 1);
      r.status = run_status_from(text(st, 2));
      r.tool_version = text(st, 3);
      r.info.ruleset_id = text(st, 4);
      r.info.ruleset_sha256 = text(st, 5);
      r.info.parameters = params_from_json(text(st, 6));
      r.info.user = text(st, 7);
      r.started_utc = text(st, 8);
      r.finished_utc = text(st, 9);
      r.counts = counts_from_json(text(st, 10));
      r.message = text(st, 11);
      out.push_back(std::move(r));
    }
    auto in = prepare(
        "SELECT run_id,role,path,size_bytes,sha256 FROM hubland_run_inputs ORDER BY run_id,ord");
    while (step_row(in)) {
      const std::int64_t id = sqlite3_column_int64(in.get(), 0);
      for (auto& r : out)
        if (r.id == id)
          r.info.inputs.push_back(InputRecord{
              text(in, 1), text(in, 2),
              static_cast<std::uint64_t>(sqlite3_column_int64(in.get(), 3)), text(in, 4)});
    }
    return out;
  }

  std::vector<DatasetInfo> datasets(std::optional<std::int64_t> run) override {
    std::vector<DatasetInfo> out;
    auto st =
        prepare("SELECT run_id,name,kind,role,epsg,row_count,storage_table FROM hubland_datasets " +
                std::string(run ? "WHERE run_id=? " : "") + "ORDER BY run_id,ord");
    if (run) sqlite3_bind_int64(st.get(), 1, *run);
    while (step_row(st)) {
      DatasetInfo d;
      d.run = sqlite3_column_int64(st.get(), 0);
      d.name = text(st, 1);
      d.kind = text(st, 2) == "layer" ? DatasetKind::Layer : DatasetKind::Table;
      d.role = text(st, 3);
      d.epsg = sqlite3_column_int(st.get(), 4);
      d.row_count = static_cast<std::size_t>(sqlite3_column_int64(st.get(), 5));
      d.storage_table = text(st, 6);
      out.push_back(std::move(d));
    }
    return out;
  }

  void read(const DatasetInfo& ds, Table& t, std::vector<geo::Wkb>* geometry) override {
    auto cs = prepare(
        "SELECT name,type,unit FROM hubland_columns WHERE run_id=? AND dataset=? ORDER BY ord");
    sqlite3_bind_int64(cs.get(), 1, ds.run);
    bind_text(cs, 2, ds.name);
    std::string sel = "SELECT hl_row";
    while (step_row(cs)) {
      t.add_column(text(cs, 0), field_type_from(text(cs, 1)), text(cs, 2));
      sel += ',';
      sel += sql_identifier(text(cs, 0));
    }
    if (geometry) sel += ",AsBinary(geom)";
    sel += " FROM " + sql_identifier(ds.storage_table) + " ORDER BY hl_row";
    auto st = prepare(sel);
    t.reserve(ds.row_count);
    const std::size_t ncol = t.column_count();
    while (step_row(st)) {
      const std::size_t r = t.add_row();
      for (std::size_t c = 0; c < ncol; ++c) {
        const int i = static_cast<int>(c) + 1;
        switch (sqlite3_column_type(st.get(), i)) {
          case SQLITE_NULL:
            break;
          case SQLITE_INTEGER:
            t.set(r, c, std::int64_t{sqlite3_column_int64(st.get(), i)});
            break;
          case SQLITE_FLOAT:
            t.set(r, c, sqlite3_column_double(st.get(), i));
            break;
          default:
            t.set(r, c, text(st, i));
            break;
        }
      }
      if (geometry) {
        const int gi = static_cast<int>(ncol) + 1;
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.get(), gi));
        const int n = sqlite3_column_bytes(st.get(), gi);
        geometry->emplace_back(p, p + n);
      }
    }
  }

  std::vector<std::size_t> rows_in_box(const DatasetInfo& ds, double min_x, double min_y,
                                       double max_x, double max_y) override {
    // SpatiaLite never uses its R*Tree on its own (docs/design.md §10 P14): ask the SpatialIndex
    // virtual table for candidate rowids, then confirm on the MBR.
    char box[256];
    std::snprintf(box, sizeof box, "BuildMbr(%.17g,%.17g,%.17g,%.17g,%d)", min_x, min_y, max_x,
                  max_y, ds.epsg);
    auto st = prepare("SELECT hl_row FROM " + sql_identifier(ds.storage_table) +
                      " WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name=" +
                      sql_literal(ds.storage_table) +
                      " AND f_geometry_column='geom' AND search_frame=" + box +
                      ") AND MbrIntersects(geom," + box + ") ORDER BY hl_row");
    std::vector<std::size_t> out;
    while (step_row(st)) out.push_back(static_cast<std::size_t>(sqlite3_column_int64(st.get(), 0)));
    return out;
  }

  std::string gdal_connection() const override { return m_path; }
  std::vector<Table::Column> columns(const DatasetInfo& ds) override {
    auto cs = prepare(
        "SELECT name,type,unit FROM hubland_columns WHERE run_id=? AND dataset=? ORDER BY ord");
    sqlite3_bind_int64(cs.get(), 1, ds.run);
    bind_text(cs, 2, ds.name);
    std::vector<Table::Column> out;
    while (step_row(cs)) out.push_back({text(cs, 0), field_type_from(text(cs, 1)), text(cs, 2)});
    return out;
  }
  std::string sql_table(const DatasetInfo& ds) const override {
    return sql_identifier(ds.storage_table);
  }

  std::optional<std::string> ruleset_text(const std::string& sha256) override {
    return sl::ruleset_text(db(), sha256);
  }
  // One user's file: that user files and decides.
  WorkspaceActor actor() override { return {Actor::Bureau, current_user_name(), ""}; }
  std::int64_t insert_application(const Application& a) override {
    Tx tx(*this);
    const std::int64_t id = sl::insert_application(db(), a);
    tx.commit();
    return id;
  }
  std::optional<Application> update_application(const Application& a, std::int64_t expected,
                                                bool content, const std::string& reason,
                                                const std::vector<std::string>& rules) override {
    Tx tx(*this);
    if (!sl::update_application(db(), a, expected, content, reason, rules)) return std::nullopt;
    auto stored = sl::select_applications(db(), a.id, std::nullopt);
    tx.commit();
    return stored.at(0);
  }
  std::vector<Application> select_applications(std::optional<std::int64_t> id,
                                               std::optional<ApplicationStatus> status) override {
    return sl::select_applications(db(), id, status);
  }
  std::vector<ApplicationEvent> application_events(std::int64_t id) override {
    return sl::application_events(db(), id);
  }

 private:
  struct Tx : StoreTx {
    explicit Tx(SpatiaLiteStore& s)
        : StoreTx([&s](const std::string& sql) { s.exec(sql); }, "BEGIN IMMEDIATE") {}
  };

  sl::Db db() const { return sl::Db{m_db.get(), m_path}; }
  [[noreturn]] void fail(const std::string& what) const { db().fail(what); }
  void exec(const std::string& sql) { db().exec(sql); }

  // SpatiaLite's SQL functions report failure by returning 0 rather than an SQL error.
  void exec_checked(const std::string& sql, const char* what) {
    auto st = prepare(sql);
    if (sqlite3_step(st.get()) != SQLITE_ROW || sqlite3_column_int(st.get(), 0) != 1)
      fail(std::string(what) + " failed");
  }

  StmtPtr prepare(const std::string& sql) { return db().prepare(sql); }
  static void bind_text(StmtPtr& st, int i, std::string_view s) { sl::bind_text(st, i, s); }
  static std::string text(StmtPtr& st, int i) { return sl::text(st, i); }
  void step_done(StmtPtr& st) { db().step_done(st); }
  bool step_row(StmtPtr& st) { return db().step_row(st); }

  bool table_exists(const std::string& name) {
    auto st = prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    bind_text(st, 1, name);
    return sqlite3_step(st.get()) == SQLITE_ROW;
  }

  void ensure_srid(int epsg) {
    auto st = prepare("SELECT 1 FROM spatial_ref_sys WHERE srid=?");
    sqlite3_bind_int(st.get(), 1, epsg);
    if (sqlite3_step(st.get()) == SQLITE_ROW) return;
    exec_checked("SELECT InsertEpsgSrid(" + std::to_string(epsg) + ")", "InsertEpsgSrid");
  }

  void audit(std::int64_t run, const std::string& user, const std::string& action,
             const std::string& detail) {
    auto st = prepare(
        "INSERT INTO hubland_audit(at_utc,user_name,action,run_id,detail) VALUES(?,?,?,?,?)");
    bind_text(st, 1, utc_now_iso());
    bind_text(st, 2, user);
    bind_text(st, 3, action);
    sqlite3_bind_int64(st.get(), 4, run);
    bind_text(st, 5, detail);
    step_done(st);
  }

  // A run left 'running' by a process of this host that is gone (kill -9, crash, power loss)
  // becomes 'aborted'. Runs of other hosts, and runs written before schema 4 (no writer), stay
  // as they are: nothing here can tell whether their writer still works.
  void abort_dead_runs() {
    std::vector<std::pair<std::int64_t, ProcessOwner>> dead;
    {
      auto st = prepare(
          "SELECT run_id,writer_pid,writer_host,writer_start FROM hubland_runs "
          "WHERE status='running' ORDER BY run_id");
      while (step_row(st)) {
        ProcessOwner w{sqlite3_column_int64(st.get(), 1), text(st, 2), text(st, 3)};
        if (owner_state(w) == OwnerState::Gone)
          dead.emplace_back(sqlite3_column_int64(st.get(), 0), std::move(w));
      }
    }
    if (dead.empty()) return;
    Tx tx(*this);
    for (const auto& [run, w] : dead) {
      const std::string why = "aborted: the process writing the run (pid " + std::to_string(w.pid) +
                              " on " + w.host +
                              ") ended without finishing it; found when the workspace was opened";
      // The writer columns in the WHERE: another opener may have marked it already.
      auto st = prepare(
          "UPDATE hubland_runs SET status='aborted', finished_utc=?, message=? "
          "WHERE run_id=? AND status='running' AND writer_pid=? AND writer_start=?");
      bind_text(st, 1, utc_now_iso());
      bind_text(st, 2, why);
      sqlite3_bind_int64(st.get(), 3, run);
      sqlite3_bind_int64(st.get(), 4, w.pid);
      bind_text(st, 5, w.start);
      step_done(st);
      if (sqlite3_changes(m_db.get()) > 0) audit(run, current_user_name(), "abort_run", why);
    }
    tx.commit();
  }

  // Schema migrations: step i brings version i to i+1. Append only; never edit a shipped step.
  void migrate() {
    static const std::vector<std::string> steps = {
        // 0 -> 1: runs, inputs, datasets, columns; SpatiaLite metadata (no SRS rows: added per
        // EPSG on first use, which keeps a new workspace small and quick to create).
        "SELECT InitSpatialMetadata(0,'NONE');"
        "CREATE TABLE hubland_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO hubland_meta VALUES('schema_version','0');"
        "INSERT INTO hubland_meta VALUES('application','hubland');"
        "CREATE TABLE hubland_runs(run_id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " command TEXT NOT NULL, status TEXT NOT NULL CHECK(status IN"
        " ('running','completed','failed')), tool_version TEXT NOT NULL,"
        " ruleset_id TEXT NOT NULL DEFAULT '', ruleset_sha256 TEXT NOT NULL DEFAULT '',"
        " parameters_json TEXT NOT NULL DEFAULT '{}', user_name TEXT NOT NULL,"
        " started_utc TEXT NOT NULL, finished_utc TEXT NOT NULL DEFAULT '',"
        " counts_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE hubland_run_inputs(run_id INTEGER NOT NULL REFERENCES hubland_runs(run_id),"
        " ord INTEGER NOT NULL, role TEXT NOT NULL, path TEXT NOT NULL,"
        " size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY(run_id,ord));"
        "CREATE TABLE hubland_datasets(run_id INTEGER NOT NULL REFERENCES hubland_runs(run_id),"
        " name TEXT NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL CHECK(kind IN"
        " ('layer','table')), role TEXT NOT NULL DEFAULT '', epsg INTEGER NOT NULL DEFAULT 0,"
        " row_count INTEGER NOT NULL, storage_table TEXT NOT NULL UNIQUE,"
        " PRIMARY KEY(run_id,name));"
        "CREATE TABLE hubland_columns(run_id INTEGER NOT NULL, dataset TEXT NOT NULL,"
        " ord INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, unit TEXT NOT NULL"
        " DEFAULT '', PRIMARY KEY(run_id,dataset,ord));",
        // 1 -> 2: the audit log (who did what, when).
        "CREATE TABLE hubland_audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at_utc TEXT NOT NULL,"
        " user_name TEXT NOT NULL, action TEXT NOT NULL, run_id INTEGER, detail TEXT NOT NULL"
        " DEFAULT '');",
        // 2 -> 3: stored rulesets, applications and their events; finished runs frozen (the
        // loop below also freezes every dataset table stored so far).
        sl::schema3_sql(),
        // 3 -> 4: status 'aborted' and the writer of each run (pid, host, process start
        // time). SQLite cannot ALTER a CHECK constraint; widening it only admits more values,
        // so the table's stored SQL is edited in place (the documented writable_schema way;
        // RESET reloads the schema). The columns come first: ADD COLUMN edits that SQL too.
        "ALTER TABLE hubland_runs ADD COLUMN writer_pid INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE hubland_runs ADD COLUMN writer_host TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE hubland_runs ADD COLUMN writer_start TEXT NOT NULL DEFAULT '';"
        "PRAGMA writable_schema=ON;"
        "UPDATE sqlite_master SET sql=replace(sql,"
        "'(''running'',''completed'',''failed'')',"
        "'(''running'',''completed'',''failed'',''aborted'')')"
        " WHERE type='table' AND name='hubland_runs';"
        "PRAGMA writable_schema=RESET;",
    };
    int version = 0;
    if (table_exists("hubland_meta")) {
      auto app = prepare("SELECT value FROM hubland_meta WHERE key='application'");
      if (sqlite3_step(app.get()) != SQLITE_ROW || text(app, 0) != "hubland")
        throw Error(ErrorKind::Schema, "not a HubLand workspace", Where{.file = m_path});
      version = schema_version();
    } else {
      auto any = prepare("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
      sqlite3_step(any.get());
      if (sqlite3_column_int(any.get(), 0) != 0)
        throw Error(ErrorKind::Schema,
                    "the database exists but is not a HubLand workspace (no hubland_meta)",
                    Where{.file = m_path});
    }
    if (version > static_cast<int>(steps.size()))
      throw Error(ErrorKind::Schema,
                  "workspace schema version " + std::to_string(version) +
                      " is newer than this HubLand (" + std::to_string(steps.size()) +
                      "); upgrade HubLand",
                  Where{.file = m_path});
    for (int v = version; v < static_cast<int>(steps.size()); ++v) {
      Tx tx(*this);
      exec(steps[static_cast<std::size_t>(v)]);
      if (v == 2)
        for (const auto& d : datasets(std::nullopt))
          exec(sl::freeze_dataset_sql(d.run, d.storage_table));
      exec("UPDATE hubland_meta SET value='" + std::to_string(v + 1) +
           "' WHERE key='schema_version'");
      tx.commit();
    }
  }

  std::string m_path;
  std::unique_ptr<void, SpatialiteCache> m_cache;
  DbPtr m_db;
};

static_assert(kWorkspaceSchemaVersion == 4, "update the migration lists of both backends");

}  // namespace

std::unique_ptr<WorkspaceStore> make_spatialite_store(const std::string& path, OpenMode mode) {
  return std::make_unique<SpatiaLiteStore>(path, mode);
}

}  // namespace hubland::layers

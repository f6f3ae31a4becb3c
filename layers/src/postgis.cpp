// The PostGIS workspace backend (libpq) and the bureau / zone-office roles.
#include "hubland/layers/postgis.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <span>

#include "hubland/error.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/number_text.hpp"
#include "hubland/layers/table_rows.hpp"
#include "hubland/version.hpp"
#include "postgis_applications.hpp"
#include "workspace_store.hpp"

namespace hubland::layers {

namespace {

using PgResultPtr = std::unique_ptr<PGresult, CDeleter<PQclear>>;

// Hide the password of a URL in messages.
std::string redact(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

ErrorKind kind_of_sqlstate(const char* state) {
  if (!state) return ErrorKind::Internal;
  const std::string s(state);
  if (s.rfind("08", 0) == 0 || s.rfind("28", 0) == 0 || s.rfind("53", 0) == 0) return ErrorKind::Io;
  if (s == "42501" || s.rfind("23", 0) == 0 || s.rfind("22", 0) == 0) return ErrorKind::BadInput;
  return ErrorKind::Internal;
}

}  // namespace

struct PgConnection::Impl {
  std::unique_ptr<PGconn, CDeleter<PQfinish>> conn;
  std::string where;
};

PgConnection::PgConnection(const std::string& url) : m_impl(std::make_unique<Impl>()) {
  m_impl->where = redact(url);
  m_impl->conn.reset(PQconnectdb(url.c_str()));
  if (!m_impl->conn || PQstatus(m_impl->conn.get()) != CONNECTION_OK) {
    std::string msg = m_impl->conn ? PQerrorMessage(m_impl->conn.get()) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw Error(ErrorKind::Io, "cannot connect to PostgreSQL: " + msg,
                Where{.file = m_impl->where});
  }
  // Quiet NOTICEs (IF NOT EXISTS ...) instead of printing them on stderr.
  PQsetNoticeProcessor(
      m_impl->conn.get(), [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() = default;
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;

PgConnection::Result PgConnection::exec(const std::string& sql,
                                        const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  // PQexec runs several ';'-separated statements (migrations); parameters need PQexecParams.
  PgResultPtr res(values.empty() ? PQexec(m_impl->conn.get(), sql.c_str())
                                 : PQexecParams(m_impl->conn.get(), sql.c_str(),
                                                static_cast<int>(values.size()), nullptr,
                                                values.data(), nullptr, nullptr, 0));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // The primary message alone: a trigger's refusal reads as the trigger wrote it.
    const char* primary = res ? PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string msg = primary ? std::string(primary)
                      : res   ? PQresultErrorMessage(res.get())
                              : PQerrorMessage(m_impl->conn.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    throw Error(kind_of_sqlstate(state),
                "PostgreSQL: " + msg + (state ? std::string(" [") + state + "]" : ""),
                Where{.file = m_impl->where});
  }
  Result r;
  const int nf = PQnfields(res.get()), nt = PQntuples(res.get());
  for (int f = 0; f < nf; ++f) r.columns.emplace_back(PQfname(res.get(), f));
  r.rows.reserve(static_cast<std::size_t>(nt));
  for (int t = 0; t < nt; ++t) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<std::size_t>(nf));
    for (int f = 0; f < nf; ++f) {
      if (PQgetisnull(res.get(), t, f))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(std::string(PQgetvalue(res.get(), t, f),
                                     static_cast<std::size_t>(PQgetlength(res.get(), t, f))));
    }
    r.rows.push_back(std::move(row));
  }
  const char* affected = PQcmdTuples(res.get());
  if (affected && *affected) r.affected_rows = std::stoll(affected);
  return r;
}

void PgConnection::copy_in(const std::string& copy_sql, const std::string& data) {
  PGconn* c = m_impl->conn.get();
  PgResultPtr res(PQexec(c, copy_sql.c_str()));
  if (!res || PQresultStatus(res.get()) != PGRES_COPY_IN)
    throw Error(ErrorKind::Internal, std::string("PostgreSQL COPY refused: ") + PQerrorMessage(c),
                Where{.file = m_impl->where});
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t off = 0; off < data.size(); off += kChunk) {
    const std::size_t n = std::min(kChunk, data.size() - off);
    if (PQputCopyData(c, data.data() + off, static_cast<int>(n)) != 1)
      throw Error(ErrorKind::Io, std::string("PostgreSQL COPY failed: ") + PQerrorMessage(c),
                  Where{.file = m_impl->where});
  }
  if (PQputCopyEnd(c, nullptr) != 1)
    throw Error(ErrorKind::Io, std::string("PostgreSQL COPY failed: ") + PQerrorMessage(c),
                Where{.file = m_impl->where});
  PgResultPtr end(PQgetResult(c));
  const bool ok = end && PQresultStatus(end.get()) == PGRES_COMMAND_OK;
  std::string msg = end ? PQresultErrorMessage(end.get()) : "";
  const char* state = end ? PQresultErrorField(end.get(), PG_DIAG_SQLSTATE) : nullptr;
  const ErrorKind kind = kind_of_sqlstate(state);
  while (PGresult* more = PQgetResult(c)) PQclear(more);
  if (!ok) throw Error(kind, "PostgreSQL COPY failed: " + msg, Where{.file = m_impl->where});
}

std::string PgConnection::user() {
  return exec("SELECT session_user").rows.at(0).at(0).value_or("");
}

namespace {

std::string copy_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* kSchema = "hubland";

// The advisory lock a running run's connection holds (two-key form: class 'HLRU', then the
// run id folded into an int4). hubland.abort_dead_runs() (pg::schema4_sql) takes the same keys.
const char* kRunLockKeys = "1212961365, ($1::bigint % 2147483647)::int";

class PostGisStore final : public WorkspaceStore {
 public:
  PostGisStore(std::string url, OpenMode mode) : m_url(std::move(url)), m_conn(m_url) {
    migrate(mode);
    // Before this connection starts a run of its own (its own lock would be re-entrant).
    m_conn.exec("SELECT hubland.abort_dead_runs()");
  }

  Backend backend() const noexcept override { return Backend::PostGIS; }

  int schema_version() override {
    auto r = m_conn.exec(
        "SELECT value FROM hubland.meta WHERE key='schema_version' AND "
        "to_regclass('hubland.meta') IS NOT NULL");
    return r.rows.empty() ? 0 : std::stoi(r.rows[0][0].value_or("0"));
  }

  std::int64_t begin_run(const RunInfo& info, const std::string& started) override {
    Tx tx(m_conn);
    const std::string user = info.user.empty() ? m_conn.user() : info.user;
    auto r = m_conn.exec(
        "INSERT INTO hubland.runs(command,status,tool_version,ruleset_id,ruleset_sha256,"
        "parameters_json,user_name,started_utc) VALUES($1,'running',$2,$3,$4,$5,$6,$7) "
        "RETURNING run_id",
        {info.command, std::string(kVersion), info.ruleset_id, info.ruleset_sha256,
         params_to_json(info.parameters), user, started});
    const std::int64_t run = std::stoll(r.rows.at(0).at(0).value());
    // Taken before the row commits, so no opener ever sees this run running without its lock.
    m_conn.exec(std::string("SELECT pg_advisory_lock(") + kRunLockKeys + ")",
                {std::to_string(run)});
    for (std::size_t i = 0; i < info.inputs.size(); ++i) {
      const auto& in = info.inputs[i];
      m_conn.exec(
          "INSERT INTO hubland.run_inputs(run_id,ord,role,path,size_bytes,sha256) "
          "VALUES($1,$2,$3,$4,$5,$6)",
          {std::to_string(run), std::to_string(i), in.role, in.path, std::to_string(in.size_bytes),
           in.sha256});
    }
    pg::store_ruleset(m_conn, info, started);
    audit(run, user, "begin_run", info.command);
    tx.commit();
    return run;
  }

  void put_dataset(std::int64_t run, const std::string& name, DatasetKind kind,
                   const std::string& role, int epsg, const Table& table,
                   const std::vector<geo::Wkb>* geometry) override {
    const std::string tname = storage_table_name(run, name);
    const std::string qname = std::string(kSchema) + "." + sql_identifier(tname);
    const auto& cols = table.columns();
    Tx tx(m_conn);
    if (!m_conn
             .exec("SELECT 1 FROM hubland.datasets WHERE run_id=$1 AND name=$2",
                   {std::to_string(run), name})
             .rows.empty())
      throw Error(ErrorKind::BadInput,
                  "run " + std::to_string(run) + " already has a dataset '" + name + "'",
                  Where{.file = m_url, .layer = name});
    std::string ddl = "CREATE TABLE " + qname + "(hl_row bigint PRIMARY KEY";
    std::string copy = "COPY " + qname + "(hl_row";
    bool has_zone = false;
    for (const auto& c : cols) {
      ddl += ", " + sql_identifier(c.name) + " " +
             (c.type == FieldType::Integer ? "bigint"
              : c.type == FieldType::Real  ? "double precision"
                                           : "text");
      copy += ',';
      copy += sql_identifier(c.name);
      has_zone = has_zone || c.name == "zone_id";
    }
    if (geometry) {
      ddl += ", geom geometry(Geometry," + std::to_string(epsg) + ")";
      copy += ",geom";
    }
    ddl += ")";
    copy += ") FROM STDIN";
    m_conn.exec(ddl);

    std::string data;
    char num[40];
    const std::string srid_prefix = "SRID=" + std::to_string(epsg) + ";";
    std::vector<ColumnNumberText> reals(table.column_count());
    for_each_row(table, [&](std::size_t r, std::span<const RowCell> cells) {
      data += std::to_string(r);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const RowCell& cell = cells[c];
        data += '\t';
        if (cell.null) {
          data += "\\N";
          continue;
        }
        switch (cell.type) {
          case FieldType::Integer:
            data += std::to_string(cell.integer);
            break;
          case FieldType::Real: {
            data.append(num, reals[c].put(cell.real, num));
            break;
          }
          case FieldType::Text:
            data += copy_escape(cell.text());
            break;
        }
      }
      if (geometry) {
        data += '\t';
        const auto& w = (*geometry)[r];
        if (w.empty())
          data += "\\N";
        else
          data += srid_prefix + hex_bytes(w.data(), w.size());
      }
      data += '\n';
    });
    m_conn.copy_in(copy, data);
    if (geometry)
      m_conn.exec("CREATE INDEX " + sql_identifier(tname + "_geom_gist") + " ON " + qname +
                  " USING GIST(geom)");
    // Privileges and row-level security (see postgis.hpp); writable only while the run runs.
    m_conn.exec(pg::freeze_dataset_sql(run, qname));
    m_conn.exec("GRANT SELECT ON " + qname + " TO hubland_bureau, hubland_zone_office");
    m_conn.exec("GRANT INSERT, UPDATE, DELETE ON " + qname + " TO hubland_bureau");
    if (role == "projects" || role == "conversions" || name == "projects" ||
        name == "conversions") {
      m_conn.exec("ALTER TABLE " + qname + " ENABLE ROW LEVEL SECURITY");
      m_conn.exec("CREATE POLICY bureau_all ON " + qname +
                  " TO hubland_bureau USING (true) WITH CHECK (true)");
      const std::string own = has_zone ? "zone_id = hubland.my_zone()" : "false";
      // Offices read their zone's rows; they change things through applications.
      m_conn.exec("CREATE POLICY zone_office_own ON " + qname + " TO hubland_zone_office USING (" +
                  own + ") WITH CHECK (" + own + ")");
    }
    m_conn.exec(
        "INSERT INTO hubland.datasets(run_id,name,ord,kind,role,epsg,row_count,storage_table) "
        "VALUES($1,$2,(SELECT count(*) FROM hubland.datasets WHERE run_id=$1),$3,$4,$5,$6,$7)",
        {std::to_string(run), name, std::string(kind == DatasetKind::Layer ? "layer" : "table"),
         role, std::to_string(geometry ? epsg : 0), std::to_string(table.row_count()), tname});
    for (std::size_t c = 0; c < cols.size(); ++c)
      m_conn.exec(
          "INSERT INTO hubland.columns(run_id,dataset,ord,name,type,unit) "
          "VALUES($1,$2,$3,$4,$5,$6)",
          {std::to_string(run), name, std::to_string(c), cols[c].name,
           std::string(to_string(cols[c].type)), cols[c].unit});
    audit(run, m_conn.user(), "put_dataset", name);
    kill_point("store:" + name);  // inside the transaction: the kill must roll it back
    tx.commit();
  }

  void end_run(std::int64_t run, RunStatus status, const std::string& finished,
               const std::string& counts_json, const std::string& message) override {
    Tx tx(m_conn);
    m_conn.exec(
        "UPDATE hubland.runs SET status=$1, finished_utc=$2, counts_json=$3, message=$4 "
        "WHERE run_id=$5 AND status='running'",
        {run_status_name(status), finished, counts_json, message, std::to_string(run)});
    audit(run, m_conn.user(), status == RunStatus::Completed ? "finish_run" : "fail_run", message);
    tx.commit();
    m_conn.exec(std::string("SELECT pg_advisory_unlock(") + kRunLockKeys + ")",
                {std::to_string(run)});
  }

  std::vector<RunRecord> runs() override {
    std::vector<RunRecord> out;
    auto r = m_conn.exec(
        "SELECT run_id,command,status,tool_version,ruleset_id,ruleset_sha256,parameters_json,"
        "user_name,started_utc,finished_utc,counts_json,message FROM hubland.runs ORDER BY run_id");
    for (auto& row : r.rows) {
      RunRecord rec;
      rec.id = std::stoll(row[0].value());
      rec.info.command = row[1].value_or("");
      rec.status = run_status_from(row[2].value_or(""));
      rec.tool_version = row[3].value_or("");
      rec.info.ruleset_id = row[4].value_or("");
      rec.info.ruleset_sha256 = row[5].value_or("");
      rec.info.parameters = params_from_json(row[6].value_or(""));
      rec.info.user = row[7].value_or("");
      rec.started_utc = row[8].value_or("");
      rec.finished_utc = row[9].value_or("");
      rec.counts = counts_from_json(row[10].value_or(""));
      rec.message = row[11].value_or("");
      out.push_back(std::move(rec));
    }
    auto in = m_conn.exec(
        "SELECT run_id,role,path,size_bytes,sha256 FROM hubland.run_inputs ORDER BY run_id,ord");
    for (auto& row : in.rows) {
      const std::int64_t id = std::stoll(row[0].value());
      for (auto& rec : out)
        if (rec.id == id)
          rec.info.inputs.push_back(InputRecord{row[1].value_or(""), row[2].value_or(""),
                                                std::stoull(row[3].value_or("0")),
                                                row[4].value_or("")});
    }
    return out;
  }

  std::vector<DatasetInfo> datasets(std::optional<std::int64_t> run) override {
    std::vector<DatasetInfo> out;
    std::vector<std::optional<std::string>> params;
    if (run) params.emplace_back(std::to_string(*run));
    auto r = m_conn.exec(
        "SELECT run_id,name,kind,role,epsg,row_count,storage_table FROM hubland.datasets " +
            std::string(run ? "WHERE run_id=$1 " : "") + "ORDER BY run_id,ord",
        params);
    for (auto& row : r.rows) {
      DatasetInfo d;
      d.run = std::stoll(row[0].value());
      d.name = row[1].value_or("");
      d.kind = row[2].value_or("") == "layer" ? DatasetKind::Layer : DatasetKind::Table;
      d.role = row[3].value_or("");
      d.epsg = std::stoi(row[4].value_or("0"));
      d.row_count = std::stoull(row[5].value_or("0"));
      d.storage_table = row[6].value_or("");
      out.push_back(std::move(d));
    }
    return out;
  }

  void read(const DatasetInfo& ds, Table& t, std::vector<geo::Wkb>* geometry) override {
    auto cs = m_conn.exec(
        "SELECT name,type,unit FROM hubland.columns WHERE run_id=$1 AND dataset=$2 ORDER BY ord",
        {std::to_string(ds.run), ds.name});
    std::string sel = "SELECT hl_row";
    for (auto& row : cs.rows) {
      t.add_column(row[0].value(), field_type_from(row[1].value_or("")), row[2].value_or(""));
      sel += ',';
      sel += sql_identifier(row[0].value());
    }
    if (geometry) sel += ",ST_AsBinary(geom)";
    sel += " FROM " + sql_table(ds) + " ORDER BY hl_row";
    auto r = m_conn.exec(sel);
    const std::size_t ncol = t.column_count();
    t.reserve(r.rows.size());
    for (auto& row : r.rows) {
      const std::size_t i = t.add_row();
      for (std::size_t c = 0; c < ncol; ++c) {
        const auto& v = row[c + 1];
        if (!v) continue;
        switch (t.column(c).type) {
          case FieldType::Integer:
            t.set(i, c, std::int64_t{std::stoll(*v)});
            break;
          case FieldType::Real:
            t.set(i, c, std::stod(*v));
            break;
          case FieldType::Text:
            t.set(i, c, *v);
            break;
        }
      }
      if (geometry) geometry->push_back(row[ncol + 1] ? unhex_bytes(*row[ncol + 1]) : geo::Wkb{});
    }
  }

  std::vector<std::size_t> rows_in_box(const DatasetInfo& ds, double min_x, double min_y,
                                       double max_x, double max_y) override {
    char box[256];
    std::snprintf(box, sizeof box, "ST_MakeEnvelope(%.17g,%.17g,%.17g,%.17g,%d)", min_x, min_y,
                  max_x, max_y, ds.epsg);
    // && is answered by the GiST index.
    auto r = m_conn.exec("SELECT hl_row FROM " + sql_table(ds) + " WHERE geom && " + box +
                         " ORDER BY hl_row");
    std::vector<std::size_t> out;
    for (auto& row : r.rows) out.push_back(std::stoull(row[0].value()));
    return out;
  }

  std::string gdal_connection() const override { return "PG:" + m_url; }
  std::vector<Table::Column> columns(const DatasetInfo& ds) override {
    auto cs = m_conn.exec(
        "SELECT name,type,unit FROM hubland.columns WHERE run_id=$1 AND dataset=$2 ORDER BY ord",
        {std::to_string(ds.run), ds.name});
    std::vector<Table::Column> out;
    for (auto& row : cs.rows)
      out.push_back({row[0].value(), field_type_from(row[1].value_or("")), row[2].value_or("")});
    return out;
  }
  std::string sql_table(const DatasetInfo& ds) const override {
    return std::string(kSchema) + "." + sql_identifier(ds.storage_table);
  }

  std::optional<std::string> ruleset_text(const std::string& sha256) override {
    return pg::ruleset_text(m_conn, sha256);
  }
  WorkspaceActor actor() override { return pg::actor(m_conn); }
  std::int64_t insert_application(const Application& a) override {
    return pg::insert_application(m_conn, a);
  }
  std::optional<Application> update_application(const Application& a, std::int64_t expected,
                                                bool content, const std::string& reason,
                                                const std::vector<std::string>& rules) override {
    return pg::update_application(m_conn, a, expected, content, reason, rules);
  }
  std::vector<Application> select_applications(std::optional<std::int64_t> id,
                                               std::optional<ApplicationStatus> status) override {
    return pg::select_applications(m_conn, id, status);
  }
  std::vector<ApplicationEvent> application_events(std::int64_t id) override {
    return pg::application_events(m_conn, id);
  }

 private:
  struct Tx : StoreTx {
    explicit Tx(PgConnection& c)
        : StoreTx([&c](const std::string& sql) { c.exec(sql); }, "BEGIN") {}
  };

  void audit(std::int64_t run, const std::string& user, const std::string& action,
             const std::string& detail) {
    m_conn.exec(
        "INSERT INTO hubland.audit(at_utc,user_name,action,run_id,detail) VALUES($1,$2,$3,$4,$5)",
        {utc_now_iso(), user, action, std::to_string(run), detail});
  }

  void migrate(OpenMode mode) {
    static const std::vector<std::string> steps = {
        // 0 -> 1: the same catalog as the SpatiaLite backend, plus roles and RLS helpers.
        "CREATE EXTENSION IF NOT EXISTS postgis;"
        "CREATE SCHEMA hubland;"
        "CREATE TABLE hubland.meta(key text PRIMARY KEY, value text NOT NULL);"
        "INSERT INTO hubland.meta VALUES('schema_version','0'),('application','hubland');"
        "CREATE TABLE hubland.runs(run_id bigserial PRIMARY KEY, command text NOT NULL,"
        " status text NOT NULL CHECK(status IN ('running','completed','failed')),"
        " tool_version text NOT NULL, ruleset_id text NOT NULL DEFAULT '',"
        " ruleset_sha256 text NOT NULL DEFAULT '', parameters_json text NOT NULL DEFAULT '{}',"
        " user_name text NOT NULL, started_utc text NOT NULL, finished_utc text NOT NULL"
        " DEFAULT '', counts_json text NOT NULL DEFAULT '{}', message text NOT NULL DEFAULT '');"
        "CREATE TABLE hubland.run_inputs(run_id bigint NOT NULL REFERENCES hubland.runs,"
        " ord integer NOT NULL, role text NOT NULL, path text NOT NULL, size_bytes bigint NOT"
        " NULL, sha256 text NOT NULL, PRIMARY KEY(run_id,ord));"
        "CREATE TABLE hubland.datasets(run_id bigint NOT NULL REFERENCES hubland.runs,"
        " name text NOT NULL, ord integer NOT NULL, kind text NOT NULL CHECK(kind IN"
        " ('layer','table')), role text NOT NULL DEFAULT '', epsg integer NOT NULL DEFAULT 0,"
        " row_count bigint NOT NULL, storage_table text NOT NULL UNIQUE,"
        " PRIMARY KEY(run_id,name));"
        "CREATE TABLE hubland.columns(run_id bigint NOT NULL, dataset text NOT NULL,"
        " ord integer NOT NULL, name text NOT NULL, type text NOT NULL, unit text NOT NULL"
        " DEFAULT '', PRIMARY KEY(run_id,dataset,ord));"
        "CREATE TABLE hubland.zone_offices(role_name text PRIMARY KEY, zone_id text NOT NULL);"
        // Roles are cluster-wide: another database's first open may create them at the same
        // moment, hence the exception handlers.
        "DO $$ BEGIN"
        " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='hubland_bureau') THEN"
        "  BEGIN CREATE ROLE hubland_bureau NOLOGIN;"
        "  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF;"
        " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='hubland_zone_office') THEN"
        "  BEGIN CREATE ROLE hubland_zone_office NOLOGIN;"
        "  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF; END $$;"
        // session_user, not current_user: inside SECURITY DEFINER current_user is the owner.
        "CREATE FUNCTION hubland.my_zone() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER"
        " SET search_path = pg_catalog AS"
        " $$ SELECT zone_id FROM hubland.zone_offices WHERE role_name = session_user $$;"
        "GRANT USAGE ON SCHEMA hubland TO hubland_bureau, hubland_zone_office;"
        "GRANT CREATE ON SCHEMA hubland TO hubland_bureau;"
        "GRANT SELECT ON hubland.meta, hubland.runs, hubland.run_inputs, hubland.datasets,"
        " hubland.columns TO hubland_bureau, hubland_zone_office;"
        "GRANT INSERT, UPDATE ON hubland.runs, hubland.run_inputs, hubland.datasets,"
        " hubland.columns TO hubland_bureau;"
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA hubland TO hubland_bureau;"
        "GRANT EXECUTE ON FUNCTION hubland.my_zone() TO hubland_zone_office, hubland_bureau;",
        // 1 -> 2: the audit log.
        "CREATE TABLE hubland.audit(id bigserial PRIMARY KEY, at_utc text NOT NULL,"
        " user_name text NOT NULL, action text NOT NULL, run_id bigint, detail text NOT NULL"
        " DEFAULT '');"
        "GRANT SELECT, INSERT ON hubland.audit TO hubland_bureau;"
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA hubland TO hubland_bureau;",
        // 2 -> 3: stored rulesets, applications and their events; finished runs frozen.
        pg::schema3_sql(),
        // 3 -> 4: status 'aborted', hubland.abort_dead_runs().
        pg::schema4_sql(),
    };
    const bool exists =
        m_conn.exec("SELECT to_regclass('hubland.meta') IS NOT NULL").rows.at(0).at(0) == "t";
    int version = 0;
    if (exists) {
      auto app = m_conn.exec("SELECT value FROM hubland.meta WHERE key='application'");
      if (app.rows.empty() || app.rows[0][0] != "hubland")
        throw Error(ErrorKind::Schema, "not a HubLand workspace", Where{.file = redact(m_url)});
      version = schema_version();
    } else if (mode == OpenMode::MustExist) {
      throw Error(ErrorKind::Io, "no HubLand workspace in this database",
                  Where{.file = redact(m_url)});
    }
    if (version > static_cast<int>(steps.size()))
      throw Error(ErrorKind::Schema,
                  "workspace schema version " + std::to_string(version) +
                      " is newer than this HubLand; upgrade HubLand",
                  Where{.file = redact(m_url)});
    if (version == static_cast<int>(steps.size())) return;
    Tx tx(m_conn);
    // Two first openers must not both create the schema.
    m_conn.exec("SELECT pg_advisory_xact_lock(4242)");
    if (exists) version = schema_version();
    for (int v = version; v < static_cast<int>(steps.size()); ++v) {
      m_conn.exec(steps[static_cast<std::size_t>(v)]);
      m_conn.exec("UPDATE hubland.meta SET value=$1 WHERE key='schema_version'",
                  {std::to_string(v + 1)});
    }
    tx.commit();
  }

  std::string m_url;
  PgConnection m_conn;
};

static_assert(kWorkspaceSchemaVersion == 4, "update the migration lists of both backends");

}  // namespace

std::unique_ptr<WorkspaceStore> make_postgis_store(const std::string& url, OpenMode mode) {
  return std::make_unique<PostGisStore>(url, mode);
}

void grant_bureau(const std::string& owner_url, const std::string& login) {
  PgConnection c(owner_url);
  c.exec("GRANT hubland_bureau TO " + sql_identifier(login));
}

void grant_zone_office(const std::string& owner_url, const std::string& login,
                       const std::string& zone_id) {
  PgConnection c(owner_url);
  c.exec("BEGIN");
  c.exec(
      "INSERT INTO hubland.zone_offices(role_name,zone_id) VALUES($1,$2) "
      "ON CONFLICT(role_name) DO UPDATE SET zone_id=EXCLUDED.zone_id",
      {login, zone_id});
  c.exec("GRANT hubland_zone_office TO " + sql_identifier(login));
  c.exec("COMMIT");
}

}  // namespace hubland::layers

// Workspace: the backend-independent facade and the helpers both backends share.
#include "hubland/layers/workspace.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hubland/error.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/sha256.hpp"
#include "hubland/version.hpp"
#include "workspace_store.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

// ---------------------------------------------------------------- helpers

InputRecord describe_input(const std::string& role, const std::string& path) {
  // "file.gpkg|layer" names a layer inside a file: the file is what can change.
  const std::string file = path.substr(0, path.find('|'));
  std::error_code ec;
  InputRecord r{role, path, 0, {}};
  if (fs::is_directory(file, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(file))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    Sha256 s;
    for (const auto& f : files) {
      const std::string rel = fs::relative(f, file).generic_string();
      const std::string h = sha256_file(f.string());
      s.update(rel.data(), rel.size());
      s.update(h.data(), h.size());
      r.size_bytes += fs::file_size(f);
    }
    r.sha256 = s.hex();
    return r;
  }
  r.size_bytes = fs::file_size(file, ec);
  if (ec) throw Error(ErrorKind::Io, "cannot read input: " + ec.message(), Where{.file = file});
  r.sha256 = sha256_file(file);
  return r;
}

const char* to_string(RunStatus s) noexcept {
  switch (s) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Completed:
      return "completed";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Aborted:
      return "aborted";
  }
  return "running";
}

std::string run_status_name(RunStatus s) {
  return to_string(s);
}

RunStatus run_status_from(const std::string& s) {
  if (s == "completed") return RunStatus::Completed;
  if (s == "failed") return RunStatus::Failed;
  if (s == "aborted") return RunStatus::Aborted;
  return RunStatus::Running;
}

std::string utc_now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string current_user_name() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = ::getpwuid(::geteuid())) return pw->pw_name;
  return "unknown";
}

std::string params_to_json(const std::map<std::string, std::string>& p) {
  return nlohmann::json(p).dump();
}
std::map<std::string, std::string> params_from_json(const std::string& s) {
  if (s.empty()) return {};
  return nlohmann::json::parse(s).get<std::map<std::string, std::string>>();
}
std::string counts_to_json(const std::map<std::string, std::int64_t>& c) {
  return nlohmann::json(c).dump();
}
std::map<std::string, std::int64_t> counts_from_json(const std::string& s) {
  if (s.empty()) return {};
  return nlohmann::json::parse(s).get<std::map<std::string, std::int64_t>>();
}

void check_dataset_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 40 && std::islower(static_cast<unsigned char>(name[0]));
  for (char c : name)
    ok = ok && (std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_');
  if (!ok)
    throw Error(ErrorKind::BadInput,
                "dataset name must be lower-case letters, digits and '_', starting with a "
                "letter, at most 40 bytes: '" +
                    name + "'",
                Where{.layer = name});
}

std::string storage_table_name(std::int64_t run, const std::string& name) {
  return "r" + std::to_string(run) + "_" + name;
}

FieldType field_type_from(const std::string& s) {
  if (s == "integer") return FieldType::Integer;
  if (s == "real") return FieldType::Real;
  return FieldType::Text;
}

std::string hex_bytes(const std::uint8_t* p, std::size_t n) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += d[p[i] >> 4];
    out += d[p[i] & 15];
  }
  return out;
}

geo::Wkb unhex_bytes(const std::string& s) {
  geo::Wkb out;
  std::size_t i = (s.rfind("\\x", 0) == 0) ? 2 : 0;
  out.reserve((s.size() - i) / 2);
  auto v = [](char c) -> int { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(v(s[i]) * 16 + v(s[i + 1])));
  return out;
}

StoreTx::StoreTx(Exec exec, const std::string& begin_sql) : m_exec(std::move(exec)) {
  m_exec(begin_sql);
}

StoreTx::~StoreTx() {
  if (m_done) return;
  try {
    m_exec("ROLLBACK");
  } catch (...) {
    // The connection is gone or broken; the database rolls back on its own.
  }
}

void StoreTx::commit() {
  m_exec("COMMIT");
  m_done = true;
}

bool is_postgres_url(const std::string& s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

bool is_workspace_target(const std::string& s) {
  static const std::string suffix = ".hubland.sqlite";
  return is_postgres_url(s) || (s.size() > suffix.size() &&
                                s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0);
}

// ---------------------------------------------------------------- Workspace

Workspace::Workspace(std::string location, std::unique_ptr<WorkspaceStore> store)
    : m_location(std::move(location)), m_store(std::move(store)) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

Workspace Workspace::open(const std::string& path_or_url, OpenMode mode) {
  if (is_postgres_url(path_or_url))
    return Workspace(path_or_url, make_postgis_store(path_or_url, mode));
  return Workspace(path_or_url, make_spatialite_store(path_or_url, mode));
}

Backend Workspace::backend() const noexcept {
  return m_store->backend();
}
int Workspace::schema_version() const {
  return m_store->schema_version();
}
std::string Workspace::gdal_connection() const {
  return m_store->gdal_connection();
}
std::string Workspace::sql_table(const DatasetInfo& ds) const {
  return m_store->sql_table(ds);
}
std::vector<Table::Column> Workspace::columns(const DatasetInfo& ds) const {
  return m_store->columns(ds);
}

std::int64_t Workspace::begin_run(const RunInfo& info) {
  if (info.command.empty())
    throw Error(ErrorKind::BadInput, "a run needs a command name", Where{.file = m_location});
  if (info.ruleset_text.empty()) {
    const std::int64_t run = m_store->begin_run(info, utc_now_iso());
    kill_point("begin_run");
    return run;
  }
  // The text is stored under its own SHA-256: a run must not point at text it did not use.
  RunInfo checked = info;
  const std::string sha = sha256_hex(info.ruleset_text);
  if (!checked.ruleset_sha256.empty() && checked.ruleset_sha256 != sha)
    throw Error(ErrorKind::BadInput,
                "the ruleset text given with the run does not match its SHA-256 " +
                    checked.ruleset_sha256 + " (the text hashes to " + sha + ")",
                Where{.file = m_location});
  checked.ruleset_sha256 = sha;
  const std::int64_t run = m_store->begin_run(checked, utc_now_iso());
  kill_point("begin_run");
  return run;
}

namespace {
void require_running(const std::vector<RunRecord>& runs, std::int64_t run, const std::string& loc) {
  for (const auto& r : runs)
    if (r.id == run) {
      if (r.status != RunStatus::Running)
        throw Error(ErrorKind::BadInput,
                    "run " + std::to_string(run) + " is " + to_string(r.status) +
                        "; datasets can only be added to a running run",
                    Where{.file = loc});
      return;
    }
  throw Error(ErrorKind::BadInput, "no run " + std::to_string(run), Where{.file = loc});
}

// Both backends store the row number as hl_row and the geometry as geom.
void check_reserved_columns(const Table& table, const std::string& name, const std::string& loc) {
  for (const auto& c : table.columns())
    if (c.name == "hl_row" || c.name == "geom")
      throw Error(ErrorKind::Schema, "column name is reserved by the workspace",
                  Where{.file = loc, .layer = name, .field = c.name});
}
}  // namespace

void Workspace::put_layer(std::int64_t run, const std::string& name, const Layer& layer) {
  check_dataset_name(name);
  require_running(m_store->runs(), run, m_location);
  if (!layer.geometry.empty() && layer.geometry.size() != layer.size())
    throw Error(ErrorKind::Internal, "layer has a geometry count different from its row count",
                Where{.file = m_location, .layer = name});
  const bool has_geometry = !layer.geometry.empty() && layer.epsg > 0;
  check_reserved_columns(layer.attributes, name, m_location);
  m_store->put_dataset(run, name, DatasetKind::Layer, to_string(layer.role), layer.epsg,
                       layer.attributes, has_geometry ? &layer.geometry : nullptr);
  kill_point("stored:" + name);
}

void Workspace::put_table(std::int64_t run, const std::string& name, const Table& table) {
  check_dataset_name(name);
  require_running(m_store->runs(), run, m_location);
  check_reserved_columns(table, name, m_location);
  m_store->put_dataset(run, name, DatasetKind::Table, "", 0, table, nullptr);
  kill_point("stored:" + name);
}

void Workspace::finish_run(std::int64_t run, const std::map<std::string, std::int64_t>& counts) {
  require_running(m_store->runs(), run, m_location);
  kill_point("finish");
  m_store->end_run(run, RunStatus::Completed, utc_now_iso(), counts_to_json(counts), "");
}

void Workspace::fail_run(std::int64_t run, const std::string& reason) {
  require_running(m_store->runs(), run, m_location);
  m_store->end_run(run, RunStatus::Failed, utc_now_iso(), "{}", reason);
}

std::vector<RunRecord> Workspace::runs() const {
  return m_store->runs();
}

RunRecord Workspace::run(std::int64_t id) const {
  for (auto& r : m_store->runs())
    if (r.id == id) return r;
  throw Error(ErrorKind::BadInput, "no run " + std::to_string(id) + " in this workspace",
              Where{.file = m_location});
}

std::optional<std::int64_t> Workspace::latest_run_with(const std::string& name) const {
  std::optional<std::int64_t> best;
  std::vector<std::int64_t> completed;
  for (const auto& r : m_store->runs())
    if (r.status == RunStatus::Completed) completed.push_back(r.id);
  for (const auto& d : m_store->datasets(std::nullopt))
    if (d.name == name && std::find(completed.begin(), completed.end(), d.run) != completed.end())
      best = std::max(best.value_or(d.run), d.run);
  return best;
}

std::vector<DatasetInfo> Workspace::datasets(std::int64_t run) const {
  return m_store->datasets(run);
}

DatasetInfo Workspace::dataset(const std::string& name, std::optional<std::int64_t> run) const {
  if (!run) run = latest_run_with(name);
  if (!run)
    throw Error(ErrorKind::BadInput, "no completed run holds a dataset '" + name + "'",
                Where{.file = m_location, .layer = name});
  for (auto& d : m_store->datasets(*run))
    if (d.name == name) return d;
  throw Error(ErrorKind::BadInput, "run " + std::to_string(*run) + " has no dataset '" + name + "'",
              Where{.file = m_location, .layer = name});
}

Table Workspace::table(const std::string& name, std::optional<std::int64_t> run) const {
  const DatasetInfo d = dataset(name, run);
  Table t;
  m_store->read(d, t, nullptr);
  return t;
}

Layer Workspace::layer(const std::string& name, std::optional<std::int64_t> run) const {
  const DatasetInfo d = dataset(name, run);
  Layer l;
  if (d.kind == DatasetKind::Layer && !d.role.empty()) l.role = role_from_string(d.role);
  l.source = m_location;
  l.layer_name = d.name;
  l.epsg = d.epsg;
  m_store->read(d, l.attributes, d.epsg > 0 ? &l.geometry : nullptr);
  return l;
}

std::vector<std::size_t> Workspace::rows_in_box(const std::string& name, double min_x, double min_y,
                                                double max_x, double max_y,
                                                std::optional<std::int64_t> run) const {
  const DatasetInfo d = dataset(name, run);
  if (d.epsg <= 0)
    throw Error(ErrorKind::BadInput, "dataset '" + name + "' has no geometry",
                Where{.file = m_location, .layer = name});
  return m_store->rows_in_box(d, min_x, min_y, max_x, max_y);
}

RunScope::~RunScope() {
  if (m_done) return;
  try {
    m_ws.fail_run(m_run, "the run stopped before finishing (error or cancel)");
  } catch (...) {
    // A destructor must not throw; the run stays "running" (readers ignore it) until the
    // workspace is next opened after this process ends, which marks it aborted.
  }
}

void RunScope::finish(const std::map<std::string, std::int64_t>& counts) {
  m_ws.finish_run(m_run, counts);
  m_done = true;
}

std::int64_t import_into_workspace(const std::string& path_or_url, const std::string& name,
                                   const Layer& layer, const std::vector<InputRecord>& inputs,
                                   const std::map<std::string, std::string>& parameters) {
  Workspace ws = Workspace::open(path_or_url);
  RunInfo info;
  info.command = "import";
  info.inputs = inputs;
  info.parameters = parameters;
  RunScope run(ws, info);
  ws.put_layer(run.id(), name, layer);
  run.finish({{name, static_cast<std::int64_t>(layer.size())}});
  return run.id();
}

}  // namespace hubland::layers

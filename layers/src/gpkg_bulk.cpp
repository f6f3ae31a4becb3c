// Bulk insert of an attribute table into a GeoPackage (gpkg_bulk.hpp), and the helping
// thread's part of it (insert_help.hpp).
#include "gpkg_bulk.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/sql_text.hpp"
#include "hubland/layers/table_rows.hpp"
#include "workspace_store.hpp"
#include "writeback.hpp"

namespace hubland::layers {

namespace detail {

/// One table's insert offered to the helper. Blocks [front, back) are not taken yet: the
/// inserting thread takes from the front, the helper from the back.
struct InsertJob {
  const Table* table = nullptr;
  std::vector<std::size_t> columns;  ///< the table's columns that hold values, in order
  std::string side_path;             ///< the helper's SQLite file, with the table's schema
  std::string insert_sql;
  std::string target, layer;  ///< for errors
  std::size_t block_rows = 0;
  // Under InsertHelpState::mutex:
  std::size_t front = 0, back = 0;
  bool taken = false;  ///< the helper has started on it
  bool done = false;   ///< … and finished (its rows committed to the side file, or failed)
  std::size_t rows_helped = 0;
  std::exception_ptr failure;
};

struct InsertHelpState {
  InsertHelp::Options options;
  std::mutex mutex;
  std::condition_variable changed;
  bool closed = false;
  std::shared_ptr<InsertJob> job;  ///< posted, not taken yet
  std::size_t rows_helped = 0;
};

}  // namespace detail

namespace {

using detail::InsertJob;
using DbPtr = std::unique_ptr<sqlite3, CDeleter<sqlite3_close_v2>>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, CDeleter<sqlite3_finalize>>;

/// The one error funnel of this file: SQLite's message, the file and the layer.
class Gpkg {
 public:
  Gpkg(const std::string& path, const std::string& target, const std::string& layer,
       bool create = false)
      : m_path(target), m_layer(layer) {
    sqlite3* raw = nullptr;
    // One thread uses the connection: without SQLite's per-connection mutex, which every
    // sqlite3_bind_* call took (4 % of a million-row overlay's CPU).
    const int rc = sqlite3_open_v2(
        path.c_str(), &raw,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0), nullptr);
    m_db.reset(raw);
    if (rc != SQLITE_OK) fail("cannot open the GeoPackage");
  }
  [[noreturn]] void fail(const std::string& what) const {
    const char* msg = m_db ? sqlite3_errmsg(m_db.get()) : "out of memory";
    throw Error(ErrorKind::Io, what + ": " + msg, Where{.file = m_path, .layer = m_layer});
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      fail("cannot write the GeoPackage");
  }
  StmtPtr prepare(const std::string& sql) const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK)
      fail("cannot prepare the insert");
    return StmtPtr(raw);
  }
  /// The staging copy and the side file are thrown away on any failure and synced before the
  /// move into place: SQLite's own journal and syncs would buy nothing.
  void unjournalled() const {
    exec("PRAGMA journal_mode=OFF");
    exec("PRAGMA synchronous=OFF");
  }

 private:
  std::string m_path;
  std::string m_layer;
  DbPtr m_db;
};

/// Inserts rows [begin, end) of the job's table with `st` (rowid, then the job's columns).
void insert_rows(const Gpkg& db, sqlite3_stmt* st, const InsertJob& job, std::size_t begin,
                 std::size_t end) {
  const RowSlice slice{.begin = begin, .end = end, .columns = job.columns};
  for_each_row(*job.table, slice, [&](std::size_t r, std::span<const RowCell> cells) {
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(r + 1));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const int i = static_cast<int>(c) + 2;
      const RowCell& cell = cells[c];
      if (cell.null) {
        sqlite3_bind_null(st, i);
        continue;
      }
      switch (cell.type) {
        case FieldType::Integer:
          sqlite3_bind_int64(st, i, cell.integer);
          break;
        case FieldType::Real:
          sqlite3_bind_double(st, i, cell.real);
          break;
        case FieldType::Text:
          // STATIC: the table outlives the statement's use of the bytes.
          sqlite3_bind_text(st, i, cell.text().data(), static_cast<int>(cell.text().size()),
                            SQLITE_STATIC);
          break;
      }
    }
    if (sqlite3_step(st) != SQLITE_DONE) db.fail("cannot write row " + std::to_string(r + 1));
    sqlite3_reset(st);
  });
}

std::pair<std::size_t, std::size_t> block_rows_of(const InsertJob& job, std::size_t block) {
  const std::size_t rows = job.table->row_count();
  return {block * job.block_rows, std::min(rows, (block + 1) * job.block_rows)};
}

/// The helper's part: blocks from the back into the side file, in one transaction. Returns the
/// rows inserted.
std::size_t insert_from_the_back(detail::InsertHelpState& s, InsertJob& job, std::size_t block) {
  Gpkg db(job.side_path, job.target, job.layer);
  db.unjournalled();
  db.exec("BEGIN");
  StmtPtr insert = db.prepare(job.insert_sql);
  std::size_t rows = 0;
  for (;;) {
    fail_point("gpkg:insert-help");
    const auto [begin, end] = block_rows_of(job, block);
    insert_rows(db, insert.get(), job, begin, end);
    rows += end - begin;
    std::lock_guard lock(s.mutex);
    if (job.front >= job.back) break;
    block = --job.back;
  }
  insert.reset();
  db.exec("COMMIT");
  return rows;
}

/// Offers `job` to the helper for as long as it lives; finish() (or the destructor, when the
/// insert fails) takes the offer back and waits until the helper no longer touches the table.
class Offer {
 public:
  Offer(detail::InsertHelpState& s, std::shared_ptr<InsertJob> job)
      : m_s(s), m_job(std::move(job)) {
    std::unique_lock lock(m_s.mutex);
    m_s.job = m_job;
    m_s.changed.notify_all();
    if (m_s.options.start_together)
      m_s.changed.wait(lock, [&] { return m_job->taken || m_s.closed; });
  }
  ~Offer() { retract(); }
  Offer(const Offer&) = delete;
  Offer& operator=(const Offer&) = delete;

  /// The next block from the front; false when the two ends have met.
  bool take_front(std::size_t& block) {
    std::lock_guard lock(m_s.mutex);
    if (m_job->front >= m_job->back) return false;
    block = m_job->front++;
    return true;
  }
  /// Whether the helper inserted rows (then committed to the side file); rethrows its failure.
  bool finish() {
    retract();
    std::lock_guard lock(m_s.mutex);
    if (m_job->failure) std::rethrow_exception(std::exchange(m_job->failure, nullptr));
    return m_job->rows_helped > 0;
  }

 private:
  /// Nothing more to take from either end, and the helper done with what it took.
  void retract() noexcept {
    std::unique_lock lock(m_s.mutex);
    if (m_s.job == m_job) m_s.job.reset();
    m_job->back = m_job->front;
    m_s.changed.wait(lock, [&] { return !m_job->taken || m_job->done; });
  }

 private:
  detail::InsertHelpState& m_s;
  std::shared_ptr<InsertJob> m_job;
};

constexpr const char* kSideSchema = "hubland_side";

}  // namespace

InsertHelp::InsertHelp() : InsertHelp(Options{}) {}

InsertHelp::InsertHelp(Options options) : m_state(std::make_unique<detail::InsertHelpState>()) {
  m_state->options = options;
  if (m_state->options.block_rows == 0) m_state->options.block_rows = 1;
}

InsertHelp::~InsertHelp() {
  close();
}

void InsertHelp::close() noexcept {
  std::lock_guard lock(m_state->mutex);
  m_state->closed = true;
  m_state->changed.notify_all();
}

std::size_t InsertHelp::rows_helped() const noexcept {
  std::lock_guard lock(m_state->mutex);
  return m_state->rows_helped;
}

void InsertHelp::help() noexcept {
  detail::InsertHelpState& s = *m_state;
  for (;;) {
    std::shared_ptr<InsertJob> job;
    std::size_t block = 0;
    bool has_block = false;
    {
      std::unique_lock lock(s.mutex);
      s.changed.wait(lock, [&] { return s.closed || s.job; });
      if (!s.job) return;
      job = std::exchange(s.job, nullptr);
      job->taken = true;
      if (job->front < job->back) {
        block = --job->back;
        has_block = true;
      }
      s.changed.notify_all();
    }
    std::size_t rows = 0;
    std::exception_ptr failure;
    if (has_block) {
      try {
        rows = insert_from_the_back(s, *job, block);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    std::lock_guard lock(s.mutex);
    job->done = true;
    job->failure = failure;
    job->rows_helped = failure ? 0 : rows;
    s.rows_helped += job->rows_helped;
    s.changed.notify_all();
  }
}

namespace detail {

void gpkg_insert_attribute_rows(const std::string& path, const std::string& target,
                                const std::string& layer, const Table& table,
                                const std::vector<std::string>& field_names, InsertHelp* help) {
  const auto& cols = table.columns();
  if (field_names.size() != cols.size())
    throw Error(ErrorKind::Internal, "one output name per column expected",
                Where{.file = target, .layer = layer});
  auto job = std::make_shared<InsertJob>();
  job->table = &table;
  job->target = target;
  job->layer = layer;
  // A column without any value stays out of the statement: SQLite stores the same NULL and is
  // spared a bind and a copy a row (a third of the facts columns on a city without district,
  // park or survey layers).
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (table.allocated(c)) job->columns.push_back(c);
  job->insert_sql = "INSERT INTO " + sql_identifier(layer) + " (rowid";
  for (std::size_t c : job->columns) job->insert_sql += ", " + sql_identifier(field_names[c]);
  job->insert_sql += ") VALUES (?";
  for (std::size_t k = 0; k < job->columns.size(); ++k) job->insert_sql += ", ?";
  job->insert_sql += ")";

  Gpkg db(path, target, layer);
  const std::size_t rows = table.row_count();
  InsertHelp::Options options;
  if (help) options = help->state().options;
  job->block_rows = options.block_rows;
  const std::size_t blocks = (rows + job->block_rows - 1) / job->block_rows;
  const bool helped = help && blocks >= 2;
  if (helped) {
    // The helper's rows go into a file of the same table (same columns, types and
    // constraints), which SQLite can then copy in record by record. ATTACH is not allowed
    // inside a transaction, so it comes first.
    job->side_path =
        (std::filesystem::path(path).parent_path() / ".bulk-insert-side.sqlite").string();
    std::filesystem::remove(job->side_path);
    std::string table_sql;
    {
      StmtPtr st = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1");
      sqlite3_bind_text(st.get(), 1, layer.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(st.get()) != SQLITE_ROW) db.fail("cannot read the table's definition");
      table_sql = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
    }
    Gpkg side(job->side_path, target, layer, /*create=*/true);
    side.exec("PRAGMA page_size=65536");
    side.unjournalled();
    side.exec(table_sql);
    StmtPtr attach = db.prepare(std::string("ATTACH DATABASE ?1 AS ") + kSideSchema);
    sqlite3_bind_text(attach.get(), 1, job->side_path.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(attach.get()) != SQLITE_DONE) db.fail("cannot attach the side file");
  }
  db.unjournalled();
  db.exec("BEGIN");

  // GDAL keeps gpkg_ogr_contents.feature_count with a per-row trigger; set the count once
  // instead and put the triggers back as they were. (Without triggers SQLite can also copy
  // the helper's records whole.)
  std::vector<std::pair<std::string, std::string>> triggers;  // name, sql
  {
    StmtPtr st = db.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 "
        "ORDER BY name");
    sqlite3_bind_text(st.get(), 1, layer.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW)
      triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0)),
                            reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1)));
    if (rc != SQLITE_DONE) db.fail("cannot read the table's triggers");
  }
  for (const auto& [name, sql] : triggers) db.exec("DROP TRIGGER " + sql_identifier(name));

  job->back = blocks;
  StmtPtr insert = db.prepare(job->insert_sql);
  Writeback writeback(path);  // SQLite spills its pages into the file as the rows go in
  if (helped) {
    Offer offer(help->state(), job);
    for (std::size_t block = 0; offer.take_front(block);) {
      const auto [begin, end] = block_rows_of(*job, block);
      insert_rows(db, insert.get(), *job, begin, end);
      writeback.grown();
    }
    insert.reset();
    // The side file's rows, whole records in rowid order, appended after the front's: the
    // pages come out as one thread's inserts would have made them.
    if (offer.finish())
      db.exec("INSERT INTO main." + sql_identifier(layer) + " SELECT * FROM " + kSideSchema + "." +
              sql_identifier(layer));
  } else {
    for (std::size_t begin = 0; begin < rows; begin += job->block_rows) {
      insert_rows(db, insert.get(), *job, begin, std::min(rows, begin + job->block_rows));
      writeback.grown();
    }
    insert.reset();
  }

  StmtPtr count = db.prepare(
      "UPDATE gpkg_ogr_contents SET feature_count = ?1 WHERE lower(table_name) = lower(?2)");
  sqlite3_bind_int64(count.get(), 1, static_cast<sqlite3_int64>(rows));
  sqlite3_bind_text(count.get(), 2, layer.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(count.get()) != SQLITE_DONE) db.fail("cannot set the feature count");
  count.reset();
  for (const auto& [name, trigger_sql] : triggers) db.exec(trigger_sql);
  db.exec("COMMIT");
  if (helped) {
    db.exec(std::string("DETACH DATABASE ") + kSideSchema);
    std::error_code ec;
    std::filesystem::remove(job->side_path, ec);
  }
}

}  // namespace detail

}  // namespace hubland::layers

// Bulk insert of an attribute table into a GeoPackage (gpkg_bulk.hpp).
#include "gpkg_bulk.hpp"

#include <sqlite3.h>

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/table_rows.hpp"
#include "workspace_store.hpp"

namespace hubland::layers::detail {

namespace {

using DbPtr = std::unique_ptr<sqlite3, CDeleter<sqlite3_close_v2>>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, CDeleter<sqlite3_finalize>>;

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

/// The one error funnel of this file: SQLite's message, the file and the layer.
class Gpkg {
 public:
  Gpkg(const std::string& path, const std::string& target, const std::string& layer)
      : m_path(target), m_layer(layer) {
    sqlite3* raw = nullptr;
    // One thread uses the connection: without SQLite's per-connection mutex, which every
    // sqlite3_bind_* call took (4 % of a million-row overlay's CPU).
    const int rc =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
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

 private:
  std::string m_path;
  std::string m_layer;
  DbPtr m_db;
};

}  // namespace

void gpkg_insert_attribute_rows(const std::string& path, const std::string& target,
                                const std::string& layer, const Table& table,
                                const std::vector<std::string>& field_names) {
  const auto& cols = table.columns();
  if (field_names.size() != cols.size())
    throw Error(ErrorKind::Internal, "one output name per column expected",
                Where{.file = target, .layer = layer});
  Gpkg db(path, target, layer);
  // The file is a staging copy that is fsync'ed before it is moved into place and thrown away
  // on any failure, so SQLite's own journal and syncs would buy nothing here.
  db.exec("PRAGMA journal_mode=OFF");
  db.exec("PRAGMA synchronous=OFF");
  db.exec("BEGIN");

  // GDAL keeps gpkg_ogr_contents.feature_count with a per-row trigger; set the count once
  // instead and put the triggers back as they were.
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
  for (const auto& [name, sql] : triggers) db.exec("DROP TRIGGER " + quoted(name));

  std::string sql = "INSERT INTO " + quoted(layer);
  if (cols.empty()) {
    sql += " DEFAULT VALUES";  // rows with only their fid
  } else {
    sql += " (";
    for (std::size_t c = 0; c < cols.size(); ++c) sql += (c ? ", " : "") + quoted(field_names[c]);
    sql += ") VALUES (";
    for (std::size_t c = 0; c < cols.size(); ++c) sql += c ? ", ?" : "?";
    sql += ")";
  }
  StmtPtr insert = db.prepare(sql);
  sqlite3_stmt* st = insert.get();
  for_each_row(table, [&](std::size_t r, std::span<const RowCell> cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const int i = static_cast<int>(c) + 1;
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
  insert.reset();

  StmtPtr count = db.prepare(
      "UPDATE gpkg_ogr_contents SET feature_count = ?1 WHERE lower(table_name) = lower(?2)");
  sqlite3_bind_int64(count.get(), 1, static_cast<sqlite3_int64>(table.row_count()));
  sqlite3_bind_text(count.get(), 2, layer.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(count.get()) != SQLITE_DONE) db.fail("cannot set the feature count");
  count.reset();
  for (const auto& [name, trigger_sql] : triggers) db.exec(trigger_sql);
  db.exec("COMMIT");
}

}  // namespace hubland::layers::detail

// The read-only virtual table `facts` over a FactsDb's tables: SQLite reads the columns in
// place, so evaluating rules never copies the facts (see facts_db_impl.hpp).
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compile.hpp"
#include "facts_db_impl.hpp"
#include "finding_cell.hpp"
#include "hubland/error.hpp"

namespace hubland::rules {

namespace {

struct VTab {
  sqlite3_vtab base{};
  const Range* range = nullptr;
};
/// Where one virtual column's cells are: resolved once per scan (xFilter), not per cell, since
/// xColumn runs for every column reference of every rule on every row.
struct ColumnView {
  const layers::Table* table = nullptr;  // null: reads as NULL (missing or not yet derived)
  std::size_t col = 0;
  layers::FieldType type = layers::FieldType::Text;
  bool terminated = false;  // text: no cell of the scanned rows holds a NUL byte
};
struct Cursor {
  sqlite3_vtab_cursor base{};
  std::size_t row = 0;
  std::vector<ColumnView> views;
};

int vt_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  const auto* range = static_cast<const Range*>(aux);
  const auto* impl = range->impl;
  std::string decl = "CREATE TABLE x(";
  for (std::size_t c = 0; c < impl->names.size(); ++c) {
    if (c) decl += ", ";
    decl += layers::sql_identifier(impl->names[c]);
    const auto [t, i] = impl->locate(c);
    if (t) decl += std::string(" ") + layers::sqlite_type(t->column(i).type);
  }
  decl += ")";
  const int rc = sqlite3_declare_vtab(db, decl.c_str());
  if (rc != SQLITE_OK) return rc;
  auto v = std::make_unique<VTab>();
  v->range = range;
  *out = &v.release()->base;  // owned by SQLite until vt_disconnect
  return SQLITE_OK;
}

int vt_disconnect(sqlite3_vtab* v) {
  std::unique_ptr<VTab> owned(reinterpret_cast<VTab*>(v));
  return SQLITE_OK;
}

int vt_best_index(sqlite3_vtab* v, sqlite3_index_info* info) {
  const auto* range = reinterpret_cast<VTab*>(v)->range;
  const double rows = static_cast<double>(range->end - range->begin);
  info->estimatedCost = rows;
  info->estimatedRows = static_cast<sqlite3_int64>(rows);
  // The scan is in row order: ORDER BY rowid needs no sort.
  if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn < 0 && !info->aOrderBy[0].desc)
    info->orderByConsumed = 1;
  return SQLITE_OK;
}

int vt_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto c = std::make_unique<Cursor>();
  *out = &c.release()->base;  // owned by SQLite until vt_close
  return SQLITE_OK;
}

int vt_close(sqlite3_vtab_cursor* c) {
  std::unique_ptr<Cursor> owned(reinterpret_cast<Cursor*>(c));
  return SQLITE_OK;
}

int vt_filter(sqlite3_vtab_cursor* c, int, const char*, int, sqlite3_value**) {
  const Range* range = reinterpret_cast<VTab*>(c->pVtab)->range;
  auto* cur = reinterpret_cast<Cursor*>(c);
  cur->row = range->begin;
  // Derived columns appear between statements, so the views are taken when a scan starts.
  const auto* impl = range->impl;
  cur->views.assign(impl->names.size(), {});
  for (std::size_t k = 0; k < cur->views.size(); ++k) {
    const auto [t, i] = impl->locate(k);
    if (!t) continue;
    ColumnView& v = cur->views[k];
    v = {t, i, t->column(i).type};
    if (v.type != layers::FieldType::Text) continue;
    v.terminated = true;
    for (std::size_t r = range->begin; r < range->end && v.terminated; ++r)
      if (!t->null_at(r, i))
        v.terminated = std::strlen(t->text_at(r, i).data()) == t->text_at(r, i).size();
  }
  return SQLITE_OK;
}

int vt_next(sqlite3_vtab_cursor* c) {
  ++reinterpret_cast<Cursor*>(c)->row;
  return SQLITE_OK;
}

int vt_eof(sqlite3_vtab_cursor* c) {
  return reinterpret_cast<Cursor*>(c)->row >= reinterpret_cast<VTab*>(c->pVtab)->range->end;
}

int vt_column(sqlite3_vtab_cursor* c, sqlite3_context* ctx, int col) {
  const auto* cur = reinterpret_cast<Cursor*>(c);
  const std::size_t row = cur->row;
  const ColumnView& v = cur->views[static_cast<std::size_t>(col)];
  const layers::Table* t = v.table;
  const std::size_t i = v.col;
  if (!t || t->null_at(row, i)) return SQLITE_OK;  // result defaults to NULL
  switch (v.type) {
    case layers::FieldType::Integer:
      sqlite3_result_int64(ctx, t->integer_at(row, i));
      break;
    case layers::FieldType::Real:
      sqlite3_result_double(ctx, t->real_at(row, i));
      break;
    case layers::FieldType::Text: {
      const std::string_view s = t->text_at(row, i);
      // The table outlives every statement of this connection: no copy. Length -1 tells SQLite
      // the text is NUL-terminated (Table::text_at's bytes are), so LIKE and other functions that
      // need a terminator use it in place instead of copying it; text with an embedded NUL keeps
      // its explicit length (checked once per scan in vt_filter).
      sqlite3_result_text(ctx, s.data(), v.terminated ? -1 : static_cast<int>(s.size()),
                          SQLITE_STATIC);
      break;
    }
  }
  return SQLITE_OK;
}

int vt_rowid(sqlite3_vtab_cursor* c, sqlite3_int64* out) {
  *out = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(c)->row) + 1;
  return SQLITE_OK;
}

sqlite3_module facts_module() {
  sqlite3_module m{};
  m.xCreate = vt_connect;
  m.xConnect = vt_connect;
  m.xBestIndex = vt_best_index;
  m.xDisconnect = vt_disconnect;
  m.xDestroy = vt_disconnect;
  m.xOpen = vt_open;
  m.xClose = vt_close;
  m.xFilter = vt_filter;
  m.xNext = vt_next;
  m.xEof = vt_eof;
  m.xColumn = vt_column;
  m.xRowid = vt_rowid;
  return m;  // no xUpdate: the table is read-only
}

const sqlite3_module kFactsModule = facts_module();

}  // namespace

namespace detail {

/// A new connection whose `facts` shows `range`, with the ruleset's lookup tables.
DbPtr open_facts_connection(const Range& range, const std::vector<Lookup>& lookups) {
  DbPtr db = open_memory_db();
  create_lookups(db.get(), lookups);
  register_finding_function(db.get());
  if (sqlite3_create_module_v2(db.get(), "hubland_facts", &kFactsModule, const_cast<Range*>(&range),
                               nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db.get()));
  exec(db.get(), "CREATE VIRTUAL TABLE facts USING hubland_facts");
  return db;
}

}  // namespace detail
}  // namespace hubland::rules

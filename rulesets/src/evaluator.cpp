// Evaluating rules over a facts table in one SELECT (see hubland/rules/evaluator.hpp).
#include "hubland/rules/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <iterator>
#include <optional>
#include <thread>
#include <unordered_set>

#include "compile.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
#include "sql.hpp"

namespace hubland::rules {

namespace {
/// The rows [begin, end) of a FactsDb as one connection's virtual table `facts` sees them.
struct Range {
  const FactsDb::Impl* impl = nullptr;
  std::size_t begin = 0, end = 0;
};
/// A connection over a slice of the rows, for evaluating rules on several cores.
struct Worker {
  Range range;
  detail::DbPtr db;
};
}  // namespace

// Below this many rows one connection is faster than starting workers.
constexpr std::size_t kParallelRows = 50000;
constexpr std::size_t kMaxThreads = 4;

struct FactsDb::Impl {
  Subject subject = Subject::Parcel;
  Range all;  // the main connection's range: every row
  std::vector<Lookup> lookups;
  /// Worker connections, created on the first large evaluate() and kept (not thread-safe:
  /// a FactsDb is used by one thread at a time).
  mutable std::vector<std::unique_ptr<Worker>> workers;
  std::optional<layers::Table> owned;  // set when the FactsDb was given an rvalue
  const layers::Table* facts = nullptr;
  /// Derived columns, row-aligned with `facts`, added as they are computed.
  layers::Table extra;
  struct ColRef {
    enum class Source { Facts, Derived, Null } source = Source::Facts;  // Null: missing column
    std::size_t index = 0;
  };
  std::vector<std::string> names;  // columns of the virtual table, in order
  std::vector<ColRef> cols;
  std::vector<std::string> ids;
  detail::DbPtr db;  // after the tables it reads: closed first
  mutable std::optional<layers::Table> merged;

  std::optional<std::size_t> find(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    return std::nullopt;
  }
  /// Table and column of virtual column `c`, or null when a derived column is not computed yet.
  std::pair<const layers::Table*, std::size_t> locate(std::size_t c) const {
    const ColRef& ref = cols[c];
    switch (ref.source) {
      case ColRef::Source::Facts:
        return {facts, ref.index};
      case ColRef::Source::Derived:
        if (ref.index < extra.column_count()) return {&extra, ref.index};
        return {nullptr, 0};
      case ColRef::Source::Null:
        break;
    }
    return {nullptr, 0};
  }
};

namespace {

// ---- the read-only virtual table `facts` over the Impl's tables (no copy) ---------------------

struct VTab {
  sqlite3_vtab base{};
  const Range* range = nullptr;
};
struct Cursor {
  sqlite3_vtab_cursor base{};
  std::size_t row = 0;
};

int vt_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  const auto* range = static_cast<const Range*>(aux);
  const auto* impl = range->impl;
  std::string decl = "CREATE TABLE x(";
  for (std::size_t c = 0; c < impl->names.size(); ++c) {
    if (c) decl += ", ";
    decl += detail::quote_identifier(impl->names[c]);
    const auto [t, i] = impl->locate(c);
    if (t) {
      switch (t->column(i).type) {
        case layers::FieldType::Integer:
          decl += " INTEGER";
          break;
        case layers::FieldType::Real:
          decl += " REAL";
          break;
        case layers::FieldType::Text:
          decl += " TEXT";
          break;
      }
    }
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
  reinterpret_cast<Cursor*>(c)->row = reinterpret_cast<VTab*>(c->pVtab)->range->begin;
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
  const auto* impl = reinterpret_cast<VTab*>(c->pVtab)->range->impl;
  const std::size_t row = reinterpret_cast<Cursor*>(c)->row;
  const auto [t, i] = impl->locate(static_cast<std::size_t>(col));
  if (!t || t->null_at(row, i)) return SQLITE_OK;  // result defaults to NULL
  switch (t->column(i).type) {
    case layers::FieldType::Integer:
      sqlite3_result_int64(ctx, t->integer_at(row, i));
      break;
    case layers::FieldType::Real:
      sqlite3_result_double(ctx, t->real_at(row, i));
      break;
    case layers::FieldType::Text: {
      const std::string& s = t->text_at(row, i);
      // The table outlives every statement of this connection: no copy.
      sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
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

/// A new connection whose `facts` shows `range`, with the ruleset's lookup tables.
detail::DbPtr open_facts_connection(const Range& range, const std::vector<Lookup>& lookups) {
  detail::DbPtr db = detail::open_memory_db();
  detail::create_lookups(db.get(), lookups);
  if (sqlite3_create_module_v2(db.get(), "hubland_facts", &kFactsModule, const_cast<Range*>(&range),
                               nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db.get()));
  detail::exec(db.get(), "CREATE VIRTUAL TABLE facts USING hubland_facts");
  return db;
}

}  // namespace

namespace {

std::string cell_text(const layers::Table& t, std::size_t row, std::size_t col) {
  if (t.null_at(row, col)) return {};
  switch (t.column(col).type) {
    case layers::FieldType::Integer:
      return std::to_string(t.integer_at(row, col));
    case layers::FieldType::Real:
      return format_number(t.real_at(row, col));
    case layers::FieldType::Text:
      return t.text_at(row, col);
  }
  return {};
}

std::string stmt_text(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT:
      return format_number(sqlite3_column_double(st, col));
    case SQLITE_TEXT:
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, col)),
                         static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
    default:
      return {};
  }
}

// A reason template split into literal text and placeholders, resolved against the table once.
struct Template {
  enum class Kind { Literal, Actual, Threshold, Id, Column };
  struct Part {
    Kind kind;
    std::string text;
    std::size_t column = 0;
  };
  std::vector<Part> parts;

  static Template compile(const std::string& text, const FactsDb::Impl& table, const Rule& rule) {
    Template t;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto open = text.find('{', pos);
      if (open == std::string::npos) {
        t.parts.push_back({Kind::Literal, text.substr(pos)});
        break;
      }
      if (open > pos) t.parts.push_back({Kind::Literal, text.substr(pos, open - pos)});
      const auto close = text.find('}', open);
      if (close == std::string::npos) {
        t.parts.push_back({Kind::Literal, text.substr(open)});
        break;
      }
      const std::string name = text.substr(open + 1, close - open - 1);
      if (name == "actual") {
        t.parts.push_back({Kind::Actual, {}});
      } else if (name == "threshold") {
        t.parts.push_back({Kind::Threshold, {}});
      } else if (name == "id") {
        t.parts.push_back({Kind::Id, {}});
      } else if (auto c = table.find(name)) {
        t.parts.push_back({Kind::Column, {}, *c});
      } else {
        throw Error(ErrorKind::Rule, "reason: unknown placeholder {" + name + "}",
                    Where{.file = rule.file, .line = rule.line, .rule = rule.id});
      }
      pos = close + 1;
    }
    return t;
  }

  std::string render(const FactsDb::Impl& table, std::size_t row, const std::string& id,
                     const std::string& actual, const std::string& threshold) const {
    std::string out;
    for (const auto& p : parts) {
      std::string v;
      switch (p.kind) {
        case Kind::Literal:
          out += p.text;
          continue;
        case Kind::Actual:
          v = actual;
          break;
        case Kind::Threshold:
          v = threshold;
          break;
        case Kind::Id:
          v = id;
          break;
        case Kind::Column: {
          const auto [t, c] = table.locate(p.column);
          if (t) v = cell_text(*t, row, c);
          break;
        }
      }
      out += v.empty() ? "—" : v;  // an em dash for a missing value, in both languages
    }
    return out;
  }
};

struct CompiledRule {
  const Rule* rule;
  int outcome_col = 0;
  int actual_col = -1;
  int threshold_col = -1;
  Template fail_zh, fail_en, pass_zh, pass_en;
  std::string clause;
};

[[noreturn]] void sql_failure(sqlite3* db, const detail::Guard& guard, const std::string& what,
                              const Where& where) {
  const std::string msg =
      guard.refusal().empty() ? std::string(sqlite3_errmsg(db)) : "refused: " + guard.refusal();
  throw Error(ErrorKind::Rule, what + ": " + msg, where);
}

}  // namespace

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  if (std::fabs(v) < 0.01) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

namespace {

/// One pass of SQL value expressions over the facts (user SQL, under the read-only authorizer).
/// Runs `fn(db, range)` over the rows: on the main connection for small tables, else on one
/// worker connection per core (created once, kept), each over its own slice, in parallel.
/// Returns the per-slice results in row order; the first failing slice's exception is rethrown.
template <typename Fn>
auto over_slices(const FactsDb::Impl& m, Fn fn) -> std::vector<decltype(fn(nullptr, m.all))> {
  using Part = decltype(fn(nullptr, m.all));
  const std::size_t rows = m.ids.size();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t chunks = rows < kParallelRows ? 1 : std::min<std::size_t>(hw, kMaxThreads);
  std::vector<Part> parts(chunks);
  if (chunks == 1) {
    parts[0] = fn(m.db.get(), m.all);
    return parts;
  }
  if (m.workers.size() != chunks) {
    m.workers.clear();
    for (std::size_t k = 0; k < chunks; ++k) {
      auto w = std::make_unique<Worker>();
      w->range = Range{&m, rows * k / chunks, rows * (k + 1) / chunks};
      w->db = open_facts_connection(w->range, m.lookups);
      m.workers.push_back(std::move(w));
    }
  }
  std::vector<std::exception_ptr> errors(chunks);
  geo::parallel_for_each(chunks, static_cast<int>(chunks), [&](std::size_t k, int) {
    try {
      parts[k] = fn(m.workers[k]->db.get(), m.workers[k]->range);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return parts;
}

layers::Table select_values(const FactsDb::Impl& m, const std::vector<std::string>& expressions,
                            const Where& where) {
  layers::Table out;
  if (expressions.empty()) return out;
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    if (auto why = detail::precheck_expression(expressions[i]); !why.empty())
      throw Error(ErrorKind::Rule, why, where);
    sql += (i ? ", (\n" : "(\n") + expressions[i] + "\n)";
  }
  sql += " FROM facts ORDER BY rowid";
  const std::size_t n = expressions.size(), rows = m.ids.size();
  struct Part {
    std::vector<std::vector<layers::Value>> cols;
    std::vector<bool> numeric;
  };
  auto parts = over_slices(m, [&](sqlite3* db, const Range& range) {
    Part part{std::vector<std::vector<layers::Value>>(n), std::vector<bool>(n, true)};
    detail::Guard guard(db);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK) {
      detail::StmtPtr none(raw);
      sql_failure(db, guard, "evaluating expressions", where);
    }
    detail::StmtPtr st(raw);
    for (auto& c : part.cols) c.reserve(range.end - range.begin);
    for (;;) {
      const int rc = sqlite3_step(st.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) sql_failure(db, guard, "evaluating expressions", where);
      for (std::size_t i = 0; i < n; ++i) {
        const int ci = static_cast<int>(i);
        switch (sqlite3_column_type(st.get(), ci)) {
          case SQLITE_INTEGER:
          case SQLITE_FLOAT:
            part.cols[i].emplace_back(sqlite3_column_double(st.get(), ci));
            break;
          case SQLITE_NULL:
            part.cols[i].emplace_back(std::monostate{});
            break;
          default:
            part.numeric[i] = false;
            part.cols[i].emplace_back(stmt_text(st.get(), ci));
        }
      }
    }
    return part;
  });
  std::vector<bool> numeric(n, true);
  for (const auto& p : parts)
    for (std::size_t i = 0; i < n; ++i) numeric[i] = numeric[i] && p.numeric[i];
  for (std::size_t i = 0; i < n; ++i)
    out.add_column("c" + std::to_string(i),
                   numeric[i] ? layers::FieldType::Real : layers::FieldType::Text);
  out.resize(rows);
  std::size_t row = 0;
  for (auto& p : parts) {
    const std::size_t part_rows = n ? p.cols[0].size() : 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t r = 0; r < part_rows && row + r < rows; ++r) {
        layers::Value& v = p.cols[i][r];
        if (layers::is_null(v)) continue;
        if (!numeric[i] && !std::holds_alternative<std::string>(v)) v = layers::as_text(v);
        out.set(row + r, i, std::move(v));
      }
    row += part_rows;
  }
  return out;
}

void init(FactsDb::Impl& m, Subject subject, const Ruleset* ruleset) {
  using Source = FactsDb::Impl::ColRef::Source;
  m.subject = subject;
  const layers::Table& facts = *m.facts;
  for (std::size_t c = 0; c < facts.column_count(); ++c) {
    m.names.push_back(facts.column(c).name);
    m.cols.push_back({Source::Facts, c});
  }
  const layers::Table schema = facts_schema(subject);
  for (const auto& col : schema.columns()) {
    const auto have = facts.find(col.name);
    if (!have) {
      m.names.push_back(col.name);
      m.cols.push_back({Source::Null, 0});
    } else if (col.type != layers::FieldType::Text &&
               facts.column(*have).type == layers::FieldType::Text) {
      // SQLite would compare text with numbers as text ('10' < '9'): refuse instead.
      throw Error(ErrorKind::Schema,
                  std::string("holds text, but the facts schema says ") + to_string(col.type) +
                      " (convert it when reading)",
                  Where{.field = col.name});
    }
  }
  std::vector<Derived> derived;
  if (ruleset) derived = ruleset->derived_for(subject);
  for (std::size_t k = 0; k < derived.size(); ++k) {
    if (m.find(derived[k].name))
      throw Error(ErrorKind::Rule,
                  "derived column '" + derived[k].name + "' clashes with a facts column",
                  Where{.file = ruleset->file, .line = derived[k].line, .rule = derived[k].name});
    m.names.push_back(derived[k].name);
    m.cols.push_back({Source::Derived, k});
  }
  const auto id_col = facts.find(id_column(subject));
  if (!id_col)
    throw Error(ErrorKind::Schema, "the facts have no id column",
                Where{.field = id_column(subject)});
  m.ids.reserve(facts.row_count());
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    m.ids.push_back(cell_text(facts, r, *id_col));
    if (m.ids.back().empty())
      throw Error(ErrorKind::Schema, "empty id in row " + std::to_string(r + 1),
                  Where{.field = id_column(subject)});
  }
  // Duplicate ids: sort (hash, row) pairs and compare neighbours — no string copies.
  std::vector<std::pair<std::size_t, std::size_t>> keyed(m.ids.size());
  const std::hash<std::string> hash;
  for (std::size_t r = 0; r < m.ids.size(); ++r) keyed[r] = {hash(m.ids[r]), r};
  std::sort(keyed.begin(), keyed.end());
  std::size_t first_dup = m.ids.size();
  for (std::size_t i = 0; i < keyed.size(); ++i)
    for (std::size_t j = i + 1; j < keyed.size() && keyed[j].first == keyed[i].first; ++j)
      if (m.ids[keyed[i].second] == m.ids[keyed[j].second])
        first_dup = std::min(first_dup, std::max(keyed[i].second, keyed[j].second));
  if (first_dup < m.ids.size())
    throw Error(ErrorKind::Schema, "duplicate id",
                Where{.feature = m.ids[first_dup], .field = id_column(subject)});
  if (ruleset) m.lookups = ruleset->lookups;
  m.all = Range{&m, 0, facts.row_count()};
  m.db = open_facts_connection(m.all, m.lookups);
  // Derived columns in file order: each may use the ones before it (they read as NULL until
  // computed).
  m.extra.resize(facts.row_count());
  for (const auto& d : derived) {
    const Where where{.file = ruleset->file, .line = d.line, .rule = d.name};
    layers::Table v = select_values(m, {d.expr}, where);
    const std::size_t c = m.extra.add_column(d.name, v.column(0).type, d.unit);
    for (std::size_t r = 0; r < facts.row_count(); ++r)
      if (!v.null_at(r, 0)) m.extra.set(r, c, v.get(r, 0));
  }
}

}  // namespace

FactsDb::FactsDb(const layers::Table& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->facts = &facts;
  init(*m_impl, subject, ruleset);
}

FactsDb::FactsDb(layers::Table&& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->owned = std::move(facts);
  m_impl->facts = &*m_impl->owned;
  init(*m_impl, subject, ruleset);
}

const layers::Table& FactsDb::table() const {
  const Impl& m = *m_impl;
  if (m.merged) return *m.merged;
  layers::Table t = *m.facts;
  const layers::Table schema = facts_schema(m.subject);
  for (std::size_t c = 0; c < m.names.size(); ++c) {
    if (m.cols[c].source == Impl::ColRef::Source::Null) {
      const auto s = schema.find(m.names[c]);
      t.add_column(m.names[c], schema.column(*s).type, schema.column(*s).unit);
    } else if (m.cols[c].source == Impl::ColRef::Source::Derived &&
               m.cols[c].index < m.extra.column_count()) {
      const auto& col = m.extra.column(m.cols[c].index);
      const std::size_t dst = t.add_column(col.name, col.type, col.unit);
      for (std::size_t r = 0; r < t.row_count(); ++r)
        if (!m.extra.null_at(r, m.cols[c].index)) t.set(r, dst, m.extra.get(r, m.cols[c].index));
    }
  }
  m.merged = std::move(t);
  return *m.merged;
}

FactsDb::~FactsDb() = default;
FactsDb::FactsDb(FactsDb&&) noexcept = default;
FactsDb& FactsDb::operator=(FactsDb&&) noexcept = default;
Subject FactsDb::subject() const noexcept {
  return m_impl->subject;
}
std::size_t FactsDb::row_count() const noexcept {
  return m_impl->ids.size();
}
const std::vector<std::string>& FactsDb::ids() const noexcept {
  return m_impl->ids;
}

namespace {

/// Evaluates the prepared SELECT over one connection (its `range` of rows), in row order.
std::vector<Finding> run_chunk(const FactsDb::Impl& m, sqlite3* db, const Range& range,
                               const std::string& sql, const std::vector<Rule>& rules,
                               const std::vector<CompiledRule>& compiled, Keep keep) {
  std::vector<Finding> out;

  detail::Guard guard(db);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    detail::StmtPtr none(raw);
    // Find the culprit so that the message names the rule and its key.
    for (const Rule& r : rules) {
      for (const auto& [key, e] :
           {std::pair<const char*, const std::string*>{"applies", &r.applies},
            {"fails_when", &r.fails_when},
            {"actual", &r.actual},
            {"threshold", &r.threshold}}) {
        if (e->empty()) continue;
        const std::string one = "SELECT (\n" + *e + "\n) FROM facts";
        sqlite3_stmt* t = nullptr;
        const int rc = sqlite3_prepare_v2(db, one.c_str(), -1, &t, nullptr);
        detail::StmtPtr keep_t(t);
        if (rc != SQLITE_OK)
          sql_failure(db, guard, key, Where{.file = r.file, .line = r.line, .rule = r.id});
      }
    }
    sql_failure(db, guard, "evaluating the rules", Where{.file = rules.front().file});
  }
  detail::StmtPtr st(raw);
  std::size_t row = range.begin;
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW)
      sql_failure(
          db, guard, "evaluating the rules",
          Where{.file = rules.front().file, .feature = row < m.ids.size() ? m.ids[row] : ""});
    const std::string& id = m.ids[row];
    for (const CompiledRule& c : compiled) {
      const Rule& r = *c.rule;
      const int type = sqlite3_column_type(st.get(), c.outcome_col);
      Outcome o;
      bool unknown = false;
      if (type == SQLITE_BLOB) {
        if (keep != Keep::All) continue;
        Finding f{id,
                  r.id,
                  Outcome::NotApplicable,
                  {},
                  {},
                  "不适用：" + r.title.zh,
                  "not applicable: " + r.title.en,
                  c.clause};
        out.push_back(std::move(f));
        continue;
      } else if (type == SQLITE_NULL) {
        unknown = true;
        o = r.on_unknown == OnUnknown::Fail ? r.on_fail : Outcome::NotApplicable;
      } else {
        const double v = type == SQLITE_INTEGER
                             ? static_cast<double>(sqlite3_column_int64(st.get(), c.outcome_col))
                         : type == SQLITE_FLOAT ? sqlite3_column_double(st.get(), c.outcome_col)
                                                : -1.0;
        if (v != 0.0 && v != 1.0)
          throw Error(
              ErrorKind::Rule,
              "fails_when gives '" + stmt_text(st.get(), c.outcome_col) + "', not true/false",
              Where{.file = r.file, .feature = id, .line = r.line, .rule = r.id});
        o = v == 1.0 ? r.on_fail : Outcome::Pass;
      }
      if (keep == Keep::NonPass && (o == Outcome::Pass || o == Outcome::NotApplicable)) continue;
      Finding f;
      f.subject_id = id;
      f.rule_id = r.id;
      f.outcome = o;
      if (c.actual_col >= 0) f.actual = stmt_text(st.get(), c.actual_col);
      if (c.threshold_col >= 0) f.threshold = stmt_text(st.get(), c.threshold_col);
      if (unknown && o == Outcome::NotApplicable) {
        f.reason_zh = "数据缺失，无法判断：" + r.title.zh;
        f.reason_en = "data missing, cannot decide: " + r.title.en;
      } else if (o == Outcome::Pass) {
        f.reason_zh = c.pass_zh.render(m, row, id, f.actual, f.threshold);
        f.reason_en = c.pass_en.render(m, row, id, f.actual, f.threshold);
      } else {
        f.reason_zh = c.fail_zh.render(m, row, id, f.actual, f.threshold);
        f.reason_en = c.fail_en.render(m, row, id, f.actual, f.threshold);
        if (unknown) {
          f.reason_zh = "数据缺失（按不符合处理）：" + f.reason_zh;
          f.reason_en = "data missing (treated as failing): " + f.reason_en;
        }
      }
      f.clause = c.clause;
      out.push_back(std::move(f));
    }
    ++row;
  }
  return out;
}

}  // namespace

std::vector<Finding> evaluate(const FactsDb& fdb, const std::vector<Rule>& rules, Keep keep) {
  const auto& m = fdb.impl();
  std::vector<Finding> out;
  if (rules.empty() || m.ids.empty()) return out;
  std::string sql = "SELECT ";
  std::vector<CompiledRule> compiled;
  compiled.reserve(rules.size());
  int col = 0;
  for (const Rule& r : rules) {
    if (r.subject != m.subject)
      throw Error(ErrorKind::Internal,
                  std::string("rule is for ") + to_string(r.subject) + " facts, not " +
                      to_string(m.subject),
                  Where{.file = r.file, .line = r.line, .rule = r.id});
    for (const auto* e : {&r.applies, &r.fails_when, &r.actual, &r.threshold})
      if (auto why = detail::precheck_expression(*e); !why.empty())
        throw Error(ErrorKind::Rule, why, Where{.file = r.file, .line = r.line, .rule = r.id});
    CompiledRule c{&r};
    if (col) sql += ", ";
    // Not applicable is a zero-length blob: no condition yields a blob, so it cannot collide
    // with true, false or NULL (unknown).
    if (r.applies.empty())
      sql += "(\n" + r.fails_when + "\n)";
    else
      sql += "CASE WHEN (\n" + r.applies + "\n) THEN (\n" + r.fails_when + "\n) ELSE x'' END";
    c.outcome_col = col++;
    if (!r.actual.empty()) {
      sql += ", (\n" + r.actual + "\n)";
      c.actual_col = col++;
    }
    if (!r.threshold.empty()) {
      sql += ", (\n" + r.threshold + "\n)";
      c.threshold_col = col++;
    }
    const Text fail{r.reason.zh.empty() ? r.title.zh : r.reason.zh,
                    r.reason.en.empty() ? r.title.en : r.reason.en};
    const Text pass{r.pass_reason.zh.empty() ? "符合：" + r.title.zh : r.pass_reason.zh,
                    r.pass_reason.en.empty() ? "met: " + r.title.en : r.pass_reason.en};
    c.fail_zh = Template::compile(fail.zh, m, r);
    c.fail_en = Template::compile(fail.en, m, r);
    c.pass_zh = Template::compile(pass.zh, m, r);
    c.pass_en = Template::compile(pass.en, m, r);
    c.clause = r.verified ? r.clause : r.clause + "（阈值未核实 / threshold unverified）";
    compiled.push_back(std::move(c));
  }
  sql += " FROM facts ORDER BY rowid";

  // Large tables: one connection per core over a slice of the rows, results joined in row
  // order (so the output does not depend on the number of threads).
  auto parts = over_slices(m, [&](sqlite3* db, const Range& range) {
    return run_chunk(m, db, range, sql, rules, compiled, keep);
  });
  if (parts.size() == 1) return std::move(parts[0]);
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  out.reserve(total);
  for (auto& p : parts) std::move(p.begin(), p.end(), std::back_inserter(out));
  return out;
}

layers::Table evaluate_values(const FactsDb& fdb, const std::vector<std::string>& expressions) {
  return select_values(fdb.impl(), expressions, {});
}

}  // namespace hubland::rules

#include "compile.hpp"

#include <cmath>

#include "hubland/error.hpp"

namespace hubland::rules::detail {

namespace {

std::string explain_sqlite(const std::string& msg) {
  const std::string nc = "no such column: ";
  if (msg.rfind(nc, 0) == 0)
    return "unknown column '" + msg.substr(nc.size()) +
           "' (not a facts column of this subject nor a derived column; see docs/facts.md)";
  if (msg.rfind("no such function: ", 0) == 0) return "unknown function " + msg.substr(18);
  if (msg.rfind("no such table: ", 0) == 0) return "unknown table " + msg.substr(15);
  return "SQL error: " + msg;
}

std::string describe_value(sqlite3_stmt* st) {
  switch (sqlite3_column_type(st, 0)) {
    case SQLITE_INTEGER:
      return "the number " + std::to_string(sqlite3_column_int64(st, 0));
    case SQLITE_FLOAT: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%g", sqlite3_column_double(st, 0));
      return std::string("the number ") + buf;
    }
    case SQLITE_TEXT:
      return "the text '" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) +
             "'";
    case SQLITE_BLOB:
      return "a blob";
    default:
      return "NULL";
  }
}

bool is_boolean(sqlite3_stmt* st) {
  switch (sqlite3_column_type(st, 0)) {
    case SQLITE_NULL:
      return true;
    case SQLITE_INTEGER: {
      const auto v = sqlite3_column_int64(st, 0);
      return v == 0 || v == 1;
    }
    case SQLITE_FLOAT: {
      const double v = sqlite3_column_double(st, 0);
      return v == 0.0 || v == 1.0;
    }
    default:
      return false;
  }
}

}  // namespace

void create_lookups(sqlite3* db, const std::vector<Lookup>& lookups) {
  for (const auto& l : lookups) {
    const std::string name = layers::sql_identifier("lookup_" + l.name);
    // `value` has no declared type: numbers stay numbers and text (codes such as "1001")
    // stays text; REAL affinity would turn a code into 1001.0.
    exec(db, "CREATE TABLE " + name + " (key TEXT PRIMARY KEY, value)");
    StmtPtr ins = prepare(db, "INSERT INTO " + name + " VALUES (?, ?)");
    for (const auto& [k, v] : l.rows) {
      sqlite3_bind_text(ins.get(), 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
      sqlite3_bind_double(ins.get(), 2, v);
      if (sqlite3_step(ins.get()) != SQLITE_DONE)
        throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db));
      sqlite3_reset(ins.get());
    }
    for (const auto& [k, v] : l.text_rows) {
      sqlite3_bind_text(ins.get(), 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins.get(), 2, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
      if (sqlite3_step(ins.get()) != SQLITE_DONE)
        throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db));
      sqlite3_reset(ins.get());
    }
  }
}

Compiler::Compiler(Subject subject)
    : m_db(open_memory_db()), m_schema(facts_schema(subject)) {
  create_table(m_db.get(), "facts", m_schema, false);
  // Probe rows: typical non-null values (flags 1, other integers 7, reals 2.5, text 'x'),
  // then all NULL. A condition must give 0, 1 or NULL on both — which catches a bare column
  // or arithmetic used as a condition before any data is read.
  std::string values;
  for (std::size_t c = 0; c < m_schema.column_count(); ++c) {
    const auto& col = m_schema.column(c);
    if (c) values += ",";
    switch (col.type) {
      case layers::FieldType::Integer:
        values += col.unit == "0/1" ? "1" : "7";
        break;
      case layers::FieldType::Real:
        values += "2.5";
        break;
      case layers::FieldType::Text:
        values += "'x'";
        break;
    }
  }
  exec(m_db.get(), "INSERT INTO facts VALUES (" + values + ")");
  exec(m_db.get(), "INSERT INTO facts DEFAULT VALUES");
}

void Compiler::add_lookups(const std::vector<Lookup>& lookups) {
  create_lookups(m_db.get(), lookups);
}

bool Compiler::has_column(const std::string& name) const {
  return m_schema.find(name).has_value();
}

std::optional<layers::FieldType> Compiler::column_type(const std::string& name) const {
  if (auto c = m_schema.find(name)) return m_schema.column(*c).type;
  return std::nullopt;
}

void Compiler::check(const std::string& sql, ExpressionKind kind, const std::string& key,
                     const Where& where) {
  auto fail = [&](const std::string& msg) {
    throw Error(ErrorKind::Rule, key + ": " + msg, where);
  };
  if (sql.find_first_not_of(" \t\r\n") == std::string::npos) fail("expression is empty");
  if (auto why = precheck_expression(sql); !why.empty()) fail(why);
  // Newlines around the text: a trailing "--" comment cannot swallow the closing parenthesis.
  const std::string wrapped = "SELECT (\n" + sql + "\n) FROM facts";
  Guard guard(m_db.get());
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(m_db.get(), wrapped.c_str(), static_cast<int>(wrapped.size()),
                                    &raw, &tail);
  StmtPtr st(raw);
  if (rc != SQLITE_OK) {
    if (!guard.refusal().empty()) fail("refused: " + guard.refusal());
    fail(explain_sqlite(sqlite3_errmsg(m_db.get())));
  }
  if (!st || (tail && *tail) || sqlite3_column_count(st.get()) != 1)
    fail("must be a single SQL expression");
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW) {
      if (!guard.refusal().empty()) fail("refused: " + guard.refusal());
      fail(explain_sqlite(sqlite3_errmsg(m_db.get())));
    }
    if (kind == ExpressionKind::Boolean && !is_boolean(st.get()))
      fail("a condition must be true/false (a comparison, LIKE, IN, AND/OR ...), but it gives " +
           describe_value(st.get()) + " (try e.g. 'plot_ratio < far_min')");
  }
}

void Compiler::check_aggregate(const std::string& sql, const std::string& key, const Where& where) {
  check(sql, ExpressionKind::Value, key, where);
  const std::string counted = "SELECT count(*) FROM (SELECT (\n" + sql + "\n) FROM facts)";
  Guard guard(m_db.get());
  StmtPtr st = prepare(m_db.get(), counted);
  if (sqlite3_step(st.get()) != SQLITE_ROW || sqlite3_column_int64(st.get(), 0) != 1)
    throw Error(ErrorKind::Rule,
                key +
                    ": must be one aggregate over the zone's parcels (sum, avg, count, min, "
                    "max ...), but it gives one value per parcel",
                where);
}

void Compiler::add_column(const std::string& name, layers::FieldType type) {
  if (m_schema.find(name)) return;
  exec(m_db.get(), "ALTER TABLE facts ADD COLUMN " + layers::sql_identifier(name));
  m_schema.add_column(name, type, "");
}

void Compiler::add_derived(const Derived& d, const Where& where) {
  if (m_schema.find(d.name))
    throw Error(ErrorKind::Rule, "derived column '" + d.name + "' already exists", where);
  check(d.expr, ExpressionKind::Value, "expr", where);
  // Each derived column is a column of the facts table, and SQLite caps a table's columns
  // (2000 unless built otherwise): say so with the ruleset's line, not as an internal error.
  const int max_columns = sqlite3_limit(m_db.get(), SQLITE_LIMIT_COLUMN, -1);
  if (m_schema.column_count() + 1 > static_cast<std::size_t>(max_columns))
    throw Error(ErrorKind::Rule,
                "too many derived columns: '" + d.name + "' would be column " +
                    std::to_string(m_schema.column_count() + 1) +
                    " of the facts table, and SQLite allows " + std::to_string(max_columns),
                where);
  exec(m_db.get(), "ALTER TABLE facts ADD COLUMN " + layers::sql_identifier(d.name));
  {
    Guard guard(m_db.get(), {d.name});
    exec(m_db.get(),
         "UPDATE facts SET " + layers::sql_identifier(d.name) + " = (\n" + d.expr + "\n)");
  }
  m_schema.add_column(d.name, layers::FieldType::Real, d.unit);
}

}  // namespace hubland::rules::detail

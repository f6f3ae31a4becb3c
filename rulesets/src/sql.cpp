#include "sql.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "finding_cell.hpp"
#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules::detail {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Functions a rule may call: SQLite's pure scalar and aggregate functions and SpatiaLite's
// geometry functions. An allowlist, because SpatiaLite has hundreds of functions and some read
// or write files (ImportSHP, BlobFromFile, XB_LoadXML...) or change the database.
constexpr std::array<std::string_view, 62> kCoreFunctions = {
    "abs",        "avg",       "char",    "coalesce",  "count",        "glob",       "group_concat",
    "hex",        "ifnull",    "iif",     "instr",     "length",       "like",       "likely",
    "likelihood", "unlikely",  "lower",   "ltrim",     "max",          "min",        "nullif",
    "printf",     "format",    "quote",   "replace",   "round",        "rtrim",      "sign",
    "substr",     "substring", "sum",     "total",     "trim",         "typeof",     "unicode",
    "upper",      "ceil",      "ceiling", "floor",     "sqrt",         "pow",        "power",
    "exp",        "ln",        "log",     "log10",     "log2",         "mod",        "pi",
    "radians",    "degrees",   "sin",     "cos",       "tan",          "acos",       "asin",
    "atan",       "atan2",     "trunc",   "makepoint", "geomfromtext", "geomfromwkb"};

// ST_ functions that edit topologies or networks (tables) rather than compute on values.
constexpr std::array<std::string_view, 14> kDeniedStPrefixes = {
    "st_add",      "st_change",   "st_createtopo", "st_inittopo", "st_inittoponet",
    "st_mod",      "st_move",     "st_new",        "st_rem",      "st_getface",
    "st_validate", "st_validlog", "st_validspat",  "st_spatnet"};

bool function_allowed(std::string_view name_in) {
  const std::string name = lower(name_in);
  if (std::find(kCoreFunctions.begin(), kCoreFunctions.end(), name) != kCoreFunctions.end())
    return true;
  // The evaluator's own pure function that carries a rule's values out (finding_cell.hpp).
  if (name == kFindingFunction) return true;
  if (name.rfind("st_", 0) != 0) return false;
  for (auto p : kDeniedStPrefixes)
    if (name.rfind(p, 0) == 0) return false;
  return name != "st_loginetfromtgeo";
}

const char* action_name(int action) {
  switch (action) {
    case SQLITE_ATTACH:
      return "ATTACH";
    case SQLITE_DETACH:
      return "DETACH";
    case SQLITE_PRAGMA:
      return "PRAGMA";
    case SQLITE_INSERT:
      return "INSERT";
    case SQLITE_UPDATE:
      return "UPDATE";
    case SQLITE_DELETE:
      return "DELETE";
    case SQLITE_TRANSACTION:
      return "a transaction";
    case SQLITE_SAVEPOINT:
      return "SAVEPOINT";
    case SQLITE_ALTER_TABLE:
      return "ALTER TABLE";
    case SQLITE_ANALYZE:
      return "ANALYZE";
    case SQLITE_REINDEX:
      return "REINDEX";
    case SQLITE_RECURSIVE:
      return "a recursive query";
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
      return "a virtual table";
    default:
      return "writing to the database";
  }
}

}  // namespace

// Each connection is used by one thread at a time (a FactsDb's own, or one worker's slice), so
// SQLite's per-connection mutex only costs: ~10 % of rule evaluation went to locking it.
constexpr int kOpenFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

DbPtr open_memory_db() {
  configure_sqlite();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &raw, kOpenFlags, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK)
    throw Error(ErrorKind::Internal, std::string("cannot open an in-memory SQLite database: ") +
                                         (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  // Loading through the C API only (the SQL function load_extension stays off), then off again.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, nullptr);
  char* err = nullptr;
  const int lrc = sqlite3_load_extension(raw, "mod_spatialite", nullptr, &err);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  if (lrc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(
        ErrorKind::Internal,
        "cannot load SpatiaLite (mod_spatialite; Debian package libsqlite3-mod-spatialite): " +
            msg);
  }
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
  return db;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw Error(ErrorKind::Internal, "SQLite: " + msg);
  }
}

StmtPtr prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db));
  return StmtPtr(s);
}

namespace {
// The one place in HubLand that installs (guard) or removes (nullptr) an SQLite authorizer:
// every user expression runs under Guard, none under a looser copy.
void set_guard(sqlite3* db, Guard* guard) {
  sqlite3_set_authorizer(db, guard ? &Guard::callback : nullptr, guard);
}
}  // namespace

Guard::Guard(sqlite3* db, std::vector<std::string> update_columns)
    : m_db(db), m_update_columns(std::move(update_columns)) {
  set_guard(m_db, this);
}

Guard::~Guard() {
  set_guard(m_db, nullptr);
}

int Guard::callback(void* self_v, int action, const char* a, const char* b, const char*,
                    const char*) {
  auto* self = static_cast<Guard*>(self_v);
  const int verdict = decide(self, action, a, b);
  if (verdict != SQLITE_OK && self->m_first_refusal.empty())
    self->m_first_refusal = self->m_refusal;
  return verdict;
}

int Guard::decide(Guard* self, int action, const char* a, const char* b) {
  const std::string_view arg1 = a ? a : "", arg2 = b ? b : "";
  switch (action) {
    case SQLITE_SELECT:
      return SQLITE_OK;
    case SQLITE_READ:
      if (arg1 == "facts") {
        auto& read = self->m_facts_read;
        if (std::find(read.begin(), read.end(), arg2) == read.end()) read.emplace_back(arg2);
        return SQLITE_OK;
      }
      if (arg1.rfind("lookup_", 0) == 0) return SQLITE_OK;
      self->m_refusal = "reading table '" + std::string(arg1) +
                        "' is not allowed in a rule expression (only facts and lookup_* tables)";
      return SQLITE_DENY;
    case SQLITE_FUNCTION:
      if (function_allowed(arg2)) return SQLITE_OK;
      self->m_refusal = "function " + std::string(arg2) +
                        "() is not allowed in a rule expression (it is not on the allowlist of "
                        "pure functions; see docs/rulesets.md)";
      return SQLITE_DENY;
    case SQLITE_UPDATE:
      if (arg1 == "facts" && std::find(self->m_update_columns.begin(), self->m_update_columns.end(),
                                       arg2) != self->m_update_columns.end())
        return SQLITE_OK;
      break;
    default:
      break;
  }
  self->m_refusal = std::string(action_name(action)) +
                    " is not allowed in a rule expression (expressions are read-only)";
  return SQLITE_DENY;
}

std::string precheck_expression(const std::string& sql) {
  if (sql.size() > kMaxExpressionBytes)
    return "expression is too long (" + std::to_string(sql.size()) + " bytes; the limit is " +
           std::to_string(kMaxExpressionBytes) + ")";
  if (sql.find('\0') != std::string::npos) return "expression contains a NUL byte";
  static constexpr std::array<std::string_view, 20> kStatementWords = {
      "attach",   "detach",    "pragma",  "insert",  "update",  "delete",   "drop",
      "create",   "alter",     "vacuum",  "reindex", "analyze", "begin",    "commit",
      "rollback", "savepoint", "release", "with",    "values",  "returning"};
  // A small lexer: words outside string literals, quoted identifiers and comments.
  std::size_t i = 0;
  const std::size_t n = sql.size();
  int depth = 0;  // parentheses must balance, so no text can close the wrapper's '('
  while (i < n) {
    const char c = sql[i];
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0)
      return "unbalanced ')': a rule expression cannot close a parenthesis it did not open";
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      ++i;
      while (i < n) {
        if (sql[i] == close) {
          if (close != ']' && i + 1 < n && sql[i + 1] == close) {
            i += 2;  // doubled quote inside the literal
            continue;
          }
          break;
        }
        ++i;
      }
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
      continue;
    }
    if (c == ';')
      return "';' is not allowed: a rule expression is one SQL expression, not a statement";
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      const std::string word = lower(std::string_view(sql).substr(i, j - i));
      if (word.rfind("pragma_", 0) == 0)  // table-valued pragma functions (pragma_table_info)
        return "PRAGMA is not allowed in a rule expression (expressions are read-only)";
      for (auto w : kStatementWords) {
        if (word == w) {
          std::string up = word;
          for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          return up + " is not allowed in a rule expression (expressions are read-only)";
        }
      }
      i = j;
      continue;
    }
    ++i;
  }
  if (depth != 0) return "unbalanced '(': a parenthesis is not closed";
  return {};
}

void create_table(sqlite3* db, const std::string& name, const layers::Table& table,
                  bool with_rows) {
  std::string sql = "CREATE TABLE " + layers::sql_identifier(name) + " (";
  std::string insert = "INSERT INTO " + layers::sql_identifier(name) + " VALUES (";
  for (std::size_t c = 0; c < table.column_count(); ++c) {
    const auto& col = table.column(c);
    if (c) {
      sql += ", ";
      insert += ",";
    }
    sql += layers::sql_identifier(col.name) + " " + layers::sqlite_type(col.type);
    insert += "?";
  }
  exec(db, sql + ")");
  if (!with_rows || table.row_count() == 0) return;
  exec(db, "BEGIN");
  StmtPtr st = prepare(db, insert + ")");
  const std::size_t ncol = table.column_count();
  for (std::size_t r = 0; r < table.row_count(); ++r) {
    for (std::size_t c = 0; c < ncol; ++c) {
      const int p = static_cast<int>(c) + 1;
      if (table.null_at(r, c)) {
        sqlite3_bind_null(st.get(), p);
        continue;
      }
      switch (table.column(c).type) {
        case layers::FieldType::Integer:
          sqlite3_bind_int64(st.get(), p, table.integer_at(r, c));
          break;
        case layers::FieldType::Real:
          sqlite3_bind_double(st.get(), p, table.real_at(r, c));
          break;
        case layers::FieldType::Text: {
          const std::string_view s = table.text_at(r, c);
          sqlite3_bind_text(st.get(), p, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
          break;
        }
      }
    }
    if (sqlite3_step(st.get()) != SQLITE_DONE)
      throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db));
    sqlite3_reset(st.get());
  }
  st.reset();
  exec(db, "COMMIT");
}

}  // namespace hubland::rules::detail

namespace hubland::rules {

void configure_sqlite() noexcept {
  // SQLite counts every allocation in process-wide statistics under one global mutex, which
  // the evaluator's worker connections then fight over (about 15 % of evaluation time, most of
  // it waiting). Nothing in HubLand reads those statistics. sqlite3_config() only works before
  // sqlite3_initialize() (later it returns SQLITE_MISUSE and changes nothing), hence the call
  // first thing in main() and here, once, for programs that don't.
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

}  // namespace hubland::rules

#pragma once
// Internal: RAII SQLite handles, the in-memory database with SpatiaLite, and the read-only
// containment of user SQL (docs/rulesets.md, "SQL safety model"). Not a public header: no
// SQLite handle leaves rulesets/.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "hubland/layers/sql_text.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::rules::detail {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

/// A private in-memory database with SpatiaLite loaded; extension loading is enabled only for
/// that call and then disabled, ATTACH is limited to zero databases, defensive mode is on.
DbPtr open_memory_db();
/// Trusted SQL written by this module (never user text). Throws Error(Internal).
void exec(sqlite3* db, const std::string& sql);
StmtPtr prepare(sqlite3* db, const std::string& sql);

/// While alive, every statement prepared or stepped on `db` is checked by the read-only
/// authorizer: SELECT, reads of `facts` and `lookup_*`, and allow-listed functions only.
/// `update_columns` lets the module's own UPDATE of derived columns through (facts.<col>).
class Guard {
 public:
  explicit Guard(sqlite3* db, std::vector<std::string> update_columns = {});
  ~Guard();
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
  /// Why the authorizer refused the last statement ("" when it did not).
  /// The first refusal is kept: later ones are often consequences of it.
  const std::string& refusal() const noexcept { return m_first_refusal; }
  /// The columns of `facts` that the statements prepared so far read, each once, in the order
  /// SQLite first named them ("ROWID" for the rowid).
  const std::vector<std::string>& facts_columns_read() const noexcept { return m_facts_read; }

  static int callback(void* self, int action, const char* a, const char* b, const char* c,
                      const char* d);

 private:
  sqlite3* m_db;
  std::vector<std::string> m_update_columns;
  std::string m_refusal;
  std::string m_first_refusal;
  std::vector<std::string> m_facts_read;
  static int decide(Guard* self, int action, const char* a, const char* b);
};

/// Pre-checks of one user expression before SQLite sees it: length cap, ';', statement
/// keywords (ATTACH, PRAGMA, DROP...). Returns "" when fine, else the refusal message.
std::string precheck_expression(const std::string& sql);

/// Creates table `name` with the columns of `table` (INTEGER/REAL/TEXT) and, when
/// `with_rows`, inserts its rows in one transaction.
void create_table(sqlite3* db, const std::string& name, const layers::Table& table, bool with_rows);

}  // namespace hubland::rules::detail

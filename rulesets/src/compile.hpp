#pragma once
// Internal: compiling user SQL expressions against a facts schema (load time) — shared by the
// loader and check_expression().

#include <map>
#include <optional>
#include <string>

#include "hubland/rules/ruleset.hpp"
#include "sql.hpp"

namespace hubland::rules::detail {

/// An in-memory database with the empty facts table of one subject (plus lookups and derived
/// columns) and one probe row, used to compile expressions before any data is read.
class Compiler {
 public:
  explicit Compiler(Subject subject);
  /// Adds the ruleset's lookup tables (call before compiling anything).
  void add_lookups(const std::vector<Lookup>& lookups);
  /// Compiles `sql`; throws Error(Rule) with `where` and "<key>: <problem>".
  void check(const std::string& sql, ExpressionKind kind, const std::string& key,
             const Where& where);
  /// Compiles a derived column and adds it to the facts table.
  void add_derived(const Derived& d, const Where& where);
  /// Compiles `sql` as a value that must be ONE aggregate over the rows (sum, count ...): the
  /// probe table has two rows, so a per-row expression gives two values and is refused.
  void check_aggregate(const std::string& sql, const std::string& key, const Where& where);
  /// Adds a column (null in the probe rows) that expressions may name, e.g. a grade column.
  void add_column(const std::string& name, layers::FieldType type);
  bool has_column(const std::string& name) const;
  /// Type of a facts or derived column; nullopt when there is none of that name.
  std::optional<layers::FieldType> column_type(const std::string& name) const;

 private:
  DbPtr m_db;
  layers::Table m_schema;
};

/// Creates lookup_<name>(key TEXT PRIMARY KEY, value REAL) tables with their rows.
void create_lookups(sqlite3* db, const std::vector<Lookup>& lookups);

}  // namespace hubland::rules::detail

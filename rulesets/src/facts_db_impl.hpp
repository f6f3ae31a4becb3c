#pragma once
// Internal: what a FactsDb holds — the facts, derived columns, the connections whose virtual
// table `facts` reads them without a copy — and the helpers the evaluator's files share.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hubland/rules/evaluator.hpp"
#include "sql.hpp"

namespace hubland::rules {

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

// Below this many rows one connection is faster than starting workers.
inline constexpr std::size_t kParallelRows = 50000;
inline constexpr std::size_t kMaxThreads = 4;

struct FactsDb::Impl {
  Subject subject = Subject::Parcel;
  bool any_table = false;  ///< FactsDb(table, AnyTable): no subject schema, ids are row numbers
  Range all;               // the main connection's range: every row
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

namespace detail {

/// A new connection whose `facts` shows `range` (read-only virtual table, no copy), with the
/// ruleset's lookup tables.
DbPtr open_facts_connection(const Range& range, const std::vector<Lookup>& lookups);

/// A cell as findings show it: integers plain, reals by format_number(), "" for null.
std::string cell_text(const layers::Table& t, std::size_t row, std::size_t col);
/// Column `col` of the current row of `st`, as cell_text() would show it.
std::string stmt_text(sqlite3_stmt* st, int col);

}  // namespace detail
}  // namespace hubland::rules

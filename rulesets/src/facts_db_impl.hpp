#pragma once
// Internal: what a FactsDb holds — the facts, derived columns, the connections whose virtual
// table `facts` reads them without a copy — and the helpers the evaluator's files share.

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
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

/// Throws Error(Rule) "`what`: <SQLite's message>" (or the guard's refusal) at `where`.
[[noreturn]] void sql_failure(sqlite3* db, const Guard& guard, const std::string& what,
                              const Where& where);

/// "SELECT `select_list` FROM facts" in row order. The columns the list reads come from a
/// subquery that SQLite runs as a co-routine (OFFSET 0 keeps it from being flattened), so each
/// is taken from the virtual table once per row and every further mention is a register copy:
/// the 30 rules of bench_rules name 8 columns 65 times a row. The plain statement is returned
/// when the list reads the rowid, no column, or fails to prepare (its error is then reported by
/// the caller's own prepare, as before). The subquery is named `facts`, so `facts.col` still
/// resolves, and its columns keep the virtual table's affinity (SQLite gives a subquery column
/// the affinity of its expression), so comparisons convert as before.
std::string select_over_facts(const FactsDb::Impl& m, const std::string& select_list);

/// The value of each of `expressions` (user SQL, under the guard) for every row, in row order:
/// columns c0, c1, … — Real where every value is a number or null, else Text.
layers::Table select_values(const FactsDb::Impl& m, const std::vector<std::string>& expressions,
                            const Where& where);

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
      w->db = detail::open_facts_connection(w->range, m.lookups);
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

}  // namespace detail
}  // namespace hubland::rules

#pragma once
// Evaluating rules over a facts table: the facts go into an in-memory SQLite database
// (SpatiaLite loaded, then extension loading disabled) and every rule is evaluated in ONE
// SELECT over it — one output column per rule, plus its actual and threshold values.
//
// Contract:
//  - FactsDb exposes a facts Table (one row per subject) to SQLite as the read-only virtual
//    table `facts`, without copying it: a Table passed as an lvalue is borrowed and must outlive
//    the FactsDb; a Table passed as an rvalue (a temporary) is moved in and owned. Columns of
//    the subject's canonical schema missing from the Table read as NULL, so every compiled rule
//    still runs; extra columns are kept. The ruleset's lookups become tables
//    lookup_<name>(key, value) and its derived columns are computed once, in file order.
//  - evaluate() returns findings ordered by subject (facts row order), then rule (list order),
//    so the same inputs give the same findings, byte for byte.
//  - This is the one expression service: rules, derived columns, screening indicators, ranking
//    criteria and the desk's attribute filter all run here, under the one read-only authorizer
//    (detail::Guard: SELECT, reads of `facts` and `lookup_*`, allow-listed pure functions); a rule
//    whose condition yields a non-boolean value at run time throws Error(Rule) naming the rule and
//    the subject.
// Threads: a FactsDb is used by one thread at a time (its SQLite connections are opened without
// their mutex); evaluate() runs its own worker connections over slices of large tables.
// Failure modes: Error(Rule) for a rule that does not compile against this table (e.g. the
// Table has a column of the wrong type), Error(Schema) when the id column is missing or an id
// repeats, Error(Internal) for SQLite failures.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/table.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

class FactsDb {
 public:
  /// `ruleset` supplies lookups and derived columns (may be null: none).
  /// Borrows `facts` (it must outlive this FactsDb).
  FactsDb(const layers::Table& facts, Subject subject, const Ruleset* ruleset = nullptr);
  /// Tag of the constructor for a table that is no subject's facts (the desk's attribute
  /// filter): its columns as they are, no schema columns, no id column needed (ids are the
  /// 1-based row numbers), no lookups. Expressions run under the same guard as rules.
  struct AnyTable {};
  /// Borrows `table` (it must outlive this FactsDb).
  FactsDb(const layers::Table& table, AnyTable);
  /// Takes `facts` over (for temporaries such as request_facts(...)).
  FactsDb(layers::Table&& facts, Subject subject, const Ruleset* ruleset = nullptr);
  ~FactsDb();
  FactsDb(FactsDb&&) noexcept;
  FactsDb& operator=(FactsDb&&) noexcept;
  FactsDb(const FactsDb&) = delete;
  FactsDb& operator=(const FactsDb&) = delete;

  Subject subject() const noexcept;
  std::size_t row_count() const noexcept;
  /// Subject ids in row order (the id column of the subject, as text).
  const std::vector<std::string>& ids() const noexcept;
  /// The facts as the rules see them: the given columns, then the missing schema columns
  /// (null) and the derived columns. Built on first call (a copy), then cached.
  const layers::Table& table() const;

  struct Impl;
  Impl& impl() const noexcept { return *m_impl; }

 private:
  std::unique_ptr<Impl> m_impl;
};

/// Which findings evaluate() returns.
enum class Keep {
  All,  ///< every (subject, rule) pair, including pass and n/a
  /// Only outcomes other than Pass and NotApplicable; the same findings as All minus those,
  /// but `actual` and `threshold` are computed only for the findings kept (so an expression
  /// that would fail on a passing row is not run there).
  NonPass,
};

/// Findings are held in memory (about 0.5 KB each with their reasons): past this many,
/// evaluate() stops with Error(Rule) instead of exhausting the machine.
inline constexpr std::size_t kMaxFindings = 10'000'000;

/// Evaluate rules (all of the db's subject) over every row, in one pass (in statements of at
/// most 1000 rules: SQLite caps a result at 2000 columns; the order is the same). Throws
/// Error(Rule) naming the ruleset when more than `max_findings` findings would be kept.
std::vector<Finding> evaluate(const FactsDb& db, const std::vector<Rule>& rules,
                              Keep keep = Keep::All, std::size_t max_findings = kMaxFindings);

/// Evaluate SQL value expressions over every row (one pass): one column per expression
/// (named c0, c1, ...; Real for numbers, Text otherwise), rows in facts order. NULL stays null.
/// Each expression should have been compiled at load (check_expression or load_ruleset); at run
/// time the same pre-checks and guard apply, and failures throw Error(Rule) carrying `where`.
layers::Table evaluate_values(const FactsDb& db, const std::vector<std::string>& expressions,
                              const Where& where = {});

/// Aggregate expressions per group, in one statement on the FactsDb's main connection:
/// SELECT <group_column>, (e0), (e1) ... FROM facts GROUP BY <group_column> ORDER BY it. The
/// result has column `group` (text) then c0, c1 ... (Real for numbers, Text otherwise); groups
/// whose key is NULL form one row with a null key. Aggregates must see every row of a group, so
/// the parallel slices of the row evaluators are never used here. Same pre-checks and guard as
/// evaluate_values(); failures throw Error(Rule) carrying `where`.
layers::Table evaluate_grouped(const FactsDb& db, const std::vector<std::string>& expressions,
                               const std::string& group_column, const Where& where = {});

/// Rows (0-based, ascending) where the SQL condition is true, as a WHERE clause would select
/// them (false and NULL are not selected). The condition is pre-checked and runs under the
/// read-only guard; Error(Rule) says why a condition is refused or does not compile.
std::vector<std::size_t> select_rows(const FactsDb& db, const std::string& condition);

/// Turns off SQLite's global memory statistics (SQLITE_CONFIG_MEMSTATUS), whose one global
/// mutex the evaluator's worker threads would contend for. Effective only before SQLite is first
/// initialised (GDAL does that when it opens a GeoPackage), so programs call it first thing in
/// main(); every FactsDb calls it too, for programs that do not. Idempotent; thread-safe.
void configure_sqlite() noexcept;

/// Number text as used in findings and reasons: integers without decimals, other values with
/// up to 6 significant digits ("0.42", "24.1", "1.5e+06"); "" for null.
std::string format_number(double v);

}  // namespace hubland::rules

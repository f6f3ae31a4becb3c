#pragma once
// Internal: the SQL function hubland_finding(outcome, actual, threshold) that carries a rule's
// values out of the rules SELECT in ONE column, and only for the rows that need them: the
// evaluator wraps each rule as CASE ... WHEN 0 THEN 0 ELSE hubland_finding(...) END, so a passing
// row costs SQLite one comparison and C++ one type check, and `actual`/`threshold` are computed
// only where a finding is kept (about 2-3 % of the evaluations in a screening).

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace hubland::rules::detail {

inline constexpr const char* kFindingFunction = "hubland_finding";

/// One SQL value as SQLite gave it (type SQLITE_INTEGER ... SQLITE_NULL); `text` views the
/// bytes of TEXT and BLOB values inside the decoded blob.
struct CellValue {
  int type = SQLITE_NULL;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view text;
};

/// Registers hubland_finding() on `db` (pure: deterministic, no side effects).
void register_finding_function(sqlite3* db);

/// Splits the blob of hubland_finding() into its first `n` arguments (missing ones are NULL).
/// Returns false when the blob is malformed (it was not made by hubland_finding()).
bool decode_finding(const void* blob, int bytes, CellValue* out, int n);

/// A value as findings show it (the same text as cell_text()/stmt_text(): integers plain, reals
/// by format_number(), text as is, "" for null and blobs).
std::string value_text(const CellValue& v);

}  // namespace hubland::rules::detail

#pragma once
// hubland::Error — the one exception type of the engine (geo, layers, rules).
//
// Every failure says what failed and where: file, layer, feature id, field, line. The CLI and
// the desktop app turn it into a message and an exit code at their edge (exit_code()).
// Libraries never call exit() and never swallow an Error.

#include <stdexcept>
#include <string>

namespace hubland {

/// What kind of failure; decides the exit code at the edge (bad input 2, internal 1).
enum class ErrorKind {
  BadInput,   ///< generic user input problem (bad flag value, unknown layer, ...)
  Io,         ///< file missing, unreadable, truncated, not writable
  Crs,        ///< CRS missing, unknown, or the extent does not fit it
  Encoding,   ///< text not decodable in the declared/detected code page
  Geometry,   ///< wrong geometry type for the role, unrepairable geometry
  Schema,     ///< missing required field, wrong type, duplicate id
  Rule,       ///< ruleset file or rule expression rejected
  Cancelled,  ///< the user cancelled a long operation
  Conflict,   ///< a stale write: someone changed the record since it was read (reload, retry)
  Internal,   ///< a bug or a library failure that is not the input's fault
};

/// Where a failure happened. Empty members are omitted from the message.
struct Where {
  std::string file;
  std::string layer;
  std::string feature;  ///< feature id as the user knows it (e.g. parcel_id), else the FID
  std::string field;
  int line = 0;  ///< 1-based line in a text file (rulesets, analysis files, CSV)
  std::string rule;  ///< rule id when a ruleset rule is at fault
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Where where = {});

  ErrorKind kind() const noexcept { return m_kind; }
  const Where& where() const noexcept { return m_where; }
  /// The message without the location suffix.
  const std::string& message() const noexcept { return m_message; }

 private:
  ErrorKind m_kind;
  std::string m_message;
  Where m_where;
};

/// "file.shp: layer parcels: feature P-17: field plot_ratio: line 3: rule LE-FAR" (non-empty parts).
std::string describe(const Where& where);
/// Short stable name of a kind ("bad-input", "io", "crs", ...), used in --json and reports.
const char* to_string(ErrorKind kind) noexcept;
/// 2 for any kind caused by the input, 3 for Conflict (retry after reloading), 1 for Internal.
int exit_code(ErrorKind kind) noexcept;

}  // namespace hubland

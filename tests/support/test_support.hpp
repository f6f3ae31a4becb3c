#pragma once
// Shared helpers of the test suites: a fresh temporary folder per test, running the CLI.

#include <map>
#include <string>
#include <vector>

namespace hubland::test {

/// A new empty folder under the build tree for the current test (removed at the next run).
std::string temp_dir();
/// Path of a file under tests/data.
std::string data(const std::string& relative);
/// Run a shell command; returns its exit code and captures stdout / stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run(const std::string& command);
/// A shell-quoted argument ('…'); test paths hold no single quotes.
inline std::string quoted(const std::string& s) {
  return "'" + s + "'";
}
#ifdef HUBLAND_CLI
/// The hubland CLI under test, shell-quoted (app suite only).
inline std::string cli() {
  return quoted(HUBLAND_CLI);
}
#endif
/// Whole file as bytes ("" when missing).
std::string read_file(const std::string& path);
/// The rows of a CSV file with a header line (a UTF-8 BOM is skipped; quoted cells may hold
/// commas, not line breaks), each as column -> text.
std::vector<std::map<std::string, std::string>> read_csv_rows(const std::string& path);

}  // namespace hubland::test

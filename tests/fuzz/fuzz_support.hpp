#pragma once
// What every fuzz harness shares: a quiet GDAL, a scratch folder of its own, and the
// fuzzer-friendly archive that carries a multi-file input (a shapefile's parts) in one byte
// string.
//
// Archive format (GDAL's own fuzzers use the same one, so their corpora and tools carry over):
//   FUZZER_FRIENDLY_ARCHIVE\n
//   ***NEWFILE***:<name>\n<bytes up to the next "\n***NEWFILE***:" or the end>
//   ***NEWFILE***:<name>\n...
// Names keep only [A-Za-z0-9._-] (anything else is dropped), so an input never writes outside
// the scratch folder.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hubland::fuzz {

/// GDAL drivers registered, GDAL and PROJ messages silenced (errors still reach HubLand through
/// CPLGetLastError*), SQLite configured as hubland configures it.
void init_libraries();

/// This process's scratch folder (created once, under $TMPDIR or /tmp), emptied by each call.
std::string fresh_scratch_dir();

/// Write `bytes` to `path` (binary, truncating).
void write_file(const std::string& path, std::string_view bytes);

/// The files of a fuzzer-friendly archive; an input without the header is one file named
/// `default_name`.
std::vector<std::pair<std::string, std::string>> unpack_archive(std::string_view bytes,
                                                                const std::string& default_name);

/// The '\n'-separated lines of `bytes`, every one kept: "a\n" gives "a" and "", "" gives "".
std::vector<std::string> split_lines(std::string_view bytes);

/// With HUBLAND_FUZZ_VERBOSE set, print what one step of a harness gave (to check that the
/// seeds reach deep, not only the first error); silent otherwise, so fuzzing stays fast.
void note(const char* step, const std::string& outcome);

/// Stop the process (a fuzzer finding) when `ok` is false, saying which property failed.
void require(bool ok, const char* property);

}  // namespace hubland::fuzz

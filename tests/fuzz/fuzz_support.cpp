#include "fuzz_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hubland/rules/evaluator.hpp"

namespace fs = std::filesystem;

namespace hubland::fuzz {

void init_libraries() {
  rules::configure_sqlite();
  CPLSetErrorHandler(CPLQuietErrorHandler);
  // Many inputs name files that are not there; GDAL must not look for them in the real tree.
  CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
  GDALAllRegister();
}

std::string fresh_scratch_dir() {
  static const fs::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    fs::path d = fs::path(tmp && *tmp ? tmp : "/tmp") /
                 ("hubland-fuzz-" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(d);
    return d;
  }();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) fs::remove_all(entry.path(), ec);
  return dir.string();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::pair<std::string, std::string>> unpack_archive(std::string_view bytes,
                                                                const std::string& default_name) {
  static constexpr std::string_view header = "FUZZER_FRIENDLY_ARCHIVE\n";
  static constexpr std::string_view marker = "***NEWFILE***:";
  std::vector<std::pair<std::string, std::string>> files;
  if (bytes.substr(0, header.size()) != header) {
    files.emplace_back(default_name, std::string(bytes));
    return files;
  }
  std::size_t pos = bytes.find(marker, header.size());
  while (pos != std::string_view::npos) {
    const std::size_t name_begin = pos + marker.size();
    const std::size_t name_end = bytes.find('\n', name_begin);
    if (name_end == std::string_view::npos) break;
    std::string name;
    for (char c : bytes.substr(name_begin, name_end - name_begin))
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')
        name += c;
    std::size_t next = bytes.find(std::string("\n").append(marker), name_end);
    const std::size_t end = next == std::string_view::npos ? bytes.size() : next;
    if (!name.empty() && name != "." && name != "..")
      files.emplace_back(name, std::string(bytes.substr(name_end + 1, end - name_end - 1)));
    pos = next == std::string_view::npos ? next : next + 1;
  }
  return files;
}

std::vector<std::string> split_lines(std::string_view bytes) {
  std::vector<std::string> lines;
  for (std::size_t begin = 0; begin <= bytes.size();) {
    const std::size_t end = std::min(bytes.find('\n', begin), bytes.size());
    lines.emplace_back(bytes.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

void note(const char* step, const std::string& outcome) {
  static const bool verbose = std::getenv("HUBLAND_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "  %s: %s\n", step, outcome.c_str());
}

void require(bool ok, const char* property) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

}  // namespace hubland::fuzz

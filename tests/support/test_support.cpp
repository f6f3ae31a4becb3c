#include "test_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace hubland::test {

namespace {
// The programs and the desk keep prepared overlay layers in $HUBLAND_CACHE_DIR (else under
// $HOME): the suite keeps them in the build tree, shared by its tests, never in the user's home.
const bool g_cache_in_build_tree = [] {
  ::setenv("HUBLAND_CACHE_DIR", (fs::path(HUBLAND_TEST_TMP) / "prepared-cache").c_str(), 0);
  return true;
}();
}  // namespace

std::string temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "global";
  for (char& c : name)
    if (c == '/') c = '_';
  fs::path dir = fs::path(HUBLAND_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string data(const std::string& relative) {
  return std::string(HUBLAND_TEST_DATA) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::map<std::string, std::string>> read_csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : s) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        out.push_back(cur), cur.clear();
      else
        cur += c;
    }
    out.push_back(cur);
    return out;
  };
  if (std::getline(in, line)) {
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    header = split(line);
  }
  while (std::getline(in, line)) {
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

CommandResult run(const std::string& command) {
  CommandResult r;
  const std::string dir = fs::temp_directory_path() / ("hubland-cmd-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string out = dir + "/out", err = dir + "/err";
  const std::string full = command + " >" + out + " 2>" + err;
  int status = std::system(full.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace hubland::test

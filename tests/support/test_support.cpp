#include "test_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace hubland::test {

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

std::string data(const std::string& relative) { return std::string(HUBLAND_TEST_DATA) + "/" + relative; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
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

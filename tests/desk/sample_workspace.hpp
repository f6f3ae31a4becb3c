#pragma once
// A workspace of the Chongqing sample written by `hubland run`, made once per test process (it
// takes a while); each test works on its own copy.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace hubland::test {

// The folder of this process's sample workspace: ctest runs each test as its own process, two
// at a time, so the folder is per process (temp_dir() is per test and emptied on every call);
// removed when the process ends.
struct SampleWorkspaceFolder {
  std::filesystem::path dir =
      std::filesystem::path(HUBLAND_TEST_TMP) / ("sample-workspace-" + std::to_string(::getpid()));
  SampleWorkspaceFolder() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~SampleWorkspaceFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

inline const std::string& sample_workspace() {
  static const SampleWorkspaceFolder folder;
  static const std::string ws = [] {
    const std::string path = (folder.dir / "sample.hubland.sqlite").string();
    const auto r =
        run(cli() + " -q run " +
            quoted(std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml") +
            " -o " + quoted(path));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return path;
  }();
  return ws;
}

/// A copy of sample_workspace() in `dir` (the test's temp_dir()).
inline std::string sample_workspace_copy(const std::string& dir) {
  const std::string path = dir + "/copy.hubland.sqlite";
  std::filesystem::copy_file(sample_workspace(), path);
  return path;
}

}  // namespace hubland::test

#pragma once
// A workspace of the Chongqing sample written by `hubland run`, made once per test binary (it
// takes a while); each test works on its own copy.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace hubland::test {

inline const std::string& sample_workspace() {
  static const std::string ws = [] {
    // Its own folder: temp_dir() empties the calling test's folder on every call.
    const std::filesystem::path dir = std::filesystem::path(HUBLAND_TEST_TMP) / "sample-workspace";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "sample.hubland.sqlite").string();
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

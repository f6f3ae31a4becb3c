// Limits at the edge of the machine (docs/hardening.md, "Limits"): an output that does not fit
// on the disk, and inputs that would not fit in memory, stop with a clear error naming the file
// and leave nothing under the output folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hubland/layers/memory_preflight.hpp"
#include "test_support.hpp"

using namespace hubland;
using test::cli;
using test::quoted;
namespace fs = std::filesystem;

namespace {

const std::string kSample = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing";

std::size_t entries(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

// A disk that fills while the facts are written: the file-size limit (ulimit -f, SIGXFSZ
// ignored so that write() fails with EFBIG as on a full disk) stops the GeoPackage mid-table.
TEST(CliLimits, AnOutputThatDoesNotFitStopsAndLeavesNothing) {
  const std::string dir = test::temp_dir() + "/out";
  fs::create_directories(dir);
  auto r = test::run("trap '' XFSZ; ulimit -f 4096; exec " + cli() + " overlay " +
                     quoted(kSample + "/analysis.toml") + " --no-isochrones -o " + quoted(dir));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("hubland: error: " + dir + "/facts."), std::string::npos) << r.err;
  EXPECT_EQ(entries(dir), 0u) << "a half-written output or its staging folder was left";
}

// Inputs far beyond the machine's memory are refused before any reading, with the sizes. The
// input is a sparse file just larger than the available memory allows (it takes no disk).
TEST(CliLimits, InputsBeyondTheMemoryAreRefusedBeforeReading) {
  const auto available = layers::available_memory_bytes();
  if (!available) GTEST_SKIP() << "no /proc/meminfo here";
  const std::string dir = test::temp_dir();
  const std::string big = dir + "/city.gpkg";
  std::ofstream(big).close();
  const std::uint64_t size = *available / layers::kPeakMemoryPerInputByte + (1ull << 30);
  fs::resize_file(big, size);
  fs::create_directories(dir + "/out");
  auto r = test::run(cli() + " overlay " + quoted(kSample + "/analysis.toml") + " --parcels " +
                     quoted(big + "|parcels") + " -o " + quoted(dir + "/out"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("an analysis of them needs about"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("HUBLAND_SKIP_MEMORY_CHECK=1 tries anyway"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("read"), std::string::npos) << "it read before refusing:\n" << r.out;
  EXPECT_EQ(entries(dir + "/out"), 0u);
}

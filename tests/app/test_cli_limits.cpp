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

// A problem report that does not fit on the disk (ulimit -f 8: 8 KiB) stops the import with the
// report's file named, and leaves no partial report, temporary file or layer. When the layer
// itself stopped, that stop is still said first.
TEST(CliLimits, AProblemReportThatDoesNotFitStopsTheImportAndLeavesNothing) {
  const std::string dir = test::temp_dir();
  const auto write_parcels = [&](const std::string& name, bool with_land_use) {
    std::ofstream csv(dir + "/" + name);
    csv << "WKT,parcel_id," << (with_land_use ? "land_use," : "") << "floor_area_m2\n";
    // 300 features whose floor area is not a number: a report of some 30 KB.
    for (int i = 1; i <= 300; ++i)
      csv << "\"POLYGON((106.5 29.5,106.51 29.5,106.51 29.51,106.5 29.5))\",P" << i
          << (with_land_use ? ",M1" : "") << ",abc\n";
  };
  write_parcels("p.csv", true);
  write_parcels("no_land_use.csv", false);
  const auto import = [&](const std::string& name) {
    fs::create_directories(dir + "/out");
    return test::run("trap '' XFSZ; ulimit -f 8; exec " + cli() + " import --role parcels " +
                     quoted(dir + "/" + name) + " --assume-crs EPSG:4490 -o " +
                     quoted(dir + "/out/p.gpkg") + " --report " + quoted(dir + "/out/r.csv"));
  };
  // Feature problems only: the report is written before the layer, so nothing is imported.
  auto r = import("p.csv");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "hubland: error: " + dir + "/out/r.csv: cannot write: File too large\n");
  EXPECT_EQ(entries(dir + "/out"), 0u) << "a partial report, its temporary file or p.gpkg was left";
  // A layer that stops (no land_use): its stop first, then the report's failure.
  r = import("no_land_use.csv");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("hubland: error: " + dir + "/no_land_use.csv: layer no_land_use: ", 0), 0u)
      << r.err;
  EXPECT_NE(r.err.find("field land_use: required field land_use of role parcels is missing"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("\nthe --report was not written either: " + dir +
                       "/out/r.csv: cannot write: File too large"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(entries(dir + "/out"), 0u) << "a partial report, its temporary file or p.gpkg was left";
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

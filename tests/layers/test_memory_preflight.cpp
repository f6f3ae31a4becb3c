// The memory preflight of load_inputs(): sizes of the input files, and the refusal text.
#include <gtest/gtest.h>

#include <sys/sysinfo.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "hubland/error.hpp"
#include "hubland/layers/memory_preflight.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;

TEST(MemoryPreflight, InputBytesCountAShapefileWithItsPartsAndEachFileOnce) {
  // .shp 325,488 + .dbf 8,478 + .shx 404 bytes (the .prj and .cpg are not held in memory).
  const std::string shp = test::data("shp-variants/cq_districts_utf8.shp");
  EXPECT_EQ(input_bytes({shp}), 325488u + 8478u + 404u);
  const std::string gpkg =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
  const auto gpkg_size = std::filesystem::file_size(gpkg);
  EXPECT_EQ(input_bytes({gpkg + "|parcels", gpkg + "|zones", gpkg}), gpkg_size);
  EXPECT_EQ(input_bytes({"PG:dbname=bureau", test::temp_dir() + "/missing.gpkg"}), 0u);
}

TEST(MemoryPreflight, ShortfallSaysTheSizesAndWhatToDo) {
  EXPECT_EQ(memory_shortfall(1'000'000'000, 7'000'000'000), "");  // 7x fits exactly
  EXPECT_EQ(memory_shortfall(10'000'000'000, 22'000'000'000),
            "the inputs total 10.0 GB; an analysis of them needs about 70.0 GB of memory (7x the "
            "input, as measured) and 22.0 GB is available: split the parcels (e.g. one district "
            "at a time with --parcels) or use a larger machine; HUBLAND_SKIP_MEMORY_CHECK=1 "
            "tries anyway");
  EXPECT_NE(memory_shortfall(1'000'000'000, 6'999'999'999), "");
}

TEST(MemoryPreflight, AvailableMemoryIsTheKernelsFigureWithinThePhysicalMemoryAndSwap) {
  const auto available = available_memory_bytes();
  if (!available) GTEST_SKIP() << "no /proc/meminfo here";
  struct sysinfo si {};
  ASSERT_EQ(sysinfo(&si), 0);
  const std::uint64_t ram = std::uint64_t{si.totalram} * si.mem_unit;
  const std::uint64_t swap = std::uint64_t{si.totalswap} * si.mem_unit;
  // MemAvailable + SwapFree: more than the 16 MB any test machine keeps free, never more than
  // the RAM and swap there are (a figure in KiB not scaled, or in pages, fails one or the other).
  EXPECT_GT(*available, 16ull << 20);
  EXPECT_LE(*available, ram + swap);
}

TEST(MemoryPreflight, AnInputPastTheLimitIsRefusedUnlessTheCheckIsSkipped) {
  const auto available = available_memory_bytes();
  if (!available) GTEST_SKIP() << "no /proc/meminfo here";
  // Sparse files: a GeoPackage just past available / 7, and one well under it.
  const std::string dir = test::temp_dir();
  const std::string big = dir + "/big.gpkg", small = dir + "/small.gpkg";
  std::ofstream(big).close();
  std::ofstream(small).close();
  std::filesystem::resize_file(big, *available / kPeakMemoryPerInputByte + (256ull << 20));
  std::filesystem::resize_file(small, *available / kPeakMemoryPerInputByte / 4);
  try {
    check_memory_for({small + "|parcels", big + "|parcels"});
    FAIL() << "an input past the limit was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("HUBLAND_SKIP_MEMORY_CHECK=1 tries anyway"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(check_memory_for({small + "|parcels"}));
  ::setenv("HUBLAND_SKIP_MEMORY_CHECK", "1", 1);
  EXPECT_NO_THROW(check_memory_for({big + "|parcels"}));
  ::unsetenv("HUBLAND_SKIP_MEMORY_CHECK");
}

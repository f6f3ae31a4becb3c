// The memory preflight of load_inputs(): sizes of the input files, and the refusal text.
#include <gtest/gtest.h>

#include <filesystem>
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

TEST(MemoryPreflight, TheSampleFits) {
  EXPECT_NO_THROW(check_memory_for(
      {std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg|parcels"}));
}

// inspect_source (`hubland info`): what a user learns about a source before importing it.
#include <gtest/gtest.h>

#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/layers/info.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;
namespace fs = std::filesystem;

TEST(Info, RealDistrictsCountsInvalidAndKeepsExtent) {
  SourceInfo s = inspect_source(test::data("districts/chongqing_districts.geojson"));
  ASSERT_EQ(s.layers.size(), 1u);
  const LayerInfo& l = s.layers[0];
  EXPECT_EQ(l.driver, "GeoJSON");
  EXPECT_EQ(l.feature_count, 38);
  EXPECT_EQ(l.epsg, 4326);
  EXPECT_EQ(l.invalid_geometries, 7u);
  EXPECT_EQ(l.invalid_examples.size(), 7u);
  EXPECT_EQ(l.invalid_examples[1], "fid 6: Self-intersection[106.424805 29.426758]");
  EXPECT_EQ(l.null_geometries, 0u);
  EXPECT_NEAR(l.extent.min_x, 105.290039, 1e-6);
  EXPECT_NEAR(l.extent_wgs84.max_y, 32.202148, 1e-6);
  EXPECT_EQ(l.crs_problem, "");
}

TEST(Info, TruncatedFieldNameAndMissingPrjAreReportedNotThrown) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_utf8_truncfield");
  for (const char* ext : {".shp", ".shx", ".dbf", ".cpg"})
    fs::copy_file(src + ext, dir + "/t" + ext);
  SourceInfo s = inspect_source(dir + "/t.shp");
  ASSERT_EQ(s.layers.size(), 1u);
  const LayerInfo& l = s.layers[0];
  EXPECT_FALSE(l.has_crs);
  EXPECT_EQ(l.crs_problem,
            "the layer has no CRS (no .prj file); pass --assume-crs EPSG:<code> if you know it");
  EXPECT_TRUE(l.extent_wgs84.empty);
  EXPECT_EQ(l.encoding_source, ".cpg");
  ASSERT_EQ(l.fields.size(), 5u);
  EXPECT_EQ(l.fields[2].name, "区县名");
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].code, "field-name-cut");
  EXPECT_EQ(l.fields[1].samples, (std::vector<std::string>{"万州区", "涪陵区", "渝中区"}));
  InfoOptions o;
  o.assume_crs = "EPSG:4490";
  EXPECT_EQ(inspect_source(dir + "/t.shp", o).layers[0].crs_source, "--assume-crs");
}

TEST(Info, CrsThatDoesNotFitIsReported) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_utf8");
  for (const char* ext : {".shp", ".shx", ".dbf", ".cpg"})
    fs::copy_file(src + ext, dir + "/g" + ext);
  InfoOptions o;
  o.assume_crs = "EPSG:4545";  // lon/lat numbers declared as Gauss-Kruger
  const LayerInfo l = inspect_source(dir + "/g.shp", o).layers[0];
  EXPECT_NE(l.crs_problem.find("look like longitude/latitude degrees"), std::string::npos)
      << l.crs_problem;
}

TEST(Info, GbkWithoutCpgDecodesSamples) {
  const LayerInfo l =
      inspect_source(test::data("shp-variants/cq_districts_gbk_nocpg.shp")).layers[0];
  EXPECT_EQ(l.encoding, "CP936");
  EXPECT_EQ(l.encoding_source, "detected");
  EXPECT_EQ(l.fields[2].name, "区县名称");
  EXPECT_EQ(l.fields[2].samples[2], "渝中区");
  EXPECT_EQ(l.fields[3].samples[0], "108.380246");  // reals shortest, not %.15f
}

TEST(Info, TruncatedShpIsAnIoError) {
  const std::string dir = test::temp_dir();
  const std::string src = test::data("shp-variants/cq_districts_utf8");
  for (const char* ext : {".shx", ".dbf", ".cpg", ".prj"})
    fs::copy_file(src + ext, dir + "/t" + ext);
  fs::copy_file(src + ".shp", dir + "/t.shp");
  fs::resize_file(dir + "/t.shp", 5000);
  try {
    inspect_source(dir + "/t.shp");
    FAIL() << "expected an Io error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(e.message().find("truncated or corrupt"), std::string::npos);
  }
}

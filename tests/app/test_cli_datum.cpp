// `hubland info --datum` / `hubland import --datum` and the GCJ-02 warning, as a user runs them.
// Fixture: tests/data/districts/chongqing_districts.gcj02.geojson (six districts, GCJ-02).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace hubland;
using test::cli;
using test::quoted;

namespace {

std::string fixture() {
  return test::data("districts/chongqing_districts.gcj02.geojson");
}

}  // namespace

TEST(CliDatum, InfoWarnsOnGcj02AndConvertsWithDatum) {
  auto plain = test::run(cli() + " info " + quoted(fixture()));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("  warning [looks-gcj02] lon/lat data line up with GCJ-02 (web map) "
                           "by 476 m better than with WGS 84; if digitised from AMap/Tencent, "
                           "re-read with --datum gcj02\n"),
            std::string::npos)
      << plain.out;

  auto conv = test::run(cli() + " info --datum gcj02 " + quoted(fixture()));
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  EXPECT_EQ(conv.out.find("looks-gcj02"), std::string::npos) << conv.out;
  EXPECT_NE(conv.out.find("  info [web-datum-converted] converted from GCJ-02 (web-map offset) "
                          "to WGS 84 by the inverse transform\n"),
            std::string::npos)
      << conv.out;

  auto bad = test::run(cli() + " info --datum wgs02 " + quoted(fixture()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--datum must be gcj02 (AMap, Tencent), bd09 (Baidu) or none, not "
                         "'wgs02'"),
            std::string::npos)
      << bad.err;
}

TEST(CliDatum, ImportSaysItConvertedAndRefusesProjectedLayers) {
  const std::string dir = test::temp_dir();
  auto r = test::run(cli() + " import --role districts --datum gcj02 --json " + quoted(fixture()) +
                     " -o " + quoted(dir + "/d.gpkg"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["datum"], "gcj02");
  bool noted = false;
  for (const auto& p : j["problems"])
    noted |=
        p["code"] == "web-datum-converted" &&
        p["message"] == "converted from GCJ-02 (web-map offset) to WGS 84 by the inverse transform";
  EXPECT_TRUE(noted) << r.out;

  const std::string gpkg =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
  auto p = test::run(cli() + " import --role zones --datum gcj02 " + quoted(gpkg + "|zones") +
                     " -o " + quoted(dir + "/z.gpkg"));
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.err.find(gpkg), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("the GCJ-02 web-map offset can only be removed from longitude/latitude "
                       "in EPSG:4326 or EPSG:4490"),
            std::string::npos)
      << p.err;
}

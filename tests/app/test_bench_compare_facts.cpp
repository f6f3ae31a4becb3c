// bench/compare_facts.py, the judge of the PostGIS comparison (docs/performance.md): hand-made
// answers with one difference each, and the zone-edge touches it counts apart.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "test_support.hpp"

namespace hubland {
namespace {

const char* kHeader =
    "parcel_id,zone_id,zone_share,ring_land_port_km,ring_airport_km,ring_port_km,ring_trade_km,"
    "ring_production_km,redline_m2,farmland_m2,udb_share\n";

test::CommandResult compare(const std::string& hubland_rows, const std::string& postgis_rows) {
  const std::string dir = test::temp_dir();
  std::ofstream(dir + "/hubland.csv") << kHeader << hubland_rows;
  std::ofstream(dir + "/postgis.csv") << kHeader << postgis_rows;
  return test::run(
      "python3 " + test::quoted(std::string(HUBLAND_SOURCE_ROOT) + "/bench/compare_facts.py") +
      " " + test::quoted(dir + "/hubland.csv") + " " + test::quoted(dir + "/postgis.csv"));
}

const std::string kP1 = "P1,Z1,0.75,3,10,,30,,12.5,0,1\n";
const std::string kP2 = "P2,,0,3,10,,30,,0,0,0\n";

TEST(BenchCompareFacts, AZoneEdgeTouchAgreesWithinToleranceAndIsListedApart) {
  // P2 touches Z7's edge: HubLand measures 1.4e-16 of the parcel, PostGIS nothing.
  const auto r = compare(kP1 + "P2,Z7,1.4e-16,3,10,,30,,0,0,0\n", kP1 + kP2);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("zone_id              within tolerance 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("P2: hubland 'Z7' share 1.4e-16, postgis '' share 0"), std::string::npos);
  EXPECT_NE(r.out.find("agreement: 2 of 2 parcels (100.00 %); 1 agree on every column without "
                       "the zone-touch tolerance"),
            std::string::npos)
      << r.out;
}

TEST(BenchCompareFacts, AZoneNamedForARealOverlapOrAnAreaBeyondItsToleranceDisagrees) {
  // A share of 2e-9 is past the share tolerance (1e-9): a real, if small, overlap.
  auto r = compare(kP1 + "P2,Z7,2e-9,3,10,,30,,0,0,0\n", kP1 + kP2);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("zone_id              differ        1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("agreement: 1 of 2 parcels (50.00 %)"), std::string::npos) << r.out;
  // Two zones named for the same parcel are never a touch.
  r = compare("P1,Z2,0.75,3,10,,30,,12.5,0,1\n" + kP2, kP1 + kP2);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // 2e-6 m² of redline apart: beyond the 1e-6 m² of the areas.
  r = compare("P1,Z1,0.75,3,10,,30,,12.500002,0,1\n" + kP2, kP1 + kP2);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("redline_m2           differ        1"), std::string::npos) << r.out;
  // 5e-7 m² apart agrees.
  r = compare("P1,Z1,0.75,3,10,,30,,12.5000005,0,1\n" + kP2, kP1 + kP2);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace
}  // namespace hubland

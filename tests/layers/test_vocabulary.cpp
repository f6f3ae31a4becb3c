// The declared vocabulary (hub types, grades, verdicts, analysis defaults) keeps the values
// that outputs already carry: QGIS layer_styles colours, map colours, verdict keys.
#include <gtest/gtest.h>

#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/geo/overlay.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/vocabulary.hpp"

namespace hubland::layers {
namespace {

TEST(Vocabulary, GradeColoursAsQgisTriplets) {
  EXPECT_EQ(rgb_triplet(kGrades[0].colour_hex), "26,150,65");
  EXPECT_EQ(rgb_triplet(kGrades[1].colour_hex), "166,217,106");
  EXPECT_EQ(rgb_triplet(kGrades[2].colour_hex), "253,174,97");
  EXPECT_EQ(rgb_triplet(kGrades[3].colour_hex), "215,25,28");
  EXPECT_STREQ(kGrades[3].label_zh, "D 极低效");
}

TEST(Vocabulary, HubTypesInEnumOrder) {
  for (std::size_t i = 0; i < geo::kHubTypes.size(); ++i) {
    const auto& h = geo::kHubTypes[i];
    EXPECT_EQ(static_cast<std::size_t>(h.type), i);
    EXPECT_EQ(geo::hub_type_from_string(h.key), h.type);
    EXPECT_EQ(geo::hub_type_from_string(h.zh), h.type);
  }
  EXPECT_EQ(rgb_triplet(geo::info(geo::HubType::LandPort).colour_hex), "230,120,20");
  EXPECT_EQ(geo::hub_type_keys(" | "), "land_port | airport | port | trade | production");
}

TEST(Vocabulary, VerdictKeys) {
  EXPECT_STREQ(kVerdicts[0].key, "approve");
  EXPECT_STREQ(kVerdicts[1].key, "conditional");
  EXPECT_STREQ(kVerdicts[2].key, "reject");
}

TEST(Vocabulary, OptionStructsShareTheDefaults) {
  const AnalysisSpec spec;
  const FactsOptions facts;
  const geo::OverlayOptions overlay;
  const std::vector<double> rings{3, 10, 30}, isochrones{15, 30, 60};
  for (const auto* r : {&spec.rings_km, &facts.rings_km, &overlay.rings_km}) EXPECT_EQ(*r, rings);
  for (const auto* m : {&spec.isochrones_min, &facts.isochrones_min, &overlay.isochrones_min})
    EXPECT_EQ(*m, isochrones);
  EXPECT_EQ(spec.access_speed_kmh, overlay.access_speed_kmh);
  EXPECT_EQ(facts.sliver_tolerance_m2, geo::kDefaultSliverToleranceM2);
  EXPECT_EQ(spec.threads, overlay.threads);
}

}  // namespace
}  // namespace hubland::layers

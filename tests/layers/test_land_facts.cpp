// District, location-gate and new-vs-existing-land facts (docs/facts.md, section 6) on hand-built
// layers whose overlaps are worked out by hand below. Every mu figure is compared as a share of
// the subject's own area_mu, so the test holds whether areas are planar or ellipsoidal.
#include <gtest/gtest.h>

#include "facts_fixtures.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/ellipsoid.hpp"
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/land_class.hpp"
#include "test_support.hpp"

namespace hubland::layers {
namespace {

constexpr double x = 500000, y = 3300000;
using FT = FieldType;

LandClassTable classes() {
  LandClassTable t;
  t.add({"01", "耕地", LandCategory::Agricultural, true});
  t.add({"03", "林地", LandCategory::Agricultural, false});
  t.add({"06", "工矿用地", LandCategory::Construction, false});
  return t;
}

// S1 200 x 100 m: left half on 0103 旱地 (TBDLMJ = 0.9 TBMJ), right half on 0601 工业用地; its
// left quarter is 已供 land. S2 100 x 100 m: left 60 % on 0301 林地, of which the left 30 % is
// 批而未供; the right 40 % has no 图斑. S3 100 x 100 m: on a code the table does not know.
AnalysisInputs land_inputs() {
  AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(
      Role::Parcels,
      make_layer(Role::Parcels, {{"parcel_id", FT::Text}, {"land_use", FT::Text}},
                 {{"S1", "100101"}, {"S2", "100101"}, {"S3", "100101"}},
                 {W(box(x, y, x + 200, y + 100)), W(box(x + 1000, y, x + 1100, y + 100)),
                  W(box(x + 2000, y, x + 2100, y + 100))}));
  in.layers.emplace(
      Role::LandSurvey,
      make_layer(
          Role::LandSurvey,
          {{"survey_id", FT::Text}, {"dlbm", FT::Text}, {"tbmj", FT::Real}, {"tbdlmj", FT::Real}},
          {{"T1", "0103", "30000", "27000"},
           {"T2", "0601", "30000", "30000"},
           {"T3", "0301", "", ""},
           {"T4", "9999", "", ""}},
          {W(box(x - 50, y - 50, x + 100, y + 150)), W(box(x + 100, y - 50, x + 250, y + 150)),
           W(box(x + 1000, y, x + 1060, y + 100)), W(box(x + 1990, y - 10, x + 2110, y + 110))}));
  in.layers.emplace(
      Role::LandSupply,
      make_layer(Role::LandSupply, {{"supply_id", FT::Text}, {"status", FT::Text}},
                 {{"A1", "approved_unsupplied"}, {"A2", "supplied"}},
                 {W(box(x + 1000, y, x + 1030, y + 100)), W(box(x, y, x + 50, y + 100))}));
  in.layers.emplace(
      Role::Districts,
      make_layer(
          Role::Districts, {{"district_code", FT::Text}, {"district_name", FT::Text}},
          {{"500101", "万州区"}, {"500112", "渝北区"}},
          {W(box(x - 100, y - 100, x + 60, y + 200)), W(box(x + 60, y - 100, x + 3000, y + 200))}));
  in.layers.emplace(Role::Parks,
                    make_layer(Role::Parks, {{"park_id", FT::Text}, {"park_name", FT::Text}},
                               {{"K1", "示例园区"}}, {W(box(x + 80, y - 10, x + 300, y + 110))}));
  in.layers.emplace(Role::Zones,
                    make_layer(Role::Zones, {{"zone_id", FT::Text}, {"hub_zone", FT::Integer}},
                               {{"Z1", "1"}, {"Z2", "0"}},
                               {W(box(x + 180, y - 10, x + 400, y + 110)),
                                W(box(x + 900, y - 10, x + 1200, y + 110))}));
  return in;
}

TEST(LandFacts, HandWorkedSplitOfNewAndExistingLand) {
  const LandClassTable table = classes();
  FactsOptions o = quick();
  o.land_classes = &table;
  const auto r = compute_parcel_facts(land_inputs(), o);
  const Table& t = r.facts;
  ASSERT_EQ(t.row_count(), 3u);
  const double mu1 = real(t, 0, "area_mu"), mu2 = real(t, 1, "area_mu"),
               mu3 = real(t, 2, "area_mu");
  EXPECT_NEAR(real(t, 0, "plane_area_m2"), 20000.0, 1e-6);

  // S1: existing = 0601 half ∪ 已供 quarter = 75 %; new = 25 %, all 耕地, net of 田坎 × 0.9.
  EXPECT_NEAR(real(t, 0, "new_land_mu"), 0.25 * mu1, 1e-9);
  EXPECT_NEAR(real(t, 0, "new_land_m2"), 0.25 * real(t, 0, "area_m2"), 1e-6);
  EXPECT_NEAR(real(t, 0, "existing_land_mu"), 0.75 * mu1, 1e-9);
  EXPECT_NEAR(real(t, 0, "cultivated_mu"), 0.25 * 0.9 * mu1, 1e-9);
  EXPECT_NEAR(real(t, 0, "unsurveyed_mu"), 0.0, 1e-9);
  EXPECT_NEAR(real(t, 0, "survey_share"), 1.0, 1e-12);
  EXPECT_NEAR(real(t, 0, "supply_supplied_mu"), 0.25 * mu1, 1e-9);
  EXPECT_NEAR(real(t, 0, "supply_unsupplied_mu"), 0.0, 1e-12);
  // Districts 30 / 70, the park holds x+80..x+200 (60 %), the hub zone x+180..x+200 (10 %).
  EXPECT_EQ(as_text(t.get(0, t.index("district_code"))), "500112");
  EXPECT_EQ(as_text(t.get(0, t.index("district_name"))), "渝北区");
  EXPECT_NEAR(real(t, 0, "district_share"), 0.7, 1e-12);
  EXPECT_EQ(as_text(t.get(0, t.index("park_id"))), "K1");
  EXPECT_NEAR(real(t, 0, "park_share"), 0.6, 1e-12);
  EXPECT_NEAR(real(t, 0, "hub_zone_share"), 0.1, 1e-12);

  // S2: 林地 60 % of which 批而未供 30 %; no 图斑 on 40 %. Existing = 30 %, new = 70 %
  // (30 % 林地 + 40 % unsurveyed), nothing cultivated.
  EXPECT_NEAR(real(t, 1, "new_land_mu"), 0.7 * mu2, 1e-9);
  EXPECT_NEAR(real(t, 1, "existing_land_mu"), 0.3 * mu2, 1e-9);
  EXPECT_NEAR(real(t, 1, "unsurveyed_mu"), 0.4 * mu2, 1e-9);
  EXPECT_NEAR(real(t, 1, "survey_share"), 0.6, 1e-12);
  EXPECT_NEAR(real(t, 1, "cultivated_mu"), 0.0, 1e-12);
  EXPECT_NEAR(real(t, 1, "supply_unsupplied_mu"), 0.3 * mu2, 1e-9);
  EXPECT_TRUE(t.null_at(1, t.index("park_id")));
  EXPECT_NEAR(real(t, 1, "park_share"), 0.0, 1e-12);
  EXPECT_NEAR(real(t, 1, "hub_zone_share"), 0.0, 1e-12);

  // S3: an unknown code is never assumed to be construction land, and the run says so.
  EXPECT_NEAR(real(t, 2, "new_land_mu"), mu3, 1e-9);
  EXPECT_NEAR(real(t, 2, "unsurveyed_mu"), mu3, 1e-9);
  EXPECT_NEAR(real(t, 2, "survey_share"), 0.0, 1e-12);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("9999 (1)"), std::string::npos) << r.notes[0];
}

TEST(LandFacts, WithoutTheInputsTheFactsAreNullNotZero) {
  AnalysisInputs in = land_inputs();
  in.layers.erase(Role::LandSurvey);
  in.layers.erase(Role::Districts);
  const auto r = compute_parcel_facts(in, quick());
  const Table& t = r.facts;
  for (const char* c : {"new_land_mu", "existing_land_mu", "cultivated_mu", "survey_share",
                        "district_code", "district_share"})
    EXPECT_TRUE(t.null_at(0, t.index(c))) << c;
  // The supply layer alone still gives the supply facts.
  EXPECT_NEAR(real(t, 0, "supply_supplied_mu"), 0.25 * real(t, 0, "area_mu"), 1e-9);
}

TEST(LandFacts, BadInputIsNamed) {
  AnalysisInputs in = land_inputs();
  // A survey without a class table cannot tell new land from existing.
  try {
    FactsOptions none = quick();
    none.land_classes = nullptr;
    compute_parcel_facts(in, none);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().field, "dlbm");
    EXPECT_NE(std::string(e.what()).find("[land_classes]"), std::string::npos) << e.what();
  }
  // An unknown supply status names the feature and the field.
  Layer& supply = in.layers.at(Role::LandSupply);
  supply.attributes.set(1, supply.attributes.index("status"), std::string("待定"));
  const LandClassTable table = classes();
  FactsOptions o = quick();
  o.land_classes = &table;
  try {
    compute_parcel_facts(in, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().feature, "A2");
    EXPECT_EQ(e.where().field, "status");
    EXPECT_NE(std::string(e.what()).find("待定"), std::string::npos);
  }
}

// Three supply features: 批而未供 30 x 100 m in 渝北区; 已供 50 x 100 m in 万州区 disposed from
// 批而未供 within the year; 已供 40 x 100 m in 渝北区 disposed from idle land 13 months ago.
TEST(DistrictLandStock, StatusAndDisposalsPerDistrict) {
  AnalysisInputs in = land_inputs();
  in.layers.erase(Role::LandSupply);
  in.layers.emplace(
      Role::LandSupply,
      make_layer(Role::LandSupply,
                 {{"supply_id", FT::Text},
                  {"status", FT::Text},
                  {"disposed_date", FT::Text},
                  {"disposed_from", FT::Text}},
                 {{"A1", "approved_unsupplied", "", ""},
                  {"A2", "supplied", "2026-01-15", "approved_unsupplied"},
                  {"A3", "supplied", "2025-05-30", "idle"}},
                 {W(box(x + 1000, y, x + 1030, y + 100)), W(box(x, y, x + 50, y + 100)),
                  W(box(x + 1500, y, x + 1540, y + 100))}));
  FactsOptions o = quick();
  o.as_of = "2026-06-30";
  const Table t = district_land_stock(in, o);
  ASSERT_EQ(t.row_count(), 2u);
  const double mu_per_m2 = 3.0 / 2000.0;
  EXPECT_EQ(as_text(t.get(0, t.index("district_code"))), "500101");
  EXPECT_NEAR(real(t, 0, "supplied_mu"), 5000 * mu_per_m2, 1e-6);
  EXPECT_NEAR(real(t, 0, "disposed_unsupplied_mu"), 5000 * mu_per_m2, 1e-6);
  EXPECT_EQ(as_text(t.get(1, t.index("district_name"))), "渝北区");
  EXPECT_NEAR(real(t, 1, "unsupplied_mu"), 3000 * mu_per_m2, 1e-6);
  EXPECT_NEAR(real(t, 1, "supplied_mu"), 4000 * mu_per_m2, 1e-6);
  EXPECT_NEAR(real(t, 1, "disposed_idle_mu"), 0.0, 1e-12);  // 13 months before: not this year

  // Per zone: A1 lies in Z2; A2 and A3 in no zone (empty id, listed first).
  const Table z = zone_land_stock(in, o);
  ASSERT_EQ(z.row_count(), 2u);
  EXPECT_TRUE(z.null_at(0, z.index("zone_id")));
  EXPECT_NEAR(real(z, 0, "supplied_mu"), 9000 * mu_per_m2, 1e-6);
  EXPECT_EQ(as_text(z.get(1, z.index("zone_id"))), "Z2");
  EXPECT_NEAR(real(z, 1, "unsupplied_mu"), 3000 * mu_per_m2, 1e-6);

  // A malformed date names the feature and field.
  Layer& supply = in.layers.at(Role::LandSupply);
  supply.attributes.set(2, supply.attributes.index("disposed_date"), std::string("2025/05/30"));
  try {
    district_land_stock(in, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().feature, "A3");
    EXPECT_EQ(e.where().field, "disposed_date");
  }
  // So does a disposal of neither 批而未供 nor idle land, and an unknown status.
  supply.attributes.set(2, supply.attributes.index("disposed_date"), std::string("2026-05-30"));
  supply.attributes.set(2, supply.attributes.index("disposed_from"), std::string("other"));
  try {
    district_land_stock(in, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().feature, "A3");
    EXPECT_EQ(e.where().field, "disposed_from");
  }
  supply.attributes.set(0, supply.attributes.index("status"), std::string("待定"));
  try {
    zone_land_stock(in, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().feature, "A1");
    EXPECT_EQ(e.where().field, "status");
  }
}

// 2.7° west of the central meridian (about 105.3°E) the Gauss-Kruger plane enlarges areas by
// about 0.17 %: area_m2 is the geodesic area of the same polygon on CGCS2000, plane_area_m2 the
// planar one, and every mu figure follows area_m2.
TEST(LandFacts, AreasAreEllipsoidalFarFromTheCentralMeridian) {
  AnalysisInputs in;
  in.working_epsg = 4545;
  const double x0 = 500000 - 262000;
  const geo::Wkb site = W(box(x0, y, x0 + 200, y + 100));
  in.layers.emplace(Role::Projects,
                    make_layer(Role::Projects, {{"project_id", FT::Text}}, {{"W1"}}, {site}));
  in.layers.emplace(Role::LandSurvey,
                    make_layer(Role::LandSurvey, {{"survey_id", FT::Text}, {"dlbm", FT::Text}},
                               {{"T1", "0103"}, {"T2", "0601"}},
                               {W(box(x0 - 10, y - 10, x0 + 100, y + 110)),
                                W(box(x0 + 100, y - 10, x0 + 300, y + 110))}));
  const LandClassTable table = classes();
  FactsOptions o = quick();
  o.land_classes = &table;
  const Table t = compute_project_facts(in, o).facts;
  const double geodesic_m2 = geo::ellipsoidal_areas_m2({site}, 4545, 1)[0];
  EXPECT_NEAR(real(t, 0, "plane_area_m2"), 20000.0, 1e-6);
  EXPECT_NEAR(real(t, 0, "area_m2"), geodesic_m2, geodesic_m2 * 1e-12);
  const double excess = real(t, 0, "plane_area_m2") / real(t, 0, "area_m2") - 1.0;
  EXPECT_GT(excess, 0.0015);
  EXPECT_LT(excess, 0.0019);
  EXPECT_NEAR(real(t, 0, "area_mu"), geodesic_m2 * 3.0 / 2000.0, 1e-9);
  EXPECT_NEAR(real(t, 0, "new_land_mu"), 0.5 * real(t, 0, "area_mu"), 1e-9);
}

TEST(LandClassTable, MostSpecificEntryWins) {
  LandClassTable t = classes();
  t.add({"0404", "其他草地", LandCategory::Unused, false});
  t.add({"04", "草地", LandCategory::Agricultural, false});
  ASSERT_TRUE(t.classify("0103"));
  EXPECT_TRUE(t.classify("0103")->cultivated);
  EXPECT_EQ(t.classify("0404")->category, LandCategory::Unused);
  EXPECT_EQ(t.classify("0401")->category, LandCategory::Agricultural);
  EXPECT_EQ(t.classify("0301K")->code, "03");  // 可调整: the base class
  EXPECT_EQ(t.classify(" 0601 ")->code, "06");
  EXPECT_EQ(t.classify("9999"), nullptr);
  EXPECT_EQ(t.classify(""), nullptr);
}

}  // namespace
}  // namespace hubland::layers

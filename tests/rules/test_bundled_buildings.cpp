// LE-FAR on 计容建筑面积 and LE-COVERAGE on 建筑系数 vs 建筑密度 in the bundled ruleset, and the
// longest-prefix control minimum of GB/T 4754-2017 codes (docs/rulesets.md, docs/facts.md section
// 6b); values worked out by hand from docs/domain-sources.md (DS-2.3, DS-2.4, §14).
#include <gtest/gtest.h>

#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

const Ruleset& base() {
  static const Ruleset rs =
      load_ruleset(std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/chongqing-hub/ruleset.toml");
  return rs;
}

const Rule& rule(const std::string& id) {
  for (const auto& r : base().screen)
    if (r.id == id) return r;
  throw std::runtime_error("no rule " + id);
}

layers::Table parcels(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"industry", kText},
                     {"area_m2", kReal},
                     {"floor_area_m2", kReal},
                     {"far_floor_area_m2", kReal},
                     {"far_basis", kText},
                     {"building_density", kReal},
                     {"building_coefficient", kReal},
                     {"coverage_basis", kText}},
                    rows);
}

}  // namespace

// The hand-worked case of the sample: a single-storey plant 12 m high covering 60 % of a
// 10000 m² parcel of industry 39 (minimum 1.0): gross floor area 6000 m² (FAR 0.6), 计容
// 12000 m² (FAR 1.2). On 计容 it passes; on the gross area alone it would be flagged.
TEST(BundledBuildings, FarOnJirongPassesTheTallSingleStoreyPlant) {
  const FactsDb db(parcels({{"PLANT", "100101", "39", 10000.0, 6000.0, 12000.0, "buildings", 0.6,
                             kNull, "density_only"},
                            {"GROSS", "100101", "39", 10000.0, 6000.0, kNull, "floor_area_m2",
                             kNull, kNull, kNull}}),
                   Subject::Parcel, &base());
  const auto f = evaluate(db, {rule("LE-FAR")}, Keep::All);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].outcome, Outcome::Pass);
  EXPECT_EQ(f[0].actual, "1.2");
  EXPECT_EQ(f[0].threshold, "1");
  EXPECT_EQ(
      f[0].reason_zh,
      "容积率 1.2（按计容建筑面积，取自建筑物图层，层高超过8米的层加倍）不低于存量用地认定线 1"
      "（控制下限 1 × 1，2008年版控制指标表）");
  EXPECT_EQ(f[1].outcome, Outcome::Flag);
  EXPECT_EQ(f[1].actual, "0.6");
  EXPECT_EQ(f[1].reason_en,
            "plot ratio 0.6 (on the gross floor area, not 计容) is below the existing-land line 1 "
            "(control minimum 1 × 1, 2008 table, pending the 2023 table; industry 39, land use "
            "100101)");
  EXPECT_NE(f[0].clause.find("层高超过8米的层建筑面积加倍计算"), std::string::npos) << f[0].clause;
  EXPECT_NE(f[0].clause.find("新建、改建、扩建"), std::string::npos) << f[0].clause;
}

TEST(BundledBuildings, CoverageWithOnlyTheDensityPassesAtTheLineAndIsUnknownBelowIt) {
  const FactsDb db(
      parcels(
          {{"D-BELOW", "100101", "39", 10000.0, kNull, kNull, kNull, 0.25, kNull, "density_only"},
           {"D-AT", "100101", "39", 10000.0, kNull, kNull, kNull, 0.3, kNull, "density_only"},
           {"C-DECLARED", "100101", "39", 10000.0, kNull, kNull, kNull, 0.2, 0.29, "declared"},
           {"C-MEASURED", "100101", "39", 10000.0, kNull, kNull, kNull, 0.2, 0.41, "buildings"},
           {"NOTHING", "100101", "39", 10000.0, kNull, kNull, kNull, kNull, kNull, kNull}}),
      Subject::Parcel, &base());
  const auto f = evaluate(db, {rule("LE-COVERAGE")}, Keep::All);
  ASSERT_EQ(f.size(), 5u);
  // Density 0.25 below 0.30: 建筑系数 ≥ 0.25 may still reach 0.30, so the rule cannot decide.
  EXPECT_EQ(f[0].outcome, Outcome::NotApplicable);
  EXPECT_EQ(
      f[0].reason_zh,
      "数据缺失，无法判断：仅知建筑密度（建筑物图层无构筑物、露天堆场，亦无申报建筑系数），"
      "低于认定线时不能判断建筑系数，须补充构筑物、露天堆场或申报建筑系数（building_coefficient）"
      "（建筑密度 0.25，认定线 0.3；— 为缺失）");
  // Density 0.30 at the line: the coefficient is at least that, a pass on the density.
  EXPECT_EQ(f[1].outcome, Outcome::Pass);
  EXPECT_EQ(f[1].reason_zh,
            "建筑密度（建筑物图层，仅建筑物；建筑系数不低于建筑密度） 0.3 不低于 0.3");
  // A coefficient decides, never the density.
  EXPECT_EQ(f[2].outcome, Outcome::Flag);
  EXPECT_EQ(f[2].reason_en, "building coefficient (declared) 0.29 is below 0.3");
  EXPECT_EQ(f[3].outcome, Outcome::Pass);
  EXPECT_EQ(f[3].actual, "0.41");
  EXPECT_EQ(f[4].outcome, Outcome::NotApplicable);
  EXPECT_NE(f[4].reason_zh.find("无申报建筑系数（building_coefficient），也无建筑物图层"),
            std::string::npos)
      << f[4].reason_zh;
}

TEST(BundledBuildings, ControlMinimumTakesTheLongestMatchingCodePrefix) {
  const FactsDb db(
      parcels({{"rubber", "100101", "2915", 1.0, kNull, kNull, kNull, kNull, kNull, kNull},
               {"plastics", "100101", "2921", 1.0, kNull, kNull, kNull, kNull, kNull, kNull},
               {"29", "100101", "29", 1.0, kNull, kNull, kNull, kNull, kNull, kNull},
               {"other", "100101", "4190", 1.0, kNull, kNull, kNull, kNull, kNull, kNull},
               {"repair", "100101", "4320", 1.0, kNull, kNull, kNull, kNull, kNull, kNull},
               {"m0", "100100", "6513", 1.0, kNull, kNull, kNull, kNull, kNull, kNull}}),
      Subject::Parcel, &base());
  const layers::Table& t = db.table();
  const std::size_t c = t.index("control_far_min");
  EXPECT_DOUBLE_EQ(t.real_at(0, c), 0.8);  // 291 橡胶制品 (2002: 29 rubber)
  EXPECT_DOUBLE_EQ(t.real_at(1, c), 1.0);  // 292 塑料制品 (2002: 30 plastics)
  EXPECT_DOUBLE_EQ(t.real_at(2, c), 0.8);  // 29 alone: the lower value
  EXPECT_DOUBLE_EQ(t.real_at(3, c), 1.0);  // 41 其他制造业 (2002: 42 工艺品及其他)
  EXPECT_TRUE(t.null_at(4, c));            // 43 修理业: no 2002 row
  EXPECT_DOUBLE_EQ(t.real_at(5, c), 3.0);  // M0 by land use
}

TEST(BundledBuildings, EveryManufacturingDivisionButRepairHasAMinimum) {
  std::vector<std::vector<Cell>> rows;
  for (int code = 13; code <= 43; ++code)
    rows.push_back({std::to_string(code), "100101", std::to_string(code), 1.0, kNull, kNull, kNull,
                    kNull, kNull, kNull});
  const FactsDb db(parcels(rows), Subject::Parcel, &base());
  const layers::Table& t = db.table();
  const std::size_t c = t.index("control_far_min");
  for (std::size_t r = 0; r < rows.size(); ++r)
    EXPECT_EQ(t.null_at(r, c), r + 13 == 43) << "division " << r + 13;
}

// The quota is charged on new construction land only (新增建设用地), a project on existing land
// is funded without quota, unknown new land is charged in full and says so, and a district's
// 增存挂钩 reward is spent on its own projects first. Expected values worked by hand.
#include <gtest/gtest.h>

#include <tuple>

#include "../layers/facts_fixtures.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/finding.hpp"

using namespace hubland;
using namespace hubland::rules;

namespace {

AllocationRequest req(const char* id, double request_mu, std::optional<double> new_land_mu,
                      const char* district = "500112") {
  AllocationRequest r{id, "Z1", request_mu};
  r.new_land_mu = new_land_mu;
  r.district_code = district;
  return r;
}

AllocationPolicy quota(double mu, OnNoFit rule = OnNoFit::Skip) {
  AllocationPolicy p;
  p.quota_mu = mu;
  p.on_no_fit = rule;
  return p;
}

}  // namespace

TEST(QuotaCharge, OnlyNewLandConsumesQuota) {
  const auto a =
      allocate({req("A", 20, 10), req("B", 30, 0), req("C", 8, std::nullopt)}, quota(15));
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_DOUBLE_EQ(a[0].quota_charged_mu, 10);
  EXPECT_EQ(a[0].reason_zh,
            "新增建设用地 10 亩占用计划指标，存量建设用地不占指标；按排名顺序安排计划指标 10 亩，"
            "剩余指标 5 亩");
  // Wholly on existing land: funded, nothing charged, still in the list.
  EXPECT_EQ(a[1].status, AllocationStatus::Funded);
  EXPECT_TRUE(a[1].quota_free);
  EXPECT_DOUBLE_EQ(a[1].quota_charged_mu, 0);
  EXPECT_EQ(a[1].reason_zh, "位于存量建设用地，存量保障，无需计划指标（新增建设用地 0 亩）");
  // Unknown new land: the whole request is needed, and the reason says why.
  EXPECT_EQ(a[2].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[2].reason_en,
            "no land-survey data: the whole request of 8 mu is charged; needs 8 mu but only 5 mu "
            "of the quota is left: waitlisted");
}

TEST(QuotaCharge, PartialAllocationAddsUpToTheQuota) {
  const auto a = allocate({req("A", 20, 12.5), req("B", 40, 0), req("C", 30, 30), req("D", 5, 5)},
                          quota(25, OnNoFit::Partial));
  double charged = 0;
  for (const auto& x : a) charged += x.quota_charged_mu;
  EXPECT_NEAR(charged, 25.0, 1e-12);
  EXPECT_DOUBLE_EQ(a[2].quota_charged_mu, 12.5);  // what was left after A
  EXPECT_TRUE(a[2].partial);
  EXPECT_EQ(a[3].status, AllocationStatus::Waitlisted);
}

TEST(QuotaCharge, ADistrictsRewardFundsItsOwnProjectsFirst) {
  AllocationPolicy p = quota(5);
  p.district_reward_mu["500112"] = 10;
  const auto a =
      allocate({req("A", 12, 12, "500112"), req("B", 4, 4, "500101"), req("C", 3, 3, "500101")}, p);
  // A: 10 from its district's reward + 2 general; 3 general left.
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_DOUBLE_EQ(a[0].quota_charged_mu, 12);
  EXPECT_DOUBLE_EQ(a[0].reward_charged_mu, 10);
  EXPECT_NE(a[0].reason_zh.find("其中增存挂钩奖励指标 10 亩"), std::string::npos) << a[0].reason_zh;
  // B (another district) cannot use 500112's reward: 4 > 3.
  EXPECT_EQ(a[1].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[2].status, AllocationStatus::Funded);
  EXPECT_DOUBLE_EQ(a[2].reward_charged_mu, 0);
  p.district_reward_mu["500112"] = -1;
  EXPECT_THROW(allocate({req("A", 1, 1)}, p), Error);
}

// From the sites to the charge: a site half on 0103 旱地 and half on 0601 工业用地 is charged
// half its area; a site wholly on 0601 is funded with nothing charged.
TEST(QuotaCharge, FromTheLandSurveyToTheCharge) {
  using namespace hubland::layers;
  const double x = 500000, y = 3300000;
  AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(
      Role::Projects,
      make_layer(Role::Projects, {{"project_id", FieldType::Text}, {"land_mu", FieldType::Real}},
                 {{"HALF", "30"}, {"OLD", "15"}},
                 {W(box(x, y, x + 200, y + 100)), W(box(x + 300, y, x + 400, y + 100))}));
  in.layers.emplace(
      Role::LandSurvey,
      make_layer(
          Role::LandSurvey, {{"survey_id", FieldType::Text}, {"dlbm", FieldType::Text}},
          {{"T1", "0103"}, {"T2", "0601"}},
          {W(box(x - 10, y - 10, x + 100, y + 110)), W(box(x + 100, y - 10, x + 500, y + 110))}));
  LandClassTable classes;
  classes.add({"01", "耕地", LandCategory::Agricultural, true});
  classes.add({"06", "工矿用地", LandCategory::Construction, false});
  FactsOptions o = quick();
  o.land_classes = &classes;
  const Table facts = compute_project_facts(in, o).facts;
  const double half_mu = real(facts, 0, "area_mu") / 2;
  EXPECT_NEAR(real(facts, 0, "new_land_mu"), half_mu, 1e-9);
  EXPECT_NEAR(real(facts, 1, "new_land_mu"), 0.0, 1e-9);

  Ranking ranking;
  ranking.projects = {{"HALF", true}, {"OLD", true}};
  ranking.order = {0, 1};
  RankingConfig config;
  config.request_column = "land_mu";
  const auto a = allocate_ranking(facts, ranking, config, quota(100));
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_NEAR(a[0].quota_charged_mu, half_mu, 1e-9);
  EXPECT_EQ(a[1].status, AllocationStatus::Funded);
  EXPECT_TRUE(a[1].quota_free);
  EXPECT_DOUBLE_EQ(a[1].quota_charged_mu, 0.0);
}

// Grades, verdicts and findings name the district of their subject, from the facts.
TEST(Districts, TablesCarryTheSubjectsDistrict) {
  layers::Table facts;
  facts.add_column("parcel_id", layers::FieldType::Text);
  facts.add_column("district_code", layers::FieldType::Text);
  facts.add_column("district_name", layers::FieldType::Text);
  for (const auto& [id, code, name] :
       {std::tuple{"A", "500112", "渝北区"}, std::tuple{"B", "500101", "万州区"}}) {
    const auto r = facts.add_row();
    facts.set(r, 0, std::string(id));
    facts.set(r, 1, std::string(code));
    facts.set(r, 2, std::string(name));
  }
  layers::Table grades;
  grades.add_column("parcel_id", layers::FieldType::Text);
  for (const char* id : {"B", "X", "A"}) grades.set(grades.add_row(), 0, std::string(id));
  add_district_columns(grades, "parcel_id", facts, "parcel_id");
  ASSERT_EQ(grades.column_count(), 3u);
  EXPECT_EQ(layers::as_text(grades.get(0, 1)), "500101");
  EXPECT_EQ(layers::as_text(grades.get(0, 2)), "万州区");
  EXPECT_TRUE(grades.null_at(1, 1));  // unknown parcel: no district asserted
  EXPECT_EQ(layers::as_text(grades.get(2, 2)), "渝北区");
  // Without districts in the facts nothing is added.
  layers::Table bare;
  bare.add_column("parcel_id", layers::FieldType::Text);
  layers::Table t2 = grades;
  add_district_columns(t2, "parcel_id", bare, "parcel_id");
  EXPECT_EQ(t2.column_count(), 3u);
}

// Quota allocation and sensitivity: exact fit, nothing fits, skip vs partial, zone
// caps, ties in rank order, and seeded Monte-Carlo figures.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/sensitivity.hpp"

using namespace hubland;
using namespace hubland::rules;

namespace {

std::vector<AllocationRequest> requests(std::initializer_list<std::pair<const char*, double>> r,
                                        const char* zone = "Z1") {
  std::vector<AllocationRequest> out;
  // Sites wholly on new construction land: the whole request is charged.
  for (const auto& [id, mu] : r) out.push_back({id, zone, mu, mu});
  return out;
}

AllocationPolicy policy(double quota_mu, OnNoFit rule = OnNoFit::Skip) {
  AllocationPolicy p;
  p.quota_mu = quota_mu;
  p.on_no_fit = rule;
  return p;
}

}  // namespace

TEST(Allocation, ExactFitIsFunded) {
  const auto a = allocate(requests({{"A", 60}, {"B", 40}, {"C", 1}}), policy(100));
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_EQ(a[1].status, AllocationStatus::Funded);
  EXPECT_DOUBLE_EQ(a[1].quota_charged_mu, 40);
  EXPECT_EQ(a[1].reason_en, "funded 40 mu of quota in rank order; 0 mu of the quota left");
  EXPECT_EQ(a[1].reason_zh, "按排名顺序安排计划指标 40 亩，剩余指标 0 亩");
  EXPECT_EQ(a[2].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[2].reason_en, "needs 1 mu but only 0 mu of the quota is left: waitlisted");
  // Fractions that sum to the quota only up to rounding still fit.
  const auto b = allocate(requests({{"A", 0.1}, {"B", 0.2}}), policy(0.3));
  EXPECT_EQ(b[1].status, AllocationStatus::Funded);
}

TEST(Allocation, NothingFits) {
  const auto a = allocate(requests({{"A", 20}, {"B", 30}}), policy(10));
  EXPECT_EQ(a[0].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[1].status, AllocationStatus::Waitlisted);
  EXPECT_DOUBLE_EQ(a[0].quota_charged_mu, 0);
  EXPECT_EQ(a[0].reason_zh, "需指标 20 亩，超过剩余年度指标 10 亩，列入候补");
  EXPECT_EQ(a[1].reason_en, "needs 30 mu but only 10 mu of the quota is left: waitlisted");
}

TEST(Allocation, PartialGivesWhatIsLeftThenWaitlists) {
  const auto a = allocate(requests({{"A", 20}, {"B", 30}}), policy(10, OnNoFit::Partial));
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_TRUE(a[0].partial);
  EXPECT_DOUBLE_EQ(a[0].quota_charged_mu, 10);
  EXPECT_EQ(a[0].reason_en, "partially funded 10 of 20 mu (the quota had 10 mu left)");
  EXPECT_EQ(a[1].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[1].reason_en, "needs 30 mu but only 0 mu of the quota is left: waitlisted");
}

TEST(Allocation, SkipLetsASmallerProjectThrough) {
  const auto a = allocate(requests({{"A", 80}, {"B", 30}, {"C", 20}}), policy(100));
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_EQ(a[1].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[2].status, AllocationStatus::Funded);
  EXPECT_EQ(a[1].reason_en, "needs 30 mu but only 20 mu of the quota is left: waitlisted");
}

TEST(Allocation, ZoneCaps) {
  AllocationPolicy p = policy(100);
  p.zone_caps_mu["ZA"] = 50;
  std::vector<AllocationRequest> r{
      {"A1", "ZA", 40, 40}, {"A2", "ZA", 20, 20}, {"B1", "ZB", 30, 30}};
  auto a = allocate(r, p);
  EXPECT_EQ(a[0].status, AllocationStatus::Funded);
  EXPECT_EQ(a[1].status, AllocationStatus::Waitlisted);
  EXPECT_EQ(a[1].reason_en, "needs 20 mu but the cap of zone ZA has 10 mu left: waitlisted");
  EXPECT_EQ(a[2].status, AllocationStatus::Funded);
  p.on_no_fit = OnNoFit::Partial;
  a = allocate(r, p);
  EXPECT_TRUE(a[1].partial);
  EXPECT_DOUBLE_EQ(a[1].quota_charged_mu, 10);
  EXPECT_EQ(a[1].reason_zh, "部分安排 10 亩（需 20 亩，园区 ZA 上限仅剩 10 亩）");
  EXPECT_DOUBLE_EQ(a[2].quota_charged_mu, 30);
}

TEST(Allocation, BadPolicyIsRejected) {
  EXPECT_THROW(allocate(requests({{"A", 1}}), policy(-1)), Error);
  EXPECT_THROW(allocate(requests({{"A", -1}}), policy(10)), Error);
}

TEST(Sensitivity, PercentileNearestRank) {
  std::vector<int> v;
  for (int i = 20; i >= 1; --i) v.push_back(i);
  EXPECT_EQ(percentile_nearest_rank(v, 5), 1);
  EXPECT_EQ(percentile_nearest_rank(v, 95), 19);
  EXPECT_EQ(percentile_nearest_rank({4, 4, 4}, 95), 4);
  EXPECT_EQ(percentile_nearest_rank({3, 1, 2}, 50), 2);
}

namespace {

// Three projects: P0 best on criterion 0, P1 best on criterion 1, P2 in between on both.
ScoringModel three_project_model(RankMethod method) {
  ScoringModel m;
  m.method = method;
  m.rows = {0, 1, 2};
  m.normalised = {{1.0, 0.0}, {0.0, 1.0}, {0.55, 0.55}};
  m.weights = {1.0, 1.0};
  for (const char* id : {"P0", "P1", "P2"}) {
    m.tie_keys.push_back({std::string(id)});
  }
  m.tie_orders = {SortOrder::Ascending};
  return m;
}

}  // namespace

TEST(Sensitivity, SameSeedSameFigures) {
  for (RankMethod method : {RankMethod::WeightedSum, RankMethod::Topsis}) {
    const ScoringModel m = three_project_model(method);
    const auto r = requests({{"P0", 10}, {"P1", 10}, {"P2", 10}});
    SensitivityConfig cfg;
    cfg.draws = 500;
    cfg.seed = 42;
    const auto a = run_sensitivity(m, r, policy(10), cfg);
    const auto b = run_sensitivity(m, r, policy(10), cfg);
    EXPECT_EQ(a.rank_p05, b.rank_p05);
    EXPECT_EQ(a.rank_p95, b.rank_p95);
    EXPECT_EQ(a.funded_share, b.funded_share);
    // Exactly one project is funded per draw (quota 10, 10 each).
    EXPECT_DOUBLE_EQ(a.funded_share[0] + a.funded_share[1] + a.funded_share[2], 1.0);
  }
}

// With ±20 % weights, P0 beats P2 only when w0 > (0.55 / 0.45) w1, which for w uniform in
// [0.8, 1.2] has probability ~0.126 (and likewise P1); both cannot happen at once. So P0 and P1
// range over ranks 1..3, P2 stays within 1..2 and is funded in ~75 % of the draws.
TEST(Sensitivity, RankIntervalsReflectTheWeights) {
  const ScoringModel m = three_project_model(RankMethod::WeightedSum);
  const auto r = requests({{"P0", 10}, {"P1", 10}, {"P2", 10}});
  SensitivityConfig cfg;
  cfg.draws = 1000;
  cfg.seed = 1;
  const auto s = run_sensitivity(m, r, policy(10), cfg);
  EXPECT_EQ(s.rank_p05[0], 1);
  EXPECT_EQ(s.rank_p95[0], 3);
  EXPECT_EQ(s.rank_p05[1], 1);
  EXPECT_EQ(s.rank_p95[1], 3);
  EXPECT_EQ(s.rank_p05[2], 1);
  EXPECT_EQ(s.rank_p95[2], 2);
  EXPECT_NEAR(s.funded_share[0], 0.126, 0.04);
  EXPECT_NEAR(s.funded_share[1], 0.126, 0.04);
  EXPECT_NEAR(s.funded_share[2], 0.748, 0.05);

  // No perturbation: every draw is the base ranking (P2 first at 0.55 > 0.5), P2 always funded.
  cfg.perturbation = 0.0;
  const auto z = run_sensitivity(m, r, policy(10), cfg);
  EXPECT_EQ(z.rank_p05, (std::vector<int>{2, 3, 1}));
  EXPECT_EQ(z.rank_p95, (std::vector<int>{2, 3, 1}));
  EXPECT_EQ(z.funded_share, (std::vector<double>{0.0, 0.0, 1.0}));
}

namespace {

const char* kTwoCriteria = R"(
[ranking]
quota_mu = 50
tie_breaks = ["on_low_efficiency_m2 desc"]
[[criterion]]
id = "C-TAX"
expression = "tax_10k_yuan / land_mu"
weight = 1
[[criterion]]
id = "C-JOBS"
column = "jobs"
weight = 1
)";

layers::Table tie_facts() {
  using layers::FieldType;
  layers::Table t;
  const auto id = t.add_column("project_id", FieldType::Text);
  const auto land = t.add_column("land_mu", FieldType::Real);
  const auto tax = t.add_column("tax_10k_yuan", FieldType::Real);
  const auto jobs = t.add_column("jobs", FieldType::Integer);
  const auto low = t.add_column("on_low_efficiency_m2", FieldType::Real);
  const auto zone = t.add_column("zone_id", FieldType::Text);
  struct R {
    const char* id;
    double land, tax;
    std::int64_t jobs;
    double low;
  };
  // T1 and T2 are identical but T2 reuses low-efficiency land: T2 wins the tie and the quota.
  // X1 fails two rules, X2 one.
  const R rows[] = {{"T1", 30, 900, 100, 0},
                    {"T2", 30, 900, 100, 500},
                    {"T3", 20, 200, 10, 0},
                    {"X1", 10, 900, 900, 0},
                    {"X2", 10, 900, 900, 0}};
  for (const R& r : rows) {
    const auto i = t.add_row();
    t.set(i, id, std::string(r.id));
    t.set(i, land, r.land);
    t.set(i, tax, r.tax);
    t.set(i, jobs, r.jobs);
    t.set(i, low, r.low);
    t.set(i, zone, std::string("Z"));
  }
  return t;
}

Finding fail(const char* subject, const char* rule, const char* zh, const char* en) {
  Finding f;
  f.subject_id = subject;
  f.rule_id = rule;
  f.outcome = Outcome::Fail;
  f.reason_zh = zh;
  f.reason_en = en;
  return f;
}

}  // namespace

TEST(Allocation, TiesEligibilityAndReasonsThroughTheRanking) {
  const RankingConfig cfg = parse_ranking_config(kTwoCriteria, "tie.toml");
  const layers::Table facts = tie_facts();
  const std::vector<Finding> findings{
      fail("X1", "EL-REDLINE", "占用生态保护红线", "overlaps the redline"),
      fail("X1", "EL-POLLUTION", "污染等级 3", "pollution class 3"),
      fail("X2", "EL-FARMLAND", "占用永久基本农田", "overlaps farmland")};
  const Ranking r = rank_projects(facts, findings, cfg);
  const auto a = allocate_ranking(facts, r, cfg, allocation_policy(cfg, std::nullopt));
  // Ranks: T2 (tie won on low-efficiency reuse), T1, T3; quota 50: T2 30 + T3 20 fit, T1 not.
  EXPECT_EQ(r.projects[1].rank, 1);
  EXPECT_EQ(r.projects[0].rank, 2);
  EXPECT_EQ(r.projects[2].rank, 3);
  EXPECT_EQ(a[1].status, AllocationStatus::Funded);
  EXPECT_EQ(a[0].status, AllocationStatus::Waitlisted);
  // No land survey in these facts: the whole request is charged, and the reason says why.
  EXPECT_EQ(a[0].reason_en,
            "no land-survey data: the whole request of 30 mu is charged; needs 30 mu but only 20 "
            "mu of the quota is left: waitlisted");
  EXPECT_EQ(a[2].status, AllocationStatus::Funded);
  EXPECT_EQ(a[2].reason_en,
            "no land-survey data: the whole request of 20 mu is charged; funded 20 mu of quota in "
            "rank order; 0 mu of the quota left");
  // Each ineligible project carries every rule it failed, in finding order.
  EXPECT_EQ(a[3].status, AllocationStatus::Ineligible);
  EXPECT_EQ(a[3].reason_en, "EL-REDLINE: overlaps the redline; EL-POLLUTION: pollution class 3");
  EXPECT_EQ(a[3].reason_zh, "EL-REDLINE：占用生态保护红线；EL-POLLUTION：污染等级 3");
  EXPECT_EQ(a[4].status, AllocationStatus::Ineligible);
  EXPECT_EQ(a[4].reason_en, "EL-FARMLAND: overlaps farmland");
  EXPECT_DOUBLE_EQ(a[3].quota_charged_mu + a[4].quota_charged_mu, 0.0);
  // --quota-mu overrides the ruleset: 80 mu = 30 + 30 + 20 funds all three, an exact fit.
  const auto b = allocate_ranking(facts, r, cfg, allocation_policy(cfg, 80.0));
  EXPECT_EQ(b[0].status, AllocationStatus::Funded);
  EXPECT_EQ(b[2].reason_en,
            "no land-survey data: the whole request of 20 mu is charged; funded 20 mu of quota in "
            "rank order; 0 mu of the quota left");
}

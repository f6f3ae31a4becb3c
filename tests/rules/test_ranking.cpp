// Ranking math: hand-worked weighted sum and TOPSIS on four eligible projects, the
// normalisations, tie-breaks, eligibility failures and the ranking block parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "hubland/error.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ruleset.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::rules;
using layers::FieldType;
using layers::Table;

namespace {

// Weights 3 : 2 : 1 -> 1/2, 1/3, 1/6.
//  C-TAX  tax_10k_yuan / land_mu, benefit, minmax
//  C-RD   rd_intensity, benefit, benchmark 0.02, cap 2
//  C-EN   energy_tce, cost, rank
const char* kRuleset = R"(
[ruleset]
id = "test"

# ---- project ranking (parsed by rules/ranking) ----
[ranking]
method = "weighted"
quota_mu = 150
on_no_fit = "skip"
tie_breaks = ["on_low_efficiency_m2 desc"]

[ranking.sensitivity]
perturbation = 0.2
draws = 200
seed = 7

[[criterion]]
id = "C-TAX"
title = { zh = "亩均税收", en = "Tax per mu" }
expression = "tax_10k_yuan / land_mu"
direction = "benefit"
normalisation = "minmax"
weight = 3

[[criterion]]
id = "C-RD"
title = { zh = "研发投入强度", en = "R&D intensity" }
column = "rd_intensity"
direction = "benefit"
normalisation = "benchmark"
benchmark = 0.02
cap = 2
weight = 2

[[criterion]]
id = "C-EN"
title = { zh = "能耗", en = "Energy use" }
column = "energy_tce"
direction = "cost"
normalisation = "rank"
weight = 1
)";

struct Row {
  const char* id;
  double land_mu, tax, rd, energy, low_eff_m2;
  const char* zone;
};

Table make_facts(const std::vector<Row>& rows) {
  Table t;
  const auto id = t.add_column("project_id", FieldType::Text);
  const auto land = t.add_column("land_mu", FieldType::Real);
  const auto tax = t.add_column("tax_10k_yuan", FieldType::Real);
  const auto rd = t.add_column("rd_intensity", FieldType::Real);
  const auto en = t.add_column("energy_tce", FieldType::Real);
  const auto low = t.add_column("on_low_efficiency_m2", FieldType::Real);
  const auto zone = t.add_column("zone_id", FieldType::Text);
  for (const Row& r : rows) {
    const auto i = t.add_row();
    t.set(i, id, std::string(r.id));
    t.set(i, land, r.land_mu);
    t.set(i, tax, r.tax);
    t.set(i, rd, r.rd);
    t.set(i, en, r.energy);
    t.set(i, low, r.low_eff_m2);
    t.set(i, zone, std::string(r.zone));
  }
  return t;
}

// P5 would dominate every criterion but fails eligibility, so it must not move the min-max range.
Table five_projects() {
  return make_facts({{"P1", 100, 2000, 0.03, 500, 0, "A"},
                     {"P2", 50, 500, 0.01, 100, 0, "A"},
                     {"P3", 80, 2400, 0.05, 800, 0, "B"},
                     {"P4", 40, 600, 0.02, 100, 0, "B"},
                     {"P5", 60, 3000, 0.10, 50, 0, "B"}});
}

std::vector<Finding> p5_fails() {
  Finding f;
  f.subject_id = "P5";
  f.rule_id = "EL-REDLINE";
  f.outcome = Outcome::Fail;
  f.reason_zh = "项目用地与生态保护红线重叠";
  f.reason_en = "the site overlaps the ecological redline";
  f.clause = "生态保护红线管理办法";
  Finding pass = f;
  pass.subject_id = "P1";
  pass.outcome = Outcome::Pass;
  return {pass, f};
}

const ProjectRanking& by_id(const Ranking& r, const std::string& id) {
  for (const auto& p : r.projects)
    if (p.project_id == id) return p;
  throw std::runtime_error("no project " + id);
}

}  // namespace

TEST(RankingConfig, ParsesTheBlock) {
  const RankingConfig cfg = parse_ranking_config(kRuleset, "test.toml");
  EXPECT_EQ(cfg.method, RankMethod::WeightedSum);
  EXPECT_DOUBLE_EQ(cfg.quota_mu, 150);
  ASSERT_EQ(cfg.criteria.size(), 3u);
  EXPECT_EQ(cfg.criteria[0].id, "C-TAX");
  EXPECT_EQ(cfg.criteria[0].title.zh, "亩均税收");
  EXPECT_EQ(cfg.criteria[0].line, 17);
  EXPECT_EQ(cfg.criteria[1].normalisation, Normalisation::Benchmark);
  EXPECT_EQ(cfg.criteria[2].direction, Direction::Cost);
  ASSERT_EQ(cfg.tie_breaks.size(), 1u);
  EXPECT_EQ(cfg.tie_breaks[0].column, "on_low_efficiency_m2");
  EXPECT_EQ(cfg.tie_breaks[0].order, SortOrder::Descending);
  EXPECT_EQ(cfg.sensitivity.draws, 200);
  EXPECT_EQ(cfg.sensitivity.seed, 7u);
}

TEST(RankingConfig, ErrorsNameFileAndLine) {
  std::string bad = kRuleset;
  bad.replace(bad.find("\"weighted\""), 10, "\"electre\"");
  try {
    parse_ranking_config(bad, "bad.toml");
    FAIL() << "accepted an unknown method";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
    EXPECT_EQ(e.where().file, "bad.toml");
    EXPECT_EQ(e.where().line, 7);
    EXPECT_NE(e.message().find("electre"), std::string::npos);
  }
  std::string negative = kRuleset;
  negative.replace(negative.find("weight = 2"), 10, "weight = -2");
  try {
    parse_ranking_config(negative, "neg.toml");
    FAIL() << "accepted a negative weight";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 33);
    EXPECT_EQ(e.where().rule, "C-RD");
  }
  EXPECT_THROW(parse_ranking_config("[ruleset]\nid = \"x\"\n", "none.toml"), Error);
}

// kRuleset as a whole ruleset file, loaded (and its criteria compiled) by load_ruleset.
static Ruleset load_with_criteria(const std::string& ranking_block, int* criterion_line = nullptr) {
  std::string text = ranking_block;
  text.replace(text.find("id = \"test\"\n"), 12,
               "id = \"test\"\nversion = \"1\"\ntitle = { zh = \"测试\", en = \"test\" }\n");
  if (criterion_line) {
    const auto at = text.find("[[criterion]]");
    *criterion_line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  }
  const std::string path = test::temp_dir() + "/ranking.toml";
  std::ofstream(path, std::ios::binary) << text;
  return load_ruleset(path);
}

TEST(RankingConfig, CriteriaAreCompiledAtLoad) {
  const Ruleset rs = load_with_criteria(kRuleset);
  ASSERT_TRUE(rs.has_ranking);
  EXPECT_EQ(rs.ranking.criteria.size(), 3u);
  std::string bad = kRuleset;
  bad.replace(bad.find("tax_10k_yuan / land_mu"), 22, "tax_10k_yuan / land_ha");
  int line = 0;
  try {
    load_with_criteria(bad, &line);
    FAIL() << "accepted an unknown column";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
    EXPECT_EQ(e.where().line, line);
    EXPECT_EQ(e.where().rule, "C-TAX");
    EXPECT_NE(e.message().find("land_ha"), std::string::npos) << e.message();
  }
  std::string text_column = kRuleset;
  const std::string rd_column = "column = \"rd_intensity\"";
  text_column.replace(text_column.find(rd_column), rd_column.size(), "column = \"zone_id\"");
  try {
    load_with_criteria(text_column);
    FAIL() << "accepted a text column as a criterion";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().rule, "C-RD");
    EXPECT_NE(e.message().find("is text"), std::string::npos) << e.message();
  }
}

// Criteria run under the rules' guard, at load and at run time: random() and date('now') would
// make the ranking non-deterministic, SpatiaLite's InitSpatialMetaData() would write tables,
// sqlite_master and readfile() would read outside the facts, ATTACH would open another database.
// Each is refused with the reason that names it.
TEST(RankingConfig, TheGuardRefusesCriteriaThatAreNotPureReads) {
  const std::pair<const char*, const char*> cases[] = {
      {"random() % 100", "function random() is not allowed"},
      {"InitSpatialMetaData(1)", "function initspatialmetadata() is not allowed"},
      {"length(readfile('/etc/passwd'))", "readfile"},  // not registered by this SQLite
      {"(SELECT count(*) FROM sqlite_master)", "reading table 'sqlite_master' is not allowed"},
      {"date('now') > '2000'", "function date() is not allowed"},
      {"(ATTACH 'x.db' AS y)", "ATTACH is not allowed"},
  };
  for (const auto& [expression, refusal] : cases) {
    std::string bad = kRuleset;
    bad.replace(bad.find("tax_10k_yuan / land_mu"), 22, expression);
    try {
      load_with_criteria(bad);
      ADD_FAILURE() << "load accepted " << expression;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Rule) << expression;
      EXPECT_EQ(e.where().rule, "C-TAX") << expression;
      EXPECT_NE(e.message().find(refusal), std::string::npos) << e.message();
    }
    // A config that skipped the load (parsed only) is still refused when it runs.
    const RankingConfig cfg = parse_ranking_config(bad, "bad.toml");
    const Table facts = five_projects();
    try {
      evaluate_criteria(FactsDb(facts, Subject::Project), cfg);
      ADD_FAILURE() << "evaluation accepted " << expression;
    } catch (const Error& e) {
      EXPECT_NE(e.message().find(refusal), std::string::npos) << e.message();
      EXPECT_EQ(e.where().rule, "C-TAX") << expression;  // the culprit among the criteria
    }
  }
}

TEST(Normalise, MinMaxBenchmarkRankByHand) {
  const std::vector<std::optional<double>> raw{10, 30, 20, std::nullopt, 20};
  const std::vector<bool> all(5, true);
  Criterion c;
  c.normalisation = Normalisation::MinMax;
  auto s = normalise(raw, all, c);
  EXPECT_NEAR(s[0], 0.0, 1e-12);
  EXPECT_NEAR(s[1], 1.0, 1e-12);
  EXPECT_NEAR(s[2], 0.5, 1e-12);
  EXPECT_NEAR(s[3], 0.0, 1e-12);  // missing scores worst
  c.direction = Direction::Cost;
  s = normalise(raw, all, c);
  EXPECT_NEAR(s[0], 1.0, 1e-12);
  EXPECT_NEAR(s[2], 0.5, 1e-12);

  c.normalisation = Normalisation::Benchmark;
  c.benchmark = 16;
  c.cap = 1.5;
  c.direction = Direction::Benefit;
  s = normalise(raw, all, c);
  EXPECT_NEAR(s[0], 10.0 / 16, 1e-12);
  EXPECT_NEAR(s[1], 1.5, 1e-12);  // 30/16 capped
  c.direction = Direction::Cost;
  s = normalise(raw, all, c);
  EXPECT_NEAR(s[0], 1.5, 1e-12);  // 16/10 capped
  EXPECT_NEAR(s[1], 16.0 / 30, 1e-12);

  // Rank among 4 present values 10, 30, 20, 20 (benefit): 30 -> 1, 20 and 20 -> 2.5, 10 -> 4.
  c.normalisation = Normalisation::Rank;
  c.direction = Direction::Benefit;
  s = normalise(raw, all, c);
  EXPECT_NEAR(s[1], 1.0, 1e-12);
  EXPECT_NEAR(s[2], 1.5 / 3, 1e-12);
  EXPECT_NEAR(s[4], 1.5 / 3, 1e-12);
  EXPECT_NEAR(s[0], 0.0, 1e-12);

  // Excluded rows neither count nor score.
  std::vector<bool> some{true, false, true, true, true};
  c.normalisation = Normalisation::MinMax;
  s = normalise(raw, some, c);
  EXPECT_NEAR(s[1], 0.0, 1e-12);
  EXPECT_NEAR(s[2], 1.0, 1e-12);
}

// Eligible P1..P4 (P5 fails EL-REDLINE). Hand-worked normalised scores:
//   C-TAX tax/mu = 20, 10, 30, 15 -> minmax over [10, 30]: 0.5, 0, 1, 0.25
//   C-RD  rd/0.02 = 1.5, 0.5, 2.5 -> cap 2, 1.0
//   C-EN  energy 500, 100, 800, 100 (cost): ranks 3, 1.5, 4, 1.5 -> (4 - r)/3: 1/3, 5/6, 0, 5/6
// Weighted sum with w = (1/2, 1/3, 1/6):
//   P1 = 1/4 + 1/2 + 1/18 = 29/36;  P2 = 0 + 1/6 + 5/36 = 11/36
//   P3 = 1/2 + 2/3 + 0   = 7/6;     P4 = 1/8 + 1/3 + 5/36 = 21.5/36
TEST(Ranking, WeightedSumByHand) {
  const RankingConfig cfg = parse_ranking_config(kRuleset, "test.toml");
  const Ranking r = rank_projects(five_projects(), p5_fails(), cfg);
  EXPECT_NEAR(by_id(r, "P1").score, 29.0 / 36, 1e-9);
  EXPECT_NEAR(by_id(r, "P2").score, 11.0 / 36, 1e-9);
  EXPECT_NEAR(by_id(r, "P3").score, 7.0 / 6, 1e-9);
  EXPECT_NEAR(by_id(r, "P4").score, 21.5 / 36, 1e-9);
  EXPECT_EQ(by_id(r, "P3").rank, 1);
  EXPECT_EQ(by_id(r, "P1").rank, 2);
  EXPECT_EQ(by_id(r, "P4").rank, 3);
  EXPECT_EQ(by_id(r, "P2").rank, 4);
  EXPECT_EQ(r.order, (std::vector<std::size_t>{2, 0, 3, 1}));

  const ProjectRanking& p1 = by_id(r, "P1");
  ASSERT_EQ(p1.criteria.size(), 3u);
  EXPECT_NEAR(*p1.criteria[0].raw, 20.0, 1e-12);
  EXPECT_NEAR(p1.criteria[0].normalised, 0.5, 1e-12);
  EXPECT_NEAR(p1.criteria[0].weight, 0.5, 1e-12);
  EXPECT_NEAR(p1.criteria[0].contribution, 0.25, 1e-12);
  EXPECT_NEAR(p1.criteria[2].normalised, 1.0 / 3, 1e-12);
  EXPECT_NEAR(by_id(r, "P3").criteria[1].normalised, 2.0, 1e-12);  // capped
}

// TOPSIS on v = w * s (same s as above):
//   P1 (1/4, 1/2, 1/18)  P2 (0, 1/6, 5/36)  P3 (1/2, 2/3, 0)  P4 (1/8, 1/3, 5/36)
//   ideal (1/2, 2/3, 5/36), anti-ideal (0, 1/6, 0)
//   P1: D+ = sqrt(14)/12, D- = sqrt(229)/36 -> C = sqrt229 / (3 sqrt14 + sqrt229)
//   P2: D+ = 1/sqrt2,     D- = 5/36        -> C = (5/36) / (1/sqrt2 + 5/36)
//   P3: D+ = 5/36,        D- = 1/sqrt2     -> C = (1/sqrt2) / (1/sqrt2 + 5/36)
//   P4: D+ = sqrt(145)/24, D- = sqrt(325)/72 -> C = sqrt325 / (3 sqrt145 + sqrt325)
TEST(Ranking, TopsisByHand) {
  RankingConfig cfg = parse_ranking_config(kRuleset, "test.toml");
  cfg.method = RankMethod::Topsis;
  const Ranking r = rank_projects(five_projects(), p5_fails(), cfg);
  const double s2 = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(by_id(r, "P1").score, std::sqrt(229.0) / (3 * std::sqrt(14.0) + std::sqrt(229.0)),
              1e-9);
  EXPECT_NEAR(by_id(r, "P2").score, (5.0 / 36) / (s2 + 5.0 / 36), 1e-9);
  EXPECT_NEAR(by_id(r, "P3").score, s2 / (s2 + 5.0 / 36), 1e-9);
  EXPECT_NEAR(by_id(r, "P4").score, std::sqrt(325.0) / (3 * std::sqrt(145.0) + std::sqrt(325.0)),
              1e-9);
  EXPECT_EQ(r.order, (std::vector<std::size_t>{2, 0, 3, 1}));
}

TEST(Ranking, IneligibleProjectsCarryTheirFailedRules) {
  const RankingConfig cfg = parse_ranking_config(kRuleset, "test.toml");
  const Ranking r = rank_projects(five_projects(), p5_fails(), cfg);
  const ProjectRanking& p5 = by_id(r, "P5");
  EXPECT_FALSE(p5.eligible);
  EXPECT_EQ(p5.rank, 0);
  ASSERT_EQ(p5.failed.size(), 1u);
  EXPECT_EQ(p5.failed[0].rule_id, "EL-REDLINE");
  EXPECT_EQ(p5.failed[0].reason_zh, "项目用地与生态保护红线重叠");
  EXPECT_TRUE(p5.criteria.empty());
  EXPECT_TRUE(by_id(r, "P1").failed.empty());  // a Pass finding does not exclude
}

// Two identical projects tie on score; the ruleset's tie-break (more low-efficiency land reused
// first) decides, then project_id ascending.
TEST(Ranking, TiesAreBrokenByRulesetThenId) {
  const RankingConfig cfg = parse_ranking_config(kRuleset, "test.toml");
  Table facts = make_facts({{"T-B", 50, 1000, 0.02, 100, 0, "A"},
                            {"T-A", 50, 1000, 0.02, 100, 0, "A"},
                            {"T-C", 50, 1000, 0.02, 100, 300, "A"},
                            {"T-D", 40, 100, 0.01, 900, 0, "A"}});
  const Ranking r = rank_projects(facts, {}, cfg);
  EXPECT_NEAR(by_id(r, "T-A").score, by_id(r, "T-B").score, 1e-15);
  EXPECT_EQ(by_id(r, "T-C").rank, 1);
  EXPECT_EQ(by_id(r, "T-A").rank, 2);
  EXPECT_EQ(by_id(r, "T-B").rank, 3);
  EXPECT_EQ(by_id(r, "T-D").rank, 4);
}

// The bundled ruleset's ranking block parses, and its weights are the documented 100 points.
TEST(RankingConfig, BundledRulesetBlock) {
  const RankingConfig cfg =
      load_ruleset(std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/chongqing-hub/ruleset.toml")
          .ranking;
  ASSERT_EQ(cfg.criteria.size(), 13u);
  double total = 0;
  for (const auto& c : cfg.criteria) total += c.weight;
  EXPECT_DOUBLE_EQ(total, 100.0);
  EXPECT_DOUBLE_EQ(cfg.quota_mu, 3000.0);
  EXPECT_EQ(cfg.sensitivity.draws, 1000);
  EXPECT_DOUBLE_EQ(cfg.affinity.match, 1.0);
  EXPECT_DOUBLE_EQ(cfg.affinity.elsewhere, 0.3);
  EXPECT_DOUBLE_EQ(cfg.affinity.catchment_km, 10.0);
  EXPECT_FALSE(cfg.affinity.industries.empty());
}

// Site 0 (a 100 m square) half on flagged parcel A and a quarter on B: 5000 + 2500 m².
// Site 1 touches A only along an edge: 0. An empty site overlaps nothing.
TEST(Ranking, LowEfficiencyOverlapByHand) {
  auto wkb = [](const char* wkt) { return geo::to_wkb(geo::from_wkt(wkt).get()); };
  const std::vector<geo::Wkb> sites{wkb("POLYGON((0 0,100 0,100 100,0 100,0 0))"),
                                    wkb("POLYGON((-50 0,-50 100,-100 100,-100 0,-50 0))"),
                                    {}};
  const geo::Wkb a = wkb("POLYGON((-50 0,50 0,50 100,-50 100,-50 0))");
  const geo::Wkb b = wkb("POLYGON((50 50,150 50,150 150,50 150,50 50))");
  const auto m2 = low_efficiency_overlap_m2(sites, {&a, &b});
  ASSERT_EQ(m2.size(), 3u);
  EXPECT_NEAR(m2[0], 7500.0, 1e-6);
  EXPECT_NEAR(m2[1], 0.0, 1e-9);
  EXPECT_EQ(m2[2], 0.0);
}

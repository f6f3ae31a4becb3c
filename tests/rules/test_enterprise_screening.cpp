// The 亩均 evaluation per enterprise: parcels of one credit code scored on their totals, 规上 /
// 规下 indicator sets, missing values (ungraded / zero), new enterprises, the logistics grade
// group, and LE-OUTPUT / LE-TAX only on land completed 2 years or more. Expected values worked by
// hand.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/screening.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

// One indicator per set, weight 1: a unit's score is 100 × value ÷ benchmark.
const char* kEnterprise = R"T(
[screening]
applies = "area_mu >= 3"
grading = "percentile"
cutoffs = { A = 0.25, B = 0.5, C = 0.7 }
new_enterprise_years = 3
new_enterprise = "ungraded"

[[screening.set]]
id = "large"
group = "industrial"
applies = "land_use LIKE '1001%' AND coalesce(scale, '规上') = '规上'"
[[screening.set.indicator]]
id = "tax"
title = { zh = "亩均税收", en = "tax per mu" }
value = "tax_per_mu"
benchmark = 10
weight = 1
on_missing = "ungraded"

[[screening.set]]
id = "small"
group = "industrial"
applies = "land_use LIKE '1001%' AND scale = '规下'"
[[screening.set.indicator]]
id = "va"
title = { zh = "亩均增加值", en = "value added per mu" }
value = "value_added_per_mu"
benchmark = 50
weight = 1
on_missing = "zero"

[[screening.set]]
id = "logistics"
group = "logistics"
applies = "land_use LIKE '1101%'"
[[screening.set.indicator]]
id = "throughput"
title = { zh = "亩均吞吐量", en = "throughput per mu" }
value = "throughput_t / nullif(area_mu, 0)"
benchmark = 1000
weight = 1
)T";

/// parcel_id, land_use, credit_code, scale, area_mu, tax_10k_yuan, tax_per_mu,
/// value_added_per_mu, throughput_t, operating_years
layers::Table facts(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"credit_code", kText},
                     {"scale", kText},
                     {"area_mu", kReal},
                     {"tax_10k_yuan", kReal},
                     {"tax_per_mu", kReal},
                     {"value_added_per_mu", kReal},
                     {"throughput_t", kReal},
                     {"operating_years", kReal}},
                    rows);
}

const std::string kCc1 = "91500000MA5U000001";
const std::string kCc2 = "91500000MA5U000002";
const std::string kCc3 = "91500000MA5U000003";

ScreeningResult run(const std::string& ruleset_text, const layers::Table& t) {
  const Ruleset rs = load_ruleset(write_ruleset(ruleset_text));
  const FactsDb db(t, Subject::Parcel, &rs);
  return screen(db, rs);
}

}  // namespace

TEST(EnterpriseScreening, TwoParcelsScoreOnTheirTotalsAndShareTheGrade) {
  // E1: 10 mu tax 50 + 20 mu tax 250 → 300 / 30 = 10 万元/亩 → score 100 (each parcel alone
  // would score 50 and 125). E2: 3 × 4 mu tax 80 → 240 / 12 = 20 → 200. solo (no credit code):
  // 25 / 5 = 5 → 50. Percentile over the 3 units: E2 1/3 → B, E1 2/3 = 0.667 ≤ 0.7 → C, solo
  // 1 → D. (Over the 6 parcels E1 would sit at mid-rank 4.5 / 6 = 0.75 → D.)
  const auto t = facts({{"E1-a", "100101", kCc1, "规上", 10.0, 50.0, 5.0, kNull, kNull, 10.0},
                        {"E1-b", "100102", kCc1, "规上", 20.0, 250.0, 12.5, kNull, kNull, 10.0},
                        {"E2-a", "100101", kCc2, "规上", 4.0, 80.0, 20.0, kNull, kNull, 10.0},
                        {"E2-b", "100101", kCc2, "规上", 4.0, 80.0, 20.0, kNull, kNull, 10.0},
                        {"E2-c", "100101", kCc2, "规上", 4.0, 80.0, 20.0, kNull, kNull, 10.0},
                        {"solo", "100101", kNull, "规上", 5.0, 25.0, 5.0, kNull, kNull, 10.0}});
  const ScreeningResult res = run(kEnterprise, t);
  ASSERT_EQ(res.grades.size(), 6u);
  for (int i : {0, 1}) {
    const GradeRow& g = res.grades[i];
    ASSERT_TRUE(g.score.has_value()) << i;
    EXPECT_NEAR(*g.score, 100.0, 1e-9) << i;
    EXPECT_EQ(g.grade, "C") << i;
    EXPECT_EQ(g.credit_code, kCc1);
    EXPECT_EQ(g.evaluated_as, "enterprise");
    EXPECT_EQ(g.grade_group, "industrial");
    EXPECT_EQ(g.grade_note, "企业 2 宗地合计评价 / total of 2 parcels");
  }
  for (int i : {2, 3, 4}) {
    EXPECT_NEAR(*res.grades[i].score, 200.0, 1e-9) << i;
    EXPECT_EQ(res.grades[i].grade, "B") << i;
  }
  const GradeRow& solo = res.grades[5];
  EXPECT_NEAR(*solo.score, 50.0, 1e-9);
  EXPECT_EQ(solo.grade, "D");
  EXPECT_EQ(solo.credit_code, "");
  EXPECT_EQ(solo.evaluated_as, "parcel");
  EXPECT_EQ(solo.grade_note, "");
  EXPECT_EQ(res.units, 3u);
  EXPECT_EQ(res.enterprises, 2u);
  // grades.csv carries the new columns after the flags.
  const layers::Table g = grades_table(res);
  EXPECT_EQ(g.text_at(0, 1), "100");
  EXPECT_EQ(g.text_at(0, g.index("credit_code")), kCc1);
  EXPECT_EQ(g.text_at(5, g.index("evaluated_as")), "parcel");
  EXPECT_EQ(g.text_at(5, g.index("grade_group")), "industrial");
  EXPECT_EQ(g.column(4).name, "credit_code");
  EXPECT_EQ(g.column(7).name, "grade_note");
}

TEST(EnterpriseScreening, ScopeIsTestedOnTheEnterpriseTotal) {
  // Two 2-mu parcels of one enterprise: 4 mu in total ≥ 3 → graded (alone, each is < 3 mu);
  // a 2-mu parcel without a credit code is outside the scope.
  const auto t = facts({{"a", "100101", kCc3, "规上", 2.0, 20.0, 10.0, kNull, kNull, 10.0},
                        {"b", "100101", kCc3, "规上", 2.0, 20.0, 10.0, kNull, kNull, 10.0},
                        {"c", "100101", kNull, "规上", 2.0, 20.0, 10.0, kNull, kNull, 10.0}});
  const ScreeningResult res = run(kEnterprise, t);
  EXPECT_NEAR(*res.grades[0].score, 100.0, 1e-9);
  EXPECT_EQ(res.grades[0].grade, "D");  // the only graded unit: rank 1 of 1 = 1.0 → D
  EXPECT_EQ(res.grades[1].grade, "D");
  EXPECT_FALSE(res.grades[2].score.has_value());
  EXPECT_EQ(res.grades[2].grade, "-");
  EXPECT_EQ(res.grades[2].grade_note, "不在评价范围内 / outside the evaluation scope");
}

TEST(EnterpriseScreening, SmallEnterpriseUsesTheSmallSet) {
  // 规下 "s": value added 25 / 50 → 50; its missing tax does not matter (not in its set). 规上
  // "L": tax 10 → 100. Both in group industrial: L 1/2 → B, s 2/2 → D.
  const auto t = facts({{"L", "100101", kCc1, "规上", 10.0, 100.0, 10.0, kNull, kNull, 10.0},
                        {"s", "100101", kCc2, "规下", 10.0, kNull, kNull, 25.0, kNull, 10.0}});
  const ScreeningResult res = run(kEnterprise, t);
  EXPECT_NEAR(*res.grades[1].score, 50.0, 1e-9);
  EXPECT_EQ(res.grades[1].grade, "D");
  EXPECT_EQ(res.grades[1].grade_group, "industrial");
  EXPECT_EQ(res.grades[1].grade_note, "");
  EXPECT_EQ(res.grades[0].grade, "B");
}

TEST(EnterpriseScreening, MissingTaxIsUngradedPendingDataOrScoresZero) {
  // "has" tax 10 → 100; "none" has no tax. on_missing = "ungraded": none is "pending", has is
  // the only graded unit (1/1 → D).
  const auto rows = std::vector<std::vector<Cell>>{
      {"has", "100101", kCc1, "规上", 10.0, 100.0, 10.0, kNull, kNull, 10.0},
      {"none", "100101", kCc2, "规上", 10.0, kNull, kNull, kNull, kNull, 10.0}};
  const ScreeningResult pending = run(kEnterprise, facts(rows));
  EXPECT_FALSE(pending.grades[1].score.has_value());
  EXPECT_EQ(pending.grades[1].grade, "pending");
  EXPECT_EQ(pending.grades[1].grade_note,
            "亩均税收(tax)缺失，待补数据后分档 / tax missing: ungraded pending data");
  EXPECT_EQ(pending.grades[0].grade, "D");
  EXPECT_EQ(pending.grade_counts.at("pending"), 1u);
  EXPECT_EQ(pending.grade_counts.at("D"), 1u);
  // on_missing = "zero": none scores 0 → 2/2 → D; has 1/2 → B.
  std::string text = kEnterprise;
  text.replace(text.find("on_missing = \"ungraded\""), 23, "on_missing = \"zero\"");
  const ScreeningResult zero = run(text, facts(rows));
  ASSERT_TRUE(zero.grades[1].score.has_value());
  EXPECT_EQ(*zero.grades[1].score, 0.0);
  EXPECT_EQ(zero.grades[1].grade, "D");
  EXPECT_EQ(zero.grades[1].grade_note, "亩均税收(tax)缺失，按0分计 / tax missing: scored 0");
  EXPECT_EQ(zero.grades[0].grade, "B");
  EXPECT_EQ(zero.grade_counts.at("pending"), 0u);
}

TEST(EnterpriseScreening, NewEnterpriseIsNotGraded) {
  // Threshold 3 years: 1 year → "new"; 0 (not yet operating) → "new", under construction;
  // 3.5 years → graded; unknown → graded, with a note.
  const auto t =
      facts({{"new", "100101", kCc1, "规上", 10.0, 100.0, 10.0, kNull, kNull, 1.0},
             {"building", "100101", kCc2, "规上", 10.0, 100.0, 10.0, kNull, kNull, 0.0},
             {"old", "100101", kCc3, "规上", 10.0, 100.0, 10.0, kNull, kNull, 3.5},
             {"unknown", "100101", kNull, "规上", 10.0, 50.0, 5.0, kNull, kNull, kNull}});
  const ScreeningResult res = run(kEnterprise, t);
  EXPECT_EQ(res.grades[0].grade, "new");
  EXPECT_FALSE(res.grades[0].score.has_value());
  EXPECT_EQ(res.grades[0].grade_note,
            "投产 1.0 年，不满 3 年，不参与分档 / operating 1.0 years (< 3): not graded (new)");
  EXPECT_EQ(res.grades[1].grade, "new");
  EXPECT_EQ(res.grades[1].grade_note,
            "尚未投产（在建），不参与分档 / not yet operating (under construction): not graded "
            "(new)");
  // old 100 (1/2 → B), unknown 50 (2/2 → D): the new ones are not ranked.
  EXPECT_EQ(res.grades[2].grade, "B");
  EXPECT_EQ(res.grades[3].grade, "D");
  EXPECT_EQ(res.grades[3].grade_note,
            "投产日期未知，按已投产满年限评价 / operating_since unknown: evaluated as established");
  EXPECT_EQ(res.grade_counts.at("new"), 2u);
  // A fixed grade instead: B, no score.
  std::string text = kEnterprise;
  text.replace(text.find("new_enterprise = \"ungraded\""), 27, "new_enterprise = \"B\"");
  const ScreeningResult fixed = run(text, t);
  EXPECT_EQ(fixed.grades[0].grade, "B");
  EXPECT_FALSE(fixed.grades[0].score.has_value());
  EXPECT_EQ(fixed.grades[0].grade_note,
            "投产 1.0 年，不满 3 年，按 B 档处理 / operating 1.0 years (< 3): treated as grade B");
}

TEST(EnterpriseScreening, LogisticsGradesOnlyAmongLogistics) {
  // Industrial: X tax 10 → 100, Y tax 5 → 50. Logistics: L1 20000 t / 10 mu = 2000 t/mu → 200,
  // L2 5000 / 10 = 500 → 50. Within logistics L1 1/2 → B, L2 → D; pooled, L1 would be A (1/4).
  const auto t = facts({{"X", "100101", kCc1, "规上", 10.0, 100.0, 10.0, kNull, kNull, 10.0},
                        {"Y", "100101", kCc2, "规上", 10.0, 50.0, 5.0, kNull, kNull, 10.0},
                        {"L1", "110102", kNull, kNull, 10.0, kNull, kNull, kNull, 20000.0, 10.0},
                        {"L2", "1101", kNull, kNull, 10.0, kNull, kNull, kNull, 5000.0, 10.0}});
  const ScreeningResult res = run(kEnterprise, t);
  EXPECT_NEAR(*res.grades[2].score, 200.0, 1e-9);
  EXPECT_EQ(res.grades[2].grade, "B");
  EXPECT_EQ(res.grades[2].grade_group, "logistics");
  EXPECT_EQ(res.grades[3].grade, "D");
  EXPECT_EQ(res.grades[0].grade, "B");
  EXPECT_EQ(res.grades[1].grade, "D");
}

TEST(EnterpriseScreening, LoadErrorsNameTheKey) {
  const auto error_of = [](std::string text) {
    try {
      load_ruleset(write_ruleset(text));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string bad = kEnterprise;
  bad.replace(bad.find("on_missing = \"zero\""), 19, "on_missing = \"drop\"");
  EXPECT_NE(error_of(bad).find("on_missing must be \"zero\", \"ungraded\" or \"skip\""),
            std::string::npos)
      << error_of(bad);
  bad = kEnterprise;
  bad.replace(bad.find("new_enterprise = \"ungraded\""), 27, "new_enterprise = \"E\"");
  EXPECT_NE(error_of(bad).find("new_enterprise must be"), std::string::npos) << error_of(bad);
  bad = std::string(kEnterprise) +
        "[[screening.indicator]]\nid = \"x\"\ntitle = { zh = \"x\", en = \"x\" }\nvalue = "
        "\"tax_per_mu\"\nbenchmark = 1\nweight = 1\n";
  EXPECT_NE(error_of(bad).find("either [[screening.set]] or [[screening.indicator]]"),
            std::string::npos)
      << error_of(bad);
}

// ---- LE-OUTPUT / LE-TAX of the bundled ruleset: only on land completed ≥ 2 years -----------

TEST(EnterpriseScreening, LeTaxAppliesOnlyTwoYearsAfterCompletion) {
  const Ruleset rs =
      load_ruleset(std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/chongqing-hub/ruleset.toml");
  // tax 1 万元/亩 < 0.5 × 8 = 4 (the base standard) on every parcel; only the years differ.
  const auto t = make_table({{"parcel_id", kText},
                             {"land_use", kText},
                             {"tax_per_mu", kReal},
                             {"completed_years", kReal},
                             {"completed_basis", kText}},
                            {{"one", "100101", 1.0, 1.0, "completed_date"},
                             {"three", "100101", 1.0, 3.0, "operating_since"},
                             {"unknown", "100101", 1.0, kNull, kNull}});
  const FactsDb db(t, Subject::Parcel, &rs);
  std::vector<Rule> tax;
  for (const Rule& r : rs.screen)
    if (r.id == "LE-TAX") tax.push_back(r);
  ASSERT_EQ(tax.size(), 1u);
  const auto f = evaluate(db, tax, Keep::All);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].outcome, Outcome::NotApplicable);  // completed 1 year before as_of
  EXPECT_EQ(f[1].outcome, Outcome::Flag);
  EXPECT_EQ(f[1].reason_zh,
            "竣工满 3 年（起算：operating_since），亩均税收 1 万元/亩，低于标准的50%（4 万元/亩）");
  EXPECT_EQ(f[2].outcome, Outcome::NotApplicable);
  EXPECT_NE(f[2].reason_zh.find("缺少竣工/投产日期（completed_date = —，operating_since = —）"),
            std::string::npos)
      << f[2].reason_zh;
}

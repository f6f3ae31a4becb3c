// Evaluating rules, screening and conversion checks on hand-made facts: each threshold at,
// just below and just above, with the reasons and clauses worked out by hand.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/diff.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/screening.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

const char* kFlags = R"T(
[lookups.far_min]
values = { "36" = 0.7, "13" = 1.0 }

[[derived]]
name = "far"
expr = "coalesce(plot_ratio, floor_area_m2 / nullif(area_m2, 0))"

[[screen]]
id = "LE-COVERAGE"
title = { zh = "建筑系数低于30%", en = "Building coverage below 30 %" }
applies = "land_use LIKE '1001%'"
fails_when = "building_coefficient < 0.30"
actual = "building_coefficient"
threshold = "0.30"
reason = { zh = "建筑系数 {actual} 低于 {threshold}", en = "building coverage {actual} is below {threshold} ({id})" }
clause = "建筑系数条款"

[[screen]]
id = "LE-FAR"
title = { zh = "容积率低于控制下限", en = "Plot ratio below the minimum" }
applies = "land_use LIKE '1001%'"
fails_when = "far < (SELECT value FROM lookup_far_min WHERE key = industry)"
actual = "far"
threshold = "(SELECT value FROM lookup_far_min WHERE key = industry)"
reason = { zh = "容积率 {actual} 低于控制下限 {threshold}（行业 {industry}）", en = "plot ratio {actual} below {threshold} (industry {industry})" }
clause = "容积率条款"
verified = false

[[screen]]
id = "LE-IDLE"
title = { zh = "闲置土地", en = "Idle land" }
fails_when = "idle_years >= 1 AND idle_years < 2"
clause = "第53号令 第十四条（一）"

[[screen]]
id = "LE-IDLE-RECOVER"
title = { zh = "闲置满两年", en = "Idle for 2 years" }
fails_when = "idle_years >= 2"
clause = "第53号令 第十四条（二）"
)T";

layers::Table parcels(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"industry", kText},
                     {"building_coefficient", kReal},
                     {"plot_ratio", kReal},
                     {"floor_area_m2", kReal},
                     {"area_m2", kReal},
                     {"idle_years", kReal}},
                    rows);
}

const Finding* find(const std::vector<Finding>& fs, const std::string& subject,
                    const std::string& rule) {
  for (const auto& f : fs)
    if (f.subject_id == subject && f.rule_id == rule) return &f;
  return nullptr;
}

}  // namespace

TEST(Evaluate, CoverageAtBelowAboveThreshold) {
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  const FactsDb db(parcels({{"at", "100101", "36", 0.30, 1.0, kNull, kNull, 0.0},
                            {"below", "100101", "36", 0.2999, 1.0, kNull, kNull, 0.0},
                            {"above", "100101", "36", 0.3001, 1.0, kNull, kNull, 0.0},
                            {"null", "100101", "36", kNull, 1.0, kNull, kNull, 0.0},
                            {"logistics", "1101", "59", 0.1, 1.0, kNull, kNull, 0.0}}),
                   Subject::Parcel, &rs);
  const auto all = evaluate(db, {rs.screen[0]}, Keep::All);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].outcome, Outcome::Pass);
  EXPECT_EQ(all[0].reason_en, "met: Building coverage below 30 %");
  EXPECT_EQ(all[1].outcome, Outcome::Flag);
  EXPECT_EQ(all[1].actual, "0.2999");
  EXPECT_EQ(all[1].threshold, "0.3");
  EXPECT_EQ(all[1].reason_zh, "建筑系数 0.2999 低于 0.3");
  EXPECT_EQ(all[1].reason_en, "building coverage 0.2999 is below 0.3 (below)");
  EXPECT_EQ(all[1].clause, "建筑系数条款");
  EXPECT_EQ(all[2].outcome, Outcome::Pass);
  EXPECT_EQ(all[3].outcome, Outcome::NotApplicable);
  EXPECT_EQ(all[3].reason_en, "data missing, cannot decide: Building coverage below 30 %");
  EXPECT_EQ(all[4].outcome, Outcome::NotApplicable);
  EXPECT_EQ(all[4].reason_zh, "不适用：建筑系数低于30%");
  const auto flags = evaluate(db, {rs.screen[0]}, Keep::NonPass);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "below");
}

TEST(Evaluate, FarAgainstLookupAndDerivedFallback) {
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  // Industry 36: minimum 0.7. "derived" has no plot_ratio: 1390 m² / 2000 m² = 0.695.
  const FactsDb db(parcels({{"at", "100102", "36", 0.5, 0.7, kNull, kNull, 0.0},
                            {"below", "100102", "36", 0.5, 0.69, kNull, kNull, 0.0},
                            {"above", "100102", "36", 0.5, 0.71, kNull, kNull, 0.0},
                            {"derived", "100102", "36", 0.5, kNull, 1390.0, 2000.0, 0.0},
                            {"food-at-1", "100101", "13", 0.5, 1.0, kNull, kNull, 0.0},
                            {"no-table", "100101", "99", 0.5, 0.1, kNull, kNull, 0.0}}),
                   Subject::Parcel, &rs);
  const auto f = evaluate(db, {rs.screen[1]}, Keep::All);
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].outcome, Outcome::Pass);
  EXPECT_EQ(f[1].outcome, Outcome::Flag);
  EXPECT_EQ(f[1].reason_zh, "容积率 0.69 低于控制下限 0.7（行业 36）");
  EXPECT_EQ(f[1].clause, "容积率条款（阈值未核实 / threshold unverified）");
  EXPECT_EQ(f[2].outcome, Outcome::Pass);
  EXPECT_EQ(f[3].outcome, Outcome::Flag);
  EXPECT_EQ(f[3].actual, "0.695");
  EXPECT_EQ(f[4].outcome, Outcome::Pass);
  // An industry missing from the lookup: the threshold is NULL, so the rule cannot decide.
  EXPECT_EQ(f[5].outcome, Outcome::NotApplicable);
  EXPECT_EQ(f[5].reason_en, "data missing, cannot decide: Plot ratio below the minimum");
}

TEST(Evaluate, IdleOneAndTwoYears) {
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  const FactsDb db(parcels({{"p0.99", "100101", "36", 0.5, 1.0, kNull, kNull, 0.99},
                            {"p1", "100101", "36", 0.5, 1.0, kNull, kNull, 1.0},
                            {"p1.99", "100101", "36", 0.5, 1.0, kNull, kNull, 1.99},
                            {"p2", "100101", "36", 0.5, 1.0, kNull, kNull, 2.0},
                            {"p6", "0802", "73", 0.5, 1.0, kNull, kNull, 6.0}}),
                   Subject::Parcel, &rs);
  const std::vector<Rule> idle{rs.screen[2], rs.screen[3]};
  const auto f = evaluate(db, idle, Keep::NonPass);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].subject_id, "p1");
  EXPECT_EQ(f[0].rule_id, "LE-IDLE");
  EXPECT_EQ(f[0].reason_en, "Idle land");  // no reason template: the title
  EXPECT_EQ(f[1].subject_id, "p1.99");
  EXPECT_EQ(f[1].rule_id, "LE-IDLE");
  EXPECT_EQ(f[2].subject_id, "p2");
  EXPECT_EQ(f[2].rule_id, "LE-IDLE-RECOVER");
  EXPECT_EQ(f[3].subject_id, "p6");
  EXPECT_EQ(f[3].rule_id, "LE-IDLE-RECOVER");
}

TEST(Evaluate, NonBooleanAtRunTimeNamesRuleAndSubject) {
  // 2.5 (the load-time probe) gives 0, so this loads; 6 gives 2 at run time.
  const Ruleset rs = load_ruleset(write_ruleset(R"T(
[[screen]]
id = "ODD"
title = { zh = "怪", en = "odd" }
fails_when = "CASE WHEN plot_ratio > 5 THEN 2 ELSE 0 END"
)T"));
  const FactsDb db(parcels({{"P-1", "100101", "36", 0.5, 6.0, kNull, kNull, 0.0}}), Subject::Parcel,
                   &rs);
  try {
    evaluate(db, rs.screen);
    FAIL() << "evaluated";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
    EXPECT_EQ(e.where().rule, "ODD");
    EXPECT_EQ(e.where().feature, "P-1");
    EXPECT_EQ(e.message(), "fails_when gives '2', not true/false");
  }
}

TEST(Evaluate, FactsNeedUniqueIds) {
  try {
    FactsDb db(parcels({{"A", "100101", "36", 0.5, 1.0, kNull, kNull, 0.0},
                        {"A", "100101", "36", 0.5, 1.0, kNull, kNull, 0.0}}),
               Subject::Parcel);
    FAIL() << "accepted duplicate ids";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Schema);
    EXPECT_EQ(std::string(e.what()), "feature A: field parcel_id: duplicate id");
  }
}

TEST(Evaluate, NumericFactAsTextIsRefused) {
  try {
    FactsDb db(make_table({{"parcel_id", kText}, {"plot_ratio", kText}}, {{"A", "10"}}),
               Subject::Parcel);
    FAIL() << "accepted text plot_ratio";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Schema);
    EXPECT_EQ(std::string(e.what()),
              "field plot_ratio: holds text, but the facts schema says real (convert it when "
              "reading)");
  }
}

TEST(Evaluate, HostileTextInFactsIsJustData) {
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  const FactsDb db(
      parcels({{"x'); DROP TABLE facts; --", "100101'--", "36", 0.1, 1.0, kNull, kNull, 0.0}}),
      Subject::Parcel, &rs);
  const auto f = evaluate(db, rs.screen, Keep::NonPass);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject_id, "x'); DROP TABLE facts; --");
  EXPECT_EQ(f[0].rule_id, "LE-COVERAGE");
  EXPECT_EQ(db.row_count(), 1u);
}

// ---- screening: score and grade ---------------------------------------------------------------

namespace {
const char* kScreening = R"T(
[screening]
applies = "land_use LIKE '1001%'"
grading = "percentile"
cutoffs = { A = 0.25, B = 0.5, C = 0.75 }
ratio_cap = 3
[[screening.indicator]]
id = "tax"
title = { zh = "亩均税收", en = "tax per mu" }
value = "tax_per_mu"
benchmark = 10
weight = 30
[[screening.indicator]]
id = "energy"
title = { zh = "单位产出能耗", en = "energy per output" }
value = "energy_per_output"
benchmark = 0.5
weight = 10
direction = "cost"
)T";

layers::Table scored(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"tax_per_mu", kReal},
                     {"energy_per_output", kReal}},
                    rows);
}
}  // namespace

TEST(Screening, ScoreIsWeightedBenchmarkRatio) {
  const Ruleset rs = load_ruleset(write_ruleset(kScreening));
  // bench: (10/10·30 + 0.5/0.5·10)/40·100 = 100; tax-only: 20/10 = 2 -> 200 (weights
  // renormalised); capped: 40/10 = 4 -> 3 and 0.5/0.25 = 2 -> (3·30 + 2·10)/40·100 = 275;
  // low: (5/10·30 + 0.5/1·10)/40·100 = 50; none: no indicator -> ungraded; shop: not applicable.
  const FactsDb db(scored({{"bench", "100101", 10.0, 0.5},
                           {"tax-only", "100101", 20.0, kNull},
                           {"capped", "100101", 40.0, 0.25},
                           {"low", "100101", 5.0, 1.0},
                           {"none", "100101", kNull, kNull},
                           {"shop", "0901", 50.0, 0.1}}),
                   Subject::Parcel, &rs);
  const ScreeningResult res = screen(db, rs);
  ASSERT_EQ(res.grades.size(), 6u);
  EXPECT_DOUBLE_EQ(*res.grades[0].score, 100.0);
  EXPECT_DOUBLE_EQ(*res.grades[1].score, 200.0);
  EXPECT_DOUBLE_EQ(*res.grades[2].score, 275.0);
  EXPECT_DOUBLE_EQ(*res.grades[3].score, 50.0);
  EXPECT_FALSE(res.grades[4].score.has_value());
  EXPECT_FALSE(res.grades[5].score.has_value());
  // Percentile over 4 graded: capped rank 1 (0.25 -> A), tax-only 2 (0.5 -> B),
  // bench 3 (0.75 -> C), low 4 (1.0 -> D).
  EXPECT_EQ(res.grades[2].grade, "A");
  EXPECT_EQ(res.grades[1].grade, "B");
  EXPECT_EQ(res.grades[0].grade, "C");
  EXPECT_EQ(res.grades[3].grade, "D");
  EXPECT_EQ(res.grades[4].grade, "-");
  EXPECT_EQ(res.grades[5].grade, "-");
  EXPECT_EQ(res.grade_counts.at("A"), 1u);
  EXPECT_EQ(res.grade_counts.at("-"), 2u);
  const layers::Table t = grades_table(res);
  EXPECT_EQ(t.text_at(2, 1), "275");
  EXPECT_EQ(t.text_at(4, 1), "");
}

TEST(Screening, TiesTakeTheMidRank) {
  const Ruleset rs = load_ruleset(write_ruleset(kScreening));
  // a, b, c tie at ranks 1–3: mid-rank 2 of 4 = 0.5 -> B (A needs ≤ 0.25); d rank 4 -> D.
  // Bottom tie: x, y, z at ranks 2–4 -> mid-rank 3 = 0.75 -> C; w alone at rank 1 -> A.
  const FactsDb db(scored({{"a", "100101", 10.0, 0.5},
                           {"b", "100101", 10.0, 0.5},
                           {"c", "100101", 10.0, 0.5},
                           {"d", "100101", 1.0, 5.0}}),
                   Subject::Parcel, &rs);
  const ScreeningResult res = screen(db, rs);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(res.grades[i].grade, "B") << i;
  EXPECT_EQ(res.grades[3].grade, "D");
  const FactsDb low(scored({{"w", "100101", 10.0, 0.5},
                            {"x", "100101", 0.0, kNull},
                            {"y", "100101", 0.0, kNull},
                            {"z", "100101", 0.0, kNull}}),
                    Subject::Parcel, &rs);
  const ScreeningResult r2 = screen(low, rs);
  EXPECT_EQ(r2.grades[0].grade, "A");
  for (int i = 1; i < 4; ++i) EXPECT_EQ(r2.grades[i].grade, "C") << i;
}

TEST(Screening, AbsoluteCutoffsAtBelowAbove) {
  std::string text = kScreening;
  text.replace(text.find("grading = \"percentile\""), 22, "grading = \"absolute\"");
  text.replace(text.find("cutoffs = { A = 0.25, B = 0.5, C = 0.75 }"), 41,
               "cutoffs = { A = 120, B = 100, C = 60 }");
  const Ruleset rs = load_ruleset(write_ruleset(text));
  // tax-only parcels: score = tax_per_mu · 10.
  const FactsDb db(scored({{"a-at", "100101", 12.0, kNull},
                           {"b-below-a", "100101", 11.99, kNull},
                           {"b-at", "100101", 10.0, kNull},
                           {"c-below-b", "100101", 9.99, kNull},
                           {"c-at", "100101", 6.0, kNull},
                           {"d-below-c", "100101", 5.99, kNull}}),
                   Subject::Parcel, &rs);
  const ScreeningResult res = screen(db, rs);
  const char* expected[] = {"A", "B", "B", "C", "C", "D"};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(res.grades[i].grade, expected[i]) << i;
}

TEST(Screening, FlagsListedPerParcelAndCounted) {
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  const FactsDb db(parcels({{"ok", "100101", "36", 0.5, 1.0, kNull, kNull, 0.0},
                            {"bad", "100101", "36", 0.1, 0.2, kNull, kNull, 3.0}}),
                   Subject::Parcel, &rs);
  const ScreeningResult res = screen(db, rs);
  EXPECT_TRUE(res.grades[0].flags.empty());
  EXPECT_EQ(res.grades[1].flags,
            (std::vector<std::string>{"LE-COVERAGE", "LE-FAR", "LE-IDLE-RECOVER"}));
  EXPECT_EQ(res.flag_counts.at("LE-IDLE"), 0u);
  EXPECT_EQ(res.flag_counts.at("LE-FAR"), 1u);
  EXPECT_EQ(res.parcels_flagged, 1u);
  EXPECT_EQ(grades_table(res).text_at(1, 3), "LE-COVERAGE;LE-FAR;LE-IDLE-RECOVER");
}

// ---- conversion checks -------------------------------------------------------------------------

namespace {
const char* kConversion = R"T(
[[conversion]]
id = "CV-TO-USE"
title = { zh = "拟转用途", en = "Proposed use" }
fails_when = "NOT (to_use LIKE '1001%' OR to_use LIKE '1101%' OR to_use LIKE '0802%')"
on_unknown = "fail"
reason = { zh = "拟转用途 {to_use} 不允许", en = "proposed use {to_use} not allowed" }
clause = "用途转换条款"

[[conversion]]
id = "CV-HUB-ZONE"
title = { zh = "枢纽经济区内", en = "Inside the hub zone" }
fails_when = "hub_zone <> 1"
on_unknown = "fail"

[[conversion]]
id = "CV-OFFICE-LAND"
title = { zh = "办公生活用地不超过7%", en = "Office land at most 7 %" }
applies = "to_use LIKE '1001%' AND to_use <> '100100'"
fails_when = "office_land_share > 0.07"
outcome = "condition"
condition = { zh = "压减至7%以内", en = "reduce to 7 %" }
actual = "office_land_share"
threshold = "0.07"

[[conversion]]
id = "CV-M0-SUPPORT"
title = { zh = "M0 配套不超过30%", en = "M0 support at most 30 %" }
applies = "to_use = '100100'"
fails_when = "support_share > 0.30"
actual = "support_share"
threshold = "0.30"
reason = { zh = "配套 {actual} 超过 {threshold}", en = "support {actual} above {threshold}" }
)T";
}  // namespace

TEST(Conversion, VerdictsAtBelowAboveThresholds) {
  const Ruleset rs = load_ruleset(write_ruleset(kConversion));
  const layers::Table requests = make_table({{"request_id", kText},
                                             {"parcel_id", kText},
                                             {"to_use", kText},
                                             {"office_land_share", kReal},
                                             {"support_share", kReal}},
                                            {{"office-at", "P1", "100101", 0.07, 0.1},
                                             {"office-above", "P1", "100101", 0.0701, 0.1},
                                             {"m0-at", "P1", "100100", 0.2, 0.30},
                                             {"m0-above", "P1", "100100", 0.0, 0.3001},
                                             {"residential", "P1", "0701", 0.0, 0.0},
                                             {"outside", "P2", "1101", 0.0, 0.0},
                                             {"unknown-parcel", "P9", "0802", 0.0, 0.0}});
  const layers::Table facts = make_table({{"parcel_id", kText}, {"hub_zone", kInt}},
                                         {{"P1", std::int64_t{1}}, {"P2", std::int64_t{0}}});
  const FactsDb db(request_facts(requests, facts), Subject::Request, &rs);
  const ConversionResult res = check_conversions(db, rs);
  ASSERT_EQ(res.verdicts.size(), 7u);
  EXPECT_EQ(res.verdicts[0].verdict, Verdict::Approve);
  EXPECT_EQ(res.verdicts[1].verdict, Verdict::Conditional);
  EXPECT_EQ(res.verdicts[1].conditions, std::vector<std::string>{"压减至7%以内 / reduce to 7 %"});
  EXPECT_EQ(res.verdicts[2].verdict, Verdict::Approve);
  EXPECT_EQ(res.verdicts[3].verdict, Verdict::Reject);
  EXPECT_EQ(res.verdicts[3].failed_rules, std::vector<std::string>{"CV-M0-SUPPORT"});
  EXPECT_EQ(res.verdicts[4].verdict, Verdict::Reject);
  EXPECT_EQ(res.verdicts[4].failed_rules, std::vector<std::string>{"CV-TO-USE"});
  EXPECT_EQ(res.verdicts[5].failed_rules, std::vector<std::string>{"CV-HUB-ZONE"});
  // Unknown parcel: hub_zone is NULL and the rule says on_unknown = "fail".
  EXPECT_EQ(res.verdicts[6].failed_rules, std::vector<std::string>{"CV-HUB-ZONE"});
  // Every rule's outcome is listed for every request.
  EXPECT_EQ(res.findings.size(), 7u * 4u);
  const Finding* m0 = find(res.findings, "m0-above", "CV-M0-SUPPORT");
  ASSERT_NE(m0, nullptr);
  EXPECT_EQ(m0->reason_zh, "配套 0.3001 超过 0.3");
  const Finding* unknown = find(res.findings, "unknown-parcel", "CV-HUB-ZONE");
  EXPECT_EQ(unknown->reason_en, "data missing (treated as failing): Inside the hub zone");
  EXPECT_EQ(find(res.findings, "residential", "CV-OFFICE-LAND")->outcome, Outcome::NotApplicable);
  EXPECT_EQ(res.verdict_counts.at("approve"), 2u);
  EXPECT_EQ(res.verdict_counts.at("conditional"), 1u);
  EXPECT_EQ(res.verdict_counts.at("reject"), 4u);
  const layers::Table v = verdicts_table(res);
  EXPECT_EQ(v.text_at(1, 2), "CV-OFFICE-LAND: 压减至7%以内 / reduce to 7 %");
  EXPECT_EQ(v.text_at(4, 3), "CV-TO-USE");
}

TEST(Conversion, DeterministicFindingsFiles) {
  const Ruleset rs = load_ruleset(write_ruleset(kConversion));
  const layers::Table requests =
      make_table({{"request_id", kText},
                  {"parcel_id", kText},
                  {"to_use", kText},
                  {"office_land_share", kReal}},
                 {{"R1", "P1", "100101", 0.09}, {"R2", "P1", "0901", 0.0}});
  const layers::Table facts =
      make_table({{"parcel_id", kText}, {"hub_zone", kInt}}, {{"P1", std::int64_t{1}}});
  const std::string dir = temp_dir();
  for (const char* name : {"/a.csv", "/b.csv"}) {
    const FactsDb db(request_facts(requests, facts), Subject::Request, &rs);
    layers::write_csv(findings_table(check_conversions(db, rs).findings), dir + name);
  }
  const std::string a = read_file(dir + "/a.csv");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, read_file(dir + "/b.csv"));
  EXPECT_EQ(a.substr(0, a.find('\n')),
            "subject_id,rule_id,outcome,actual,threshold,reason_zh,reason_en,clause");
}

// ---- diff --------------------------------------------------------------------------------------

TEST(Diff, ChangedOutcomesAndWhy) {
  std::string strict = kFlags;
  auto swap = [&strict](const std::string& from, const std::string& to) {
    strict.replace(strict.find(from), from.size(), to);
  };
  swap("fails_when = \"building_coefficient < 0.30\"",
       "fails_when = \"building_coefficient < 0.40\"");
  swap("threshold = \"0.30\"", "threshold = \"0.40\"");
  const Ruleset a = load_ruleset(write_ruleset(kFlags, "a.toml"));
  const Ruleset b = load_ruleset(write_ruleset(strict, "b.toml"));
  const layers::Table t = parcels({{"same", "100101", "36", 0.5, 1.0, kNull, kNull, 0.0},
                                   {"changes", "100101", "36", 0.35, 1.0, kNull, kNull, 0.0}});
  const FactsDb da(t, Subject::Parcel, &a), dbb(t, Subject::Parcel, &b);
  const DiffResult d = diff_results(screen(da, a, Keep::All), screen(dbb, b, Keep::All), {}, {});
  EXPECT_EQ(d.parcels_compared, 2u);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_EQ(d.rows[0].subject_id, "changes");
  EXPECT_EQ(d.rows[0].outcome_a, "grade -; flags none");
  EXPECT_EQ(d.rows[0].outcome_b, "grade -; flags LE-COVERAGE");
  EXPECT_EQ(d.rows[0].changed_rules, "LE-COVERAGE: pass→flag");
  EXPECT_EQ(d.rows[0].why_en, "LE-COVERAGE (B): building coverage 0.35 is below 0.4 (changes)");
  EXPECT_EQ(d.flag_changes, 1u);
}

TEST(Evaluate, LargeTablesSplitAcrossConnectionsKeepRowOrder) {
  // 60,000 rows: above the threshold where evaluate() uses one connection per core.
  const Ruleset rs = load_ruleset(write_ruleset(kFlags));
  std::vector<std::vector<Cell>> rows;
  for (int r = 0; r < 60000; ++r)
    rows.push_back(
        {"P" + std::to_string(r), "100101", "36", (r % 10) / 10.0, 1.0, kNull, kNull, 0.0});
  const FactsDb db(parcels(rows), Subject::Parcel, &rs);
  const auto f = evaluate(db, {rs.screen[0]}, Keep::NonPass);
  // Coverage 0.0, 0.1 and 0.2 are below 0.30: three rows in ten.
  ASSERT_EQ(f.size(), 18000u);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int r = static_cast<int>(i / 3 * 10 + i % 3);
    ASSERT_EQ(f[i].subject_id, "P" + std::to_string(r)) << i;
  }
}

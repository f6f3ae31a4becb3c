// Zone performance evaluation: a hand-worked two-year fixture (zones of type 临港 and 综合),
// weights per zone type, missing values, ties, and the refusals of a bad [evaluation].
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <fstream>

#include "hubland/error.hpp"
#include "hubland/rules/evaluation.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

const char* kIndicators = R"T(
[evaluation]
grades = { A = 85, B = 70, C = 55 }
ratio_cap = 1.0

[[evaluation.indicator]]
id = "tax_per_mu"
title = { zh = "亩均税收", en = "Tax per mu" }
value = """sum(CASE WHEN grade IN ('A', 'B', 'C', 'D') THEN tax_10k_yuan END)
  / nullif(sum(CASE WHEN grade IN ('A', 'B', 'C', 'D') THEN area_mu END), 0)"""
unit = "10k yuan/mu"
direction = "benefit"
benchmark = 40
weight = { "临港" = 1, "*" = 3 }

[[evaluation.indicator]]
id = "low_share"
title = { zh = "低效用地占比", en = "Low-efficiency share" }
value = "coalesce(sum(CASE WHEN land_status IN ('低效', '疑似闲置', '停产') THEN area_mu END), 0) / nullif(sum(area_mu), 0)"
unit = "0..1"
direction = "cost"
benchmark = 0.1
weight = 1

[[evaluation.indicator]]
id = "unsupplied_share"
title = { zh = "批而未供占比", en = "Unsupplied share" }
value = "sum(supply_unsupplied_mu) / nullif(sum(area_mu), 0)"
unit = "0..1"
direction = "cost"
benchmark = 0.05
weight = { "*" = 2 }
verified = false
note = "test value"
)T";

layers::Table facts_table(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"zone_id", kText},
                     {"district_code", kText},
                     {"area_m2", kReal},
                     {"area_mu", kReal},
                     {"tax_10k_yuan", kReal},
                     {"supply_unsupplied_mu", kReal}},
                    rows);
}

layers::Table grades_table(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"score", kReal},
                     {"grade", kText},
                     {"flags", kText},
                     {"land_status", kText},
                     {"disposal", kText}},
                    rows);
}

const std::vector<EvaluationZone> kZones = {
    {"Z1", "甲港", "临港"}, {"Z2", "乙区", "综合"}, {"Z3", "丙港", "临港"}, {"Z4", "丁港", "临港"}};

// 2025: Z1 P1 (10 mu, tax 300, A) + P2 (10 mu, tax 100, C, 低效, 1 mu unsupplied);
//       Z2 P3 (20 mu, tax 400, B, 2 mu unsupplied) + P4 (5 mu, no tax, new, 疑似闲置);
//       Z3 P5 (10 mu, tax 500, A, supply unknown); Z4 no parcels.
// 2026: P2 redeveloped (tax 500, B, 正常); P4 started (tax 50, C, 正常).
struct Fixture {
  layers::Table f25 = facts_table({
      {"P1", "Z1", "500101", 6000.0, 10.0, 300.0, 0.0},
      {"P2", "Z1", "500102", 7000.0, 10.0, 100.0, 1.0},
      {"P3", "Z2", "500103", 13000.0, 20.0, 400.0, 2.0},
      {"P4", "Z2", "500103", 3000.0, 5.0, kNull, 0.0},
      {"P5", "Z3", "500104", 6500.0, 10.0, 500.0, kNull},
  });
  layers::Table g25 = grades_table({
      {"P1", 120.0, "A", "", "正常", "—"},
      {"P2", 40.0, "C", "LE-FAR", "低效", "提容增效"},
      {"P3", 90.0, "B", "", "正常", "—"},
      {"P4", kNull, "new", "LE-IDLE", "疑似闲置", "调查认定后征缴闲置费"},
      {"P5", 150.0, "A", "", "正常", "—"},
  });
  layers::Table f26 = facts_table({
      {"P1", "Z1", "500101", 6000.0, 10.0, 300.0, 0.0},
      {"P2", "Z1", "500102", 7000.0, 10.0, 500.0, 1.0},
      {"P3", "Z2", "500103", 13000.0, 20.0, 400.0, 2.0},
      {"P4", "Z2", "500103", 3000.0, 5.0, 50.0, 0.0},
      {"P5", "Z3", "500104", 6500.0, 10.0, 500.0, kNull},
  });
  layers::Table g26 = grades_table({
      {"P1", 120.0, "A", "", "正常", "—"},
      {"P2", 100.0, "B", "", "正常", "—"},
      {"P3", 90.0, "B", "", "正常", "—"},
      {"P4", 30.0, "C", "", "正常", "—"},
      {"P5", 150.0, "A", "", "正常", "—"},
  });
};

const ZoneEvaluation& find(const std::vector<ZoneEvaluation>& rows, const std::string& zone,
                           int year) {
  for (const auto& r : rows)
    if (r.zone_id == zone && r.year == year) return r;
  throw std::runtime_error("no row " + zone);
}

Error load_error(const std::string& body) {
  const std::string path = write_ruleset(body);
  try {
    load_ruleset(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, path);
    return e;
  }
  ADD_FAILURE() << "ruleset loaded";
  return Error(ErrorKind::Internal, "no error");
}

// One indicator with a replaceable key line, to break one thing at a time.
std::string one_indicator(const std::string& value, const std::string& direction,
                          const std::string& weight) {
  return "\n[evaluation]\n\n[[evaluation.indicator]]\nid = \"X\"\n"
         "title = { zh = \"甲\", en = \"a\" }\nvalue = \"" +
         value + "\"\ndirection = \"" + direction + "\"\nbenchmark = 1\nweight = " + weight + "\n";
}

}  // namespace

TEST(ZoneEvaluation, HandWorkedTwoYearsTwoTypes) {
  const Ruleset rs = load_ruleset(write_ruleset(kIndicators));
  ASSERT_TRUE(rs.has_evaluation);
  ASSERT_EQ(rs.evaluation.indicators.size(), 3u);
  Fixture fx;
  // Years given out of order: the engine sorts them.
  const auto rows =
      evaluate_zones(rs, kZones, {{2026, &fx.f26, &fx.g26}, {2025, &fx.f25, &fx.g25}});
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].year, 2025);
  EXPECT_EQ(rows[0].zone_id, "Z1");
  EXPECT_EQ(rows[4].year, 2026);

  // Z1 2025: tax (300+100)/20 = 20 → ratio 0.5; low 10/20 = 0.5 → 0.1/0.5 = 0.2; unsupplied
  // 1/20 = 0.05 → 1. 临港 weights 1, 1, 2: 100 × (0.5 + 0.2 + 2) / 4 = 67.5 → C.
  const auto& z1 = find(rows, "Z1", 2025);
  ASSERT_EQ(z1.values.size(), 3u);
  EXPECT_NEAR(*z1.values[0], 20.0, 1e-9);
  EXPECT_NEAR(*z1.values[1], 0.5, 1e-9);
  EXPECT_NEAR(*z1.values[2], 0.05, 1e-9);
  EXPECT_NEAR(*z1.score, 67.5, 1e-9);
  EXPECT_EQ(z1.grade, "C");
  EXPECT_EQ(z1.rank, 2);  // behind Z3 among the 临港 zones
  EXPECT_FALSE(z1.change_vs_prev);
  EXPECT_EQ(z1.district_code, "500102");  // 7000 m² beats 6000 m²
  EXPECT_TRUE(z1.missing.empty());

  // Z2 2025 (综合: weights 3, 1, 2): tax 400/20 (P4 not graded) = 20 → 0.5; low 5/25 = 0.2 →
  // 0.5; unsupplied 2/25 = 0.08 → 0.625. 100 × (1.5 + 0.5 + 1.25) / 6 = 54.1666… → D.
  const auto& z2 = find(rows, "Z2", 2025);
  EXPECT_NEAR(*z2.values[0], 20.0, 1e-9);
  EXPECT_NEAR(*z2.values[1], 0.2, 1e-9);
  EXPECT_NEAR(*z2.values[2], 0.08, 1e-9);
  EXPECT_NEAR(*z2.score, 325.0 / 6.0, 1e-9);
  EXPECT_EQ(z2.grade, "D");
  EXPECT_EQ(z2.rank, 1);  // alone in its type

  // Z3 2025: tax 50 → capped at 1; low 0 → a cost at 0 counts as the cap; unsupplied unknown:
  // left out and listed. 100 × (1 + 1) / 2 = 100 → A, rank 1.
  const auto& z3 = find(rows, "Z3", 2025);
  EXPECT_NEAR(*z3.values[0], 50.0, 1e-9);
  EXPECT_FALSE(z3.values[2]);
  EXPECT_EQ(z3.missing, std::vector<std::string>{"unsupplied_share"});
  EXPECT_NEAR(*z3.score, 100.0, 1e-9);
  EXPECT_EQ(z3.grade, "A");
  EXPECT_EQ(z3.rank, 1);

  // Z4: no parcels, every value missing: no score, grade "-", not ranked.
  const auto& z4 = find(rows, "Z4", 2025);
  EXPECT_FALSE(z4.score);
  EXPECT_EQ(z4.grade, "-");
  EXPECT_EQ(z4.rank, 0);
  EXPECT_EQ(z4.missing.size(), 3u);

  // Z1 2026: tax 800/20 = 40 → 1; low 0 → 1; unsupplied 1 → 100 × 4 / 4 = 100, A, tied with Z3:
  // both rank 1. Change 100 − 67.5 = +32.5.
  const auto& z1b = find(rows, "Z1", 2026);
  EXPECT_NEAR(*z1b.score, 100.0, 1e-9);
  EXPECT_EQ(z1b.grade, "A");
  EXPECT_EQ(z1b.rank, 1);
  EXPECT_EQ(find(rows, "Z3", 2026).rank, 1);
  EXPECT_NEAR(*z1b.change_vs_prev, 32.5, 1e-9);

  // Z2 2026: tax 450/25 = 18 → 0.45; low 0 → 1; unsupplied 0.08 → 0.625.
  // 100 × (1.35 + 1 + 1.25) / 6 = 60 → C; change 60 − 54.1666… = 5.8333…
  const auto& z2b = find(rows, "Z2", 2026);
  EXPECT_NEAR(*z2b.values[0], 18.0, 1e-9);
  EXPECT_NEAR(*z2b.score, 60.0, 1e-9);
  EXPECT_EQ(z2b.grade, "C");
  EXPECT_NEAR(*z2b.change_vs_prev, 60.0 - 325.0 / 6.0, 1e-9);
  EXPECT_FALSE(find(rows, "Z4", 2026).change_vs_prev);

  // The CSV table: fixed columns, one per indicator, then score, rank, grade, change, missing.
  const layers::Table t = zone_evaluation_table(rs, rows);
  std::vector<std::string> names;
  for (const auto& c : t.columns()) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "zone_id", "zone_name", "zone_type", "district_code", "year", "tax_per_mu",
                "low_share", "unsupplied_share", "score", "rank", "grade", "change_vs_prev",
                "missing", "tax_per_mu_change", "low_share_change", "unsupplied_share_change"}));
  EXPECT_EQ(t.text_at(2, t.index("missing")), "unsupplied_share");
  EXPECT_TRUE(t.null_at(3, t.index("rank")));
}

// prev_land_status: the land status a year before, so the change during the year is counted.
TEST(ZoneEvaluation, ReuseAndIdleDisposalCountLandWhoseStatusChanged) {
  const Ruleset rs = load_ruleset(write_ruleset(std::string(kIndicators) + R"T(
[[evaluation.indicator]]
id = "reuse_rate"
title = { zh = "盘活率", en = "Reuse rate" }
value = """CASE WHEN count(prev_land_status) > 0 THEN
  coalesce(sum(CASE WHEN prev_land_status IN ('低效', '疑似闲置', '停产') AND land_status = '正常' THEN area_mu END), 0)
  / nullif(sum(CASE WHEN prev_land_status IN ('低效', '疑似闲置', '停产') THEN area_mu END), 0) END"""
direction = "benefit"
benchmark = 0.2
weight = 0

[[evaluation.indicator]]
id = "idle_disposal_rate"
title = { zh = "闲置处置率", en = "Idle disposal rate" }
value = """CASE WHEN count(prev_land_status) > 0 THEN
  coalesce(sum(CASE WHEN prev_land_status = '疑似闲置' AND land_status <> '疑似闲置' THEN area_mu END), 0)
  / nullif(sum(CASE WHEN prev_land_status = '疑似闲置' THEN area_mu END), 0) END"""
direction = "benefit"
benchmark = 0.5
weight = 0
)T"));
  Fixture fx;
  // 2025 has no year before it: no value, listed as missing. 2026: Z1's P2 (10 mu 低效) and
  // Z2's P4 (5 mu 疑似闲置) are 正常 now: both rates 1 where there was such land; Z1 had no idle
  // land (no rate) and Z3 no low-efficiency land (no rate).
  const auto rows =
      evaluate_zones(rs, kZones, {{2025, &fx.f25, &fx.g25}, {2026, &fx.f26, &fx.g26}});
  const auto& z1a = find(rows, "Z1", 2025);
  EXPECT_FALSE(z1a.values[3]);
  EXPECT_NE(std::find(z1a.missing.begin(), z1a.missing.end(), "reuse_rate"), z1a.missing.end());
  EXPECT_DOUBLE_EQ(*find(rows, "Z1", 2026).values[3], 1.0);
  EXPECT_FALSE(find(rows, "Z1", 2026).values[4]);
  EXPECT_DOUBLE_EQ(*find(rows, "Z2", 2026).values[3], 1.0);
  EXPECT_DOUBLE_EQ(*find(rows, "Z2", 2026).values[4], 1.0);
  EXPECT_FALSE(find(rows, "Z3", 2026).values[3]);
  // Per-indicator change: Z1 low share 10/20 = 0.5 -> 0.
  EXPECT_DOUBLE_EQ(*find(rows, "Z1", 2026).value_changes[1], -0.5);
  EXPECT_FALSE(z1a.value_changes[1]);

  // 2026 alone with the 2025 grades as the year before: the same rates.
  EvaluationYear only{2026, &fx.f26, &fx.g26};
  only.previous_grades = &fx.g25;
  const auto alone = evaluate_zones(rs, kZones, {only});
  EXPECT_DOUBLE_EQ(*find(alone, "Z2", 2026).values[4], 1.0);
  // ... and without them, none.
  const auto none = evaluate_zones(rs, kZones, {{2026, &fx.f26, &fx.g26}});
  EXPECT_FALSE(find(none, "Z2", 2026).values[4]);
}

// over = "projects": the quota granted the year before (that year's ranking) and whether the
// projects have started by this year's analysis date.
TEST(ZoneEvaluation, QuotaGrantedLastYearAndUsedSince) {
  const Ruleset rs = load_ruleset(write_ruleset(std::string(kIndicators) + R"T(
[[evaluation.indicator]]
id = "quota_used_share"
title = { zh = "指标使用率", en = "Quota used" }
over = "projects"
value = """coalesce(sum(CASE WHEN allocation = 'funded' AND started_date <= as_of THEN quota_charged_mu END), 0)
  / nullif(sum(CASE WHEN allocation = 'funded' THEN quota_charged_mu END), 0)"""
direction = "benefit"
benchmark = 0.8
weight = 0
)T"));
  Fixture fx;
  // 2025's ranking: PA (Z1, 10 mu) and PB (Z1, 6 mu) funded, PC (Z2) waitlisted, PD (Z2, 4 mu)
  // funded. By 2026-06-30 PA has started (2026-03-01), PB only later (2026-08-01), PD not at all.
  const layers::Table r25 = make_table({{"project_id", kText},
                                        {"zone_id", kText},
                                        {"allocation", kText},
                                        {"quota_charged_mu", kReal}},
                                       {{"PA", "Z1", "funded", 10.0},
                                        {"PB", "Z1", "funded", 6.0},
                                        {"PC", "Z2", "waitlisted", 0.0},
                                        {"PD", "Z2", "funded", 4.0}});
  const layers::Table p26 =
      make_table({{"project_id", kText}, {"started_date", kText}},
                 {{"PA", "2026-03-01"}, {"PB", "2026-08-01"}, {"PC", "2025-01-01"}, {"PD", kNull}});
  EvaluationYear y25{2025, &fx.f25, &fx.g25};
  y25.ranking = &r25;
  y25.as_of = "2025-06-30";
  EvaluationYear y26{2026, &fx.f26, &fx.g26};
  y26.projects = &p26;
  y26.as_of = "2026-06-30";
  const auto rows = evaluate_zones(rs, kZones, {y25, y26});
  // Z1: 10 of 16 mu used = 0.625; Z2: 0 of 4 (PC was not funded); none in the first year.
  EXPECT_DOUBLE_EQ(*find(rows, "Z1", 2026).values[3], 0.625);
  EXPECT_DOUBLE_EQ(*find(rows, "Z2", 2026).values[3], 0.0);
  EXPECT_FALSE(find(rows, "Z3", 2026).values[3]);
  EXPECT_FALSE(find(rows, "Z1", 2025).values[3]);

  // A bad `over` names the file, line and indicator.
  const Error e =
      load_error(std::string(kIndicators) +
                 "\n[[evaluation.indicator]]\nid = \"q\"\ntitle = { zh = \"q\", en = \"q\" }"
                 "\nover = \"zones\"\nvalue = \"count(*)\"\ndirection = \"benefit\"\n"
                 "benchmark = 1\nweight = 1\n");
  EXPECT_NE(std::string(e.what()).find("over = \"zones\" is not one of parcels | projects"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.where().rule, "q");
}

// evidence: the parcels behind a number, as the indicator sees them.
TEST(ZoneEvaluation, EvidenceListsTheParcelsBehindANumber) {
  const Ruleset rs = load_ruleset(write_ruleset(std::string(kIndicators) + R"T(
[[evaluation.indicator]]
id = "low_area"
title = { zh = "低效面积", en = "Low-efficiency area" }
value = "coalesce(sum(CASE WHEN land_status IN ('低效', '疑似闲置', '停产') THEN area_mu END), 0)"
evidence = "land_status IN ('低效', '疑似闲置', '停产')"
direction = "cost"
benchmark = 1
weight = 0
)T"));
  Fixture fx;
  const layers::Table t =
      evaluation_evidence(rs, {{2026, &fx.f26, &fx.g26}, {2025, &fx.f25, &fx.g25}});
  // 2025: Z1's P2 (10 mu 低效, C, LE-FAR) and Z2's P4 (5 mu 疑似闲置, new, LE-IDLE); 2026: none.
  ASSERT_EQ(t.row_count(), 2u);
  std::vector<std::string> names;
  for (const auto& c : t.columns()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"year", "zone_id", "indicator", "parcel_id", "area_mu",
                                             "land_status", "prev_land_status", "grade", "flags"}));
  EXPECT_EQ(t.integer_at(0, 0), 2025);
  EXPECT_EQ(t.text_at(0, 1), "Z1");
  EXPECT_EQ(t.text_at(0, 2), "low_area");
  EXPECT_EQ(t.text_at(0, 3), "P2");
  EXPECT_DOUBLE_EQ(*layers::as_number(t.get(0, 4)), 10.0);
  EXPECT_EQ(t.text_at(0, 5), "低效");
  EXPECT_EQ(t.text_at(0, 7), "C");
  EXPECT_EQ(t.text_at(0, 8), "LE-FAR");
  EXPECT_EQ(t.text_at(1, 1), "Z2");
  EXPECT_EQ(t.text_at(1, 3), "P4");
  EXPECT_EQ(t.text_at(1, 5), "疑似闲置");

  // A bad condition names the file, line and indicator; projects indicators list no parcels.
  Error e = load_error(std::string(kIndicators) + R"T(
[[evaluation.indicator]]
id = "q"
title = { zh = "q", en = "q" }
value = "count(*)"
evidence = "no_such_column > 1"
direction = "benefit"
benchmark = 1
weight = 1
)T");
  EXPECT_NE(std::string(e.what()).find("evidence: "), std::string::npos) << e.what();
  EXPECT_EQ(e.where().rule, "q");
  e = load_error(std::string(kIndicators) + R"T(
[[evaluation.indicator]]
id = "q"
title = { zh = "q", en = "q" }
over = "projects"
value = "count(*)"
evidence = "allocation = 'funded'"
direction = "benefit"
benchmark = 1
weight = 1
)T");
  EXPECT_NE(std::string(e.what()).find("only for parcel indicators"), std::string::npos)
      << e.what();
}

// The bundled target-industry share: land of 4-digit codes the [[industry]] catalogue puts in a
// target chain over land with a 4-digit code; 2-digit codes are left out.
TEST(ZoneEvaluation, BundledTargetIndustryShareCountsFourDigitCodesOnly) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  std::size_t idx = 0;
  while (rs.evaluation.indicators[idx].id != "target_industry_share") ++idx;
  auto table = [](const std::vector<std::vector<Cell>>& rows) {
    return make_table({{"parcel_id", kText},
                       {"zone_id", kText},
                       {"industry", kText},
                       {"area_m2", kReal},
                       {"area_mu", kReal}},
                      rows);
  };
  // Z1: 3940 雷达 (空天信息, 10 mu) + 3911 计算机整机 (not a target, 30 mu) + "36" (2-digit,
  // 50 mu, left out): 10 / 40 = 0.25. Z2: only a 2-digit code: no value.
  const layers::Table facts = table({{"A", "Z1", "3940", 6666.67, 10.0},
                                     {"B", "Z1", "3911", 20000.0, 30.0},
                                     {"C", "Z1", "36", 33333.3, 50.0},
                                     {"D", "Z2", "39", 6666.67, 10.0}});
  const auto rows =
      evaluate_zones(rs, {{"Z1", "甲", "临港"}, {"Z2", "乙", "综合"}}, {{2026, &facts, nullptr}});
  EXPECT_DOUBLE_EQ(*find(rows, "Z1", 2026).values[idx], 0.25);
  EXPECT_FALSE(find(rows, "Z2", 2026).values[idx]);
  const layers::Table ev = evaluation_evidence(rs, {{2026, &facts, nullptr}});
  std::vector<std::string> target_parcels;
  for (std::size_t r = 0; r < ev.row_count(); ++r)
    if (ev.text_at(r, 2) == "target_industry_share") target_parcels.emplace_back(ev.text_at(r, 3));
  EXPECT_EQ(target_parcels, std::vector<std::string>{"A"});
}

TEST(ZoneEvaluation, WeightOfAnUnlistedTypeFallsBackToStarOrZero) {
  const Ruleset rs = load_ruleset(write_ruleset(kIndicators));
  const auto& tax = rs.evaluation.indicators[0];
  EXPECT_EQ(tax.weight_for("临港"), 1.0);
  EXPECT_EQ(tax.weight_for("临空"), 3.0);                          // "*"
  EXPECT_EQ(rs.evaluation.indicators[1].weight_for("临港"), 1.0);  // a plain number: every type
  ASSERT_EQ(rs.unverified.size(), 1u);
  EXPECT_EQ(rs.unverified[0].where, "evaluation unsupplied_share");
}

TEST(ZoneEvaluation, WithoutGradesTheGradeColumnsAreNull) {
  const Ruleset rs = load_ruleset(write_ruleset(kIndicators));
  Fixture fx;
  // Z1 given twice (a zone of two polygons): one row.
  const auto rows = evaluate_zones(rs, {kZones[0], kZones[0]}, {{2025, &fx.f25, nullptr}});
  // No grades: tax (graded land only) has no value; low share is 0 (coalesce), unsupplied 0.05.
  // 100 × (1 × 1 + 2 × 1) / 3 = 100.
  ASSERT_EQ(rows.size(), 3u);  // Z1 given, Z2 and Z3 found in the facts
  EXPECT_EQ(rows[0].missing, std::vector<std::string>{"tax_per_mu"});
  EXPECT_NEAR(*rows[0].score, 100.0, 1e-9);
  EXPECT_EQ(rows[1].zone_id, "Z2");
  EXPECT_EQ(rows[1].zone_type, "");  // the facts carry no zone_type: "*" weights
}

TEST(ZoneEvaluation, GroupedEvaluatorRefusesRandomAtRunTime) {
  Fixture fx;
  const FactsDb db(fx.f25, Subject::Parcel);
  const layers::Table ok = evaluate_grouped(db, {"sum(area_mu)", "count(*)"}, "zone_id");
  ASSERT_EQ(ok.row_count(), 3u);
  EXPECT_EQ(ok.text_at(1, 0), "Z2");
  EXPECT_NEAR(ok.real_at(1, 1), 25.0, 1e-9);
  EXPECT_NEAR(ok.real_at(1, 2), 2.0, 1e-9);
  try {
    evaluate_grouped(db, {"sum(area_mu) + random()"}, "zone_id");
    FAIL() << "random() was evaluated";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("function random() is not allowed"), std::string::npos)
        << e.what();
  }
}

TEST(ZoneEvaluation, BadEvaluationIsRefusedWithFileAndLine) {
  // Line numbers count the 4-line [ruleset] header; the indicator's keys start at line 9.
  Error e = load_error(one_indicator("sum(area_mu)", "up", "1"));
  EXPECT_NE(std::string(e.what()).find("direction = \"up\" is not one of benefit | cost"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.where().line, 12);
  EXPECT_EQ(e.where().rule, "X");

  e = load_error(one_indicator("sum(area_mu)", "benefit", "{ \"临港\" = \"x\" }"));
  EXPECT_NE(std::string(e.what()).find("weight for '临港' must be a number >= 0"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.where().line, 14);

  e = load_error(one_indicator("area_mu * 2", "benefit", "1"));
  EXPECT_NE(std::string(e.what()).find("must be one aggregate"), std::string::npos) << e.what();
  EXPECT_EQ(e.where().line, 11);

  e = load_error(one_indicator("sum(area_mu)); DELETE FROM facts; --", "benefit", "1"));
  EXPECT_NE(std::string(e.what()).find("value: "), std::string::npos) << e.what();
  EXPECT_EQ(e.where().line, 11);

  e = load_error(one_indicator("sum(area_mu) + random()", "benefit", "1"));
  EXPECT_NE(std::string(e.what()).find("refused: function random() is not allowed"),
            std::string::npos)
      << e.what();

  // [evaluation.consequence]: a share of -100 % would make a cap zero or negative.
  const std::string k(kIndicators);
  const int consequence_line = 1 + static_cast<int>(std::count(k.begin(), k.end(), '\n')) + 4 + 1;
  e = load_error(k + "\n[evaluation.consequence]\nquota_change = { A = 0.2, D = -1 }\n");
  EXPECT_NE(std::string(e.what()).find("quota_change.D must be a share > -1"), std::string::npos)
      << e.what();
  EXPECT_EQ(e.where().line, consequence_line + 1);
  e = load_error(k + "\n[evaluation.consequence]\nquota_change = { E = 0.1 }\n");
  EXPECT_NE(std::string(e.what()).find("unknown key 'E'"), std::string::npos) << e.what();
  e = load_error(k + "\n[evaluation.consequence]\nbase_cap_mu = -5\nquota_change = { A = 0 }\n");
  EXPECT_NE(std::string(e.what()).find("base_cap_mu must be a number >= 0"), std::string::npos)
      << e.what();

  e = load_error(std::string(kIndicators) + "\n[evaluation.extra]\n");
  EXPECT_NE(std::string(e.what()).find("unknown key 'extra' in [evaluation]"), std::string::npos)
      << e.what();
}

TEST(ZoneEvaluation, RulesetWithoutEvaluationStillLoads) {
  const Ruleset rs = load_ruleset(write_ruleset("\n"));
  EXPECT_FALSE(rs.has_evaluation);
  EXPECT_THROW(evaluate_zones(rs, {}, {}), Error);
}

TEST(ZoneEvaluation, BundledRulesetsCarryTheSameIndicators) {
  for (const char* name : {"chongqing-hub", "chongqing-hub-strict"}) {
    const Ruleset rs = load_ruleset(bundled_ruleset(name));
    ASSERT_TRUE(rs.has_evaluation) << name;
    std::vector<std::string> ids;
    for (const auto& i : rs.evaluation.indicators) {
      ids.push_back(i.id);
      EXPECT_FALSE(i.verified) << i.id;  // no Chongqing weights were found
      EXPECT_FALSE(i.note.empty()) << i.id;
    }
    EXPECT_EQ(ids, (std::vector<std::string>{
                       "tax_per_mu", "value_added_per_mu", "low_efficiency_share", "idle_share",
                       "unsupplied_share", "reuse_rate", "land_reused_mu", "idle_disposal_rate",
                       "hub_access_min", "target_industry_share", "quota_used_share",
                       "quota_granted_mu", "funded_started_share"}))
        << name;
    // The grades' consequence for next year's quota: design values, listed as unverified.
    const auto& c = rs.evaluation.consequence;
    ASSERT_TRUE(c.present) << name;
    EXPECT_FALSE(c.verified);
    EXPECT_DOUBLE_EQ(c.change_for("A"), 0.2);
    EXPECT_DOUBLE_EQ(c.change_for("D"), -0.2);
    EXPECT_TRUE(rs.ranking.caps_from_evaluation) << name;
  }
}

TEST(ZoneEvaluation, SelfEvaluationThatOverstatesIsFlagged) {
  const Ruleset rs = load_ruleset(write_ruleset(kIndicators));
  EXPECT_EQ(rs.evaluation.self_tolerance, 0.05);  // the default
  Fixture fx;
  const auto rows =
      evaluate_zones(rs, kZones, {{2025, &fx.f25, &fx.g25}, {2026, &fx.f26, &fx.g26}});
  const std::string path = temp_dir() + "/self.csv";
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBFzone_id,indicator,value,note\r\n"
                                        << "Z1,tax_per_mu,48,\"含待入库税收, 一笔\"\r\n"
                                        << "Z2,low_share,0,\r\n"
                                        << "Z3,unsupplied_share,0.01,\r\n"
                                        << "Z1,low_share,0.001,\r\n";
  const auto reports = read_self_evaluation(path, rs);
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].note, "含待入库税收, 一笔");
  EXPECT_EQ(reports[2].line, 4);
  const layers::Table t = self_evaluation_table(rs, rows, 2026, reports);
  ASSERT_EQ(t.row_count(), 4u);
  const auto flagged = t.index("flagged"), reason = t.index("reason");
  // Z1 tax: computed 800 / 20 = 40, reported 48: +8, 20 % > 5 %.
  EXPECT_NEAR(t.real_at(0, t.index("computed_value")), 40.0, 1e-9);
  EXPECT_NEAR(t.real_at(0, t.index("difference")), 8.0, 1e-9);
  EXPECT_NEAR(t.real_at(0, t.index("relative_difference")), 0.2, 1e-9);
  EXPECT_EQ(t.integer_at(0, flagged), 1);
  EXPECT_EQ(t.text_at(0, reason), "自评高于计算值 / self-reported above computed (20 % > 5 %)");
  // Z2 low share: computed 0, reported 0.
  EXPECT_EQ(t.integer_at(1, flagged), 0);
  EXPECT_EQ(t.text_at(1, reason), "");
  // Z3 unsupplied: no computed value (no supply data) — flagged, not compared.
  EXPECT_EQ(t.integer_at(2, flagged), 1);
  EXPECT_EQ(t.text_at(2, reason), "无计算值 / no computed value");
  EXPECT_TRUE(t.null_at(2, t.index("computed_value")));
  // Z1 low share: computed 0, reported 0.001: an absolute 0.001 ≤ 0.05.
  EXPECT_EQ(t.integer_at(3, flagged), 0);
}

TEST(ZoneEvaluation, BadSelfEvaluationNamesFileLineZoneAndField) {
  const Ruleset rs = load_ruleset(write_ruleset(kIndicators));
  const std::string path = temp_dir() + "/self.csv";
  std::ofstream(path) << "zone_id,indicator,value\nZ1,tax_per_mu,48\nZ2,low_share,abc\n";
  try {
    read_self_evaluation(path, rs);
    FAIL() << "a value 'abc' was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().feature, "Z2");
    EXPECT_EQ(e.where().field, "value");
    EXPECT_NE(std::string(e.what()).find("value 'abc' is not a number"), std::string::npos);
  }
  std::ofstream(path) << "zone_id,indicator,value\nZ1,tax,48\n";
  try {
    read_self_evaluation(path, rs);
    FAIL() << "an unknown indicator was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().field, "indicator");
    EXPECT_EQ(e.where().line, 2);
  }
}

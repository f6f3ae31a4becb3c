// The bundled rulesets (rulesets/chongqing-hub, rulesets/chongqing-hub-strict): they load, they
// surface their unverified values, and their rules give the hand-worked outcome at, just below
// and just above each threshold (numbers from docs/domain-sources.md).
#include <gtest/gtest.h>

#include "hubland/rules/screening.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

const Rule& rule(const std::vector<Rule>& rules, const std::string& id) {
  for (const auto& r : rules)
    if (r.id == id) return r;
  throw std::runtime_error("no rule " + id);
}

std::vector<Outcome> outcomes(const std::vector<Finding>& f) {
  std::vector<Outcome> out;
  for (const auto& x : f) out.push_back(x.outcome);
  return out;
}

layers::Table industrial(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"industry", kText},
                     {"plot_ratio", kReal},
                     {"tax_per_mu", kReal},
                     {"area_mu", kReal},
                     {"far_min", kReal}},
                    rows);
}

}  // namespace

TEST(Bundled, BothRulesetsLoadAndListUnverifiedValues) {
  const Ruleset base = load_ruleset(bundled_ruleset("chongqing-hub"));
  const Ruleset strict = load_ruleset(bundled_ruleset("chongqing-hub-strict"));
  EXPECT_EQ(base.id, "cq-hub-2026");
  EXPECT_EQ(strict.id, "cq-hub-strict-2026");
  EXPECT_TRUE(base.has_screening);
  EXPECT_EQ(base.screen.size(), 9u);
  EXPECT_TRUE(base.has_land_status);
  EXPECT_TRUE(strict.has_land_status);
  EXPECT_FALSE(base.conversion.empty());
  EXPECT_FALSE(base.eligibility.empty());
  bool mapping = false;
  for (const auto& u : base.unverified) mapping |= u.where == "lookup far_min_by_industry";
  EXPECT_TRUE(mapping);
  EXPECT_EQ(rule(base.screen, "LE-FAR").verified, false);
  // 30 % is [V], but on existing land it is applied times a 低效 share that is not a Chongqing
  // figure (docs/domain-sources.md DS-14.7).
  EXPECT_EQ(rule(base.screen, "LE-COVERAGE").verified, false);
}

TEST(Bundled, FarMinimumByIndustryAndM0) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  // 36 汽车 (2002: 37 交通运输设备) 0.7; 39 电子 (2002: 40) 1.0; M0 3.0.
  const FactsDb db(industrial({{"36-at", "100101", "36", 0.7, 10.0, 10.0, kNull},
                               {"36-below", "100101", "36", 0.6999, 10.0, 10.0, kNull},
                               {"36-above", "100101", "36", 0.7001, 10.0, 10.0, kNull},
                               {"39-below", "100102", "39", 0.99, 10.0, 10.0, kNull},
                               {"39-at", "100102", "39", 1.0, 10.0, 10.0, kNull},
                               {"m0-below", "100100", "65", 2.99, 10.0, 10.0, kNull},
                               {"m0-at", "100100", "65", 3.0, 10.0, 10.0, kNull},
                               {"logistics", "1101", "59", 0.1, 10.0, 10.0, kNull}}),
                   Subject::Parcel, &rs);
  const auto f = evaluate(db, {rule(rs.screen, "LE-FAR")}, Keep::All);
  EXPECT_EQ(outcomes(f), (std::vector<Outcome>{Outcome::Pass, Outcome::Flag, Outcome::Pass,
                                               Outcome::Flag, Outcome::Pass, Outcome::Flag,
                                               Outcome::Pass, Outcome::NotApplicable}));
  EXPECT_EQ(f[1].reason_zh,
            "容积率 0.6999（按申报容积率，毛建筑面积、未计容）低于存量用地认定线 0.7（控制下限 0.7 "
            "× 1，2008年版控制指标表，2023年修订版表待核；行业 36，用地 100101）");
  EXPECT_EQ(f[1].reason_en,
            "plot ratio 0.6999 (on the declared plot ratio, gross floor area, not 计容) is below "
            "the existing-land line 0.7 (control minimum 0.7 × 1, 2008 table, pending the 2023 "
            "table; industry 36, land use 100101)");
  EXPECT_EQ(f[5].threshold, "3");
}

TEST(Bundled, TaxBelowHalfTheStandard) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  // Standard 8 万元/亩 (隆昌 标准地): the flag is below 4; land completed 5 years before.
  layers::Table t = industrial({{"at", "100101", "36", 1.0, 4.0, 10.0, kNull},
                                {"below", "100101", "36", 1.0, 3.99, 10.0, kNull},
                                {"above", "100101", "36", 1.0, 4.01, 10.0, kNull}});
  const auto years = t.add_column("completed_years", kReal);
  const auto basis = t.add_column("completed_basis", kText);
  for (std::size_t r = 0; r < 3; ++r) {
    t.set(r, years, 5.0);
    t.set(r, basis, std::string("completed_date"));
  }
  const FactsDb db(t, Subject::Parcel, &rs);
  const auto f = evaluate(db, {rule(rs.screen, "LE-TAX")}, Keep::All);
  EXPECT_EQ(outcomes(f), (std::vector<Outcome>{Outcome::Pass, Outcome::Flag, Outcome::Pass}));
  EXPECT_EQ(f[1].reason_en,
            "completed 5 years ago (counted from completed_date); tax 3.99 (10k yuan/mu) is below "
            "50 % of the standard (4)");
  EXPECT_EQ(f[1].clause,
            "低效工业用地认定：竣工满两年，亩均税收低于标准的50%（地方认定标准）（阈值未核实 / "
            "threshold unverified）");
}

// 《闲置土地处置办法》 (docs/rulesets.md "Idle land"): the idle findings say 疑似闲置 and what
// 第十四条 *would* do, on its conditions; land status and disposal follow from the flags.
namespace {

layers::Table idle_parcels(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"industry", kText},
                     {"plot_ratio", kReal},
                     {"area_mu", kReal},
                     {"idle_years", kReal},
                     {"idle_cause", kText},
                     {"started_date", kText},
                     {"developed_share", kReal},
                     {"invested_share", kReal},
                     {"stopped_years", kReal}},
                    rows);
}

const Finding& finding(const std::vector<Finding>& f, const std::string& subject,
                       const std::string& rule) {
  for (const auto& x : f)
    if (x.subject_id == subject && x.rule_id == rule) return x;
  throw std::runtime_error("no finding " + subject + " " + rule);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Bundled, IdleLandIsSuspectedWithConditionedConsequences) {
  for (const char* name : {"chongqing-hub", "chongqing-hub-strict"}) {
    SCOPED_TRACE(name);
    const Ruleset rs = load_ruleset(bundled_ruleset(name));
    // 1.2512 = 2024-03-01 → 2025-06-01 (457 days / 365.25; computed in tests/layers/test_facts).
    const double idle = 457.0 / 365.25;
    const FactsDb db(
        idle_parcels({
            {"fee", "100101", "36", 0.8, 10.0, idle, kNull, kNull, kNull, kNull, kNull},
            {"gov", "100101", "36", 0.8, 20.0, idle, "government", kNull, kNull, kNull, kNull},
            // started, 20 % invested, stopped 14 months: 第二条 second case, not 停产.
            {"partial", "100101", "36", 0.8, 30.0, 0.0, "enterprise", "2023-01-01", kNull, 0.20,
             14.0 / 12.0},
            {"recover", "100101", "36", 0.8, 40.0, 2.5, "enterprise", kNull, kNull, kNull, kNull},
            {"low-far", "100101", "36", 0.3, 50.0, 0.0, kNull, "2020-01-01", 1.0, 1.0, 0.0},
            {"normal", "100101", "36", 0.8, 60.0, 0.0, kNull, "2020-01-01", 1.0, 1.0, 0.0},
        }),
        Subject::Parcel, &rs);
    const ScreeningResult res = screen(db, rs);
    const auto status = [&](std::size_t i) {
      return std::make_pair(res.grades[i].land_status, res.grades[i].disposal);
    };
    using P = std::pair<std::string, std::string>;
    EXPECT_EQ(status(0), (P{"疑似闲置", "调查认定后征缴闲置费"}));
    EXPECT_EQ(status(1), (P{"疑似闲置", "协商处置（政府原因）"}));
    EXPECT_EQ(status(2), (P{"疑似闲置", "调查认定后征缴闲置费"}));
    EXPECT_EQ(status(3), (P{"疑似闲置", "调查认定后收回"}));
    EXPECT_EQ(status(4), (P{"低效", "提容增效"}));
    EXPECT_EQ(status(5), (P{"正常", "—"}));

    EXPECT_EQ(res.grades[0].flags, (std::vector<std::string>{"LE-IDLE"}));
    const Finding& fee = finding(res.findings, "fee", "LE-IDLE");
    EXPECT_EQ(fee.actual, "1.2512");
    EXPECT_EQ(fee.reason_zh.rfind("疑似闲置，需按程序调查认定", 0), 0u) << fee.reason_zh;
    EXPECT_TRUE(
        has(fee.reason_zh,
            "非第八条规定的政府原因的，依第十四条第（一）项将按出让或划拨价款的20%征缴土地闲置费"));
    EXPECT_TRUE(has(fee.reason_zh, "闲置原因未登记，须先查明")) << fee.reason_zh;
    EXPECT_TRUE(has(fee.reason_en, "suspected idle; needs the statutory investigation"));
    EXPECT_TRUE(has(fee.reason_en, "Art. 14(1) would levy"));

    // Government-caused (第八条): negotiated disposal, no fee or recovery wording.
    EXPECT_EQ(res.grades[1].flags, (std::vector<std::string>{"LE-IDLE-GOV"}));
    const Finding& gov = finding(res.findings, "gov", "LE-IDLE-GOV");
    EXPECT_EQ(gov.reason_zh.rfind("疑似闲置，需按程序调查认定", 0), 0u);
    EXPECT_TRUE(has(gov.reason_zh, "第十二条、第十三条协商处置"));
    EXPECT_FALSE(has(gov.reason_zh, "闲置费"));
    EXPECT_FALSE(has(gov.reason_zh, "收回"));
    EXPECT_FALSE(has(gov.reason_en, "fee"));
    EXPECT_FALSE(has(gov.reason_en, "recover"));

    // Second case of 第二条 outranks the 停产 flag the same stoppage raises.
    EXPECT_EQ(res.grades[2].flags, (std::vector<std::string>{"LE-IDLE-STOPPED", "LE-STOPPED"}));
    const Finding& partial = finding(res.findings, "partial", "LE-IDLE-STOPPED");
    EXPECT_TRUE(has(partial.reason_zh, "投资占比 0.2 不足25%")) << partial.reason_zh;
    EXPECT_TRUE(has(partial.reason_zh, "也可以认定为闲置土地"));
    EXPECT_TRUE(has(partial.reason_zh, "闲置原因登记为使用权人原因"));

    // Two years, enterprise-caused: recovery is what would follow, not what is decided.
    EXPECT_EQ(res.grades[3].flags, (std::vector<std::string>{"LE-IDLE-RECOVER"}));
    const Finding& rec = finding(res.findings, "recover", "LE-IDLE-RECOVER");
    EXPECT_EQ(rec.reason_zh.rfind("疑似闲置，需按程序调查认定", 0), 0u);
    EXPECT_TRUE(has(rec.reason_zh, "依第十四条第（二）项将报经有批准权的人民政府批准后无偿收回"));
    EXPECT_FALSE(has(rec.reason_zh, "可无偿收回"));
    EXPECT_TRUE(has(rec.reason_en, "would allow recovering"));

    EXPECT_EQ(res.status_tally.at("疑似闲置").parcels, 4u);
    EXPECT_DOUBLE_EQ(res.status_tally.at("疑似闲置").mu, 100.0);
    EXPECT_EQ(res.status_tally.at("停产").parcels, 0u);
    EXPECT_EQ(res.disposal_tally.at("调查认定后征缴闲置费").parcels, 2u);
    EXPECT_DOUBLE_EQ(res.disposal_tally.at("调查认定后征缴闲置费").mu, 40.0);
    const layers::Table g = grades_table(res);
    EXPECT_EQ(g.column(4).name, "land_status");
    EXPECT_EQ(g.column(5).name, "disposal");
    EXPECT_EQ(g.text_at(1, 5), "协商处置（政府原因）");
  }
}

TEST(Bundled, IdleRulesSayTheDataIsMissingRatherThanGuess) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  // Stopped a year, shares unknown: the second case cannot be told, so the rule says so (n/a).
  const FactsDb db(
      idle_parcels({{"p", "100101", "36", 0.8, 10.0, kNull, kNull, kNull, kNull, kNull, 1.5}}),
      Subject::Parcel, &rs);
  const auto f =
      evaluate(db, {rule(rs.screen, "LE-IDLE-STOPPED"), rule(rs.screen, "LE-IDLE")}, Keep::All);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].outcome, Outcome::NotApplicable);
  EXPECT_TRUE(has(f[0].reason_zh, "数据缺失")) << f[0].reason_zh;
  EXPECT_EQ(f[1].outcome, Outcome::NotApplicable);
  EXPECT_TRUE(has(f[1].reason_zh, "数据缺失")) << f[1].reason_zh;
  const ScreeningResult res = screen(db, rs);
  EXPECT_EQ(res.grades[0].land_status, "停产");  // only the stoppage is established
}

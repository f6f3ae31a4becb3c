// The bundled rulesets (rulesets/chongqing-hub, rulesets/chongqing-hub-strict): they load, they
// surface their unverified values, and their rules give the hand-worked outcome at, just below
// and just above each threshold (numbers from docs/domain-sources.md).
#include <gtest/gtest.h>

#include "hubland/rules/conversion.hpp"
#include "hubland/rules/diff.hpp"
#include "hubland/rules/screening.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

std::string bundled(const std::string& name) {
  return std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/" + name + "/ruleset.toml";
}

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
  const Ruleset base = load_ruleset(bundled("chongqing-hub"));
  const Ruleset strict = load_ruleset(bundled("chongqing-hub-strict"));
  EXPECT_EQ(base.id, "cq-hub-2026");
  EXPECT_EQ(strict.id, "cq-hub-strict-2026");
  EXPECT_TRUE(base.has_screening);
  EXPECT_EQ(base.screen.size(), 7u);
  EXPECT_FALSE(base.conversion.empty());
  EXPECT_FALSE(base.eligibility.empty());
  bool mapping = false;
  for (const auto& u : base.unverified) mapping |= u.where == "lookup far_min_by_industry";
  EXPECT_TRUE(mapping);
  EXPECT_EQ(rule(base.screen, "LE-FAR").verified, false);
  EXPECT_EQ(rule(base.screen, "LE-COVERAGE").verified, true);  // 30 % is [V]
}

TEST(Bundled, FarMinimumByIndustryAndM0) {
  const Ruleset rs = load_ruleset(bundled("chongqing-hub"));
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
  EXPECT_EQ(f[1].reason_zh, "容积率 0.6999 低于控制下限 0.7（行业 36，用地 100101）");
  EXPECT_EQ(f[1].reason_en,
            "plot ratio 0.6999 is below the control minimum 0.7 (industry 36, land use 100101)");
  EXPECT_EQ(f[5].threshold, "3");
}

TEST(Bundled, TaxBelowHalfTheStandard) {
  const Ruleset rs = load_ruleset(bundled("chongqing-hub"));
  // Standard 8 万元/亩 (隆昌 标准地): the flag is below 4.
  const FactsDb db(industrial({{"at", "100101", "36", 1.0, 4.0, 10.0, kNull},
                               {"below", "100101", "36", 1.0, 3.99, 10.0, kNull},
                               {"above", "100101", "36", 1.0, 4.01, 10.0, kNull}}),
                   Subject::Parcel, &rs);
  const auto f = evaluate(db, {rule(rs.screen, "LE-TAX")}, Keep::All);
  EXPECT_EQ(outcomes(f), (std::vector<Outcome>{Outcome::Pass, Outcome::Flag, Outcome::Pass}));
  EXPECT_EQ(f[1].reason_en, "tax 3.99 (10k yuan/mu) is below 50 % of the standard (4)");
  EXPECT_EQ(f[1].clause,
            "低效工业用地认定：亩均税收低于标准的50%（地方认定标准）（阈值未核实 / threshold "
            "unverified）");
}

namespace {

layers::Table zone_facts() {
  // P-IN: inside the hub zone and the UDB, planned 1101;1001;0802, FAR 1.0–3.0.
  return make_table(
      {{"parcel_id", kText},
       {"land_use", kText},
       {"area_m2", kReal},
       {"zone_id", kText},
       {"hub_zone", kInt},
       {"udb_share", kReal},
       {"redline_m2", kReal},
       {"farmland_m2", kReal},
       {"planned_use", kText},
       {"far_min", kReal},
       {"far_max", kReal}},
      {{"P-IN", "100102", 8000.0, "Z1", std::int64_t{1}, 1.0, 0.0, 0.0, "1101;1001;0802", 1.0, 3.0},
       {"P-RED", "100102", 8000.0, "Z1", std::int64_t{1}, 1.0, 1.5, 0.0, "1101;1001;0802", 1.0,
        3.0},
       {"P-EDGE", "100102", 8000.0, "Z1", std::int64_t{1}, 0.995, 1.0, 0.0, "1101;1001;0802", 1.0,
        3.0}});
}

layers::Table requests(const std::vector<std::vector<Cell>>& rows) {
  return make_table({{"request_id", kText},
                     {"parcel_id", kText},
                     {"from_use", kText},
                     {"to_use", kText},
                     {"industrial_share", kReal},
                     {"logistics_share", kReal},
                     {"rd_share", kReal},
                     {"support_share", kReal},
                     {"office_land_share", kReal},
                     {"proposed_far", kReal}},
                    rows);
}

}  // namespace

TEST(Bundled, ConversionVerdicts) {
  const Ruleset rs = load_ruleset(bundled("chongqing-hub"));
  const FactsDb db(
      request_facts(
          requests({
              {"logistics-ok", "P-IN", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.05, 2.0},
              {"far-at-max", "P-IN", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.05, 3.0},
              {"far-above-max", "P-IN", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.05, 3.01},
              {"residential", "P-IN", "100102", "0701", 0.0, 0.0, 0.0, 1.0, 0.0, 2.0},
              {"m0", "P-IN", "100102", "100100", 0.5, 0.0, 0.3, 0.2, 0.05, 2.5},
              {"office-above", "P-IN", "100102", "100101", 0.8, 0.0, 0.0, 0.2, 0.0701, 2.0},
              {"primary-below", "P-IN", "100102", "0802", 0.3, 0.0, 0.49, 0.21, 0.0, 2.0},
              {"redline-1.5", "P-RED", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.0, 2.0},
              {"edge-ok", "P-EDGE", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.0, 2.0},
              {"no-parcel", "P-404", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.0, 2.0},
          }),
          zone_facts()),
      Subject::Request, &rs);
  const ConversionResult res = check_conversions(db, rs);
  auto verdict = [&](std::size_t i) { return std::string(to_string(res.verdicts[i].verdict)); };
  EXPECT_EQ(verdict(0), "approve");
  EXPECT_EQ(verdict(1), "approve");
  EXPECT_EQ(verdict(2), "reject");
  EXPECT_EQ(res.verdicts[2].failed_rules, std::vector<std::string>{"CV-FAR-RANGE"});
  EXPECT_EQ(verdict(3), "reject");
  EXPECT_EQ(res.verdicts[3].failed_rules,
            (std::vector<std::string>{"CV-TO-USE", "CV-PLANNED-USE"}));
  EXPECT_EQ(verdict(4), "conditional");
  EXPECT_EQ(res.verdicts[4].condition_rules, std::vector<std::string>{"CV-M0-NOSPLIT"});
  EXPECT_EQ(verdict(5), "conditional");
  EXPECT_EQ(res.verdicts[5].condition_rules, std::vector<std::string>{"CV-OFFICE-LAND"});
  EXPECT_EQ(verdict(6), "reject");
  EXPECT_EQ(res.verdicts[6].failed_rules, std::vector<std::string>{"CV-PRIMARY"});
  EXPECT_EQ(verdict(7), "reject");
  EXPECT_EQ(res.verdicts[7].failed_rules, std::vector<std::string>{"CV-REDLINE"});
  EXPECT_EQ(verdict(8), "approve");  // 0.995 ≥ 0.99 and 1.0 m² red line within tolerance
  EXPECT_EQ(verdict(9), "reject");
  EXPECT_EQ(res.verdicts[9].failed_rules.front(), "CV-PARCEL");
  EXPECT_EQ(res.findings.size(), 10u * rs.conversion.size());
}

TEST(Bundled, StrictVariantChangesOutcomesWithReasons) {
  const Ruleset base = load_ruleset(bundled("chongqing-hub"));
  const Ruleset strict = load_ruleset(bundled("chongqing-hub-strict"));
  const layers::Table req = request_facts(
      requests({{"office-above", "P-IN", "100102", "100101", 0.8, 0.0, 0.0, 0.2, 0.08, 2.0},
                {"edge", "P-EDGE", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.0, 2.0},
                {"same", "P-IN", "100102", "1101", 0.0, 0.9, 0.0, 0.1, 0.0, 2.0}}),
      zone_facts());
  const FactsDb da(req, Subject::Request, &base), db(req, Subject::Request, &strict);
  const DiffResult d =
      diff_results({}, {}, check_conversions(da, base), check_conversions(db, strict));
  EXPECT_EQ(d.requests_compared, 3u);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].subject_id, "office-above");
  EXPECT_EQ(d.rows[0].outcome_a, "conditional");
  EXPECT_EQ(d.rows[0].outcome_b, "reject");
  EXPECT_EQ(d.rows[0].changed_rules, "CV-OFFICE-LAND: condition→fail; CV-SUPPORT-FLOOR: none→fail");
  EXPECT_EQ(d.rows[1].subject_id, "edge");
  EXPECT_EQ(d.rows[1].changed_rules, "CV-UDB: pass→fail");
  EXPECT_EQ(d.rows[1].why_en,
            "CV-UDB (B): share inside the urban development boundary 0.995 is below 0.9999");
  EXPECT_EQ(d.verdict_changes, 2u);
}

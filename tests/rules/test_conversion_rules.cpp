// The bundled [[conversion]] rules against hand-made parcel facts: verdicts, the rules behind
// them and their wording, at and around each threshold (docs/rulesets.md "Conversion checks").
#include <gtest/gtest.h>

#include "hubland/rules/conversion.hpp"
#include "hubland/rules/diff.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

using Ids = std::vector<std::string>;

layers::Table parcel_facts() {
  // P-IN: 100102 in zone Z1 (planned 1101;1001;0802, FAR 1.0–3.0), inside the hub zone, the
  // UDB and a park, in 渝北区 (a 中心城区 district). The others differ in one thing each.
  const std::vector<std::pair<std::string, layers::FieldType>> cols = {
      {"parcel_id", kText},   {"land_use", kText},      {"land_use_scheme", kText},
      {"industry", kText},    {"area_m2", kReal},       {"area_mu", kReal},
      {"zone_id", kText},     {"hub_zone", kInt},       {"hub_zone_share", kReal},
      {"udb_share", kReal},   {"redline_m2", kReal},    {"farmland_m2", kReal},
      {"planned_use", kText}, {"forbidden_use", kText}, {"far_min", kReal},
      {"far_max", kReal},     {"district_code", kText}, {"district_name", kText},
      {"park_share", kReal}};
  auto row = [](const char* id, const char* use, Cell scheme, Cell district, Cell district_name,
                Cell park_share) -> std::vector<Cell> {
    return {std::string(id),
            std::string(use),
            scheme,
            std::string("36"),
            8000.0,
            12.0,
            std::string("Z1"),
            std::int64_t{1},
            1.0,
            1.0,
            0.0,
            0.0,
            std::string("1101;1001;0802"),
            kNull,
            1.0,
            3.0,
            district,
            district_name,
            park_share};
  };
  const Cell yubei = std::string("500112"), yubei_name = std::string("渝北区");
  std::vector<std::vector<Cell>> rows = {
      row("P-IN", "100102", kNull, yubei, yubei_name, 1.0),
      row("P-RED", "100102", kNull, yubei, yubei_name, 1.0),
      row("P-EDGE", "100102", kNull, yubei, yubei_name, 1.0),
      row("P-HUB10", "100102", kNull, yubei, yubei_name, 1.0),
      row("P-WZ", "100102", kNull, std::string("500101"), std::string("万州区"), 1.0),
      row("P-NOPARK", "100102", kNull, yubei, yubei_name, 0.5),
      row("P-NODIST", "100102", kNull, kNull, kNull, kNull),
      row("P-PORT", "100102", kNull, yubei, yubei_name, 1.0),
      row("P-GB", "0601", std::string("gbt21010"), yubei, yubei_name, 1.0),
      row("P-SD", "08H2", std::string("sandiao"), yubei, yubei_name, 1.0)};
  rows[1][10] = 1.5;   // red line 1.5 m²
  rows[2][9] = 0.995;  // 0.5 % outside the UDB
  rows[2][10] = 1.0;   // red line at the 1 m² tolerance
  rows[3][8] = 0.10;   // its zone is a hub zone, but only 10 % of it lies in the hub zones
  rows[7][12] = std::string("1101;1001;1102");
  rows[7][13] = std::string("100100");  // a port zone that forbids M0
  return make_table(cols, rows);
}

// request_id, parcel_id, from_use, to_use, shares (industrial, logistics, R&D, support),
// office_land_share, proposed_far, use_scheme.
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
                     {"proposed_far", kReal},
                     {"use_scheme", kText}},
                    rows);
}

std::vector<Cell> req(const char* id, const char* parcel, const char* from, const char* to,
                      double ind, double log, double rd, double sup, double office, double far,
                      Cell scheme = kNull) {
  return {std::string(id),
          std::string(parcel),
          std::string(from),
          std::string(to),
          ind,
          log,
          rd,
          sup,
          office,
          far,
          scheme};
}

struct Checked {
  Ruleset rs;
  ConversionResult res;
  const VerdictRow& v(const std::string& id) const {
    for (const auto& r : res.verdicts)
      if (r.request_id == id) return r;
    throw std::runtime_error("no request " + id);
  }
  std::string verdict(const std::string& id) const { return to_string(v(id).verdict); }
  const Finding& f(const std::string& id, const std::string& rule) const {
    for (const auto& x : res.findings)
      if (x.subject_id == id && x.rule_id == rule) return x;
    throw std::runtime_error("no finding " + id + " " + rule);
  }
};

Checked check(const std::vector<std::vector<Cell>>& rows,
              const std::string& ruleset = "chongqing-hub") {
  Checked c{load_ruleset(bundled_ruleset(ruleset)), {}};
  const FactsDb db(request_facts(requests(rows), parcel_facts()), Subject::Request, &c.rs);
  c.res = check_conversions(db, c.rs);
  return c;
}

}  // namespace

TEST(ConversionRules, ThresholdsAndTheChangeOfUse) {
  const Checked c = check({
      req("logistics-ok", "P-IN", "100102", "1101", 0, 0.9, 0, 0.1, 0.05, 2.0),
      req("far-at-max", "P-IN", "100102", "1101", 0, 0.9, 0, 0.1, 0.05, 3.0),
      req("far-above-max", "P-IN", "100102", "1101", 0, 0.9, 0, 0.1, 0.05, 3.01),
      req("residential", "P-IN", "100102", "0701", 0, 0, 0, 1.0, 0, 2.0),
      req("office-above", "P-IN", "100102", "100101", 0.8, 0, 0, 0.2, 0.0701, 2.0),
      req("primary-below", "P-IN", "100102", "0802", 0.3, 0, 0.49, 0.21, 0, 2.0),
      req("redline-1.5", "P-RED", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("edge-ok", "P-EDGE", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("no-parcel", "P-404", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("hub-10pct", "P-HUB10", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("within-class", "P-IN", "100102", "1001", 0.9, 0, 0, 0.1, 0.05, 2.0),
  });
  // Every change of the registered use carries the contract-and-price condition.
  EXPECT_EQ(c.verdict("logistics-ok"), "conditional");
  EXPECT_EQ(c.v("logistics-ok").condition_rules, Ids{"CV-USE-CHANGE"});
  EXPECT_EQ(c.verdict("far-at-max"), "conditional");
  EXPECT_EQ(c.v("far-above-max").failed_rules, Ids{"CV-FAR-RANGE"});
  EXPECT_EQ(c.f("far-above-max", "CV-FAR-RANGE").reason_zh,
            "拟建容积率 3.01 不在 1.0–3.0 内（片区 Z1 控制区间）");
  // Residential: refused by CV-TO-USE; not planned either, but that alone would only be 控规调整.
  EXPECT_EQ(c.v("residential").failed_rules, Ids{"CV-TO-USE"});
  EXPECT_EQ(c.v("residential").condition_rules, (Ids{"CV-PLANNED-USE", "CV-USE-CHANGE"}));
  EXPECT_EQ(c.v("office-above").condition_rules, (Ids{"CV-USE-CHANGE", "CV-OFFICE-LAND"}));
  EXPECT_EQ(c.v("primary-below").failed_rules, Ids{"CV-PRIMARY"});
  EXPECT_EQ(c.v("redline-1.5").failed_rules, Ids{"CV-REDLINE"});
  EXPECT_EQ(c.verdict("edge-ok"), "conditional");  // 0.995 ≥ 0.99, red line 1.0 m² tolerated
  EXPECT_EQ(c.v("no-parcel").failed_rules.front(), "CV-PARCEL");
  EXPECT_EQ(c.v("hub-10pct").failed_rules, Ids{"CV-HUB-ZONE"});
  EXPECT_EQ(c.f("hub-10pct", "CV-HUB-ZONE").reason_zh,
            "地块在枢纽经济区内的面积占比 0.1，低于 0.99（最大重叠片区 Z1）");
  // 1001 on a parcel registered 100102 stays within the registered class: no condition at all.
  EXPECT_EQ(c.verdict("within-class"), "approve");
  const Finding& change = c.f("logistics-ok", "CV-USE-CHANGE");
  EXPECT_EQ(change.reason_zh, "拟转用途 1101 改变登记用途 100102");
  EXPECT_NE(change.clause.find("《中华人民共和国土地管理法》第五十六条"), std::string::npos);
  EXPECT_NE(c.v("logistics-ok").conditions[0].find("相应调整（补缴）土地出让价款"),
            std::string::npos);
  EXPECT_EQ(c.res.findings.size(), 11u * c.rs.conversion.size());
}

TEST(ConversionRules, M0OnlyInTheCentralCityInsideAParkWithItsOwnBand) {
  const Checked c = check({
      req("m0-below-band", "P-IN", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 2.5),
      req("m0-ok", "P-IN", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
      req("m0-wanzhou", "P-WZ", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
      req("m0-no-park", "P-NOPARK", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
      req("m0-no-district", "P-NODIST", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
      req("m0-port", "P-PORT", "100102", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
  });
  // 2.5 is inside the zone's 1.0–3.0 but below M0's own 3.0–5.0; 4.5 is above the zone's band
  // and inside M0's.
  EXPECT_EQ(c.v("m0-below-band").failed_rules, Ids{"CV-FAR-RANGE"});
  EXPECT_EQ(c.f("m0-below-band", "CV-FAR-RANGE").reason_zh,
            "拟建容积率 2.5 不在 3.0–5.0 内（用途 100100 的容积率区间）");
  EXPECT_EQ(c.verdict("m0-ok"), "conditional");
  EXPECT_EQ(c.v("m0-ok").condition_rules, (Ids{"CV-USE-CHANGE", "CV-M0-QUOTA", "CV-M0-NOSPLIT"}));
  EXPECT_EQ(c.f("m0-ok", "CV-M0-DISTRICT").reason_zh, "地块位于中心城区 渝北区");
  // 万州 is not a 中心城区 district: rejected with the 710 clause.
  EXPECT_EQ(c.v("m0-wanzhou").failed_rules, Ids{"CV-M0-DISTRICT"});
  const Finding& wz = c.f("m0-wanzhou", "CV-M0-DISTRICT");
  EXPECT_EQ(
      wz.reason_zh,
      "地块位于 "
      "万州区（500101），不在渝规资〔2021〕710号适用的中心城区之列：不得转为新型产业用地（M0）");
  EXPECT_EQ(wz.clause,
            "渝规资〔2021〕710号（主送中心城区各区，含两江新区、重庆高新区）（阈值未核实 / "
            "threshold unverified）");
  EXPECT_EQ(c.v("m0-no-park").failed_rules, Ids{"CV-M0-PARK"});
  // No district or park data: not presumed to qualify; the reason says what is missing.
  EXPECT_EQ(c.v("m0-no-district").failed_rules, (Ids{"CV-M0-DISTRICT", "CV-M0-PARK"}));
  EXPECT_EQ(c.f("m0-no-district", "CV-M0-DISTRICT").reason_zh,
            "数据缺失（按不符合处理）：地块所在区县未知（未提供区县图层，或地块不在地块图层中），不"
            "能判断是否"
            "位于渝规资〔2021〕710号适用的中心城区");
  // The port zone's plan forbids M0: a rejection, not a 控规调整.
  EXPECT_EQ(c.v("m0-port").failed_rules, Ids{"CV-ZONE-FORBIDS"});
}

TEST(ConversionRules, UnplannedUseRoutesToAPlanChangeWithItsProcedure) {
  const Checked c = check({
      req("rd-in-port", "P-PORT", "100102", "0802", 0.3, 0, 0.5, 0.2, 0, 2.0),
  });
  EXPECT_EQ(c.verdict("rd-in-port"), "conditional");
  EXPECT_EQ(c.v("rd-in-port").condition_rules,
            (Ids{"CV-PLANNED-USE", "CV-USE-CHANGE", "CV-RD-INSTITUTION"}));
  const Finding& plan = c.f("rd-in-port", "CV-PLANNED-USE");
  EXPECT_EQ(plan.outcome, Outcome::Condition);
  EXPECT_EQ(plan.reason_zh,
            "拟转用途 0802 不在片区 Z1 规划用途 1101;1001;1102 之列（按编码层级比较）");
  EXPECT_NE(c.v("rd-in-port").conditions[0].find("《城乡规划法》第四十八条"), std::string::npos);
  EXPECT_NE(plan.clause.find("《重庆枢纽经济区创新发展指导意见》§六(一)"), std::string::npos);
}

TEST(ConversionRules, CodesAreComparedByHierarchyAndScheme) {
  const Checked c = check({
      // Declared 1001 on a parcel registered 100102: the same class, one level up.
      req("declared-coarse", "P-IN", "1001", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("declared-other", "P-IN", "1101", "100101", 0.8, 0, 0, 0.2, 0.05, 2.0),
      // GB/T 21010-2017: 0601 工业 = 1001, 0804 科研 = 0802 of the 2023 guide.
      req("gb-rd", "P-IN", "0601", "0804", 0.3, 0, 0.5, 0.2, 0, 2.0, std::string("gbt21010")),
      // GB/T 21010-2017 0802 is 新闻出版用地: no equivalent, never read as 科研.
      req("gb-0802", "P-IN", "0601", "0802", 0.3, 0, 0.5, 0.2, 0, 2.0, std::string("gbt21010")),
      req("bad-scheme", "P-IN", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0, std::string("GB2017")),
      // A 三调 parcel (08H2 科教文卫 → 08): a declared 0802 lies within it.
      req("sandiao-parcel", "P-SD", "0802", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      // Registered 0601 (GB/T 21010) is 1001: whether 100100 changes it cannot be told.
      req("coarse-register", "P-GB", "100101", "100100", 0.5, 0, 0.3, 0.2, 0.05, 4.5),
  });
  EXPECT_EQ(c.verdict("declared-coarse"), "conditional");
  EXPECT_EQ(c.v("declared-coarse").condition_rules, Ids{"CV-USE-CHANGE"});
  EXPECT_EQ(c.v("declared-other").condition_rules, (Ids{"CV-FROM-MATCH", "CV-USE-CHANGE"}));
  EXPECT_EQ(
      c.f("declared-other", "CV-FROM-MATCH").reason_zh,
      "申报现状用途 1101（折合 1101）与登记用途 100102（折合 100102）不一致（按编码层级比较）");
  EXPECT_EQ(c.v("gb-rd").condition_rules, (Ids{"CV-USE-CHANGE", "CV-RD-INSTITUTION"}));
  EXPECT_EQ(c.f("gb-rd", "CV-USE-CHANGE").reason_zh, "拟转用途 0802 改变登记用途 100102");
  EXPECT_EQ(c.v("gb-0802").failed_rules, Ids{"CV-TO-USE"});
  EXPECT_EQ(c.f("gb-0802", "CV-TO-USE").reason_zh,
            "数据缺失（按不符合处理）：拟转用途 0802（编码方案 "
            "gbt21010）无法对照为用地用海分类编码或对照后"
            "只到大类（—），不能判断");
  EXPECT_EQ(c.v("bad-scheme").failed_rules, (Ids{"CV-FROM-USE", "CV-TO-USE"}));
  EXPECT_EQ(c.v("sandiao-parcel").condition_rules, Ids{"CV-USE-CHANGE"});
  EXPECT_EQ(c.f("sandiao-parcel", "CV-USE-CHANGE").reason_zh, "拟转用途 1101 改变登记用途 08");
  EXPECT_EQ(c.f("coarse-register", "CV-USE-CHANGE").outcome, Outcome::Condition);
  EXPECT_EQ(
      c.f("coarse-register", "CV-USE-CHANGE").reason_zh,
      "数据缺失（按不符合处理）：登记用途 0601（gbt21010）或拟转用途 100100（yydh2023）无法对照，"
      "不能判断是否改变用途；如改变，须变更出让合同并相应调整土地出让价款");
  EXPECT_TRUE(c.v("coarse-register").failed_rules.empty());
}

TEST(ConversionRules, StrictVariantChangesOutcomesWithReasons) {
  const auto rows = std::vector<std::vector<Cell>>{
      req("office-above", "P-IN", "100102", "100101", 0.8, 0, 0, 0.2, 0.08, 2.0),
      req("edge", "P-EDGE", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0),
      req("same", "P-IN", "100102", "1101", 0, 0.9, 0, 0.1, 0, 2.0)};
  const Checked a = check(rows), b = check(rows, "chongqing-hub-strict");
  const DiffResult d = diff_results({}, {}, a.res, b.res);
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

// Findings are official text: what a rule prints (title, reasons, condition, clause) never points
// into the repository ("docs/…", "….md", "DS-x.y"); those pointers belong in notes and comments.
TEST(ConversionRules, PrintedTextNeverCitesAnInternalFile) {
  for (const char* name : {"chongqing-hub", "chongqing-hub-strict"}) {
    const Ruleset rs = load_ruleset(bundled_ruleset(name));
    std::size_t rules = 0;
    for (const auto* set : {&rs.screen, &rs.conversion, &rs.eligibility})
      for (const Rule& r : *set) {
        ++rules;
        for (const std::string* text :
             {&r.title.zh, &r.title.en, &r.reason.zh, &r.reason.en, &r.pass_reason.zh,
              &r.pass_reason.en, &r.condition.zh, &r.condition.en, &r.unknown_reason.zh,
              &r.unknown_reason.en, &r.clause})
          for (const char* pointer : {"docs/", ".md", "DS-", "facts.md"})
            EXPECT_EQ(text->find(pointer), std::string::npos)
                << name << " " << r.id << " prints '" << pointer << "': " << *text;
      }
    EXPECT_GT(rules, 40u);
    EXPECT_NE(rs.ranking.clause.find("《重庆枢纽经济区创新发展指导意见》§六(一)"),
              std::string::npos)
        << name;
  }
}

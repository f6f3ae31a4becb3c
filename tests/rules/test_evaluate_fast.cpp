// The fast path of evaluate(): under Keep::NonPass a passing or not applicable rule costs one
// comparison and its actual/threshold are computed only for kept findings (hubland_finding()).
// These tests pin it to the full evaluation (Keep::All, every value computed) on a hand-made
// table with nulls, text, LIKE, a lookup, a NUL byte inside a text fact, and real-valued
// conditions, and pin format_number() to the printf formats it replaced.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "hubland/rules/evaluator.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

const char* kRules = R"T(
[lookups.far_min]
values = { "36" = 0.7, "13" = 1.0 }

[[screen]]
id = "FAR"
title = { zh = "容积率低", en = "Low plot ratio" }
applies = "land_use LIKE '1001%'"
fails_when = "plot_ratio < (SELECT value FROM lookup_far_min WHERE key = industry)"
actual = "plot_ratio"
threshold = "(SELECT value FROM lookup_far_min WHERE key = industry)"
reason = { zh = "容积率 {actual} 低于 {threshold}（{industry}）", en = "plot ratio {actual} below {threshold} ({industry})" }
clause = "条款一"

[[screen]]
id = "COVER"
title = { zh = "建筑系数", en = "Coverage" }
fails_when = "building_coefficient < 0.3"
actual = "building_coefficient"
threshold = "0.3"
on_unknown = "fail"
unknown_reason = { zh = "缺建筑系数", en = "no coverage" }
clause = "条款二"

[[screen]]
id = "CODE"
title = { zh = "行业代码", en = "Industry code" }
fails_when = "CASE WHEN idle_years > 0 THEN 1.0 ELSE 0.0 END"
actual = "hex(industry)"
clause = "条款三"
)T";

layers::Table facts() {
  return make_table({{"parcel_id", kText},
                     {"land_use", kText},
                     {"industry", kText},
                     {"building_coefficient", kReal},
                     {"plot_ratio", kReal},
                     {"idle_years", kReal}},
                    {{"a", "100101", "36", 0.25, 0.5, 0.0},
                     {"b", "1101", "13", kNull, 2.0, 3.0},
                     {"c", "100102", "99", 0.5, 0.1, 0.0},
                     // A NUL byte inside a text fact: SQLite must see all three bytes.
                     {"d", "100101",
                      std::string("3\0"
                                  "6",
                                  3),
                      0.3, kNull, 1.0}});
}

std::string row(const Finding& f) {
  return f.subject_id + "|" + f.rule_id + "|" + to_string(f.outcome) + "|" + f.actual + "|" +
         f.threshold + "|" + f.reason_zh + "|" + f.reason_en + "|" + f.clause;
}

/// The old format_number(): printf formats into char[64].
std::string printf_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  if (std::fabs(v) < 0.01) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

TEST(EvaluateFast, NonPassFindingsWorkedByHand) {
  const Ruleset rs = load_ruleset(write_ruleset(kRules));
  const FactsDb db(facts(), Subject::Parcel, &rs);
  const auto f = evaluate(db, rs.screen, Keep::NonPass);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(row(f[0]),
            "a|FAR|flag|0.5|0.7|容积率 0.5 低于 0.7（36）|plot ratio 0.5 below 0.7 (36)|条款一");
  // A reason is allocated at its own size, not a reserve's: a million findings hold two each.
  EXPECT_EQ(f[0].reason_zh.capacity(), f[0].reason_zh.size());
  EXPECT_EQ(f[0].reason_en.capacity(), f[0].reason_en.size());
  EXPECT_EQ(row(f[1]), "a|COVER|flag|0.25|0.3|建筑系数|Coverage|条款二");
  // NULL coverage with on_unknown = "fail": flagged, no actual, the unknown reason.
  EXPECT_EQ(row(f[2]),
            "b|COVER|flag||0.3|数据缺失（按不符合处理）：缺建筑系数|data missing (treated as "
            "failing): no coverage|条款二");
  EXPECT_EQ(row(f[3]), "b|CODE|flag|3133||行业代码|Industry code|条款三");
  // hex() of the 3-byte industry "3", NUL, "6": the NUL did not cut the text short.
  EXPECT_EQ(row(f[4]), "d|CODE|flag|330036||行业代码|Industry code|条款三");
}

TEST(EvaluateFast, NonPassIsTheFullEvaluationWithoutPassAndNotApplicable) {
  const Ruleset rs = load_ruleset(write_ruleset(kRules));
  const FactsDb db(facts(), Subject::Parcel, &rs);
  const auto all = evaluate(db, rs.screen, Keep::All);
  ASSERT_EQ(all.size(), 12u);
  // Spot checks of the outcomes only the full evaluation keeps.
  EXPECT_EQ(row(all[2]), "a|CODE|pass|3336||符合：行业代码|met: Industry code|条款三");
  EXPECT_EQ(row(all[3]), "b|FAR|n/a|||不适用：容积率低|not applicable: Low plot ratio|条款一");
  // No far_min for industry 99: the condition is NULL, n/a with the value it had.
  EXPECT_EQ(row(all[6]),
            "c|FAR|n/a|0.1||数据缺失，无法判断：容积率低|data missing, cannot decide: Low plot "
            "ratio|条款一");
  std::vector<std::string> expected;
  for (const auto& f : all)
    if (f.outcome != Outcome::Pass && f.outcome != Outcome::NotApplicable)
      expected.push_back(row(f));
  std::vector<std::string> got;
  for (const auto& f : evaluate(db, rs.screen, Keep::NonPass)) got.push_back(row(f));
  EXPECT_EQ(got, expected);
}

TEST(EvaluateFast, RealValuedConditionOtherThanZeroOrOneIsRefused) {
  // The load-time probe (2.5) gives 0.0, so this loads; row b (idle 3 years) gives 0.5.
  const Ruleset rs = load_ruleset(write_ruleset(R"T(
[[screen]]
id = "HALF"
title = { zh = "半", en = "half" }
fails_when = "CASE WHEN idle_years > 2.9 THEN 0.5 ELSE 0.0 END"
)T"));
  const FactsDb db(facts(), Subject::Parcel, &rs);
  for (const Keep keep : {Keep::NonPass, Keep::All}) {
    try {
      evaluate(db, rs.screen, keep);
      FAIL() << "evaluated";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Rule);
      EXPECT_EQ(e.where().rule, "HALF");
      EXPECT_EQ(e.where().feature, "b");
      EXPECT_EQ(e.message(), "fails_when gives '0.5', not true/false");
    }
  }
}

TEST(EvaluateFast, FormatNumberPrintsWhatPrintfPrinted) {
  // Boundaries of each format, halfway cases, negative zero, huge values (printf's output was
  // cut at 63 characters), and a deterministic sweep over magnitudes.
  std::vector<double> values = {0.0,     -0.0,    0.5,        1.5,          2.5,      -2.5, 0.01,
                                0.00999, 0.00125, 0.0005,     1e-7,         -3.14159, 24.1, 0.42,
                                0.30,    0.2999,  12.34565,   1e15,         1e15 + 1, 1e20, 1.5e20,
                                1e300,   -1e300,  1e15 - 0.5, 999999.99995, 0.099995};
  std::uint64_t s = 42;
  for (int i = 0; i < 20000; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double mantissa = static_cast<double>(s >> 11) * 0x1.0p-53;
    const int exponent = static_cast<int>((s >> 3) % 40) - 20;
    values.push_back((s & 1 ? -1 : 1) * mantissa * std::pow(10.0, exponent));
  }
  for (double v : values) ASSERT_EQ(format_number(v), printf_number(v)) << v;
  EXPECT_EQ(format_number(2.0), "2");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(0.00125), "0.00125");
  EXPECT_EQ(format_number(12.34565), "12.3456");  // 12.345649999... in binary
  EXPECT_EQ(format_number(1e20), "100000000000000000000");
  EXPECT_EQ(format_number(24.1), "24.1");
  EXPECT_EQ(format_number(-0.0), "0");
}

// The rules SELECT reads each fact column once per row, from a subquery over the virtual table
// (detail::select_over_facts). A rule must mean there what it meant over the table itself:
// a TEXT column compared with a number compares as text (the column's affinity, which the
// subquery keeps: '10' > '9' is false as text, true as numbers or as text against an integer),
// `facts.col` names the column, and a rule reading the rowid (which the subquery lacks) still
// runs.
TEST(EvaluateFast, ColumnsReadThroughTheSubqueryKeepAffinityQualifiedNamesAndTheRowid) {
  const char* rules = R"T(
[[screen]]
id = "TEXT"
title = { zh = "文本比较", en = "Text comparison" }
fails_when = "industry > 9"
clause = "一"

[[screen]]
id = "QUALIFIED"
title = { zh = "限定名", en = "Qualified name" }
fails_when = "facts.plot_ratio < 1 AND facts.land_use LIKE '1001%'"
clause = "二"
)T";
  const layers::Table t = make_table(
      {{"parcel_id", kText}, {"land_use", kText}, {"industry", kText}, {"plot_ratio", kReal}},
      {{"a", "100101", "10", 0.5}, {"b", "1101", "95", 0.5}, {"c", "100102", "8", 2.0}});
  auto flagged = [&](const std::string& text) {
    const Ruleset rs = load_ruleset(write_ruleset(text));
    const FactsDb db(t, Subject::Parcel, &rs);
    std::vector<std::string> got;
    for (const auto& f : evaluate(db, rs.screen, Keep::NonPass))
      got.push_back(f.subject_id + "|" + f.rule_id);
    return got;
  };
  EXPECT_EQ(flagged(rules), (std::vector<std::string>{"a|QUALIFIED", "b|TEXT"}));
  EXPECT_EQ(flagged(std::string(rules) + R"T(
[[screen]]
id = "ROWID"
title = { zh = "行号", en = "Row id" }
fails_when = "rowid = 3"
clause = "三"
)T"),
            (std::vector<std::string>{"a|QUALIFIED", "b|TEXT", "c|ROWID"}));
}

// Limits: rulesets far beyond the bundled ones. Each either works, with the result the small
// case gives, or stops with Error(Rule) naming the file and line — never an internal error, a
// crash or an exhausted machine (docs/hardening.md, "Limits").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;

namespace {

// n rules "area_m2 > i" (i = 0..n-1): a parcel of area A fails exactly the rules R0..R(A-1).
std::string area_rules(std::size_t n) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    body += "\n[[screen]]\nid = \"R" + k + "\"\ntitle = { zh = \"规则" + k + "\", en = \"rule " +
            k + "\" }\nfails_when = \"area_m2 > " + k + "\"\nclause = \"条款\"\n";
  }
  return body;
}

layers::Table three_parcels() {
  return make_table({{"parcel_id", kText}, {"area_m2", kReal}},
                    {{"a", 10.0}, {"b", 20.0}, {"c", 30.0}});
}

Error load_error(const std::string& path) {
  try {
    load_ruleset(path);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << path << " loaded";
  return Error(ErrorKind::Internal, "loaded");
}

}  // namespace

// SQLite caps a result at 2000 columns and each rule is one: 2,500 rules run in three
// statements, and the findings come in the one-statement order (row by row, rules in file order).
TEST(Limits, MoreRulesThanOneStatementHoldsRunInBatchesInTheSameOrder) {
  const Ruleset rs = load_ruleset(write_ruleset(area_rules(2500), "many.toml"));
  const FactsDb db(three_parcels(), Subject::Parcel, &rs);
  const auto flagged = evaluate(db, rs.screen, Keep::NonPass);
  ASSERT_EQ(flagged.size(), 60u);  // a fails R0..R9, b R0..R19, c R0..R29
  std::size_t k = 0;
  for (const auto& [id, fails] :
       std::vector<std::pair<std::string, int>>{{"a", 10}, {"b", 20}, {"c", 30}})
    for (int i = 0; i < fails; ++i, ++k) {
      EXPECT_EQ(flagged[k].subject_id, id) << k;
      EXPECT_EQ(flagged[k].rule_id, "R" + std::to_string(i)) << k;
      EXPECT_EQ(flagged[k].outcome, Outcome::Flag) << k;
    }
  const auto all = evaluate(db, rs.screen, Keep::All);
  ASSERT_EQ(all.size(), 7500u);
  EXPECT_EQ(all[999].subject_id + all[999].rule_id, "aR999");     // end of the first statement
  EXPECT_EQ(all[1000].subject_id + all[1000].rule_id, "aR1000");  // start of the second
  EXPECT_EQ(all[2499].subject_id + all[2499].rule_id, "aR2499");
  EXPECT_EQ(all[2500].subject_id + all[2500].rule_id, "bR0");
  EXPECT_EQ(all[7499].subject_id + all[7499].rule_id, "cR2499");
  EXPECT_EQ(all[9].outcome, Outcome::Flag);   // a: 10 > 9
  EXPECT_EQ(all[10].outcome, Outcome::Pass);  // a: 10 > 10 is false
}

// Past the findings limit the evaluation stops with a clear error (both in one statement and in
// batches); at the limit it works.
TEST(Limits, MoreFindingsThanTheLimitStopWithAClearError) {
  for (const std::size_t rules : {30u, 2500u}) {
    const std::string path = write_ruleset(area_rules(rules), "limit.toml");
    const Ruleset rs = load_ruleset(path);
    const FactsDb db(three_parcels(), Subject::Parcel, &rs);
    EXPECT_EQ(evaluate(db, rs.screen, Keep::NonPass, 60).size(), 60u) << rules;
    try {
      evaluate(db, rs.screen, Keep::NonPass, 59);
      ADD_FAILURE() << rules << " rules: 60 findings passed a limit of 59";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Rule);
      EXPECT_EQ(e.where().file, path);
      EXPECT_EQ(e.message(),
                "the rules give more than 59 findings, more than HubLand holds at once; narrow "
                "the rules' `applies`, or screen a part of the parcels at a time");
    }
  }
}

// Each derived column is a column of the facts table: the one that would pass SQLite's 2000
// columns is named with its line, as bad input (it was an internal "too many columns").
TEST(Limits, DerivedColumnsPastSQLitesColumnLimitStopAtTheirLine) {
  std::string body;
  for (int i = 0; i < 2100; ++i)
    body += "\n[[derived]]\nname = \"d" + std::to_string(i) + "\"\nexpr = \"area_m2 + " +
            std::to_string(i) + "\"\n";
  const Error e = load_error(write_ruleset(body, "derived.toml"));
  // The facts columns come first; derived column d<i> is column base + i + 1.
  const int base = static_cast<int>(facts_schema(Subject::Parcel).column_count());
  const int first_too_many = 2000 - base;
  EXPECT_EQ(e.kind(), ErrorKind::Rule);
  // The line of its expr: 4 header lines, then per column a blank line, [[derived]], name, expr.
  EXPECT_EQ(e.where().line, 4 + 4 * first_too_many + 4);
  EXPECT_EQ(e.message(), "too many derived columns: 'd" + std::to_string(first_too_many) +
                             "' would be column 2001 of the facts table, and SQLite allows 2000");
}

// Deep nesting: SQLite's parser stops at its stack depth, the loader at 4096 bytes, TOML at its
// nesting depth; each names the line.
TEST(Limits, DeeplyNestedExpressionsStopAtTheirLine) {
  auto nested = [](int depth) {
    return "\n[[screen]]\nid = \"DEEP\"\ntitle = { zh = \"深\", en = \"deep\" }\nfails_when = \"" +
           std::string(depth, '(') + "area_m2 > 1" + std::string(depth, ')') +
           "\"\nclause = \"条款\"\n";
  };
  const Error parser = load_error(write_ruleset(nested(900), "deep900.toml"));
  EXPECT_EQ(parser.where().line, 9);
  EXPECT_EQ(parser.where().rule, "DEEP");
  EXPECT_EQ(parser.message(), "fails_when: SQL error: parser stack overflow");
  const Error length = load_error(write_ruleset(nested(10000), "deep10000.toml"));
  EXPECT_EQ(length.where().line, 9);
  EXPECT_EQ(length.message(),
            "fails_when: expression is too long (20011 bytes; the limit is 4096)");
  const Error toml = load_error(write_ruleset(
      "\n[lookups.deep]\nvalues = " + std::string(10000, '[') + std::string(10000, ']') + "\n",
      "deeptoml.toml"));
  EXPECT_EQ(toml.where().line, 7);
  EXPECT_NE(toml.message().find("nest"), std::string::npos) << toml.message();
}

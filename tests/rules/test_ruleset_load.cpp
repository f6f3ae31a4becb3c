// Loading rulesets: every malformed file is refused with Error(Rule), its file, line and rule id,
// before any data is read; injection attempts are refused with a clear message.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/rules/ruleset.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using hubland::test::write_ruleset;

namespace {

// Loads and returns the Error it throws (fails the test when it loads).
Error load_error(const std::string& path) {
  try {
    load_ruleset(path);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "ruleset loaded: " << path;
  return Error(ErrorKind::Internal, "no error");
}

std::string screen_rule(const std::string& fails_when, const std::string& extra = {}) {
  return "\n[[screen]]\nid = \"R1\"\ntitle = { zh = \"甲\", en = \"a\" }\nfails_when = \"" +
         fails_when + "\"\n" + extra;
}

}  // namespace

TEST(RulesetLoad, ValidFileLoadsWithRulesLookupsAndUnverified) {
  const auto path = write_ruleset(R"T(
[lookups.far]
verified = false
note = "check"
values = { "36" = 0.7, "13" = 1.0 }

[[screen]]
id = "LE-FAR"
title = { zh = "容积率", en = "FAR" }
applies = "land_use LIKE '1001%'"
fails_when = "plot_ratio < (SELECT value FROM lookup_far WHERE key = industry)"
reason = { zh = "容积率 {plot_ratio}", en = "FAR {plot_ratio} < {threshold}" }
)T");
  const Ruleset rs = load_ruleset(path);
  EXPECT_EQ(rs.id, "t");
  EXPECT_EQ(rs.title.zh, "测试");
  ASSERT_EQ(rs.screen.size(), 1u);
  EXPECT_EQ(rs.screen[0].id, "LE-FAR");
  EXPECT_EQ(rs.screen[0].on_fail, Outcome::Flag);
  EXPECT_EQ(rs.screen[0].line, 11);
  ASSERT_EQ(rs.lookups.size(), 1u);
  EXPECT_EQ(rs.lookups[0].rows.front().first, "13");  // sorted by key
  ASSERT_EQ(rs.unverified.size(), 1u);
  EXPECT_EQ(rs.unverified[0].where, "lookup far");
  EXPECT_EQ(rs.sha256.size(), 64u);
}

TEST(RulesetLoad, BadTomlReportsFileAndLine) {
  const auto path = write_ruleset("\n[[screen]]\nid = \"R1\"\ntitle = { zh = \"甲\", en = \n");
  const Error e = load_error(path);
  EXPECT_EQ(e.kind(), ErrorKind::Rule);
  EXPECT_EQ(e.where().file, path);
  EXPECT_EQ(e.where().line, 8);
  EXPECT_EQ(e.message().rfind("bad TOML: ", 0), 0u) << e.message();
}

TEST(RulesetLoad, UnknownColumnNamesTheColumnRuleAndLine) {
  const auto path = write_ruleset(screen_rule("plot_ratoi < 1"));
  const Error e = load_error(path);
  EXPECT_EQ(e.kind(), ErrorKind::Rule);
  EXPECT_EQ(e.where().line, 9);
  EXPECT_EQ(e.where().rule, "R1");
  EXPECT_EQ(e.message(),
            "fails_when: unknown column 'plot_ratoi' (not a facts column of this subject nor a "
            "derived column; see docs/facts.md)");
  EXPECT_EQ(std::string(e.what()), path + ": line 9: rule R1: " + e.message());
}

TEST(RulesetLoad, SyntaxError) {
  const Error e = load_error(write_ruleset(screen_rule("plot_ratio <")));
  EXPECT_EQ(e.where().rule, "R1");
  EXPECT_EQ(e.where().line, 9);
  EXPECT_EQ(e.message(), "fails_when: SQL error: near \")\": syntax error");
}

TEST(RulesetLoad, NonBooleanConditionIsRefused) {
  const Error e = load_error(write_ruleset(screen_rule("plot_ratio * 2")));
  EXPECT_EQ(e.where().rule, "R1");
  EXPECT_EQ(e.message(),
            "fails_when: a condition must be true/false (a comparison, LIKE, IN, AND/OR ...), but "
            "it gives the number 5 (try e.g. 'plot_ratio < far_min')");
  const Error t = load_error(write_ruleset(screen_rule("land_use")));
  EXPECT_EQ(t.message(),
            "fails_when: a condition must be true/false (a comparison, LIKE, IN, AND/OR ...), but "
            "it gives the text 'x' (try e.g. 'plot_ratio < far_min')");
}

TEST(RulesetLoad, FlagColumnIsABooleanCondition) {
  EXPECT_NO_THROW(load_ruleset(write_ruleset(screen_rule("hub_zone"))));
}

TEST(RulesetLoad, MissingTitle) {
  const Error e = load_error(write_ruleset("\n[[screen]]\nid = \"R9\"\nfails_when = \"1 = 1\"\n"));
  EXPECT_EQ(e.message(), "missing title (needs zh and en)");
  EXPECT_EQ(e.where().rule, "R9");
  EXPECT_EQ(e.where().line, 6);
}

TEST(RulesetLoad, TitleNeedsBothLanguages) {
  const Error e = load_error(write_ruleset(
      "\n[[screen]]\nid = \"R9\"\ntitle = { zh = \"甲\" }\nfails_when = \"1 = 1\"\n"));
  EXPECT_EQ(e.message(), "title needs both zh and en, non-empty");
  EXPECT_EQ(e.where().line, 8);
}

TEST(RulesetLoad, DuplicateRuleIdAcrossSections) {
  const Error e = load_error(write_ruleset(screen_rule("1 = 1") + R"T(
[[conversion]]
id = "R1"
title = { zh = "乙", en = "b" }
fails_when = "proposed_far > 3"
)T"));
  EXPECT_EQ(e.message(), "duplicate rule id 'R1'");
  EXPECT_EQ(e.where().rule, "R1");
  EXPECT_EQ(e.where().line, 12);
}

TEST(RulesetLoad, RuleCompilesAgainstItsSubjectsSchema) {
  // proposed_far is a request fact, not a parcel fact.
  const Error e = load_error(write_ruleset(screen_rule("proposed_far > 3")));
  EXPECT_EQ(e.message().rfind("fails_when: unknown column 'proposed_far'", 0), 0u);
  EXPECT_NO_THROW(load_ruleset(write_ruleset(R"T(
[[conversion]]
id = "C1"
title = { zh = "乙", en = "b" }
fails_when = "proposed_far > far_max"
[[eligibility]]
id = "E1"
title = { zh = "丙", en = "c" }
fails_when = "pollution_class >= 3 AND on_low_efficiency_m2 > 0"
)T")));
}

TEST(RulesetLoad, UnknownKeyAndSection) {
  const Error k = load_error(write_ruleset(screen_rule("1 = 1", "fail_when = \"1 = 0\"\n")));
  EXPECT_EQ(k.message(), "unknown key 'fail_when' in screen");
  EXPECT_EQ(k.where().line, 10);
  const Error s = load_error(write_ruleset("\n[scren]\nx = 1\n"));
  EXPECT_EQ(s.message(), "unknown section [scren]");
}

// The ranking block is part of the ruleset: parsed and compiled at load, so a mistake in a
// criterion stops the load with the file, line and criterion id, as a mistake in a rule does.
TEST(RulesetLoad, RankingBlockIsParsedAndCompiledAtLoad) {
  const std::string ranking = R"T(
[ranking]
method = "topsis"
quota_mu = 3000
[[criterion]]
id = "tax"
title = { zh = "亩均税收", en = "Tax per mu" }
expression = "tax_10k_yuan / nullif(land_mu, 0)"
weight = 1
)T";
  const Ruleset rs = load_ruleset(write_ruleset(screen_rule("1 = 1") + ranking));
  EXPECT_EQ(rs.screen.size(), 1u);
  ASSERT_TRUE(rs.has_ranking);
  EXPECT_EQ(rs.ranking.method, RankMethod::Topsis);
  ASSERT_EQ(rs.ranking.criteria.size(), 1u);
  EXPECT_EQ(rs.ranking_config().criteria[0].id, "tax");

  std::string stray = ranking;
  stray.replace(stray.find("weight = 1"), 10, "weight = 1\nanything = \"goes here\"");
  const Error e = load_error(write_ruleset(screen_rule("1 = 1") + stray));
  EXPECT_EQ(e.where().rule, "tax");
  EXPECT_NE(e.message().find("anything"), std::string::npos) << e.message();

  const Ruleset none = load_ruleset(write_ruleset(screen_rule("1 = 1")));
  EXPECT_FALSE(none.has_ranking);
  EXPECT_THROW(none.ranking_config(), Error);
}

TEST(RulesetLoad, UnknownPlaceholderInReason) {
  const Error e = load_error(write_ruleset(
      screen_rule("1 = 1", "reason = { zh = \"{plot_ratoi}\", en = \"{actual}\" }\n")));
  EXPECT_EQ(e.message(), "reason: unknown placeholder {plot_ratoi}");
  EXPECT_EQ(e.where().line, 10);
}

TEST(RulesetLoad, ConditionOutcomeNeedsConditionText) {
  const Error e = load_error(write_ruleset(R"T(
[[conversion]]
id = "C1"
title = { zh = "乙", en = "b" }
fails_when = "proposed_far > far_max"
outcome = "condition"
)T"));
  EXPECT_EQ(e.message(), "outcome \"condition\" needs condition = { zh = ..., en = ... }");
  const Error o = load_error(write_ruleset(screen_rule("1 = 1", "outcome = \"condition\"\n")));
  EXPECT_EQ(o.message(), "outcome must be \"flag\" or \"fail\"");
}

TEST(RulesetLoad, ScreeningSectionValidated) {
  const Error cut = load_error(write_ruleset(R"T(
[screening]
cutoffs = { A = 0.7, B = 0.25, C = 0.95 }
[[screening.indicator]]
id = "tax"
title = { zh = "税", en = "tax" }
value = "tax_per_mu"
benchmark = 24
weight = 30
)T"));
  EXPECT_EQ(cut.message(), "percentile cutoffs must satisfy 0 < A <= B <= C <= 1 (top shares)");
  EXPECT_EQ(cut.where().line, 7);
  const Error bench = load_error(write_ruleset(R"T(
[screening]
cutoffs = { A = 0.25, B = 0.7, C = 0.95 }
[[screening.indicator]]
id = "tax"
title = { zh = "税", en = "tax" }
value = "tax_per_mu"
benchmark = 0
weight = 30
)T"));
  EXPECT_EQ(bench.message(), "benchmark must be > 0");
  EXPECT_EQ(bench.where().rule, "tax");
  EXPECT_EQ(bench.where().line, 12);
}

TEST(RulesetLoad, MissingFileIsIo) {
  const Error e = load_error(hubland::test::temp_dir() + "/none.toml");
  EXPECT_EQ(e.kind(), ErrorKind::Io);
}

// ---- the SQL safety model: each attempt refused with a clear message -------------------------

TEST(RulesetSafety, StatementInjectionIsRefused) {
  const Error e = load_error(write_ruleset(screen_rule("1); DROP TABLE facts; --")));
  EXPECT_EQ(e.kind(), ErrorKind::Rule);
  EXPECT_EQ(e.where().rule, "R1");
  EXPECT_EQ(e.message(),
            "fails_when: unbalanced ')': a rule expression cannot close a parenthesis it did not "
            "open");
  const Error semi = load_error(write_ruleset(screen_rule("1 = 1; DROP TABLE facts")));
  EXPECT_EQ(semi.message(),
            "fails_when: ';' is not allowed: a rule expression is one SQL expression, not a "
            "statement");
}

TEST(RulesetSafety, LoadExtensionIsRefused) {
  const Error e = load_error(write_ruleset(screen_rule("load_extension('x') IS NULL")));
  EXPECT_EQ(e.message(),
            "fails_when: refused: function load_extension() is not allowed in a rule expression "
            "(it is not on the allowlist of pure functions; see docs/rulesets.md)");
}

TEST(RulesetSafety, AttachIsRefused) {
  const Error e = load_error(write_ruleset(screen_rule("ATTACH 'y' AS z")));
  EXPECT_EQ(e.message(),
            "fails_when: ATTACH is not allowed in a rule expression (expressions are read-only)");
}

TEST(RulesetSafety, PragmaAndWritesAreRefused) {
  EXPECT_EQ(load_error(write_ruleset(screen_rule("(SELECT 1 FROM pragma_table_info('facts')) = 1")))
                .message(),
            "fails_when: PRAGMA is not allowed in a rule expression (expressions are read-only)");
  EXPECT_EQ(load_error(write_ruleset(screen_rule("(DELETE FROM facts) IS NULL"))).message(),
            "fails_when: DELETE is not allowed in a rule expression (expressions are read-only)");
}

TEST(RulesetSafety, FileFunctionsAreRefused) {
  for (const char* f : {"readfile('/etc/passwd') IS NULL", "BlobFromFile('/etc/passwd') IS NULL",
                        "ImportSHP('/tmp/x', 'x', 'UTF-8') = 1", "writefile('/tmp/x', 'y') = 1",
                        "ExportGeoJSON2('facts', 'g', '/tmp/x.json') = 1"}) {
    const Error e = load_error(write_ruleset(screen_rule(f)));
    EXPECT_EQ(e.kind(), ErrorKind::Rule) << f;
    // Either the allowlist refuses the function, or SQLite does not know it (readfile).
    const bool clear =
        e.message().find("is not allowed in a rule expression") != std::string::npos ||
        e.message().rfind("fails_when: unknown function", 0) == 0;
    EXPECT_TRUE(clear) << f << " -> " << e.message();
  }
}

TEST(RulesetSafety, ReadingOtherTablesIsRefused) {
  const Error e =
      load_error(write_ruleset(screen_rule("(SELECT count(*) FROM sqlite_master) > 0")));
  EXPECT_EQ(e.message(),
            "fails_when: refused: reading table 'sqlite_master' is not allowed in a rule "
            "expression (only facts and lookup_* tables)");
}

TEST(RulesetSafety, TenMegabyteExpressionIsRefused) {
  const std::string huge = "plot_ratio < 1" + std::string(10 * 1024 * 1024, ' ');
  const Error e = load_error(write_ruleset(screen_rule(huge)));
  EXPECT_EQ(e.message(), "fails_when: expression is too long (10485774 bytes; the limit is 4096)");
  EXPECT_EQ(e.where().rule, "R1");
}

TEST(RulesetSafety, CommentCannotSwallowTheWrapper) {
  // "--" comments end at the newline the loader puts after the expression.
  EXPECT_NO_THROW(load_ruleset(write_ruleset(screen_rule("plot_ratio < 1 -- trailing comment"))));
  const Error e = load_error(write_ruleset(screen_rule("1) OR (1")));
  EXPECT_EQ(e.message(),
            "fails_when: unbalanced ')': a rule expression cannot close a parenthesis it did not "
            "open");
}

TEST(RulesetSafety, CheckExpressionForOtherSections) {
  EXPECT_NO_THROW(check_expression("tax_10k_yuan / land_mu", Subject::Project,
                                   ExpressionKind::Value, Where{.rule = "c1"}));
  try {
    check_expression("tax_10k_yuan / land_muu", Subject::Project, ExpressionKind::Value,
                     Where{.file = "f.toml", .line = 3, .rule = "c1"});
    FAIL() << "compiled";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
    EXPECT_EQ(std::string(e.what()),
              "f.toml: line 3: rule c1: expression: unknown column 'land_muu' (not a facts column "
              "of this subject nor a derived column; see docs/facts.md)");
  }
}

// [land_status]: the bureau's mapping of flags to land status and disposal; a typo in a rule id or
// a status stops the load with the file and line.
namespace {

/// Rule R1, then [land_status] (line 11) mapping `rule` to `status`: [[land_status.rule]] on
/// line 12, rule on 13, status on 14.
std::string land_status_ruleset(const std::string& rule, const std::string& status) {
  return write_ruleset(screen_rule("plot_ratio < 1") +
                       "\n[land_status]\n[[land_status.rule]]\nrule = \"" + rule +
                       "\"\nstatus = \"" + status + "\"\ndisposal = \"提容增效\"\n");
}

}  // namespace

TEST(RulesetLoad, LandStatusMapsScreenRules) {
  const Ruleset rs = load_ruleset(land_status_ruleset("R1", "低效"));
  ASSERT_TRUE(rs.has_land_status);
  ASSERT_EQ(rs.land_status.rules.size(), 1u);
  EXPECT_EQ(rs.land_status.rules[0].rule_id, "R1");
  EXPECT_EQ(rs.land_status.rules[0].status, "低效");
  EXPECT_EQ(rs.land_status.rules[0].disposal, "提容增效");
  EXPECT_EQ(rs.land_status.rules[0].line, 12);
  EXPECT_EQ(rs.land_status.normal_disposal, "");
}

TEST(RulesetLoad, LandStatusUnknownRuleIdNamesFileAndLine) {
  const auto path = land_status_ruleset("R2", "低效");
  const Error e = load_error(path);
  EXPECT_EQ(e.kind(), ErrorKind::Rule);
  EXPECT_EQ(e.where().file, path);
  EXPECT_EQ(e.where().line, 13);
  EXPECT_EQ(e.message(), "[land_status]: 'R2' is not a [[screen]] rule");
}

TEST(RulesetLoad, LandStatusUnknownStatusIsRefused) {
  const Error e = load_error(land_status_ruleset("R1", "闲置"));
  EXPECT_EQ(e.where().line, 14);
  EXPECT_EQ(e.message(), "[land_status]: unknown status '闲置' (疑似闲置 停产 低效)");
}

// A lookup value is a number or a string; a string stays text even when it looks like a number
// (a land-use code "1001" is not 1001.0); anything else names the lookup and its line.
TEST(RulesetLoad, LookupValuesAreNumbersOrText) {
  const Ruleset rs = load_ruleset(write_ruleset(R"(
[lookups.codes]
values = { "a" = "1001", "b" = 2.5 }
)"));
  ASSERT_EQ(rs.lookups.size(), 1u);
  EXPECT_EQ(rs.lookups[0].text_rows,
            (std::vector<std::pair<std::string, std::string>>{{"a", "1001"}}));
  EXPECT_EQ(rs.lookups[0].rows, (std::vector<std::pair<std::string, double>>{{"b", 2.5}}));
  try {
    load_ruleset(write_ruleset(R"(
[lookups.codes]
values = { "a" = true }
)",
                               "bad.toml"));
    FAIL() << "a boolean lookup value was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lookup values must be numbers or strings"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(e.where().line, 7);
  }
}

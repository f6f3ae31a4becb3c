// `hubland screen`, `check` and `diff-rulesets` as a user runs them: exit codes, messages,
// files written, and on the whole Chongqing sample the invariants (every parcel graded once,
// every request one verdict, counts in = counts out, byte-identical reruns).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;

namespace {

using test::cli;
using test::quoted;
std::string root() {
  return HUBLAND_SOURCE_ROOT;
}
std::string sample() {
  return root() + "/sample-data/chongqing/analysis.toml";
}

using Row = std::vector<std::string>;
// RFC 4180: quoted fields, doubled quotes, newlines inside quotes.
std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      cell.clear();
      rows.push_back(row);
      row.clear();
    } else {
      cell += c;
    }
  }
  return rows;
}

std::vector<Row> read_csv(const std::string& path) {
  return parse_csv(test::read_file(path));
}

std::size_t feature_count(const std::string& layer) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((root() + "/sample-data/chongqing/chongqing.gpkg").c_str(),
                        GDAL_OF_VECTOR | GDAL_OF_READONLY));
  return static_cast<std::size_t>(ds->GetLayerByName(layer.c_str())->GetFeatureCount());
}

std::string write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The sample runs are slow (the overlay): each runs at most once per process, and only for the
// tests that need it (ctest starts one process per test).
std::string sample_dir() {
  static const std::string dir = [] {
    const std::string d =
        std::string(HUBLAND_TEST_TMP) + "/cli-rules-sample-" + std::to_string(::getpid());
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}
const test::CommandResult& screen_run() {
  static const auto r = test::run(cli() + " screen " + quoted(sample()) + " -o " +
                                  quoted(sample_dir() + "/screen") + " --json");
  return r;
}
const test::CommandResult& screen_again_run() {
  static const auto r =
      test::run(cli() + " screen " + quoted(sample()) + " -o " + quoted(sample_dir() + "/screen2"));
  return r;
}
const test::CommandResult& check_run() {
  static const auto r = test::run(cli() + " check " + quoted(sample()) + " -o " +
                                  quoted(sample_dir() + "/check") + " --json");
  return r;
}
const test::CommandResult& diff_run() {
  static const auto r = test::run(
      cli() + " diff-rulesets " + quoted(root() + "/rulesets/chongqing-hub/ruleset.toml") + " " +
      quoted(root() + "/rulesets/chongqing-hub-strict/ruleset.toml") + " " + quoted(sample()) +
      " -o " + quoted(sample_dir() + "/diff") + " --json");
  return r;
}

const char* kSmallRuleset = R"T([ruleset]
id = "small"
version = "1"
title = { zh = "小", en = "small" }

[screening]
grading = "absolute"
cutoffs = { A = 150, B = 100, C = 50 }
[[screening.indicator]]
id = "tax"
title = { zh = "亩均税收", en = "tax per mu" }
value = "tax_per_mu"
benchmark = 10
weight = 1

[[screen]]
id = "LE-COVERAGE"
title = { zh = "建筑系数低于30%", en = "Building coverage below 30 %" }
applies = "land_use LIKE '1001%'"
fails_when = "building_coefficient < 0.30"
actual = "building_coefficient"
threshold = "0.30"
reason = { zh = "建筑系数 {actual} 低于 {threshold}", en = "building coverage {actual} is below {threshold}" }
clause = "建筑系数, \"quoted\""
)T";

}  // namespace

TEST(CliRules, ScreenWithFactsFileGivesHandWorkedFiles) {
  const std::string dir = test::temp_dir();
  const std::string rules = write(dir + "/small.toml", kSmallRuleset);
  // tax 20 -> 200 (A), 10 -> 100 (B), 4.99 -> 49.9 (D); 0802 has no coverage flag.
  const std::string facts = write(dir + "/facts.csv",
                                  "parcel_id,land_use,building_coefficient,tax_per_mu\n"
                                  "P1,100101,0.3,20\n"
                                  "P2,100102,0.2999,10\n"
                                  "P3,0802,0.1,4.99\n");
  auto r = test::run(cli() + " screen --ruleset " + quoted(rules) + " --facts " + quoted(facts) +
                     " -o " + quoted(dir + "/out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(dir + "/out/grades.csv"),
            "parcel_id,score,grade,flags,credit_code,evaluated_as,grade_group,grade_note\n"
            "P1,200,A,,,parcel,default,\n"
            "P2,100,B,LE-COVERAGE,,parcel,default,\n"
            "P3,49.9,D,,,parcel,default,\n");
  EXPECT_EQ(test::read_file(dir + "/out/findings.csv"),
            "subject_id,rule_id,outcome,actual,threshold,reason_zh,reason_en,clause\n"
            "P2,LE-COVERAGE,flag,0.2999,0.3,建筑系数 0.2999 低于 0.3,building coverage 0.2999 is "
            "below 0.3,\"建筑系数, \"\"quoted\"\"\"\n");
  EXPECT_TRUE(fs::exists(dir + "/out/findings.gpkg"));
  EXPECT_NE(r.out.find("parcels: 3 screened, 3 graded: A 1, B 1, C 0, D 1, not graded 0"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  ungraded pending data 0, not graded (new) 0; 3 evaluation units, 0 of "
                       "them enterprises\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("LE-COVERAGE            1"), std::string::npos) << r.out;
}

TEST(CliRules, BrokenRulesetStopsBeforeReadingDataWithFileLineAndRule) {
  const std::string dir = test::temp_dir();
  std::string text = kSmallRuleset;
  text.replace(text.find("building_coefficient < 0.30"), 27, "building_coefficien < 0.30");
  const std::string rules = write(dir + "/bad.toml", text);
  // The parcels do not exist: the ruleset error must come first.
  auto r = test::run(cli() + " screen --ruleset " + quoted(rules) + " --parcels " +
                     quoted(dir + "/missing.gpkg") + " -o " + quoted(dir + "/out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hubland: error: " + rules +
                       ": line 20: rule LE-COVERAGE: fails_when: unknown column "
                       "'building_coefficien' (not a facts column of this subject nor a derived "
                       "column; see docs/facts.md)\n");
  EXPECT_FALSE(fs::exists(dir + "/out/findings.csv"));
}

TEST(CliRules, InjectionInARulesetIsRefused) {
  const std::string dir = test::temp_dir();
  std::string text = kSmallRuleset;
  text.replace(text.find("building_coefficient < 0.30"), 27, "1); DROP TABLE facts; --");
  auto r = test::run(cli() + " screen --ruleset " + quoted(write(dir + "/evil.toml", text)) +
                     " --facts " + quoted(write(dir + "/f.csv", "parcel_id\nP1\n")) + " -o " +
                     quoted(dir + "/out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("rule LE-COVERAGE: fails_when: unbalanced ')'"), std::string::npos) << r.err;
}

TEST(CliRules, CheckNeedsConversionRequests) {
  const std::string dir = test::temp_dir();
  auto r = test::run(cli() + " check --ruleset " + quoted(write(dir + "/s.toml", kSmallRuleset)) +
                     " --facts " + quoted(write(dir + "/f.csv", "parcel_id\nP1\n")) + " -o " +
                     quoted(dir + "/out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "hubland: error: check needs conversion requests: [inputs] conversions or "
            "--conversions\n");
}

TEST(CliRules, NonNumericFactIsASchemaError) {
  const std::string dir = test::temp_dir();
  const std::string facts = write(dir + "/f.csv", "parcel_id,tax_per_mu\nP1,12\nP2,lots\n");
  auto r = test::run(cli() + " screen --ruleset " + quoted(write(dir + "/s.toml", kSmallRuleset)) +
                     " --facts " + quoted(facts) + " -o " + quoted(dir + "/out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hubland: error: " + facts +
                       ": feature row 2: field tax_per_mu: 'lots' is not a number\n");
}

// ---- the whole sample ------------------------------------------------------------------------

TEST(CliRulesSample, EveryParcelGradedOnceAndCountsAgree) {
  const auto& run = screen_run();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  const auto grades = read_csv(sample_dir() + "/screen/grades.csv");
  const std::size_t parcels = feature_count("parcels");
  ASSERT_EQ(grades.size(), parcels + 1);  // header
  EXPECT_EQ(j["parcels"].get<std::size_t>(), parcels);
  std::set<std::string> ids;
  std::map<std::string, std::size_t> per_grade, per_flag, per_status, per_disposal;
  std::size_t flags_in_grades = 0;
  for (std::size_t i = 1; i < grades.size(); ++i) {
    // + land_status, disposal (the ruleset's [land_status]), credit_code, evaluated_as,
    // grade_group, grade_note, district_code, district_name
    ASSERT_EQ(grades[i].size(), 12u);
    EXPECT_EQ(grades[i][10].size(), 6u) << "every sample parcel lies in a district";
    EXPECT_TRUE(ids.insert(grades[i][0]).second) << "graded twice: " << grades[i][0];
    ++per_status[grades[i][4]];
    ++per_disposal[grades[i][5]];
    // 疑似闲置 outranks every other status; no flag at all is 正常.
    if (grades[i][3].find("LE-IDLE") != std::string::npos) {
      EXPECT_EQ(grades[i][4], "疑似闲置") << grades[i][0];
    }
    if (grades[i][3].empty()) {
      EXPECT_EQ(grades[i][4], "正常") << grades[i][0];
    }
    ++per_grade[grades[i][2] == "-" ? "ungraded" : grades[i][2]];
    // A score exactly when graded A–D (not "-", "pending" or "new").
    EXPECT_EQ(grades[i][1].empty(), grades[i][2].size() != 1 || grades[i][2] == "-")
        << grades[i][0];
    std::size_t pos = 0;
    const std::string& f = grades[i][3];
    while (!f.empty() && pos != std::string::npos) {
      const auto next = f.find(';', pos);
      ++per_flag[f.substr(pos, next == std::string::npos ? std::string::npos : next - pos)];
      ++flags_in_grades;
      pos = next == std::string::npos ? next : next + 1;
    }
  }
  for (const auto& [grade, n] : j["grades"].items())
    EXPECT_EQ(per_grade[grade], n.get<std::size_t>()) << grade;
  for (const auto& [rule, n] : j["flags"].items())
    EXPECT_EQ(per_flag[rule], n.get<std::size_t>()) << rule;
  ASSERT_EQ(j["land_status"].size(), 4u);
  std::size_t status_total = 0, disposal_total = 0;
  for (const auto& [status, t] : j["land_status"].items()) {
    EXPECT_EQ(per_status[status], t["parcels"].get<std::size_t>()) << status;
    status_total += t["parcels"].get<std::size_t>();
  }
  for (const auto& [disposal, t] : j["disposal"].items()) {
    EXPECT_EQ(per_disposal[disposal], t["parcels"].get<std::size_t>()) << disposal;
    disposal_total += t["parcels"].get<std::size_t>();
  }
  EXPECT_EQ(status_total, parcels);
  EXPECT_EQ(disposal_total, parcels);
  // Every flag in grades.csv is a finding in findings.csv, and nothing else is.
  const auto findings = read_csv(sample_dir() + "/screen/findings.csv");
  ASSERT_EQ(findings.size(), flags_in_grades + 1);
  for (std::size_t i = 1; i < findings.size(); ++i) {
    ASSERT_EQ(findings[i].size(), 10u);  // + district_code, district_name
    EXPECT_EQ(findings[i][2], "flag");
    EXPECT_TRUE(ids.count(findings[i][0]));
    EXPECT_FALSE(findings[i][5].empty());
    EXPECT_FALSE(findings[i][6].empty());
    EXPECT_FALSE(findings[i][7].empty());
  }
}

TEST(CliRulesSample, ScreenRerunIsByteIdentical) {
  ASSERT_EQ(screen_run().exit_code, 0) << screen_run().err;
  ASSERT_EQ(screen_again_run().exit_code, 0) << screen_again_run().err;
  for (const char* f : {"findings.csv", "grades.csv", "findings.gpkg"}) {
    const std::string a = test::read_file(sample_dir() + "/screen/" + f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == test::read_file(sample_dir() + "/screen2/" + f)) << f;
  }
}

TEST(CliRulesSample, EveryRequestOneVerdictEveryRuleListed) {
  const auto& run = check_run();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  const auto verdicts = read_csv(sample_dir() + "/check/verdicts.csv");
  const std::size_t requests = feature_count("conversions");
  ASSERT_EQ(verdicts.size(), requests + 1);
  EXPECT_EQ(j["requests"].get<std::size_t>(), requests);
  std::set<std::string> ids;
  std::map<std::string, std::size_t> per_verdict;
  for (std::size_t i = 1; i < verdicts.size(); ++i) {
    const Row& v = verdicts[i];
    ASSERT_EQ(v.size(), 6u);  // + district_code, district_name of the request's parcel
    EXPECT_TRUE(ids.insert(v[0]).second) << "two verdicts: " << v[0];
    ++per_verdict[v[1]];
    // reject <=> a failed rule; conditional <=> conditions and no failed rule.
    EXPECT_EQ(v[1] == "reject", !v[3].empty()) << v[0];
    if (v[1] == "conditional") {
      EXPECT_FALSE(v[2].empty()) << v[0];
    }
    if (v[1] == "approve") {
      EXPECT_TRUE(v[2].empty() && v[3].empty()) << v[0];
    }
  }
  for (const auto& [verdict, n] : j["verdicts"].items())
    EXPECT_EQ(per_verdict[verdict], n.get<std::size_t>()) << verdict;
  // findings.csv: every (request, rule) pair exactly once.
  const auto findings = read_csv(sample_dir() + "/check/findings.csv");
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> rules, fired;
  for (std::size_t i = 1; i < findings.size(); ++i) {
    EXPECT_TRUE(pairs.emplace(findings[i][0], findings[i][1]).second);
    rules.insert(findings[i][1]);
    if (findings[i][2] == "fail" || findings[i][2] == "condition") fired.insert(findings[i][1]);
  }
  EXPECT_EQ(findings.size() - 1, requests * rules.size());
  // The sample's cases exercise every conversion rule (sample-data/README.md).
  EXPECT_EQ(fired, rules);
}

TEST(CliRulesSample, DiffRowsMatchTheSummary) {
  const auto& run = diff_run();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  const auto rows = read_csv(sample_dir() + "/diff/diff.csv");
  std::size_t parcels = 0, requests = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 7u);
    (rows[i][0] == "parcel" ? parcels : requests) += 1;
    EXPECT_FALSE(rows[i][4].empty()) << rows[i][1];
  }
  EXPECT_EQ(parcels, j["parcels"]["changed"].get<std::size_t>());
  EXPECT_EQ(requests, j["requests"]["changed"].get<std::size_t>());
  EXPECT_GT(parcels, 0u);  // the strict variant raises the coverage floor to 40 %
  // Counts in = counts out on both sides.
  std::size_t a = 0, b = 0;
  for (const auto& [k, n] : j["parcels"]["grades_a"].items()) a += n.get<std::size_t>();
  for (const auto& [k, n] : j["parcels"]["grades_b"].items()) b += n.get<std::size_t>();
  EXPECT_EQ(a, feature_count("parcels"));
  EXPECT_EQ(b, feature_count("parcels"));
}

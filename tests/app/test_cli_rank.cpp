// hubland rank / report on the bundled Chongqing sample: outputs, determinism, exit
// codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

using namespace hubland;

namespace {

const std::string kCli = HUBLAND_CLI;
const std::string kAnalysis =
    std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST(CliRank, WritesRankingAndIsDeterministic) {
  const std::string dir = test::temp_dir();
  const auto a = test::run(kCli + " -q rank '" + kAnalysis + "' -o '" + dir + "/a' --draws 100");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b =
      test::run(kCli + " -q --json rank '" + kAnalysis + "' -o '" + dir + "/b' --draws 100");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string csv = test::read_file(dir + "/a/ranking.csv");
  EXPECT_EQ(csv, test::read_file(dir + "/b/ranking.csv"));  // same seed -> same figures
  EXPECT_TRUE(std::filesystem::exists(dir + "/a/ranking.gpkg"));
  const auto rows = lines(csv);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(
      rows[0],
      "\xEF\xBB\xBFproject_id,project_name,zone_id,district_code,district_name,eligible,score,"
      "rank,rank_p05,rank_p95,funded_share,allocation,request_mu,new_land_mu,"
      "existing_land_mu,cultivated_mu,quota_charged_mu,reward_charged_mu,reasons,reasons_en");

  const auto j = nlohmann::json::parse(b.out);
  EXPECT_EQ(nlohmann::json::parse(test::read_file(dir + "/b/summary.json")), j);
  const int projects = j["projects"].get<int>();
  EXPECT_EQ(static_cast<int>(rows.size()) - 1, projects);
  EXPECT_EQ(j["counts"]["funded"].get<int>() + j["counts"]["waitlisted"].get<int>() +
                j["counts"]["ineligible"].get<int>(),
            projects);
  // Only new construction land is charged, and never more than the quota plus the rewards.
  double rewards = 0, charged = 0;
  for (const auto& d : j["districts"]) {
    rewards += d["reward_mu"].get<double>();
    charged += d["quota_charged_mu"].get<double>();
  }
  EXPECT_NEAR(charged, j["quota_charged_mu"].get<double>(), 1e-9);
  EXPECT_LE(j["quota_charged_mu"].get<double>(), j["quota_mu"].get<double>() + rewards + 1e-9);
  EXPECT_TRUE(std::filesystem::exists(dir + "/a/districts.csv"));
  const auto by_zone = lines(test::read_file(dir + "/a/supply_by_zone.csv"));
  ASSERT_FALSE(by_zone.empty());
  EXPECT_EQ(by_zone[0],
            "\xEF\xBB\xBFzone_id,zone_name,unsupplied_mu,supplied_unused_mu,reserve_mu,supplied_mu,"
            "disposed_unsupplied_mu,disposed_idle_mu");
  EXPECT_EQ(j["sensitivity"]["draws"].get<int>(), 100);
  // The best project's interval contains its rank.
  const auto& top = j["top"][0];
  EXPECT_EQ(top["rank"].get<int>(), 1);
  EXPECT_EQ(top["rank_p05"].get<int>(), 1);
  EXPECT_GE(top["rank_p95"].get<int>(), 1);
}

TEST(CliRank, QuotaAndMethodFlags) {
  const std::string dir = test::temp_dir();
  const auto none = test::run(kCli + " -q --json rank '" + kAnalysis + "' -o '" + dir +
                              "' --quota-mu 0 --draws 10");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  const auto j = nlohmann::json::parse(none.out);
  // With 0 mu of general quota, only projects wholly on existing construction land (no quota
  // needed) and projects their district's 增存挂钩 reward covers are funded.
  double from_rewards = 0;
  for (const auto& d : j["districts"]) from_rewards += d["reward_charged_mu"].get<double>();
  EXPECT_NEAR(j["quota_charged_mu"].get<double>(), from_rewards, 1e-9);
  EXPECT_GT(j["funded_without_quota"].get<int>(), 0);
  const auto topsis = test::run(kCli + " -q --json rank '" + kAnalysis + "' -o '" + dir +
                                "' --method topsis --draws 10");
  ASSERT_EQ(topsis.exit_code, 0) << topsis.err;
  const auto t = nlohmann::json::parse(topsis.out);
  EXPECT_EQ(t["method"].get<std::string>(), "topsis");
  EXPECT_LE(t["top"][0]["score"].get<double>(), 1.0);  // closeness lies in [0, 1]
}

TEST(CliRank, BadInputExitsWith2) {
  const std::string dir = test::temp_dir();
  EXPECT_EQ(test::run(kCli + " rank /nonexistent/analysis.toml -o '" + dir + "'").exit_code, 2);
  EXPECT_EQ(
      test::run(kCli + " rank '" + kAnalysis + "' -o '" + dir + "' --method electre").exit_code, 2);
  EXPECT_EQ(test::run(kCli + " report '" + kAnalysis + "' -o '" + dir + "'").exit_code, 2);
}

// A criterion that calls random() would make the ranking differ from run to run: the ruleset
// load refuses it, before any input is read, with exit 2 naming file, line and criterion.
TEST(CliRank, CriterionCallingRandomIsRefusedAtLoad) {
  const std::string dir = test::temp_dir();
  std::string rules =
      test::read_file(std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/chongqing-hub/ruleset.toml");
  const std::string investment = "expression = \"investment_10k_yuan / nullif(land_mu, 0)\"";
  const auto at = rules.find(investment);
  ASSERT_NE(at, std::string::npos);
  rules.replace(at, investment.size(), "expression = \"random() % 100\"");
  const int line = 1 + static_cast<int>(std::count(rules.begin(), rules.begin() + at, '\n'));
  std::ofstream(dir + "/rules.toml", std::ios::binary) << rules;
  const std::string gpkg =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
  std::ofstream(dir + "/analysis.toml", std::ios::binary)
      << "[inputs]\nparcels = \"" << gpkg << "|parcels\"\nprojects = \"" << gpkg
      << "|projects\"\n[analysis]\nruleset = \"rules.toml\"\n";
  for (const char* command : {"rank", "run"}) {
    const auto r = test::run(kCli + " " + command + " '" + dir + "/analysis.toml' -o '" + dir +
                             "/out-" + command + "'");
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find("rules.toml"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("PR-INVEST"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("random()"), std::string::npos) << r.err;
    // The criterion's line: its [[criterion]] header, a few lines above the expression.
    bool names_line = false;
    for (int l = line - 4; l <= line; ++l)
      names_line = names_line || r.err.find("line " + std::to_string(l) + ":") != std::string::npos;
    EXPECT_TRUE(names_line) << "expression on line " << line << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/out-" + command + "/ranking.csv"));
  }
}

TEST(CliReport, WritesProjectAndZoneReports) {
  const std::string dir = test::temp_dir();
  const auto r = test::run(kCli + " -q --json report '" + kAnalysis + "' -o '" + dir +
                           "' --top 1 --zone ZNP-A --draws 20 --lang en");
  if (r.err.find("without the report renderer") != std::string::npos)
    GTEST_SKIP() << "hubland built with HUBLAND_BUILD_DESK=OFF";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["reports"].size(), 2u);
  const std::string id = j["reports"][0]["project_id"].get<std::string>();
  for (const auto& rep : j["reports"]) {
    EXPECT_TRUE(std::filesystem::exists(rep["pdf"].get<std::string>()));
    EXPECT_TRUE(std::filesystem::exists(rep["html"].get<std::string>()));
    EXPECT_GE(rep["pages"].get<int>(), 1);
  }
  const auto text =
      test::run("pdftotext -raw '" + j["reports"][0]["pdf"].get<std::string>() + "' -");
  EXPECT_NE(text.out.find(id), std::string::npos);
  EXPECT_NE(text.out.find("funded"), std::string::npos);  // the best project is funded
  EXPECT_NE(text.out.find(j["run_id"].get<std::string>()), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir + "/zone-ZNP-A-map.png"));
  // An unknown project is bad input.
  EXPECT_EQ(
      test::run(kCli + " -q report '" + kAnalysis + "' -o '" + dir + "' --project NOPE --draws 5")
          .exit_code,
      2);
}

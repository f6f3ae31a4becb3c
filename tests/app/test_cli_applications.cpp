// The zone-office workflow on a SpatiaLite workspace (one user): apply, list, decide, withdraw,
// the application's justification — and the checks agree with what `hubland rank` / `hubland run`
// give for the same data, so an application is judged by the one engine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <unistd.h>

#include "applications_fixture.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string cli(const std::string& args) {
  return test::cli() + " " + args;
}

/// One `hubland run` of the sample for the whole suite; each test works on its own copy.
class CliApplications : public ::testing::Test {
 protected:
  // ctest runs each test in a process of its own, two at a time: the shared run lives in a
  // folder of this process, removed when the suite ends.
  static void SetUpTestSuite() {
    s_dir = std::string(HUBLAND_TEST_TMP) + "/cli-applications-" + std::to_string(::getpid());
    fs::remove_all(s_dir);
    fs::create_directories(s_dir);
    const auto r = test::run(cli("-q run " + q(kSample + "/analysis.toml") + " -o " + q(s_dir)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { fs::remove_all(s_dir); }
  void SetUp() override {
    m_dir = test::temp_dir();
    m_ws = m_dir + "/ws.hubland.sqlite";
    fs::copy_file(s_dir + "/analysis.hubland.sqlite", m_ws);
  }
  json run_json(const std::string& args, int expected_exit = 0) {
    const auto r = test::run(cli("-q --json " + args));
    EXPECT_EQ(r.exit_code, expected_exit) << args << "\n" << r.err;
    if (r.exit_code != 0) return json{{"stderr", r.err}};
    return json::parse(r.out);
  }
  json apply_project() {
    return run_json("apply " + q(m_ws) + " --project " + q(kApplications + "|project"));
  }
  static std::string s_dir;
  std::string m_dir, m_ws;
};
std::string CliApplications::s_dir;

/// The row of `id` (first column `key`) in a CSV written by hubland, as column -> text.
std::map<std::string, std::string> csv_row(const std::string& path, const std::string& key,
                                           const std::string& id) {
  for (auto& row : test::read_csv_rows(path))
    if (row[key] == id) return row;
  return {};
}

}  // namespace

TEST_F(CliApplications, ApplyChecksTheProjectAsTheRankingDoesAndStoresWhatTheOfficeSaw) {
  const json j = apply_project();
  ASSERT_TRUE(j.contains("application")) << j.dump();
  EXPECT_EQ(j["application"], 1);
  EXPECT_EQ(j["status"], "submitted");
  EXPECT_EQ(j["version"], 2);  // filed (1), submitted (2)
  EXPECT_EQ(j["subject_id"], "AP-2026-001");
  EXPECT_EQ(j["zone_id"], "ZGY-A");
  const json& c = j["checks"];
  EXPECT_EQ(c["basis_run"], 1);
  EXPECT_EQ(c["as_of"], "2026-06-30");
  EXPECT_EQ(c["ruleset_id"], "cq-hub-2026");
  // The stored submission is exactly what the office was shown.
  EXPECT_EQ(j["submission"], c);

  // The same project ranked by `hubland rank` among the sample's projects: an analysis whose
  // projects layer is the sample's plus the application's feature.
  const std::string gpkg = m_dir + "/projects.gpkg";
  ASSERT_EQ(test::run("ogr2ogr -f GPKG " + q(gpkg) + " " + q(kSample + "/chongqing.gpkg") +
                      " projects -nln projects")
                .exit_code,
            0);
  ASSERT_EQ(test::run("ogr2ogr -append -update " + q(gpkg) + " " + q(kApplications) +
                      " project -nln projects")
                .exit_code,
            0);
  std::ifstream in(kSample + "/analysis.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string analysis = text.str();
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = analysis.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    analysis.replace(at, from.size(), to);
  };
  replace("projects = \"chongqing.gpkg|projects\"", "projects = \"" + gpkg + "|projects\"");
  for (const char* role : {"parcels", "zones", "hubs", "constraints", "roads", "conversions",
                           "land_survey", "land_supply", "parks", "buildings"})
    replace(std::string(role) + " = \"chongqing.gpkg|",
            std::string(role) + " = \"" + kSample + "/chongqing.gpkg|");
  replace("districts = \"districts.geojson\"", "districts = \"" + kSample + "/districts.geojson\"");
  replace("ruleset = \"../../rulesets/",
          "ruleset = \"" + std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/");
  std::ofstream(m_dir + "/analysis.toml") << analysis;
  const auto r =
      test::run(cli("-q rank " + q(m_dir + "/analysis.toml") + " -o " + q(m_dir + "/rank")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto row = csv_row(m_dir + "/rank/ranking.csv", "project_id", "AP-2026-001");
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row.at("eligible"), c["eligible"].get<bool>() ? "1" : "0");
  EXPECT_EQ(row.at("rank"), std::to_string(c["rank"].get<int>()));
  EXPECT_EQ(row.at("rank_p05"), std::to_string(c["rank_p05"].get<int>()));
  EXPECT_EQ(row.at("rank_p95"), std::to_string(c["rank_p95"].get<int>()));
  EXPECT_EQ(row.at("allocation"), c["allocation"].get<std::string>());
  EXPECT_NEAR(std::stod(row.at("quota_charged_mu")), c["quota_charged_mu"].get<double>(), 1e-9);
  EXPECT_NEAR(std::stod(row.at("request_mu")), 36.0, 1e-9);
  EXPECT_EQ(c["request_mu"], 36.0);
  // Only new construction land consumes quota: never more than the new land of the site.
  if (!c["new_land_mu"].is_null()) {
    EXPECT_LE(c["quota_charged_mu"].get<double>(), c["new_land_mu"].get<double>() + 1e-9);
  }
}

TEST_F(CliApplications, DecideReRunsTheChecksAndRecordsEveryStep) {
  ASSERT_EQ(apply_project()["status"], "submitted");
  const json d = run_json("decide " + q(m_ws) +
                          " --application 1 --decision conditional --reason 存量优先，附条件"
                          " --rule EL-REDLINE --rule EL-FARMLAND --conditions 两年内开工");
  EXPECT_EQ(d["status"], "approved_with_conditions");
  EXPECT_EQ(d["version"], 4);
  EXPECT_EQ(d["conditions"], "两年内开工");
  EXPECT_EQ(d["decision_rules"], json::array({"EL-REDLINE", "EL-FARMLAND"}));
  EXPECT_FALSE(d["decided_utc"].get<std::string>().empty());
  EXPECT_EQ(d["review"]["basis_run"], 1);
  // Same data, same engine: the review agrees with what the office saw.
  EXPECT_EQ(d["review"]["rank"], d["submission"]["rank"]);
  EXPECT_EQ(d["review"]["quota_charged_mu"], d["submission"]["quota_charged_mu"]);

  const json shown = run_json("applications " + q(m_ws) + " --id 1");
  const json& h = shown["history"];
  ASSERT_EQ(h.size(), 4u) << h.dump(2);
  const char* steps[][2] = {{"", "draft"},
                            {"draft", "submitted"},
                            {"submitted", "under_review"},
                            {"under_review", "approved_with_conditions"}};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(h[i]["from"], steps[i][0]) << i;
    EXPECT_EQ(h[i]["to"], steps[i][1]) << i;
    EXPECT_EQ(h[i]["version"], static_cast<int>(i) + 1);
    EXPECT_FALSE(h[i]["user"].get<std::string>().empty());
  }
  EXPECT_EQ(h[3]["reason"], "存量优先，附条件");
  EXPECT_EQ(h[3]["rules"], json::array({"EL-REDLINE", "EL-FARMLAND"}));
  EXPECT_EQ(h[2]["reason"], "checks re-run on run 1");

  // A final decision stays: withdrawing it is refused and changes nothing.
  const auto r = test::run(cli("withdraw " + q(m_ws) + " --application 1"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(run_json("applications " + q(m_ws) + " --id 1")["version"], 4);
}

TEST_F(CliApplications, BadDecisionsAreRefusedAndChangeNothing) {
  apply_project();
  auto r = test::run(
      cli("decide " + q(m_ws) + " --application 1 --decision approve --reason ok --rule EL-NOPE"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("EL-NOPE"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such rule"), std::string::npos) << r.err;
  r = test::run(cli("decide " + q(m_ws) + " --application 1 --decision conditional --reason x"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--conditions"), std::string::npos) << r.err;
  r = test::run(cli("decide " + q(m_ws) + " --application 9 --decision approve --reason x"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no application 9"), std::string::npos) << r.err;
  const json shown = run_json("applications " + q(m_ws) + " --id 1");
  EXPECT_EQ(shown["status"], "submitted");
  EXPECT_EQ(shown["version"], 2);
  EXPECT_EQ(shown["history"].size(), 2u);
}

TEST_F(CliApplications, AStaleVersionIsRefusedWithExitThreeAndTheCurrentOneNamed) {
  apply_project();  // version 2
  const auto r = test::run(cli("withdraw " + q(m_ws) + " --application 1 --expect-version 1"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("version 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("you read 1"), std::string::npos) << r.err;
  EXPECT_EQ(run_json("applications " + q(m_ws) + " --id 1")["status"], "submitted");
  // With the current version the withdrawal goes through, and the application stays readable.
  const json w =
      run_json("withdraw " + q(m_ws) + " --application 1 --expect-version 2 --reason 企业放弃");
  EXPECT_EQ(w["status"], "withdrawn");
  const json listed = run_json("applications " + q(m_ws) + " --status withdrawn");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["subject_id"], "AP-2026-001");
  EXPECT_EQ(listed[0]["decision_reason"], "企业放弃");
}

TEST_F(CliApplications, AConversionRequestGetsTheVerdictTheRunGave) {
  // C001 as an application: the same request on the same data gets the run's verdict, and its
  // zone is its parcel's.
  const json j = run_json("apply " + q(m_ws) + " --conversion " +
                          q(kSample + "/chongqing.gpkg|conversions") + " --id C001");
  ASSERT_TRUE(j.contains("checks")) << j.dump();
  const layers::Workspace ws = layers::Workspace::open(m_ws, layers::OpenMode::MustExist);
  const layers::Table verdicts = ws.table("verdicts", 1);
  const layers::Table facts = ws.table("facts", 1);
  std::string verdict, zone;
  for (std::size_t r = 0; r < verdicts.row_count(); ++r)
    if (layers::as_text(verdicts.get(r, verdicts.index("request_id"))) == "C001")
      verdict = layers::as_text(verdicts.get(r, verdicts.index("verdict")));
  for (std::size_t r = 0; r < facts.row_count(); ++r)
    if (layers::as_text(facts.get(r, facts.index("parcel_id"))) == "GY00135")
      zone = layers::as_text(facts.get(r, facts.index("zone_id")));
  ASSERT_FALSE(verdict.empty());
  EXPECT_EQ(j["checks"]["verdict"], verdict);
  EXPECT_EQ(j["kind"], "conversion");
  EXPECT_EQ(j["zone_id"], zone);
  EXPECT_FALSE(zone.empty());
}

TEST_F(CliApplications, TheJustificationCarriesTheDecisionItsRulesAndTheHistory) {
  apply_project();
  run_json("decide " + q(m_ws) +
           " --application 1 --decision conditional --reason 存量优先 --rule EL-REDLINE"
           " --conditions 两年内开工");
  const auto r = test::run(cli("report " + q(m_ws) + " --application 1 -o " + q(m_dir + "/rep")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string pdf = m_dir + "/rep/application-1.pdf";
  ASSERT_TRUE(fs::exists(pdf));
  const auto t = test::run("pdftotext -raw " + q(pdf) + " -");
  ASSERT_EQ(t.exit_code, 0);
  for (const char* s : {"用地指标申请 1", "AP-2026-001", "附条件批准", "存量优先", "两年内开工",
                        "EL-REDLINE", "项目选址不占生态保护红线", "办理记录", "审查中", "已提交",
                        "提交时（申请单位所见）", "准入条件", "HL-1-application-1"})
    EXPECT_NE(t.out.find(s), std::string::npos) << s;
}

TEST_F(CliApplications, BadApplicationsNameTheFileAndStoreNothing) {
  // Several projects and no --id.
  auto r =
      test::run(cli("apply " + q(m_ws) + " --project " + q(kSample + "/chongqing.gpkg|projects")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--id"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("chongqing.gpkg"), std::string::npos) << r.err;
  r = test::run(cli("apply " + q(m_ws) + " --project " + q(kSample + "/chongqing.gpkg|projects") +
                    " --id P999"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("P999"), std::string::npos) << r.err;
  // A point where a site polygon belongs, and a truncated file.
  std::ofstream(m_dir + "/point.geojson")
      << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
         R"({"project_id":"AP-P","zone_id":"ZGY-A"},"geometry":{"type":"Point",)"
         R"("coordinates":[106.6,29.6]}}]})";
  r = test::run(cli("apply " + q(m_ws) + " --project " + q(m_dir + "/point.geojson")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("point.geojson"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Point"), std::string::npos) << r.err;
  const std::string whole = test::read_file(kApplications);
  std::ofstream(m_dir + "/cut.gpkg", std::ios::binary) << whole.substr(0, whole.size() / 3);
  r = test::run(cli("apply " + q(m_ws) + " --project " + q(m_dir + "/cut.gpkg|project")));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cut.gpkg"), std::string::npos) << r.err;
  r = test::run(cli("apply " + q(m_ws) + " --project " + q(m_dir + "/none.gpkg")));
  EXPECT_EQ(r.exit_code, 2);
  r = test::run(cli("apply " + q(m_ws)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--project"), std::string::npos) << r.err;
  // A workspace without a `hubland run` has nothing to check against.
  r = test::run(cli("import --role parcels " + q(kSample + "/chongqing.gpkg|parcels") + " -o " +
                    q(m_dir + "/bare.hubland.sqlite")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run(cli("apply " + q(m_dir + "/bare.hubland.sqlite") + " --project " +
                    q(kApplications + "|project")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no completed `hubland run` run"), std::string::npos) << r.err;
  EXPECT_EQ(run_json("applications " + q(m_ws)).size(), 0u);
}

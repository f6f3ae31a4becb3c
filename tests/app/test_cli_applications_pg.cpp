// The zone-office workflow on the shared PostGIS workspace, with real logins on the throwaway
// cluster (bureau_user, office_z1, office_z2 from tests/postgis/pg_cluster.sh): office A applies,
// office B cannot see it, an office cannot decide, the bureau decides, office A sees the decision
// and gets the justification, a stale edit is refused, and the audit trail lists every step.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../layers/workspace_fixtures.hpp"
#include "applications_fixture.hpp"
#include "hubland/layers/postgis.hpp"
#include "test_support.hpp"

using namespace hubland;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

test::CommandResult hl(const std::string& args) {
  return test::run(test::cli() + " -q " + args);
}

json hl_json(const std::string& args, int expected_exit = 0) {
  const auto r = test::run(test::cli() + " -q --json " + args);
  EXPECT_EQ(r.exit_code, expected_exit) << args << "\n" << r.err;
  if (r.exit_code != 0) return json{{"stderr", r.err}};
  return json::parse(r.out);
}

}  // namespace

TEST(CliApplicationsPostGIS, OfficesApplyTheBureauDecidesEveryStepIsRecorded) {
  HUBLAND_REQUIRE_POSTGIS();
  const std::string admin = test::pg_fresh_database("apps");
  const std::string db = admin.substr(admin.rfind('/') + 1);
  const std::string office_a = test::pg_url(admin, "office_z1", db);
  const std::string office_b = test::pg_url(admin, "office_z2", db);
  const std::string bureau = test::pg_url(admin, "bureau_user", db);
  const std::string dir = test::temp_dir();

  // The bureau's analysis of the year, then the logins: office A is 果园港 (ZGY-A).
  auto r =
      hl("run " + q(kSample + "/analysis.toml") + " -o " + q(dir) + " --workspace " + q(admin));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(hl("office add " + q(admin) + " --login office_z1 --zone ZGY-A").exit_code, 0);
  ASSERT_EQ(hl("office add " + q(admin) + " --login office_z2 --zone ZGY-B").exit_code, 0);
  ASSERT_EQ(hl("office add " + q(admin) + " --login bureau_user --bureau").exit_code, 0);

  // Office A applies; its zone comes from its login and the file.
  const json filed =
      hl_json("apply " + q(office_a) + " --project " + q(kApplications + "|project"));
  ASSERT_EQ(filed["status"], "submitted") << filed.dump();
  const int id = filed["application"].get<int>();
  EXPECT_EQ(filed["filed_by"], "office_z1");

  // Office B sees nothing of it and cannot touch it.
  EXPECT_EQ(hl_json("applications " + q(office_b)).size(), 0u);
  r = hl("applications " + q(office_b) + " --id " + std::to_string(id));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no application " + std::to_string(id) + " visible to office_z2"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(hl("withdraw " + q(office_b) + " --application " + std::to_string(id)).exit_code, 2);
  // An office cannot file for another zone.
  r = hl("apply " + q(office_b) + " --project " + q(kApplications + "|project"));
  EXPECT_EQ(r.exit_code, 2) << r.err;

  // An office cannot decide, not even its own application.
  r = hl("decide " + q(office_a) + " --application " + std::to_string(id) +
         " --decision approve --reason self");
  EXPECT_EQ(r.exit_code, 2) << r.err;

  // The bureau sees it and decides.
  ASSERT_EQ(hl_json("applications " + q(bureau)).size(), 1u);
  const json decided = hl_json("decide " + q(bureau) + " --application " + std::to_string(id) +
                               " --decision approve --reason 符合准入条件 --rule EL-REDLINE");
  EXPECT_EQ(decided["status"], "approved");
  EXPECT_EQ(decided["decided_by"], "bureau_user");

  // Office A sees the decision and its history.
  const json seen = hl_json("applications " + q(office_a) + " --id " + std::to_string(id));
  EXPECT_EQ(seen["status"], "approved");
  EXPECT_EQ(seen["decision_reason"], "符合准入条件");
  const json& h = seen["history"];
  ASSERT_EQ(h.size(), 4u) << h.dump(2);
  const char* who[] = {"office_z1", "office_z1", "bureau_user", "bureau_user"};
  const char* to[] = {"draft", "submitted", "under_review", "approved"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(h[i]["user"], who[i]) << i;
    EXPECT_EQ(h[i]["to"], to[i]) << i;
  }

  // ...and gets the justification.
  r = hl("report " + q(office_a) + " --application " + std::to_string(id) + " -o " +
         q(dir + "/rep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto text = test::run("pdftotext -raw " +
                              q(dir + "/rep/application-" + std::to_string(id) + ".pdf") + " -");
  EXPECT_NE(text.out.find("符合准入条件"), std::string::npos);
  EXPECT_NE(text.out.find("bureau_user"), std::string::npos);

  // A stale edit is refused: a second application, withdrawn with the version before submission.
  // A conversion request for a parcel of another zone is refused (C001's parcel is in ZGY-B).
  r = hl("apply " + q(office_a) + " --conversion " + q(kSample + "/chongqing.gpkg|conversions") +
         " --id C001");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("ZGY-B"), std::string::npos) << r.err;
  const json second =
      hl_json("apply " + q(office_a) + " --conversion " + q(kApplications + "|conversion"));
  ASSERT_EQ(second["version"], 2) << second.dump();
  const std::string id2 = std::to_string(second["application"].get<int>());
  r = hl("withdraw " + q(office_a) + " --application " + id2 + " --expect-version 1");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(hl_json("applications " + q(bureau) + " --id " + id2)["status"], "submitted");

  // The database refuses an edit after submission whoever sends it (here office A's login in
  // plain SQL, as psql or QGIS would).
  layers::PgConnection raw(office_a);
  try {
    raw.exec(
        "UPDATE hubland.applications SET subject_id = 'AC-X', version = version + 1 "
        "WHERE id = " +
        id2);
    ADD_FAILURE() << "an edit after submission was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("can no longer be edited"), std::string::npos) << e.what();
  }
  EXPECT_EQ(hl_json("applications " + q(bureau) + " --id " + id2)["subject_id"], "AC-2026-001");
}

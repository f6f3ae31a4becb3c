// Applications in the workspace: filing, editing, the status workflow, the audit events and
// optimistic versions — on SpatiaLite and (when the test cluster is up) PostGIS. The database
// itself refuses what the workflow forbids: raw SQL beside HubLand is refused the same way.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "hubland/error.hpp"
#include "hubland/layers/postgis.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"
#include "workspace_fixtures.hpp"

using namespace hubland;
using namespace hubland::layers;
using test::Store;

namespace {

class Applications : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::PostGIS) {
      HUBLAND_REQUIRE_POSTGIS();
      m_location = test::pg_fresh_database("app");
    } else {
      m_location = test::temp_dir() + "/apps.hubland.sqlite";
    }
  }
  Application project(const std::string& id = "PR-1", const std::string& zone = "Z1") {
    Application a;
    a.kind = ApplicationKind::Project;
    a.subject = test::make_project_subject(id, zone);
    a.subject_id = id;
    a.zone_id = zone;
    return a;
  }
  std::string m_location;
};

template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return Error(ErrorKind::Cancelled, "no error");
}

TEST_P(Applications, FileEditSubmitReviewDecideRoundTrip) {
  Workspace ws = Workspace::open(m_location);
  const WorkspaceActor me = ws.actor();
  EXPECT_EQ(me.actor, Actor::Bureau);
  const Application filed = project();
  const auto id = ws.file_application(filed);
  Application a = ws.application(id);
  EXPECT_EQ(a.id, id);
  EXPECT_EQ(a.status, ApplicationStatus::Draft);
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.filed_by, me.login);
  EXPECT_EQ(a.updated_by, me.login);
  EXPECT_EQ(a.filed_utc.size(), 20u);
  EXPECT_EQ(a.subject_id, "PR-1");
  EXPECT_EQ(a.zone_id, "Z1");
  // The subject comes back exactly: types, units, nulls, the WKB bytes and the EPSG.
  EXPECT_TRUE(test::tables_equal(a.subject.attributes, filed.subject.attributes));
  EXPECT_EQ(a.subject.attributes.real_at(0, 3), 1000.0 / 3.0);
  EXPECT_TRUE(a.subject.attributes.null_at(0, 5));
  ASSERT_EQ(a.subject.geometry.size(), 1u);
  EXPECT_EQ(a.subject.geometry[0], filed.subject.geometry[0]);
  EXPECT_EQ(a.subject.epsg, 4545);
  EXPECT_EQ(a.subject.role, Role::Projects);
  EXPECT_EQ(a.subject.layer_name, "projects");
  EXPECT_EQ(a.subject.source, "hand-made");

  // A draft's content may change; the version rises by one.
  Application edit = a;
  edit.subject = test::make_project_subject("PR-1", "Z1", "果园港冷链仓储（二期）");
  edit.subject.attributes.set_null(0, 4);
  ws.edit_application(edit, 1);
  a = ws.application(id);
  EXPECT_EQ(a.version, 2);
  EXPECT_EQ(a.subject.attributes.text_at(0, 1), "果园港冷链仓储（二期）");
  EXPECT_TRUE(a.subject.attributes.null_at(0, 4));

  a = ws.change_status(id, 2, {.to = ApplicationStatus::Submitted, .checks_json = R"({"s":1})"});
  EXPECT_EQ(a.status, ApplicationStatus::Submitted);
  EXPECT_EQ(a.version, 3);
  EXPECT_EQ(a.submission_json, R"({"s":1})");
  a = ws.change_status(id, 3, {.to = ApplicationStatus::UnderReview, .checks_json = R"({"r":1})"});
  EXPECT_EQ(a.review_json, R"({"r":1})");
  EXPECT_EQ(a.submission_json, R"({"s":1})");
  EXPECT_TRUE(a.decided_by.empty());
  a = ws.change_status(id, 4,
                       {.to = ApplicationStatus::ApprovedWithConditions,
                        .reason = "符合用地条件",
                        .rules = {"LE-FAR", "Q-1"},
                        .conditions = "两年内开工"});
  EXPECT_EQ(a.status, ApplicationStatus::ApprovedWithConditions);
  EXPECT_EQ(a.version, 5);
  EXPECT_EQ(a.decision_reason, "符合用地条件");
  EXPECT_EQ(a.decision_rules, (std::vector<std::string>{"LE-FAR", "Q-1"}));
  EXPECT_EQ(a.conditions, "两年内开工");
  EXPECT_EQ(a.decided_by, me.login);
  EXPECT_EQ(a.decided_utc, a.updated_utc);
  EXPECT_EQ(a.review_json, R"({"r":1})");

  const auto events = ws.application_events(id);
  ASSERT_EQ(events.size(), 5u);
  const char* expected[][2] = {{"", "draft"},
                               {"draft", "draft"},
                               {"draft", "submitted"},
                               {"submitted", "under_review"},
                               {"under_review", "approved_with_conditions"}};
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].application, id);
    EXPECT_EQ(events[i].version, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(events[i].from_status, expected[i][0]);
    EXPECT_EQ(events[i].to_status, expected[i][1]);
    EXPECT_EQ(events[i].user, me.login);
    EXPECT_EQ(events[i].at_utc.size(), 20u);
  }
  EXPECT_EQ(events[4].reason, "符合用地条件");
  EXPECT_EQ(events[4].rules, (std::vector<std::string>{"LE-FAR", "Q-1"}));
  EXPECT_TRUE(events[2].rules.empty());

  // A conversion request (no geometry) withdrawn from draft: final, no decider.
  Application c;
  c.kind = ApplicationKind::Conversion;
  c.subject = test::make_conversion_subject("CR-1", "Z2");
  c.subject_id = "CR-1";
  c.zone_id = "Z2";
  const auto cid = ws.file_application(c);
  const Application w =
      ws.change_status(cid, 1, {.to = ApplicationStatus::Withdrawn, .reason = "项目取消"});
  EXPECT_EQ(w.decision_reason, "项目取消");
  EXPECT_TRUE(w.decided_by.empty());
  EXPECT_TRUE(w.subject.geometry.empty());
  EXPECT_EQ(w.subject.epsg, 0);
  EXPECT_TRUE(test::tables_equal(w.subject.attributes, c.subject.attributes));

  // Listing, and a listing by status.
  const auto all = ws.applications();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, id);
  EXPECT_EQ(all[1].id, cid);
  const auto withdrawn = ws.applications(ApplicationStatus::Withdrawn);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].id, cid);
  EXPECT_FALSE(ws.find_application(cid + 1).has_value());
  const Error none = error_of([&] { ws.application(cid + 1); });
  EXPECT_EQ(none.kind(), ErrorKind::BadInput);
  EXPECT_EQ(none.message(),
            "no application " + std::to_string(cid + 1) + " visible to " + me.login);
}

TEST_P(Applications, IllegalTransitionsAndLateEditsAreRefused) {
  Workspace ws = Workspace::open(m_location);
  const std::string login = ws.actor().login;
  const auto id = ws.file_application(project());
  Error e = error_of([&] { ws.change_status(id, 1, {.to = ApplicationStatus::Approved}); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "application " + std::to_string(id) + " is draft: " + login +
                             " (bureau) may not move it to approved");
  ws.change_status(id, 1, {.to = ApplicationStatus::Submitted});
  e = error_of([&] { ws.edit_application(ws.application(id), 2); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "application " + std::to_string(id) +
                             " is submitted: its content can no longer be edited");
  e = error_of([&] { ws.change_status(id, 2, {.to = ApplicationStatus::ApprovedWithConditions}); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  ws.change_status(id, 2, {.to = ApplicationStatus::UnderReview});
  e = error_of([&] { ws.change_status(id, 3, {.to = ApplicationStatus::ApprovedWithConditions}); });
  EXPECT_EQ(e.message(), "application " + std::to_string(id) +
                             ": approved_with_conditions needs the conditions");
  ws.change_status(id, 3, {.to = ApplicationStatus::Rejected, .reason = "超出配额"});
  e = error_of([&] { ws.change_status(id, 4, {.to = ApplicationStatus::Withdrawn}); });
  EXPECT_EQ(e.message(), "application " + std::to_string(id) + " is rejected: " + login +
                             " (bureau) may not move it to withdrawn");
  EXPECT_EQ(ws.application(id).version, 4);
  EXPECT_EQ(ws.application_events(id).size(), 4u);

  // A subject that is not what the kind says.
  Application bad = project("PR-2");
  bad.kind = ApplicationKind::Conversion;
  e = error_of([&] { ws.file_application(bad); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(),
            "the application: a conversion application needs a subject of role conversions, not "
            "projects");
  bad = project("PR-2");
  bad.subject_id = "PR-9";
  e = error_of([&] { ws.file_application(bad); });
  EXPECT_EQ(e.message(),
            "the application: subject_id 'PR-9' differs from the subject's project_id 'PR-2'");
  bad = project("PR-2");
  bad.subject.attributes.set(0, 3, std::numeric_limits<double>::quiet_NaN());
  e = error_of([&] { ws.file_application(bad); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_NE(std::string(e.what()).find("area_m2"), std::string::npos) << e.what();
  EXPECT_EQ(ws.applications().size(), 1u);
}

TEST_P(Applications, TheDatabaseRefusesWhatTheWorkflowForbids) {
  Workspace ws = Workspace::open(m_location);
  const auto id = ws.file_application(project());
  ws.change_status(id, 1, {.to = ApplicationStatus::Submitted});
  const bool pg = GetParam() == Store::PostGIS;
  const std::string t = pg ? "hubland.applications" : "hubland_applications";
  const std::string ev = pg ? "hubland.application_events" : "hubland_application_events";
  const std::string where = " WHERE id=" + std::to_string(id);
  test::RawSql raw(m_location);
  const std::string app = pg ? "application " + std::to_string(id) : "application";
  // Editing after submission, even with the right version.
  EXPECT_EQ(raw.error_of("UPDATE " + t + " SET subject_id='PR-X', version=version+1" + where),
            app + " is submitted: its content can no longer be edited");
  // Skipping review; going back to draft; a version that does not rise by one.
  EXPECT_EQ(raw.error_of("UPDATE " + t + " SET status='approved', version=version+1" + where),
            app + " is submitted: it may only move to under_review, withdrawn");
  EXPECT_EQ(raw.error_of("UPDATE " + t + " SET status='draft', version=version+1" + where),
            app + " is submitted: it may only move to under_review, withdrawn");
  EXPECT_EQ(raw.error_of("UPDATE " + t + " SET status='under_review'" + where),
            pg ? app + ": its version rises by exactly one with every change (stored 2, written 2)"
               : "an application's version rises by exactly one with every change");
  // Nothing is deleted; the audit log is never changed.
  EXPECT_EQ(
      raw.error_of("DELETE FROM " + t + where),
      pg ? "applications are never deleted: withdraw application " + std::to_string(id) + " instead"
         : "applications are never deleted: withdraw it instead");
  EXPECT_EQ(raw.error_of("UPDATE " + ev + " SET user_name='someone'"),
            "application events are an audit log: they are never changed");
  EXPECT_EQ(raw.error_of("DELETE FROM " + ev),
            "application events are an audit log: they are never deleted");
  // A raw change the workflow allows is stored, with its event written by the trigger.
  EXPECT_EQ(raw.error_of("UPDATE " + t + " SET status='under_review', version=3" + where), "");
  const auto events = ws.application_events(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].from_status, "submitted");
  EXPECT_EQ(events[2].to_status, "under_review");
  EXPECT_EQ(events[2].version, 3);
  EXPECT_EQ(ws.application(id).subject_id, "PR-1");
}

TEST_P(Applications, AStaleWriteIsAConflict) {
  Workspace ws = Workspace::open(m_location);
  const auto id = ws.file_application(project());
  Application a = ws.application(id);
  ws.edit_application(a, 1);
  const Application now = ws.application(id);
  Error e = error_of([&] { ws.edit_application(a, 1); });
  EXPECT_EQ(e.kind(), ErrorKind::Conflict);
  EXPECT_EQ(e.message(), "application " + std::to_string(id) + " was changed by " + now.updated_by +
                             " at " + now.updated_utc +
                             " (version 2, you read 1): reload it and try again");
  e = error_of([&] { ws.change_status(id, 1, {.to = ApplicationStatus::Submitted}); });
  EXPECT_EQ(e.kind(), ErrorKind::Conflict);
  EXPECT_EQ(ws.application(id).version, 2);
}

// Six writers, each with its own connection, race edits with the version they read: each
// attempt is stored (with its own event) or refused as a Conflict; nothing is lost.
TEST_P(Applications, ConcurrentWritersNeverLoseAWrite) {
  std::int64_t id = 0;
  {
    Workspace ws = Workspace::open(m_location);
    id = ws.file_application(project());
  }
  constexpr int kThreads = 6, kAttempts = 8;
  std::mutex mu;
  std::map<std::int64_t, std::string> written;  // version -> project_name stored
  std::atomic<int> conflicts{0}, others{0};
  auto writer = [&](int k) {
    Workspace ws = Workspace::open(m_location);
    for (int i = 0; i < kAttempts; ++i) {
      Application a = ws.application(id);
      const std::int64_t read = a.version;
      const std::string name = "writer " + std::to_string(k) + " attempt " + std::to_string(i);
      a.subject = test::make_project_subject("PR-1", "Z1", name);
      try {
        ws.edit_application(a, read);
        std::lock_guard lock(mu);
        EXPECT_TRUE(written.emplace(read + 1, name).second) << "version " << read + 1 << " twice";
      } catch (const Error& e) {
        (e.kind() == ErrorKind::Conflict ? conflicts : others)++;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) threads.emplace_back(writer, k);
  for (auto& t : threads) t.join();
  Workspace ws = Workspace::open(m_location);
  const Application last = ws.application(id);
  const int successes = static_cast<int>(written.size());
  EXPECT_EQ(others.load(), 0);
  EXPECT_EQ(successes + conflicts.load(), kThreads * kAttempts);
  EXPECT_EQ(last.version, 1 + successes);
  ASSERT_FALSE(written.empty());
  EXPECT_EQ(written.rbegin()->first, last.version);
  EXPECT_EQ(last.subject.attributes.text_at(0, 1), written.rbegin()->second);
  const auto events = ws.application_events(id);
  ASSERT_EQ(events.size(), static_cast<std::size_t>(1 + successes));
  for (std::size_t i = 0; i < events.size(); ++i)
    EXPECT_EQ(events[i].version, static_cast<std::int64_t>(i + 1));

  // All six submit the version they all read: exactly one wins.
  std::atomic<int> submitted{0}, refused{0};
  std::vector<std::thread> submitters;
  for (int k = 0; k < kThreads; ++k)
    submitters.emplace_back([&] {
      Workspace w = Workspace::open(m_location);
      try {
        w.change_status(id, last.version, {.to = ApplicationStatus::Submitted});
        ++submitted;
      } catch (const Error& e) {
        if (e.kind() == ErrorKind::Conflict) ++refused;
      }
    });
  for (auto& t : submitters) t.join();
  EXPECT_EQ(submitted.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(ws.application(id).version, last.version + 1);
  EXPECT_EQ(ws.application_events(id).size(), static_cast<std::size_t>(2 + successes));
}

TEST_P(Applications, RulesetTextIsStoredOncePerSha256) {
  Workspace ws = Workspace::open(m_location);
  const std::string text = "[ruleset]\nid = \"cq-hub-2026\"\n# 重庆\n";
  RunInfo info{.command = "run", .ruleset_id = "cq-hub-2026", .ruleset_text = text};
  const auto r1 = ws.begin_run(info);
  ws.finish_run(r1);
  info.ruleset_sha256 = sha256_hex(text);
  ws.finish_run(ws.begin_run(info));
  EXPECT_EQ(ws.ruleset_text(sha256_hex(text)), text);
  EXPECT_EQ(ws.run(r1).info.ruleset_sha256, sha256_hex(text));
  EXPECT_FALSE(ws.ruleset_text(sha256_hex("other")).has_value());
  test::RawSql raw(m_location);
  EXPECT_EQ(raw.one(GetParam() == Store::PostGIS ? "SELECT count(*) FROM hubland.rulesets"
                                                 : "SELECT count(*) FROM hubland_rulesets"),
            "1");
  info.ruleset_sha256 = sha256_hex("another text");
  const Error e = error_of([&] { ws.begin_run(info); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(ws.runs().size(), 2u);
}

// The database's list of allowed changes is kTransitions itself, row for row.
TEST_P(Applications, TheTransitionsTableIsKTransitions) {
  Workspace ws = Workspace::open(m_location);
  test::RawSql raw(m_location);
  const std::string t = GetParam() == Store::PostGIS ? "hubland.application_transitions"
                                                     : "hubland_application_transitions";
  EXPECT_EQ(raw.one("SELECT count(*) FROM " + t), std::to_string(std::size(kTransitions)));
  for (const Transition& tr : kTransitions)
    EXPECT_EQ(raw.one("SELECT by_actor FROM " + t + " WHERE from_status='" + to_string(tr.from) +
                      "' AND to_status='" + to_string(tr.to) + "'"),
              to_string(tr.by))
        << to_string(tr.from) << " -> " << to_string(tr.to);
}

INSTANTIATE_TEST_SUITE_P(Both, Applications, ::testing::Values(Store::SpatiaLite, Store::PostGIS),
                         test::backend_name);

// ------------------------------------------------------------------ PostGIS roles, real logins

class ApplicationRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    HUBLAND_REQUIRE_POSTGIS();
    m_admin = test::pg_fresh_database("approles");
    const std::string db = m_admin.substr(m_admin.rfind('/') + 1);
    Workspace::open(m_admin);  // creates the schema and the group roles
    grant_bureau(m_admin, "bureau_user");
    grant_zone_office(m_admin, "office_z1", "Z1");
    grant_zone_office(m_admin, "office_z2", "Z2");
    m_z1 = test::pg_url(m_admin, "office_z1", db);
    m_z2 = test::pg_url(m_admin, "office_z2", db);
    m_bureau = test::pg_url(m_admin, "bureau_user", db);
  }
  static Application project(const std::string& id, const std::string& zone) {
    Application a;
    a.subject = test::make_project_subject(id, zone);
    a.subject_id = id;
    a.zone_id = zone;
    return a;
  }
  std::string m_admin, m_z1, m_z2, m_bureau;
};

TEST_F(ApplicationRoles, ActorsComeFromRoleMembership) {
  const WorkspaceActor z1 = Workspace::open(m_z1).actor();
  EXPECT_EQ(z1.actor, Actor::Office);
  EXPECT_EQ(z1.login, "office_z1");
  EXPECT_EQ(z1.zone_id, "Z1");
  const WorkspaceActor b = Workspace::open(m_bureau).actor();
  EXPECT_EQ(b.actor, Actor::Bureau);
  EXPECT_EQ(b.login, "bureau_user");
  EXPECT_EQ(b.zone_id, "");
  EXPECT_EQ(Workspace::open(m_admin).actor().actor, Actor::Bureau);  // the owner
}

TEST_F(ApplicationRoles, OfficesFileAndSubmitTheBureauDecides) {
  Workspace z1 = Workspace::open(m_z1);
  const auto id = z1.file_application(project("PR-1", "Z1"));
  const std::string n = std::to_string(id);
  // Another zone: refused by HubLand, and by the database for raw SQL.
  EXPECT_EQ(error_of([&] { z1.file_application(project("PR-2", "Z2")); }).message(),
            "the application: office_z1 is the office of zone Z1 and cannot act for zone Z2");
  test::RawSql raw_z1(m_z1);
  EXPECT_EQ(raw_z1.error_of("INSERT INTO hubland.applications(kind,subject_id,zone_id,status,"
                            "version,filed_by,filed_utc,updated_by,updated_utc,subject_json) "
                            "VALUES('conversion','CR-9','Z2','draft',1,'x','x','x','x','{}')"),
            "application " + std::to_string(id + 1) +
                ": office_z1 is the office of zone Z1 and cannot act for zone Z2");
  // updated_by is the session's login whatever the writer says.
  EXPECT_EQ(raw_z1.error_of("UPDATE hubland.applications SET updated_by='someone else', "
                            "version=2 WHERE id=" +
                            n),
            "");
  EXPECT_EQ(z1.application(id).updated_by, "office_z1");
  z1.change_status(id, 2, {.to = ApplicationStatus::Submitted, .checks_json = "{}"});
  // Only the bureau reviews and decides.
  Error e = error_of([&] { z1.change_status(id, 3, {.to = ApplicationStatus::UnderReview}); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "application " + n +
                             " is submitted: office_z1 (office) may not move it to under_review");
  EXPECT_EQ(raw_z1.error_of("UPDATE hubland.applications SET status='under_review', version=4 "
                            "WHERE id=" +
                            n),
            "application " + n +
                " is submitted: only the bureau may move it to under_review (office_z1 is a zone "
                "office)");
  EXPECT_EQ(raw_z1.error_of("DELETE FROM hubland.applications WHERE id=" + n),
            "permission denied for table applications");
  EXPECT_EQ(raw_z1.error_of("UPDATE hubland.application_events SET reason='x'"),
            "permission denied for table application_events");

  // office_z2 neither sees nor changes it.
  Workspace z2 = Workspace::open(m_z2);
  EXPECT_FALSE(z2.find_application(id).has_value());
  EXPECT_TRUE(z2.applications().empty());
  EXPECT_TRUE(z2.application_events(id).empty());
  e = error_of([&] { z2.change_status(id, 3, {.to = ApplicationStatus::Withdrawn}); });
  EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  EXPECT_EQ(e.message(), "no application " + n + " visible to office_z2");
  test::RawSql raw_z2(m_z2);
  EXPECT_EQ(raw_z2.one("SELECT count(*) FROM hubland.applications"), "0");

  Workspace bureau = Workspace::open(m_bureau);
  ASSERT_EQ(bureau.applications().size(), 1u);
  bureau.change_status(id, 3, {.to = ApplicationStatus::UnderReview, .checks_json = "{}"});
  const Application done = bureau.change_status(
      id, 4, {.to = ApplicationStatus::Rejected, .reason = "超出配额", .rules = {"Q-1"}});
  EXPECT_EQ(done.decided_by, "bureau_user");
  EXPECT_EQ(done.decided_utc, done.updated_utc);
  const auto events = z1.application_events(id);  // the office sees its zone's audit rows
  ASSERT_EQ(events.size(), 5u);
  const char* users[] = {"office_z1", "office_z1", "office_z1", "bureau_user", "bureau_user"};
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].user, users[i]) << i;
  EXPECT_EQ(events[4].to_status, "rejected");
  EXPECT_EQ(events[4].rules, (std::vector<std::string>{"Q-1"}));
  // A decided application is final for everyone, the owner included.
  test::RawSql admin(m_admin);
  EXPECT_EQ(admin.error_of("UPDATE hubland.applications SET status='approved', version=6 WHERE "
                           "id=" +
                           n),
            "application " + n + " is rejected: it is final and can no longer change");
  EXPECT_EQ(admin.error_of("DELETE FROM hubland.applications"),
            "applications are never deleted: withdraw application " + n + " instead");
  EXPECT_EQ(admin.error_of("TRUNCATE hubland.application_events"),
            "hubland.application_events is never truncated");
}

}  // namespace

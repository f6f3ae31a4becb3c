// The Applications panel's model and controller on a SpatiaLite workspace of the sample written
// by `hubland run` (one user: the bureau, who also files): applications filed through the Workspace
// API are listed with their statuses, filtered by status; a decision through the controller changes
// the status and writes an audit event; a write on a stale version reports the workspace's Conflict
// message and reloads the list; Check shows the engine's eligibility and rank. Also the decision
// form's and the new-application form's checks.
#include <gtest/gtest.h>

#include <memory>

#include "desk_fixtures.hpp"
#include "hubland/desk/application_checks.hpp"
#include "hubland/desk/applications_model.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/workspace.hpp"
#include "sample_workspace.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::desk;
using layers::ApplicationStatus;

namespace {

// Only a guard against a hung job: a decision re-runs the checks, which under ASan on a loaded
// two-core machine took 84 s (the test fails on a false wait_idle, it does not time the job).
constexpr int kJobTimeoutMs = 300'000;

// A one-feature project: a 100 m square site at (x0, y0), 15 mu asked (the forms' tests).
layers::Layer project(const std::string& id, double x0, double y0) {
  layers::Layer p;
  p.role = layers::Role::Projects;
  p.epsg = 4545;
  p.source = "site-" + id + ".geojson";
  auto& t = p.attributes;
  t.add_column("project_id", layers::FieldType::Text);
  t.add_column("project_name", layers::FieldType::Text);
  t.add_column("land_mu", layers::FieldType::Real, "mu");
  t.add_column("hightech", layers::FieldType::Integer);
  t.add_row();
  t.set(0, 0, id);
  t.set(0, 1, std::string("冷链物流中心"));
  t.set(0, 2, 15.0);
  t.set(0, 3, std::int64_t{1});
  p.geometry.push_back(test::wkb(test::square(x0, y0, 100)));
  return p;
}

// Project `row` of the sample's projects layer as an application of zone Z1.
layers::Application sample_application(const layers::Layer& projects, std::size_t row) {
  layers::Application a;
  a.kind = layers::ApplicationKind::Project;
  a.subject.role = layers::Role::Projects;
  a.subject.epsg = projects.epsg;
  a.subject.source = projects.source;
  auto& t = a.subject.attributes;
  for (const auto& c : projects.attributes.columns()) t.add_column(c.name, c.type, c.unit);
  t.add_row();
  for (std::size_t c = 0; c < t.column_count(); ++c)
    if (!projects.attributes.null_at(row, c)) t.set(0, c, projects.attributes.get(row, c));
  a.subject.geometry.push_back(projects.geometry.at(row));
  a.subject_id = layers::as_text(t.get(0, t.index("project_id")));
  a.zone_id = "Z1";
  return a;
}

// On a copy of the sample workspace (`hubland run`, the checks' basis): the sample's first three
// projects filed; PJ 0 draft, PJ 1 submitted, PJ 2 under review.
struct Fixture {
  std::string ws = test::sample_workspace_copy(test::temp_dir());
  std::vector<layers::Application> filed;
  std::int64_t draft = 0, submitted = 0, review = 0;
  Fixture() {
    auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
    const layers::Layer projects = w.layer("projects");
    for (std::size_t i = 0; i < 3; ++i) filed.push_back(sample_application(projects, i));
    draft = w.file_application(filed[0]);
    submitted = w.file_application(filed[1]);
    review = w.file_application(filed[2]);
    w.change_status(submitted, 1, {.to = ApplicationStatus::Submitted});
    w.change_status(review, 1, {.to = ApplicationStatus::Submitted});
    w.change_status(review, 2, {.to = ApplicationStatus::UnderReview});
  }
  std::string subject(std::size_t i) const { return filed[i].subject_id; }
};

// The messages a controller signal carried (QSignalSpy without linking QtTest).
template <typename Signal>
std::shared_ptr<QStringList> record(ApplicationsController& c, Signal signal) {
  auto seen = std::make_shared<QStringList>();
  QObject::connect(&c, signal, [seen](const QString& m) { seen->append(m); });
  return seen;
}

QStringList column(const ApplicationsModel& m, int c) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) out << m.data(m.index(r, c)).toString();
  return out;
}

}  // namespace

TEST(DeskApplications, ThePanelListsTheApplicationsFiledThroughTheApiWithTheirStatuses) {
  const Fixture fx;
  ApplicationsModel model(Language::English);
  ApplicationsController controller(&model);
  int reloaded = 0;
  QObject::connect(&controller, &ApplicationsController::reloaded, [&] { ++reloaded; });
  controller.set_workspace(fx.ws);
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  EXPECT_EQ(reloaded, 1);
  ASSERT_TRUE(controller.actor().has_value());
  EXPECT_EQ(controller.actor()->actor, layers::Actor::Bureau) << "SpatiaLite: the bureau";
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(column(model, ApplicationsModel::Id),
            (QStringList{QString::number(fx.draft), QString::number(fx.submitted),
                         QString::number(fx.review)}));
  EXPECT_EQ(column(model, ApplicationsModel::Kind), (QStringList{"project", "project", "project"}));
  EXPECT_EQ(
      column(model, ApplicationsModel::Subject),
      (QStringList{QString::fromStdString(fx.subject(0)), QString::fromStdString(fx.subject(1)),
                   QString::fromStdString(fx.subject(2))}));
  EXPECT_EQ(column(model, ApplicationsModel::Zone), (QStringList{"Z1", "Z1", "Z1"}));
  EXPECT_EQ(column(model, ApplicationsModel::Status),
            (QStringList{"draft", "submitted", "under_review"}));
  EXPECT_FALSE(model.data(model.index(0, ApplicationsModel::Updated)).toString().isEmpty());
  // In Chinese the statuses are status_name_zh's.
  model.set_language(Language::Chinese);
  EXPECT_EQ(
      column(model, ApplicationsModel::Status),
      (QStringList{QStringLiteral("草稿"), QStringLiteral("已提交"), QStringLiteral("审查中")}));

  // Filter by status; the loaded list stays whole.
  model.set_status_filter(ApplicationStatus::Submitted);
  ASSERT_EQ(model.rowCount(), 1);
  EXPECT_EQ(model.at(0)->subject_id, fx.subject(1));
  EXPECT_EQ(model.row_of(fx.draft), -1);
  EXPECT_NE(model.find(fx.draft), nullptr);
  model.set_status_filter(ApplicationStatus::Approved);
  EXPECT_EQ(model.rowCount(), 0);
  model.set_status_filter(std::nullopt);
  EXPECT_EQ(model.rowCount(), 3);

  // What the bureau may do to each (kTransitions; on SpatiaLite it also files and submits).
  const auto& who = *controller.actor();
  const auto d = allowed_actions(*model.find(fx.draft), who);
  EXPECT_TRUE(d.submit && d.withdraw && !d.review && !d.decide);
  const auto s = allowed_actions(*model.find(fx.submitted), who);
  EXPECT_TRUE(!s.submit && s.withdraw && s.review && s.decide) << "decide takes it under review";
  const auto u = allowed_actions(*model.find(fx.review), who);
  EXPECT_TRUE(!u.submit && u.withdraw && !u.review && u.decide);
  // An office may not review or decide.
  const layers::WorkspaceActor office{layers::Actor::Office, "office_z1", "Z1"};
  EXPECT_FALSE(allowed_actions(*model.find(fx.submitted), office).review);
  EXPECT_FALSE(allowed_actions(*model.find(fx.review), office).decide);
  EXPECT_FALSE(allowed_actions(*model.find(fx.submitted), office).decide);
  EXPECT_TRUE(allowed_actions(*model.find(fx.review), office).withdraw);

  // The site: the project's polygon bounds, in the map's CRS (the same CRS here).
  const map::Bounds b = site_bounds(*model.find(fx.draft), fx.filed[0].subject.epsg);
  const geo::Envelope e = geo::envelope(geo::from_wkb(fx.filed[0].subject.geometry[0]).get());
  EXPECT_FALSE(b.empty);
  EXPECT_NEAR(b.min_x, e.min_x, 1e-6);
  EXPECT_NEAR(b.min_y, e.min_y, 1e-6);
  EXPECT_NEAR(b.max_x, e.max_x, 1e-6);
  EXPECT_NEAR(b.max_y, e.max_y, 1e-6);
}

TEST(DeskApplications, ADecisionThroughTheControllerChangesTheStatusAndWritesAnEvent) {
  const Fixture fx;
  ApplicationsModel model(Language::English);
  ApplicationsController controller(&model);
  controller.set_workspace(fx.ws);
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  const auto done = record(controller, &ApplicationsController::done);
  const auto conflict = record(controller, &ApplicationsController::conflict);
  const Decision d{.to = ApplicationStatus::ApprovedWithConditions,
                   .reason = "fits the park plan",
                   .rules = {"EL-REDLINE", "EL-FAR"},
                   .conditions = "start building within 12 months"};
  ASSERT_TRUE(controller.change_status(fx.review, decision_change(d)));
  EXPECT_FALSE(controller.change_status(fx.draft, {})) << "one job at a time";
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  EXPECT_EQ(conflict->size(), 0);
  ASSERT_EQ(done->size(), 1);
  EXPECT_EQ(done->at(0), QStringLiteral("application %1: approved_with_conditions").arg(fx.review));
  // The list was reloaded from the workspace.
  const layers::Application* a = model.find(fx.review);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, ApplicationStatus::ApprovedWithConditions);
  EXPECT_EQ(a->version, 4);
  EXPECT_EQ(a->decision_reason, "fits the park plan");
  EXPECT_EQ(a->decision_rules, (std::vector<std::string>{"EL-REDLINE", "EL-FAR"}));
  EXPECT_EQ(a->conditions, "start building within 12 months");
  EXPECT_EQ(model.data(model.index(model.row_of(fx.review), ApplicationsModel::Status)).toString(),
            QStringLiteral("approved_with_conditions"));
  // The audit row.
  const auto events =
      layers::Workspace::open(fx.ws, layers::OpenMode::MustExist).application_events(fx.review);
  ASSERT_FALSE(events.empty());
  const layers::ApplicationEvent& e = events.back();
  EXPECT_EQ(e.from_status, "under_review");
  EXPECT_EQ(e.to_status, "approved_with_conditions");
  EXPECT_EQ(e.version, 4);
  EXPECT_EQ(e.reason, "fits the park plan");
  EXPECT_EQ(e.rules, (std::vector<std::string>{"EL-REDLINE", "EL-FAR"}));
  // The bureau's re-check is stored with the decision: the checks against the newest run.
  const auto ws = layers::Workspace::open(fx.ws, layers::OpenMode::MustExist);
  const rules::ApplicationChecks now = check_application(ws, *a);
  const auto stored = rules::ApplicationChecks::from_json(a->review_json, "review");
  EXPECT_EQ(stored.subject_id, fx.subject(2));
  EXPECT_EQ(stored.basis_run, now.basis_run);
  EXPECT_EQ(stored.eligible, now.eligible);
  EXPECT_EQ(stored.rank, now.rank);
  EXPECT_EQ(stored.allocation, now.allocation);

  // A decision on a submitted application takes it under review first, as `hubland decide`.
  ASSERT_TRUE(controller.change_status(
      fx.submitted, decision_change({.to = ApplicationStatus::Rejected, .reason = "no quota"})));
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  const auto history = ws.application_events(fx.submitted);
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[history.size() - 2].to_status, "under_review");
  EXPECT_EQ(history[history.size() - 2].reason,
            "checks re-run on run " + std::to_string(now.basis_run));
  EXPECT_EQ(history.back().to_status, "rejected");
  EXPECT_EQ(model.find(fx.submitted)->status, ApplicationStatus::Rejected);
}

TEST(DeskApplications, CheckShowsEligibilityAndExpectedRankWithoutStoringAnything) {
  const Fixture fx;
  ApplicationsModel model(Language::English);
  ApplicationsController controller(&model);
  controller.set_workspace(fx.ws);
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  const auto checked = record(controller, &ApplicationsController::checked);
  ASSERT_TRUE(controller.check(fx.draft));
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  ASSERT_EQ(checked->size(), 1);
  const auto ws = layers::Workspace::open(fx.ws, layers::OpenMode::MustExist);
  const rules::ApplicationChecks c = check_application(ws, ws.application(fx.draft));
  EXPECT_EQ(checked->at(0), checks_summary(c, Language::English));
  // The summary states the engine's numbers.
  const QString id = QString::fromStdString(fx.subject(0));
  if (c.eligible)
    EXPECT_TRUE(checked->at(0).startsWith(
        QStringLiteral("%1: eligible, rank %2 of %3 (").arg(id).arg(c.rank).arg(c.ranked)))
        << checked->at(0).toStdString();
  else
    EXPECT_TRUE(checked->at(0).startsWith(id + QStringLiteral(": not eligible (")))
        << checked->at(0).toStdString();
  EXPECT_EQ(ws.application(fx.draft).version, 1) << "a check stores nothing";
  EXPECT_EQ(ws.application(fx.draft).status, ApplicationStatus::Draft);
}

TEST(DeskApplications, AStaleWriteReportsTheConflictMessageAndReloadsTheList) {
  const Fixture fx;
  ApplicationsModel model(Language::English);
  ApplicationsController controller(&model);
  controller.set_workspace(fx.ws);
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  ASSERT_EQ(model.find(fx.submitted)->version, 2);
  // Someone else withdraws it meanwhile: the panel still holds version 2.
  layers::Workspace::open(fx.ws, layers::OpenMode::MustExist)
      .change_status(fx.submitted, 2, {.to = ApplicationStatus::Withdrawn, .reason = "moved"});
  const auto conflict = record(controller, &ApplicationsController::conflict);
  const auto done = record(controller, &ApplicationsController::done);
  ASSERT_TRUE(controller.change_status(fx.submitted, {.to = ApplicationStatus::UnderReview}));
  ASSERT_TRUE(controller.wait_idle(kJobTimeoutMs));
  EXPECT_EQ(done->size(), 0);
  ASSERT_EQ(conflict->size(), 1);
  // The message is the workspace's own for that stale write.
  std::string expected;
  try {
    layers::Workspace::open(fx.ws, layers::OpenMode::MustExist)
        .change_status(fx.submitted, 2, {.to = ApplicationStatus::UnderReview});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Conflict);
    expected = e.what();
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(conflict->at(0).toStdString(), expected);
  // Reloaded: the withdrawal shows, nothing was overwritten.
  EXPECT_EQ(model.find(fx.submitted)->status, ApplicationStatus::Withdrawn);
  EXPECT_EQ(model.find(fx.submitted)->version, 3);
}

TEST(DeskApplications, TheDecisionFormRefusesAnIncompleteDecision) {
  auto refused = [](const Decision& d) {
    try {
      decision_change(d);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused({.to = ApplicationStatus::Rejected, .reason = "  "}),
            "decision: the reason is empty");
  EXPECT_EQ(refused({.to = ApplicationStatus::ApprovedWithConditions, .reason = "ok"}),
            "decision: approved_with_conditions needs the conditions (field conditions)");
  EXPECT_EQ(refused({.to = ApplicationStatus::Approved, .reason = "ok", .conditions = "x"}),
            "decision: conditions given for 'approved'; only approved_with_conditions has "
            "conditions");
  EXPECT_EQ(refused({.to = ApplicationStatus::Withdrawn, .reason = "ok"}),
            "decision: 'withdrawn' is not a decision (approved, approved_with_conditions or "
            "rejected)");
  const layers::StatusChange c =
      decision_change({.to = ApplicationStatus::Rejected, .reason = "no quota", .rules = {"R1"}});
  EXPECT_EQ(c.to, ApplicationStatus::Rejected);
  EXPECT_EQ(c.reason, "no quota");
  EXPECT_EQ(c.rules, (std::vector<std::string>{"R1"}));
  EXPECT_EQ(c.conditions, "");
}

TEST(DeskApplications, TheNewApplicationFormParsesItsFieldsAndNamesABadOne) {
  const layers::Layer p = project("PJ-9", test::kX0, test::kY0);
  const layers::Application a =
      project_application(p, {"PJ-9", "冷链物流中心", " 12.5 ", ""}, "Z2");
  EXPECT_EQ(a.kind, layers::ApplicationKind::Project);
  EXPECT_EQ(a.subject_id, "PJ-9");
  EXPECT_EQ(a.zone_id, "Z2");
  ASSERT_EQ(a.subject.attributes.row_count(), 1u);
  EXPECT_EQ(std::get<double>(a.subject.attributes.get(0, 2)), 12.5);
  EXPECT_TRUE(a.subject.attributes.null_at(0, 3)) << "an empty field is null";
  EXPECT_EQ(a.subject.geometry, p.geometry);

  auto refused = [&](const layers::Layer& l, const std::vector<std::string>& v,
                     const std::string& zone) {
    try {
      project_application(l, v, zone);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused(p, {"PJ-9", "x", "12,5", "1"}, "Z1"),
            "site-PJ-9.geojson: feature PJ-9: field land_mu: new application: '12,5' is not a "
            "number");
  EXPECT_EQ(refused(p, {"PJ-9", "x", "1", "1.5"}, "Z1"),
            "site-PJ-9.geojson: feature PJ-9: field hightech: new application: '1.5' is not a "
            "whole number");
  EXPECT_EQ(refused(p, {" ", "x", "1", "1"}, "Z1"),
            "site-PJ-9.geojson: feature PJ-9: field project_id: new application: the project id "
            "is empty");
  EXPECT_EQ(refused(p, {"PJ-9", "x", "1", "1"}, ""),
            "site-PJ-9.geojson: feature PJ-9: field zone_id: new application: the zone is empty");
  layers::Layer two = p;
  two.attributes.add_row();
  two.geometry.push_back(p.geometry.front());
  EXPECT_EQ(refused(two, {"PJ-9", "x", "1", "1"}, "Z1"),
            "site-PJ-9.geojson: new application: the file holds 2 project features; it must "
            "hold exactly one");
}

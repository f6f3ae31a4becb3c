#include "hubland/desk/application_checks.hpp"

#include <QCoreApplication>
#include <cmath>

#include "hubland/error.hpp"
#include "hubland/version.hpp"

namespace hubland::desk {

namespace {

struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::application_checks)
};

bool is_decision(layers::ApplicationStatus s) {
  return s == layers::ApplicationStatus::Approved ||
         s == layers::ApplicationStatus::ApprovedWithConditions ||
         s == layers::ApplicationStatus::Rejected;
}

QString number(double v) {
  return QString::number(std::round(v * 100) / 100, 'g', 12);
}

}  // namespace

rules::ApplicationChecks check_application(const layers::Workspace& ws,
                                           const layers::Application& a) {
  const rules::WorkspaceAnalysis basis = rules::load_workspace_analysis(ws);
  return rules::assess_application(basis, a).checks;
}

QString checks_summary(const rules::ApplicationChecks& c, Language language) {
  const QString id = QString::fromStdString(c.subject_id);
  QStringList failed;
  for (const auto& f : c.findings)
    if (f.outcome == rules::Outcome::Fail || f.outcome == rules::Outcome::Condition)
      failed << QString::fromStdString(f.rule_id);
  failed.removeDuplicates();
  const QString basis = Text::tr("basis run %1").arg(c.basis_run);
  if (c.kind == "conversion")
    return Text::tr("%1: %2 (%3; %4)")
        .arg(id, QString::fromStdString(c.verdict),
             failed.isEmpty() ? Text::tr("no rule failed") : failed.join(QStringLiteral(", ")),
             basis);
  if (!c.eligible)
    return Text::tr("%1: not eligible (%2; %3)").arg(id, failed.join(QStringLiteral(", ")), basis);
  const QString reason = QString::fromStdString(
      language == Language::Chinese ? c.allocation_reason_zh : c.allocation_reason_en);
  return Text::tr(
             "%1: eligible, rank %2 of %3 (%4–%5 under perturbed weights), %6, %7 mu quota "
             "charged (%8)")
             .arg(id)
             .arg(c.rank)
             .arg(c.ranked)
             .arg(c.rank_p05)
             .arg(c.rank_p95)
             .arg(QString::fromStdString(c.allocation), number(c.quota_charged_mu), basis) +
         (reason.isEmpty() ? QString() : QStringLiteral(" — ") + reason);
}

layers::Application change_status_with_checks(layers::Workspace& ws, std::int64_t id,
                                              std::int64_t version, layers::StatusChange change) {
  using layers::ApplicationStatus;
  if (change.to == ApplicationStatus::Withdrawn) return ws.change_status(id, version, change);
  const layers::Application a = ws.application(id);
  const rules::WorkspaceAnalysis basis = rules::load_workspace_analysis(ws);
  change.checks_json = rules::assess_application(basis, a).checks.to_json();
  if (is_decision(change.to) && a.status == ApplicationStatus::Submitted) {
    layers::StatusChange start;
    start.to = ApplicationStatus::UnderReview;
    start.reason = "checks re-run on run " + std::to_string(basis.run);
    start.checks_json = change.checks_json;
    version = ws.change_status(id, version, start).version;
  }
  return ws.change_status(id, version, change);
}

std::string write_application_report(const layers::Workspace& ws, std::int64_t id,
                                     report::Language language, const std::string& out_dir) {
  // As `hubland report WS --application ID` assembles it.
  report::ApplicationRecord rec;
  rec.application = ws.application(id);
  rec.history = ws.application_events(id);
  const std::string what = "application " + std::to_string(id);
  if (!rec.application.submission_json.empty())
    rec.submitted = rules::ApplicationChecks::from_json(rec.application.submission_json, what);
  if (!rec.application.review_json.empty())
    rec.reviewed = rules::ApplicationChecks::from_json(rec.application.review_json, what);
  // The basis the newest stored checks used (what the decision saw); a draft: the newest run.
  std::optional<std::int64_t> basis_run;
  if (rec.reviewed)
    basis_run = rec.reviewed->basis_run;
  else if (rec.submitted)
    basis_run = rec.submitted->basis_run;
  const rules::WorkspaceAnalysis basis = rules::load_workspace_analysis(ws, {}, basis_run);
  for (const auto* list :
       {&basis.ruleset.screen, &basis.ruleset.conversion, &basis.ruleset.eligibility})
    for (const auto& r : *list) rec.rules[r.id] = {{r.title.zh, r.title.en}, r.clause};
  rules::ApplicationAssessment assessed = rules::assess_application(basis, rec.application);
  report::Stamp stamp{basis.ruleset.id, basis.ruleset_origin,     basis.ruleset.sha256, {},
                      kVersion,         std::to_string(basis.run)};
  for (const auto& in : ws.run(basis.run).info.inputs)
    stamp.inputs.emplace_back(in.path, in.sha256);
  report::RankRun run;
  if (rec.application.kind == layers::ApplicationKind::Project) {
    run = report::make_rank_run(std::move(assessed.stage), basis.ruleset, assessed.inputs,
                                assessed.flagged_parcel_ids, basis.spec.rings_km, stamp);
  } else {
    run.stamp = stamp;
    run.issuer = basis.ruleset.report_issuer;
  }
  return report::write_application_report(run, rec, language, out_dir).pdf;
}

}  // namespace hubland::desk

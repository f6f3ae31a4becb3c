#include "hubland/desk/application_checks.hpp"

#include <QCoreApplication>
#include <cmath>

#include "hubland/error.hpp"

namespace hubland::desk {

namespace {

struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::application_checks)
};

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
  return rules::change_status_checked(ws, id, version, std::move(change));
}

std::string write_application_report(const layers::Workspace& ws, std::int64_t id,
                                     report::Language language, const std::string& out_dir) {
  return report::write_workspace_application_report(ws, id, language, std::nullopt, out_dir).pdf;
}

}  // namespace hubland::desk

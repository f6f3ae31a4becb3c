// The justification of a zone office's application (report.hpp, write_application_report).
#include <algorithm>

#include "hubland/error.hpp"
#include "hubland/version.hpp"
#include "report_html.hpp"

namespace hubland::report {

using namespace detail;

namespace {

QString status_label(layers::ApplicationStatus s, const Tr& tr) {
  return tr(layers::status_name_zh(s), layers::to_string(s));
}

/// A stored status key in the report's language (history rows keep the stored text).
QString status_key_label(const std::string& key, const Tr& tr) {
  if (key.empty()) return QStringLiteral("–");
  if (const auto s = layers::application_status_from(key)) return status_label(*s, tr);
  return esc(key);
}

QString rules_html(const std::vector<std::string>& ids, const ApplicationRecord& rec,
                   const Tr& tr) {
  if (ids.empty()) return tr("（未列明）", "(none named)");
  QString h = "<ul>";
  for (const auto& id : ids) {
    const auto it = rec.rules.find(id);
    h += "<li><b>" + esc(id) + "</b>";
    if (it != rec.rules.end())
      h += " " + esc(tr.pick(it->second.title.zh, it->second.title.en)) +
           (it->second.clause.empty() ? QString()
                                      : " — " + tr("依据：", "basis: ") + esc(it->second.clause));
    h += "</li>";
  }
  return h + "</ul>";
}

QString checks_cell(const std::optional<rules::ApplicationChecks>& c, const Tr& tr, int what) {
  if (!c) return QStringLiteral("–");
  switch (what) {
    case 0:
      return esc(c->checked_utc) + " (" + tr("运行", "run") + " " + QString::number(c->basis_run) +
             ")";
    case 1:
      if (c->kind != "project") return esc(c->verdict);
      return c->eligible ? tr("符合", "eligible") : tr("不符合", "not eligible");
    case 2:
      return c->eligible && c->kind == "project" ? QStringLiteral("%1 / %2 (%3–%4)")
                                                       .arg(c->rank)
                                                       .arg(c->ranked)
                                                       .arg(c->rank_p05)
                                                       .arg(c->rank_p95)
                                                 : QStringLiteral("–");
    case 3:
      return c->kind == "project" ? esc(c->allocation) : QStringLiteral("–");
    default:
      if (c->kind != "project") return QStringLiteral("–");
      return c->quota_free ? tr("0（存量保障）", "0 (existing land)") : num(c->quota_charged_mu);
  }
}

/// The rules of a conversion request with their outcomes (the newest checks).
QString findings_html(const rules::ApplicationChecks& c, const ApplicationRecord& rec,
                      const Tr& tr) {
  const std::vector<Column> header{
      {tr("规则", "Rule"), 0, true},     {tr("结果", "Outcome"), 0, true},
      {tr("实际值", "Actual"), 0, true}, {tr("标准", "Threshold"), 0, true},
      {tr("说明", "Reason"), 0},         {tr("依据条款", "Clause"), 0}};
  QString h = table_open(header);
  for (const auto& f : c.findings) {
    const auto it = rec.rules.find(f.rule_id);
    const std::string clause = !f.clause.empty()       ? f.clause
                               : it == rec.rules.end() ? std::string()
                                                       : it->second.clause;
    h += table_row({esc(f.rule_id), outcome_text(f.outcome, tr), esc(f.actual), esc(f.threshold),
                    esc(tr.pick(f.reason_zh, f.reason_en)), esc(clause)},
                   header);
  }
  return h + table_close();
}

}  // namespace

ReportFiles write_application_report(const RankRun& run, const ApplicationRecord& rec,
                                     Language language, const std::string& out_dir) {
  const layers::Application& a = rec.application;
  const bool project = a.kind == layers::ApplicationKind::Project;
  std::optional<std::size_t> row;
  if (project) {
    row = run.row_of(a.subject_id);
    if (!row)
      throw Error(ErrorKind::BadInput, "application " + std::to_string(a.id) + ": no project '" +
                                           a.subject_id + "' in the ranking");
  }
  const Tr tr{language};
  const std::string key = "application-" + std::to_string(a.id);
  ReportWriter out(out_dir, key);
  const QString title = (project ? tr("用地指标申请", "Land quota application")
                                 : tr("用地性质转换申请", "Land-use conversion request")) +
                        QStringLiteral(" %1 — ").arg(a.id) + esc(a.subject_id);
  QString h = page_head(title);

  h += "<h2>" + tr("申请与决定", "Application and decision") + "</h2>" + kv_table_open();
  h += kv_row(tr("申请编号", "Application"), QString::number(a.id));
  h += kv_row(tr("类型", "Kind"), project ? tr("项目用地指标", "project quota")
                                          : tr("用地性质转换", "land-use conversion"));
  h += kv_row(project ? tr("项目编号", "Project id") : tr("申请编号（转换）", "Request id"),
              esc(a.subject_id));
  h += kv_row(tr("园区", "Zone"), esc(a.zone_id));
  h += kv_row(tr("申请单位账号 / 时间", "Filed by / at"),
              esc(a.filed_by) + " / " + esc(a.filed_utc));
  h += kv_row(tr("状态", "Status"), "<b>" + status_label(a.status, tr) + "</b>");
  if (!a.decided_utc.empty()) {
    h += kv_row(tr("决定人 / 时间", "Decided by / at"),
                esc(a.decided_by) + " / " + esc(a.decided_utc));
    h += kv_row(tr("决定理由", "Reason"), esc(a.decision_reason));
    h += kv_row(tr("所依据的规则", "Rules relied on"), rules_html(a.decision_rules, rec, tr));
    if (!a.conditions.empty()) h += kv_row(tr("附加条件", "Conditions"), esc(a.conditions));
  } else if (a.status == layers::ApplicationStatus::Withdrawn) {
    h += kv_row(tr("撤回理由", "Reason for withdrawal"), esc(a.decision_reason));
  } else {
    h += kv_row(tr("决定", "Decision"), tr("尚未作出", "not yet made"));
  }
  h += table_close();

  // What the office saw at submission beside the bureau's re-check.
  h += "<h2>" + tr("提交时与审查时的核验", "Checks at submission and at review") + "</h2>";
  const std::vector<Column> cmp{
      {QString(), 0, true},
      {tr("提交时（申请单位所见）", "At submission (what the office saw)"), 0},
      {tr("审查时（现行数据）", "At review (current data)"), 0}};
  h += table_open(cmp);
  const char* labels[][2] = {{"核验时间", "Checked"},
                             {"结论", "Outcome"},
                             {"排名（区间）", "Rank (interval)"},
                             {"分配", "Allocation"},
                             {"占用计划指标（亩）", "Quota charged (mu)"}};
  for (int i = 0; i < 5; ++i)
    h += table_row({tr(labels[i][0], labels[i][1]), checks_cell(rec.submitted, tr, i),
                    checks_cell(rec.reviewed, tr, i)},
                   cmp);
  h += table_close();
  h += "<p class=\"small\">" +
       tr("仅新增建设用地占用计划指标；排名区间为权重扰动下第 5–95 百分位。",
          "Only new construction land consumes quota; the rank interval is the 5th–95th "
          "percentile under perturbed weights.") +
       "</p>";

  // History.
  h += "<h2>" + tr("办理记录", "History") + "</h2>";
  const std::vector<Column> hist{{tr("时间（UTC）", "Time (UTC)"), 0, true},
                                 {tr("账号", "Login"), 0, true},
                                 {tr("由", "From"), 0, true},
                                 {tr("至", "To"), 0, true},
                                 {tr("理由 / 规则", "Reason / rules"), 0}};
  h += table_open(hist);
  for (const auto& e : rec.history) {
    QString why = esc(e.reason);
    for (const auto& r : e.rules) why += " [" + esc(r) + "]";
    h += table_row({esc(e.at_utc), esc(e.user), status_key_label(e.from_status, tr),
                    status_key_label(e.to_status, tr), why},
                   hist);
  }
  h += table_close();

  if (project) {
    h += "<h2>" + tr("项目论证", "Project justification") + "</h2>";
    h += project_sections_html(run, *row, language, out);
  } else {
    const auto& newest = rec.reviewed ? rec.reviewed : rec.submitted;
    if (newest) {
      h += "<h2>" + tr("转换规则核验", "Conversion rules") + "</h2>";
      h += findings_html(*newest, rec, tr);
    }
  }
  h += stamp_html(run, tr);
  h += "</body></html>";
  return out.finish(h, title, page_frame(run, "application", std::to_string(a.id), language));
}

ReportFiles write_workspace_application_report(const layers::Workspace& ws, std::int64_t id,
                                               Language language,
                                               const std::optional<std::string>& issuer,
                                               const std::string& out_dir,
                                               const rules::StepCallback& on_step) {
  ApplicationRecord rec;
  rec.application = ws.application(id);
  rec.history = ws.application_events(id);
  const std::string what = "application " + std::to_string(id);
  if (!rec.application.submission_json.empty())
    rec.submitted = rules::ApplicationChecks::from_json(rec.application.submission_json, what);
  if (!rec.application.review_json.empty())
    rec.reviewed = rules::ApplicationChecks::from_json(rec.application.review_json, what);
  std::optional<std::int64_t> basis_run;
  if (rec.reviewed)
    basis_run = rec.reviewed->basis_run;
  else if (rec.submitted)
    basis_run = rec.submitted->basis_run;
  const rules::WorkspaceAnalysis basis = rules::load_workspace_analysis(ws, on_step, basis_run);
  for (const auto* list :
       {&basis.ruleset.screen, &basis.ruleset.conversion, &basis.ruleset.eligibility})
    for (const auto& r : *list) rec.rules[r.id] = {{r.title.zh, r.title.en}, r.clause};
  rules::ApplicationAssessment assessed =
      rules::assess_application(basis, rec.application, on_step);
  Stamp stamp{basis.ruleset.id, basis.ruleset_origin,     basis.ruleset.sha256, {},
              kVersion,         std::to_string(basis.run)};
  for (const auto& in : ws.run(basis.run).info.inputs)
    stamp.inputs.emplace_back(in.path, in.sha256);
  RankRun run;
  if (rec.application.kind == layers::ApplicationKind::Project) {
    run = make_rank_run(std::move(assessed.stage), basis.ruleset, assessed.inputs,
                        assessed.flagged_parcel_ids, basis.spec.rings_km, stamp);
  } else {
    run.stamp = stamp;
    run.issuer = basis.ruleset.report_issuer;
  }
  if (issuer) run.issuer = *issuer;
  return write_application_report(run, rec, language, out_dir);
}

}  // namespace hubland::report

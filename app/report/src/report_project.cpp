// The per-project justification report (report.hpp, write_project_report).
#include <algorithm>

#include "hubland/error.hpp"
#include "map_figure.hpp"
#include "report_html.hpp"

namespace hubland::report {

using namespace detail;

namespace {

/// The eligibility rules (admission gates) with outcome, values, reason and clause, in ruleset
/// order; rules the ruleset does not list (new gates) follow in the order found.
QString eligibility_html(const RankRun& run, const std::string& project_id, const Tr& tr) {
  // Rule ids (not wrapped at "EL-" / "REDLINE"), outcomes and values at their natural width;
  // titles, reasons and clauses wrap in what is left.
  QString h = table_open({{tr("规则", "Rule"), 0, true},
                          {tr("名称", "Title"), 0},
                          {tr("结果", "Outcome"), 0, true},
                          {tr("实际值", "Actual"), 0, true},
                          {tr("标准", "Threshold"), 0, true},
                          {tr("说明", "Reason"), 0},
                          {tr("依据条款", "Clause"), 0}});
  std::vector<const rules::Finding*> mine;
  for (const auto& f : run.eligibility)
    if (f.subject_id == project_id) mine.push_back(&f);
  auto order_of = [&](const std::string& id) {
    const auto it = std::find(run.rule_order.begin(), run.rule_order.end(), id);
    return it - run.rule_order.begin();
  };
  std::stable_sort(mine.begin(), mine.end(),
                   [&](auto* a, auto* b) { return order_of(a->rule_id) < order_of(b->rule_id); });
  for (const auto* f : mine) {
    const auto info = run.rules.find(f->rule_id);
    const QString rule_title =
        info == run.rules.end() ? QString() : tr.pick(info->second.title.zh, info->second.title.en);
    const QString clause =
        esc(!f->clause.empty() ? f->clause
                               : (info == run.rules.end() ? std::string() : info->second.clause));
    const bool failed = f->outcome == rules::Outcome::Fail;
    h += "<tr><td style=\"white-space:nowrap\">" + esc(f->rule_id) + "</td><td>" + esc(rule_title) +
         "</td><td style=\"white-space:nowrap\" class=\"" + (failed ? "fail" : "pass") + "\">" +
         outcome_text(f->outcome, tr) + "</td><td style=\"white-space:nowrap\">" + esc(f->actual) +
         "</td><td style=\"white-space:nowrap\">" + esc(f->threshold) + "</td><td>" +
         esc(tr.pick(f->reason_zh, f->reason_en)) + "</td><td>" + clause + "</td></tr>";
  }
  if (mine.empty())
    h += "<tr><td colspan=\"7\">" +
         tr("规则集未设准入条件", "The ruleset sets no eligibility rules") + "</td></tr>";
  return h + table_close();
}

/// The criteria table of an eligible project.
QString criteria_html(const RankRun& run, std::size_t row, const Tr& tr) {
  const auto& p = run.ranking.projects[row];
  const std::vector<Column> header{{tr("指标", "Criterion"), 0},
                                   {tr("原始值", "Raw value"), 0, true},
                                   {tr("方向", "Direction"), 0, true},
                                   {tr("标准化", "Normalisation"), 0, true},
                                   {tr("标准化得分", "Normalised"), 0, true},
                                   {tr("权重", "Weight"), 0, true},
                                   {tr("贡献", "Contribution"), 0, true}};
  QString h = table_open(header);
  for (std::size_t c = 0; c < run.config.criteria.size() && c < p.criteria.size(); ++c) {
    const auto& def = run.config.criteria[c];
    const auto& cs = p.criteria[c];
    const QString dir =
        def.direction == rules::Direction::Benefit ? tr("效益型", "benefit") : tr("成本型", "cost");
    QString norm = QString::fromUtf8(rules::to_string(def.normalisation));
    if (def.normalisation == rules::Normalisation::Benchmark) norm += " " + num(def.benchmark, 4);
    h +=
        table_row({esc(def.id) + " " + esc(tr.pick(def.title.zh, def.title.en)) +
                       (def.unit.empty() ? QString()
                                         : " <span class=\"small\">(" + esc(def.unit) + ")</span>"),
                   cs.raw ? num(*cs.raw, 4) : tr("缺失", "missing"), dir, norm,
                   num(cs.normalised, 4), num(cs.weight, 4), num(cs.contribution, 4)},
                  header);
  }
  return h + table_close();
}

}  // namespace

QString detail::project_sections_html(const RankRun& run, std::size_t row, Language language,
                                      ReportWriter& out) {
  const Tr tr{language};
  const auto& p = run.ranking.projects[row];
  const std::string& project_id = p.project_id;
  const auto& alloc = run.allocations.at(row);
  const auto& facts = run.facts;
  const QString name = cell(facts, row, "project_name");
  QString h;

  // Summary.
  const std::size_t n_ranked = run.ranking.order.size();
  const auto rob = run.robustness(row);
  h += kv_table_open();
  h += kv_row(tr("项目名称", "Project"), esc(name));
  h += kv_row(tr("项目编号", "Project id"), esc(project_id));
  h += kv_row(tr("企业", "Enterprise"), esc(cell(facts, row, "enterprise")));
  h += kv_row(tr("行业代码", "Industry (GB/T 4754)"), esc(cell(facts, row, "industry")));
  h += kv_row(tr("所在园区", "Zone"),
              esc(cell(facts, row, "zone_name")) + " (" + esc(cell(facts, row, "zone_id")) + ")");
  h += kv_row(tr("申请用地（亩）", "Requested land (mu)"),
              esc(cell(facts, row, run.config.request_column)));
  h += kv_row(tr("投资（万元）", "Investment (10k yuan)"),
              esc(cell(facts, row, "investment_10k_yuan")));
  h += kv_row(tr("结论", "Outcome"), "<b>" + status_text(alloc.status, tr) + "</b>");
  if (p.eligible) {
    h += kv_row(tr("排名", "Rank"), QStringLiteral("<b>%1</b> / %2").arg(p.rank).arg(n_ranked));
    h += kv_row(
        tr("综合得分", "Score"),
        num(p.score, 4) + " (" + QString::fromUtf8(rules::to_string(run.config.method)) + ")");
    if (rob) {
      h += kv_row(tr("排名区间（5%–95%）", "Rank interval (5th–95th percentile)"),
                  QStringLiteral("%1 – %2").arg(rob->rank_p05).arg(rob->rank_p95));
      h += kv_row(tr("获得指标的抽样比例", "Share of draws funded"), percent(rob->funded_share));
    }
  }
  h += kv_row(tr("占用计划指标（亩）", "Quota charged (mu)"),
              alloc.quota_free
                  ? tr("0（存量保障，无需计划指标）", "0 (existing land, no quota needed)")
                  : num(alloc.quota_charged_mu));
  h += kv_row(tr("理由", "Reason"), esc(tr.pick(alloc.reason_zh, alloc.reason_en)));
  h += table_close();

  // Location map.
  const bool has_site = row < run.scene.sites.size() && !run.scene.sites[row].empty();
  if (has_site) {
    const RenderedMap m = render_site_map(run.scene, {row}, QSize(1200, 900), 4000, language);
    const QString img = out.add_image("map", m.image, &out.files().map_png);
    h += "<h2>" + tr("区位图", "Site map") + "</h2>" + figure_html(img) + "<p class=\"small\">" +
         tr("项目用地（品红）、所在园区与区县、批准园区范围、枢纽及其辐射圈、生态红线与永久基本农田"
            "、"
            "低效用地。",
            "Project site (magenta), its zone and district, approved parks, hubs and catchment "
            "rings, redline and farmland constraints, low-efficiency parcels.") +
         "</p>";
  }

  // Land and quota.
  h += "<h2>" + tr("用地与指标", "Land and quota") + "</h2>";
  h += kv_table_open() + land_quota_rows(run, row, tr) + table_close();
  if (has_site && (!run.scene.land.empty() || !run.scene.supply.empty())) {
    // Site scale: a third of the site's size of air around it, at least 150 m.
    const auto g = geo::from_wkb(run.scene.sites[row]);
    const geo::Envelope e = geo::envelope(g.get());
    const double margin = std::max(150.0, std::max(e.max_x - e.min_x, e.max_y - e.min_y) / 3);
    const RenderedMap m = render_land_map(run.scene, {row}, QSize(1000, 750), margin, language);
    const QString img = out.add_image("land", m.image, &out.files().land_map_png);
    h += figure_html(img) + "<p class=\"small\">" +
         tr("现状地类（国土调查图斑）：耕地、其他农用地、建设用地、未利用地、未分类；已批准用地按"
            "供地状态加斜线；项目用地为品红边框。",
            "Current land class (land-survey 图斑): cultivated, other agricultural, "
            "construction, unused, unclassified; approved land hatched by supply status; the "
            "project site outlined in magenta.") +
         "</p>";
  }

  // Eligibility.
  h += "<h2>" + tr("准入条件", "Eligibility rules") + "</h2>";
  h += eligibility_html(run, project_id, tr);

  // Criteria.
  if (p.eligible) {
    h += "<h2>" + tr("评分指标", "Criteria") + "</h2>";
    h += criteria_html(run, row, tr);
    const QString img = out.add_image("criteria", render_criteria_chart(run, row, language),
                                      &out.files().chart_png);
    h += figure_html(img);
    if (run.config.method == rules::RankMethod::Topsis)
      h += "<p class=\"small\">" +
           tr("TOPSIS 得分为与正负理想解的相对贴近度；贡献列为加权标准化得分，供参考。",
              "The TOPSIS score is the relative closeness to the ideal; contributions show the "
              "weighted normalised scores for reference.") +
           "</p>";
  }

  // Allocation.
  h += "<h2>" + tr("指标分配", "Allocation") + "</h2><p>" + tr("年度指标", "Annual quota") + " " +
       num(run.policy.quota_mu) + " " + tr.mu() +
       tr("，仅新增建设用地占用指标；", "; only new construction land is charged; ") +
       tr("按排名顺序分配，放不下时", "funded in rank order; a project that does not fit is") +
       " " +
       (run.policy.on_no_fit == rules::OnNoFit::Skip
            ? tr("跳过并列入候补", "skipped (waitlisted)")
            : tr("按剩余指标部分安排", "funded partially")) +
       ". " + status_text(alloc.status, tr) + ": " +
       (alloc.quota_free ? tr("存量保障，无需计划指标", "no quota needed (existing land)")
                         : num(alloc.quota_charged_mu) + " " + tr.mu()) +
       " — " + esc(tr.pick(alloc.reason_zh, alloc.reason_en)) + "</p>";
  if (!run.config.clause.empty())
    h += "<p class=\"small\">" + tr("依据：", "Basis: ") + esc(run.config.clause) + "</p>";
  return h;
}

ReportFiles write_project_report(const RankRun& run, const std::string& project_id,
                                 Language language, const std::string& out_dir) {
  const auto row = run.row_of(project_id);
  if (!row) throw Error(ErrorKind::BadInput, "no project '" + project_id + "' in the ranking");
  const Tr tr{language};
  ReportWriter out(out_dir, project_id);
  const QString title = tr("项目用地指标论证报告", "Land quota justification") + " — " +
                        cell(run.facts, *row, "project_name") + " (" + esc(project_id) + ")";
  QString h = page_head(title) + project_sections_html(run, *row, language, out);
  h += stamp_html(run, tr);
  h += "</body></html>";
  return out.finish(h, title, page_frame(run, "project", project_id, language));
}

}  // namespace hubland::report

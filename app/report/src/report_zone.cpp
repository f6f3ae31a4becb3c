// The zone-office report (report.hpp, write_zone_report).
#include "hubland/error.hpp"
#include "map_figure.hpp"
#include "report_html.hpp"

namespace hubland::report {

using namespace detail;

ReportFiles write_zone_report(const RankRun& run, const std::string& zone_id, Language language,
                              const std::string& out_dir) {
  const Tr tr{language};
  const auto& facts = run.facts;
  std::vector<std::size_t> rows;
  QString zone_name;
  std::string zid;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    const std::string id = text(facts, r, "zone_id"), name = text(facts, r, "zone_name");
    if (id != zone_id && name != zone_id) continue;
    rows.push_back(r);
    if (zid.empty()) zid = id;
    if (!name.empty()) zone_name = QString::fromStdString(name);
  }
  if (rows.empty()) throw Error(ErrorKind::BadInput, "no project lies in zone '" + zone_id + "'");
  if (zid.empty()) zid = zone_id;
  sort_by_rank(run, rows);
  ReportWriter out(out_dir, "zone-" + zid);

  const QString title = tr("园区用地指标分配说明", "Zone quota allocation report") + " — " +
                        (zone_name.isEmpty() ? QString() : zone_name + " ") + "(" + esc(zid) + ")";
  QString h = page_head(title);
  int funded = 0, waitlisted = 0, ineligible = 0, quota_free = 0;
  double requested = 0, charged = 0;
  for (std::size_t r : rows) {
    requested += number(facts, r, run.config.request_column).value_or(0.0);
    charged += run.allocations[r].quota_charged_mu;
    quota_free += run.allocations[r].quota_free ? 1 : 0;
    switch (run.allocations[r].status) {
      case rules::AllocationStatus::Funded:
        ++funded;
        break;
      case rules::AllocationStatus::Waitlisted:
        ++waitlisted;
        break;
      case rules::AllocationStatus::Ineligible:
        ++ineligible;
        break;
    }
  }
  const QString mu = " " + tr.mu();
  h += "<p>" + tr("项目数", "Projects") + " " + QString::number(rows.size()) + ": " +
       tr("获得指标", "funded") + " " + QString::number(funded) + " (" +
       tr("其中存量保障、无需计划指标", "of which without quota, on existing land") + " " +
       QString::number(quota_free) + "), " + tr("候补", "waitlisted") + " " +
       QString::number(waitlisted) + ", " + tr("不符合条件", "ineligible") + " " +
       QString::number(ineligible) + ". " + tr("申请", "Requested") + " " + num(requested) + mu +
       ", " + tr("占用计划指标", "quota charged") + " " + num(charged) + mu;
  if (auto cap = run.policy.zone_caps_mu.find(zid); cap != run.policy.zone_caps_mu.end())
    h += ", " + tr("园区上限", "zone cap") + " " + num(cap->second) + mu;
  h += "; " + tr("全市年度指标", "annual quota") + " " + num(run.policy.quota_mu) + mu + ". " +
       tr("仅新增建设用地占用计划指标。", "Only new construction land is charged.") + "</p>";

  std::vector<std::size_t> with_site;
  for (std::size_t r : rows)
    if (r < run.scene.sites.size() && !run.scene.sites[r].empty()) with_site.push_back(r);
  if (!with_site.empty()) {
    const RenderedMap m = render_site_map(run.scene, with_site, QSize(1200, 900), 3000, language,
                                          tr("本园区项目", "Projects of this zone"));
    const QString img = out.add_image("map", m.image, &out.files().map_png);
    h += figure_html(img);
  }
  h += "<h2>" + tr("分区县合计", "Totals per district") + "</h2>";
  h += district_totals_html(district_totals(run, rows), tr);
  h += "<h2>" + tr("项目排名与分配", "Projects, ranks and allocation") + "</h2>";
  h += projects_html(run, rows, tr);
  h += stamp_html(run, tr);
  h += "</body></html>";
  return out.finish(h, title, page_frame(run, "zone", zid, language));
}

}  // namespace hubland::report

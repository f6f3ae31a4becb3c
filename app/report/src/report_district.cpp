// The district (区县) report (report.hpp, write_district_report).
#include "hubland/error.hpp"
#include "map_figure.hpp"
#include "report_html.hpp"

namespace hubland::report {

using namespace detail;

namespace {

/// The district's land-supply status totals and disposals in the year (district_land_stock).
QString land_stock_html(const layers::Table& stock, std::optional<std::size_t> row, const Tr& tr) {
  if (!row)
    return "<p>" +
           tr("无该区县的供地数据（未提供 land_supply 或 districts 图层）。",
              "No land-supply data for this district (no land_supply or districts input).") +
           "</p>";
  QString h = kv_table_open();
  auto add = [&](const QString& label, const char* column) {
    h += kv_row(label, num(number(stock, *row, column).value_or(0)));
  };
  add(tr("批而未供（亩）", "Approved, not supplied — 批而未供 (mu)"), "unsupplied_mu");
  add(tr("供而未用（亩）", "Supplied, unused — 供而未用 (mu)"), "supplied_unused_mu");
  add(tr("储备（亩）", "Reserve — 储备 (mu)"), "reserve_mu");
  add(tr("已供（亩）", "Supplied — 已供 (mu)"), "supplied_mu");
  add(tr("近一年消化批而未供（亩）", "批而未供 disposed of in the year (mu)"),
      "disposed_unsupplied_mu");
  add(tr("近一年处置闲置土地（亩）", "Idle land disposed of in the year (mu)"), "disposed_idle_mu");
  return h + table_close();
}

}  // namespace

ReportFiles write_district_report(const RankRun& run, const std::string& district_code,
                                  Language language, const std::string& out_dir) {
  const Tr tr{language};
  const auto& facts = run.facts;
  std::vector<std::size_t> rows;
  std::string name;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    if (text(facts, r, "district_code") != district_code) continue;
    rows.push_back(r);
    if (name.empty()) name = text(facts, r, "district_name");
  }
  std::optional<std::size_t> stock_row;
  const layers::Table& stock = run.district_land_stock;
  for (std::size_t r = 0; r < stock.row_count() && !district_code.empty(); ++r)
    if (text(stock, r, "district_code") == district_code) {
      stock_row = r;
      if (name.empty()) name = text(stock, r, "district_name");
    }
  bool has_boundary = false;
  const auto& s = run.scene;
  for (std::size_t d = 0; d < s.district_codes.size(); ++d)
    if (s.district_codes[d] == district_code) {
      has_boundary = true;
      if (name.empty() && d < s.district_names.size()) name = s.district_names[d];
    }
  if (district_code.empty() || (rows.empty() && !stock_row && !has_boundary))
    throw Error(ErrorKind::BadInput,
                "no project, land stock or boundary in district '" + district_code + "'");
  sort_by_rank(run, rows);
  ReportWriter out(out_dir, "district-" + district_code);

  const QString title = tr("区县用地指标说明", "District land quota report") + " — " +
                        (name.empty() ? QString() : QString::fromStdString(name) + " ") + "(" +
                        esc(district_code) + ")";
  QString h = page_head(title);
  h += "<p>" +
       tr("仅新增建设用地占用计划指标；位于存量建设用地的项目存量保障，无需计划指标。"
          "区县增存挂钩奖励指标优先安排本区县项目。",
          "Only new construction land is charged to the quota; a project on existing "
          "construction land is funded without quota (存量保障). The district's 增存挂钩 reward "
          "funds its own projects first.") +
       "</p>";
  h += "<h2>" + tr("区县合计", "District totals") + "</h2>";
  if (rows.empty())
    h += "<p>" + tr("本次排名无该区县项目。", "No project of this district in the ranking.") +
         "</p>";
  else
    h += district_totals_kv(district_totals(run, rows), 0, tr);
  h += "<h2>" + tr("土地供应与处置", "Land supply and disposals") + "</h2>";
  h += land_stock_html(stock, stock_row, tr);

  std::vector<std::size_t> with_site;
  for (std::size_t r : rows)
    if (r < s.sites.size() && !s.sites[r].empty()) with_site.push_back(r);
  if (has_boundary || !with_site.empty()) {
    const RenderedMap m =
        render_district_map(s, district_code, with_site, QSize(1200, 900), language);
    const QString img = out.add_image("map", m.image, &out.files().map_png);
    h += "<h2>" + tr("区县图", "District map") + "</h2>" + figure_html(img);
  }
  if (!rows.empty()) {
    h += "<h2>" + tr("项目排名与分配", "Projects, ranks and allocation") + "</h2>";
    h += projects_html(run, rows, tr);
  }
  h += stamp_html(run, tr);
  h += "</body></html>";
  return out.finish(h, title, page_frame(run, "district", district_code, language));
}

}  // namespace hubland::report

// The land and quota tables every report shares (report_html.hpp): a project's land and quota
// account, per-district totals and the project list.
#include <algorithm>
#include <iterator>

#include "hubland/rules/ranking_stage.hpp"
#include "report_html.hpp"

namespace hubland::report::detail {

namespace {

/// Site area of a row in mu: area_mu, else new + existing land, else nullopt.
std::optional<double> site_mu(const layers::Table& f, std::size_t row) {
  if (const auto a = number(f, row, "area_mu")) return a;
  const auto n = number(f, row, "new_land_mu"), e = number(f, row, "existing_land_mu");
  if (n && e) return *n + *e;
  return std::nullopt;
}

/// A mu figure with its unit, or the "unknown" text.
QString mu_or_unknown(const std::optional<double>& v, const Tr& tr) {
  return v ? num(*v) : tr("未知（数据缺失）", "unknown (data missing)");
}

}  // namespace

QString land_with_share(const RankRun& run, std::size_t row, std::string_view column) {
  const auto v = number(run.facts, row, column);
  if (!v) return QStringLiteral("–");
  const auto area = site_mu(run.facts, row);
  if (!area || *area <= 0) return num(*v);
  return num(*v) + " (" + percent(*v / *area) + ")";
}

QString land_quota_rows(const RankRun& run, std::size_t row, const Tr& tr) {
  const layers::Table& f = run.facts;
  const auto& a = run.allocations.at(row);
  QString h;
  const QString mu = " " + tr.mu();
  const auto area = site_mu(f, row);
  h += kv_row(tr("用地面积（亩）", "Site area (mu)"),
              (area ? num(*area) : QStringLiteral("–")) + tr("（申请 ", " (requested ") +
                  cell(f, row, run.config.request_column) + mu + tr("）", ")"));
  const auto new_mu = number(f, row, "new_land_mu");
  if (new_mu) {
    h += kv_row(tr("新增建设用地（亩）", "New construction land (mu)"),
                land_with_share(run, row, "new_land_mu"));
    h += kv_row(tr("存量建设用地（亩）", "Existing construction land (mu)"),
                land_with_share(run, row, "existing_land_mu"));
    const double cultivated = number(f, row, "cultivated_mu").value_or(0);
    h += kv_row(
        tr("其中占用耕地（亩）", "of which cultivated land, 耕地 (mu)"),
        num(cultivated) +
            (cultivated > 0 ? " — " + tr("占用耕地须落实占补平衡（补充数量相等、质量相当的耕地）",
                                         "耕地 taken needs an offset (占补平衡: as much cultivated "
                                         "land of the same quality reclaimed)")
                            : QString()));
    const double unsurveyed = number(f, row, "unsurveyed_mu").value_or(0);
    if (unsurveyed > 0)
      h += kv_row(
          tr("无已分类图斑部分（亩）", "Part without a classified 图斑 (mu)"),
          num(unsurveyed) + " — " +
              tr("数据缺失，按新增建设用地计", "data missing (数据缺失): counted as new land"));
  } else {
    h += kv_row(tr("新增建设用地（亩）", "New construction land (mu)"),
                tr("数据缺失：无现状地类（国土调查）数据，按申请面积全额计为新增",
                   "data missing (数据缺失): no land-survey data, the whole request counts as new "
                   "land"));
  }
  static const char* const kSupplyEn[] = {"approved, not supplied (批而未供)",
                                          "supplied, unused (供而未用)", "reserve (储备)",
                                          "supplied (已供)"};
  for (std::size_t i = 0; i < layers::kSupplyStatuses.size(); ++i) {
    const auto& st = layers::kSupplyStatuses[i];
    const auto v = number(f, row, st.fact);
    if (!v || *v <= 0) continue;
    h += kv_row(tr.lang == Language::Zh ? "位于" + QString::fromUtf8(st.zh) + "土地（亩）"
                                        : "On land " + QString::fromUtf8(kSupplyEn[i]) + " (mu)",
                num(*v));
  }
  if (a.quota_free) {
    h += kv_row(
        tr("计划指标", "Quota"),
        "<b>" + tr("存量保障，无需计划指标", "existing land: no quota needed (存量保障)") + "</b>");
  } else {
    QString charged = "<b>" + num(a.quota_charged_mu) + "</b>";
    if (a.reward_charged_mu > 0)
      charged += " " +
                 tr("（其中区县增存挂钩奖励指标 ", "(of which the district's 增存挂钩 reward ") +
                 num(a.reward_charged_mu) + mu + tr("）", ")");
    if (a.partial) charged += " " + tr("（部分安排）", "(partial)");
    h += kv_row(tr("占用计划指标（亩）", "Quota charged (mu)"), charged);
  }
  const std::string dcode = text(f, row, "district_code"), dname = text(f, row, "district_name");
  h += kv_row(tr("所在区县", "District"),
              dcode.empty() && dname.empty()
                  ? tr("–（无区县数据）", "– (no district data)")
                  : esc(dname) + " (" + esc(dcode.empty() ? std::string("–") : dcode) + ")");
  const std::string pid = text(f, row, "park_id"), pname = text(f, row, "park_name");
  const auto pshare = number(f, row, "park_share");
  if (!pid.empty() || pshare) {
    QString park = pid.empty() ? tr("不在批准园区内", "outside every approved park")
                               : esc(pname) + " (" + esc(pid) + ")";
    if (pshare) park += tr("，园区内比例 ", ", share inside ") + percent(*pshare);
    h += kv_row(tr("所在批准园区", "Approved park"), park);
  }
  if (const auto hz = number(f, row, "hub_zone_share"))
    h += kv_row(tr("位于枢纽经济区的比例", "Share inside the hub economic zone"), percent(*hz));
  return h;
}

layers::Table district_totals(const RankRun& run, const std::vector<std::size_t>& rows) {
  rules::RankingStage stage;
  const layers::Table& f = run.facts;
  for (const auto& c : f.columns()) stage.facts.add_column(c.name, c.type, c.unit);
  for (std::size_t r : rows) {
    const std::size_t i = stage.facts.add_row();
    for (std::size_t c = 0; c < f.column_count(); ++c)
      if (!f.null_at(r, c)) stage.facts.set(i, c, f.get(r, c));
    stage.ranking.projects.push_back(run.ranking.projects.at(r));
    stage.allocations.push_back(run.allocations.at(r));
  }
  stage.config = run.config;
  stage.policy = run.policy;
  return rules::district_totals(stage);
}

std::vector<std::pair<QString, QString>> district_figures(const layers::Table& t, std::size_t r,
                                                          const Tr& tr) {
  auto integer = [&](const char* c) { return static_cast<long long>(number(t, r, c).value_or(0)); };
  auto mu = [&](const char* c) { return num(number(t, r, c).value_or(0)); };
  const std::string code = text(t, r, "district_code");
  const long long projects = integer("projects"), eligible = integer("eligible"),
                  funded = integer("funded"), free = integer("funded_without_quota");
  return {
      {tr("区县", "District"),
       esc(text(t, r, "district_name")) + (code.empty() ? QString() : " (" + esc(code) + ")")},
      {tr("项目", "Projects"), QString::number(projects)},
      {tr("获得指标", "Funded"), QString::number(funded) + " (" + QString::number(free) + ")"},
      {tr("候补", "Wait-listed"), QString::number(eligible - funded)},
      {tr("不符合条件", "Ineligible"), QString::number(projects - eligible)},
      {tr("申请用地", "Requested"), mu("request_mu")},
      {tr("新增用地", "New land"), mu_or_unknown(number(t, r, "new_land_mu"), tr)},
      {tr("存量用地", "Existing land"), mu_or_unknown(number(t, r, "existing_land_mu"), tr)},
      {tr("耕地", "耕地"), mu_or_unknown(number(t, r, "cultivated_mu"), tr)},
      {tr("占用指标", "Quota charged"), mu("quota_charged_mu")},
      {tr("增存挂钩奖励（已用/总）", "增存挂钩 reward (used / total)"),
       mu("reward_charged_mu") + " / " + mu("reward_mu")},
  };
}

QString district_totals_note(const Tr& tr) {
  return "<p class=\"small\">" +
         tr("面积单位：亩。获得指标栏括号内为存量保障、无需计划指标的项目数；新增、存量、耕地为"
            "“未知”时，至少一个项目缺少现状地类数据。",
            "Areas in mu. Funded: in brackets, the projects funded without quota (on existing "
            "land). New, existing and 耕地 read \"unknown\" when a project lacks land-survey "
            "data.") +
         "</p>";
}

QString district_totals_html(const layers::Table& t, const Tr& tr) {
  // The district's name wraps; every figure keeps its natural width.
  std::vector<Column> header;
  for (const auto& [label, value] : district_figures(t, 0, tr))
    header.push_back({label, 0, !header.empty()});
  QString h = district_totals_note(tr) + table_open(header, QStringLiteral("small"));
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    std::vector<QString> cells;
    for (auto& [label, value] : district_figures(t, r, tr)) cells.push_back(std::move(value));
    h += table_row(cells, header);
  }
  return h + table_close();
}

QString district_totals_kv(const layers::Table& t, std::size_t row, const Tr& tr) {
  QString h = district_totals_note(tr) + kv_table_open();
  for (const auto& [label, value] : district_figures(t, row, tr)) h += kv_row(label, value);
  return h + table_close();
}

void sort_by_rank(const RankRun& run, std::vector<std::size_t>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    const int ra = run.ranking.projects[a].rank, rb = run.ranking.projects[b].rank;
    if ((ra == 0) != (rb == 0)) return rb == 0;
    return ra != rb ? ra < rb
                    : run.ranking.projects[a].project_id < run.ranking.projects[b].project_id;
  });
}

QString projects_html(const RankRun& run, const std::vector<std::size_t>& rows, const Tr& tr) {
  QString h = "<p class=\"small\">" +
              tr("面积单位：亩。排名括号内为权重扰动下的 5%–95% 排名区间。",
                 "Areas in mu. Rank: in brackets, the 5th–95th percentile under perturbed "
                 "weights.") +
              "</p>";
  // Figures at their natural width; project names and reasons wrap in what is left.
  const std::vector<Column> header{
      {tr("排名", "Rank"), 0, true},     {tr("项目", "Project"), 22},
      {tr("得分", "Score"), 0, true},    {tr("获得比例", "Funded share"), 0, true},
      {tr("申请", "Request"), 0, true},  {tr("新增", "New"), 0, true},
      {tr("存量", "Existing"), 0, true}, {tr("占用指标", "Charged"), 0, true},
      {tr("结论", "Outcome"), 0, true},  {tr("理由", "Reason"), 0}};
  h += table_open(header, QStringLiteral("small"));
  for (std::size_t r : rows) {
    const auto& p = run.ranking.projects[r];
    const auto& a = run.allocations[r];
    const auto rob = run.robustness(r);
    QString rank = p.rank ? QString::number(p.rank) : QStringLiteral("–");
    if (rob) rank += QStringLiteral(" (%1–%2)").arg(rob->rank_p05).arg(rob->rank_p95);
    const auto new_mu = number(run.facts, r, "new_land_mu");
    h += table_row({rank, esc(p.project_id) + " " + esc(cell(run.facts, r, "project_name")),
                    p.eligible ? num(p.score, 4) : QStringLiteral("–"),
                    rob ? percent(rob->funded_share) : QStringLiteral("–"),
                    esc(cell(run.facts, r, run.config.request_column)),
                    new_mu ? num(*new_mu) : tr("未知", "unknown"),
                    new_mu ? cell(run.facts, r, "existing_land_mu") : tr("未知", "unknown"),
                    a.quota_free ? tr("无需", "none") : num(a.quota_charged_mu),
                    status_text(a.status, tr), esc(tr.pick(a.reason_zh, a.reason_en))},
                   header);
  }
  return h + table_close();
}

}  // namespace hubland::report::detail

// Zone evaluation reports, per zone and city-wide (evaluation_report.hpp).
#include <QImage>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "hubland/error.hpp"
#include "hubland/report/evaluation_report.hpp"
#include "map_figure.hpp"
#include "report_html.hpp"

namespace fs = std::filesystem;

namespace hubland::report {

using namespace detail;

namespace {

using rules::ZoneEvaluation;

const ZoneEvaluation* row_of(const rules::WorkspaceEvaluation& ev, const std::string& zone,
                             int year) {
  for (const auto& r : ev.rows)
    if (r.zone_id == zone && r.year == year) return &r;
  return nullptr;
}

/// Zone ids in evaluation order (the engine's: zones layer order, then facts-only zones).
std::vector<std::string> zone_ids(const rules::WorkspaceEvaluation& ev) {
  std::vector<std::string> out;
  for (const auto& r : ev.rows)
    if (std::find(out.begin(), out.end(), r.zone_id) == out.end()) out.push_back(r.zone_id);
  return out;
}

/// A file name from a zone id: ids come from user data and must not leave DIR or trip a file
/// system. Non-ASCII (a Chinese id) stays; separators, wildcards, quotes, spaces and control
/// characters become '_'.
std::string file_safe(const std::string& id) {
  std::string s = id;
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || std::string_view("/\\:*?\"<>| ").find(c) != std::string_view::npos)
      c = '_';
  }
  return s;
}

QString opt_num(const std::optional<double>& v) {
  return v ? num(*v) : QStringLiteral("–");
}
QString signed_num(const std::optional<double>& v) {
  if (!v) return QStringLiteral("–");
  return (*v > 0 ? QStringLiteral("+") : QString()) + num(*v);
}

/// "1 / 2": the rank among the scored zones of the same type in that year ("–": no score).
QString rank_text(const rules::WorkspaceEvaluation& ev, const ZoneEvaluation& e) {
  if (e.rank == 0) return QStringLiteral("–");
  int scored = 0;
  for (const auto& r : ev.rows)
    if (r.year == e.year && r.zone_type == e.zone_type && r.score) ++scored;
  return QString::number(e.rank) + " / " + QString::number(scored);
}

QString code(const std::string& text) {
  // Monospace: a proportional face sets "ff" as one ligature and the PDF text loses the id.
  return QStringLiteral("<span style=\"font-family:'DejaVu Sans Mono',monospace\">%1</span>")
      .arg(esc(text));
}

/// The reproducibility stamp: ruleset, its SHA-256, the run of each year, the tool version.
QString stamp_html(const EvaluationReportData& data, const Tr& tr) {
  const rules::WorkspaceEvaluation& ev = data.evaluation;
  QString h =
      QStringLiteral(
          "<h2>%1</h2><table class=\"small\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">")
          .arg(tr("可复现信息", "Reproducibility stamp"));
  h +=
      kv_row(tr("规则集", "Ruleset"), esc(ev.ruleset.id) + " " + esc(ev.ruleset.version) + " (" +
                                          esc(fs::path(ev.ruleset.file).filename().string()) + ")");
  h += kv_row(tr("规则集 SHA-256", "Ruleset SHA-256"), code(ev.ruleset.sha256));
  for (int y : ev.years) {
    const layers::RunRecord& run = ev.runs.at(y);
    const auto as_of = run.info.parameters.find("as_of");
    h += kv_row(tr("评价年度", "Evaluation year") + " " + QString::number(y),
                tr("运行", "run") + " " + code(std::to_string(run.id)) + ", as_of " +
                    esc(as_of == run.info.parameters.end() ? std::string("–") : as_of->second) +
                    ", " + esc(run.finished_utc) + ", hubland " + esc(run.tool_version));
  }
  h += kv_row(tr("软件版本", "Tool version"), esc("hubland " + data.tool_version));
  return h + "</table>";
}

/// An [evaluation] indicator's title in the report's language ("" for an unknown id).
QString indicator_title(const rules::Ruleset& ruleset, const std::string& id, const Tr& tr) {
  for (const auto& ind : ruleset.evaluation.indicators)
    if (ind.id == id) return tr.pick(ind.title_zh, ind.title_en);
  return {};
}

QString direction_text(const rules::EvaluationIndicator& ind, const Tr& tr) {
  return ind.direction == rules::EvaluationIndicator::Direction::Benefit
             ? tr("越高越好", "higher is better")
             : tr("越低越好", "lower is better");
}

QString verified_text(bool verified, const std::string& note, const Tr& tr) {
  if (verified) return tr("已核实", "verified");
  return "<span class=\"fail\">" + tr("未核实", "unverified") + "</span>" +
         (note.empty() ? QString() : "<br><span class=\"small\">" + esc(note) + "</span>");
}

/// Score, grade, rank among the zones of its type and change, one row per year.
QString scores_html(const rules::WorkspaceEvaluation& ev, const std::string& zone, const Tr& tr) {
  const std::vector<Column> header{{tr("年度", "Year"), 0, true},
                                   {tr("得分", "Score"), 0, true},
                                   {tr("等级", "Grade"), 0, true},
                                   {tr("同类型排名", "Rank within type"), 0, true},
                                   {tr("较上一年", "Change vs previous year"), 0, true}};
  QString h = table_open(header);
  for (int y : ev.years)
    if (const auto* e = row_of(ev, zone, y))
      h += table_row({QString::number(y), opt_num(e->score), esc(e->grade), rank_text(ev, *e),
                      signed_num(e->change_vs_prev)},
                     header);
  return h + table_close();
}

/// The zones of `type`, best rank of the newest year first, `zone` in bold.
QString type_table_html(const rules::WorkspaceEvaluation& ev, const std::string& type,
                        const std::string& zone, const Tr& tr) {
  std::vector<Column> header{{tr("园区", "Zone"), 0}};
  for (int y : ev.years) {
    const QString ys = QString::number(y) + " ";
    header.push_back({ys + tr("排名", "rank"), 0, true});
    header.push_back({ys + tr("得分", "score"), 0, true});
    header.push_back({ys + tr("等级", "grade"), 0, true});
  }
  QString h = table_open(header);
  std::vector<const ZoneEvaluation*> newest;
  for (const auto& r : ev.rows)
    if (r.year == ev.years.back() && r.zone_type == type) newest.push_back(&r);
  std::stable_sort(newest.begin(), newest.end(), [](const auto* a, const auto* b) {
    return (a->rank ? a->rank : 1 << 30) < (b->rank ? b->rank : 1 << 30);
  });
  for (const auto* n : newest) {
    const bool me = n->zone_id == zone;
    std::vector<QString> cells{(me ? "<b>" : "") + esc(n->zone_name) + " (" + esc(n->zone_id) +
                               ")" + (me ? "</b>" : "")};
    for (int y : ev.years) {
      const auto* e = row_of(ev, n->zone_id, y);
      cells.push_back(e ? rank_text(ev, *e) : QStringLiteral("–"));
      cells.push_back(e ? opt_num(e->score) : QStringLiteral("–"));
      cells.push_back(e ? esc(e->grade) : QStringLiteral("–"));
    }
    h += table_row(cells, header);
  }
  return h + table_close();
}

/// The indicators: definition, value per year, change, benchmark, weight for `type`, verified.
QString indicators_html(const rules::WorkspaceEvaluation& ev, const std::string& zone,
                        const std::string& type, const Tr& tr) {
  // Values at their natural width; titles, directions and notes wrap.
  std::vector<Column> header{{tr("指标", "Indicator"), 0}, {tr("单位", "Unit"), 0, true}};
  for (int y : ev.years) header.push_back({QString::number(y), 0, true});
  header.insert(header.end(), {{tr("变化", "Change"), 0, true},
                               {tr("基准与方向", "Benchmark"), 0},
                               {tr("权重", "Weight"), 0},
                               {tr("核实", "Verified"), 0}});
  QString h = table_open(header, QStringLiteral("small"));
  const auto& indicators = ev.ruleset.evaluation.indicators;
  QString notes;  // under the table: in a cell they would squeeze the numbers
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    const auto& ind = indicators[i];
    if (!ind.verified)
      notes += "<li>" + code(ind.id) + ": " + esc(ind.note.empty() ? "–" : ind.note) + "</li>";
    std::vector<QString> cells{code(ind.id) + "<br>" + esc(tr.pick(ind.title_zh, ind.title_en)),
                               esc(ind.unit)};
    std::vector<std::optional<double>> values;
    for (int y : ev.years) {
      const auto* e = row_of(ev, zone, y);
      values.push_back(e && i < e->values.size() ? e->values[i] : std::nullopt);
      cells.push_back(opt_num(values.back()));
    }
    std::optional<double> change;
    if (values.size() >= 2 && values.back() && values[values.size() - 2])
      change = *values.back() - *values[values.size() - 2];
    const double w = ind.weight_for(type);
    cells.insert(
        cells.end(),
        {signed_num(change), num(ind.benchmark) + "<br>" + direction_text(ind, tr),
         w > 0 ? num(w) : tr("0（不计）", "0 (not counted)"), verified_text(ind.verified, {}, tr)});
    h += table_row(cells, header);
  }
  h += table_close();
  if (!notes.isEmpty())
    h += "<p class=\"small\">" + tr("未核实数值的说明：", "Why values are unverified:") +
         "</p><ul class=\"small\">" + notes + "</ul>";
  return h;
}

/// Missing values said plainly: which indicator in which year, and why.
QString missing_html(const rules::WorkspaceEvaluation& ev, const std::string& zone, const Tr& tr) {
  QString items;
  for (std::size_t yi = 0; yi < ev.years.size(); ++yi) {
    const auto* e = row_of(ev, zone, ev.years[yi]);
    if (!e || e->missing.empty()) continue;
    // The engine lists the ids only; the zone's parcel count in that year's facts tells the
    // two causes apart.
    std::size_t parcels = 0;
    for (std::size_t r = 0; r < ev.facts[yi].row_count(); ++r)
      if (text(ev.facts[yi], r, "zone_id") == zone) ++parcels;
    for (const auto& id : e->missing) {
      const QString title = indicator_title(ev.ruleset, id, tr);
      const QString because =
          parcels == 0
              ? tr("该年度运行中本园区没有地块", "the zone has no parcel in that year's run")
              : tr("指标表达式对本园区 %1 个地块没有得出数值（所用字段为空，或分母为 0）",
                   "the indicator's expression gave no value over the zone's %1 parcels (the "
                   "facts it reads are empty, or its denominator is 0)")
                    .arg(parcels);
      items += "<li>" + QString::number(ev.years[yi]) + " " + code(id) + " " + esc(title) + ": " +
               tr("无数值，原因：", "no value, because ") + because + "</li>";
    }
  }
  if (items.isEmpty())
    return "<p>" + tr("各年度所有指标均有数值。", "Every indicator has a value in every year.") +
           "</p>";
  return "<p>" +
         tr("无数值的指标不计入得分，其余指标权重按比例折算。",
            "An indicator without a value is left out of the score; the other weights "
            "renormalise.") +
         "</p><ul>" + items + "</ul>";
}

/// 自评 vs 统评 rows of the zone; flagged rows highlighted.
QString self_html(const layers::Table& self, const std::string& zone, const rules::Ruleset& ruleset,
                  const Tr& tr) {
  QString rows;
  for (std::size_t r = 0; r < self.row_count(); ++r) {
    if (text(self, r, "zone_id") != zone) continue;
    const bool flagged = number(self, r, "flagged").value_or(0) != 0;
    const std::string id = text(self, r, "indicator");
    const QString title = indicator_title(ruleset, id, tr);
    const QString td =
        flagged ? QStringLiteral("<td bgcolor=\"#ffd6d6\">") : QStringLiteral("<td>");
    rows += "<tr>";
    int column = 0;  // the figures (columns 1 to 5) keep their natural width
    for (const QString& c :
         {code(id) + " " + esc(title), cell(self, r, "self_value"), cell(self, r, "computed_value"),
          cell(self, r, "difference"),
          number(self, r, "relative_difference") ? percent(*number(self, r, "relative_difference"))
                                                 : QStringLiteral("–"),
          flagged ? "<span class=\"fail\">" + tr("是", "yes") + "</span>" : tr("否", "no"),
          esc(text(self, r, "reason")), esc(text(self, r, "note"))})
      rows += (++column >= 2 && column <= 6
                   ? QString(td).replace("<td", "<td style=\"white-space:nowrap\"")
                   : td) +
              c + "</td>";
    rows += "</tr>";
  }
  if (rows.isEmpty())
    return "<p>" + tr("本园区未报送自评。", "The zone reported no self-evaluation.") + "</p>";
  return "<p>" +
         tr("自评与计算值之差超过容差（%1）的行已标出。",
            "Rows where the self-reported value differs from the computed one by more than the "
            "tolerance (%1) are flagged.")
             .arg(percent(ruleset.evaluation.self_tolerance)) +
         "</p>" +
         table_open({{tr("指标", "Indicator"), 0},
                     {tr("自评值", "Self-reported"), 0},
                     {tr("计算值", "Computed"), 0},
                     {tr("差值", "Difference"), 0},
                     {tr("相对差", "Relative"), 0},
                     {tr("标记", "Flagged"), 0},
                     {tr("原因", "Reason"), 0},
                     {tr("说明", "Note"), 0}},
                    QStringLiteral("small")) +
         rows + table_close();
}

const rules::ZoneQuotaCap* cap_of(const EvaluationReportData& data, const std::string& zone) {
  for (const auto& c : data.caps)
    if (c.zone_id == zone) return &c;
  return nullptr;
}

QString consequence_html(const EvaluationReportData& data, const std::string& zone, const Tr& tr) {
  const int year = data.evaluation.years.back();
  const auto* c = cap_of(data, zone);
  if (!c)
    return "<p>" +
           tr("本园区在 %1 年没有评价结果，不影响下一年指标。",
              "The zone has no evaluation in %1: no consequence for the next year.")
               .arg(year) +
           "</p>";
  QString h = kv_table_open();
  h += kv_row(tr("评价年度与等级", "Evaluated year and grade"),
              QString::number(c->evaluated_year) + ", " + esc(c->grade));
  h += kv_row(
      tr("%1 年园区指标上限", "Zone quota cap for %1").arg(c->for_year),
      c->cap_mu ? "<b>" + num(*c->cap_mu) + " " + tr.mu() + "</b>" : tr("不设上限", "uncapped"));
  h += kv_row(tr("依据", "How it was reached"), esc(c->source));
  h += table_close();
  const auto& cq = data.evaluation.ruleset.evaluation.consequence;
  if (cq.present && !cq.clause.empty())
    h += "<p class=\"small\">" + tr("条款", "Clause") + ": " + esc(cq.clause) +
         (cq.verified ? QString() : " — " + verified_text(false, cq.note, tr)) + "</p>";
  return h;
}

/// The HTML and PDF of one report, images included; its pages name the newest year's run
/// (report number HL-<run>-evaluation-<key>).
ReportFiles finish(ReportWriter& out, QString h, const EvaluationReportData& data,
                   const QString& title, const std::string& key, const Tr& tr) {
  h += stamp_html(data, tr);
  h += "</body></html>";
  const rules::WorkspaceEvaluation& ev = data.evaluation;
  const std::string run_id = std::to_string(ev.runs.at(ev.years.back()).id);
  const PageFrame frame{tr.lang,
                        QString::fromStdString(data.issuer.value_or(ev.ruleset.report_issuer)),
                        report_number(run_id, "evaluation", key),
                        today_utc(),
                        QString::fromStdString(run_id),
                        QString::fromStdString(ev.ruleset.sha256)};
  return out.finish(h, title, frame);
}

}  // namespace

ReportFiles write_zone_evaluation_report(const EvaluationReportData& data,
                                         const std::string& zone_id, Language language,
                                         const std::string& out_dir) {
  const Tr tr{language};
  const rules::WorkspaceEvaluation& ev = data.evaluation;
  const ZoneEvaluation* newest = row_of(ev, zone_id, ev.years.back());
  if (!newest) {
    std::string known;
    for (const auto& id : zone_ids(ev)) known += (known.empty() ? "" : ", ") + id;
    throw Error(ErrorKind::BadInput,
                "zone '" + zone_id + "' is not in the evaluation (zones: " + known + ")");
  }
  ReportWriter out(out_dir, "evaluation_" + file_safe(zone_id));
  const QString title = tr("园区评价考核报告", "Zone evaluation report") + " — " +
                        QString::fromStdString(newest->zone_name) + " (" +
                        QString::fromStdString(zone_id) + ")";
  QString years;
  for (int y : ev.years) years += (years.isEmpty() ? "" : ", ") + QString::number(y);
  QString h = page_head(title);
  h += kv_table_open();
  h += kv_row(tr("园区类型", "Zone type"), esc(newest->zone_type));
  h += kv_row(tr("所在区县（最大地块面积）", "District (largest parcel area)"),
              newest->district_code.empty() ? QStringLiteral("–") : esc(newest->district_code));
  h += kv_row(tr("评价年度", "Evaluated years"), years);
  h += kv_row(tr("规则集", "Ruleset"), esc(tr.pick(ev.ruleset.title.zh, ev.ruleset.title.en)) +
                                           " (" + esc(ev.ruleset.id) + ")");
  h += table_close();

  h += "<h2>" + tr("得分、等级与排名", "Score, grade and rank") + "</h2>";
  h += scores_html(ev, zone_id, tr);
  h += "<h2>" + tr("同类型园区（%1）", "Zones of type %1").arg(esc(newest->zone_type)) + "</h2>";
  h += type_table_html(ev, newest->zone_type, zone_id, tr);

  h += "<h2>" + tr("评价指标", "Indicators") + "</h2>";
  h += indicators_html(ev, zone_id, newest->zone_type, tr);
  const TrendChart chart = render_indicator_trends(ev, zone_id, language);
  const QString chart_img = out.add_image("trend", chart.image, &out.files().chart_png);
  h += figure_html(chart_img);
  h += "<h2>" + tr("缺失数值", "Missing values") + "</h2>";
  h += missing_html(ev, zone_id, tr);

  if (data.self) {
    h += "<h2>" +
         tr("自评与统评对照（%1 年）", "Self-evaluation vs computed (%1)").arg(ev.years.back()) +
         "</h2>";
    h += self_html(*data.self, zone_id, ev.ruleset, tr);
  }

  h += "<h2>" +
       tr("园区地块土地状态（%1 年）", "Land status of the zone's parcels (%1)")
           .arg(ev.years.back()) +
       "</h2>";
  if (!data.parcels) {
    h += "<p>" +
         tr("该年度运行未存储地块图层，无法出图。",
            "The year's run stored no parcels layer: no map.") +
         "</p>";
  } else {
    try {
      const RenderedMap m = render_land_status_map(data, zone_id, QSize(1200, 900), language);
      const QString img = out.add_image("map", m.image, &out.files().map_png);
      h += figure_html(img);
    } catch (const Error& e) {
      h += "<p>" + tr("无法出图：", "No map: ") + esc(std::string(e.what())) + "</p>";
    }
  }

  h += "<h2>" + tr("对下一年用地指标的影响", "Consequence for next year's land quota") + "</h2>";
  h += consequence_html(data, zone_id, tr);
  return finish(out, h, data, title, file_safe(zone_id), tr);
}

ReportFiles write_evaluation_summary(const EvaluationReportData& data, Language language,
                                     const std::string& out_dir) {
  const Tr tr{language};
  const rules::WorkspaceEvaluation& ev = data.evaluation;
  ReportWriter out(out_dir, "evaluation_summary");
  const QString title = tr("园区评价考核汇总", "Zone evaluation summary");
  QString years;
  for (int y : ev.years) years += (years.isEmpty() ? "" : ", ") + QString::number(y);
  const auto ids = zone_ids(ev);
  QString h = page_head(title);
  h += "<p>" + tr("评价年度", "Evaluated years") + ": " + years + "; " + tr("园区", "zones") +
       ": " + QString::number(ids.size()) + "; " + tr("规则集", "ruleset") + " " +
       esc(ev.ruleset.id) + ". " +
       tr("排名在同类型园区内比较（1 为最好）。",
          "Ranks compare zones of the same type (1 = best).") +
       "</p>";

  std::set<std::string> types;
  for (const auto& r : ev.rows) types.insert(r.zone_type);
  for (const auto& type : types) {
    h += "<h2>" + tr("类型：%1", "Type: %1").arg(esc(type)) + "</h2>";
    std::vector<Column> header{{tr("园区", "Zone"), 0}, {tr("区县", "District"), 0, true}};
    for (int y : ev.years)
      header.push_back({QString::number(y) + " " +
                            tr("得分 / 排名 / 等级 / 变化", "score / rank / grade / change"),
                        0, true});
    h += table_open(header);
    for (const auto& id : ids) {
      const auto* n = row_of(ev, id, ev.years.back());
      if (!n || n->zone_type != type) continue;
      std::vector<QString> cells{
          esc(n->zone_name) + " (" + esc(id) + ")",
          n->district_code.empty() ? QStringLiteral("–") : esc(n->district_code)};
      for (int y : ev.years) {
        const auto* e = row_of(ev, id, y);
        cells.push_back(e ? opt_num(e->score) + " / " + rank_text(ev, *e) + " / " + esc(e->grade) +
                                " / " + signed_num(e->change_vs_prev)
                          : QStringLiteral("–"));
      }
      h += table_row(cells, header);
    }
    h += table_close();
  }

  h += "<h2>" +
       tr("对 %1 年用地指标的影响", "Consequence for the %1 land quota").arg(ev.years.back() + 1) +
       "</h2>";
  const std::vector<Column> caps_header{{tr("园区", "Zone"), 0},
                                        {tr("等级", "Grade"), 0, true},
                                        {tr("得分", "Score"), 0, true},
                                        {tr("基数（亩）", "Base (mu)"), 0, true},
                                        {tr("增减", "Change"), 0, true},
                                        {tr("上限（亩）", "Cap (mu)"), 0, true},
                                        {tr("依据", "How it was reached"), 40}};
  h += table_open(caps_header, QStringLiteral("small"));
  for (const auto& c : data.caps)
    h += table_row({esc(c.zone_name) + " (" + esc(c.zone_id) + ")", esc(c.grade), opt_num(c.score),
                    opt_num(c.base_cap_mu),
                    (c.quota_change_share > 0 ? "+" : "") + percent(c.quota_change_share),
                    c.cap_mu ? num(*c.cap_mu) : tr("不设上限", "uncapped"), esc(c.source)},
                   caps_header);
  h += table_close();

  h += "<h2>" + tr("等级分布", "Grades per year") + "</h2>";
  const char* grades[] = {"A", "B", "C", "D", "-"};
  std::vector<Column> header{{tr("年度", "Year"), 0, true}};
  for (const char* g : grades) header.push_back({QString::fromUtf8(g), 0, true});
  h += table_open(header);
  for (int y : ev.years) {
    std::vector<QString> cells{QString::number(y)};
    for (const char* g : grades) {
      int n = 0;
      for (const auto& r : ev.rows) n += (r.year == y && r.grade == g) ? 1 : 0;
      cells.push_back(QString::number(n));
    }
    h += table_row(cells);
  }
  h += table_close();

  h += "<h2>" + tr("未核实的评价参数", "Unverified evaluation values") + "</h2>";
  QString items;
  std::size_t other = 0;
  for (const auto& u : ev.ruleset.unverified) {
    if (u.where.rfind("evaluation", 0) != 0) {
      ++other;
      continue;
    }
    items += "<li>" + code(u.where) + " (" + tr("第 %1 行", "line %1").arg(u.line) +
             "): " + esc(u.note) + "</li>";
  }
  h += items.isEmpty() ? "<p>" +
                             tr("评价部分没有未核实的数值。",
                                "The evaluation section has no unverified value.") +
                             "</p>"
                       : "<ul>" + items + "</ul>";
  if (other > 0)
    h += "<p class=\"small\">" +
         tr("规则集其他部分（筛查、排序等）另有 %1 个未核实数值，在规则集文件中标为 "
            "verified = false。",
            "The ruleset has %1 further unverified values in other sections (screening, "
            "ranking, ...), marked verified = false in the "
            "ruleset file.")
             .arg(other) +
         "</p>";
  return finish(out, h, data, title, "summary", tr);
}

}  // namespace hubland::report

#pragma once
// Pieces every report shares (private to hubland_report): text in the report's language, HTML
// tables, the land and quota figures of a project, the project list and district totals tables,
// the reproducibility stamp, and writing a report's HTML, PDF and images.

#include <QImage>
#include <QString>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hubland/report/report.hpp"

namespace hubland::report::detail {

/// Chinese body face (the chart and the PDF's CJK fallback).
inline constexpr const char* kFontFamily = "Noto Sans CJK SC";

/// Text in the report's language.
struct Tr {
  Language lang;
  QString operator()(const char* zh, const char* en) const {
    return QString::fromUtf8(lang == Language::Zh ? zh : en);
  }
  QString pick(const std::string& zh, const std::string& en) const {
    return QString::fromStdString(lang == Language::Zh ? (zh.empty() ? en : zh)
                                                       : (en.empty() ? zh : en));
  }
  QString mu() const { return (*this)("亩", "mu"); }
};

QString esc(const QString& s);
QString esc(const std::string& s);
/// A number with at most `decimals` decimals, trailing zeros dropped; "–" when not finite.
QString num(double v, int decimals = 2);
/// A percentage of a ratio: "60%" (no space: a table cell must not wrap before the sign).
QString percent(double ratio, int decimals = 1);
/// A facts cell as text ("–" when the column is missing or the cell is null).
QString cell(const layers::Table& t, std::size_t row, std::string_view column);
/// A facts cell as a number (nullopt when missing, null or not a number).
std::optional<double> number(const layers::Table& t, std::size_t row, std::string_view column);
/// A facts cell as text ("" when missing or null).
std::string text(const layers::Table& t, std::size_t row, std::string_view column);

QString status_text(rules::AllocationStatus s, const Tr& tr);
QString outcome_text(rules::Outcome o, const Tr& tr);

/// HTML table pieces: `<table>` with a header row (label, width in % or 0 for free), a body
/// row, a key-value row, and the closing tag. `css_class` applies to the whole table.
/// A `fit` column's cells keep their natural width (nowrap): numbers, ids and short words; the
/// other columns (titles, reasons, clauses) share the rest of the width and wrap.
struct Column {
  QString label;
  int width_percent = 0;
  bool fit = false;
};
QString table_open(const std::vector<Column>& header, const QString& css_class = {});
/// A body row; with `header`, the cells of its fit columns do not wrap.
QString table_row(const std::vector<QString>& cells, const std::vector<Column>& header = {});
QString kv_table_open();
QString kv_row(const QString& key, const QString& value);
inline QString table_close() {
  return QStringLiteral("</table>");
}

/// The HTML page up to <body>, the title as <h1>.
QString page_head(const QString& title);
/// The reproducibility stamp section.
QString stamp_html(const RankRun& run, const Tr& tr);

/// The "用地与指标 / Land and quota" rows of one project, for a key-value table: site area, new
/// vs existing construction land, 耕地 (占补平衡), the part without a classified 图斑, land on
/// each supply status, quota charged (and from the district reward) or 存量保障, district and
/// park.
QString land_quota_rows(const RankRun& run, std::size_t row, const Tr& tr);
/// "36 (60%)": new or existing land of a row with its share of the site; "–" when unknown.
QString land_with_share(const RankRun& run, std::size_t row, std::string_view column);

/// rules::district_totals over the facts rows `rows` of the run (all rows: the run's own
/// districts.csv figures).
layers::Table district_totals(const RankRun& run, const std::vector<std::size_t>& rows);
/// The figures of one row of district totals as (label, value): district, projects, funded
/// (funded without quota), waitlisted, ineligible, requested, new and existing land, 耕地,
/// charged, reward used / total. The one place both layouts below take them from.
std::vector<std::pair<QString, QString>> district_figures(const layers::Table& totals,
                                                          std::size_t row, const Tr& tr);
/// The table of per-district totals (one row per district of `totals`), with its note.
QString district_totals_html(const layers::Table& totals, const Tr& tr);
/// One district's totals as a key-value table, with the same note.
QString district_totals_kv(const layers::Table& totals, std::size_t row, const Tr& tr);

/// Facts rows sorted by rank (ranked first, best first; then the others by project id).
void sort_by_rank(const RankRun& run, std::vector<std::size_t>& rows);
/// The project list of zone and district reports: rank and interval, project, score, funded
/// share, request, new and existing land, quota charged, outcome, reason.
QString projects_html(const RankRun& run, const std::vector<std::size_t>& rows, const Tr& tr);

/// The body of a project's justification (report_project.cpp): summary, site map, land and
/// quota, eligibility, criteria and allocation of facts row `row` — everything but the page head
/// and the stamp, so the application report shows the same justification.
class ReportWriter;
QString project_sections_html(const RankRun& run, std::size_t row, Language language,
                              ReportWriter& out);

/// What every PDF page carries outside the content (report_page_layout.cpp): the issuing body
/// and the title in the header; the report number, date, run id and ruleset hash (first 12 hex)
/// and 第 N 页 共 M 页 in the footer.
struct PageFrame {
  Language lang = Language::Zh;
  QString issuer;  ///< "" : no issuer line
  QString report_no;
  QString date;  ///< YYYY-MM-DD
  QString run_id;
  QString ruleset_sha256;
};
/// "HL-<run id>-<kind>-<key>": the same run and subject always get the same number.
QString report_number(const std::string& run_id, const char* kind, const std::string& key);
/// Today's date (UTC) as YYYY-MM-DD: the day the report is issued.
QString today_utc();
/// The frame of a ranking report of `kind` ("project", "zone", "district") about `key`.
PageFrame page_frame(const RankRun& run, const char* kind, const std::string& key, Language lang);
/// The HTML as the PDF lays it out: the HTML file's font rule dropped (the document's font
/// families apply).
QString html_for_pdf(const QString& html);
/// Lays the HTML out on A4 pages (20 mm side margins) with `frame`'s header and footer on every
/// page and writes the PDF atomically; returns the page count.
int write_pdf(const std::string& path, const QString& html, const QString& title,
              const std::vector<std::pair<QString, QImage>>& images, const PageFrame& frame);

/// A report being written: its file stem in out_dir, the images its HTML refers to, and the
/// files written so far.
class ReportWriter {
 public:
  /// Creates out_dir; files are <out_dir>/<stem>.html, .pdf, <stem>-<suffix>.png.
  ReportWriter(const std::string& out_dir, const std::string& stem);
  /// Writes <stem>-<suffix>.png and returns the name the HTML uses for it.
  QString add_image(const std::string& suffix, const QImage& image, std::string* path);
  /// Writes the HTML and the PDF (A4, `frame` on every page); returns the files.
  ReportFiles finish(const QString& html, const QString& title, const PageFrame& frame);
  ReportFiles& files() { return m_files; }

 private:
  std::string m_dir, m_stem;
  ReportFiles m_files;
  std::vector<std::pair<QString, QImage>> m_images;
};

}  // namespace hubland::report::detail

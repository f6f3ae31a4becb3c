// Pieces every report shares (report_html.hpp).
#include "report_html.hpp"

#include <QBuffer>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"

namespace fs = std::filesystem;

namespace hubland::report::detail {

namespace {

// The HTML file's font rule; the PDF path drops it and uses the document's font families.
constexpr const char* kCssFont = "font-family:'DejaVu Sans','Noto Sans CJK SC',sans-serif;";

// Qt's rich text ignores the `nowrap` attribute; the CSS property keeps a cell on one line.
constexpr const char* kNoWrapCell = "<td style=\"white-space:nowrap\">";

QByteArray png_bytes(const QImage& image) {
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  if (!image.save(&buf, "PNG")) throw Error(ErrorKind::Internal, "cannot encode a PNG image");
  return bytes;
}

void write_bytes(const std::string& path, const QByteArray& bytes) {
  layers::write_file_atomic(path,
                            std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace

QString html_for_pdf(const QString& html) {
  QString body = html;
  body.replace(QString::fromUtf8(kCssFont), QString());
  return body;
}

PageFrame page_frame(const RankRun& run, const char* kind, const std::string& key, Language lang) {
  return {lang,
          QString::fromStdString(run.issuer),
          report_number(run.stamp.run_id, kind, key),
          today_utc(),
          QString::fromStdString(run.stamp.run_id),
          QString::fromStdString(run.stamp.ruleset_sha256)};
}

QString page_head(const QString& title) {
  return QStringLiteral(
             "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
             "<style>body{%2font-size:10pt;}"
             "h1{font-size:15pt;} h2{font-size:12pt;margin-top:14px;}"
             "table{border-collapse:collapse;} td,th{border:1px solid #999;padding:3px;}"
             "th{background:#e8e8f0;} .fail{color:#b00000;font-weight:bold;}"
             ".pass{color:#006000;} .small{font-size:8pt;color:#444;}</style></head><body>")
             .arg(esc(title), QString::fromUtf8(kCssFont)) +
         "<h1>" + esc(title) + "</h1>";
}

QString esc(const QString& s) {
  return s.toHtmlEscaped();
}
QString esc(const std::string& s) {
  return QString::fromStdString(s).toHtmlEscaped();
}

QString num(double v, int decimals) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  QString s = QString::number(v, 'f', decimals);
  if (s.contains('.')) {
    while (s.endsWith('0')) s.chop(1);
    if (s.endsWith('.')) s.chop(1);
  }
  if (s == QStringLiteral("-0")) s = QStringLiteral("0");
  return s;
}

QString percent(double ratio, int decimals) {
  return num(ratio * 100, decimals) + QStringLiteral("%");
}

QString cell(const layers::Table& t, std::size_t row, std::string_view column) {
  const auto c = t.find(column);
  if (!c || t.null_at(row, *c)) return QStringLiteral("–");
  const layers::Value v = t.get(row, *c);
  if (const auto* d = std::get_if<double>(&v)) return num(*d);
  return QString::fromStdString(layers::as_text(v));
}

std::optional<double> number(const layers::Table& t, std::size_t row, std::string_view column) {
  const auto c = t.find(column);
  if (!c || t.null_at(row, *c)) return std::nullopt;
  return layers::as_number(t.get(row, *c));
}

std::string text(const layers::Table& t, std::size_t row, std::string_view column) {
  const auto c = t.find(column);
  if (!c || t.null_at(row, *c)) return {};
  return layers::as_text(t.get(row, *c));
}

QString status_text(rules::AllocationStatus s, const Tr& tr) {
  switch (s) {
    case rules::AllocationStatus::Funded:
      return tr("获得指标", "funded");
    case rules::AllocationStatus::Waitlisted:
      return tr("候补", "waitlisted");
    case rules::AllocationStatus::Ineligible:
      return tr("不符合条件", "ineligible");
  }
  return {};
}

QString outcome_text(rules::Outcome o, const Tr& tr) {
  switch (o) {
    case rules::Outcome::Pass:
      return tr("通过", "pass");
    case rules::Outcome::Fail:
      return tr("不通过", "fail");
    case rules::Outcome::Flag:
      return tr("标记", "flag");
    case rules::Outcome::NotApplicable:
      return tr("不适用", "n/a");
    case rules::Outcome::Condition:
      return tr("附条件", "condition");
  }
  return {};
}

QString table_open(const std::vector<Column>& header, const QString& css_class) {
  QString h =
      QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\"");
  if (!css_class.isEmpty()) h += QStringLiteral(" class=\"%1\"").arg(css_class);
  h += QStringLiteral("><tr>");
  for (const auto& c : header)
    h += (c.width_percent > 0 ? QStringLiteral("<th width=\"%1%\">").arg(c.width_percent)
                              : QStringLiteral("<th>")) +
         c.label + QStringLiteral("</th>");
  return h + QStringLiteral("</tr>");
}

QString table_row(const std::vector<QString>& cells, const std::vector<Column>& header) {
  QString h = QStringLiteral("<tr>");
  for (std::size_t i = 0; i < cells.size(); ++i)
    h += (i < header.size() && header[i].fit ? QString::fromUtf8(kNoWrapCell)
                                             : QStringLiteral("<td>")) +
         cells[i] + QStringLiteral("</td>");
  return h + QStringLiteral("</tr>");
}

QString kv_table_open() {
  return QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">");
}

QString kv_row(const QString& key, const QString& value) {
  return QStringLiteral("<tr><th align=\"left\" width=\"34%\">") + key +
         QStringLiteral("</th><td>") + value + QStringLiteral("</td></tr>");
}

QString stamp_html(const RankRun& run, const Tr& tr) {
  const Stamp& s = run.stamp;
  QString h =
      QStringLiteral(
          "<h2>%1</h2><table class=\"small\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">")
          .arg(tr("可复现信息", "Reproducibility stamp"));
  auto row = [&](const QString& k, const QString& v) {
    h += QStringLiteral("<tr><th align=\"left\">%1</th><td>%2</td></tr>").arg(k, v);
  };
  // Hashes and run ids in a monospace face: a proportional face sets "ff" as one ligature glyph,
  // and the PDF's text would then no longer contain the id a reader searches for.
  auto code = [](const std::string& text) {
    return QStringLiteral("<span style=\"font-family:'DejaVu Sans Mono',monospace\">%1</span>")
        .arg(esc(text));
  };
  row(tr("规则集", "Ruleset"),
      esc(s.ruleset_id) + " (" + esc(fs::path(s.ruleset_file).filename().string()) + ")");
  row(tr("规则集 SHA-256", "Ruleset SHA-256"), code(s.ruleset_sha256));
  for (const auto& [source, sha] : s.inputs)
    row(tr("输入", "Input") + " " +
            esc(fs::path(source.substr(0, source.find('|'))).filename().string() +
                (source.find('|') == std::string::npos ? "" : source.substr(source.find('|')))),
        code(sha));
  row(tr("软件版本", "Tool version"), esc("hubland " + s.tool_version));
  row(tr("运行编号", "Run id"), code(s.run_id));
  const auto& sc = run.config.sensitivity;
  row(tr("方法与参数", "Method and parameters"),
      QStringLiteral("%1; %2 %3 %4; %5 ±%6 %, %7 %8, seed %9")
          .arg(QString::fromUtf8(rules::to_string(run.config.method)), tr("年度指标", "quota"),
               num(run.policy.quota_mu), tr("亩", "mu"), tr("权重扰动", "weights"),
               num(sc.perturbation * 100), QString::number(run.sensitivity.draws),
               tr("次抽样", "draws"), QString::number(run.sensitivity.seed)));
  return h + "</table>";
}

ReportWriter::ReportWriter(const std::string& out_dir, const std::string& stem)
    : m_dir(out_dir), m_stem(stem) {
  fs::create_directories(out_dir);
  const std::string base = (fs::path(out_dir) / stem).string();
  m_files.html = base + ".html";
  m_files.pdf = base + ".pdf";
}

QString ReportWriter::add_image(const std::string& suffix, const QImage& image, std::string* path) {
  const std::string name = m_stem + "-" + suffix + ".png";
  const std::string full = (fs::path(m_dir) / name).string();
  write_bytes(full, png_bytes(image));
  if (path) *path = full;
  const QString qname = QString::fromStdString(name);
  m_images.emplace_back(qname, image);
  return qname;
}

ReportFiles ReportWriter::finish(const QString& html, const QString& title,
                                 const PageFrame& frame) {
  layers::write_file_atomic(m_files.html, html.toStdString());
  m_files.pdf_pages = write_pdf(m_files.pdf, html, title, m_images, frame);
  return m_files;
}

}  // namespace hubland::report::detail

// A report's PDF pages (report_html.hpp, write_pdf): the HTML laid out by QTextDocument on A4
// pages and painted one page at a time, so that every page gets the header (issuing body, report
// number) and the footer (date, run id, ruleset hash, 第 N 页 共 M 页) with the page count
// known. QTextDocument::print cannot do this: it numbers pages but never says how many.
#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDateTime>
#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextFrame>
#include <QUrl>
#include <regex>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"
#include "map_figure.hpp"
#include "pdf_to_unicode.hpp"
#include "report_html.hpp"

namespace hubland::report::detail {

namespace {

// The page in millimetres: A4 portrait, 20 mm left and right; the header sits in the top margin
// and the footer's two lines in the bottom one.
constexpr double kPageWidthMm = 210, kPageHeightMm = 297;
constexpr double kSideMm = (kPageWidthMm - kTextWidthMm) / 2;  // 20 mm
constexpr double kTopMm = 22, kBottomMm = 24;
constexpr double kHeaderBaselineMm = 14, kHeaderRuleMm = 16.5;
constexpr double kFooterRuleMm = kPageHeightMm - 20, kFooterLineMm = 4.2;
constexpr int kDpi = 150;
constexpr double kCutMarginPx = 6;  // the document's pixels (96 per inch)

double px(double mm) {
  return mm * kDpi / 25.4;
}

QFont sans(double pt, bool bold = false) {
  QFont f;
  f.setFamilies({QStringLiteral("DejaVu Sans"), QString::fromUtf8(kFontFamily)});
  f.setPointSizeF(pt);
  f.setBold(bold);
  return f;
}

// Ids and hashes in a monospace face: a proportional face sets "ff" as one ligature glyph and
// the PDF's text would no longer hold the id a reader searches for.
QFont mono(double pt) {
  QFont f;
  f.setFamilies({QStringLiteral("DejaVu Sans Mono"), QString::fromUtf8(kFontFamily)});
  f.setPointSizeF(pt);
  return f;
}

void draw_header(QPainter& p, const PageFrame& frame, const QString& title) {
  const double left = px(kSideMm), right = px(kPageWidthMm - kSideMm);
  const double base = px(kHeaderBaselineMm);
  double issuer_w = 0;
  if (!frame.issuer.isEmpty()) {
    p.setFont(sans(9, true));
    p.drawText(QPointF(left, base), frame.issuer);
    issuer_w = QFontMetricsF(p.font(), p.device()).horizontalAdvance(frame.issuer) + px(6);
  }
  p.setFont(sans(7.5));
  const QFontMetricsF fm(p.font(), p.device());
  const QString t = fm.elidedText(title, Qt::ElideRight, right - left - issuer_w);
  p.drawText(QPointF(right - fm.horizontalAdvance(t), base), t);
  p.setPen(QPen(QColor(120, 120, 120), px(0.25)));
  p.drawLine(QPointF(left, px(kHeaderRuleMm)), QPointF(right, px(kHeaderRuleMm)));
  p.setPen(Qt::black);
}

void draw_footer(QPainter& p, const PageFrame& frame, int page, int pages) {
  const Tr tr{frame.lang};
  const double left = px(kSideMm), right = px(kPageWidthMm - kSideMm);
  p.setPen(QPen(QColor(120, 120, 120), px(0.25)));
  p.drawLine(QPointF(left, px(kFooterRuleMm)), QPointF(right, px(kFooterRuleMm)));
  p.setPen(Qt::black);
  p.setFont(mono(7));
  const QFontMetricsF fm(p.font(), p.device());
  const double y1 = px(kFooterRuleMm + kFooterLineMm), y2 = y1 + px(kFooterLineMm);
  const QString page_text = frame.lang == Language::Zh
                                ? QStringLiteral("第 %1 页 共 %2 页").arg(page).arg(pages)
                                : QStringLiteral("Page %1 of %2").arg(page).arg(pages);
  p.drawText(QPointF(left, y1), tr("报告编号 ", "Report no. ") + frame.report_no + "  " +
                                    tr("日期 ", "Date ") + frame.date);
  p.drawText(QPointF(right - fm.horizontalAdvance(page_text), y1), page_text);
  p.drawText(QPointF(left, y2), tr("运行编号 ", "Run id ") + frame.run_id + "  " +
                                    tr("规则集 SHA-256 ", "Ruleset SHA-256 ") +
                                    frame.ruleset_sha256.left(12));
}

}  // namespace

QString report_number(const std::string& run_id, const char* kind, const std::string& key) {
  return QStringLiteral("HL-%1-%2-%3")
      .arg(QString::fromStdString(run_id.empty() ? std::string("0") : run_id),
           QString::fromUtf8(kind), QString::fromStdString(key));
}

QString today_utc() {
  return QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
}

int write_pdf(const std::string& path, const QString& html, const QString& title,
              const std::vector<std::pair<QString, QImage>>& images, const PageFrame& frame) {
  QByteArray bytes;
  int pages = 0;
  {
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buf);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    writer.setResolution(kDpi);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("hubland"));
    QTextDocument doc;
    // Laid out for the PDF: point sizes, image widths and page breaks in the writer's pixels.
    doc.documentLayout()->setPaintDevice(&writer);
    // Latin text and digits from DejaVu Sans, Chinese from Noto Sans CJK SC: Qt's PDF text map
    // loses digits the CJK font substitutes next to Latin letters ("P1" would read "P ").
    doc.setDefaultFont(sans(9));
    doc.setDocumentMargin(0);
    for (const auto& [name, image] : images)
      doc.addResource(QTextDocument::ImageResource, QUrl(name), QVariant(image));
    doc.setHtml(html_for_pdf(html));
    // A little air at the top and bottom of every page (the layout applies the root frame's
    // margins per page): nothing straddles the cut, so no sliver of a figure moved to the next
    // page shows at the foot of this one.
    QTextFrameFormat root = doc.rootFrame()->frameFormat();
    root.setTopMargin(kCutMarginPx);
    root.setBottomMargin(kCutMarginPx);
    doc.rootFrame()->setFrameFormat(root);
    const QSizeF body(px(kPageWidthMm - 2 * kSideMm), px(kPageHeightMm - kTopMm - kBottomMm));
    doc.setPageSize(body);
    pages = doc.pageCount();
    QPainter painter;
    if (!painter.begin(&writer)) throw Error(ErrorKind::Internal, "cannot paint the PDF");
    for (int page = 0; page < pages; ++page) {
      if (page > 0) writer.newPage();
      draw_header(painter, frame, title);
      painter.save();
      // The document's page `page` is the strip [page × height, (page + 1) × height).
      painter.translate(px(kSideMm), px(kTopMm) - page * body.height());
      doc.drawContents(&painter, QRectF(QPointF(0, page * body.height()), body));
      painter.restore();
      draw_footer(painter, frame, page + 1, pages);
    }
    painter.end();
  }
  std::string pdf(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  canonicalise_cjk_to_unicode(pdf);  // 目, not the radical ⽬, when text is copied
  layers::write_file_atomic(path, pdf);
  return pages;
}

}  // namespace hubland::report::detail

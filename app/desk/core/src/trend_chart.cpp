// A zone's trend chart (zones.hpp): small multiples drawn with QPainter — no chart library, so
// the desk keeps its dependencies (Qt Widgets, Gui, Core).
#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <tuple>

#include "hubland/desk/zones.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::desk {

namespace {

struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::zones)
};

struct Series {
  QString title;
  std::vector<std::optional<double>> values;  // one per year
  std::optional<std::pair<double, double>> fixed_range;
};

void draw_panel(QPainter& p, const QRectF& box, const Series& s, const std::vector<int>& years) {
  const QFontMetrics fm(p.font());
  p.setPen(QColor(40, 40, 40));
  p.drawText(box.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
             fm.elidedText(s.title, Qt::ElideRight, static_cast<int>(box.width()) - 8));
  const QRectF plot = box.adjusted(34, fm.height() + 8, -16, -fm.height() - 6);
  if (plot.width() < 10 || plot.height() < 10) return;
  double lo = 0, hi = 1;
  if (s.fixed_range) {
    std::tie(lo, hi) = *s.fixed_range;
  } else {
    bool any = false;
    for (const auto& v : s.values)
      if (v) {
        lo = any ? std::min(lo, *v) : *v;
        hi = any ? std::max(hi, *v) : *v;
        any = true;
      }
    // A flat series sits mid-panel; otherwise 10 % of air above and below.
    const double pad = hi > lo ? (hi - lo) * 0.1 : (std::fabs(hi) > 0 ? std::fabs(hi) * 0.1 : 1);
    lo -= pad;
    hi += pad;
  }
  p.setPen(QPen(QColor(200, 200, 200), 1));
  p.drawRect(plot);
  p.setPen(QColor(90, 90, 90));
  auto axis_label = [](double v) { return QString::fromStdString(rules::format_number(v)); };
  p.drawText(QRectF(box.left(), plot.top() - 6, 32, 12), Qt::AlignRight | Qt::AlignVCenter,
             axis_label(std::round(hi * 100) / 100));
  p.drawText(QRectF(box.left(), plot.bottom() - 6, 32, 12), Qt::AlignRight | Qt::AlignVCenter,
             axis_label(std::round(lo * 100) / 100));
  const std::size_t n = years.size();
  auto x_of = [&](std::size_t i) {
    return n == 1 ? plot.center().x()
                  : plot.left() + 30 +
                        (plot.width() - 60) * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  auto y_of = [&](double v) { return plot.bottom() - (v - lo) / (hi - lo) * plot.height(); };
  for (std::size_t i = 0; i < n; ++i)
    p.drawText(QRectF(x_of(i) - 30, plot.bottom() + 2, 60, fm.height()), Qt::AlignCenter,
               QString::number(years[i]));
  // The line: consecutive years with values are joined; a missing year breaks it.
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(kTrendLineColour, 2.5));
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (s.values[i] && s.values[i + 1])
      p.drawLine(QPointF(x_of(i), y_of(*s.values[i])),
                 QPointF(x_of(i + 1), y_of(*s.values[i + 1])));
  p.setBrush(kTrendLineColour);
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.values[i]) continue;
    const QPointF pt(x_of(i), y_of(*s.values[i]));
    p.setPen(Qt::NoPen);
    p.drawEllipse(pt, 3.5, 3.5);
    p.setPen(QColor(20, 20, 20));
    const QString label =
        QString::fromStdString(rules::format_number(std::round(*s.values[i] * 100) / 100));
    const bool above = pt.y() - plot.top() > fm.height() + 2;
    p.drawText(QRectF(pt.x() - 50, above ? pt.y() - fm.height() - 3 : pt.y() + 3, 100, fm.height()),
               Qt::AlignCenter, label);
  }
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setBrush(Qt::NoBrush);
}

}  // namespace

QImage trend_chart(const rules::WorkspaceEvaluation& ev, const std::string& zone_id, QSize size,
                   Language language) {
  const auto& inds = ev.ruleset.evaluation.indicators;
  std::vector<Series> series(1 + inds.size());
  // Panels in a grid about as wide as tall each: 2 columns on a narrow image, more on wide.
  // A panel is never shorter than kMinPanelHeightPx (title, plot, year labels stay legible): a
  // ruleset with many indicators makes the image taller than asked (the panel scrolls).
  constexpr int kMinPanelHeightPx = 110;
  const int count = static_cast<int>(series.size());
  const int cols = std::clamp(size.width() / 220, 1, count);
  const int rows = (count + cols - 1) / cols;
  size.setHeight(std::max(size.height(), rows * kMinPanelHeightPx));
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  series[0].title = Text::tr("Score (0–100)");
  series[0].fixed_range = std::make_pair(0.0, 100.0);
  for (std::size_t i = 0; i < inds.size(); ++i) {
    const std::string& t = language == Language::Chinese ? inds[i].title_zh : inds[i].title_en;
    series[1 + i].title =
        QString::fromStdString(t) +
        (inds[i].unit.empty() ? QString()
                              : QStringLiteral(" (%1)").arg(QString::fromStdString(inds[i].unit)));
  }
  for (auto& s : series) s.values.assign(ev.years.size(), std::nullopt);
  for (const auto& r : ev.rows) {
    if (r.zone_id != zone_id) continue;
    const auto y = std::find(ev.years.begin(), ev.years.end(), r.year);
    if (y == ev.years.end()) continue;
    const auto yi = static_cast<std::size_t>(y - ev.years.begin());
    series[0].values[yi] = r.score;
    for (std::size_t i = 0; i < inds.size() && i < r.values.size(); ++i)
      series[1 + i].values[yi] = r.values[i];
  }
  QPainter p(&img);
  QFont font = p.font();
  font.setPixelSize(11);
  p.setFont(font);
  const double w = static_cast<double>(size.width()) / cols;
  const double h = static_cast<double>(size.height()) / rows;
  for (int i = 0; i < count; ++i)
    draw_panel(p, QRectF((i % cols) * w, (i / cols) * h, w, h).adjusted(2, 2, -2, -2),
               series[static_cast<std::size_t>(i)], ev.years);
  return img;
}

}  // namespace hubland::desk

// Map furniture placed in a corner of the image: scale bar, north arrow and legend.
#include "hubland/map/map_renderer.hpp"

#include <QFontMetricsF>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "symbology.hpp"

namespace hubland::map {

namespace {
constexpr double kMarginPx = 12;

QPointF place(Corner corner, QSizeF item, QSize image) {
  const double x = (corner == Corner::TopLeft || corner == Corner::BottomLeft)
                       ? kMarginPx
                       : image.width() - kMarginPx - item.width();
  const double y = (corner == Corner::TopLeft || corner == Corner::TopRight)
                       ? kMarginPx
                       : image.height() - kMarginPx - item.height();
  return {x, y};
}

QString length_label(double metres) {
  if (metres >= 1000) return QString::number(metres / 1000.0, 'g', 6) + QStringLiteral(" km");
  return QString::number(metres, 'g', 6) + QStringLiteral(" m");
}

void draw_swatch(QPainter& painter, QRectF r, const Symbol& s, GeometryFamily family) {
  if (family == GeometryFamily::Point) {
    draw_marker(painter, r.center(), s);
  } else if (family == GeometryFamily::Line) {
    painter.setPen(pen_of(s).style() == Qt::NoPen ? QPen(s.stroke) : pen_of(s));
    painter.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
  } else {
    painter.setPen(pen_of(s));
    painter.setBrush(s.fill.alpha() ? QBrush(s.fill) : QBrush(Qt::NoBrush));
    painter.drawRect(r);
    if (s.hatch != Hatch::None) painter.fillRect(r, QBrush(s.hatch_color, brush_style(s.hatch)));
  }
}
}  // namespace

void draw_scale_bar(QPainter& painter, const MapView& view, Corner corner) {
  const double raw_m = view.size_px.width() * view.metres_per_pixel / 5.0;
  if (!(raw_m > 0)) return;
  const double pow10 = std::pow(10.0, std::floor(std::log10(raw_m)));
  const double m = raw_m / pow10;
  const double length_m = (m >= 5 ? 5 : m >= 2 ? 2 : 1) * pow10;
  const double length_px = length_m / view.metres_per_pixel;
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(11);
  painter.setFont(font);
  const QFontMetricsF fm(font);
  const QString label = length_label(length_m);
  const QSizeF item(length_px + fm.horizontalAdvance(label) / 2 + 8, fm.height() + 12);
  const QPointF at = place(corner, item, view.size_px);
  const double bar_y = at.y() + fm.height() + 4, bar_h = 6;
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.fillRect(QRectF(at.x() - 4, at.y() - 2, item.width() + 4, item.height() + 2),
                   QColor(255, 255, 255, 190));
  for (int i = 0; i < 4; ++i) {
    const QRectF seg(at.x() + i * length_px / 4, bar_y, length_px / 4, bar_h);
    painter.fillRect(seg, i % 2 ? Qt::white : Qt::black);
  }
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRectF(at.x(), bar_y, length_px, bar_h));
  painter.drawText(QPointF(at.x() - 2, at.y() + fm.ascent()), QStringLiteral("0"));
  painter.drawText(
      QPointF(at.x() + length_px - fm.horizontalAdvance(label) / 2, at.y() + fm.ascent()), label);
  painter.restore();
}

void draw_north_arrow(QPainter& painter, const MapView& view, Corner corner) {
  const QSizeF item(26, 44);
  const QPointF at = place(corner, item, view.size_px);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  QFont font = painter.font();
  font.setPixelSize(13);
  font.setBold(true);
  painter.setFont(font);
  const double cx = at.x() + item.width() / 2, top = at.y() + 14, bottom = at.y() + item.height();
  QPolygonF left, right;
  left << QPointF(cx, top) << QPointF(cx - 9, bottom) << QPointF(cx, bottom - 8);
  right << QPointF(cx, top) << QPointF(cx + 9, bottom) << QPointF(cx, bottom - 8);
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(Qt::black);
  painter.drawPolygon(left);
  painter.setBrush(Qt::white);
  painter.drawPolygon(right);
  const QFontMetricsF fm(font);
  painter.drawText(
      QPointF(cx - fm.horizontalAdvance(QStringLiteral("N")) / 2, at.y() + fm.ascent() - 2),
      QStringLiteral("N"));
  painter.restore();
}

QRectF draw_legend(QPainter& painter, const MapView& view,
                   const std::vector<const MapLayer*>& layers, Corner corner) {
  struct Row {
    QString text;
    bool heading;
    const Symbol* symbol;
    GeometryFamily family;
  };
  std::vector<Row> rows;
  for (const MapLayer* layer : layers) {
    if (!layer || layer->size() == 0) continue;
    const Style& st = layer->style();
    const auto counts = layer->class_counts();
    std::vector<Row> entries;
    for (std::size_t c = 0; c < st.classes.size(); ++c)
      if (counts[c] > 0)
        entries.push_back({st.classes[c].label, false, &st.classes[c].symbol, layer->family()});
    if (counts.back() > 0 && (!st.fallback_label.isEmpty() || st.classes.empty()))
      entries.push_back({st.fallback_label.isEmpty() ? layer->name() : st.fallback_label, false,
                         &st.fallback, layer->family()});
    if (entries.empty()) continue;
    if (!(st.classes.empty() && st.fallback_label.isEmpty()))
      rows.push_back(
          {st.title.isEmpty() ? layer->name() : st.title, true, nullptr, layer->family()});
    rows.insert(rows.end(), entries.begin(), entries.end());
  }
  if (rows.empty()) return {};
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(12);
  QFont bold = font;
  bold.setBold(true);
  const QFontMetricsF fm(font), fmb(bold);
  const double row_h = std::max(fm.height(), 14.0) + 3, swatch_w = 20, pad = 6;
  double width = 0;
  for (const Row& r : rows)
    width = std::max(width, r.heading ? fmb.horizontalAdvance(r.text)
                                      : swatch_w + 6 + fm.horizontalAdvance(r.text));
  const QSizeF item(width + 2 * pad, rows.size() * row_h + 2 * pad);
  const QPointF at = place(corner, item, view.size_px);
  const QRectF box(at, item);
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setPen(QPen(QColor(120, 120, 120), 1));
  painter.setBrush(QColor(255, 255, 255, 225));
  painter.drawRect(box);
  double y = at.y() + pad;
  for (const Row& r : rows) {
    if (r.heading) {
      painter.setFont(bold);
      painter.setPen(Qt::black);
      painter.drawText(QPointF(at.x() + pad, y + fmb.ascent() + 1), r.text);
    } else {
      draw_swatch(painter, QRectF(at.x() + pad, y + 2, swatch_w, row_h - 6), *r.symbol, r.family);
      painter.setFont(font);
      painter.setPen(Qt::black);
      painter.drawText(QPointF(at.x() + pad + swatch_w + 6, y + fm.ascent() + 1), r.text);
    }
    y += row_h;
  }
  painter.restore();
  return box;
}

}  // namespace hubland::map

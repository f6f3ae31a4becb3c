// Feature labels: bold text with a white halo at each large enough feature's label point.
#include "layer_painter.hpp"

#include <QFontMetricsF>
#include <cmath>

namespace hubland::map {

namespace {

// Area-weighted centroid of a feature's first ring (label point of zones).
QPointF label_point(const FeatureStore& s, std::size_t f) {
  const auto& ft = s.features[f];
  const auto& part = s.parts[ft.first_part];
  const float* v = &s.xy[2 * part.first_point];
  double a = 0, cx = 0, cy = 0;
  for (std::uint32_t i = 0, j = part.point_count - 1; i < part.point_count; j = i++) {
    const double cross = double(v[2 * j]) * v[2 * i + 1] - double(v[2 * i]) * v[2 * j + 1];
    a += cross;
    cx += (v[2 * j] + v[2 * i]) * cross;
    cy += (v[2 * j + 1] + v[2 * i + 1]) * cross;
  }
  if (std::abs(a) < 1e-9) return {0.5 * (ft.min_x + ft.max_x), 0.5 * (ft.min_y + ft.max_y)};
  return {cx / (3 * a), cy / (3 * a)};
}

}  // namespace

void Painter::draw_labels(const MapLayer& layer, double sx0, double sy0, double inv) {
  if (layer.m_labels.empty()) return;
  const FeatureStore& s = *layer.m_store;
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(13);
  font.setBold(true);
  painter.setFont(font);
  const QFontMetricsF fm(font);
  for (std::uint32_t f : visible) {
    if (f >= layer.m_labels.size() || layer.m_labels[f].isEmpty()) continue;
    const auto& ft = s.features[f];
    if ((ft.max_x - ft.min_x) * inv < 40) continue;  // too small to carry a label
    const QPointF lp = label_point(s, f);
    const QPointF c(sx0 + lp.x() * inv, sy0 - lp.y() * inv);
    const QString& text = layer.m_labels[f];
    const QPointF at(c.x() - fm.horizontalAdvance(text) / 2, c.y() + fm.ascent() / 2);
    QPainterPath tp;
    tp.addText(at, font, text);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.strokePath(tp, QPen(QColor(255, 255, 255, 220), 3));
    painter.fillPath(tp, QColor(40, 40, 40));
  }
  painter.restore();
}

}  // namespace hubland::map

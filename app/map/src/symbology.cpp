#include "symbology.hpp"

#include <QPolygonF>
#include <cmath>

namespace hubland::map {

Qt::BrushStyle brush_style(Hatch h) {
  switch (h) {
    case Hatch::Diagonal:
      return Qt::BDiagPattern;
    case Hatch::BackDiagonal:
      return Qt::FDiagPattern;
    case Hatch::Cross:
      return Qt::DiagCrossPattern;
    case Hatch::Horizontal:
      return Qt::HorPattern;
    case Hatch::Vertical:
      return Qt::VerPattern;
    case Hatch::None:
      break;
  }
  return Qt::NoBrush;
}

QPen pen_of(const Symbol& s) {
  if (s.stroke_width_px < 0 || s.stroke.alpha() == 0) return QPen(Qt::NoPen);
  QPen pen(s.stroke, s.stroke_width_px, s.stroke_style);
  pen.setCosmetic(true);
  pen.setJoinStyle(Qt::RoundJoin);
  return pen;
}

namespace {

QPolygonF marker_shape(PointShape shape, QPointF c, double size) {
  const double r = size / 2;
  QPolygonF p;
  switch (shape) {
    case PointShape::Square:
      p << QPointF(c.x() - r, c.y() - r) << QPointF(c.x() + r, c.y() - r)
        << QPointF(c.x() + r, c.y() + r) << QPointF(c.x() - r, c.y() + r);
      break;
    case PointShape::Triangle:
      p << QPointF(c.x(), c.y() - r * 1.15) << QPointF(c.x() + r, c.y() + r * 0.85)
        << QPointF(c.x() - r, c.y() + r * 0.85);
      break;
    case PointShape::Diamond:
      p << QPointF(c.x(), c.y() - r * 1.2) << QPointF(c.x() + r, c.y())
        << QPointF(c.x(), c.y() + r * 1.2) << QPointF(c.x() - r, c.y());
      break;
    case PointShape::Star:
      for (int i = 0; i < 10; ++i) {
        const double a = -M_PI / 2 + i * M_PI / 5, rr = (i % 2 == 0) ? r * 1.25 : r * 0.5;
        p << QPointF(c.x() + rr * std::cos(a), c.y() + rr * std::sin(a));
      }
      break;
    case PointShape::Cross: {
      const double t = r * 0.35;
      p << QPointF(c.x() - t, c.y() - r) << QPointF(c.x() + t, c.y() - r)
        << QPointF(c.x() + t, c.y() - t) << QPointF(c.x() + r, c.y() - t)
        << QPointF(c.x() + r, c.y() + t) << QPointF(c.x() + t, c.y() + t)
        << QPointF(c.x() + t, c.y() + r) << QPointF(c.x() - t, c.y() + r)
        << QPointF(c.x() - t, c.y() + t) << QPointF(c.x() - r, c.y() + t)
        << QPointF(c.x() - r, c.y() - t) << QPointF(c.x() - t, c.y() - t);
      break;
    }
    case PointShape::Circle:
      break;
  }
  return p;
}

}  // namespace

void draw_marker(QPainter& painter, QPointF c, const Symbol& s) {
  painter.setPen(pen_of(s));
  painter.setBrush(s.fill.alpha() ? QBrush(s.fill) : QBrush(Qt::NoBrush));
  if (s.point_shape == PointShape::Circle) {
    painter.drawEllipse(c, s.point_size_px / 2, s.point_size_px / 2);
  } else {
    painter.drawPolygon(marker_shape(s.point_shape, c, s.point_size_px));
  }
}

}  // namespace hubland::map

#pragma once
// Internal: how a Symbol becomes Qt pens, brushes and point markers; shared by layer drawing
// and legend swatches so both show a class identically.

#include <QBrush>
#include <QPainter>
#include <QPen>

#include "hubland/map/map_renderer.hpp"

namespace hubland::map {

Qt::BrushStyle brush_style(Hatch h);
QPen pen_of(const Symbol& s);
void draw_marker(QPainter& painter, QPointF c, const Symbol& s);

}  // namespace hubland::map

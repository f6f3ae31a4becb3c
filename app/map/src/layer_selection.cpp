// Selection highlight: selected features redrawn in the selection colours, or ringed when too
// small to see.
#include "layer_painter.hpp"

namespace hubland::map {

void Painter::draw_selection(const MapLayer& layer, double sx0, double sy0, double inv) {
  if (layer.m_selection.empty()) return;
  const FeatureStore& s = *layer.m_store;
  const Bounds box = view.world_bounds();
  painter.save();
  QPen pen(options.selection_stroke, options.selection_width_px);
  pen.setCosmetic(true);
  Symbol sel;
  sel.fill = options.selection_fill;
  sel.stroke = options.selection_stroke;
  sel.stroke_width_px = options.selection_width_px;
  sel.point_size_px = 14;
  for (std::size_t f : layer.m_selection) {
    if (!s.has_geometry(f) || !s.feature_bounds(f).intersects(box)) continue;
    const auto& ft = s.features[f];
    const bool point_feature = s.parts[ft.first_part].kind == PartKind::Point;
    if (point_feature || ((ft.max_x - ft.min_x) * inv < 4 && (ft.max_y - ft.min_y) * inv < 4)) {
      // Too small to see: a ring marker around it.
      const QPointF c(sx0 + 0.5 * (ft.min_x + ft.max_x) * inv,
                      sy0 - 0.5 * (ft.min_y + ft.max_y) * inv);
      painter.setPen(pen);
      painter.setBrush(Qt::NoBrush);
      painter.drawEllipse(c, 7.0, 7.0);
      continue;
    }
    painter.setPen(pen);
    painter.setBrush(options.selection_fill);
    draw_feature(s, f, sx0, sy0, inv, sel, QBrush(Qt::NoBrush));
  }
  painter.restore();
}

}  // namespace hubland::map

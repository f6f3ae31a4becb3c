// Entry points: the layers, then optionally the map furniture, into a painter or an image.
#include "hubland/map/map_renderer.hpp"

#include "layer_painter.hpp"

namespace hubland::map {

std::size_t render(QPainter& painter, const MapView& view,
                   const std::vector<const MapLayer*>& layers, const RenderOptions& options) {
  painter.save();
  painter.fillRect(QRect(QPoint(0, 0), view.size_px), options.background);
  painter.setRenderHint(QPainter::Antialiasing, options.antialias == Antialias::On);
  Painter p{painter, view, options, {}, {}, {}, {}};
  std::size_t drawn = 0;
  for (const MapLayer* layer : layers) {
    if (!layer) continue;
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) break;
    drawn += p.draw(*layer);
  }
  painter.restore();
  return drawn;
}

QImage render_to_image(const MapView& view, const std::vector<const MapLayer*>& layers,
                       const RenderOptions& options) {
  QImage image(view.size_px, QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&image);
  render(painter, view, layers, options);
  painter.end();
  return image;
}

QImage render_map(const MapView& view, const std::vector<const MapLayer*>& layers,
                  Decorations decorations, const RenderOptions& options) {
  QImage image(view.size_px, QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&image);
  render(painter, view, layers, options);
  if (decorations == Decorations::All) {
    draw_scale_bar(painter, view);
    draw_north_arrow(painter, view);
    draw_legend(painter, view, layers);
  }
  painter.end();
  return image;
}

}  // namespace hubland::map

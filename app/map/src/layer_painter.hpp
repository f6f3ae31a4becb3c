#pragma once
// Internal: draws one MapLayer onto a QPainter. Its parts live in layer_painter.cpp (features),
// layer_labels.cpp and layer_selection.cpp (what is drawn over the features).

#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <cstdint>
#include <vector>

#include "feature_store.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::map {

// Draws one layer; a friend of MapLayer.
struct Painter {
  QPainter& painter;
  const MapView& view;
  const RenderOptions& options;
  QImage dots;  // sub-pixel features of the current layer
  std::vector<std::uint32_t> visible;
  QPolygonF poly;
  QPainterPath path;

  // Returns the number of features in view. (sx0, sy0) is the layer origin on screen and inv
  // is pixels per metre, so a stored offset v maps to (sx0 + v.x * inv, sy0 - v.y * inv).
  std::size_t draw(const MapLayer& layer);
  void draw_feature(const FeatureStore& s, std::size_t f, double sx0, double sy0, double inv,
                    const Symbol& sym, const QBrush& hatch);
  void draw_labels(const MapLayer& layer, double sx0, double sy0, double inv);
  void draw_selection(const MapLayer& layer, double sx0, double sy0, double inv);
};

}  // namespace hubland::map

// View geometry: extent bounds and the world <-> screen transform of a MapView.
#include "hubland/map/map_renderer.hpp"

#include <algorithm>

namespace hubland::map {

void Bounds::expand(double x, double y) {
  if (empty) {
    min_x = max_x = x;
    min_y = max_y = y;
    empty = false;
    return;
  }
  min_x = std::min(min_x, x);
  max_x = std::max(max_x, x);
  min_y = std::min(min_y, y);
  max_y = std::max(max_y, y);
}

void Bounds::expand(const Bounds& b) {
  if (b.empty) return;
  expand(b.min_x, b.min_y);
  expand(b.max_x, b.max_y);
}

MapView MapView::fit(const Bounds& extent, QSize size_px, double margin_fraction) {
  MapView v;
  v.size_px = size_px;
  if (extent.empty) return v;
  v.centre_x_m = 0.5 * (extent.min_x + extent.max_x);
  v.centre_y_m = 0.5 * (extent.min_y + extent.max_y);
  const double usable = std::max(0.1, 1.0 - 2.0 * margin_fraction);
  const double w = std::max(extent.width(), 1.0), h = std::max(extent.height(), 1.0);
  v.metres_per_pixel = std::max(w / (size_px.width() * usable), h / (size_px.height() * usable));
  return v;
}

QPointF MapView::to_screen(double x_m, double y_m) const {
  return {(x_m - centre_x_m) / metres_per_pixel + 0.5 * size_px.width(),
          0.5 * size_px.height() - (y_m - centre_y_m) / metres_per_pixel};
}

void MapView::to_world(QPointF px, double& x_m, double& y_m) const {
  x_m = centre_x_m + (px.x() - 0.5 * size_px.width()) * metres_per_pixel;
  y_m = centre_y_m + (0.5 * size_px.height() - px.y()) * metres_per_pixel;
}

Bounds MapView::world_bounds() const {
  Bounds b;
  const double hw = 0.5 * size_px.width() * metres_per_pixel;
  const double hh = 0.5 * size_px.height() * metres_per_pixel;
  b.expand(centre_x_m - hw, centre_y_m - hh);
  b.expand(centre_x_m + hw, centre_y_m + hh);
  return b;
}

MapView MapView::zoomed(double factor, QPointF anchor_px) const {
  double ax, ay;
  to_world(anchor_px, ax, ay);
  MapView v = *this;
  v.metres_per_pixel = metres_per_pixel / factor;
  // Keep the anchor's world point under the same pixel.
  v.centre_x_m = ax - (anchor_px.x() - 0.5 * size_px.width()) * v.metres_per_pixel;
  v.centre_y_m = ay - (0.5 * size_px.height() - anchor_px.y()) * v.metres_per_pixel;
  return v;
}

MapView MapView::panned(QPointF delta_px) const {
  MapView v = *this;
  v.centre_x_m -= delta_px.x() * metres_per_pixel;
  v.centre_y_m += delta_px.y() * metres_per_pixel;
  return v;
}

}  // namespace hubland::map

// A report's map figure (map_figure.hpp).
#include "map_figure.hpp"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace hubland::report::detail {

namespace {

constexpr double kMinTextMm = 25.4 * 8 / 72;  // 8 pt
constexpr double kSmallestTextPx = 11;        // the map renderer's scale bar label
constexpr double kCornerPx = 12;              // where draw_legend puts a top-left legend
constexpr double kGapPx = 10;                 // between legend boxes, before k

}  // namespace

QImage map_figure(const map::MapView& view, const std::vector<const map::MapLayer*>& layers,
                  double print_width_mm) {
  const double mm_per_px = print_width_mm / std::max(1, view.size_px.width());
  const double k = std::max(1.0, kMinTextMm / (kSmallestTextPx * mm_per_px));
  // The decorations see a view k times coarser on a painter scaled by k: the same ground, with
  // their fixed pixel sizes k times larger.
  map::MapView coarse = view;
  coarse.size_px = QSize(static_cast<int>(view.size_px.width() / k),
                         static_cast<int>(view.size_px.height() / k));
  coarse.metres_per_pixel = view.metres_per_pixel * k;

  // The legend: one box per layer (the renderer's own legend of that layer), measured first,
  // then packed into the shortest column.
  struct Box {
    const map::MapLayer* layer;
    QSizeF size;  // figure pixels
    QPointF at;
  };
  std::vector<Box> boxes;
  {
    QImage scratch(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&scratch);
    for (const map::MapLayer* l : layers) {
      const QRectF r = map::draw_legend(p, coarse, {l}, map::Corner::TopLeft);
      if (!r.isEmpty()) boxes.push_back({l, r.size() * k, {}});
    }
  }
  const double gap = kGapPx * k, width = view.size_px.width();
  double column_w = 0;
  for (const Box& b : boxes) column_w = std::max(column_w, b.size.width());
  const int columns = std::max(1, static_cast<int>((width - gap) / (column_w + gap)));
  std::vector<double> column_h(static_cast<std::size_t>(columns), gap);
  for (Box& b : boxes) {
    const auto c = static_cast<std::size_t>(std::min_element(column_h.begin(), column_h.end()) -
                                            column_h.begin());
    b.at = QPointF(gap + c * (column_w + gap), view.size_px.height() + column_h[c]);
    column_h[c] += b.size.height() + gap;
  }
  const double legend_h = boxes.empty() ? 0 : *std::max_element(column_h.begin(), column_h.end());

  QImage image(QSize(view.size_px.width(), view.size_px.height() + static_cast<int>(legend_h)),
               QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter p(&image);
  p.setClipRect(QRect(QPoint(0, 0), view.size_px));  // rings and labels end at the map's edge
  map::render(p, view, layers);
  p.setClipping(false);
  p.save();
  p.scale(k, k);
  map::draw_scale_bar(p, coarse);
  map::draw_north_arrow(p, coarse);
  p.restore();
  p.setPen(QPen(QColor(120, 120, 120), 1));
  p.drawLine(QPointF(0, view.size_px.height() - 0.5), QPointF(width, view.size_px.height() - 0.5));
  for (const Box& b : boxes) {
    p.save();
    p.translate(b.at - QPointF(kCornerPx, kCornerPx) * k);
    p.scale(k, k);
    map::draw_legend(p, coarse, {b.layer}, map::Corner::TopLeft);
    p.restore();
  }
  p.end();
  return image;
}

}  // namespace hubland::report::detail

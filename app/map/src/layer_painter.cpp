// Drawing of a layer's features: culling, level of detail, and points, lines and rings.
#include "layer_painter.hpp"

#include <algorithm>
#include <cmath>

#include "symbology.hpp"

namespace hubland::map {

namespace {

std::uint32_t premultiplied(QColor c, double opacity) {
  const int a = std::clamp(static_cast<int>(c.alpha() * opacity + 0.5), 0, 255);
  return qPremultiply(qRgba(c.red(), c.green(), c.blue(), a));
}

}  // namespace

// Level-of-detail thresholds (screen envelope, pixels): below kBlockPx a feature is a block of
// pixels of its class colour; below kOutlinePx a filled polygon is drawn without outline.
constexpr double kBlockPx = 4.0;
constexpr double kOutlinePx = 8.0;

std::size_t Painter::draw(const MapLayer& layer) {
  const FeatureStore& s = *layer.m_store;
  const Bounds box = view.world_bounds();
  visible.clear();
  s.for_each_in(box, [&](std::uint32_t f) { visible.push_back(f); });
  // Index order keeps overlapping features stacked as in the source; skipped for huge
  // counts, where features are mostly dots and the sort would cost more than the draw.
  if (visible.size() < 200000) std::sort(visible.begin(), visible.end());

  const double inv = 1.0 / view.metres_per_pixel;
  const double sx0 = (s.origin_x - view.centre_x_m) * inv + 0.5 * view.size_px.width();
  const double sy0 = 0.5 * view.size_px.height() - (s.origin_y - view.centre_y_m) * inv;
  const int W = view.size_px.width(), H = view.size_px.height();

  const Style& style = layer.m_style;
  const std::size_t nclasses = style.classes.size() + 1;
  std::vector<QPen> pens(nclasses);
  std::vector<QBrush> brushes(nclasses), hatches(nclasses);
  std::vector<std::uint32_t> dot_colour(nclasses);
  for (std::size_t c = 0; c < nclasses; ++c) {
    const Symbol& sym = style.symbol(c);
    pens[c] = pen_of(sym);
    brushes[c] = sym.fill.alpha() ? QBrush(sym.fill) : QBrush(Qt::NoBrush);
    hatches[c] = sym.hatch != Hatch::None ? QBrush(sym.hatch_color, brush_style(sym.hatch))
                                          : QBrush(Qt::NoBrush);
    dot_colour[c] = premultiplied(sym.fill.alpha() ? sym.fill : sym.stroke, 1.0);
  }

  painter.save();
  painter.setOpacity(layer.m_opacity);
  bool have_dots = false;
  std::size_t current = static_cast<std::size_t>(-1);
  std::size_t n = 0;
  for (std::uint32_t f : visible) {
    if (options.cancel && (++n & 4095) == 0 && options.cancel->load(std::memory_order_relaxed))
      break;
    const FeatureStore::Feature& ft = s.features[f];
    const std::size_t cls = std::min<std::size_t>(layer.m_class[f], nclasses - 1);
    const double w_px = (ft.max_x - ft.min_x) * inv, h_px = (ft.max_y - ft.min_y) * inv;
    const bool point_feature = s.parts[ft.first_part].kind == PartKind::Point;
    if (!point_feature && w_px < kBlockPx && h_px < kBlockPx) {
      // Level of detail: features under kBlockPx become a pixel block of the class colour,
      // written straight into a per-layer buffer (no path, no antialiasing to pay for).
      int x0, x1, y0, y1;
      if (w_px < 1.0 && h_px < 1.0) {
        x0 = static_cast<int>(sx0 + 0.5 * (ft.min_x + ft.max_x) * inv);
        y0 = static_cast<int>(sy0 - 0.5 * (ft.min_y + ft.max_y) * inv);
        x1 = x0 + 1;
        y1 = y0 + 1;
      } else {
        x0 = static_cast<int>(std::lround(sx0 + ft.min_x * inv));
        x1 = std::max(x0 + 1, static_cast<int>(std::lround(sx0 + ft.max_x * inv)));
        y0 = static_cast<int>(std::lround(sy0 - ft.max_y * inv));
        y1 = std::max(y0 + 1, static_cast<int>(std::lround(sy0 - ft.min_y * inv)));
      }
      x0 = std::max(x0, 0);
      y0 = std::max(y0, 0);
      x1 = std::min(x1, W);
      y1 = std::min(y1, H);
      if (x0 >= x1 || y0 >= y1) continue;
      if (!have_dots) {
        if (dots.size() != view.size_px)
          dots = QImage(view.size_px, QImage::Format_ARGB32_Premultiplied);
        dots.fill(Qt::transparent);
        have_dots = true;
      }
      const std::uint32_t colour = dot_colour[cls];
      for (int y = y0; y < y1; ++y) {
        auto* line = reinterpret_cast<std::uint32_t*>(dots.scanLine(y));
        for (int x = x0; x < x1; ++x) line[x] = colour;
      }
      continue;
    }
    // Small filled polygons lose their outline: at a few pixels it only greys the fill, and
    // stroking costs as much as filling.
    const bool outline = point_feature || brushes[cls].style() == Qt::NoBrush ||
                         w_px >= kOutlinePx || h_px >= kOutlinePx;
    const std::size_t state = 2 * cls + (outline ? 1 : 0);
    if (state != current) {
      painter.setPen(outline ? pens[cls] : QPen(Qt::NoPen));
      painter.setBrush(brushes[cls]);
      current = state;
    }
    draw_feature(s, f, sx0, sy0, inv, style.symbol(cls), hatches[cls]);
    if (hatches[cls].style() != Qt::NoBrush) current = static_cast<std::size_t>(-1);
  }
  if (have_dots) painter.drawImage(0, 0, dots);
  painter.restore();

  draw_labels(layer, sx0, sy0, inv);
  draw_selection(layer, sx0, sy0, inv);
  return visible.size();
}

void Painter::draw_feature(const FeatureStore& s, std::size_t f, double sx0, double sy0, double inv,
                           const Symbol& sym, const QBrush& hatch) {
  const FeatureStore::Feature& ft = s.features[f];
  std::uint32_t rings = 0;
  for (std::uint32_t p = ft.first_part; p < ft.first_part + ft.part_count; ++p)
    rings += s.parts[p].kind == PartKind::Ring;
  if (rings > 1) path = QPainterPath();
  for (std::uint32_t p = ft.first_part; p < ft.first_part + ft.part_count; ++p) {
    const FeatureStore::Part& part = s.parts[p];
    const float* v = &s.xy[2 * part.first_point];
    if (part.kind == PartKind::Point) {
      draw_marker(painter, QPointF(sx0 + v[0] * inv, sy0 - v[1] * inv), sym);
      continue;
    }
    poly.resize(part.point_count);
    for (std::uint32_t i = 0; i < part.point_count; ++i)
      poly[i] = QPointF(sx0 + v[2 * i] * inv, sy0 - v[2 * i + 1] * inv);
    if (part.kind == PartKind::Line) {
      painter.drawPolyline(poly);
    } else if (rings > 1) {
      path.addPolygon(poly);
      path.closeSubpath();
    } else {
      painter.drawPolygon(poly);
      if (hatch.style() != Qt::NoBrush) {
        painter.setBrush(hatch);
        painter.setPen(Qt::NoPen);
        painter.drawPolygon(poly);
      }
    }
  }
  if (rings > 1) {
    path.setFillRule(Qt::OddEvenFill);
    painter.drawPath(path);
    if (hatch.style() != Qt::NoBrush) {
      painter.fillPath(path, hatch);
    }
  }
}

}  // namespace hubland::map

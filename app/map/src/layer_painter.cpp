// Drawing of a layer's features: culling, level of detail, and points, lines and rings.
#include "layer_painter.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

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

namespace {

// Counts of tiny features per grid cell and class (RenderOptions::aggregate_below_px), kept
// apart for dimmed features: a cell shows its shown features, or faded when all are dimmed.
struct CellCounts {
  int cell_px = 4, cols = 0, rows = 0;
  double off_x = 0, off_y = 0;  // screen pixel + offset = pixel of the map-anchored grid
  std::size_t nclasses = 0;
  std::vector<std::uint32_t> counts;  // (cell * 2 + dimmed) * nclasses + class

  CellCounts(const MapView& view, int cell, std::size_t classes)
      : cell_px(cell), nclasses(classes) {
    const double inv = 1.0 / view.metres_per_pixel;
    auto positive_mod = [cell](double v) { return v - cell * std::floor(v / cell); };
    off_x = positive_mod(view.centre_x_m * inv - 0.5 * view.size_px.width());
    off_y = positive_mod(-view.centre_y_m * inv - 0.5 * view.size_px.height());
    cols = static_cast<int>((view.size_px.width() + off_x) / cell) + 1;
    rows = static_cast<int>((view.size_px.height() + off_y) / cell) + 1;
    counts.assign(static_cast<std::size_t>(cols) * rows * 2 * nclasses, 0);
  }
  void add(double sx, double sy, std::size_t cls, bool dimmed) {
    // Off-screen positions are tested as doubles: far ones do not fit an int.
    const double c = std::floor((sx + off_x) / cell_px), r = std::floor((sy + off_y) / cell_px);
    if (!(c >= 0 && r >= 0 && c < cols && r < rows)) return;
    const auto cell = static_cast<std::size_t>(r) * cols + static_cast<std::size_t>(c);
    ++counts[(cell * 2 + (dimmed ? 1 : 0)) * nclasses + cls];
  }
  // Most frequent class of one half of a cell; ties go to the later class, the fallback (last
  // index) ranks below every class. Returns nclasses when the half is empty.
  std::size_t dominant(const std::uint32_t* n) const {
    std::size_t best = nclasses;
    std::uint32_t best_n = 0;
    auto rank = [this](std::size_t c) { return c + 1 == nclasses ? 0 : c + 1; };
    for (std::size_t c = 0; c < nclasses; ++c)
      if (n[c] > best_n || (n[c] == best_n && n[c] > 0 && rank(c) > rank(best))) {
        best = c;
        best_n = n[c];
      }
    return best;
  }
};

}  // namespace

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
  std::vector<std::uint32_t> dot_colour(nclasses), dim_colour(nclasses);
  for (std::size_t c = 0; c < nclasses; ++c) {
    const Symbol& sym = style.symbol(c);
    pens[c] = pen_of(sym);
    brushes[c] = sym.fill.alpha() ? QBrush(sym.fill) : QBrush(Qt::NoBrush);
    hatches[c] = sym.hatch != Hatch::None ? QBrush(sym.hatch_color, brush_style(sym.hatch))
                                          : QBrush(Qt::NoBrush);
    dot_colour[c] = premultiplied(sym.fill.alpha() ? sym.fill : sym.stroke, 1.0);
    dim_colour[c] = premultiplied(sym.fill.alpha() ? sym.fill : sym.stroke, options.dimmed_opacity);
  }
  const bool any_dimmed = !layer.m_dimmed.empty();
  std::optional<CellCounts> cells;

  painter.save();
  painter.setOpacity(layer.m_opacity);
  bool have_dots = false;
  auto dots_buffer = [&]() -> QImage& {
    if (!have_dots) {
      if (dots.size() != view.size_px)
        dots = QImage(view.size_px, QImage::Format_ARGB32_Premultiplied);
      dots.fill(Qt::transparent);
      have_dots = true;
    }
    return dots;
  };
  auto fill_block = [&](int x0, int y0, int x1, int y1, std::uint32_t colour) {
    x0 = std::max(x0, 0);
    y0 = std::max(y0, 0);
    x1 = std::min(x1, W);
    y1 = std::min(y1, H);
    if (x0 >= x1 || y0 >= y1) return;
    QImage& buffer = dots_buffer();
    for (int y = y0; y < y1; ++y) {
      auto* line = reinterpret_cast<std::uint32_t*>(buffer.scanLine(y));
      for (int x = x0; x < x1; ++x) line[x] = colour;
    }
  };
  std::size_t current = static_cast<std::size_t>(-1);
  std::size_t n = 0;
  for (std::uint32_t f : visible) {
    if (options.cancel && (++n & 4095) == 0 && options.cancel->load(std::memory_order_relaxed))
      break;
    const FeatureStore::Feature& ft = s.features[f];
    const std::size_t cls = std::min<std::size_t>(layer.m_class[f], nclasses - 1);
    const bool dim = any_dimmed && layer.m_dimmed[f];
    const double w_px = (ft.max_x - ft.min_x) * inv, h_px = (ft.max_y - ft.min_y) * inv;
    const bool point_feature = s.parts[ft.first_part].kind == PartKind::Point;
    if (!point_feature && w_px < options.aggregate_below_px && h_px < options.aggregate_below_px) {
      if (!cells) cells.emplace(view, std::max(options.aggregate_cell_px, 1), nclasses);
      cells->add(sx0 + 0.5 * (ft.min_x + ft.max_x) * inv, sy0 - 0.5 * (ft.min_y + ft.max_y) * inv,
                 cls, dim);
      continue;
    }
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
      fill_block(x0, y0, x1, y1, dim ? dim_colour[cls] : dot_colour[cls]);
      continue;
    }
    // Small filled polygons lose their outline: at a few pixels it only greys the fill, and
    // stroking costs as much as filling.
    const bool outline = point_feature || brushes[cls].style() == Qt::NoBrush ||
                         w_px >= kOutlinePx || h_px >= kOutlinePx;
    const std::size_t state = 4 * cls + (dim ? 2 : 0) + (outline ? 1 : 0);
    if (state != current) {
      painter.setPen(outline ? pens[cls] : QPen(Qt::NoPen));
      painter.setBrush(brushes[cls]);
      painter.setOpacity(layer.m_opacity * (dim ? options.dimmed_opacity : 1.0));
      current = state;
    }
    draw_feature(s, f, sx0, sy0, inv, style.symbol(cls), hatches[cls]);
    if (hatches[cls].style() != Qt::NoBrush) current = static_cast<std::size_t>(-1);
  }
  if (cells) {
    const int cp = cells->cell_px;
    for (int r = 0; r < cells->rows; ++r)
      for (int c = 0; c < cells->cols; ++c) {
        const std::uint32_t* shown =
            &cells->counts[(static_cast<std::size_t>(r) * cells->cols + c) * 2 * nclasses];
        std::size_t cls = cells->dominant(shown);
        bool dim = false;
        if (cls == nclasses) {
          cls = cells->dominant(shown + nclasses);
          dim = true;
        }
        if (cls == nclasses) continue;
        const int x0 = static_cast<int>(std::lround(c * cp - cells->off_x));
        const int y0 = static_cast<int>(std::lround(r * cp - cells->off_y));
        fill_block(x0, y0, x0 + cp, y0 + cp, dim ? dim_colour[cls] : dot_colour[cls]);
      }
  }
  painter.setOpacity(layer.m_opacity);
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

#include "hubland/map/map_renderer.hpp"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "feature_store.hpp"
#include "hubland/error.hpp"

namespace hubland::map {

// ---- Bounds, Style, MapView ---------------------------------------------------------------

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

std::size_t Style::class_of(const std::string& key) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].key == key) return i;
  return classes.size();
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

// ---- MapLayer -----------------------------------------------------------------------------

MapLayer::MapLayer(QString name, const std::vector<geo::Wkb>& wkb)
    : m_name(std::move(name)), m_store(std::make_shared<const FeatureStore>(wkb)) {
  m_class.assign(m_store->features.size(), 0);
}

std::size_t MapLayer::size() const noexcept {
  return m_store->features.size();
}
GeometryFamily MapLayer::family() const noexcept {
  return m_store->family;
}
Bounds MapLayer::extent() const noexcept {
  return m_store->extent;
}
Bounds MapLayer::feature_bounds(std::size_t feature) const {
  return m_store->feature_bounds(feature);
}

void MapLayer::set_style(Style style, const std::vector<std::string>& keys) {
  if (!keys.empty() && keys.size() != size())
    throw Error(ErrorKind::BadInput,
                "style keys: " + std::to_string(keys.size()) + " keys for " +
                    std::to_string(size()) + " features",
                Where{.layer = m_name.toStdString()});
  m_style = std::move(style);
  const auto fallback =
      static_cast<std::uint16_t>(std::min<std::size_t>(m_style.classes.size(), 65535));
  m_class.assign(size(), fallback);
  for (std::size_t i = 0; i < keys.size(); ++i)
    m_class[i] =
        static_cast<std::uint16_t>(std::min<std::size_t>(m_style.class_of(keys[i]), 65535));
}

std::vector<std::size_t> MapLayer::class_counts() const {
  std::vector<std::size_t> counts(m_style.classes.size() + 1, 0);
  for (std::size_t f = 0; f < m_class.size(); ++f)
    if (m_store->has_geometry(f))
      ++counts[std::min<std::size_t>(m_class[f], m_style.classes.size())];
  return counts;
}

void MapLayer::set_labels(std::vector<QString> labels) {
  m_labels = std::move(labels);
}

void MapLayer::set_selection(std::vector<std::size_t> features) {
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  while (!features.empty() && features.back() >= size()) features.pop_back();
  m_selection = std::move(features);
}

std::vector<std::size_t> MapLayer::features_at(double x_m, double y_m, double tolerance_m) const {
  Bounds box;
  box.expand(x_m - tolerance_m, y_m - tolerance_m);
  box.expand(x_m + tolerance_m, y_m + tolerance_m);
  std::vector<std::size_t> out;
  m_store->for_each_in(box, [&](std::uint32_t f) {
    if (m_store->hits(f, x_m, y_m, tolerance_m)) out.push_back(f);
  });
  std::sort(out.rbegin(), out.rend());  // last drawn is on top
  return out;
}

std::vector<std::size_t> MapLayer::features_in(const Bounds& box) const {
  std::vector<std::size_t> out;
  m_store->for_each_in(box, [&](std::uint32_t f) { out.push_back(f); });
  std::sort(out.begin(), out.end());
  return out;
}

// ---- rendering ----------------------------------------------------------------------------

namespace {

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

void draw_marker(QPainter& painter, QPointF c, const Symbol& s) {
  painter.setPen(pen_of(s));
  painter.setBrush(s.fill.alpha() ? QBrush(s.fill) : QBrush(Qt::NoBrush));
  if (s.point_shape == PointShape::Circle) {
    painter.drawEllipse(c, s.point_size_px / 2, s.point_size_px / 2);
  } else {
    painter.drawPolygon(marker_shape(s.point_shape, c, s.point_size_px));
  }
}

std::uint32_t premultiplied(QColor c, double opacity) {
  const int a = std::clamp(static_cast<int>(c.alpha() * opacity + 0.5), 0, 255);
  return qPremultiply(qRgba(c.red(), c.green(), c.blue(), a));
}

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

// Level-of-detail thresholds (screen envelope, pixels): below kBlockPx a feature is a block of
// pixels of its class colour; below kOutlinePx a filled polygon is drawn without outline.
constexpr double kBlockPx = 4.0;
constexpr double kOutlinePx = 8.0;

// Draws one layer; a friend of MapLayer.
struct Painter {
  QPainter& painter;
  const MapView& view;
  const RenderOptions& options;
  QImage dots;  // sub-pixel features of the current layer
  std::vector<std::uint32_t> visible;
  QPolygonF poly;
  QPainterPath path;

  std::size_t draw(const MapLayer& layer) {
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

  void draw_feature(const FeatureStore& s, std::size_t f, double sx0, double sy0, double inv,
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

  void draw_labels(const MapLayer& layer, double sx0, double sy0, double inv) {
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

  void draw_selection(const MapLayer& layer, double sx0, double sy0, double inv) {
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
};

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

// ---- decorations --------------------------------------------------------------------------

namespace {
constexpr double kMarginPx = 12;

QPointF place(Corner corner, QSizeF item, QSize image) {
  const double x = (corner == Corner::TopLeft || corner == Corner::BottomLeft)
                       ? kMarginPx
                       : image.width() - kMarginPx - item.width();
  const double y = (corner == Corner::TopLeft || corner == Corner::TopRight)
                       ? kMarginPx
                       : image.height() - kMarginPx - item.height();
  return {x, y};
}

QString length_label(double metres) {
  if (metres >= 1000) return QString::number(metres / 1000.0, 'g', 6) + QStringLiteral(" km");
  return QString::number(metres, 'g', 6) + QStringLiteral(" m");
}

void draw_swatch(QPainter& painter, QRectF r, const Symbol& s, GeometryFamily family) {
  if (family == GeometryFamily::Point) {
    draw_marker(painter, r.center(), s);
  } else if (family == GeometryFamily::Line) {
    painter.setPen(pen_of(s).style() == Qt::NoPen ? QPen(s.stroke) : pen_of(s));
    painter.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
  } else {
    painter.setPen(pen_of(s));
    painter.setBrush(s.fill.alpha() ? QBrush(s.fill) : QBrush(Qt::NoBrush));
    painter.drawRect(r);
    if (s.hatch != Hatch::None) painter.fillRect(r, QBrush(s.hatch_color, brush_style(s.hatch)));
  }
}
}  // namespace

void draw_scale_bar(QPainter& painter, const MapView& view, Corner corner) {
  const double raw_m = view.size_px.width() * view.metres_per_pixel / 5.0;
  if (!(raw_m > 0)) return;
  const double pow10 = std::pow(10.0, std::floor(std::log10(raw_m)));
  const double m = raw_m / pow10;
  const double length_m = (m >= 5 ? 5 : m >= 2 ? 2 : 1) * pow10;
  const double length_px = length_m / view.metres_per_pixel;
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(11);
  painter.setFont(font);
  const QFontMetricsF fm(font);
  const QString label = length_label(length_m);
  const QSizeF item(length_px + fm.horizontalAdvance(label) / 2 + 8, fm.height() + 12);
  const QPointF at = place(corner, item, view.size_px);
  const double bar_y = at.y() + fm.height() + 4, bar_h = 6;
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.fillRect(QRectF(at.x() - 4, at.y() - 2, item.width() + 4, item.height() + 2),
                   QColor(255, 255, 255, 190));
  for (int i = 0; i < 4; ++i) {
    const QRectF seg(at.x() + i * length_px / 4, bar_y, length_px / 4, bar_h);
    painter.fillRect(seg, i % 2 ? Qt::white : Qt::black);
  }
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRectF(at.x(), bar_y, length_px, bar_h));
  painter.drawText(QPointF(at.x() - 2, at.y() + fm.ascent()), QStringLiteral("0"));
  painter.drawText(
      QPointF(at.x() + length_px - fm.horizontalAdvance(label) / 2, at.y() + fm.ascent()), label);
  painter.restore();
}

void draw_north_arrow(QPainter& painter, const MapView& view, Corner corner) {
  const QSizeF item(26, 44);
  const QPointF at = place(corner, item, view.size_px);
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  QFont font = painter.font();
  font.setPixelSize(13);
  font.setBold(true);
  painter.setFont(font);
  const double cx = at.x() + item.width() / 2, top = at.y() + 14, bottom = at.y() + item.height();
  QPolygonF left, right;
  left << QPointF(cx, top) << QPointF(cx - 9, bottom) << QPointF(cx, bottom - 8);
  right << QPointF(cx, top) << QPointF(cx + 9, bottom) << QPointF(cx, bottom - 8);
  painter.setPen(QPen(Qt::black, 1));
  painter.setBrush(Qt::black);
  painter.drawPolygon(left);
  painter.setBrush(Qt::white);
  painter.drawPolygon(right);
  const QFontMetricsF fm(font);
  painter.drawText(
      QPointF(cx - fm.horizontalAdvance(QStringLiteral("N")) / 2, at.y() + fm.ascent() - 2),
      QStringLiteral("N"));
  painter.restore();
}

QRectF draw_legend(QPainter& painter, const MapView& view,
                   const std::vector<const MapLayer*>& layers, Corner corner) {
  struct Row {
    QString text;
    bool heading;
    const Symbol* symbol;
    GeometryFamily family;
  };
  std::vector<Row> rows;
  for (const MapLayer* layer : layers) {
    if (!layer || layer->size() == 0) continue;
    const Style& st = layer->style();
    const auto counts = layer->class_counts();
    std::vector<Row> entries;
    for (std::size_t c = 0; c < st.classes.size(); ++c)
      if (counts[c] > 0)
        entries.push_back({st.classes[c].label, false, &st.classes[c].symbol, layer->family()});
    if (counts.back() > 0 && (!st.fallback_label.isEmpty() || st.classes.empty()))
      entries.push_back({st.fallback_label.isEmpty() ? layer->name() : st.fallback_label, false,
                         &st.fallback, layer->family()});
    if (entries.empty()) continue;
    if (!(st.classes.empty() && st.fallback_label.isEmpty()))
      rows.push_back(
          {st.title.isEmpty() ? layer->name() : st.title, true, nullptr, layer->family()});
    rows.insert(rows.end(), entries.begin(), entries.end());
  }
  if (rows.empty()) return {};
  painter.save();
  QFont font = painter.font();
  font.setPixelSize(12);
  QFont bold = font;
  bold.setBold(true);
  const QFontMetricsF fm(font), fmb(bold);
  const double row_h = std::max(fm.height(), 14.0) + 3, swatch_w = 20, pad = 6;
  double width = 0;
  for (const Row& r : rows)
    width = std::max(width, r.heading ? fmb.horizontalAdvance(r.text)
                                      : swatch_w + 6 + fm.horizontalAdvance(r.text));
  const QSizeF item(width + 2 * pad, rows.size() * row_h + 2 * pad);
  const QPointF at = place(corner, item, view.size_px);
  const QRectF box(at, item);
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setPen(QPen(QColor(120, 120, 120), 1));
  painter.setBrush(QColor(255, 255, 255, 225));
  painter.drawRect(box);
  double y = at.y() + pad;
  for (const Row& r : rows) {
    if (r.heading) {
      painter.setFont(bold);
      painter.setPen(Qt::black);
      painter.drawText(QPointF(at.x() + pad, y + fmb.ascent() + 1), r.text);
    } else {
      draw_swatch(painter, QRectF(at.x() + pad, y + 2, swatch_w, row_h - 6), *r.symbol, r.family);
      painter.setFont(font);
      painter.setPen(Qt::black);
      painter.drawText(QPointF(at.x() + pad + swatch_w + 6, y + fm.ascent() + 1), r.text);
    }
    y += row_h;
  }
  painter.restore();
  return box;
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

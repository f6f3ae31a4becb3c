#pragma once
// The HubLand map renderer: WKB layers drawn with QPainter into any paint device (QImage,
// QPdfWriter, a widget's backing image). Qt Gui only, no widgets, so the desktop app and the
// report renderer (project-site maps in PDF/PNG) share it.
//
// Model:
//  - MapLayer: features of one layer, geometry decoded once from WKB (working CRS, metres) into
//    a compact vertex store with a grid index over feature envelopes, plus per-feature style
//    keys resolved against a Style. Geometry is shared between copies (restyling or changing the
//    selection does not re-decode), and a MapLayer is immutable once built, so a snapshot of
//    layers can be rendered on a worker thread while the UI builds the next one.
//  - Style: symbol classes by key ("A".."D", "100101", "airport", ...) with a legend label.
//  - MapView: centre (working-CRS metres), metres per pixel, size in pixels; y grows north.
//
// Performance contract (bench/bench_render.cpp): culling through the grid index, and
// level of detail — a feature whose screen envelope is below one pixel is plotted as one pixel
// of its fill (or stroke) colour straight into the image, one of up to a few pixels as a filled
// rectangle — so a full-extent redraw of 1,000,000 parcels stays well under 100 ms.
//
// Thread safety: render()/render_to_image() only read their arguments; QImage painting off the
// GUI thread is supported by Qt. Text needs a QGuiApplication (fonts).

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"

namespace hubland::map {

/// Marker drawn for point features (hubs).
enum class PointShape { Circle, Square, Triangle, Diamond, Star, Cross };
/// Over-fill pattern, e.g. constraints (redline, farmland) are hatched.
enum class Hatch { None, Diagonal, BackDiagonal, Cross, Horizontal, Vertical };

/// How one class of features is drawn. Sizes in device pixels (points on a PDF).
struct Symbol {
  QColor fill = QColor(0, 0, 0, 0);  ///< transparent: outline only
  QColor stroke = QColor(60, 60, 60);
  double stroke_width_px = 0.0;  ///< 0: cosmetic 1-pixel line; < 0: no outline
  Qt::PenStyle stroke_style = Qt::SolidLine;
  Hatch hatch = Hatch::None;
  QColor hatch_color = QColor(200, 0, 0);
  PointShape point_shape = PointShape::Circle;
  double point_size_px = 9.0;
};

/// One legend entry: features whose style key equals `key` use `symbol`.
struct StyleClass {
  std::string key;
  QString label;
  Symbol symbol;
};

/// A thematic style: classes by key, a fallback for unknown keys, and the legend title.
struct Style {
  QString title;
  std::vector<StyleClass> classes;
  Symbol fallback;
  QString fallback_label;  ///< legend label of the fallback ("" hides it from the legend)
  /// Index of the class with `key`, or classes.size() for the fallback.
  std::size_t class_of(const std::string& key) const;
  const Symbol& symbol(std::size_t class_index) const {
    return class_index < classes.size() ? classes[class_index].symbol : fallback;
  }
};

/// Envelope in working-CRS metres.
struct Bounds {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool empty = true;
  void expand(double x, double y);
  void expand(const Bounds& b);
  bool intersects(const Bounds& b) const {
    return !empty && !b.empty && min_x <= b.max_x && b.min_x <= max_x && min_y <= b.max_y &&
           b.min_y <= max_y;
  }
  double width() const { return max_x - min_x; }
  double height() const { return max_y - min_y; }
};

/// What part of the working plane is shown, and at which scale.
struct MapView {
  double centre_x_m = 0;
  double centre_y_m = 0;
  double metres_per_pixel = 1.0;
  QSize size_px{800, 600};

  /// A view of `size_px` showing `extent` entirely, with `margin_fraction` of air around it.
  static MapView fit(const Bounds& extent, QSize size_px, double margin_fraction = 0.05);
  QPointF to_screen(double x_m, double y_m) const;
  /// Screen pixel -> working-CRS metres.
  void to_world(QPointF px, double& x_m, double& y_m) const;
  Bounds world_bounds() const;
  /// Zoom by `factor` (> 1 zooms in) keeping the world point under `anchor_px` fixed.
  MapView zoomed(double factor, QPointF anchor_px) const;
  /// Move the map by a screen displacement (drag): content follows the mouse.
  MapView panned(QPointF delta_px) const;
};

/// Geometry type family of a layer (decides how a feature is drawn and hit-tested).
enum class GeometryFamily { Polygon, Line, Point, Mixed, Empty };

/// Decoded geometry of a layer plus its grid index; immutable, shared between MapLayer copies.
class FeatureStore;

/// One drawable layer. Cheap to copy (geometry shared).
class MapLayer {
 public:
  /// Decode `wkb` (one per feature; empty entries are features without geometry). Throws
  /// Error(Geometry) naming the feature index on malformed WKB.
  MapLayer(QString name, const std::vector<geo::Wkb>& wkb);

  const QString& name() const noexcept { return m_name; }
  std::size_t size() const noexcept;
  GeometryFamily family() const noexcept;
  Bounds extent() const noexcept;
  /// Envelope of one feature (empty for a feature without geometry).
  Bounds feature_bounds(std::size_t feature) const;

  /// Style plus one key per feature (keys.size() must equal size(), or be empty: fallback for
  /// all). Throws Error(BadInput) on a size mismatch.
  void set_style(Style style, const std::vector<std::string>& keys);
  const Style& style() const noexcept { return m_style; }
  /// Class index per feature (into style().classes, or classes.size() for the fallback).
  const std::vector<std::uint16_t>& classes() const noexcept { return m_class; }
  /// Number of features per class (index as above): the legend shows only used classes.
  std::vector<std::size_t> class_counts() const;

  /// Labels drawn at each feature's label point (zones); empty: none.
  void set_labels(std::vector<QString> labels);
  /// Highlighted features (indices); drawn last with the selection symbol.
  void set_selection(std::vector<std::size_t> features);
  const std::vector<std::size_t>& selection() const noexcept { return m_selection; }
  /// Opacity 0..1 of the whole layer.
  void set_opacity(double opacity) { m_opacity = opacity; }
  double opacity() const noexcept { return m_opacity; }
  /// Features drawn faded (RenderOptions::dimmed_opacity), e.g. those a table filter hides:
  /// one flag per feature, or empty for none. Throws Error(BadInput) on a size mismatch.
  void set_dimmed(std::vector<bool> dimmed);
  const std::vector<bool>& dimmed() const noexcept { return m_dimmed; }

  /// Features whose geometry is at (x, y) — inside a polygon, or within `tolerance_m` of a
  /// line or point — topmost (last drawn) first.
  std::vector<std::size_t> features_at(double x_m, double y_m, double tolerance_m) const;
  /// Features whose envelope intersects `box` (box select), in index order.
  std::vector<std::size_t> features_in(const Bounds& box) const;

 private:
  friend struct Painter;
  QString m_name;
  std::shared_ptr<const FeatureStore> m_store;
  Style m_style;
  std::vector<std::uint16_t> m_class;
  std::vector<QString> m_labels;
  std::vector<std::size_t> m_selection;
  double m_opacity = 1.0;
  std::vector<bool> m_dimmed;
};

/// Switches of one render pass.
enum class Antialias { Off, On };
struct RenderOptions {
  QColor background = QColor(250, 250, 247);
  Antialias antialias = Antialias::On;
  /// Selection highlight: drawn over the selected features.
  QColor selection_stroke = QColor(0, 200, 255);
  QColor selection_fill = QColor(0, 200, 255, 70);
  double selection_width_px = 2.5;
  /// Polled between features; when it returns true the pass stops early (a newer view came).
  const std::atomic<bool>* cancel = nullptr;
  /// Aggregation of tiny features (0 = off, the default, as in reports): a polygon or line
  /// whose screen envelope is under this many pixels is not drawn alone but counted into a
  /// grid of `aggregate_cell_px` cells (anchored to the map, so panning keeps them still);
  /// each cell with features is filled with their most frequent class (a tie goes to the
  /// class listed later, e.g. the worse grade). Single-pixel dots vanish among markers and
  /// rings; cells of a few pixels keep a cluster of parcels readable at any scale.
  double aggregate_below_px = 0.0;
  int aggregate_cell_px = 4;
  /// Opacity of features a layer marks dimmed (MapLayer::set_dimmed).
  double dimmed_opacity = 0.2;
};

/// Draw `layers` (first = bottom) for `view` onto `painter`, whose device must be at least
/// view.size_px. Fills the background. Returns the number of features drawn (after culling).
std::size_t render(QPainter& painter, const MapView& view,
                   const std::vector<const MapLayer*>& layers, const RenderOptions& options = {});
/// The same into a new ARGB32-premultiplied image of view.size_px.
QImage render_to_image(const MapView& view, const std::vector<const MapLayer*>& layers,
                       const RenderOptions& options = {});

/// Where an overlay sits in the image.
enum class Corner { TopLeft, TopRight, BottomLeft, BottomRight };

/// A scale bar of a round length (1, 2 or 5 × 10^n metres, labelled in m or km) about a fifth
/// of the image wide.
void draw_scale_bar(QPainter& painter, const MapView& view, Corner corner = Corner::BottomLeft);
/// A north arrow (the working CRS is a Gauss-Kruger projection: grid north, near true north).
void draw_north_arrow(QPainter& painter, const MapView& view, Corner corner = Corner::TopRight);
/// Legend of the visible layers: per layer its title and the classes used by its features.
/// Returns the rectangle it took.
QRectF draw_legend(QPainter& painter, const MapView& view,
                   const std::vector<const MapLayer*>& layers, Corner corner = Corner::BottomRight);

/// Everything at once: layers, then scale bar, north arrow and legend — what a report's map
/// figure needs.
enum class Decorations { None, All };
QImage render_map(const MapView& view, const std::vector<const MapLayer*>& layers,
                  Decorations decorations = Decorations::All, const RenderOptions& options = {});

}  // namespace hubland::map

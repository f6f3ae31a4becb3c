#pragma once
// MapCanvas — the map widget. Rendering happens on a worker thread into a QImage
// (map::render_to_image), one pass in flight at a time: a newer view cancels the pass in
// flight and is rendered next. While a pass runs, the last image is shown shifted and scaled
// to the current view, so panning and zooming follow the mouse at once.
//
// Mouse: drag pans; wheel zooms at the cursor; Shift+drag (or the zoom-box tool) zooms to a
// box; Ctrl+drag selects by box; a click (no drag) reports the clicked point.
//
// Parcels smaller than 2 px are drawn as 4 px cells of their most frequent class
// (RenderOptions::aggregate_below_px), so they stay visible at every scale.

#include <QImage>
#include <QPointer>
#include <QThread>
#include <QWidget>
#include <atomic>
#include <memory>
#include <vector>

#include "hubland/map/map_renderer.hpp"

namespace hubland::desk {

enum class MapTool { Pan, ZoomBox, Identify };

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit MapCanvas(QWidget* parent = nullptr);
  ~MapCanvas() override;

  /// New layers to draw (bottom to top); triggers a render.
  void set_layers(std::vector<std::shared_ptr<const map::MapLayer>> layers);
  const map::MapView& view() const noexcept { return m_view; }
  void set_view(const map::MapView& view);
  /// Show `bounds` entirely (full extent, zoom to selection).
  void zoom_to(const map::Bounds& bounds);
  void set_tool(MapTool tool) { m_tool = tool; }
  MapTool tool() const noexcept { return m_tool; }
  /// True while a render pass is running or pending.
  bool busy() const noexcept { return m_rendering || m_dirty; }
  /// Milliseconds the last completed pass took.
  double last_render_ms() const noexcept { return m_last_render_ms; }
  /// The legend of the last completed pass (the window shows it in its Legend dock, never
  /// over the map).
  const QImage& legend() const noexcept { return m_legend; }
  /// The last completed map image (no scale bar or north arrow).
  const QImage& image() const noexcept { return m_image; }

 signals:
  /// A click without drag at working-CRS coordinates; tolerance is 4 pixels in metres.
  void clicked(double x_m, double y_m, double tolerance_m, Qt::KeyboardModifiers modifiers);
  void box_selected(hubland::map::Bounds box, Qt::KeyboardModifiers modifiers);
  /// The cursor moved over the map (working-CRS metres).
  void cursor_moved(double x_m, double y_m);
  void rendered(double milliseconds);
  /// A pass finished with a new legend (null image: nothing to explain).
  void legend_changed(const QImage& legend);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  void request_render();
  void start_render();
  void on_rendered(QImage image, QImage legend, map::MapView view, bool cancelled, double ms);

  std::vector<std::shared_ptr<const map::MapLayer>> m_layers;
  map::MapView m_view;
  QImage m_image;  // last completed pass
  map::MapView m_image_view;
  QImage m_legend;
  bool m_rendering = false;
  bool m_dirty = false;
  std::shared_ptr<std::atomic<bool>> m_cancel;
  QPointer<QThread> m_thread;
  double m_last_render_ms = 0;

  MapTool m_tool = MapTool::Pan;
  bool m_pressed = false;
  bool m_dragged = false;
  QPoint m_press_pos;
  QPoint m_last_pos;
  Qt::KeyboardModifiers m_press_modifiers;
};

}  // namespace hubland::desk

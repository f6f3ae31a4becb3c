#include "map_canvas.hpp"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <chrono>
#include <cmath>

namespace hubland::desk {

namespace {
// Features under 2 px would be single pixels, lost under hub markers and rings: they are drawn
// as 4 px cells of their most frequent class instead (docs/desk.md "Small parcels").
constexpr double kAggregateBelowPx = 2.0;
constexpr int kAggregateCellPx = 4;
}  // namespace

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setCursor(Qt::OpenHandCursor);
}

MapCanvas::~MapCanvas() {
  if (m_cancel) m_cancel->store(true);
  if (m_thread) m_thread->wait();
}

void MapCanvas::set_layers(std::vector<std::shared_ptr<const map::MapLayer>> layers) {
  m_layers = std::move(layers);
  request_render();
}

void MapCanvas::set_view(const map::MapView& view) {
  m_view = view;
  m_view.size_px = size();
  request_render();
}

void MapCanvas::zoom_to(const map::Bounds& bounds) {
  if (bounds.empty) return;
  set_view(map::MapView::fit(bounds, size()));
}

void MapCanvas::request_render() {
  m_dirty = true;
  if (m_rendering) {
    if (m_cancel) m_cancel->store(true);  // the newer view wins
    return;
  }
  start_render();
}

void MapCanvas::start_render() {
  m_dirty = false;
  m_rendering = true;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  m_cancel = cancel;
  map::MapView view = m_view;
  view.size_px = size();
  auto layers = m_layers;  // the snapshot keeps the layers alive for the pass
  QThread* thread = QThread::create([this, layers, view, cancel] {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<const map::MapLayer*> raw;
    for (const auto& l : layers) raw.push_back(l.get());
    map::RenderOptions options;
    options.cancel = cancel.get();
    options.aggregate_below_px = kAggregateBelowPx;
    options.aggregate_cell_px = kAggregateCellPx;
    QImage image = map::render_to_image(view, raw, options);
    // The legend is drawn here too: counting classes of a million features is not UI work.
    // Drawn on a tall page, not on the map: the Legend dock shows it whole, beside the map.
    map::MapView page = view;
    page.size_px = QSize(900, 4000);
    QImage legend(page.size_px, QImage::Format_ARGB32_Premultiplied);
    legend.fill(Qt::transparent);
    QPainter p(&legend);
    // Top layer first, as in the layer panel: the parcels' grades before the basemap.
    const std::vector<const map::MapLayer*> top_first(raw.rbegin(), raw.rend());
    const QRectF box = map::draw_legend(p, page, top_first, map::Corner::TopLeft);
    p.end();
    legend = box.isEmpty() ? QImage() : legend.copy(box.toAlignedRect().adjusted(0, 0, 1, 1));
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const bool cancelled = cancel->load();
    QMetaObject::invokeMethod(
        this,
        [this, image, legend, view, cancelled, ms] {
          on_rendered(image, legend, view, cancelled, ms);
        },
        Qt::QueuedConnection);
  });
  connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  m_thread = thread;
  thread->start();
}

void MapCanvas::on_rendered(QImage image, QImage legend, map::MapView view, bool cancelled,
                            double ms) {
  m_rendering = false;
  if (!cancelled) {
    m_image = std::move(image);
    const bool legend_changed_now = legend != m_legend;
    m_legend = std::move(legend);
    m_image_view = view;
    m_last_render_ms = ms;
    if (legend_changed_now) emit legend_changed(m_legend);
    emit rendered(ms);
    update();
  }
  if (m_dirty) start_render();
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(250, 250, 247));
  if (!m_image.isNull()) {
    // The last image placed where its world extent lies in the current view.
    double wx, wy;
    m_image_view.to_world(QPointF(0, 0), wx, wy);
    const QPointF tl = m_view.to_screen(wx, wy);
    const double scale = m_image_view.metres_per_pixel / m_view.metres_per_pixel;
    const QRectF target(tl, QSizeF(m_image.width() * scale, m_image.height() * scale));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, scale != 1.0);
    painter.drawImage(target, m_image);
  }
  map::MapView view = m_view;
  view.size_px = size();
  map::draw_scale_bar(painter, view, map::Corner::BottomLeft);
  map::draw_north_arrow(painter, view, map::Corner::TopRight);
  if (m_pressed && m_dragged &&
      (m_tool == MapTool::ZoomBox ||
       (m_press_modifiers & (Qt::ShiftModifier | Qt::ControlModifier)))) {
    painter.setPen(QPen(QColor(0, 120, 215), 1, Qt::DashLine));
    painter.setBrush(QColor(0, 120, 215, 40));
    painter.drawRect(QRect(m_press_pos, m_last_pos).normalized());
  }
}

void MapCanvas::resizeEvent(QResizeEvent*) {
  m_view.size_px = size();
  request_render();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  m_pressed = true;
  m_dragged = false;
  m_press_pos = m_last_pos = event->position().toPoint();
  m_press_modifiers = event->modifiers();
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  double x, y;
  m_view.to_world(pos, x, y);
  emit cursor_moved(x, y);
  if (!m_pressed) return;
  if ((pos - m_press_pos).manhattanLength() > 3) m_dragged = true;
  if (!m_dragged) return;
  const bool boxing =
      m_tool == MapTool::ZoomBox || (m_press_modifiers & (Qt::ShiftModifier | Qt::ControlModifier));
  if (!boxing) {
    setCursor(Qt::ClosedHandCursor);
    m_view = m_view.panned(pos - m_last_pos);
    request_render();
  }
  m_last_pos = pos;
  update();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !m_pressed) return;
  m_pressed = false;
  setCursor(Qt::OpenHandCursor);
  const QPoint pos = event->position().toPoint();
  if (!m_dragged) {
    double x, y;
    m_view.to_world(pos, x, y);
    emit clicked(x, y, 4 * m_view.metres_per_pixel, event->modifiers());
    return;
  }
  const bool select_box = m_press_modifiers & Qt::ControlModifier;
  const bool zoom_box =
      !select_box && (m_tool == MapTool::ZoomBox || (m_press_modifiers & Qt::ShiftModifier));
  if (select_box || zoom_box) {
    map::Bounds box;
    double x, y;
    m_view.to_world(m_press_pos, x, y);
    box.expand(x, y);
    m_view.to_world(pos, x, y);
    box.expand(x, y);
    if (select_box)
      emit box_selected(box, m_press_modifiers);
    else if (box.width() > 0 && box.height() > 0)
      set_view(map::MapView::fit(box, size(), 0.0));
  }
  update();
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  m_view = m_view.zoomed(std::pow(1.25, steps), event->position());
  m_view.size_px = size();
  request_render();
  update();
}

}  // namespace hubland::desk

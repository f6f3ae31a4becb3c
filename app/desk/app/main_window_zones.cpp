// MainWindow's zones view: the Zones dock, the job that evaluates the open workspace's zones,
// the "Zone evaluation" map layer and map clicks on it.
#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>

#include "hubland/error.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"
#include "zones_panel.hpp"

namespace hubland::desk {

void MainWindow::build_zones_dock() {
  m_zones = new ZonesPanel(m_language, this);
  m_zones_dock = new QDockWidget(tr("Zones"), this);
  m_zones_dock->setObjectName(QStringLiteral("zones"));
  m_zones_dock->setWidget(m_zones);
  addDockWidget(Qt::BottomDockWidgetArea, m_zones_dock);
  if (auto* table = findChild<QDockWidget*>(QStringLiteral("table")))
    tabifyDockWidget(table, m_zones_dock);
  m_zones_dock->hide();  // shown when the open workspace has evaluation years
  // The zone layer is drawn while the view is open; year and selection restyle it.
  connect(m_zones_dock, &QDockWidget::visibilityChanged, this, [this] { refresh_map(); });
  connect(m_zones, &ZonesPanel::changed, this, &MainWindow::refresh_map);
  connect(m_zones, &ZonesPanel::parcel_activated, this, [this](const QString& id) {
    if (!m_session || !m_session->has(Role::Parcels)) return;
    set_table_layer(Role::Parcels);
    if (!select_id(id)) statusBar()->showMessage(tr("Parcel %1 is not on the map").arg(id), 5000);
  });
  connect(m_zones, &ZonesPanel::zone_chosen, this, [this] {
    if (!m_zone_layer || !m_zones->evaluation()) return;
    map::Bounds b;  // every polygon of the zone
    const auto& zones = m_zones->evaluation()->zones;
    for (std::size_t i = 0; i < zones.size(); ++i)
      if (zones[i].zone_id == m_zones->selected_zone()) b.expand(m_zone_layer->feature_bounds(i));
    if (!b.empty) m_canvas->zoom_to(b);
  });
  m_caps_basis = new QLabel;
  m_caps_basis->setToolTip(tr("Where the ranking's zone caps came from"));
  statusBar()->addWidget(m_caps_basis);
}

void MainWindow::start_zone_evaluation() {
  m_zones_pending = false;
  m_zone_layer.reset();
  m_zones->set_evaluation(nullptr);
  m_zones_dock->hide();
  if (!m_session || m_session->workspace().empty()) return;
  const std::string ws = m_session->workspace();
  auto result = std::make_shared<ZoneEvaluationPtr>();
  auto layer = std::make_shared<std::optional<map::MapLayer>>();
  auto why_not = std::make_shared<std::string>();
  auto* job = new Job(
      tr("Zone evaluation"),
      [ws, result, layer, why_not](JobContext& ctx) {
        // A workspace whose runs cannot be evaluated (e.g. a ruleset without [evaluation]) still
        // opens: the view stays closed and the status bar says why, no error dialog.
        try {
          *result = evaluate_workspace_zones(ws, ctx);
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::Cancelled) throw;
          *why_not = e.what();
          return;
        }
        // Decoding the zone polygons is done here, once; a year change only restyles.
        if (*result && (*result)->zone_layer)
          *layer = zone_evaluation_layer(**result, (*result)->years.back());
      },
      this);
  auto session = m_session;
  connect(job, &Job::finished, this,
          [this, session, result, layer, why_not](bool ok, const QString&) {
            if (ok && !why_not->empty())
              statusBar()->showMessage(
                  tr("No zone evaluation: %1").arg(QString::fromStdString(*why_not)), 15000);
            if (!ok || session != m_session || !*result) return;
            m_zone_layer = std::move(*layer);
            m_zones->set_evaluation(*result);
            m_zones_dock->show();
            m_zones_dock->raise();
          });
  start_job(job);
}

void MainWindow::add_zone_layer(std::vector<std::shared_ptr<const map::MapLayer>>& layers) const {
  if (!m_zone_layer || !m_zones->evaluation() || !m_zones_dock->isVisible()) return;
  const auto& ev = *m_zones->evaluation();
  auto layer = std::make_shared<map::MapLayer>(*m_zone_layer);  // geometry shared
  layer->set_style(zone_grade_style(), zone_grade_keys(ev, m_zones->year()));
  std::vector<std::size_t> selected;  // every polygon of the selected zone
  for (std::size_t i = 0; i < ev.zones.size(); ++i)
    if (ev.zones[i].zone_id == m_zones->selected_zone()) selected.push_back(i);
  layer->set_selection(std::move(selected));
  // On top, half transparent: the zones read by grade at any scale (parcels cover most of a
  // zone) and the parcels stay visible through them.
  layer->set_opacity(0.5);
  layers.push_back(std::move(layer));
}

void MainWindow::pick_zone_at(double x, double y, double tolerance) {
  if (!m_zone_layer || !m_zones->evaluation() || !m_zones_dock->isVisible()) return;
  const auto hits = m_zone_layer->features_at(x, y, tolerance);
  if (hits.empty()) return;
  m_zones->select_zone(m_zones->evaluation()->zones.at(hits.front()).zone_id);
}

bool MainWindow::show_zones() {
  if (!m_zones->evaluation()) return false;
  m_zones_dock->show();
  m_zones_dock->raise();
  resizeDocks({m_zones_dock}, {height() / 2}, Qt::Vertical);
  m_zones->select_zone(m_zones->first_zone());
  emit m_zones->zone_chosen();  // the map shows the selected zone
  return true;
}

}  // namespace hubland::desk

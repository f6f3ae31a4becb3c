// MainWindow's menu bar and tool bar: built at start and rebuilt on a language change
// (retranslate_ui), so every action's text comes from here in the current language.
#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include "hubland/version.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"

namespace hubland::desk {

void MainWindow::build_menus() {
  // Rebuilt on a language change: the old menus (and their actions) go.
  for (QMenu* old : menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly)) old->deleteLater();
  menuBar()->clear();
  if (!m_tools) {
    m_tools = addToolBar(QString());
    m_tools->setObjectName(QStringLiteral("tools"));
  }
  m_tools->clear();
  m_tools->setWindowTitle(tr("Map tools"));
  QToolBar* tools = m_tools;
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open analysis…"), QKeySequence::Open, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open analysis"), QString(),
                                                      tr("Analysis files (*.toml)"));
    if (!path.isEmpty()) open_analysis(path);
  });
  m_act_workspace = file->addAction(tr("Open &workspace…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(),
                                                      tr("HubLand workspaces (*.hubland.sqlite)"));
    if (!path.isEmpty()) open_analysis(path);
  });
  file->addAction(tr("Open &PostGIS workspace…"), this, &MainWindow::open_postgis);
  file->addAction(tr("Open &sample (Chongqing)"), this, [this] {
    open_analysis(QDir(QString::fromUtf8(kSourceDir))
                      .filePath(QStringLiteral("sample-data/chongqing/analysis.toml")));
  });
  file->addSeparator();
  m_act_export_sel = file->addAction(tr("Export &selection…"), this, [this] { export_rows(true); });
  m_act_export_filtered =
      file->addAction(tr("Export &filtered layer…"), this, [this] { export_rows(false); });
  file->addSeparator();
  file->addAction(tr("Save map &image…"), this, [this] {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save map image"), QStringLiteral("map.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !grab().save(path)) show_error(tr("Cannot write %1").arg(path));
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* full = view->addAction(tr("&Full extent"), this, [this] {
    if (m_document) m_canvas->zoom_to(m_document->analysis_extent());
  });
  full->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  QAction* zsel = view->addAction(tr("Zoom to &selection"), this, &MainWindow::zoom_to_selection);
  zsel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
  auto* pan = view->addAction(tr("&Pan / identify"));
  auto* box = view->addAction(tr("Zoom &box"));
  pan->setCheckable(true);
  box->setCheckable(true);
  pan->setChecked(m_canvas->tool() != MapTool::ZoomBox);
  box->setChecked(m_canvas->tool() == MapTool::ZoomBox);
  pan->setToolTip(
      tr("Drag to pan, click to identify, wheel to zoom; Shift+drag zooms to a box, Ctrl+drag "
         "selects"));
  box->setToolTip(tr("Drag a box to zoom in"));
  connect(pan, &QAction::triggered, this, [this, pan, box] {
    m_canvas->set_tool(MapTool::Pan);
    pan->setChecked(true);
    box->setChecked(false);
  });
  connect(box, &QAction::triggered, this, [this, pan, box] {
    m_canvas->set_tool(MapTool::ZoomBox);
    box->setChecked(true);
    pan->setChecked(false);
  });
  tools->addAction(full);
  tools->addAction(zsel);
  tools->addAction(pan);
  tools->addAction(box);

  QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
  m_act_screen =
      analysis->addAction(tr("Run &screening"), this, [this] { run_stage(Stage::Screening); });
  m_act_check = analysis->addAction(tr("Run &conversion checks"), this,
                                    [this] { run_stage(Stage::Conversion); });
  m_act_rank =
      analysis->addAction(tr("Run project &ranking"), this, [this] { run_stage(Stage::Ranking); });
  m_act_report = analysis->addAction(tr("Justification &report for the selected project…"), this,
                                     &MainWindow::write_report);
  tools->addSeparator();
  tools->addAction(m_act_screen);
  tools->addAction(m_act_check);
  tools->addAction(m_act_rank);

  // View > Basemap and View > Language (built last so they sit below the map tools).
  view->addSeparator();
  QAction* basemap = view->addAction(tr("&Basemap (districts, rivers, main roads)"));
  basemap->setCheckable(true);
  basemap->setChecked(m_basemap);
  connect(basemap, &QAction::toggled, this, [this](bool on) {
    m_basemap = on;
    refresh_map();
  });
  QMenu* lang = view->addMenu(tr("&Language"));
  auto* group = new QActionGroup(lang);
  for (const auto& [name, code] : {std::pair{QStringLiteral("中文"), QStringLiteral("zh_CN")},
                                   std::pair{QStringLiteral("English"), QStringLiteral("en")}}) {
    // A copy: Clang 14 cannot capture a structured binding.
    QAction* a = lang->addAction(name, this, [this, code = code] { set_language(code); });
    a->setCheckable(true);
    a->setChecked(m_translator.code() == code);
    group->addAction(a);
  }
}

}  // namespace hubland::desk

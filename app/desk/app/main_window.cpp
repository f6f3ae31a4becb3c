#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include "hubland/desk/postgres_login.hpp"
#include "hubland/desk/workspace_stage.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/version.hpp"
#include "map_canvas.hpp"

namespace hubland::desk {

MainWindow::MainWindow(const QString& ui_code, QWidget* parent)
    : QMainWindow(parent), m_language(language_of(ui_code)) {
  m_translator.install(ui_code);
  m_tree = new LayerTreeModel(this);
  m_table = new AttributeTableModel(this);
  m_selection = new SelectionSync(this);
  m_identify = new QStandardItemModel(this);
  build_ui();
  connect(m_tree, &LayerTreeModel::layers_changed, this, &MainWindow::refresh_map);
  connect(m_selection, &SelectionSync::changed, this, &MainWindow::on_selection_changed);
  retranslate_ui();  // texts, menus and tool bar, action states
  resize(1400, 900);
}

MainWindow::~MainWindow() {
  // The docks hide while QWidget's destructor runs, after the members are gone: no more
  // map refreshes from them.
  if (m_zones_dock) m_zones_dock->disconnect(this);
}

void MainWindow::build_ui() {
  m_canvas = new MapCanvas(this);
  setCentralWidget(m_canvas);
  connect(m_canvas, &MapCanvas::clicked, this, &MainWindow::on_map_clicked);
  connect(m_canvas, &MapCanvas::box_selected, this, &MainWindow::on_box_selected);
  connect(m_canvas, &MapCanvas::cursor_moved, this, &MainWindow::on_cursor);

  // Layers dock: visibility, order (drag or buttons), style choice.
  auto* layers = new QWidget;
  auto* lv = new QVBoxLayout(layers);
  m_layer_view = new QListView;
  m_layer_view->setModel(m_tree);
  m_layer_view->setDragDropMode(QAbstractItemView::InternalMove);
  m_layer_view->setDefaultDropAction(Qt::MoveAction);
  lv->addWidget(m_layer_view);
  auto* buttons = new QHBoxLayout;
  m_up = new QPushButton;
  m_down = new QPushButton;
  buttons->addWidget(m_up);
  buttons->addWidget(m_down);
  lv->addLayout(buttons);
  m_style_box = new QComboBox;
  lv->addWidget(m_style_box);
  auto current_row = [this] {
    return m_layer_view->currentIndex().isValid() ? m_layer_view->currentIndex().row() : -1;
  };
  connect(m_up, &QPushButton::clicked, this, [this, current_row] {
    const int r = current_row();
    if (m_tree->move_row(r, r - 1)) m_layer_view->setCurrentIndex(m_tree->index(r - 1));
  });
  connect(m_down, &QPushButton::clicked, this, [this, current_row] {
    const int r = current_row();
    if (m_tree->move_row(r, r + 1)) m_layer_view->setCurrentIndex(m_tree->index(r + 1));
  });
  connect(m_layer_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
          &MainWindow::fill_style_box);
  connect(m_tree, &QAbstractItemModel::modelReset, this, &MainWindow::fill_style_box);
  connect(m_style_box, &QComboBox::currentIndexChanged, this, [this, current_row](int i) {
    if (i >= 0)
      m_tree->set_style(current_row(), static_cast<StyleChoice>(m_style_box->itemData(i).toInt()));
  });
  connect(m_layer_view, &QListView::doubleClicked, this, [this](const QModelIndex& index) {
    set_table_layer(static_cast<Role>(index.data(LayerTreeModel::kLayerRole).toInt()));
  });
  m_layers_dock = new QDockWidget(this);
  m_layers_dock->setObjectName(QStringLiteral("layers"));
  m_layers_dock->setWidget(layers);
  addDockWidget(Qt::LeftDockWidgetArea, m_layers_dock);

  // Identify dock.
  m_identify_view = new QTreeView;
  m_identify_view->setModel(m_identify);
  m_identify_view->setAlternatingRowColors(true);
  m_identify_view->setWordWrap(true);
  m_identify_dock = new QDockWidget(this);
  m_identify_dock->setObjectName(QStringLiteral("identify"));
  m_identify_dock->setWidget(m_identify_view);
  addDockWidget(Qt::RightDockWidgetArea, m_identify_dock);

  // Legend dock, under Identify: the legend explains the map without covering any of it.
  m_legend = new QLabel;
  m_legend->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  auto* legend_scroll = new QScrollArea;
  legend_scroll->setWidget(m_legend);
  legend_scroll->setWidgetResizable(true);
  legend_scroll->setBackgroundRole(QPalette::Base);
  legend_scroll->setMinimumHeight(240);  // a few classes readable without scrolling
  m_legend_dock = new QDockWidget(this);
  m_legend_dock->setObjectName(QStringLiteral("legend"));
  m_legend_dock->setWidget(legend_scroll);
  addDockWidget(Qt::RightDockWidgetArea, m_legend_dock);
  splitDockWidget(m_identify_dock, m_legend_dock, Qt::Vertical);
  connect(m_canvas, &MapCanvas::legend_changed, this,
          [this](const QImage& legend) { m_legend->setPixmap(QPixmap::fromImage(legend)); });

  // Attribute table dock: layer, filter (SQL where or outcome), table.
  auto* table = new QWidget;
  auto* tv = new QVBoxLayout(table);
  auto* bar = new QHBoxLayout;
  m_table_layer_box = new QComboBox;
  bar->addWidget(m_table_layer_box);
  m_filter_edit = new QComboBox;
  m_filter_edit->setEditable(true);
  m_filter_edit->setInsertPolicy(QComboBox::NoInsert);
  m_filter_edit->addItems({QString(), QStringLiteral("grade D"), QStringLiteral("flag LE-FAR"),
                           QStringLiteral("flagged"), QStringLiteral("rejected"),
                           QStringLiteral("conditional"), QStringLiteral("eligible"),
                           QStringLiteral("plot_ratio < 1.0 AND land_use LIKE '1001%'")});
  m_filter_edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  bar->addWidget(m_filter_edit, 1);
  m_filter_status = new QLabel;
  bar->addWidget(m_filter_status);
  tv->addLayout(bar);
  m_table_view = new QTableView;
  m_table_view->setModel(m_table);
  m_table_view->setSortingEnabled(true);
  m_table_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_table_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_table_view->setContextMenuPolicy(Qt::CustomContextMenu);
  m_table_view->verticalHeader()->setDefaultSectionSize(20);
  tv->addWidget(m_table_view);
  connect(m_table_view, &QTableView::customContextMenuRequested, this,
          &MainWindow::table_context_menu);
  connect(m_filter_edit->lineEdit(), &QLineEdit::returnPressed, this,
          [this] { apply_filter(m_filter_edit->currentText()); });
  connect(m_filter_edit, &QComboBox::activated, this,
          [this](int) { apply_filter(m_filter_edit->currentText()); });
  connect(m_table_layer_box, &QComboBox::activated, this, [this](int i) {
    set_table_layer(static_cast<Role>(m_table_layer_box->itemData(i).toInt()));
  });
  connect(m_table_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (m_syncing) return;
    m_selection->select(rows_from_view(*m_table, m_table_view->selectionModel()->selectedRows()),
                        SelectionSync::Origin::Table);
  });
  m_table_dock = new QDockWidget(this);
  m_table_dock->setObjectName(QStringLiteral("table"));
  m_table_dock->setWidget(table);
  addDockWidget(Qt::BottomDockWidgetArea, m_table_dock);

  // Status bar: coordinates (working CRS and lon/lat), render time, progress + cancel.
  m_coords = new QLabel;
  m_coords->setMinimumWidth(420);
  statusBar()->addWidget(m_coords);
  m_render_time = new QLabel;
  statusBar()->addWidget(m_render_time);
  m_progress = new QProgressBar;
  m_progress->setRange(0, 100);
  m_progress->setMaximumWidth(220);
  m_progress->hide();
  m_cancel = new QPushButton;
  m_cancel->hide();
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
  connect(m_cancel, &QPushButton::clicked, this, [this] {
    if (m_job) m_job->cancel();
  });
  connect(m_canvas, &MapCanvas::rendered, this,
          [this](double ms) { m_render_time->setText(tr("render %1 ms").arg(ms, 0, 'f', 0)); });
  build_zones_dock();
  build_applications_dock();
}

void MainWindow::fill_style_box() {
  const QModelIndex current = m_layer_view->currentIndex();
  QSignalBlocker block(m_style_box);
  m_style_box->clear();
  if (!current.isValid()) return;
  const auto& e = m_tree->entries()[static_cast<std::size_t>(current.row())];
  for (StyleChoice s : LayerTreeModel::styles_for(e.role))
    m_style_box->addItem(LayerTreeModel::style_name(s), static_cast<int>(s));
  m_style_box->setCurrentIndex(m_style_box->findData(static_cast<int>(e.style)));
}

void MainWindow::update_actions() {
  const bool open = m_session != nullptr;
  const bool idle = !m_job;
  auto stage_action = [&](QAction* a, Stage s) {
    const QString why =
        open ? stage_unavailable_reason(*m_session, s) : tr("Open an analysis first.");
    a->setEnabled(open && idle && why.isEmpty());
    // Which ruleset the stage will use: the workspace's own text or a file.
    const QString ruleset = open ? ruleset_description(*m_session) : QString();
    a->setToolTip(!why.isEmpty()      ? why
                  : ruleset.isEmpty() ? a->text()
                                      : a->text() + QStringLiteral(" — ") + ruleset);
    a->setStatusTip(a->toolTip());
  };
  stage_action(m_act_screen, Stage::Screening);
  stage_action(m_act_check, Stage::Conversion);
  stage_action(m_act_rank, Stage::Ranking);
  m_act_export_sel->setEnabled(open && !m_selection->rows().empty());
  m_act_export_filtered->setEnabled(open && m_table->rowCount() > 0);
  const bool ranked = open && m_session->results().rank_state != nullptr;
  m_act_report->setEnabled(idle && ranked && m_table_role == Role::Projects &&
                           m_selection->rows().size() == 1);
  m_act_report->setToolTip(!ranked ? tr("Run the project ranking first.")
                                   : tr("Select one project in the table or on the map."));
}

void MainWindow::show_error(const QString& message) {
  m_last_error = message;
  statusBar()->showMessage(message, 10000);
  if (isVisible() && !qEnvironmentVariableIsSet("HUBLAND_DESK_NO_DIALOGS"))
    QMessageBox::warning(this, tr("HubLand"), message);
}

void MainWindow::start_job(Job* job) {
  m_job = job;
  m_progress->setValue(0);
  m_progress->show();
  m_cancel->show();
  statusBar()->showMessage(job->title());
  connect(job, &Job::progress, m_progress, &QProgressBar::setValue);
  connect(job, &Job::finished, this, [this, job](bool ok, const QString& message) {
    m_progress->hide();
    m_cancel->hide();
    if (!ok)
      show_error(job->title() + QStringLiteral(": ") + message);
    else
      statusBar()->showMessage(job->title() + QStringLiteral(" — ") + tr("done"), 5000);
    job->deleteLater();
    m_job = nullptr;
    update_actions();
    if (ok)
      QMetaObject::invokeMethod(this, &MainWindow::run_pending, Qt::QueuedConnection);
    else
      m_pending.clear();
  });
  job->start();
  update_actions();
}

void MainWindow::queue_stages(const QList<Stage>& stages) {
  m_pending.append(stages);
  if (!m_job) run_pending();
}

void MainWindow::run_pending() {
  if (m_job || !m_session) return;
  if (m_zones_pending) {
    start_zone_evaluation();
    if (m_job) return;  // the stages follow when it is done
  }
  if (m_pending.isEmpty()) return;
  const Stage next = m_pending.takeFirst();
  if (!stage_unavailable_reason(*m_session, next).isEmpty()) return run_pending();
  run_stage(next);
}

void MainWindow::open_analysis(const QString& path) {
  if (m_job) return;
  auto result = std::make_shared<std::shared_ptr<Session>>();
  auto document = std::make_shared<std::unique_ptr<MapDocument>>();
  const std::string file = QDir::toNativeSeparators(path).toStdString();
  auto* job = new Job(
      tr("Opening %1").arg(QFileInfo(redact_password(path)).fileName()),
      [file, result, document](JobContext& ctx) {
        // A workspace (*.hubland.sqlite, postgresql://) or an analysis file.
        std::shared_ptr<Session> session;
        try {
          session = std::make_shared<Session>(layers::is_workspace_target(file)
                                                  ? desk::open_workspace(file, ctx)
                                                  : desk::open_analysis(file, ctx));
        } catch (const Error& e) {
          // A login's password never reaches the status bar or a message box.
          throw Error(e.kind(), redact_password(QString::fromStdString(e.what())).toStdString());
        }
        // Decoding geometry for the map is the other slow part: also off the UI thread.
        *document = std::make_unique<MapDocument>(*session);
        *result = std::move(session);
      },
      this);
  connect(job, &Job::finished, this, [this, result, document, path](bool ok, const QString&) {
    if (!ok || !*result) return;
    m_document = std::move(*document);
    set_session(std::move(*result));
    m_open_path = redact_password(path);  // for the title: never a password
    setWindowTitle(tr("%1 — HubLand land planning desk").arg(QFileInfo(m_open_path).fileName()));
  });
  start_job(job);
}

void MainWindow::set_session(std::shared_ptr<Session> session) {
  m_session = std::move(session);
  if (!m_document) m_document = std::make_unique<MapDocument>(*m_session);
  m_to_lonlat.reset();
  const int epsg = m_session->inputs().working_epsg;
  if (epsg > 0) {
    try {
      m_to_lonlat = std::make_unique<geo::Transformer>("EPSG:" + std::to_string(epsg), "EPSG:4326");
    } catch (const Error& e) {
      statusBar()->showMessage(QString::fromStdString(e.what()), 5000);
    }
  }
  m_table_layer_box->clear();
  for (Role r : m_session->roles())
    m_table_layer_box->addItem(LayerTreeModel::layer_name(r), static_cast<int>(r));
  m_tree->reset(*m_session);  // emits layers_changed -> refresh_map
  set_table_layer(m_session->has(Role::Parcels) ? Role::Parcels : m_session->roles().front());
  m_canvas->zoom_to(m_document->analysis_extent());
  m_zones_pending = true;  // run_pending evaluates a workspace's zones (or clears the view)
  show_applications();
  update_actions();
}

void MainWindow::refresh_map() {
  if (!m_session || !m_document) return;
  try {
    // A table filter fades the features it hides (the table's layer is the selection layer).
    const bool filtered = !m_table->filter().isEmpty() && m_selection->layer() == m_table_role;
    auto layers = m_document->snapshot(*m_session, m_tree->draw_order(), m_selection->layer(),
                                       m_selection->rows(),
                                       filtered ? &m_table->visible_rows() : nullptr, m_basemap);
    add_zone_layer(layers);
    m_canvas->set_layers(std::move(layers));
  } catch (const Error& e) {
    show_error(QString::fromStdString(e.what()));
  }
}

void MainWindow::set_table_layer(Role role) {
  if (!m_session || !m_session->has(role)) return;
  m_table_role = role;
  m_selection->set_layer(role);
  m_table->set_table(m_session->view(role));
  m_table_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_table_layer_box->setCurrentIndex(m_table_layer_box->findData(static_cast<int>(role)));
  update_filter_status();
  update_actions();
  refresh_map();  // the old filter's fading goes
}

void MainWindow::update_filter_status() {
  if (m_table->filter().isEmpty())
    m_filter_status->setText(tr("%n feature(s)", nullptr, m_table->rowCount()));
  else
    m_filter_status->setText(tr("%1 of %2")
                                 .arg(m_table->rowCount())
                                 .arg(m_table->table() ? m_table->table()->row_count() : 0));
}

QString MainWindow::apply_filter(const QString& text) {
  const QString err = m_table->set_filter(text);
  if (!err.isEmpty()) {
    m_filter_status->setText(tr("filter error"));
    show_error(err);
    return err;
  }
  update_filter_status();
  on_selection_changed(SelectionSync::Origin::Program);  // re-mark the selection in the new rows
  update_actions();
  return {};
}

void MainWindow::on_selection_changed(SelectionSync::Origin origin) {
  refresh_map();
  if (origin != SelectionSync::Origin::Table) {
    m_syncing = true;
    const QItemSelection sel = view_selection(*m_table, m_selection->rows());
    m_table_view->selectionModel()->select(
        sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!sel.isEmpty()) m_table_view->scrollTo(sel.first().topLeft());
    m_syncing = false;
  } else {
    zoom_to_selection();
  }
  if (m_selection->rows().size() == 1)
    show_identify(m_selection->layer(), m_selection->rows().front());
  update_actions();
}

void MainWindow::zoom_to_selection() {
  if (!m_document) return;
  if (const map::MapLayer* layer = m_document->layer(m_selection->layer())) {
    const map::Bounds b = zoom_bounds(*layer, m_selection->rows());
    if (!b.empty) m_canvas->zoom_to(b);
  }
}

void MainWindow::on_map_clicked(double x, double y, double tolerance,
                                Qt::KeyboardModifiers modifiers) {
  if (!m_session || !m_document) return;
  pick_zone_at(x, y, tolerance);
  // Topmost visible layer with a hit wins.
  const auto order = m_tree->draw_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const map::MapLayer* layer = m_document->layer(it->role);
    if (!layer) continue;
    const auto hits = layer->features_at(x, y, tolerance);
    if (hits.empty()) continue;
    if (it->role != m_table_role) set_table_layer(it->role);
    std::vector<std::size_t> rows{hits.front()};
    if (modifiers & Qt::ControlModifier) {
      rows.insert(rows.end(), m_selection->rows().begin(), m_selection->rows().end());
    }
    m_selection->select(rows, SelectionSync::Origin::Map);
    show_identify(it->role, hits.front());
    return;
  }
  m_selection->clear(SelectionSync::Origin::Map);
}

void MainWindow::on_box_selected(const map::Bounds& box, Qt::KeyboardModifiers) {
  if (!m_document) return;
  if (const map::MapLayer* layer = m_document->layer(m_table_role))
    m_selection->select(layer->features_in(box), SelectionSync::Origin::Map);
}

void MainWindow::on_cursor(double x, double y) {
  QString text = QStringLiteral("X %1  Y %2 m").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1);
  if (m_session) text += QStringLiteral(" (EPSG:%1)").arg(m_session->inputs().working_epsg);
  if (m_to_lonlat) {
    double lon = x, lat = y;
    try {
      m_to_lonlat->transform(lon, lat);
      text += QStringLiteral("   %1°E %2°N").arg(lon, 0, 'f', 6).arg(lat, 0, 'f', 6);
    } catch (const Error&) {
      // Outside the projection's domain: the working coordinates alone are still right.
    }
  }
  m_coords->setText(text);
}

void MainWindow::show_identify(Role role, std::size_t row) {
  if (!m_session) return;
  fill_identify_model(*m_identify, identify(*m_session, role, row), m_language);
  m_identify_view->expandToDepth(0);
  m_identify_view->resizeColumnToContents(0);
}

void MainWindow::run_stage(Stage stage) {
  if (!m_session || m_job) return;
  auto session = m_session;  // the job reads a snapshot; the UI keeps working on it
  auto stored = std::make_shared<StoredStage>();
  const QString title = stage == Stage::Screening    ? tr("Screening")
                        : stage == Stage::Conversion ? tr("Conversion checks")
                                                     : tr("Project ranking");
  auto* job = new Job(
      title,
      [session, stage, stored](JobContext& ctx) {
        // On a workspace the stage is also stored there as a new run (own connection, here).
        *stored = run_and_store_stage(*session, stage, ctx);
      },
      this);
  connect(job, &Job::finished, this, [this, session, stored](bool ok, const QString&) {
    if (!ok || session != m_session) return;
    if (stored->run > 0 || !stored->not_stored.empty()) {
      const QString note = stored->run > 0 ? tr("run %1 stored").arg(stored->run)
                                           : QString::fromStdString(stored->not_stored);
      // After start_job's own "done" message.
      QMetaObject::invokeMethod(
          this, [this, note] { statusBar()->showMessage(note, 15000); }, Qt::QueuedConnection);
    }
    auto updated = std::make_shared<Session>(*m_session);
    updated->set_results(std::move(stored->results));
    const Role role = m_table_role;
    const QString filter = m_table->filter();
    m_session = std::move(updated);
    m_caps_basis->setText(QString::fromStdString(m_session->results().zone_caps_basis));
    m_tree->reset(*m_session);
    set_table_layer(role);
    if (!filter.isEmpty()) apply_filter(filter);
  });
  start_job(job);
}

void MainWindow::export_rows(bool selection_only) {
  if (!m_session) return;
  const std::vector<std::size_t> rows =
      selection_only ? m_selection->rows() : m_table->visible_rows();
  const QString path = QFileDialog::getSaveFileName(
      this, selection_only ? tr("Export selection") : tr("Export filtered layer"),
      QStringLiteral("export.gpkg"),
      tr("GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv);;Excel "
         "(*.xlsx)"));
  if (path.isEmpty()) return;
  try {
    const std::size_t n = desk::export_rows(*m_session, m_table_role, rows, path.toStdString());
    statusBar()->showMessage(tr("Exported %1 features to %2").arg(n).arg(path), 8000);
  } catch (const Error& e) {
    show_error(QString::fromStdString(e.what()));
  }
}

void MainWindow::write_report() {
  if (!m_session || m_selection->rows().size() != 1 || m_table_role != Role::Projects) return;
  write_report_of(m_session->feature_id(Role::Projects, m_selection->rows().front()));
}

void MainWindow::write_report_of(const std::string& id) {
  if (!m_session) return;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the report"));
  if (dir.isEmpty()) return;
  auto session = m_session;
  auto pdf = std::make_shared<std::string>();
  const auto lang = m_language == Language::Chinese ? report::Language::Zh : report::Language::En;
  auto* job = new Job(
      tr("Report %1").arg(QString::fromStdString(id)),
      [session, id, lang, dir, pdf](JobContext&) {
        *pdf = desk::write_project_report(*session, id, lang, dir.toStdString());
      },
      this);
  connect(job, &Job::finished, this, [this, pdf](bool ok, const QString&) {
    if (ok)
      statusBar()->showMessage(tr("Report written: %1").arg(QString::fromStdString(*pdf)), 15000);
  });
  start_job(job);
}

void MainWindow::table_context_menu(const QPoint& pos) {
  QMenu menu(this);
  menu.addAction(tr("Zoom to selection"), this, &MainWindow::zoom_to_selection);
  menu.addAction(m_act_export_sel);
  menu.addAction(m_act_export_filtered);
  if (m_table_role == Role::Projects) {
    menu.addSeparator();
    menu.addAction(m_act_report);
  }
  menu.exec(m_table_view->viewport()->mapToGlobal(pos));
}

bool MainWindow::wait_idle(int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!m_job && !m_canvas->busy()) {
      QApplication::processEvents();
      if (!m_job && !m_canvas->busy()) return true;
    }
    QThread::msleep(5);
  }
  return false;
}

bool MainWindow::select_id(const QString& id) {
  if (!m_session) return false;
  const std::size_t row = m_session->row_of(m_table_role, id.toStdString());
  if (row == Session::npos) return false;
  m_selection->select({row}, SelectionSync::Origin::Table);  // as if picked in the table: zooms
  on_selection_changed(SelectionSync::Origin::Program);      // and marks the table row
  return true;
}

}  // namespace hubland::desk

#pragma once
// MainWindow — the hubland-desk window: map in the centre, docks for layers, identify and the
// attribute table, a status bar with coordinates and job progress. All engine work runs in
// Jobs; every slot catches hubland::Error and shows its message (nothing throws into Qt).

#include <QMainWindow>
#include <QPointer>
#include <QStandardItemModel>
#include <memory>
#include <optional>

#include "hubland/desk/attribute_table_model.hpp"
#include "hubland/desk/engine.hpp"
#include "hubland/desk/identify.hpp"
#include "hubland/desk/job.hpp"
#include "hubland/desk/language.hpp"
#include "hubland/desk/layer_tree_model.hpp"
#include "hubland/desk/map_document.hpp"
#include "hubland/desk/selection_sync.hpp"
#include "hubland/desk/session.hpp"
#include "hubland/geo/crs.hpp"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolBar;
class QTreeView;

namespace hubland::desk {

class ApplicationsPanel;
class MapCanvas;
class ZonesPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  /// `ui_code`: the UI language ("zh_CN" or "en", language.hpp), installed here.
  explicit MainWindow(const QString& ui_code, QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Open an analysis file on a worker thread; `done` runs on the UI thread afterwards.
  void open_analysis(const QString& path);
  /// Block (processing events) until no job runs and the map is rendered; false on timeout.
  bool wait_idle(int timeout_ms);
  /// Apply a filter to the attribute table; "" on success, else the reason.
  QString apply_filter(const QString& text);
  /// Select a feature of the table's layer by id and zoom to it; false when unknown.
  bool select_id(const QString& id);
  /// Stages to run, in order, once the current job (e.g. opening) has finished.
  void queue_stages(const QList<Stage>& stages);
  /// Bring up the Zones view (zone evaluation of the open workspace) with its first zone
  /// selected; false when the workspace has no zone evaluation.
  bool show_zones();
  /// The last error shown (for --screenshot's exit status).
  const QString& last_error() const noexcept { return m_last_error; }
  /// Switch the UI language now (View > Language): installs its translation, which makes Qt
  /// send LanguageChange and the window retranslate itself; remembered for the next start.
  void set_language(const QString& ui_code);
  /// What the window shows, one "key: value" per line (for --print-ui and the tests): title,
  /// menus, table headers, the map's and the legend's rectangles in window coordinates.
  QStringList describe_ui() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void build_ui();
  /// (Re)builds the menu bar and the tool bar in the current language.
  void build_menus();
  /// Texts of the widgets in the current language (main_window_language.cpp).
  void retranslate_ui();
  void fill_style_box();
  /// "N features" or "N of M" (filtered) beside the filter box.
  void update_filter_status();
  void set_session(std::shared_ptr<Session> session);
  void refresh_map();
  void set_table_layer(Role role);
  void on_selection_changed(SelectionSync::Origin origin);
  void on_map_clicked(double x, double y, double tolerance, Qt::KeyboardModifiers modifiers);
  void on_box_selected(const map::Bounds& box, Qt::KeyboardModifiers modifiers);
  void on_cursor(double x, double y);
  void show_identify(Role role, std::size_t row);
  void run_stage(Stage stage);
  void start_job(Job* job);
  void run_pending();
  void export_rows(bool selection_only);
  void write_report();
  void zoom_to_selection();
  void show_error(const QString& message);
  void table_context_menu(const QPoint& pos);
  void update_actions();
  // The zones view (main_window_zones.cpp).
  void build_zones_dock();
  void start_zone_evaluation();
  void add_zone_layer(std::vector<std::shared_ptr<const map::MapLayer>>& layers) const;
  void pick_zone_at(double x, double y, double tolerance);
  // The Applications dock and File > Open PostGIS workspace… (main_window_applications.cpp).
  void build_applications_dock();
  void show_applications();
  void open_postgis();
  /// The justification report of one project (the selected one).
  void write_report_of(const std::string& project_id);
  /// The justification of an application (`hubland report WS --application ID`'s).
  void write_application_report(qint64 id);

  UiTranslator m_translator;
  Language m_language;
  QString m_open_path;  // for the window title
  bool m_basemap = true;
  std::shared_ptr<Session> m_session;
  std::unique_ptr<MapDocument> m_document;
  std::unique_ptr<geo::Transformer> m_to_lonlat;  // UI thread only
  LayerTreeModel* m_tree = nullptr;
  AttributeTableModel* m_table = nullptr;
  SelectionSync* m_selection = nullptr;
  QStandardItemModel* m_identify = nullptr;
  Role m_table_role = Role::Parcels;
  QPointer<Job> m_job;
  QString m_last_error;
  bool m_syncing = false;
  QList<Stage> m_pending;

  MapCanvas* m_canvas = nullptr;
  QListView* m_layer_view = nullptr;
  QComboBox* m_style_box = nullptr;
  QTreeView* m_identify_view = nullptr;
  QTableView* m_table_view = nullptr;
  QComboBox* m_table_layer_box = nullptr;
  QComboBox* m_filter_edit = nullptr;
  QLabel* m_filter_status = nullptr;
  QLabel* m_coords = nullptr;
  QLabel* m_render_time = nullptr;
  QProgressBar* m_progress = nullptr;
  QPushButton* m_cancel = nullptr;
  QPushButton* m_up = nullptr;
  QPushButton* m_down = nullptr;
  QToolBar* m_tools = nullptr;
  QDockWidget* m_layers_dock = nullptr;
  QDockWidget* m_identify_dock = nullptr;
  QDockWidget* m_table_dock = nullptr;
  QDockWidget* m_legend_dock = nullptr;
  QLabel* m_legend = nullptr;
  QAction* m_act_screen = nullptr;
  QAction* m_act_check = nullptr;
  QAction* m_act_rank = nullptr;
  QAction* m_act_export_sel = nullptr;
  QAction* m_act_export_filtered = nullptr;
  QAction* m_act_report = nullptr;
  QAction* m_act_workspace = nullptr;

  ZonesPanel* m_zones = nullptr;
  QDockWidget* m_zones_dock = nullptr;
  std::optional<map::MapLayer> m_zone_layer;  // polygons decoded once per evaluation
  bool m_zones_pending = false;               // evaluate once the opening job is done
  QLabel* m_caps_basis = nullptr;             // the ranking's zone caps summary

  ApplicationsPanel* m_applications = nullptr;
  QDockWidget* m_applications_dock = nullptr;
};

}  // namespace hubland::desk

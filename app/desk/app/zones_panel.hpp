#pragma once
// ZonesPanel — the "Zones" dock (区域评价): a year selector, the sortable table of zones with
// their indicators, and for the selected zone its trend chart and its worst parcels. It shows
// a zone evaluation computed elsewhere (a Job running evaluate_workspace_zones); the main
// window draws the matching "Zone evaluation" map layer and routes map clicks here.

#include <QWidget>
#include <string>

#include "hubland/desk/zones.hpp"

class QComboBox;
class QLabel;
class QScrollArea;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace hubland::desk {

class ZonesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ZonesPanel(Language language, QWidget* parent = nullptr);

  /// Show an evaluation (null: none), newest year selected.
  void set_evaluation(ZoneEvaluationPtr evaluation);
  const ZoneEvaluationPtr& evaluation() const noexcept { return m_evaluation; }
  int year() const;
  /// Select a zone (table row, chart, worst parcels); false when it is not in the table.
  bool select_zone(const std::string& zone_id);
  const std::string& selected_zone() const noexcept { return m_zone; }
  /// The first zone of the table in its current order; "" when empty.
  std::string first_zone() const;

 signals:
  /// The year or the selected zone changed: redraw the map layer.
  void changed();
  /// A zone was chosen in the table: show it on the map.
  void zone_chosen();
  /// A worst parcel was double-clicked: zoom the map to it.
  void parcel_activated(QString parcel_id);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void show_year(int year);
  void show_zone();
  void draw_chart();

  Language m_language;
  ZoneEvaluationPtr m_evaluation;
  std::string m_zone;
  bool m_syncing = false;
  QComboBox* m_year_box = nullptr;
  ZoneTableModel* m_model = nullptr;
  QSortFilterProxyModel* m_sorted = nullptr;
  QTableView* m_table = nullptr;
  QLabel* m_zone_title = nullptr;
  QLabel* m_chart = nullptr;
  QScrollArea* m_chart_scroll = nullptr;
  QStandardItemModel* m_parcels = nullptr;
  QTableView* m_parcel_view = nullptr;
};

}  // namespace hubland::desk

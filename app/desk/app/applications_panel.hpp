#pragma once
// ApplicationsPanel — the "Applications" dock (申请): the workspace's applications (id, kind,
// subject, zone, status, updated) filtered by status, and the workflow steps this session's
// actor may take (zone office: New application…, Submit, Withdraw; bureau: Review, Decide…).
// The data and every database step are the core's ApplicationsController (Jobs); this widget
// only shows, asks and reports. Double click or "Show on map" zooms to the site.

#include <QWidget>
#include <string>
#include <vector>

#include "hubland/desk/applications_model.hpp"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace hubland::desk {

class ApplicationsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ApplicationsPanel(Language language, QWidget* parent = nullptr);

  ApplicationsController* controller() const noexcept { return m_controller; }
  /// The workspace to list ("" clears), the rule ids a decision may cite, the map's CRS.
  void set_workspace(const std::string& path_or_url, std::vector<std::string> rule_ids,
                     int working_epsg);
  void retranslate(Language language);

 signals:
  /// Zoom the map to an application's site.
  void show_site(const map::Bounds& bounds);
  /// Write the justification report of an application.
  void open_justification(qint64 application_id);
  void status_message(const QString& message);

 private:
  const layers::Application* current() const;
  void update_buttons();
  void context_menu(const QPoint& pos);
  void new_application();
  void check();
  /// Asks the controller to move the selected application to `to` (nothing when none is selected).
  void move_current(layers::ApplicationStatus to, const std::string& reason = {});
  void submit();
  void withdraw();
  void review();
  void decide();
  void zoom_to_current();
  void report(const QString& message);

  Language m_language;
  std::vector<std::string> m_rule_ids;
  int m_epsg = 0;
  ApplicationsModel* m_model = nullptr;
  ApplicationsController* m_controller = nullptr;
  QComboBox* m_filter = nullptr;
  QLabel* m_actor = nullptr;
  QTableView* m_table = nullptr;
  QPushButton *m_new = nullptr, *m_check = nullptr, *m_submit = nullptr, *m_withdraw = nullptr,
              *m_review = nullptr, *m_decide = nullptr, *m_zoom = nullptr, *m_reload = nullptr;
};

}  // namespace hubland::desk

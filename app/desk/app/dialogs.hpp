#pragma once
// The desk's small forms: the PostGIS login, the bureau's decision on an application, and a
// new application's project fields. Each returns plain values; the checks live in the core
// (postgres_url, decision_change, project_application) so the tests reach them without a window.

#include <QDialog>
#include <string>
#include <vector>

#include "hubland/desk/applications_model.hpp"
#include "hubland/desk/postgres_login.hpp"

class QComboBox;
class QFormLayout;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace hubland::desk {

class PostgresLoginDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PostgresLoginDialog(QWidget* parent = nullptr);
  PostgresLogin login() const;

 private:
  QLineEdit *m_host, *m_port, *m_database, *m_login, *m_password;
};

class DecideDialog : public QDialog {
  Q_OBJECT
 public:
  /// `rule_ids`: the ruleset's rules the decision may cite.
  DecideDialog(std::int64_t id, const std::vector<std::string>& rule_ids,
               QWidget* parent = nullptr);
  Decision decision() const;

 private:
  QComboBox* m_to;
  QPlainTextEdit* m_reason;
  QListWidget* m_rules;
  QPlainTextEdit* m_conditions;
};

/// The fields of the project read from a file, editable, plus its zone.
class ApplicationFormDialog : public QDialog {
  Q_OBJECT
 public:
  ApplicationFormDialog(const layers::Layer& project, const std::string& zone_id, bool zone_fixed,
                        QWidget* parent = nullptr);
  /// The application of the edited values (project_application: Error(BadInput) naming the
  /// file, feature and field of a bad value).
  layers::Application application() const;

 private:
  layers::Layer m_project;
  std::vector<QLineEdit*> m_fields;  // one per attribute column
  QLineEdit* m_zone;
};

}  // namespace hubland::desk

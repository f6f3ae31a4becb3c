#include "dialogs.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace hubland::desk {

namespace {

QDialogButtonBox* ok_cancel(QDialog* d) {
  auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  QObject::connect(box, &QDialogButtonBox::accepted, d, &QDialog::accept);
  QObject::connect(box, &QDialogButtonBox::rejected, d, &QDialog::reject);
  return box;
}

}  // namespace

PostgresLoginDialog::PostgresLoginDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open PostGIS workspace"));
  const PostgresLogin defaults;
  auto* form = new QFormLayout(this);
  m_host = new QLineEdit(defaults.host);
  m_port = new QLineEdit(defaults.port);
  m_database = new QLineEdit;
  m_login = new QLineEdit(qEnvironmentVariable("USER"));
  m_password = new QLineEdit;
  m_password->setEchoMode(QLineEdit::Password);  // never shown
  form->addRow(tr("Host"), m_host);
  form->addRow(tr("Port"), m_port);
  form->addRow(tr("Database"), m_database);
  form->addRow(tr("Login"), m_login);
  form->addRow(tr("Password"), m_password);
  form->addRow(ok_cancel(this));
}

PostgresLogin PostgresLoginDialog::login() const {
  return {m_host->text(), m_port->text(), m_database->text(), m_login->text(), m_password->text()};
}

DecideDialog::DecideDialog(std::int64_t id, const std::vector<std::string>& rule_ids,
                           QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Decide application %1").arg(id));
  auto* form = new QFormLayout(this);
  m_to = new QComboBox;
  m_to->addItem(tr("Approve"), static_cast<int>(layers::ApplicationStatus::Approved));
  m_to->addItem(tr("Approve with conditions"),
                static_cast<int>(layers::ApplicationStatus::ApprovedWithConditions));
  m_to->addItem(tr("Reject"), static_cast<int>(layers::ApplicationStatus::Rejected));
  m_reason = new QPlainTextEdit;
  m_rules = new QListWidget;
  for (const auto& r : rule_ids) {
    auto* item = new QListWidgetItem(QString::fromStdString(r), m_rules);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
  }
  m_conditions = new QPlainTextEdit;
  form->addRow(tr("Decision"), m_to);
  form->addRow(tr("Reason"), m_reason);
  form->addRow(tr("Rules relied on"), m_rules);
  form->addRow(tr("Conditions"), m_conditions);
  auto conditional = [this] {
    m_conditions->setEnabled(m_to->currentData().toInt() ==
                             static_cast<int>(layers::ApplicationStatus::ApprovedWithConditions));
  };
  connect(m_to, &QComboBox::currentIndexChanged, this, conditional);
  conditional();
  form->addRow(ok_cancel(this));
}

Decision DecideDialog::decision() const {
  Decision d;
  d.to = static_cast<layers::ApplicationStatus>(m_to->currentData().toInt());
  d.reason = m_reason->toPlainText().toStdString();
  for (int i = 0; i < m_rules->count(); ++i)
    if (m_rules->item(i)->checkState() == Qt::Checked)
      d.rules.push_back(m_rules->item(i)->text().toStdString());
  if (m_conditions->isEnabled()) d.conditions = m_conditions->toPlainText().toStdString();
  return d;
}

ApplicationFormDialog::ApplicationFormDialog(const layers::Layer& project,
                                             const std::string& zone_id, bool zone_fixed,
                                             QWidget* parent)
    : QDialog(parent), m_project(project) {
  setWindowTitle(tr("New application"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(
      new QLabel(tr("Project read from %1").arg(QString::fromStdString(project.source))));
  auto* form = new QFormLayout;
  const auto& t = project.attributes;
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    auto* edit = new QLineEdit(t.row_count() > 0 && !t.null_at(0, c)
                                   ? QString::fromStdString(layers::as_text(t.get(0, c)))
                                   : QString());
    const auto& col = t.column(c);
    form->addRow(
        QString::fromStdString(col.unit.empty() ? col.name : col.name + " (" + col.unit + ")"),
        edit);
    m_fields.push_back(edit);
  }
  m_zone = new QLineEdit(QString::fromStdString(zone_id));
  m_zone->setReadOnly(zone_fixed);  // a zone office files for its own zone only
  form->addRow(tr("Zone"), m_zone);
  layout->addLayout(form);
  layout->addWidget(ok_cancel(this));
}

layers::Application ApplicationFormDialog::application() const {
  std::vector<std::string> values;
  for (const QLineEdit* e : m_fields) values.push_back(e->text().toStdString());
  return project_application(m_project, values, m_zone->text().trimmed().toStdString());
}

}  // namespace hubland::desk

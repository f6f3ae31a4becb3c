// MainWindow's Applications dock (the workspace's applications and their workflow) and
// File > Open PostGIS workspace… (a login form that builds the postgresql:// URL).
#include <QDockWidget>
#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>

#include "applications_panel.hpp"
#include "dialogs.hpp"
#include "hubland/desk/application_checks.hpp"
#include "hubland/error.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"

namespace hubland::desk {

void MainWindow::build_applications_dock() {
  m_applications = new ApplicationsPanel(m_language, this);
  m_applications_dock = new QDockWidget(tr("Applications"), this);
  m_applications_dock->setObjectName(QStringLiteral("applications"));
  m_applications_dock->setWidget(m_applications);
  addDockWidget(Qt::BottomDockWidgetArea, m_applications_dock);
  if (auto* table = findChild<QDockWidget*>(QStringLiteral("table")))
    tabifyDockWidget(table, m_applications_dock);
  m_applications_dock->hide();  // shown when a workspace is open
  connect(m_applications, &ApplicationsPanel::show_site, this,
          [this](const map::Bounds& b) { m_canvas->zoom_to(b); });
  connect(m_applications, &ApplicationsPanel::status_message, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(m_applications, &ApplicationsPanel::open_justification, this,
          &MainWindow::write_application_report);
}

void MainWindow::show_applications() {
  if (!m_session || m_session->workspace().empty()) {
    m_applications->set_workspace({}, {}, 0);
    m_applications_dock->hide();
    return;
  }
  m_applications->set_workspace(m_session->workspace(), m_session->ruleset_source().rule_ids,
                                m_session->inputs().working_epsg);
  m_applications_dock->show();
  if (m_table_dock) m_table_dock->raise();  // the attribute table stays in front
}

void MainWindow::write_application_report(qint64 id) {
  if (!m_session || m_session->workspace().empty() || m_job) return;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the report"));
  if (dir.isEmpty()) return;
  const std::string ws = m_session->workspace();
  auto pdf = std::make_shared<std::string>();
  const auto lang = m_language == Language::Chinese ? report::Language::Zh : report::Language::En;
  auto* job = new Job(
      tr("Report of application %1").arg(id),
      [ws, id, lang, dir, pdf](JobContext&) {
        // `hubland report WS --application ID`'s report, through its own connection.
        const auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
        *pdf = desk::write_application_report(w, id, lang, dir.toStdString());
      },
      this);
  connect(job, &Job::finished, this, [this, pdf](bool ok, const QString&) {
    if (ok)
      statusBar()->showMessage(tr("Report written: %1").arg(QString::fromStdString(*pdf)), 15000);
  });
  start_job(job);
}

void MainWindow::open_postgis() {
  PostgresLoginDialog dialog(this);
  while (dialog.exec() == QDialog::Accepted) {
    try {
      open_analysis(postgres_url(dialog.login()));
      return;
    } catch (const Error& e) {
      show_error(QString::fromStdString(e.what()));  // the form stays open to fix the field
    }
  }
}

}  // namespace hubland::desk

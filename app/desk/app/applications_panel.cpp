#include "applications_panel.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "dialogs.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/reader.hpp"

namespace hubland::desk {

using layers::ApplicationStatus;

namespace {

bool dialogs_allowed() {
  return !qEnvironmentVariableIsSet("HUBLAND_DESK_NO_DIALOGS");
}

constexpr ApplicationStatus kStatuses[] = {ApplicationStatus::Draft,
                                           ApplicationStatus::Submitted,
                                           ApplicationStatus::UnderReview,
                                           ApplicationStatus::Approved,
                                           ApplicationStatus::ApprovedWithConditions,
                                           ApplicationStatus::Rejected,
                                           ApplicationStatus::Withdrawn};

}  // namespace

ApplicationsPanel::ApplicationsPanel(Language language, QWidget* parent)
    : QWidget(parent), m_language(language) {
  m_model = new ApplicationsModel(language, this);
  m_controller = new ApplicationsController(m_model, this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  m_filter = new QComboBox;
  bar->addWidget(m_filter);
  m_reload = new QPushButton;
  bar->addWidget(m_reload);
  m_actor = new QLabel;
  bar->addWidget(m_actor, 1);
  layout->addLayout(bar);

  m_table = new QTableView;
  m_table->setModel(m_model);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(20);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setContextMenuPolicy(Qt::CustomContextMenu);
  layout->addWidget(m_table, 1);

  auto* buttons = new QHBoxLayout;
  for (QPushButton** b :
       {&m_new, &m_check, &m_submit, &m_withdraw, &m_review, &m_decide, &m_zoom}) {
    *b = new QPushButton;
    buttons->addWidget(*b);
  }
  buttons->addStretch(1);
  layout->addLayout(buttons);

  connect(m_filter, &QComboBox::activated, this, [this](int i) {
    const int s = m_filter->itemData(i).toInt();
    m_model->set_status_filter(s < 0 ? std::nullopt
                                     : std::optional(static_cast<ApplicationStatus>(s)));
    update_buttons();
  });
  connect(m_reload, &QPushButton::clicked, m_controller, &ApplicationsController::reload);
  connect(m_new, &QPushButton::clicked, this, &ApplicationsPanel::new_application);
  connect(m_check, &QPushButton::clicked, this, &ApplicationsPanel::check);
  connect(m_submit, &QPushButton::clicked, this, &ApplicationsPanel::submit);
  connect(m_withdraw, &QPushButton::clicked, this, &ApplicationsPanel::withdraw);
  connect(m_review, &QPushButton::clicked, this, &ApplicationsPanel::review);
  connect(m_decide, &QPushButton::clicked, this, &ApplicationsPanel::decide);
  connect(m_zoom, &QPushButton::clicked, this, &ApplicationsPanel::zoom_to_current);
  connect(m_table, &QTableView::doubleClicked, this, &ApplicationsPanel::zoom_to_current);
  connect(m_table, &QTableView::customContextMenuRequested, this, &ApplicationsPanel::context_menu);
  connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &ApplicationsPanel::update_buttons);
  connect(m_model, &QAbstractItemModel::modelReset, this, &ApplicationsPanel::update_buttons);
  connect(m_controller, &ApplicationsController::busy_changed, this,
          &ApplicationsPanel::update_buttons);
  connect(m_controller, &ApplicationsController::done, this, &ApplicationsPanel::status_message);
  connect(m_controller, &ApplicationsController::checked, this, [this](const QString& summary) {
    emit status_message(summary);
    if (dialogs_allowed()) QMessageBox::information(this, tr("Checks"), summary);
  });
  connect(m_controller, &ApplicationsController::failed, this, &ApplicationsPanel::report);
  connect(m_controller, &ApplicationsController::conflict, this, [this](const QString& message) {
    emit status_message(message);
    if (dialogs_allowed())
      QMessageBox::warning(this, tr("Changed by someone else"),
                           message + QStringLiteral("\n\n") +
                               tr("The list has been reloaded; check the application again."));
  });
  retranslate(language);
}

void ApplicationsPanel::set_workspace(const std::string& path_or_url,
                                      std::vector<std::string> rule_ids, int working_epsg) {
  m_rule_ids = std::move(rule_ids);
  m_epsg = working_epsg;
  m_controller->set_workspace(path_or_url);
  update_buttons();
}

void ApplicationsPanel::retranslate(Language language) {
  m_language = language;
  m_model->set_language(language);
  const int current = m_filter->currentIndex();
  m_filter->clear();
  m_filter->addItem(tr("All statuses"), -1);
  for (ApplicationStatus s : kStatuses)
    m_filter->addItem(ApplicationsModel::status_text(s, language), static_cast<int>(s));
  m_filter->setCurrentIndex(current < 0 ? 0 : current);
  m_reload->setText(tr("Reload"));
  m_new->setText(tr("New application…"));
  m_check->setText(tr("Check"));
  m_check->setToolTip(
      tr("Eligibility, expected rank and quota charged against the "
         "workspace's newest run; nothing is stored"));
  m_submit->setText(tr("Submit"));
  m_withdraw->setText(tr("Withdraw"));
  m_review->setText(tr("Take under review"));
  m_decide->setText(tr("Decide…"));
  m_zoom->setText(tr("Show on map"));
  update_buttons();
}

const layers::Application* ApplicationsPanel::current() const {
  const QModelIndexList rows = m_table->selectionModel()->selectedRows();
  return rows.isEmpty() ? nullptr : m_model->at(rows.first().row());
}

void ApplicationsPanel::update_buttons() {
  const auto& actor = m_controller->actor();
  const bool idle = !m_controller->busy() && actor.has_value();
  if (!actor)
    m_actor->clear();
  else if (actor->actor == layers::Actor::Office)
    m_actor->setText(
        tr("%1, zone office %2")
            .arg(QString::fromStdString(actor->login), QString::fromStdString(actor->zone_id)));
  else
    m_actor->setText(tr("%1, bureau").arg(QString::fromStdString(actor->login)));
  const layers::Application* a = current();
  const ApplicationActions can = a && actor ? allowed_actions(*a, *actor) : ApplicationActions{};
  // SpatiaLite: one user acts as office and bureau, so both sets of steps are offered.
  m_new->setEnabled(idle);
  m_check->setEnabled(idle && a != nullptr);
  m_submit->setEnabled(idle && can.submit);
  m_withdraw->setEnabled(idle && can.withdraw);
  m_review->setEnabled(idle && can.review);
  m_decide->setEnabled(idle && can.decide);
  m_zoom->setEnabled(a && !a->subject.geometry.empty());
  m_reload->setEnabled(!m_controller->busy() && !m_controller->workspace().empty());
}

void ApplicationsPanel::report(const QString& message) {
  emit status_message(message);
  if (dialogs_allowed()) QMessageBox::warning(this, tr("Applications"), message);
}

void ApplicationsPanel::context_menu(const QPoint& pos) {
  const layers::Application* a = current();
  if (!a) return;
  QMenu menu(this);
  menu.addAction(tr("Show on map"), this, &ApplicationsPanel::zoom_to_current)
      ->setEnabled(m_zoom->isEnabled());
  const qint64 id = a->id;
  menu.addAction(tr("Open justification"), this, [this, id] { emit open_justification(id); });
  menu.addSeparator();
  for (QPushButton* b : {m_check, m_submit, m_withdraw, m_review, m_decide})
    menu.addAction(b->text(), b, &QPushButton::click)->setEnabled(b->isEnabled());
  menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void ApplicationsPanel::zoom_to_current() {
  const layers::Application* a = current();
  if (!a) return;
  try {
    const map::Bounds b = site_bounds(*a, m_epsg);
    if (!b.empty) emit show_site(b);
  } catch (const Error& e) {
    report(QString::fromStdString(e.what()));
  }
}

void ApplicationsPanel::new_application() {
  const auto& actor = m_controller->actor();
  if (!actor) return;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Project of the new application"), QString(),
      tr("Vector files (*.gpkg *.geojson *.json *.shp *.kml);;All files (*)"));
  if (path.isEmpty()) return;
  try {
    // One small file of one feature: read here, the database write goes to a Job.
    layers::ImportReport import;
    layers::ReadOptions options;
    if (m_epsg > 0) options.working_epsg = m_epsg;
    layers::Layer project =
        layers::read_layer(path.toStdString(), layers::Role::Projects, options, import);
    std::string zone = actor->zone_id;
    if (const auto c = project.attributes.find("zone_id"); zone.empty() && c &&
                                                           project.attributes.row_count() > 0 &&
                                                           !project.attributes.null_at(0, *c))
      zone = layers::as_text(project.attributes.get(0, *c));
    ApplicationFormDialog form(project, zone, actor->actor == layers::Actor::Office, this);
    while (form.exec() == QDialog::Accepted) {
      try {
        m_controller->file(form.application());
        return;
      } catch (const Error& e) {
        report(QString::fromStdString(e.what()));  // the form stays open to fix the field
      }
    }
  } catch (const Error& e) {
    report(QString::fromStdString(e.what()));
  }
}

void ApplicationsPanel::check() {
  if (const layers::Application* a = current()) m_controller->check(a->id);
}

void ApplicationsPanel::move_current(ApplicationStatus to, const std::string& reason) {
  const layers::Application* a = current();
  if (!a) return;
  layers::StatusChange change;
  change.to = to;
  change.reason = reason;
  m_controller->change_status(a->id, change);
}

void ApplicationsPanel::submit() {
  move_current(ApplicationStatus::Submitted);
}

void ApplicationsPanel::withdraw() {
  const layers::Application* a = current();
  if (!a) return;
  bool ok = false;
  const QString reason = QInputDialog::getText(this, tr("Withdraw application %1").arg(a->id),
                                               tr("Reason"), QLineEdit::Normal, {}, &ok);
  if (!ok) return;
  move_current(ApplicationStatus::Withdrawn, reason.toStdString());
}

void ApplicationsPanel::review() {
  move_current(ApplicationStatus::UnderReview);
}

void ApplicationsPanel::decide() {
  const layers::Application* a = current();
  if (!a) return;
  const std::int64_t id = a->id;
  DecideDialog dialog(id, m_rule_ids, this);
  while (dialog.exec() == QDialog::Accepted) {
    try {
      m_controller->change_status(id, decision_change(dialog.decision()));
      return;
    } catch (const Error& e) {
      report(QString::fromStdString(e.what()));  // e.g. no reason: the dialog stays open
    }
  }
}

}  // namespace hubland::desk

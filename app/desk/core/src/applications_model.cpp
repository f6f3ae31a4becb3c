#include "hubland/desk/applications_model.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

#include "hubland/desk/application_checks.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/workspace.hpp"

namespace hubland::desk {

using layers::Application;
using layers::ApplicationStatus;

ApplicationsModel::ApplicationsModel(Language language, QObject* parent)
    : QAbstractTableModel(parent), m_language(language) {}

void ApplicationsModel::set_applications(std::vector<Application> applications) {
  beginResetModel();
  m_all = std::move(applications);
  std::sort(m_all.begin(), m_all.end(),
            [](const Application& a, const Application& b) { return a.id < b.id; });
  refilter();
  endResetModel();
}

void ApplicationsModel::set_status_filter(std::optional<ApplicationStatus> status) {
  beginResetModel();
  m_filter = status;
  refilter();
  endResetModel();
}

void ApplicationsModel::set_language(Language language) {
  m_language = language;
  if (!m_rows.empty())
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ApplicationsModel::refilter() {
  m_rows.clear();
  for (std::size_t i = 0; i < m_all.size(); ++i)
    if (!m_filter || m_all[i].status == *m_filter) m_rows.push_back(i);
}

QString ApplicationsModel::status_text(ApplicationStatus status, Language language) {
  return QString::fromUtf8(language == Language::Chinese ? layers::status_name_zh(status)
                                                         : layers::to_string(status));
}

const Application* ApplicationsModel::at(int row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()) return nullptr;
  return &m_all[m_rows[static_cast<std::size_t>(row)]];
}

const Application* ApplicationsModel::find(std::int64_t id) const {
  for (const auto& a : m_all)
    if (a.id == id) return &a;
  return nullptr;
}

int ApplicationsModel::row_of(std::int64_t id) const {
  for (std::size_t r = 0; r < m_rows.size(); ++r)
    if (m_all[m_rows[r]].id == id) return static_cast<int>(r);
  return -1;
}

int ApplicationsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ApplicationsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApplicationsModel::data(const QModelIndex& index, int role) const {
  const Application* a = at(index.row());
  if (!a) return {};
  if (role == kIdRole) return QVariant::fromValue<qlonglong>(a->id);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Id:
      return QVariant::fromValue<qlonglong>(a->id);
    case Kind:
      return QString::fromLatin1(layers::to_string(a->kind));
    case Subject:
      return QString::fromStdString(a->subject_id);
    case Zone:
      return QString::fromStdString(a->zone_id);
    case Status:
      return status_text(a->status, m_language);
    case Updated:
      return QString::fromStdString(a->updated_utc.empty() ? a->filed_utc : a->updated_utc);
  }
  return {};
}

QVariant ApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Id:
      return tr("Id");
    case Kind:
      return tr("Kind");
    case Subject:
      return tr("Subject");
    case Zone:
      return tr("Zone");
    case Status:
      return tr("Status");
    case Updated:
      return tr("Updated");
  }
  return {};
}

layers::StatusChange decision_change(const Decision& d) {
  if (d.to != ApplicationStatus::Approved && d.to != ApplicationStatus::ApprovedWithConditions &&
      d.to != ApplicationStatus::Rejected)
    throw Error(ErrorKind::BadInput,
                std::string("decision: '") + layers::to_string(d.to) +
                    "' is not a decision (approved, approved_with_conditions or rejected)");
  if (d.reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::BadInput, "decision: the reason is empty");
  const bool conditional = d.to == ApplicationStatus::ApprovedWithConditions;
  const bool has_conditions = d.conditions.find_first_not_of(" \t\r\n") != std::string::npos;
  if (conditional && !has_conditions)
    throw Error(ErrorKind::BadInput,
                "decision: approved_with_conditions needs the conditions (field conditions)");
  if (!conditional && has_conditions)
    throw Error(ErrorKind::BadInput, std::string("decision: conditions given for '") +
                                         layers::to_string(d.to) +
                                         "'; only approved_with_conditions has conditions");
  layers::StatusChange c;
  c.to = d.to;
  c.reason = d.reason;
  c.rules = d.rules;
  c.conditions = d.conditions;
  return c;
}

layers::Application project_application(const layers::Layer& project,
                                        const std::vector<std::string>& values,
                                        const std::string& zone_id) {
  const auto& t = project.attributes;
  const auto id_col = t.find("project_id");
  const std::string feature = id_col && t.row_count() == 1 && !t.null_at(0, *id_col)
                                  ? layers::as_text(t.get(0, *id_col))
                                  : std::string("fid 0");
  auto bad = [&](const std::string& field, const std::string& what) {
    return Error(ErrorKind::BadInput, "new application: " + what,
                 Where{.file = project.source, .feature = feature, .field = field});
  };
  if (t.row_count() != 1 || project.geometry.size() != 1)
    throw Error(ErrorKind::BadInput,
                "new application: the file holds " + std::to_string(t.row_count()) +
                    " project features; it must hold exactly one",
                Where{.file = project.source});
  if (values.size() != t.column_count())
    throw Error(ErrorKind::Internal, "new application: one value per column expected");
  layers::Application a;
  a.kind = layers::ApplicationKind::Project;
  a.subject = project;
  auto& out = a.subject.attributes;
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    const std::string& name = t.column(c).name;
    const std::string& text = values[c];
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
      out.set(0, c, std::monostate{});
      continue;
    }
    const std::string v = text.substr(first, text.find_last_not_of(" \t") - first + 1);
    switch (t.column(c).type) {
      case layers::FieldType::Text:
        out.set(0, c, v);
        break;
      case layers::FieldType::Integer: {
        std::int64_t n = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size())
          throw bad(name, "'" + v + "' is not a whole number");
        out.set(0, c, n);
        break;
      }
      case layers::FieldType::Real: {
        double x = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), x);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(x))
          throw bad(name, "'" + v + "' is not a number");
        out.set(0, c, x);
        break;
      }
    }
  }
  if (!id_col || out.null_at(0, *id_col)) throw bad("project_id", "the project id is empty");
  a.subject_id = layers::as_text(out.get(0, *id_col));
  if (zone_id.find_first_not_of(" \t") == std::string::npos)
    throw bad("zone_id", "the zone is empty");
  a.zone_id = zone_id;
  return a;
}

ApplicationActions allowed_actions(const Application& a, const layers::WorkspaceActor& who) {
  auto may = [&](ApplicationStatus to) {
    return layers::transition_allowed(a.status, to, who.actor);
  };
  ApplicationActions out;
  out.submit = may(ApplicationStatus::Submitted);
  out.withdraw = may(ApplicationStatus::Withdrawn);
  out.review = may(ApplicationStatus::UnderReview);
  // A decision on a submitted application takes it under review first (as `hubland decide`).
  out.decide = may(ApplicationStatus::Approved) ||
               (out.review && layers::transition_allowed(ApplicationStatus::UnderReview,
                                                         ApplicationStatus::Approved, who.actor));
  return out;
}

map::Bounds site_bounds(const Application& a, int working_epsg) {
  map::Bounds b;
  geo::Envelope env;
  for (const auto& wkb : a.subject.geometry)
    if (!wkb.empty()) env.expand(geo::envelope(geo::from_wkb(wkb).get()));
  if (env.empty) return b;
  if (working_epsg > 0 && a.subject.epsg > 0 && working_epsg != a.subject.epsg)
    env = geo::Transformer("EPSG:" + std::to_string(a.subject.epsg),
                           "EPSG:" + std::to_string(working_epsg))
              .transform_bounds(env);
  b.expand(env.min_x, env.min_y);
  b.expand(env.max_x, env.max_y);
  return b;
}

// ---- Controller

ApplicationsController::ApplicationsController(ApplicationsModel* model, QObject* parent)
    : QObject(parent), m_model(model) {}

ApplicationsController::~ApplicationsController() = default;  // a running job is a child

void ApplicationsController::set_workspace(const std::string& path_or_url) {
  m_workspace = path_or_url;
  m_actor.reset();
  m_model->set_applications({});
  if (!m_workspace.empty()) {
    if (busy())
      m_reload_after = true;
    else
      reload();
  }
}

bool ApplicationsController::start(Job* job) {
  m_job = job;
  emit busy_changed(true);
  job->start();
  return true;
}

bool ApplicationsController::reload() {
  if (busy() || m_workspace.empty()) return false;
  struct Loaded {
    layers::WorkspaceActor actor;
    std::vector<Application> list;
  };
  auto loaded = std::make_shared<Loaded>();
  const std::string ws = m_workspace;
  auto* job = new Job(
      tr("Loading applications"),
      [ws, loaded](JobContext&) {
        const auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
        loaded->actor = w.actor();
        loaded->list = w.applications();
      },
      this);
  connect(job, &Job::finished, this, [this, job, loaded, ws](bool ok, const QString& message) {
    job->deleteLater();
    m_job = nullptr;
    if (ws == m_workspace) {
      if (ok) {
        m_actor = loaded->actor;
        m_model->set_applications(std::move(loaded->list));
        emit reloaded();
      } else {
        emit failed(message);
      }
    }
    emit busy_changed(false);
    if (m_reload_after) {
      m_reload_after = false;
      reload();
    }
  });
  return start(job);
}

namespace {

// One write of the workflow on a worker thread; a Conflict is kept apart from other errors.
struct WriteResult {
  std::string conflict;
  std::string done;
};

}  // namespace

bool ApplicationsController::file(Application a) {
  if (busy() || m_workspace.empty()) return false;
  auto result = std::make_shared<WriteResult>();
  const std::string ws = m_workspace;
  auto* job = new Job(
      tr("Filing application"),
      [ws, a = std::move(a), result](JobContext&) {
        auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
        const std::int64_t id = w.file_application(a);
        result->done = "application " + std::to_string(id) + ": draft";
      },
      this);
  connect(job, &Job::finished, this, [this, job, result](bool ok, const QString& message) {
    job->deleteLater();
    m_job = nullptr;
    emit busy_changed(false);
    reload();  // started before any message box of the receivers
    if (ok)
      emit done(QString::fromStdString(result->done));
    else
      emit failed(message);
  });
  return start(job);
}

bool ApplicationsController::change_status(std::int64_t id, const layers::StatusChange& change) {
  if (busy() || m_workspace.empty()) return false;
  const Application* a = m_model->find(id);
  if (!a) {
    emit failed(tr("Application %1 is not in the list.").arg(id));
    return false;
  }
  const std::int64_t version = a->version;  // the version the user saw
  auto result = std::make_shared<WriteResult>();
  const std::string ws = m_workspace;
  auto* job = new Job(
      tr("Application %1").arg(id),
      [ws, id, version, change, result](JobContext&) {
        auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
        try {
          const Application after = change_status_with_checks(w, id, version, change);
          result->done =
              "application " + std::to_string(id) + ": " + layers::to_string(after.status);
        } catch (const Error& e) {
          if (e.kind() != ErrorKind::Conflict) throw;
          result->conflict = e.what();
        }
      },
      this);
  connect(job, &Job::finished, this, [this, job, result](bool ok, const QString& message) {
    job->deleteLater();
    m_job = nullptr;
    emit busy_changed(false);
    reload();  // the stored state, whatever happened; before any message box of the receivers
    if (!ok)
      emit failed(message);
    else if (!result->conflict.empty())
      emit conflict(QString::fromStdString(result->conflict));
    else
      emit done(QString::fromStdString(result->done));
  });
  return start(job);
}

bool ApplicationsController::check(std::int64_t id) {
  if (busy() || m_workspace.empty()) return false;
  const Application* a = m_model->find(id);
  if (!a) return false;
  auto summary = std::make_shared<QString>();
  const std::string ws = m_workspace;
  const Language language = m_model->language();
  auto* job = new Job(
      tr("Checking application %1").arg(id),
      [ws, a = *a, summary, language](JobContext&) {
        const auto w = layers::Workspace::open(ws, layers::OpenMode::MustExist);
        *summary = checks_summary(check_application(w, a), language);
      },
      this);
  connect(job, &Job::finished, this, [this, job, summary](bool ok, const QString& message) {
    job->deleteLater();
    m_job = nullptr;
    emit busy_changed(false);
    if (ok)
      emit checked(*summary);
    else
      emit failed(message);
  });
  return start(job);
}

bool ApplicationsController::wait_idle(int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < timeout_ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!busy()) {
      QCoreApplication::processEvents();
      if (!busy()) return true;
    }
    QThread::msleep(5);
  }
  return false;
}

}  // namespace hubland::desk

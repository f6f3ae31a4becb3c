#pragma once
// The Applications panel's data (docs/desk.md "Applications"): the table model of the
// workspace's applications (id, kind, subject, zone, status, updated; filter by status) and the
// controller that does every database step of the workflow — load, file, submit, review,
// decide, withdraw — in Jobs, each through its own Workspace connection. A stale version
// (ErrorKind::Conflict) is reported by conflict() with the workspace's message, and the list is
// reloaded. No widgets here: the panel (app/applications_panel.*) only shows and asks.

#include <QAbstractTableModel>
#include <QObject>
#include <QPointer>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hubland/desk/identify.hpp"
#include "hubland/desk/job.hpp"
#include "hubland/layers/applications.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::desk {

class ApplicationsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Id, Kind, Subject, Zone, Status, Updated, ColumnCount };
  /// Qt::UserRole of any column: the application id (qlonglong).
  static constexpr int kIdRole = Qt::UserRole;

  explicit ApplicationsModel(Language language, QObject* parent = nullptr);

  /// Replaces the list (by id, as Workspace::applications returns it); the filter stays.
  void set_applications(std::vector<layers::Application> applications);
  /// Show only one status (nullopt: all).
  void set_status_filter(std::optional<layers::ApplicationStatus> status);
  std::optional<layers::ApplicationStatus> status_filter() const noexcept { return m_filter; }
  /// Status names follow the language: status_name_zh in Chinese, the stored name in English.
  void set_language(Language language);
  Language language() const noexcept { return m_language; }
  /// The status as the UI shows it.
  static QString status_text(layers::ApplicationStatus status, Language language);

  /// The application shown in `row` (nullptr when out of range).
  const layers::Application* at(int row) const;
  /// Any loaded application (filtered out or not) by id.
  const layers::Application* find(std::int64_t id) const;
  /// Row of an id in the filtered view, -1 when not shown.
  int row_of(std::int64_t id) const;
  std::size_t loaded() const noexcept { return m_all.size(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  void refilter();
  Language m_language;
  std::vector<layers::Application> m_all;
  std::vector<std::size_t> m_rows;  // indices into m_all shown, in id order
  std::optional<layers::ApplicationStatus> m_filter;
};

/// A decision of the bureau as the Decide dialog asks for it.
struct Decision {
  layers::ApplicationStatus to = layers::ApplicationStatus::Approved;  ///< a final decision
  std::string reason;
  std::vector<std::string> rules;
  std::string conditions;  ///< approved_with_conditions only
};
/// The StatusChange of a decision; Error(BadInput) naming the field when it is incomplete (a
/// decision that is not approve / conditional / reject, no reason, conditions missing for a
/// conditional approval or given for another decision).
layers::StatusChange decision_change(const Decision& d);

/// A project application from a project read from a file (layer.source names it) with the
/// form's text per attribute column ("" = null; Integer and Real columns parsed) and its zone.
/// Error(BadInput) naming the file, the feature and the field when the layer is not exactly one
/// feature, a number does not parse, project_id or the zone is empty.
layers::Application project_application(const layers::Layer& project,
                                        const std::vector<std::string>& values,
                                        const std::string& zone_id);

/// What the actor of a workspace may do to an application now (kTransitions).
struct ApplicationActions {
  bool submit = false, withdraw = false, review = false, decide = false;
};
ApplicationActions allowed_actions(const layers::Application& a, const layers::WorkspaceActor& who);

/// The site of an application's subject (its geometry's bounds) in EPSG `working_epsg`; empty
/// when the subject has no geometry (a conversion request).
map::Bounds site_bounds(const layers::Application& a, int working_epsg);

class ApplicationsController : public QObject {
  Q_OBJECT
 public:
  explicit ApplicationsController(ApplicationsModel* model, QObject* parent = nullptr);
  ~ApplicationsController() override;

  ApplicationsModel* model() const noexcept { return m_model; }
  /// The workspace the panel works on ("" closes it: empty list) and reloads.
  void set_workspace(const std::string& path_or_url);
  const std::string& workspace() const noexcept { return m_workspace; }
  /// Who this session is (known after the first load).
  const std::optional<layers::WorkspaceActor>& actor() const noexcept { return m_actor; }

  /// Each starts a Job; false when another one of this controller still runs (or no workspace).
  bool reload();
  /// Files `a` as a draft (Workspace::file_application).
  bool file(layers::Application a);
  /// Changes the status of a loaded application, naming the version it was loaded with; to
  /// submitted, under review or a decision with the checks computed now, as the CLI does
  /// (change_status_with_checks).
  bool change_status(std::int64_t id, const layers::StatusChange& change);
  /// Computes a loaded application's checks (eligibility, expected rank, quota charged)
  /// against the workspace's newest run without storing anything: checked(summary).
  bool check(std::int64_t id);
  bool busy() const noexcept { return m_job != nullptr; }
  /// Process events until no job runs (tests); false on timeout.
  bool wait_idle(int timeout_ms);

 signals:
  void reloaded();
  /// A write refused because someone changed the application first: the workspace's message.
  /// The list is reloaded right after.
  void conflict(const QString& message);
  /// Any other failure (the Error's message).
  void failed(const QString& message);
  /// A write done: "application N: STATUS" for the status bar.
  void done(const QString& message);
  void busy_changed(bool busy);
  /// check()'s result (checks_summary).
  void checked(const QString& summary);

 private:
  bool start(Job* job);
  ApplicationsModel* m_model;
  std::string m_workspace;
  std::optional<layers::WorkspaceActor> m_actor;
  QPointer<Job> m_job;
  bool m_reload_after = false;
};

}  // namespace hubland::desk

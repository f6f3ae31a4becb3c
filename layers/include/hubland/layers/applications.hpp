#pragma once
// Applications — how a zone office asks the bureau for land quota (a project) or for a change of
// land use (a conversion request), and how the bureau decides, in the workspace (docs/workflow.md).
//
// One vocabulary for the whole workflow: the statuses, who may move an application from which
// status to which (kTransitions), and what each step records. The backends enforce it in the
// database itself (triggers and, on PostGIS, row-level security), so a client that bypasses
// HubLand — psql, QGIS editing the table — is refused the same way:
//  - draft -> submitted -> under_review -> approved | approved_with_conditions | rejected, and
//    withdrawn from draft, submitted or under_review. Nothing is ever deleted.
//  - Content (the subject's attributes, site, zone) changes only while the application is a
//    draft; after submission an edit is refused by the database.
//  - Every change raises `version` by exactly one; a writer names the version it read and a
//    stale write is refused (ErrorKind::Conflict), never silently overwritten.
//  - Every change of status is an audit row (who, when, from -> to, reason, rule ids), written by
//    a database trigger.
//  - PostGIS: a zone office (hubland_zone_office member) sees, files and edits only its own
//    zone's applications and may submit and withdraw; only the bureau (hubland_bureau member or
//    the workspace owner) moves an application to under_review or decides it. SpatiaLite is one
//    user's file: that user acts as office and bureau.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/layers/layer.hpp"

namespace hubland::layers {

class Workspace;

enum class ApplicationKind { Project, Conversion };
/// "project" | "conversion".
const char* to_string(ApplicationKind k) noexcept;
std::optional<ApplicationKind> application_kind_from(std::string_view s) noexcept;

enum class ApplicationStatus {
  Draft,
  Submitted,
  UnderReview,
  Approved,
  ApprovedWithConditions,
  Rejected,
  Withdrawn,
};
/// "draft", "submitted", "under_review", "approved", "approved_with_conditions", "rejected",
/// "withdrawn" (stored in the database, printed by the CLI).
const char* to_string(ApplicationStatus s) noexcept;
std::optional<ApplicationStatus> application_status_from(std::string_view s) noexcept;
/// 草稿, 已提交, 审查中, 批准, 附条件批准, 不予批准, 已撤回.
const char* status_name_zh(ApplicationStatus s) noexcept;
/// True for approved, approved_with_conditions, rejected and withdrawn: nothing moves further.
bool is_final(ApplicationStatus s) noexcept;

enum class Actor { Office, Bureau };
const char* to_string(Actor a) noexcept;

struct Transition {
  ApplicationStatus from, to;
  Actor by;
};
/// Every allowed change of status and who may make it (draft -> draft is a content edit).
inline constexpr Transition kTransitions[] = {
    {ApplicationStatus::Draft, ApplicationStatus::Draft, Actor::Office},
    {ApplicationStatus::Draft, ApplicationStatus::Submitted, Actor::Office},
    {ApplicationStatus::Draft, ApplicationStatus::Withdrawn, Actor::Office},
    {ApplicationStatus::Submitted, ApplicationStatus::Withdrawn, Actor::Office},
    {ApplicationStatus::UnderReview, ApplicationStatus::Withdrawn, Actor::Office},
    {ApplicationStatus::Submitted, ApplicationStatus::UnderReview, Actor::Bureau},
    {ApplicationStatus::UnderReview, ApplicationStatus::Approved, Actor::Bureau},
    {ApplicationStatus::UnderReview, ApplicationStatus::ApprovedWithConditions, Actor::Bureau},
    {ApplicationStatus::UnderReview, ApplicationStatus::Rejected, Actor::Bureau},
};
/// True when kTransitions has (from, to) for `by`. The bureau may also do what an office may.
bool transition_allowed(ApplicationStatus from, ApplicationStatus to, Actor by) noexcept;

/// One application as stored.
struct Application {
  std::int64_t id = 0;  ///< assigned when filed
  ApplicationKind kind = ApplicationKind::Project;
  /// The project (Role::Projects: one feature, its site polygon and the projects schema's
  /// attributes) or the conversion request (Role::Conversions: one row, no geometry).
  Layer subject;
  std::string subject_id;  ///< project_id / request_id of the subject
  std::string zone_id;     ///< the zone office it belongs to
  ApplicationStatus status = ApplicationStatus::Draft;
  std::int64_t version = 0;  ///< 1 when filed, +1 on every change
  std::string filed_by, filed_utc;
  std::string updated_by, updated_utc;
  /// The checks computed for it at submission (JSON written by rules::check_application: facts,
  /// eligibility with reasons and clauses, rank and rank interval, quota it would be charged;
  /// or the conversion verdict), so a decision can be traced to what the office saw.
  std::string submission_json;
  /// The bureau's re-check on the data current at review (same form), "" before review.
  std::string review_json;
  std::string decision_reason;              ///< free text of the decision (or of a withdrawal)
  std::vector<std::string> decision_rules;  ///< rule ids the decision relies on
  std::string conditions;                   ///< conditions of approved_with_conditions
  std::string decided_by, decided_utc;
};

/// One audit row: a change of status (or a content edit, draft -> draft).
struct ApplicationEvent {
  std::int64_t id = 0;
  std::int64_t application = 0;
  std::int64_t version = 0;  ///< the application's version after the change
  std::string at_utc;
  std::string user;
  std::string from_status;  ///< "" for filing
  std::string to_status;
  std::string reason;
  std::vector<std::string> rules;
};

/// What the caller asks for with a change of status.
struct StatusChange {
  ApplicationStatus to = ApplicationStatus::Submitted;
  std::string reason;
  std::vector<std::string> rules;
  std::string conditions;
  /// Stored as submission_json (to submitted) or review_json (to under_review or a decision)
  /// when not empty.
  std::string checks_json;
};

/// Who this workspace session is: on PostGIS from the login's role memberships, on SpatiaLite
/// always the bureau (one user, who also files).
struct WorkspaceActor {
  Actor actor = Actor::Bureau;
  std::string login;    ///< database login, or $USER on SpatiaLite
  std::string zone_id;  ///< the office's zone ("" for the bureau)
};

}  // namespace hubland::layers

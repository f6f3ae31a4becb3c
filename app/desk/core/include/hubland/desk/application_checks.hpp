#pragma once
// The workspace steps of the Applications panel that need the engine, as the CLI does them
// (`hubland apply`, `decide`, `report --application`): an application's checks against the
// workspace's newest `hubland run` (rules::assess_application), stored with a submission and
// re-run by the bureau for a review or a decision, and the application's justification report.
// Each opens nothing itself but the workspace it is given; call them on a worker thread.

#include <QString>
#include <cstdint>
#include <string>

#include "hubland/desk/identify.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/report/report.hpp"
#include "hubland/rules/application_check.hpp"

namespace hubland::desk {

/// The checks of `a` against the workspace's newest completed `run` run. Throws Error (BadInput
/// when the workspace has no such run).
rules::ApplicationChecks check_application(const layers::Workspace& ws,
                                           const layers::Application& a);

/// One line for the panel: "PJ-1: eligible, rank 3 of 12 (3–5 under perturbed weights),
/// funded, 12.5 mu quota charged (basis run 1)", "PJ-1: not eligible (EL-TAX, EL-FAR)", or
/// "CR-1: conditional (…)" for a conversion request.
QString checks_summary(const rules::ApplicationChecks& checks, Language language);

/// A change of status as the CLI makes it: to submitted, under review or a decision the checks
/// are computed now (check_application) and stored with it (checks_json); a decision on a
/// submitted application first takes it under review (reason "checks re-run on run N").
/// `version` is the one the user saw: a stale one is refused (Error(Conflict)). Returns the
/// stored application after the change.
layers::Application change_status_with_checks(layers::Workspace& ws, std::int64_t id,
                                              std::int64_t version, layers::StatusChange change);

/// The justification of application `id` (report::write_application_report, what `hubland
/// report WS --application ID` writes) into out_dir; returns the PDF path. Throws Error.
std::string write_application_report(const layers::Workspace& ws, std::int64_t id,
                                     report::Language language, const std::string& out_dir);

}  // namespace hubland::desk

#pragma once
// The engine calls the desktop app makes, in one place: opening an analysis, running the
// stages (screening, conversion checks, ranking), exporting rows and writing a project's
// justification report. Each runs inside a Job (worker thread) and returns plain data the UI
// thread swaps in whole.

#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "hubland/desk/job.hpp"
#include "hubland/desk/session.hpp"
#include "hubland/report/report.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::desk {

/// What the ranking stage keeps for reports.
struct RankState {
  report::RankRun run;
};

/// Read an analysis file and all its inputs in the working CRS (layers::load_analysis +
/// layers::load_inputs). Throws Error.
Session open_analysis(const std::string& path, JobContext& context);

/// Read a workspace (*.hubland.sqlite or postgresql://): the newest completed dataset of each
/// role name ("parcels", "zones", ...) and of the stage tables ("facts", "findings", "grades",
/// "verdicts", "ranking") when present. The newest completed `run` run gives the session's
/// ruleset, as_of and quota_mu (so the stages run as that run did); session.workspace() is the
/// path. Throws Error (BadInput when it holds no layer).
Session open_workspace(const std::string& path_or_url, JobContext& context);

enum class Stage { Screening, Conversion, Ranking };
/// "" when the stage can run on this session, else why not (the disabled action's tooltip).
QString stage_unavailable_reason(const Session& session, Stage stage);
/// Run a stage (computing the parcel facts first when missing); returns the session's results
/// with this stage's tables replaced:
///  - Screening: facts, grades (parcel_id, score, grade, flags), screening findings.
///  - Conversion: facts, verdicts (request_id, verdict, conditions, failed_rules), findings.
///  - Ranking: ranking (rules::ranking_table: the columns and rows of `hubland rank`'s
///    ranking.csv), eligibility findings, rank_state. The 存量优先 overlap uses the parcels the
///    ruleset's screening flags, computed here when the screening stage has not run, so the
///    ranking is the CLI's either way. The zone caps: apply_zone_caps (zone_caps_basis).
/// Throws Error (Cancelled when the context was cancelled).
StageResults run_stage(const Session& session, Stage stage, JobContext& context);
/// The same with the ruleset already loaded (load_session_ruleset), no availability check.
StageResults run_stage(const Session& session, const rules::Ruleset& ruleset, Stage stage,
                       JobContext& context);

/// `[ranking] caps_from_evaluation` as the CLI applies it: rules::caps_for_ranking on `config`
/// with the session's workspace (none for an analysis file) and the analysis date. Returns the
/// summary line (where the caps came from).
std::string apply_zone_caps(const Session& session, const rules::Ruleset& ruleset,
                            rules::RankingConfig& config);

/// Write the justification report (HTML + PDF) of a project into out_dir; needs the ranking
/// stage. Returns the PDF path. Throws Error.
std::string write_project_report(const Session& session, const std::string& project_id,
                                 report::Language language, const std::string& out_dir);

/// Write rows of a role's attribute view (with geometry) to `path` with layers::export_table;
/// the format follows the suffix: .gpkg, .geojson, .shp (UTF-8, short-name map), .csv (UTF-8
/// with BOM, no geometry), .xlsx. Atomic.
/// Returns the number of features written. Throws Error.
std::size_t export_rows(const Session& session, Role role, const std::vector<std::size_t>& rows,
                        const std::string& path);

}  // namespace hubland::desk

#pragma once
// The checks of a zone office's application against a workspace (docs/workflow.md): what the
// office sees before it submits, what is stored with the application at submission, and what
// the bureau re-computes on the data current when it decides.
//
// The basis is the workspace's completed `hubland run` run of the latest analysis date (as_of;
// the newest of that date — a run of an earlier year stored later for the zone evaluation is not
// the basis): its stored layers (the
// analysis inputs in the working CRS), its ruleset (the file it recorded when that file still
// has the recorded SHA-256, else the ruleset text the workspace stored with the run), its date
// (as_of), quota and ring parameters. A project application is ranked among that run's
// projects (a project with the same project_id is replaced by the application's) through the
// one ranking stage every front end uses; a conversion request is checked among that run's
// requests against the parcel facts. Nothing here writes to the workspace.
//
// Failure modes: Error(BadInput) when the workspace has no completed `run` run, the run has no
// parcels (conversion) or projects basis it needs, or the application's subject is not one
// feature; Error(Rule) when the ruleset (file or stored text) does not load; Error(Io) when
// neither the ruleset file nor its stored text is available.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/analysis.hpp"
#include "hubland/layers/applications.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

/// Where the ruleset a run recorded is found: its file when that still has the recorded SHA-256
/// (or any content when the run recorded no SHA-256), else the text the workspace stored with
/// the run. The one rule the application checks, the desk's stages and its zones view follow.
struct RecordedRuleset {
  std::string path;                 ///< the path the run recorded ("" when none)
  std::optional<std::string> text;  ///< set when the file is not usable and the workspace has it
};
/// nullopt when neither the file nor the stored text is available.
std::optional<RecordedRuleset> find_recorded_ruleset(const layers::Workspace& ws,
                                                     const layers::RunInfo& info);

/// What a workspace's newest completed `run` run analysed, ready to run a stage again.
struct WorkspaceAnalysis {
  std::int64_t run = 0;           ///< the `run` run it comes from
  layers::AnalysisSpec spec;      ///< as_of, quota_mu, rings_km, isochrones_min, ... of that run
  layers::AnalysisInputs inputs;  ///< its stored layers (role-named datasets), working CRS
  Ruleset ruleset;
  /// Where the ruleset came from: "file <path>" or "workspace (ruleset stored with run N)".
  std::string ruleset_origin;
};

/// Loads the basis described above — or that of the completed `run` run `run` (the basis an
/// application's stored checks name, so a report shows what the decision saw). `on_step`
/// (optional) hears each dataset read. Error(BadInput) when `run` is not a completed `run` run.
WorkspaceAnalysis load_workspace_analysis(const layers::Workspace& ws,
                                          const StepCallback& on_step = {},
                                          std::optional<std::int64_t> run = {});

/// The checks of one application, as stored in Application::submission_json / review_json.
struct ApplicationChecks {
  std::string kind;  ///< "project" | "conversion"
  std::string subject_id;
  std::string checked_utc;     ///< when computed
  std::int64_t basis_run = 0;  ///< WorkspaceAnalysis::run
  std::string ruleset_id, ruleset_sha256, as_of;
  /// What the rules saw: the subject's facts row (project facts with the ranking's derived
  /// columns, or the request joined with its parcel's facts), one row.
  layers::Table facts;
  std::vector<Finding> findings;  ///< eligibility (project) or conversion rules (request)
  // Project applications.
  bool eligible = false;
  int rank = 0;                    ///< 1-based among the eligible projects; 0 when ineligible
  int ranked = 0;                  ///< number of eligible projects
  int rank_p05 = 0, rank_p95 = 0;  ///< rank interval under perturbed weights
  double funded_share = 0;
  double score = 0;
  std::string allocation;  ///< funded | waitlisted | ineligible
  double request_mu = 0;
  std::optional<double> new_land_mu;  ///< nullopt when the land survey cannot tell
  double quota_charged_mu = 0;        ///< only new construction land consumes quota
  bool quota_free = false;            ///< funded on existing construction land
  std::string allocation_reason_zh, allocation_reason_en;
  // Conversion applications.
  std::string verdict;  ///< approve | conditional | reject
  std::vector<std::string> conditions;

  std::string to_json() const;
  /// Error(BadInput) naming `what` when `json` is not checks written by to_json().
  static ApplicationChecks from_json(const std::string& json, const std::string& what);
  /// The ids of the rules among `findings` (for `decide --rule` validation and reports).
  std::vector<std::string> rule_ids() const;
};

/// A project application's ranking, kept for the justification report.
struct ApplicationAssessment {
  ApplicationChecks checks;
  /// Project applications: the stage over the basis's projects plus the application's; the
  /// inputs with that projects layer; the flagged parcel ids (存量优先). Empty for requests.
  RankingStage stage;
  layers::AnalysisInputs inputs;
  std::vector<std::string> flagged_parcel_ids;
};

/// Checks `application` against `basis`. Throws as described above.
ApplicationAssessment assess_application(const WorkspaceAnalysis& basis,
                                         const layers::Application& application,
                                         const StepCallback& on_step = {});

/// Every rule id of a ruleset: screening flags, conversion rules, eligibility rules.
std::vector<std::string> rule_ids(const Ruleset& ruleset);

/// A change of status with its checks, as the CLI and the desk make it: withdrawal as asked;
/// any other change re-runs assess_application on the workspace's basis and stores the result
/// with the change (submission_json when submitting, review_json otherwise); a decision on a
/// submitted application first records under_review ("checks re-run on run N", two audit rows).
/// Error(BadInput) when change.rules names a rule the basis's ruleset lacks; the Workspace's
/// errors otherwise (Conflict for a stale `expected_version`). Returns the stored application.
layers::Application change_status_checked(layers::Workspace& ws, std::int64_t id,
                                          std::int64_t expected_version,
                                          layers::StatusChange change,
                                          const StepCallback& on_step = {});

}  // namespace hubland::rules

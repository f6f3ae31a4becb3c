#pragma once
// Zone evaluation read from a workspace, and its consequence for the next year's quota: the one
// place `hubland evaluate`, `hubland rank` / `run` (caps_from_evaluation), the reports and the
// desktop get an evaluation from, so they all see the same years, zones and numbers.
//
// Evaluation years: a completed run of command `run` belongs to the year of its `as_of`
// parameter; when a year has several, the newest completed one wins. Failed or running runs and
// other commands are never read. Zones (name, type, polygon) come from the `zones` layer of the
// newest evaluated run.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/layer.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/evaluation.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

/// Evaluation year -> the newest completed `run` run whose as_of falls in it.
std::map<int, layers::RunRecord> evaluation_runs(const layers::Workspace& ws);

struct WorkspaceEvaluationRequest {
  std::optional<int> year;     ///< evaluate this year only (with `compare`, both)
  std::optional<int> compare;  ///< an earlier year for the change; alone: newest vs it
  std::optional<int> before;   ///< only years < before (the caps of a ranking as of `before`)
  std::string ruleset_path;    ///< "" = the ruleset the newest evaluated run recorded
};

struct WorkspaceEvaluation {
  Ruleset ruleset;
  std::vector<int> years;                         ///< ascending
  std::map<int, layers::RunRecord> runs;          ///< evaluated year -> its run
  std::vector<EvaluationZone> zones;              ///< from the zones layer (one per polygon)
  std::optional<layers::Layer> zone_layer;        ///< the newest evaluated run's zones
  std::vector<layers::Table> facts, grades;       ///< per year (grades empty: none stored)
  std::vector<layers::Table> rankings, projects;  ///< per year (empty: none stored)
  /// The grades and ranking of the workspace's year before the first one evaluated, if any.
  std::optional<layers::Table> grades_before, ranking_before;
  std::vector<std::string> as_of;  ///< per year, the run's analysis date

  /// The evaluate_zones() inputs of these years (pointing into this object).
  std::vector<EvaluationYear> inputs() const;
  std::vector<ZoneEvaluation> rows;  ///< evaluate_zones()
};

/// Evaluates the workspace's zones. Error(BadInput) naming the workspace when it has no
/// evaluation year (before `before`), a year asked has no run (the message lists the years
/// present), the newest run records no ruleset and none is given, or the ruleset has no
/// [evaluation].
WorkspaceEvaluation evaluate_workspace(const layers::Workspace& ws, const std::string& ws_name,
                                       const WorkspaceEvaluationRequest& request);

/// One zone's quota cap for the year after an evaluation ([evaluation.consequence]).
struct ZoneQuotaCap {
  std::string zone_id, zone_name, zone_type;
  int evaluated_year = 0;
  int for_year = 0;   ///< evaluated_year + 1
  std::string grade;  ///< "A".."D" or "-"
  std::optional<double> score;
  std::optional<double> base_cap_mu;  ///< nullopt: no base, the zone stays uncapped
  std::string
      base_source;  ///< "[ranking] zone_caps_mu" | "[evaluation.consequence] base_cap_mu" | ""
  double quota_change_share = 0;  ///< by grade; 0 for "-" or no consequence
  std::optional<double> cap_mu;   ///< base × (1 + share)
  std::string source;             ///< bilingual: how the cap was reached, for summaries and reports
};

/// The caps that the evaluation of `year` (rows of that year) sets for year + 1, one per zone
/// in row order. Without [evaluation.consequence] every share is 0 (caps = bases).
std::vector<ZoneQuotaCap> zone_quota_caps(const Ruleset& ruleset,
                                          const std::vector<ZoneEvaluation>& rows, int year);

/// zone_quota_caps.csv: zone_id, zone_name, zone_type, evaluated_year, for_year, grade, score,
/// base_cap_mu, base_source, quota_change_share, cap_mu, source.
layers::Table zone_quota_caps_table(const std::vector<ZoneQuotaCap>& caps);

/// What a ranking as of `as_of_year` takes from the workspace's evaluations.
struct EvaluationCaps {
  bool found = false;  ///< an evaluation year < as_of_year exists
  int evaluated_year = 0;
  std::int64_t run = 0;  ///< the evaluated year's run
  std::vector<ZoneQuotaCap> caps;
  std::string reason;  ///< when !found: why (bilingual)
};

/// The caps from the newest evaluation year before `as_of_year` in `ws` (evaluated with
/// `ruleset`, the ranking's own). Not found (no earlier year, or a ruleset without
/// [evaluation]) is not an error: `reason` says why.
EvaluationCaps evaluation_caps(const layers::Workspace& ws, const std::string& ws_name,
                               const Ruleset& ruleset, int as_of_year);

/// Applies `[ranking] caps_from_evaluation` to `config`: with caps found, every zone with a cap
/// takes it (zone_caps_mu replaced for those zones) and its source; without, the ruleset's
/// zone_caps_mu stand and their source says why no evaluation was used. Without
/// caps_from_evaluation, the sources say "[ranking] zone_caps_mu". Returns a one-line summary.
std::string apply_evaluation_caps(RankingConfig& config, const EvaluationCaps* caps);

/// caps_from_evaluation as every front end applies it: when config.caps_from_evaluation and
/// `ws` is given, evaluation_caps(ws, ruleset, year of `as_of_date` "YYYY-MM-DD"), then
/// apply_evaluation_caps. Returns apply_evaluation_caps' summary line.
std::string caps_for_ranking(RankingConfig& config, const Ruleset& ruleset,
                             const layers::Workspace* ws, const std::string& ws_name,
                             const std::string& as_of_date);

}  // namespace hubland::rules

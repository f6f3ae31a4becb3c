#pragma once
// Project ranking for priority land quota: the ruleset's soft criteria turned into a
// score per eligible project, and a deterministic rank order.
//
// Pipeline (formulas in docs/ranking.md):
//   facts (one row per project, docs/facts.md) + hub affinity ([affinity], add_hub_affinity)
//   -> raw criterion values (a column, or a read-only SQL expression over the facts)
//   -> normalised scores s_ij in benefit orientation (minmax | benchmark | rank), computed over
//      the eligible projects only
//   -> score: weighted sum  S_i = sum_j w_j s_ij / sum_j w_j
//             or TOPSIS     C_i = D-_i / (D+_i + D-_i) on v_ij = w_j s_ij / sum_j w_j
//   -> rank order: score descending, then the ruleset's tie-breaks, then project_id ascending.
// Eligibility is decided elsewhere (the rule evaluator's [[eligibility]] findings): a project
// with any Fail finding is ineligible, is not scored and gets no rank.
//
// The ranking block of a ruleset is Ruleset::ranking (ranking_config.hpp), compiled at load.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ranking_config.hpp"

namespace hubland::rules {

/// Adds (or overwrites) the real column hub_affinity: for each project, `match` (1.0) when the
/// site lies within catchment_km of a hub of one of its industry's preferred types
/// (AffinityConfig::preferred: the [[industry]] hub_types; a 2-digit code by prefix),
/// `elsewhere` when it does not, `default_value` when the industry has no preferred type.
/// Missing dist_T_m columns mean "not in that catchment". Does nothing without [affinity].
void add_hub_affinity(layers::Table& facts, const AffinityConfig& affinity);

/// 存量优先: overlap (m²) of each project site with the parcels the screening flagged — the
/// facts column on_low_efficiency_m2. Sites and parcels are WKB in the working CRS; an empty
/// site overlaps nothing. Parcels are assumed not to overlap each other (a parcel layer), so
/// the overlaps are summed. Envelope prefilter, then GEOS intersection areas.
std::vector<double> low_efficiency_overlap_m2(const std::vector<geo::Wkb>& sites,
                                              const std::vector<const geo::Wkb*>& flagged);

/// Raw criterion values: values[c][row] for criterion c and facts row; nullopt for null.
/// Expressions run through the one expression service (evaluate_values over `db`, under the
/// rules' guard), all in one pass. Throws Error(Rule) naming the criterion and its line for an
/// unknown column, a text column or an expression that gives text.
std::vector<std::vector<std::optional<double>>> evaluate_criteria(const FactsDb& db,
                                                                  const RankingConfig& config);

/// Normalised scores in benefit orientation of one criterion over the rows with include[i];
/// rows not included get 0. A missing (nullopt) value scores 0, the worst. See docs/ranking.md.
std::vector<double> normalise(const std::vector<std::optional<double>>& raw,
                              const std::vector<bool>& include, const Criterion& criterion);

/// The part of a ranking that does not depend on the weights: what the sensitivity analysis
/// re-scores under perturbed weights.
struct ScoringModel {
  RankMethod method = RankMethod::WeightedSum;
  std::vector<std::size_t> rows;  ///< facts rows of the eligible projects
  /// normalised[k][c]: score of eligible project k (rows[k]) on criterion c
  std::vector<std::vector<double>> normalised;
  std::vector<double> weights;  ///< as in the ruleset (not yet normalised)
  /// tie-break keys per eligible project, in TieBreak order, then project_id
  std::vector<std::vector<layers::Value>> tie_keys;
  std::vector<SortOrder> tie_orders;  ///< one per key (project_id: ascending)
};

/// Scores of the eligible projects under `weights` (same length as the criteria).
std::vector<double> score(const ScoringModel& model, const std::vector<double>& weights);
/// Positions k into model.rows, best first: score descending (scores equal to 1e-12 tie),
/// then the tie-break keys (nulls last), then project_id ascending. A total order.
std::vector<std::size_t> rank_order(const ScoringModel& model, const std::vector<double>& scores);

/// One criterion's part in a project's score.
struct CriterionScore {
  std::optional<double> raw;
  double normalised = 0.0;
  double weight = 0.0;        ///< normalised weight (sum 1)
  double contribution = 0.0;  ///< weight * normalised (weighted sum; TOPSIS shows the same)
};

/// The ranking of one project (one facts row).
struct ProjectRanking {
  std::string project_id;
  bool eligible = false;
  std::vector<Finding> failed;           ///< the eligibility findings that failed (ineligible only)
  std::vector<CriterionScore> criteria;  ///< eligible only; one per criterion
  double score = 0.0;                    ///< eligible only
  int rank = 0;                          ///< 1 = best; 0 when ineligible
};

struct Ranking {
  RankMethod method = RankMethod::WeightedSum;
  std::vector<ProjectRanking> projects;  ///< in facts row order
  std::vector<std::size_t> order;        ///< facts rows of eligible projects, best first
  ScoringModel model;
};

/// Rank the projects of `facts` (column project_id required). `eligibility` holds the
/// [[eligibility]] findings (subject_id = project_id); a project with a Fail is ineligible.
Ranking rank_projects(const FactsDb& db, const std::vector<Finding>& eligibility,
                      const RankingConfig& config);
/// The same over a bare project table (FactsDb of Subject::Project without a ruleset).
Ranking rank_projects(const layers::Table& facts, const std::vector<Finding>& eligibility,
                      const RankingConfig& config);

}  // namespace hubland::rules

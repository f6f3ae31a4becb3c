#pragma once
// Screening low-efficiency land: per parcel a 亩均 score and grade (A/B/C/D) from the
// ruleset's [screening] indicators, plus the [[screen]] flags with their reasons and clauses.
//
// Contract:
//  - score = 100 × Σ min(max(ratio, 0), ratio_cap) × weight ÷ Σ weight, over the indicators
//    whose value is known for the parcel; ratio = value ÷ benchmark (benefit indicators) or
//    benchmark ÷ value (cost indicators; a value ≤ 0 counts as ratio_cap). A parcel with no
//    known indicator, or outside [screening] applies, is not graded (grade "-", empty score).
//  - Percentile grading: rank = h + (t + 1) ÷ 2, with h graded parcels scoring strictly higher
//    and t parcels sharing the score (the mid-rank of the tie group); A when rank ÷ n ≤ A,
//    else B when ≤ B, else C when ≤ C, else D. Equal scores always share a grade.
//    Absolute grading: A when score ≥ A, B when ≥ B, C when ≥ C, else D.
//  - Every parcel of the facts appears exactly once in `grades`, in facts order.
//  - With [land_status] in the ruleset, every parcel gets land_status and disposal from its
//    flags (land_status_of), and the tallies count parcels and mu per status and disposal.
//  - Deterministic: the same facts and ruleset give the same result, byte for byte.
// Units: score is dimensionless (100 = every indicator at its benchmark).
// Failure modes: those of evaluate() and evaluate_values() (Error(Rule), Error(Internal)).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/table.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

struct GradeRow {
  std::string parcel_id;
  std::optional<double> score;
  std::string grade;               ///< "A".."D", or "-" when not graded
  std::vector<std::string> flags;  ///< ids of the [[screen]] rules flagged, in ruleset order
  std::string land_status;         ///< from [land_status]; "" when the ruleset has none
  std::string disposal;            ///< suggested disposal from [land_status]
};

/// Parcels and their area (mu; parcels without an area add 0) of one land status or disposal.
struct LandTally {
  std::size_t parcels = 0;
  double mu = 0;
};

struct ScreeningResult {
  std::vector<GradeRow> grades;
  /// Flag findings (and, with Keep::All, every pass and n/a), by parcel then rule.
  std::vector<Finding> findings;
  std::map<std::string, std::size_t> grade_counts;  ///< "A".."D", "-" (all keys present)
  std::map<std::string, std::size_t> flag_counts;   ///< every [[screen]] id (0 when none)
  std::size_t parcels_flagged = 0;
  bool has_land_status = false;                     ///< the ruleset has [land_status]
  std::map<std::string, LandTally> status_tally;    ///< every kLandStatuses key (0 when none)
  std::map<std::string, LandTally> disposal_tally;  ///< disposals that occur
};

/// Grades and flags every parcel of `parcels` (a FactsDb of Subject::Parcel).
ScreeningResult screen(const FactsDb& parcels, const Ruleset& ruleset, Keep keep = Keep::NonPass);

/// Land status and disposal of one parcel from its flags under `map` (the rules of
/// LandStatusMap): the strongest status, the disposal of its first mapped rule in file order.
std::pair<std::string, std::string> land_status_of(const std::vector<std::string>& flags,
                                                   const LandStatusMap& map);

/// grades.csv: parcel_id, score, grade, flags (';'-separated rule ids), and — when the ruleset
/// has [land_status] — land_status, disposal.
layers::Table grades_table(const ScreeningResult& result);

}  // namespace hubland::rules

#pragma once
// Screening low-efficiency land: a 亩均 score and grade (A/B/C/D) per enterprise (or per parcel
// without a credit code) from the ruleset's [screening] indicator sets, written to each parcel,
// plus the [[screen]] flags with their reasons and clauses.
//
// Contract:
//  - Evaluation units: a parcel takes the first [[screening.set]] (file order) whose applies
//    holds; parcels of one credit_code in one set form one unit (an enterprise), a parcel
//    without a credit code is a unit alone. A parcel in no set is not evaluated (grade "-").
//  - A unit's facts are its parcels' totals (area, tax, output, value added, energy,
//    employees, R&D, revenue, throughput, storage floor area; NULL when any parcel lacks the
//    value), the per-mu facts recomputed on them, operating_years the longest of its parcels,
//    other columns those of its first parcel. [screening] applies and the indicators run on
//    these totals; the unit's score, grade and note are written back to each of its parcels.
//  - score = 100 × Σ min(max(ratio, 0), ratio_cap) × weight ÷ Σ weight; ratio = value ÷
//    benchmark (benefit) or benchmark ÷ value (cost; a value ≤ 0 counts as ratio_cap). A
//    missing value: on_missing skip (left out, weights renormalised), zero (ratio 0), ungraded
//    (grade "pending"). Outside applies, or no value at all: grade "-", empty score.
//  - new_enterprise_years > 0: a unit with operating_years below it (0: not yet operating) gets
//    the ruleset's new_enterprise grade ("new", or a fixed "A".."D") and no score.
//  - Percentile grading within each grade group, one entry per scored unit: rank = h +
//    (t + 1) ÷ 2, with h units scoring strictly higher and t sharing the score; A when rank ÷ n
//    ≤ A, else B when ≤ B, else C when ≤ C, else D. Equal scores share a grade. Absolute
//    grading: A when score ≥ A, B when ≥ B, C when ≥ C, else D.
//  - grade_note says how the unit was evaluated (parcels totalled, values missing and what
//    that did, why not graded), "; "-separated, each part "zh / en".
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
  std::string grade;  ///< "A".."D", or a layers::kUngradedStates key ("pending", "new", "-")
  std::vector<std::string> flags;  ///< ids of the [[screen]] rules flagged, in ruleset order
  std::string land_status;         ///< from [land_status]; "" when the ruleset has none
  std::string disposal;            ///< suggested disposal from [land_status]
  std::string credit_code;         ///< the unit's credit code; "" for a parcel evaluated alone
  std::string evaluated_as;        ///< "enterprise", "parcel", or "" when in no set
  std::string grade_group;         ///< the set's grade group; "" when in no set
  std::string grade_note;          ///< how the unit was evaluated / why not graded
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
  /// Parcels per grade: kGrades and kUngradedStates keys, all present.
  std::map<std::string, std::size_t> grade_counts;
  std::size_t units = 0;        ///< evaluation units (enterprises and parcels evaluated alone)
  std::size_t enterprises = 0;  ///< units keyed by a credit code
  std::map<std::string, std::size_t> flag_counts;  ///< every [[screen]] id (0 when none)
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

/// grades.csv: parcel_id, score, grade, flags (';'-separated rule ids), — when the ruleset has
/// [land_status] — land_status, disposal, then credit_code, evaluated_as, grade_group, grade_note.
layers::Table grades_table(const ScreeningResult& result);

}  // namespace hubland::rules

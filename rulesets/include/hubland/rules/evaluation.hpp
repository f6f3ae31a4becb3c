#pragma once
// Zone performance evaluation (评价考核): the ruleset's [evaluation] indicators per zone and
// year, a weighted 0–100 score, a rank within the zone type, a grade and the change to the
// previous evaluated year (docs/evaluation.md).
//
// Contract of evaluate_zones():
//  - Input: per year the run's parcel facts and grades tables (grades may be null: no
//    screening). Grades join the facts by parcel_id and add the columns of
//    kEvaluationGradeColumns (the prev_* ones from the previous year's grades: the year before in
//    the list, or previous_grades for the first); every indicator is ONE aggregate over a zone's
//    parcel rows (parcels grouped by their zone_id fact), all in one guarded statement
//    (evaluate_grouped).
//  - Zones: those given (in order; a repeated zone_id, e.g. a zone of several polygons, counts
//    once, as first given), then zone ids found only in the facts (in id order), each in every
//    year. Parcels without a zone_id are not evaluated.
//  - `over = "projects"` indicators aggregate instead the rows of the quota granted the year
//    before (that year's ranking, kEvaluationProjectColumns) with this year's started_date and
//    as_of, grouped by the ranking's zone_id: no ranking the year before, no value.
//  - score = 100 × Σ w·min(max(ratio, 0), ratio_cap) ÷ Σ w over the indicators with a value
//    and a weight w > 0 for the zone's type; ratio = value ÷ benchmark (benefit) or benchmark ÷
//    value (cost; a value ≤ 0 counts as ratio_cap). A missing (NULL) value is left out and its
//    id listed in `missing`; the other weights renormalise. No value at all: no score, grade
//    "-", no rank.
//  - rank: within the year and zone type, 1 = best; equal scores share the best rank of the tie
//    (1, 1, 3). grade: A ≥ grade_a, B ≥ grade_b, C ≥ grade_c, else D.
//  - change_vs_prev: score minus the zone's score in the previous year given (years ascending);
//    empty for the first year or when either score is missing.
//  - district_code: the district of the zone's largest parcel area (area_m2) in that year; ties
//    go to the smaller code; "" when the facts have no district_code.
//  - Rows ordered by year, then zone. Deterministic.
// Failure modes: Error(Rule) when the ruleset has no [evaluation] or an indicator fails at run
// time (naming the ruleset file, line and indicator); Error(Schema) when facts lack parcel_id.

#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/table.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

struct EvaluationZone {
  std::string zone_id;
  std::string zone_name;
  std::string zone_type;
};

struct EvaluationYear {
  int year = 0;
  const layers::Table* facts = nullptr;   ///< parcel facts (docs/facts.md); required
  const layers::Table* grades = nullptr;  ///< grades.csv of the same run; may be null
  /// Grades of the evaluation year before this one, for the prev_* columns when this is the
  /// first year given (later years take the year before them in the list); may be null.
  const layers::Table* previous_grades = nullptr;
  /// For `over = "projects"` indicators: this run's ranking (ranking.csv; may be null), the
  /// ranking of the evaluation year before when this is the first year given (later years take
  /// the year before them in the list), this run's project attributes (started_date; may be
  /// null) and the analysis date "YYYY-MM-DD".
  const layers::Table* ranking = nullptr;
  const layers::Table* previous_ranking = nullptr;
  const layers::Table* projects = nullptr;
  std::string as_of;
};

struct ZoneEvaluation {
  std::string zone_id, zone_name, zone_type, district_code;
  int year = 0;
  std::vector<std::optional<double>> values;  ///< one per indicator, ruleset order
  std::optional<double> score;
  int rank = 0;       ///< 0 = not ranked (no score)
  std::string grade;  ///< "A".."D" or "-"
  std::optional<double> change_vs_prev;
  /// Per indicator: value minus the zone's value in the previous year given; nullopt for the
  /// first year or when either value is missing.
  std::vector<std::optional<double>> value_changes;
  std::vector<std::string> missing;  ///< ids of indicators without a value
};

/// Evaluates every zone in every year (see the contract above).
std::vector<ZoneEvaluation> evaluate_zones(const Ruleset& ruleset,
                                           const std::vector<EvaluationZone>& zones,
                                           std::vector<EvaluationYear> years);

/// zone_evaluation.csv: zone_id, zone_name, zone_type, district_code, year, one column per
/// indicator (its id), score, rank, grade, change_vs_prev, missing (';'-separated ids), then
/// one `<id>_change` column per indicator (value_changes).
layers::Table zone_evaluation_table(const Ruleset& ruleset,
                                    const std::vector<ZoneEvaluation>& rows);

/// evaluation_evidence.csv, the parcels behind each computed number: for every year, zone and
/// indicator with an `evidence` condition, the zone's parcels (rows as the indicators see them)
/// where it holds — year, zone_id, indicator, parcel_id, area_mu, land_status,
/// prev_land_status, grade, flags; ordered by year, zone_id, indicator (ruleset order), parcel
/// (facts order). Same guard as every rule.
layers::Table evaluation_evidence(const Ruleset& ruleset, std::vector<EvaluationYear> years);

/// One line of a zone office's self-evaluation (自评) CSV.
struct SelfReport {
  std::string zone_id;
  std::string indicator;  ///< an [evaluation] indicator id
  double value = 0;
  std::string note;
  int line = 0;  ///< 1-based line in the file
};

/// Reads a self-evaluation CSV (UTF-8, optional BOM; header zone_id, indicator, value and an
/// optional note, in any order). Error(BadInput) naming the file, line, zone and field for a
/// missing column, an indicator the ruleset does not declare, a value that is not a number, or
/// a zone and indicator given twice.
std::vector<SelfReport> read_self_evaluation(const std::string& path, const Ruleset& ruleset);

/// 自评 vs 统评 for `year`: one row per report, in file order — zone_id, year, indicator,
/// self_value, computed_value, difference (self − computed), relative_difference (÷ |computed|;
/// the difference itself when computed is 0), flagged (1 when relative_difference exceeds
/// [evaluation] self_tolerance, or the zone has no computed value), reason, note.
layers::Table self_evaluation_table(const Ruleset& ruleset, const std::vector<ZoneEvaluation>& rows,
                                    int year, const std::vector<SelfReport>& reports);

}  // namespace hubland::rules

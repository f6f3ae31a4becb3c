#pragma once
// [evaluation] of a ruleset: the zone performance evaluation (评价考核) — indicators computed per
// zone and year over the zone's parcels, weighted per zone type into a 0–100 score and a grade
// (docs/evaluation.md). Parsed and compiled by load_ruleset(); evaluated by evaluation.hpp.

#include <string>
#include <utility>
#include <vector>

namespace hubland::rules {

/// The grades columns an evaluation indicator may name beside the parcel facts: grades.csv
/// column -> name in the evaluation rows (`score` becomes grade_score: the zone has a score).
/// `previous`: taken from the grades of the previous evaluation year (the same parcel_id), so
/// an indicator can count land whose status changed during the year (land reused, idle land
/// disposed of); NULL in the first year evaluated and for parcels new this year.
struct EvaluationGradeColumn {
  const char* grades_column;
  const char* name;
  bool numeric;
  bool previous = false;
};
inline constexpr EvaluationGradeColumn kEvaluationGradeColumns[] = {
    {"grade", "grade", false},
    {"score", "grade_score", true},
    {"land_status", "land_status", false},
    {"disposal", "disposal", false},
    {"flags", "flags", false},
    {"grade", "prev_grade", false, true},
    {"land_status", "prev_land_status", false, true},
};

/// The columns of the rows an `over = "projects"` indicator aggregates: the previous evaluation
/// year's ranking (the quota granted then: allocation, quota_charged_mu ...) joined by
/// project_id with this year's projects layer (started_date) and the year's analysis date
/// (as_of, "YYYY-MM-DD"). Grouped by the ranking's zone_id.
struct EvaluationProjectColumn {
  const char* name;
  bool numeric;
};
inline constexpr EvaluationProjectColumn kEvaluationProjectColumns[] = {
    {"project_id", false}, {"zone_id", false},         {"allocation", false},
    {"request_mu", true},  {"quota_charged_mu", true}, {"reward_charged_mu", true},
    {"new_land_mu", true}, {"existing_land_mu", true}, {"started_date", false},
    {"as_of", false},
};

/// One [[evaluation.indicator]].
struct EvaluationIndicator {
  std::string id;
  std::string title_zh, title_en;
  /// ONE SQL aggregate over the zone's parcel rows (facts joined with grades), e.g.
  /// "sum(tax_10k_yuan) / nullif(sum(area_mu), 0)", or with over = Projects over the zone's
  /// project rows (kEvaluationProjectColumns).
  std::string value;
  enum class Over { Parcels, Projects } over = Over::Parcels;
  /// Optional SQL condition over the same parcel rows selecting the parcels behind the number
  /// (evaluation_evidence.csv); "" = none listed. Parcel indicators only.
  std::string evidence;
  std::string unit;
  enum class Direction { Benefit, Cost } direction = Direction::Benefit;
  double benchmark = 0;  ///< same unit as value; > 0
  /// Weight per zone type ("*" = every other type), file order; a type with no entry and no
  /// "*" gives weight 0 (the indicator does not count for it).
  std::vector<std::pair<std::string, double>> weights;
  std::string source;
  bool verified = true;
  std::string note;
  int line = 0;

  double weight_for(const std::string& zone_type) const {
    for (const auto& [type, w] : weights)
      if (type == zone_type) return w;
    for (const auto& [type, w] : weights)
      if (type == "*") return w;
    return 0;
  }
};

/// [evaluation.consequence]: what a zone's grade does to next year's land quota (§七: the
/// evaluation is tied to funding and 土地指标). A zone's cap for the year after the evaluated one
/// = base × (1 + quota_change[grade]); base = the zone's [ranking] zone_caps_mu entry, else
/// base_cap_mu (0: the zone stays uncapped). A zone without a grade keeps its base.
struct EvaluationConsequence {
  bool present = false;
  double base_cap_mu = 0;
  /// grade ("A".."D") -> share of the base added (A = 0.2: +20 %; D = -0.2: −20 %); > -1.
  std::vector<std::pair<std::string, double>> quota_change;
  std::string clause;
  bool verified = true;
  std::string note;
  int line = 0;

  double change_for(const std::string& grade) const {
    for (const auto& [g, c] : quota_change)
      if (g == grade) return c;
    return 0;
  }
};

/// [evaluation]: score = 100 × Σ w·min(max(ratio, 0), ratio_cap) ÷ Σ w over the indicators
/// with a value (and w > 0); ratio = value ÷ benchmark (benefit) or benchmark ÷ value (cost; a
/// value ≤ 0 counts as ratio_cap). Grade A ≥ grade_a, B ≥ grade_b, C ≥ grade_c, else D.
struct EvaluationConfig {
  double grade_a = 85, grade_b = 70, grade_c = 55;
  double ratio_cap = 1.0;  ///< 1: a zone at or beyond every benchmark scores 100
  /// 自评 vs 统评: a self-reported value is flagged when it differs from the computed one by
  /// more than this share of it.
  double self_tolerance = 0.05;
  std::vector<EvaluationIndicator> indicators;
  EvaluationConsequence consequence;
  int line = 0;
};

}  // namespace hubland::rules

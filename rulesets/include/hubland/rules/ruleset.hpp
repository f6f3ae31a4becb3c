#pragma once
// Ruleset — the planning rules of a zone as a declarative, versioned, bilingual TOML file
// (docs/design.md §5, docs/rulesets.md), loaded and compiled before any data is read.
//
// Contract of load_ruleset():
//  - Parses the file with toml++; every SQL expression (applies, fails_when, actual, threshold,
//    indicator values, derived columns) is compiled once by SQLite (SpatiaLite loaded) against
//    the canonical facts schema of its subject (facts_schema()), under the read-only
//    authorizer of docs/rulesets.md ("SQL safety model").
//  - Fails with Error(ErrorKind::Rule) whose Where carries the file, the 1-based line and the
//    rule id for: bad TOML, a missing or empty title (zh and en), a duplicate rule id, an unknown
//    column, a syntax error, a non-boolean condition, a reason template naming an unknown
//    placeholder, a refused construct (';', writes, ATTACH, PRAGMA, load_extension, file
//    functions), an expression longer than kMaxExpressionBytes.
//  - The ranking block ([ranking], [[criterion]], [affinity]) becomes Ruleset::ranking; every
//    criterion is compiled like a rule (its expression as a value over the project facts, its
//    column checked to be a numeric project fact), so a criterion calling random(), reading
//    sqlite_master or naming an unknown column stops the load with file, line and criterion id.
//  - [land_status] may only name [[screen]] rule ids and the statuses of kLandStatuses; an
//    unknown id or status stops the load with file and line.
//  - [land_classes] becomes Ruleset::land_classes; an entry with an empty code or an unknown
//    category stops the load with file and line.
//  - [[industry]] (the industry catalogue) becomes Ruleset::industries and the generated
//    lookups lookup_industry_target (1 = target industry, else 0) and lookup_industry_catalogue
//    (text: "", "restricted", "eliminated", "prohibited"), keyed by the 4-digit code.
//  - Unverified values (verified = false) of lookups, indicators, rules, criteria, industries,
//    [land_classes] and [quota_link] are collected in Ruleset::unverified.
//  - [evaluation] becomes Ruleset::evaluation; each indicator's value must be one aggregate
//    (sum, avg, count ...) over the parcel rows; a bad direction, weight, grade or SQL stops the
//    load with file, line and indicator id.
//  - Any other unknown top-level key is an error.
// Units: thresholds carry the unit of the facts column they compare with (docs/facts.md).

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/rules/evaluation_config.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ranking_config.hpp"

namespace hubland::rules {

/// Bilingual text (both parts required where a title or reason is required).
struct Text {
  std::string zh;
  std::string en;
};

/// What a rule is evaluated over; decides the facts schema its expressions compile against.
enum class Subject {
  Parcel,   ///< one row per parcel: parcel facts (docs/facts.md)
  Request,  ///< one row per conversion request: the request row joined with its parcel's facts
  Project,  ///< one row per project: project attributes plus the overlay facts of its site
};
const char* to_string(Subject s) noexcept;

/// The canonical facts columns for a subject, as an empty table (names, types, units).
/// Rules may name exactly these columns plus the ruleset's [[derived]] columns.
layers::Table facts_schema(Subject subject);
/// The id column of a subject: parcel_id, request_id, project_id.
const char* id_column(Subject subject) noexcept;

/// Longest accepted SQL expression, in bytes.
inline constexpr std::size_t kMaxExpressionBytes = 4096;

/// What a rule yields when a subject is in scope (applies) and its condition holds.
enum class OnUnknown {
  NotApplicable,  ///< a NULL condition (data missing) yields n/a with a "data missing" reason
  Fail,           ///< ... yields the rule's failing outcome
};

/// One rule of [[screen]], [[conversion]] or [[eligibility]].
struct Rule {
  std::string id;
  Text title;
  Subject subject = Subject::Parcel;
  std::string applies;     ///< SQL boolean; empty = every subject
  std::string fails_when;  ///< SQL boolean; true = the rule is not met
  std::string actual;      ///< SQL value shown as "actual" (optional)
  std::string threshold;   ///< SQL value shown as "threshold" (optional)
  /// Reason when failing; placeholders {column}, {actual}, {threshold}, {id} are replaced by
  /// the subject's values. Empty parts fall back to the title.
  Text reason;
  Text pass_reason;  ///< reason when met (optional; defaults to "met: <title>")
  Text condition;    ///< for Outcome::Condition: the condition attached to the approval
  /// Reason when fails_when is NULL (data missing), whether that gives n/a or the failing
  /// outcome: it should say what is missing. Empty parts fall back to the title.
  Text unknown_reason;
  std::string clause;
  Outcome on_fail = Outcome::Fail;  ///< Flag (screen), Fail (reject / ineligible) or Condition
  OnUnknown on_unknown = OnUnknown::NotApplicable;
  bool verified = true;  ///< false when a number rests on an unverified source ([U])
  std::string note;      ///< why unverified / what to check
  std::string file;
  int line = 0;
};

/// A column computed once per subject before the rules run; rules may name it.
struct Derived {
  std::string name;
  std::string expr;  ///< SQL value expression over the facts (and lookup tables)
  std::string unit;
  Subject subject = Subject::Parcel;
  int line = 0;
};

/// A keyed table of numbers (e.g. minimum FAR by industry code), queried in SQL as
/// `(SELECT value FROM lookup_<name> WHERE key = ...)`.
struct Lookup {
  std::string name;
  std::vector<std::pair<std::string, double>> rows;  ///< sorted by key
  /// Text values (the lookups generated from [[industry]]); sorted by key.
  std::vector<std::pair<std::string, std::string>> text_rows;
  bool verified = true;
  std::string note;
  int line = 0;
};

/// What a missing indicator value does to the score of an evaluation unit.
enum class OnMissing {
  Skip,      ///< left out: the other weights renormalise (the grade note says so)
  Zero,      ///< the indicator scores 0
  Ungraded,  ///< the unit is not graded, pending the data (grade "pending")
};

/// One 亩均 indicator of the screening score.
struct Indicator {
  std::string id;
  Text title;
  std::string value;  ///< SQL value expression over the unit's totals (e.g. "tax_per_mu")
  std::string unit;
  double benchmark = 0;  ///< same unit as value; > 0
  double weight = 0;     ///< > 0; weights need not sum to 100 (the score renormalises)
  enum class Direction { Benefit, Cost } direction = Direction::Benefit;
  OnMissing on_missing = OnMissing::Skip;
  bool verified = true;
  std::string note;
  int line = 0;
};

enum class Grading { Percentile, Absolute };

/// [[screening.set]]: an indicator set for the parcels its `applies` selects (规上, 规下,
/// logistics ...). A parcel takes the first set, in file order, whose applies holds; the
/// percentile cut is taken within the set's grade group.
struct IndicatorSet {
  std::string id;
  std::string group;    ///< grade group (grades.csv grade_group); default: the set id
  std::string applies;  ///< SQL boolean over parcel facts; empty = every parcel
  std::vector<Indicator> indicators;
  int line = 0;
};

/// [screening]: per evaluation unit (an enterprise's parcels of one set, by credit_code, or a
/// parcel without one) score = 100 × Σ min(ratio, ratio_cap) × weight ÷ Σ weight;
/// ratio = value ÷ benchmark (Benefit) or benchmark ÷ value (Cost).
struct Screening {
  std::string applies;  ///< SQL boolean over the unit's totals: which units are graded
  /// The sets; a file with top-level [[screening.indicator]] has one set "default".
  std::vector<IndicatorSet> sets;
  double ratio_cap = 3.0;
  Grading grading = Grading::Percentile;
  /// Percentile: top shares (A ≤ a, B ≤ b, C ≤ c, else D), 0..1 of the graded units of a group.
  /// Absolute: minimum scores (A ≥ a, B ≥ b, C ≥ c, else D).
  double cut_a = 0.25, cut_b = 0.70, cut_c = 0.95;
  /// Units operating fewer years than this (operating_years, 0 = not yet operating) are not
  /// graded; 0 = no such rule.
  double new_enterprise_years = 0;
  /// What such a unit gets: "new" (not graded) or a fixed grade "A".."D".
  std::string new_enterprise = "new";
  int line = 0;
};

/// [conversion] policy values that are not rules (the rules reference facts directly).
struct ConversionPolicy {
  Text approve_note;  ///< optional text for approvals
};

/// A value that the file marks unverified (verified = false), surfaced to the user.
struct Unverified {
  std::string where;  ///< "screen LE-COVERAGE", "lookup far_min_by_industry", ...
  std::string note;
  int line = 0;
};

/// Land statuses, strongest first (the keys of layers::kLandStatusInfo, the one vocabulary).
inline constexpr std::array<const char*, 4> kLandStatuses = {
    layers::kLandStatusInfo[0].key, layers::kLandStatusInfo[1].key, layers::kLandStatusInfo[2].key,
    layers::kLandStatusInfo[3].key};

/// One [[land_status.rule]]: a flagged [[screen]] rule gives the parcel this status and disposal.
struct LandStatusRule {
  std::string rule_id;
  std::string status;    ///< one of kLandStatuses except "正常"
  std::string disposal;  ///< suggested disposal, e.g. "提容增效"
  int line = 0;
};

/// [land_status]: maps flags to one land status and a suggested disposal per parcel. Among the
/// flagged rules the strongest status wins; among those of that status, the first in file order
/// gives the disposal. A parcel with no mapped flag is 正常 with `normal_disposal`.
struct LandStatusMap {
  std::vector<LandStatusRule> rules;
  std::string normal_disposal;
  int line = 0;
};

struct Ruleset {
  std::string file;
  std::string id;
  std::string version;
  Text title;
  std::vector<std::string> sources;
  std::string sha256;  ///< hex SHA-256 of the file bytes (for run records)
  /// The file's bytes as loaded (a workspace stores them with its runs: RunInfo::ruleset_text).
  std::string text;
  std::vector<Lookup> lookups;
  std::vector<Derived> derived;
  Screening screening;
  bool has_screening = false;
  std::vector<Rule> screen;       ///< [[screen]]: low-efficiency flags (Outcome::Flag)
  std::vector<Rule> conversion;   ///< [[conversion]]: Fail = reject, Condition = conditional
  std::vector<Rule> eligibility;  ///< [[eligibility]]: hard project rules (Outcome::Fail)
  LandStatusMap land_status;      ///< [land_status] (has_land_status)
  bool has_land_status = false;
  std::vector<Unverified> unverified;
  RankingConfig ranking;  ///< [ranking] with its criteria, compiled (has_ranking)
  bool has_ranking = false;
  layers::LandClassTable land_classes;  ///< [land_classes]: 现状地类 code -> 三大类, 耕地
  bool has_land_classes = false;
  std::vector<Industry> industries;  ///< [[industry]]: the industry catalogue, file order
  /// [evaluation]: zone performance evaluation (has_evaluation); its indicators are compiled
  /// as aggregates over parcel facts joined with grades (evaluation_columns()).
  EvaluationConfig evaluation;
  bool has_evaluation = false;
  /// [report] issuer: the issuing body every report page names in its header ("": none).
  std::string report_issuer;

  /// The ranking block; throws Error(Rule) naming the file when the ruleset has none.
  const RankingConfig& ranking_config() const;
  /// Derived columns of one subject, in file order.
  std::vector<Derived> derived_for(Subject s) const;
};

/// Load, validate and compile a ruleset file (see the contract above).
Ruleset load_ruleset(const std::string& path);
/// The same from the file's bytes (a ruleset a workspace stored with its runs); `path` names it
/// in messages and becomes Ruleset::file. The SHA-256 is that of `bytes`, as for the file.
Ruleset load_ruleset_text(const std::string& bytes, const std::string& path);

/// Kind of expression for check_expression().
enum class ExpressionKind { Boolean, Value };

/// Compile one SQL expression against the facts schema of `subject` (plus the ruleset's lookups
/// and derived columns, when given) under the read-only authorizer, as load_ruleset does.
/// Throws Error(Rule) carrying `where` on any problem. For rules/ranking's own sections.
void check_expression(const std::string& sql, Subject subject, ExpressionKind kind,
                      const Where& where, const Ruleset* ruleset = nullptr);

}  // namespace hubland::rules

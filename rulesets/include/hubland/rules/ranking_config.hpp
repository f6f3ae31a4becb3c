#pragma once
// The ranking block of a ruleset ([ranking], [[criterion]], [affinity], [[industry]],
// [quota_link]) as plain data. It is
// parsed and its criteria compiled by load_ruleset() (Ruleset::ranking), so a bad criterion stops
// the load like a bad rule; parse_ranking_config() parses text alone (no compile) for tests.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hubland::rules {

enum class RankMethod { WeightedSum, Topsis };
enum class Direction { Benefit, Cost };
enum class Normalisation { MinMax, Benchmark, Rank };
/// What to do with a project that does not fit in the remaining quota (allocation.hpp).
enum class OnNoFit { Skip, Partial };
enum class SortOrder { Ascending, Descending };

const char* to_string(RankMethod m) noexcept;
const char* to_string(Direction d) noexcept;
const char* to_string(Normalisation n) noexcept;
const char* to_string(OnNoFit r) noexcept;
/// "weighted" | "topsis" (also "weighted_sum"); throws Error(BadInput) otherwise.
RankMethod rank_method_from_string(std::string_view s);

struct BilingualText {
  std::string zh;
  std::string en;
};

/// One soft criterion ([[criterion]]).
struct Criterion {
  std::string id;
  BilingualText title;
  std::string column;      ///< a facts column, or
  std::string expression;  ///< a read-only SQL expression over the facts columns
  std::string unit;        ///< documentation only ("10k_yuan/mu")
  Direction direction = Direction::Benefit;
  Normalisation normalisation = Normalisation::MinMax;
  double benchmark = 0.0;  ///< normalisation = benchmark: the reference value (> 0)
  double cap = 2.0;        ///< normalisation = benchmark: ratios are clamped to [0, cap]
  double weight = 0.0;     ///< >= 0; weights are normalised to sum 1
  bool verified = true;    ///< false: benchmark or weight rests on an unverified source
  std::string note;        ///< why unverified (listed on every run, Ruleset::unverified)
  int line = 0;            ///< line of the [[criterion]] header in the ruleset
};

/// A tie-break key after the score: a facts column and its order.
struct TieBreak {
  std::string column;
  SortOrder order = SortOrder::Descending;
};

struct SensitivityConfig {
  double perturbation = 0.2;  ///< each weight is multiplied by 1 + U(-p, +p)
  int draws = 1000;
  std::uint64_t seed = 20260601;
};

/// Status of an industry in 《产业结构调整指导目录》: "", "restricted", "eliminated", "prohibited".
inline constexpr const char* kCatalogueStatuses[] = {"", "restricted", "eliminated", "prohibited"};

/// One [[industry]] of the ruleset's industry catalogue (GB/T 4754-2017 4-digit code).
struct Industry {
  std::string code;    ///< 4 digits: "3974"
  std::string name;    ///< 显示器件制造
  std::string target;  ///< the seed's target chain (新型显示 ...); "" = not a target
  std::vector<std::string> hub_types;  ///< preferred hub types (geo::kHubTypes keys)
  std::string catalogue;               ///< one of kCatalogueStatuses
  bool verified = true;
  std::string note;
  int line = 0;
};

/// [affinity] with the [[industry]] catalogue: hub_affinity = `match` (1.0) when the site lies
/// within catchment_km of a hub of one of the industry's preferred types, `elsewhere` when it
/// does not, `default_value` when the industry has no preferred type in the catalogue.
struct AffinityConfig {
  std::vector<Industry> industries;  ///< the [[industry]] catalogue, file order
  double match = 1.0;
  double elsewhere = 0.3;
  double default_value = 0.3;
  /// A site lies in the catchment of hub type T when dist_T_m <= catchment_km * 1000.
  double catchment_km = 30.0;
  bool present = false;  ///< the ruleset has an [affinity] table
  bool empty() const noexcept { return !present; }
  /// Preferred hub types of an industry code: the 4-digit entry; for a shorter (old 2-digit)
  /// code, the union over the catalogue entries it prefixes. Empty when none.
  std::vector<std::string> preferred(const std::string& code) const;
};

/// [quota_link]: 增存挂钩 — a district's quota is raised by reward_share × the 批而未供 and idle
/// land it disposed of (the allocation applies it). 0 <= reward_share <= 1.
struct QuotaLink {
  double reward_share = 0.0;
  std::string clause;
  bool verified = true;
  std::string note;
  bool present = false;
  int line = 0;
};

struct RankingConfig {
  std::string source_file;  ///< the ruleset file (for messages)
  RankMethod method = RankMethod::WeightedSum;
  double quota_mu = 0.0;  ///< default quota; --quota-mu and [analysis] quota_mu override
  std::map<std::string, double> zone_caps_mu;  ///< zone_id -> cap in mu (absent: no cap)
  /// [ranking] caps_from_evaluation: the zone caps come from the latest zone evaluation before
  /// the analysis year (evaluation_workspace.hpp, ranking_caps_from_evaluation).
  bool caps_from_evaluation = false;
  /// zone_id -> where its cap came from, bilingual ("[ranking] zone_caps_mu", "2025 年评价 A 级
  /// …"); filled for every capped zone by apply_evaluation_caps(), printed by the summaries.
  std::map<std::string, std::string> zone_cap_sources;
  OnNoFit on_no_fit = OnNoFit::Skip;
  std::string request_column = "land_mu";  ///< the quota a project asks for, in mu
  /// The policy the ranking and allocation rest on, printed with every justification.
  std::string clause;
  std::vector<TieBreak> tie_breaks;
  SensitivityConfig sensitivity;
  std::vector<Criterion> criteria;
  AffinityConfig affinity;
  QuotaLink quota_link;  ///< [quota_link] (quota_link.present)
};

/// Parse the ranking block from TOML text, without compiling the criteria (load_ruleset does
/// that). Throws Error(Rule) with file and line for bad TOML, a missing [ranking] table, unknown
/// enum values, a criterion without column or expression, negative weights, all weights zero,
/// a benchmark <= 0, a bad [[industry]] entry or a [quota_link] reward_share outside [0, 1].
/// `source_name` is used in messages.
RankingConfig parse_ranking_config(std::string_view toml_text, const std::string& source_name);

}  // namespace hubland::rules

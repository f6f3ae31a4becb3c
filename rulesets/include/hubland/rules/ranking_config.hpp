#pragma once
// The ranking block of a ruleset ([ranking], [[criterion]], [affinity]) as plain data. It is
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

/// [affinity]: how well an industry fits a hub type, applied to the catchment the site lies in.
struct AffinityConfig {
  /// group name -> GB/T 4754 two-digit industry codes ("39", "40"...)
  std::map<std::string, std::vector<std::string>> groups;
  /// group name (or a bare industry code) -> hub type -> affinity in [0, 1]
  std::map<std::string, std::map<std::string, double>> matrix;
  double default_value = 0.0;  ///< industry in no group, or site in no catchment
  /// A site lies in the catchment of hub type T when dist_T_m <= catchment_km * 1000.
  double catchment_km = 30.0;
  bool empty() const noexcept { return matrix.empty(); }
};

struct RankingConfig {
  std::string source_file;  ///< the ruleset file (for messages)
  RankMethod method = RankMethod::WeightedSum;
  double quota_mu = 0.0;  ///< default quota; --quota-mu and [analysis] quota_mu override
  std::map<std::string, double> zone_caps_mu;  ///< zone_id -> cap in mu (absent: no cap)
  OnNoFit on_no_fit = OnNoFit::Skip;
  std::string request_column = "land_mu";  ///< the quota a project asks for, in mu
  std::vector<TieBreak> tie_breaks;
  SensitivityConfig sensitivity;
  std::vector<Criterion> criteria;
  AffinityConfig affinity;
};

/// Parse the ranking block from TOML text, without compiling the criteria (load_ruleset does
/// that). Throws Error(Rule) with file and line for bad TOML, a missing [ranking] table, unknown
/// enum values, a criterion without column or expression, negative weights, all weights zero,
/// or a benchmark <= 0. `source_name` is used in messages.
RankingConfig parse_ranking_config(std::string_view toml_text, const std::string& source_name);

}  // namespace hubland::rules

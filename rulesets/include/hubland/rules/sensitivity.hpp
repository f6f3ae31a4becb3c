#pragma once
// Robustness of a ranking: seeded Monte-Carlo perturbation of the criterion weights.
//
// Each draw multiplies every weight by 1 + u, u uniform in [-p, +p] (p = 0.2 by default), then
// re-scores, re-ranks (same tie-breaks) and re-allocates. Per eligible project it reports the
// 5th and 95th percentile of its rank over the draws (nearest-rank method) and the share of
// draws in which it was funded. The random numbers come from std::mt19937_64 turned into
// doubles by hand ((x >> 11) * 2^-53), so the same seed gives identical figures on every
// platform and standard library.

#include <cstdint>
#include <vector>

#include "hubland/rules/allocation.hpp"
#include "hubland/rules/ranking.hpp"

namespace hubland::rules {

struct Sensitivity {
  int draws = 0;
  std::uint64_t seed = 0;
  double perturbation = 0.0;
  /// Per eligible project, indexed like ScoringModel::rows.
  std::vector<int> rank_p05;
  std::vector<int> rank_p95;
  std::vector<double> funded_share;
};

/// Run the draws. `requests` are the eligible projects' requests indexed like model.rows (not
/// in rank order). Throws Error(BadInput) for draws < 1 or a perturbation outside [0, 1).
Sensitivity run_sensitivity(const ScoringModel& model,
                            const std::vector<AllocationRequest>& requests,
                            const AllocationPolicy& policy, const SensitivityConfig& config);

/// Nearest-rank percentile (p in (0, 100]) of integer values: sorted[ceil(p/100 * n) - 1].
int percentile_nearest_rank(std::vector<int> values, double p);

}  // namespace hubland::rules

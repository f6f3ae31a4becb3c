// Seeded Monte-Carlo weight perturbation (sensitivity.hpp).
#include "hubland/rules/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "hubland/error.hpp"

namespace hubland::rules {

int percentile_nearest_rank(std::vector<int> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  auto idx = static_cast<std::size_t>(std::ceil(p / 100.0 * n - 1e-9));
  idx = std::clamp<std::size_t>(idx, 1, values.size());
  return values[idx - 1];
}

Sensitivity run_sensitivity(const ScoringModel& model,
                            const std::vector<AllocationRequest>& requests,
                            const AllocationPolicy& policy, const SensitivityConfig& config) {
  if (config.draws < 1) throw Error(ErrorKind::BadInput, "sensitivity draws must be >= 1");
  if (!(config.perturbation >= 0 && config.perturbation < 1))
    throw Error(ErrorKind::BadInput, "the weight perturbation must be in [0, 1)");
  const std::size_t n = model.rows.size();
  if (requests.size() != n)
    throw Error(ErrorKind::Internal, "sensitivity: one request per eligible project expected");
  Sensitivity out;
  out.draws = config.draws;
  out.seed = config.seed;
  out.perturbation = config.perturbation;
  std::vector<std::vector<int>> ranks(n, std::vector<int>(static_cast<std::size_t>(config.draws)));
  std::vector<int> funded(n, 0);
  // The generator's raw 64-bit output is mapped to [0, 1) by hand: std::uniform_real_distribution
  // differs between standard libraries, and the figures must not.
  std::mt19937_64 rng(config.seed);
  std::vector<double> w(model.weights.size());
  std::vector<AllocationRequest> ordered(n);
  for (int d = 0; d < config.draws; ++d) {
    for (std::size_t c = 0; c < w.size(); ++c) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;  // [0, 1)
      w[c] = model.weights[c] * (1.0 + config.perturbation * (2.0 * u - 1.0));
    }
    const auto scores = score(model, w);
    const auto order = rank_order(model, scores);
    for (std::size_t pos = 0; pos < n; ++pos) {
      ranks[order[pos]][static_cast<std::size_t>(d)] = static_cast<int>(pos) + 1;
      ordered[pos] = requests[order[pos]];
    }
    const auto flags = funded_flags(ordered, policy);
    for (std::size_t pos = 0; pos < n; ++pos) funded[order[pos]] += flags[pos];
  }
  for (std::size_t k = 0; k < n; ++k) {
    out.rank_p05.push_back(percentile_nearest_rank(ranks[k], 5));
    out.rank_p95.push_back(percentile_nearest_rank(ranks[k], 95));
    out.funded_share.push_back(static_cast<double>(funded[k]) / config.draws);
  }
  return out;
}

}  // namespace hubland::rules

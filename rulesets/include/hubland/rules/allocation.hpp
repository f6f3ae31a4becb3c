#pragma once
// Quota allocation: fund eligible projects in rank order within the annual quota (mu),
// with optional per-zone caps, and the ruleset's rule for a project that does not fit:
//   skip    - it is waitlisted and the next project is tried (a smaller one may still fit);
//   partial - it gets what is left (quota and its zone's cap), if anything, and is funded.
// Every project ends funded, waitlisted or ineligible, with its reason in Chinese and English.
// Amounts are compared with a tolerance of 1e-9 mu, so an exact fit is funded.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/rules/ranking.hpp"

namespace hubland::rules {

enum class AllocationStatus { Funded, Waitlisted, Ineligible };
/// "funded" | "waitlisted" | "ineligible"
const char* to_string(AllocationStatus s) noexcept;

struct AllocationPolicy {
  double quota_mu = 0.0;
  std::map<std::string, double> zone_caps_mu;  ///< zone_id -> cap; zones absent are uncapped
  OnNoFit on_no_fit = OnNoFit::Skip;
};

/// What one project asks for.
struct AllocationRequest {
  std::string project_id;
  std::string zone_id;
  double request_mu = 0.0;
};

struct Allocation {
  AllocationStatus status = AllocationStatus::Ineligible;
  double allocated_mu = 0.0;
  bool partial = false;  ///< funded with less than requested (OnNoFit::Partial)
  std::string reason_zh;
  std::string reason_en;
};

/// Allocate to `requests` taken in the given order (the rank order); returns one Allocation
/// per request, same order. Throws Error(BadInput) for a negative quota, cap or request.
std::vector<Allocation> allocate(const std::vector<AllocationRequest>& requests_in_rank_order,
                                 const AllocationPolicy& policy);

/// Only the funded flags, without reasons: the hot path of the sensitivity analysis.
std::vector<char> funded_flags(const std::vector<AllocationRequest>& requests_in_rank_order,
                               const AllocationPolicy& policy);

/// Allocation of a whole ranking: one Allocation per project in facts row order; ineligible
/// projects carry their failed rules as reason. Requests come from config.request_column
/// (falling back to area_mu) and zone_id of `facts`.
std::vector<Allocation> allocate_ranking(const layers::Table& facts, const Ranking& ranking,
                                         const RankingConfig& config,
                                         const AllocationPolicy& policy);

/// The requests of the eligible projects in rank order (ranking.order).
std::vector<AllocationRequest> requests_in_rank_order(const layers::Table& facts,
                                                      const Ranking& ranking,
                                                      const RankingConfig& config);

/// Policy from the config, with the quota replaced by `quota_mu` when given.
AllocationPolicy allocation_policy(const RankingConfig& config, std::optional<double> quota_mu);

}  // namespace hubland::rules

#pragma once
// Quota allocation: fund eligible projects in rank order within the annual construction-land
// quota (用地计划指标, mu), with optional per-zone caps, and the ruleset's rule for a project
// that does not fit. The quota is consumed only by new construction land (新增建设用地): a
// project is charged its new_land_mu; one wholly on existing construction land is funded
// without quota (存量保障); one whose new land is unknown (no land survey) is charged its whole
// request, and its reason says so. A district's 增存挂钩 reward (district_reward_mu) is spent on
// that district's projects before the general quota.
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
  /// district_code -> quota earmarked for the district's projects (增存挂钩 reward), on top of
  /// quota_mu.
  std::map<std::string, double> district_reward_mu;
  OnNoFit on_no_fit = OnNoFit::Skip;
};

/// What one project asks for.
struct AllocationRequest {
  std::string project_id;
  std::string zone_id;
  double request_mu = 0.0;  ///< land the project asks for
  /// New construction land of the site: the quota it needs. nullopt: unknown (charged in full).
  std::optional<double> new_land_mu;
  std::string district_code;
  /// The quota this request needs: new_land_mu when known, else request_mu.
  double charge_mu() const noexcept { return new_land_mu ? *new_land_mu : request_mu; }
};

struct Allocation {
  AllocationStatus status = AllocationStatus::Ineligible;
  double quota_charged_mu = 0.0;   ///< quota consumed (general and district reward)
  double reward_charged_mu = 0.0;  ///< of which from the district's 增存挂钩 reward
  bool partial = false;            ///< funded with less quota than needed (OnNoFit::Partial)
  bool quota_free = false;         ///< funded on existing construction land, no quota needed
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
/// (falling back to area_mu), new_land_mu, zone_id and district_code of `facts`.
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

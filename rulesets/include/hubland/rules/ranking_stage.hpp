#pragma once
// The project-ranking stage as one call: 存量优先 overlap with the parcels the
// screening flagged, hub affinity, [[eligibility]], ranking, quota allocation and the seeded
// weight-sensitivity draws. `hubland rank`, `hubland report`, `hubland run` and the desktop
// app all go through it, so they rank identically.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/layer.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"
#include "hubland/rules/sensitivity.hpp"

namespace hubland::rules {

struct RankingStage {
  /// Project facts plus on_low_efficiency_m2, the hub-affinity column and the ruleset's
  /// derived columns (what the criteria saw), in project row order.
  layers::Table facts;
  RankingConfig config;
  AllocationPolicy policy;
  Ranking ranking;
  std::vector<Allocation> allocations;  ///< facts row order
  Sensitivity sensitivity;
  std::vector<Finding> eligibility;  ///< every [[eligibility]] outcome (Keep::All)
  /// layers::district_land_stock of the inputs (empty without districts and land_supply): the
  /// base of the 增存挂钩 rewards in policy.district_reward_mu.
  layers::Table district_stock;
};

/// Called before each step with its name ("eligibility", "ranking", ...); may throw (e.g.
/// Error(Cancelled)) to stop the stage.
using StepCallback = std::function<void(const std::string& step)>;

/// Runs the stage. `sites` are the project sites in facts row order (working CRS);
/// `flagged_parcels` the geometries of low-efficiency parcels (may be empty); `district_stock`
/// the inputs' layers::district_land_stock (may be empty): with the ruleset's [quota_link], each
/// district's reward is reward_share × (disposed_unsupplied_mu + disposed_idle_mu); `quota_mu`
/// overrides the ruleset's quota when set. Throws Error(Rule) for a criterion the facts cannot
/// answer and Error(BadInput) for a negative quota.
RankingStage run_ranking_stage(layers::Table project_facts, const std::vector<geo::Wkb>& sites,
                               const std::vector<const geo::Wkb*>& flagged_parcels,
                               layers::Table district_stock, const Ruleset& ruleset,
                               RankingConfig config, std::optional<double> quota_mu,
                               const StepCallback& on_step = {});

/// The 增存挂钩 reward per district_code: reward_share × the land it disposed of in the year.
std::map<std::string, double> district_rewards_mu(const layers::Table& district_stock,
                                                  const QuotaLink& link);

/// Facts options of an analysis under a ruleset: layers::facts_options(spec) with the ruleset's
/// [land_classes] to read a land_survey's dlbm.
layers::FactsOptions facts_options(const layers::AnalysisSpec& spec, const Ruleset& ruleset);

/// Geometries (borrowed from `parcels`) and ids of the parcels with at least one screening flag,
/// in parcel order.
struct FlaggedParcels {
  std::vector<const geo::Wkb*> geometry;
  std::vector<std::string> ids;
};
FlaggedParcels flagged_parcels(const layers::Layer& parcels, const ScreeningResult& screening);
/// The parcels 存量优先 overlaps projects with, as every front end computes them: `parcel_facts`
/// (compute_parcel_facts of the same parcels) screened with the ruleset, then flagged_parcels().
/// Empty when the ruleset has no [screening]. So a ranking never depends on whether a front end
/// happened to run screening before.
FlaggedParcels screen_flagged_parcels(const layers::Layer& parcels,
                                      const layers::Table& parcel_facts, const Ruleset& ruleset);

/// ranking.csv: project_id, project_name, zone_id, district_code, district_name, eligible,
/// score, rank, rank_p05, rank_p95, funded_share, allocation, request_mu, new_land_mu,
/// existing_land_mu, cultivated_mu, quota_charged_mu, reward_charged_mu, reasons, reasons_en
/// (project row order).
layers::Table ranking_table(const RankingStage& stage);

/// districts.csv: per district_code (ascending; projects outside every district, or all of them
/// without a districts input, first under an empty code): projects, eligible, funded,
/// funded_without_quota, request_mu, new_land_mu, existing_land_mu, cultivated_mu (NULL when a
/// project's new land is unknown), quota_charged_mu, reward_mu (the district's 增存挂钩 reward),
/// reward_charged_mu. Under 四不变 each district keeps its own accounts: every quota figure is
/// reportable per district.
layers::Table district_totals(const RankingStage& stage);

}  // namespace hubland::rules

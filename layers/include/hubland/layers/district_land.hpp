#pragma once
// Land stock per district (区县) from the land_supply layer: what is approved but not supplied
// (批而未供), supplied but unused, in reserve, supplied, and what was disposed of in the year up
// to the analysis date — the base of the 增存挂钩 reward (the ranking stage turns disposed land
// into quota with the ruleset's [quota_link] share). Each supply feature counts in the district it
// overlaps most.

#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// One row per district_code (ascending; land outside every district under an empty code):
/// district_code, district_name, unsupplied_mu, supplied_unused_mu, reserve_mu, supplied_mu,
/// disposed_unsupplied_mu, disposed_idle_mu. "Disposed in the year" means disposed_date in
/// (as_of − 1 year, as_of]. Empty table (with the columns) without districts or land_supply.
/// Throws Error(BadInput) naming the feature and field for an unknown status, disposed_from or a
/// malformed disposed_date.
Table district_land_stock(const AnalysisInputs& in, const FactsOptions& options);

/// The same per functional zone: zone_id, zone_name, then the same figures (a supply feature
/// counts in the zone it overlaps most; outside every zone under an empty id).
Table zone_land_stock(const AnalysisInputs& in, const FactsOptions& options);

}  // namespace hubland::layers

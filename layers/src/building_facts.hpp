#pragma once
// Private to the facts bridge: 计容建筑面积, 建筑密度 and 建筑系数 of parcels from the buildings
// layer (docs/facts.md, section 6b). plan_buildings() adds the footprints to the overlay as one
// per-subject grouped layer; fill_building_facts() turns a parcel's overlaps and its own
// attributes into the kBuildingFacts columns.

#include <optional>
#include <vector>

#include "hubland/geo/overlay.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// Groups of the buildings layer: the unions of all kinds and of buildings, then one group per
/// building-kind footprint (its 计容 weight in BuildingPlan::floor_factor).
enum BuildingGroup : int {
  kAllKinds = 0,       ///< buildings, structures and yards: 建筑系数 (area covered, a union)
  kBuildingsOnly = 1,  ///< buildings: 建筑密度 (a union)
  kFirstBuilding = 2,  ///< + i: the i-th building footprint alone (计容 sums per building)
};

/// A storey higher than this counts twice in 计容建筑面积 (national rule; docs/rulesets.md).
inline constexpr double kDoubleCountStoreyHeightM = 8.0;

struct BuildingPlan {
  std::optional<std::size_t> layer;  ///< index into OverlayLayers::grouped
  std::vector<double> floor_factor;  ///< per building footprint: floors × (2 if storey > 8 m)
  /// The layer holds structures or yards, so its union is the 建筑系数; a layer of buildings
  /// only gives the 建筑密度 alone (建筑系数 ≥ 建筑密度, not equal).
  bool has_structures_or_yards = false;
};

/// The floor-area weight of one footprint: floors, doubled when the storey height is above
/// kDoubleCountStoreyHeightM (a missing height counts once).
double floor_factor(std::int64_t floors, std::optional<double> storey_height_m);

/// Adds the buildings layer of `in` (if any) to `layers`. Throws Error(BadInput) naming the
/// file, feature and field for a footprint without a positive floors or with an unknown kind.
BuildingPlan plan_buildings(const AnalysisInputs& in, geo::OverlayLayers& layers);

/// Fills row `row` of `t` (columns: kBuildingFacts in declaration order) from the parcel's
/// overlaps and its own attributes in `src` row `row`. `area_scale` is the ratio of ellipsoidal
/// to planar area of the parcel (计容 m² follow the statutory area, like area_m2).
void fill_building_facts(const BuildingPlan& plan, const geo::SubjectFacts& f, double area_scale,
                         const Table& src, Table& t, std::size_t row,
                         const std::vector<std::size_t>& columns);

}  // namespace hubland::layers::detail

#pragma once
// Private to the facts bridge: the district, location-gate and new-vs-existing-land facts
// (docs/facts.md, section 6). plan_grouped_layers() turns the districts, parks, zones (hub_zone),
// land_survey and land_supply inputs into geo::GroupedLayer entries for the overlay engine;
// fill_grouped_facts() turns each subject's group overlaps into the facts columns.

#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/overlay.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// Group ids of the "land" layer. A feature is listed in every group it belongs to; groups are
/// unioned per subject, so combinations (construction ∪ approved) never count an area twice.
enum LandGroup : int {
  kExisting = 0,      ///< 图斑 of a construction class, and every land_supply feature
  kKnown = 1,         ///< classified 图斑 and land_supply features
  kClassified = 2,    ///< classified 图斑
  kCultivated = 3,    ///< 耕地 图斑
  kSupply = 4,        ///< land_supply features
  kCultOrSupply = 5,  ///< 耕地 图斑 and land_supply features
  kStatusFirst = 6,   ///< + SupplyStatus: land_supply features of that status
};

struct GroupedPlan {
  // Index into OverlayLayers::grouped of each layer, when present.
  std::optional<std::size_t> districts, parks, hub_zone, land, cultivated_tiles;
  std::vector<std::string> district_codes, district_names;  ///< by group (code rank)
  std::vector<std::string> park_ids, park_names;            ///< by group; group = size: any
  /// Per cultivated 图斑 group (cultivated_tiles): TBDLMJ / TBMJ, the share left after 田坎.
  std::vector<double> cultivated_net_share;
  bool have_survey = false, have_supply = false;
  /// What the land facts could not classify, for the run's notes.
  std::vector<std::string> notes;
};

/// Features keyed by an id column, grouped by the id's rank (ids ascending); names from the
/// first feature of each id.
struct Keyed {
  std::vector<std::string> ids, names;
  std::vector<int> groups;  ///< one per feature
};
Keyed keyed(const Layer& layer, const char* id_field, const char* name_field);

/// The status of land_supply feature `row`; throws Error(BadInput) naming the file, the feature
/// (supply_id) and the field for a value that is not one of kSupplyStatuses.
SupplyStatus supply_status_at(const Layer& supply, std::size_t row);

/// Adds the grouped layers of `in` to `layers`. Throws Error(BadInput) naming the file, feature
/// and field for a land_supply status that is not one of kSupplyStatuses, and when a
/// land_survey is given without a land-class table.
GroupedPlan plan_grouped_layers(const AnalysisInputs& in, const LandClassTable* land_classes,
                                geo::OverlayLayers& layers);

/// Fills row `row` of `t` from one subject's overlaps. `columns` are the facts columns of
/// kDistrictFacts, kLocationFacts and kLandFacts in declaration order; `area_scale` the ratio of
/// ellipsoidal to planar area of the subject (mu figures are planar shares of the statutory area).
void fill_grouped_facts(const GroupedPlan& plan, const geo::SubjectFacts& f, double area_scale,
                        Table& t, std::size_t row, const std::vector<std::size_t>& columns);

}  // namespace hubland::layers::detail

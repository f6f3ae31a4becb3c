#pragma once
// Layer — features of one role, normalised: geometry as WKB in the working CRS, canonical
// field names (role schema), UTF-8 text, plus where it came from.

#include <string>
#include <string_view>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// What a layer is for; decides its schema (required/optional fields, geometry type).
enum class Role {
  Parcels,
  Zones,
  Hubs,
  Catchments,
  Constraints,
  Projects,
  Conversions,
  Roads,
  LandSurvey,  ///< 现状地类 polygons (国土调查 DLTB): dlbm per 图斑
  LandSupply,  ///< 供地状态 polygons: 批而未供 / 供而未用 / 储备 / 已供
  Parks,       ///< approved industrial-park boundaries (工业园区规划四至)
  Districts,   ///< 区县 boundaries: district_code, district_name
  Buildings,  ///< footprints: building_id, floors, storey_height_m, kind (建筑物/构筑物/堆场)
};
const char* to_string(Role r) noexcept;
/// "parcels" -> Role::Parcels; throws Error(BadInput) listing the roles for anything else.
Role role_from_string(std::string_view s);

struct Layer {
  Role role = Role::Parcels;
  std::string source;      ///< path or connection string as given
  std::string layer_name;  ///< OGR layer name inside the source
  int epsg = 0;            ///< working CRS of `geometry` (0: no geometry, e.g. a CSV table)
  /// One WKB per feature, in the working CRS; empty for attribute-only rows (conversions).
  std::vector<geo::Wkb> geometry;
  /// Attributes under canonical names. Column "fid" (integer) holds the source FID; the role's id
  /// column (parcel_id, zone_id, ...) is text. Polygon roles carry area_m2 and area_mu.
  Table attributes;

  std::size_t size() const noexcept { return attributes.row_count(); }
};

/// The canonical id column of a role: parcel_id, zone_id, hub_id, catchment_id,
/// constraint_id, project_id, request_id, road_id.
const char* id_column(Role r) noexcept;

}  // namespace hubland::layers

#pragma once
// The facts columns the overlay computes, declared once: name, type, unit (as written to facts
// tables and the workspace catalog; "" for none) and meaning. The facts bridge builds its
// tables from these, the rules' canonical schema uses them, and a test holds docs/facts.md to
// them (sections 2 to 7), so the three cannot drift apart.

#include <string>
#include <vector>

#include "hubland/geo/hub_types.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

struct FactColumn {
  const char* name;
  FieldType type;
  const char* unit;
  const char* meaning;
};

/// Area (docs/facts.md, "2. Area and intensity"): the statutory ellipsoidal area on CGCS2000
/// (椭球面积), and the planar Gauss-Kruger area it was derived from.
inline constexpr FactColumn kAreaFacts[] = {
    {"area_m2", FieldType::Real, "m2", "ellipsoidal area on the CGCS2000 ellipsoid"},
    {"area_mu", FieldType::Real, "mu", "area_m2 / (2000/3)"},
    {"plane_area_m2", FieldType::Real, "m2", "planar area in the working CRS"},
};

/// Per-mu intensities from the subject's own attributes (§2).
inline constexpr FactColumn kIntensityFacts[] = {
    {"tax_per_mu", FieldType::Real, "10k_yuan/mu", "tax_10k_yuan / area_mu"},
    {"output_per_mu", FieldType::Real, "10k_yuan/mu", "output_10k_yuan / area_mu"},
    {"value_added_per_mu", FieldType::Real, "10k_yuan/mu", "value_added_10k_yuan / area_mu"},
    {"employees_per_mu", FieldType::Real, "persons/mu", "employees / area_mu"},
    {"energy_per_output", FieldType::Real, "tce/10k_yuan", "energy_tce / output_10k_yuan"},
};

/// The zone of largest overlap and its attributes (§3).
inline constexpr FactColumn kZoneFacts[] = {
    {"zone_id", FieldType::Text, "", "zone of largest overlap"},
    {"zone_name", FieldType::Text, "", "its name"},
    {"zone_type", FieldType::Text, "", "临港 / 临空 / 临铁 / 综合"},
    {"zone_share", FieldType::Real, "ratio", "overlap with that zone / area_m2"},
    {"planned_use", FieldType::Text, "", "';'-separated land-use code prefixes"},
    {"far_min", FieldType::Real, "", "the zone's minimum plot ratio"},
    {"far_max", FieldType::Real, "", "the zone's maximum plot ratio"},
    {"hub_zone", FieldType::Integer, "0/1", "1 inside the hub economic zone"},
    {"forbidden_use", FieldType::Text, "", "';'-separated land-use code prefixes the plan forbids"},
};

/// Per hub type, three columns named prefix + key + suffix, in this order (§4).
struct HubFactPattern {
  const char* prefix;
  const char* suffix;
  FieldType type;
  const char* unit;
  const char* meaning;
};
inline constexpr HubFactPattern kHubFactPatterns[] = {
    {"dist_", "_m", FieldType::Real, "m", "distance to the nearest hub of the type"},
    {"ring_", "_km", FieldType::Real, "km", "smallest catchment ring holding the subject"},
    {"travel_", "_min", FieldType::Real, "min", "travel time to the nearest hub of the type"},
};

/// Overlap with the planning constraints (§5).
inline constexpr FactColumn kConstraintFacts[] = {
    {"redline_m2", FieldType::Real, "m2", "overlap with 生态保护红线"},
    {"farmland_m2", FieldType::Real, "m2", "overlap with 永久基本农田"},
    {"udb_share", FieldType::Real, "ratio", "share inside the 城镇开发边界"},
};

/// The district (区县) of largest overlap, from the districts layer (§6).
inline constexpr FactColumn kDistrictFacts[] = {
    {"district_code", FieldType::Text, "", "区县 of largest overlap"},
    {"district_name", FieldType::Text, "", "its name"},
    {"district_share", FieldType::Real, "ratio", "overlap with that district / area"},
};

/// Location gates: approved industrial parks and the hub economic zone as a whole (§6).
inline constexpr FactColumn kLocationFacts[] = {
    {"park_id", FieldType::Text, "", "approved park of largest overlap"},
    {"park_name", FieldType::Text, "", "its name"},
    {"park_share", FieldType::Real, "ratio", "share inside any approved park"},
    {"hub_zone_share", FieldType::Real, "ratio",
     "share inside the union of the zones with hub_zone = 1"},
};

/// New and existing construction land from the land survey and the land supply (§6).
inline constexpr FactColumn kLandFacts[] = {
    {"survey_share", FieldType::Real, "ratio", "share covered by 图斑 of a classified 地类"},
    {"new_land_m2", FieldType::Real, "m2",
     "新增建设用地: agricultural or unused land not approved for construction, plus the part "
     "without a classified 图斑"},
    {"new_land_mu", FieldType::Real, "mu", "new_land_m2 in mu"},
    {"existing_land_mu", FieldType::Real, "mu", "存量建设用地: area_mu - new_land_mu"},
    {"cultivated_mu", FieldType::Real, "mu", "耕地 part of the new land, net of 田坎 (TBDLMJ)"},
    {"unsurveyed_mu", FieldType::Real, "mu", "part without a classified 图斑, counted as new land"},
    {"supply_unsupplied_mu", FieldType::Real, "mu", "inside 批而未供 land"},
    {"supply_unused_mu", FieldType::Real, "mu", "inside 供而未用 land"},
    {"supply_reserve_mu", FieldType::Real, "mu", "inside 储备 land"},
    {"supply_supplied_mu", FieldType::Real, "mu", "inside 已供 land"},
};

/// Project facts only, after the others (§7).
inline constexpr FactColumn kProjectOnlyFacts[] = {
    {"on_low_efficiency_m2", FieldType::Real, "m2",
     "overlap with parcels screened as low-efficiency"},
};

/// Parcels only, appended after the other facts when the source has operating_since or
/// completed_date: years to the analysis date, days / 365.25, at least 0 (docs/facts.md section 2,
/// "Years in operation and since completion").
inline constexpr FactColumn kTenureFacts[] = {
    {"operating_years", FieldType::Real, "year", "years since operating_since"},
    {"completed_years", FieldType::Real, "year",
     "years since completed_date, else since operating_since"},
    {"completed_basis", FieldType::Text, "", "the date completed_years counts from"},
};

/// Parcel facts only: 计容建筑面积, 建筑密度 and 建筑系数 from the parcel's own attributes or the
/// buildings layer (§6b). Precedence: the parcel's far_floor_area_m2 / building_coefficient, then
/// the buildings layer; far_basis and coverage_basis say which one a value rests on.
inline constexpr FactColumn kBuildingFacts[] = {
    {"far_floor_area_m2", FieldType::Real, "m2",
     "计容建筑面积: the parcel's own, else Σ footprint ∩ parcel × floors (× 2 for a storey > 8 m) "
     "over the buildings"},
    {"far_basis", FieldType::Text, "",
     "what FAR rests on: far_floor_area_m2, buildings, plot_ratio or floor_area_m2 (gross)"},
    {"building_density", FieldType::Real, "ratio", "建筑密度: buildings' footprint union / area"},
    {"building_coefficient", FieldType::Real, "ratio",
     "建筑系数: declared, else the union of buildings, structures and yards / area"},
    {"coverage_basis", FieldType::Text, "",
     "what building_coefficient rests on: declared, buildings, or density_only"},
};

/// The hub columns (kHubFactPatterns for every hub type, in hub-type order).
inline std::vector<FactColumn> hub_fact_columns() {
  // Names live as long as the program: the table is built once.
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& h : geo::kHubTypes)
      for (const auto& p : kHubFactPatterns) n.push_back(std::string(p.prefix) + h.key + p.suffix);
    return n;
  }();
  std::vector<FactColumn> out;
  std::size_t i = 0;
  for (std::size_t h = 0; h < geo::kHubTypes.size(); ++h)
    for (const auto& p : kHubFactPatterns)
      out.push_back({names[i++].c_str(), p.type, p.unit, p.meaning});
  return out;
}

/// Every overlay facts column of a subject, in facts-table order after the carried attributes:
/// area, intensity, zone, hubs, constraints, districts, location, land (and, for projects,
/// kProjectOnlyFacts; for parcels, kBuildingFacts).
inline std::vector<FactColumn> overlay_fact_columns(bool project) {
  std::vector<FactColumn> out;
  for (const auto& c : kAreaFacts) out.push_back(c);
  for (const auto& c : kIntensityFacts) out.push_back(c);
  for (const auto& c : kZoneFacts) out.push_back(c);
  for (const auto& c : hub_fact_columns()) out.push_back(c);
  for (const auto& c : kConstraintFacts) out.push_back(c);
  for (const auto& c : kDistrictFacts) out.push_back(c);
  for (const auto& c : kLocationFacts) out.push_back(c);
  for (const auto& c : kLandFacts) out.push_back(c);
  if (project)
    for (const auto& c : kProjectOnlyFacts) out.push_back(c);
  else
    for (const auto& c : kBuildingFacts) out.push_back(c);
  return out;
}

}  // namespace hubland::layers

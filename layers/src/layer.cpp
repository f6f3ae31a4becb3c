#include "hubland/layers/layer.hpp"

#include "hubland/error.hpp"

namespace hubland::layers {

namespace {
struct RoleName {
  Role role;
  const char* name;
  const char* id;
};
constexpr RoleName kRoles[] = {
    {Role::Parcels, "parcels", "parcel_id"},
    {Role::Zones, "zones", "zone_id"},
    {Role::Hubs, "hubs", "hub_id"},
    {Role::Catchments, "catchments", "catchment_id"},
    {Role::Constraints, "constraints", "constraint_id"},
    {Role::Projects, "projects", "project_id"},
    {Role::Conversions, "conversions", "request_id"},
    {Role::Roads, "roads", "road_id"},
    {Role::LandSurvey, "land_survey", "survey_id"},
    {Role::LandSupply, "land_supply", "supply_id"},
    {Role::Parks, "parks", "park_id"},
    {Role::Districts, "districts", "district_code"},
    {Role::Buildings, "buildings", "building_id"},
};
}  // namespace

const char* to_string(Role r) noexcept {
  for (const auto& e : kRoles)
    if (e.role == r) return e.name;
  return "parcels";
}

const char* id_column(Role r) noexcept {
  for (const auto& e : kRoles)
    if (e.role == r) return e.id;
  return "id";
}

Role role_from_string(std::string_view s) {
  for (const auto& e : kRoles)
    if (s == e.name) return e.role;
  throw Error(ErrorKind::BadInput,
              "unknown role '" + std::string(s) +
                  "' (roles: parcels zones hubs catchments constraints projects conversions roads "
                  "land_survey land_supply parks districts buildings)");
}

}  // namespace hubland::layers

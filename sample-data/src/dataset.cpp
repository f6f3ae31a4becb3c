// The layers of the sample generator: their schemas, and adding zone, hub, constraint and road
// features to them.

#include <cstdio>

#include "generator_parts.hpp"

namespace hubland::sample::detail {

namespace {

ZoneColumns zone_schema(Table& t) {
  return {
      t.add_column("zone_id", FieldType::Text),     t.add_column("zone_name", FieldType::Text),
      t.add_column("zone_type", FieldType::Text),   t.add_column("planned_use", FieldType::Text),
      t.add_column("far_min", FieldType::Real),     t.add_column("far_max", FieldType::Real),
      t.add_column("hub_zone", FieldType::Integer), t.add_column("forbidden_use", FieldType::Text)};
}

}  // namespace

void add_zone(Dataset& d, const ZoneColumns& zc, const std::string& id, const std::string& name,
              const std::string& type, const std::string& planned, double far_min, double far_max,
              int hub_zone, Wkb geom) {
  const std::size_t r = d.zones.add_row();
  d.zones.set(r, zc.zone_id, id);
  d.zones.set(r, zc.zone_name, name);
  d.zones.set(r, zc.zone_type, type);
  d.zones.set(r, zc.planned_use, planned);
  d.zones.set(r, zc.far_min, far_min);
  d.zones.set(r, zc.far_max, far_max);
  d.zones.set(r, zc.hub_zone, static_cast<std::int64_t>(hub_zone));
  // What a plan rules out even by 控规调整: port zones keep their land for port logistics and
  // production (no M0 office-like R&D), rail zones no stand-alone research land.
  if (type == "临港") d.zones.set(r, zc.forbidden_use, std::string("100100"));
  if (type == "临铁") d.zones.set(r, zc.forbidden_use, std::string("0802"));
  d.zone_geom.push_back(std::move(geom));
}

void add_hub(Dataset& d, const std::string& id, const std::string& name, const std::string& type,
             Wkb geom) {
  const std::size_t r = d.hubs.add_row();
  d.hubs.set(r, 0, id);
  d.hubs.set(r, 1, name);
  d.hubs.set(r, 2, type);
  d.hub_geom.push_back(std::move(geom));
}

void add_constraint(Dataset& d, const std::string& id, const std::string& kind, Wkb geom) {
  const std::size_t r = d.constraints.add_row();
  d.constraints.set(r, 0, id);
  d.constraints.set(r, 1, kind);
  d.constraint_geom.push_back(std::move(geom));
}

void add_road(Dataset& d, const std::string& road_class, std::optional<double> speed,
              const std::vector<P>& pts) {
  const std::size_t r = d.roads.add_row();
  char id[32];
  std::snprintf(id, sizeof id, "R%06zu", r + 1);
  d.roads.set(r, 0, std::string(id));
  d.roads.set(r, 1, road_class);
  if (speed) d.roads.set(r, 2, *speed);
  d.road_geom.push_back(linestring_wkb(pts));
}

void init_schemas(Dataset& d) {
  d.pc = parcel_schema(d.parcels);
  zone_schema(d.zones);
  d.hubs.add_column("hub_id", FieldType::Text);
  d.hubs.add_column("hub_name", FieldType::Text);
  d.hubs.add_column("hub_type", FieldType::Text);
  d.constraints.add_column("constraint_id", FieldType::Text);
  d.constraints.add_column("kind", FieldType::Text);
  d.roads.add_column("road_id", FieldType::Text);
  d.roads.add_column("road_class", FieldType::Text);
  d.roads.add_column("speed_kmh", FieldType::Real, "km/h");
  for (const char* n : {"project_id", "project_name", "enterprise", "industry"})
    d.projects.add_column(n, FieldType::Text);
  for (const char* n :
       {"investment_10k_yuan", "land_mu", "output_10k_yuan", "tax_10k_yuan", "rd_intensity"})
    d.projects.add_column(n, FieldType::Real);
  d.projects.add_column("hightech", FieldType::Integer);
  d.projects.add_column("energy_tce", FieldType::Real);
  d.projects.add_column("pollution_class", FieldType::Integer);
  d.projects.add_column("jobs", FieldType::Integer);
  d.projects.add_column("zone_id", FieldType::Text);
  for (const char* n : {"planned_far", "planned_coverage", "planned_office_share"})
    d.projects.add_column(n, FieldType::Real);
  for (const char* n : {"request_id", "parcel_id", "from_use", "to_use"})
    d.conversions.add_column(n, FieldType::Text);
  for (const char* n : {"industrial_share", "logistics_share", "rd_share", "support_share",
                        "office_land_share", "proposed_far"})
    d.conversions.add_column(n, FieldType::Real);
  d.conversions.add_column("use_scheme", FieldType::Text);
}

Star blob(Dataset& d, Rng& rng, const std::string& id, const char* kind, P center, double radius,
          int vertices) {
  Star s = random_star(rng, center, radius, 0.25);
  add_constraint(d, id, kind, polygon_wkb({s.ring(vertices)}));
  return s;
}

}  // namespace hubland::sample::detail

// The facts bridge: Layers -> geo::compute_overlay -> one facts Table row per subject.
#include "hubland/layers/facts.hpp"
#include "cells.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

#include "building_facts.hpp"
#include "enterprise_facts.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/ellipsoid.hpp"
#include "hubland/geo/overlay.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/facts_columns.hpp"
#include "land_facts.hpp"
#include "prepared_cache.hpp"

namespace hubland::layers {

namespace {

using geo::missing;

const auto text = detail::cell_text;

const auto number = detail::cell_number;

// 第二条 of 《闲置土地处置办法》 counts idle time from the agreed start date (约定动工开发日期).
// Not started by the analysis date: idle_years = (as_of − agreed) / 365.25, at least 0. Started
// on or before it: 0 (the first case no longer holds; the second case — started but little
// built or invested, then stopped — is the rules' business). A parcel without an agreed date
// keeps the source's idle_years.
void set_idle_years(const Layer& subjects, std::size_t agreed_col, const std::string& as_of_text,
                    Table& t, std::size_t idle_col) {
  const Table& src = subjects.attributes;
  const std::string date = date_or_today(as_of_text);
  const auto as_of = iso_day_number(date);
  if (!as_of)
    throw Error(ErrorKind::BadInput, "the analysis date '" + date + "' is not YYYY-MM-DD");
  const auto started_col = src.find("started_date");
  const std::size_t id_col = src.index("parcel_id");
  auto day = [&](std::size_t row, std::size_t col, const char* field) -> std::optional<long> {
    const std::string s = text(src, row, col);
    if (s.empty()) return std::nullopt;
    const auto d = iso_day_number(s);
    if (!d)
      throw Error(ErrorKind::BadInput, "'" + s + "' is not a date YYYY-MM-DD",
                  Where{.file = subjects.source,
                        .layer = subjects.layer_name,
                        .feature = text(src, row, id_col),
                        .field = field});
    return d;
  };
  for (std::size_t i = 0; i < src.row_count(); ++i) {
    const auto from = day(i, agreed_col, "agreed_start_date");
    if (!from) continue;
    const auto started = started_col ? day(i, *started_col, "started_date") : std::nullopt;
    const bool not_started = !started || *started > *as_of;
    t.set(i, idle_col, not_started ? std::max(0.0, years_between(*from, *as_of)) : 0.0);
  }
}

geo::OverlayLayers overlay_layers(const AnalysisInputs& in) {
  geo::OverlayLayers l;
  if (in.has(Role::Zones)) {
    const Layer& z = in.at(Role::Zones);
    l.zones_given = geo::Presence::Present;
    l.zones = z.geometry;
    const std::size_t id = z.attributes.index("zone_id");
    for (std::size_t i = 0; i < z.size(); ++i) l.zone_ids.push_back(text(z.attributes, i, id));
  }
  if (in.has(Role::Hubs)) {
    const Layer& h = in.at(Role::Hubs);
    const std::size_t id = h.attributes.index("hub_id"), type = h.attributes.index("hub_type");
    for (std::size_t i = 0; i < h.size(); ++i) {
      const std::string hub_id = text(h.attributes, i, id);
      auto t = geo::hub_type_from_string(text(h.attributes, i, type));
      if (!t)
        throw Error(
            ErrorKind::BadInput,
            "unknown hub_type '" + text(h.attributes, i, type) + "' (" + geo::hub_type_keys(" ") +
                ")",
            Where{.file = h.source, .layer = h.layer_name, .feature = hub_id, .field = "hub_type"});
      l.hubs.push_back(h.geometry.at(i));
      l.hub_types.push_back(*t);
      l.hub_ids.push_back(hub_id);
    }
  }
  if (in.has(Role::Catchments)) {
    const Layer& c = in.at(Role::Catchments);
    const std::size_t type = c.attributes.index("hub_type"), ring = c.attributes.index("ring_km");
    const std::size_t id = c.attributes.index("catchment_id");
    for (std::size_t i = 0; i < c.size(); ++i) {
      const Where where{
          .file = c.source, .layer = c.layer_name, .feature = text(c.attributes, i, id)};
      auto t = geo::hub_type_from_string(text(c.attributes, i, type));
      auto r = number(c.attributes, i, ring);
      if (!t) throw Error(ErrorKind::BadInput, "catchment without a known hub_type", where);
      if (!r || !(*r > 0))
        throw Error(ErrorKind::BadInput, "catchment without a positive ring_km", where);
      l.catchments.push_back(c.geometry.at(i));
      l.catchment_types.push_back(*t);
      l.catchment_ring_km.push_back(*r);
    }
  }
  if (in.has(Role::Constraints)) {
    const Layer& c = in.at(Role::Constraints);
    l.constraints_given = geo::Presence::Present;
    const std::size_t kind = c.attributes.index("kind"), id = c.attributes.index("constraint_id");
    for (std::size_t i = 0; i < c.size(); ++i) {
      auto k = geo::constraint_kind_from_string(text(c.attributes, i, kind));
      if (!k)
        throw Error(
            ErrorKind::BadInput,
            "unknown constraint kind '" + text(c.attributes, i, kind) + "' (redline farmland udb)",
            Where{.file = c.source,
                  .layer = c.layer_name,
                  .feature = text(c.attributes, i, id),
                  .field = "kind"});
      l.constraints.push_back(c.geometry.at(i));
      l.constraint_kinds.push_back(*k);
    }
  }
  if (in.has(Role::Roads)) {
    const Layer& r = in.at(Role::Roads);
    l.roads_given = geo::Presence::Present;
    l.roads = r.geometry;
    const std::size_t speed = r.attributes.index("speed_kmh");
    for (std::size_t i = 0; i < r.size(); ++i)
      l.road_speed_kmh.push_back(number(r.attributes, i, speed).value_or(30.0));
  }
  return l;
}

FactsResult compute_facts(const AnalysisInputs& in, Role role, const FactsOptions& options,
                          bool with_isochrones) {
  const Layer& subjects = in.at(role);
  geo::OverlayOptions o;
  o.rings_km = options.rings_km;
  o.isochrones_min = with_isochrones ? options.isochrones_min : std::vector<double>{};
  o.access_speed_kmh = options.access_speed_kmh;
  o.sliver_tolerance_m2 = options.sliver_tolerance_m2;
  o.threads = options.threads;
  o.progress = options.progress;
  o.cancel = options.cancel;
  // read_layer validated and repaired every geometry (MakeValid), the subjects' and the
  // layers': no second check of either.
  o.subjects = geo::SubjectValidity::Trusted;
  o.layers = geo::SubjectValidity::Trusted;
  std::optional<detail::PreparedLayerCache> cache;
  if (!options.prepared_cache_dir.empty()) {
    cache.emplace(options.prepared_cache_dir);
    o.prepared_store = &*cache;
  }
  geo::OverlayLayers layers = overlay_layers(in);
  const detail::GroupedPlan plan = detail::plan_grouped_layers(in, options.land_classes, layers);
  // 计容, 建筑密度 and 建筑系数 are parcel facts (a project site's figures are its plans).
  const detail::BuildingPlan buildings =
      role == Role::Parcels ? detail::plan_buildings(in, layers) : detail::BuildingPlan{};

  const Table& src = subjects.attributes;
  const std::size_t id_col = src.index(id_column(role));
  std::vector<std::string> ids(subjects.size());
  for (std::size_t i = 0; i < subjects.size(); ++i) ids[i] = text(src, i, id_col);
  if (subjects.geometry.size() != subjects.size())
    throw Error(ErrorKind::Geometry,
                std::string("the ") + to_string(role) + " layer has no geometry",
                Where{.file = subjects.source, .layer = subjects.layer_name});
  geo::OverlayResult r = geo::compute_overlay(subjects.geometry, layers, o, &ids);
  std::vector<std::string>().swap(ids);  // only named subjects in the overlay's errors
  // Areas as the bureau states them: ellipsoidal on CGCS2000 (docs/facts.md, section 2). Project
  // sites, which quota is charged on, get the geodesic area; parcels the areal-scale-factor area
  // (within 1e-7 of it, several times faster on a city's parcels).
  if (in.working_epsg == 0)
    throw Error(ErrorKind::Crs, "no working CRS: the ellipsoidal areas need one",
                Where{.file = subjects.source, .layer = subjects.layer_name});
  const std::vector<double> ellipsoidal_m2 =
      geo::ellipsoidal_areas_m2(subjects.geometry, in.working_epsg, options.threads,
                                role == Role::Projects ? geo::EllipsoidalMethod::Geodesic
                                                       : geo::EllipsoidalMethod::ScaleFactor);

  FactsResult out;
  Table& t = out.facts;
  t.reserve(subjects.size());
  const std::vector<FactColumn> facts = overlay_fact_columns(role == Role::Projects);
  std::set<std::string> fact_names;
  for (const auto& c : facts) fact_names.insert(c.name);

  // Carried attributes (not the source FID nor the reader's area, recomputed below).
  std::vector<std::pair<std::size_t, std::size_t>> carried;  // source col -> facts col
  for (std::size_t c = 0; c < src.column_count(); ++c) {
    const auto& col = src.column(c);
    if (col.name == "fid" || col.name == "area_m2" || col.name == "area_mu") continue;
    const std::string name = fact_names.count(col.name) ? "src_" + col.name : col.name;
    carried.emplace_back(c, t.add_column(name, col.type, col.unit));
  }
  // A parcel with an agreed start date gets idle_years counted to the analysis date; the column
  // is added when the source only has the dates.
  const auto agreed = role == Role::Parcels ? src.find("agreed_start_date") : std::nullopt;
  std::optional<std::size_t> idle_col;
  if (agreed) {
    idle_col = t.find("idle_years");
    if (!idle_col) idle_col = t.add_column("idle_years", FieldType::Real, "year");
  }
  std::vector<std::size_t> fc;
  for (const auto& c : facts) fc.push_back(t.add_column(c.name, c.type, c.unit));
  t.resize(subjects.size());

  for (const auto& [s, d] : carried) t.copy_column(d, src, s);

  if (agreed) set_idle_years(subjects, *agreed, options.as_of, t, *idle_col);

  // Zone attributes from the first feature of each zone id.
  struct ZoneAttr {
    Value name, type, planned, far_min, far_max, hub_zone, forbidden;
  };
  std::vector<ZoneAttr> zone_attr(r.zone_ids.size());
  if (in.has(Role::Zones)) {
    const Table& z = in.at(Role::Zones).attributes;
    const std::size_t zid = z.index("zone_id");
    std::vector<bool> done(r.zone_ids.size(), false);
    auto get = [&](std::size_t row, const char* name) {
      auto c = z.find(name);
      return c ? z.get(row, *c) : Value{};
    };
    for (std::size_t row = 0; row < z.row_count(); ++row) {
      const std::string id = text(z, row, zid);
      const auto it = std::lower_bound(r.zone_ids.begin(), r.zone_ids.end(), id);
      const auto k = static_cast<std::size_t>(it - r.zone_ids.begin());
      if (it == r.zone_ids.end() || *it != id || done[k]) continue;
      done[k] = true;
      zone_attr[k] = {get(row, "zone_name"),    get(row, "zone_type"), get(row, "planned_use"),
                      get(row, "far_min"),      get(row, "far_max"),   get(row, "hub_zone"),
                      get(row, "forbidden_use")};
    }
  }

  const auto tax = src.find("tax_10k_yuan"), output = src.find("output_10k_yuan"),
             value_added = src.find("value_added_10k_yuan"), employees = src.find("employees"),
             energy = src.find("energy_tce");
  auto real = [&](std::size_t row, std::size_t col, double v) {
    if (!missing(v) && std::isfinite(v)) t.set(row, col, v);
  };
  const std::vector<std::size_t> building_cols =
      role == Role::Parcels
          ? std::vector<std::size_t>(
                fc.end() - static_cast<std::ptrdiff_t>(std::size(kBuildingFacts)), fc.end())
          : std::vector<std::size_t>{};
  // Where each group of facts starts in fc: the areas and per-mu figures (8), the zone, the hubs
  // (3 each), the constraints (3), then the grouped layers.
  const std::size_t zone_k = 8;
  const std::size_t hub_k = zone_k + std::size(kZoneFacts);
  const std::size_t grouped_k = hub_k + 3 * geo::kHubTypeCount + 3;
  const std::size_t grouped_count =
      std::size(kDistrictFacts) + std::size(kLocationFacts) + std::size(kLandFacts);
  const std::vector<std::size_t> grouped_cols(
      fc.begin() + static_cast<std::ptrdiff_t>(grouped_k),
      fc.begin() + static_cast<std::ptrdiff_t>(grouped_k + grouped_count));

  // The areas, the per-mu figures and the zone of subject i.
  auto fill_areas_and_zone = [&](std::size_t i, const geo::SubjectFacts& f) {
    std::size_t k = 0;
    const double area_m2 = ellipsoidal_m2[i];
    const double mu = geo::m2_to_mu(area_m2);
    real(i, fc[k++], area_m2);
    real(i, fc[k++], mu);
    real(i, fc[k++], f.area_m2);
    for (auto col : {tax, output, value_added, employees}) {
      const auto v = number(src, i, col);
      if (v && mu > 0) t.set(i, fc[k], *v / mu);
      ++k;
    }
    const auto e = number(src, i, energy), out_v = number(src, i, output);
    if (e && out_v && *out_v > 0) t.set(i, fc[k], *e / *out_v);
    k = zone_k;
    if (f.zone >= 0) {
      const ZoneAttr& za = zone_attr[static_cast<std::size_t>(f.zone)];
      t.set(i, fc[k], r.zone_ids[static_cast<std::size_t>(f.zone)]);
      t.set(i, fc[k + 1], za.name);
      t.set(i, fc[k + 2], za.type);
      t.set(i, fc[k + 4], za.planned);
      t.set(i, fc[k + 5], za.far_min);
      t.set(i, fc[k + 6], za.far_max);
      t.set(i, fc[k + 7], za.hub_zone);
      t.set(i, fc[k + 8], za.forbidden);
    }
    real(i, fc[k + 3], f.zone_share);
  };
  // The hubs, the constraints, the grouped layers and the buildings of subject i.
  auto fill_the_rest = [&](std::size_t i, const geo::SubjectFacts& f) {
    std::size_t k = hub_k;
    for (std::size_t h = 0; h < geo::kHubTypeCount; ++h) {
      real(i, fc[k++], f.dist_m[h]);
      real(i, fc[k++], f.ring_km[h]);
      real(i, fc[k++], f.travel_min[h]);
    }
    real(i, fc[k++], f.redline_m2);
    real(i, fc[k++], f.farmland_m2);
    real(i, fc[k++], f.udb_share);
    const double area_scale = f.area_m2 > 0 ? ellipsoidal_m2[i] / f.area_m2 : 1.0;
    detail::fill_grouped_facts(plan, f, area_scale, t, i, grouped_cols);
    if (role == Role::Projects) t.set(i, fc.back(), 0.0);  // on_low_efficiency_m2
    if (role == Role::Parcels)
      detail::fill_building_facts(buildings, f, area_scale, src, t, i, building_cols);
  };
  // Two halves of the columns filled side by side, each for every subject: a column (its values,
  // its text, its storage made at its first value) belongs to one thread, so the table is the
  // same for any thread count, and at a million parcels the fresh pages of the new columns are
  // faulted in on both cores (docs/performance.md, "The facts filled by columns").
  geo::parallel_for_each(2, options.threads, [&](std::size_t half, int) {
    for (std::size_t i = 0; i < subjects.size(); ++i) {
      const geo::SubjectFacts& f = r.facts[i];
      if (!f.has_geometry) continue;
      if (half == 0)
        fill_areas_and_zone(i, f);
      else
        fill_the_rest(i, f);
    }
  });
  // The overlay's per-subject results are in the table now: give their memory back before the
  // enterprise columns are added (at a million parcels they are 200 MB, and the peak of the
  // whole run is here).
  std::vector<geo::SubjectFacts>().swap(r.facts);
  // Enterprise attributes checked; years since operating / completion (LE-OUTPUT, LE-TAX).
  if (role == Role::Parcels)
    detail::add_enterprise_facts(subjects, options.as_of, t, options.threads);

  out.counts.subjects_in = r.counts.subjects_in;
  out.counts.with_facts = r.counts.with_facts;
  out.counts.slivers_removed = r.counts.slivers_removed;
  out.counts.network_nodes = r.counts.network_nodes;
  out.counts.network_edges = r.counts.network_edges;
  out.counts.repaired = r.counts.repaired;
  out.counts.layers_prepared = r.counts.layers_prepared;
  out.counts.layers_from_cache = r.counts.layers_from_store;
  for (const auto& rep : in.reports)
    if (rep.source == subjects.source && rep.layer_name == subjects.layer_name)
      out.counts.repaired += rep.counts.repaired;

  out.notes = plan.notes;
  out.epsg = in.working_epsg;
  const auto hid = out.isochrones.add_column("hub_id", FieldType::Text);
  const auto htype = out.isochrones.add_column("hub_type", FieldType::Text);
  const auto mins = out.isochrones.add_column("minutes", FieldType::Real, "min");
  const auto iarea = out.isochrones.add_column("area_m2", FieldType::Real, "m2");
  for (auto& iso : r.isochrones) {
    const std::size_t row = out.isochrones.add_row();
    out.isochrones.set(row, hid, iso.hub_id);
    out.isochrones.set(row, htype, std::string(geo::to_key(iso.hub_type)));
    out.isochrones.set(row, mins, iso.minutes);
    out.isochrones.set(row, iarea, iso.area_m2);
    out.isochrone_geometry.push_back(std::move(iso.geometry));
  }
  return out;
}

}  // namespace

FactsOptions facts_options(const AnalysisSpec& spec) {
  FactsOptions o;
  o.rings_km = spec.rings_km;
  o.isochrones_min = spec.isochrones_min;
  o.access_speed_kmh = spec.access_speed_kmh;
  o.sliver_tolerance_m2 = spec.sliver_tolerance_m2;
  o.threads = spec.threads;
  o.as_of = analysis_date(spec);
  o.prepared_cache_dir = spec.prepared_cache_dir;
  return o;
}

std::string default_prepared_cache_dir() {
  if (const char* dir = std::getenv("HUBLAND_CACHE_DIR")) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/hubland/prepared";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/hubland/prepared";
  return "";
}

FactsResult compute_parcel_facts(const AnalysisInputs& in, const FactsOptions& options) {
  if (!in.has(Role::Parcels)) throw Error(ErrorKind::BadInput, "the analysis has no parcels input");
  return compute_facts(in, Role::Parcels, options, true);
}

FactsResult compute_project_facts(const AnalysisInputs& in, const FactsOptions& options) {
  if (!in.has(Role::Projects))
    throw Error(ErrorKind::BadInput, "the analysis has no projects input");
  return compute_facts(in, Role::Projects, options, false);
}

}  // namespace hubland::layers

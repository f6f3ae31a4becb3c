// 计容建筑面积, 建筑密度 and 建筑系数 of parcels (building_facts.hpp; docs/facts.md, section 6b).
#include "cells.hpp"
#include "building_facts.hpp"

#include <algorithm>

#include "hubland/error.hpp"
#include "hubland/layers/facts_columns.hpp"

namespace hubland::layers::detail {

namespace {

const auto text = detail::cell_text;

const auto number = detail::cell_number;

const auto overlap = detail::group_overlap_m2;

}  // namespace

double floor_factor(std::int64_t floors, std::optional<double> storey_height_m) {
  const double f = static_cast<double>(floors);
  return storey_height_m && *storey_height_m > kDoubleCountStoreyHeightM ? 2 * f : f;
}

BuildingPlan plan_buildings(const AnalysisInputs& in, geo::OverlayLayers& layers) {
  BuildingPlan plan;
  if (!in.has(Role::Buildings)) return plan;
  const Layer& b = in.at(Role::Buildings);
  const Table& a = b.attributes;
  const auto id = a.find("building_id"), floors = a.find("floors"),
             height = a.find("storey_height_m"), kind = a.find("kind");
  // Per subject: a footprint may overlap another (a yard under a canopy), so the coverage
  // groups are unioned per parcel; no city-wide union is built.
  geo::GroupedLayer g{"buildings", {}, {}, geo::GroupUnion::PerSubject};
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto where = [&](const char* field) {
      return Where{
          .file = b.source, .layer = b.layer_name, .feature = text(a, i, id), .field = field};
    };
    const std::string k = text(a, i, kind);
    const geo::Wkb& w = b.geometry.at(i);
    if (k == "structure" || k == "yard") {
      plan.has_structures_or_yards = true;
      g.features.push_back(w), g.groups.push_back(kAllKinds);
      continue;
    }
    if (!k.empty() && k != "building")
      throw Error(ErrorKind::BadInput,
                  "unknown building kind '" + k + "' (building structure yard)", where("kind"));
    const auto n = number(a, i, floors);
    if (!n || !(*n >= 1) || *n != static_cast<double>(static_cast<std::int64_t>(*n)))
      throw Error(ErrorKind::BadInput, "a building needs floors, a positive whole number",
                  where("floors"));
    const int own = kFirstBuilding + static_cast<int>(plan.floor_factor.size());
    plan.floor_factor.push_back(floor_factor(static_cast<std::int64_t>(*n), number(a, i, height)));
    for (int group : {static_cast<int>(kAllKinds), static_cast<int>(kBuildingsOnly), own})
      g.features.push_back(w), g.groups.push_back(group);
  }
  plan.layer = layers.grouped.size();
  layers.grouped.push_back(std::move(g));
  return plan;
}

void fill_building_facts(const BuildingPlan& plan, const geo::SubjectFacts& f, double area_scale,
                         const Table& src, Table& t, std::size_t row,
                         const std::vector<std::size_t>& columns) {
  const double a = f.area_m2;
  // kBuildingFacts: far_floor_area_m2, far_basis, building_density, building_coefficient,
  // coverage_basis.
  const std::size_t c_far = columns.at(0), c_basis = columns.at(1), c_density = columns.at(2),
                    c_coef = columns.at(3), c_cov_basis = columns.at(4);
  const auto* ov = plan.layer ? &f.group_m2.at(*plan.layer) : nullptr;
  // A parcel the footprints do not touch falls back to its attributes: the layer may cover
  // only part of the city, and an untouched parcel cannot tell "nothing built" from "not
  // surveyed".
  const bool covered = ov && a > 0 && overlap(*ov, kAllKinds) > 0;

  // FAR: the parcel's own 计容 area, else the buildings layer, else the gross figures.
  if (const auto own = number(src, row, src.find("far_floor_area_m2"))) {
    t.set(row, c_far, *own);
    t.set(row, c_basis, std::string("far_floor_area_m2"));
  } else if (covered) {
    double planar = 0;
    for (const auto& [g, m2] : *ov)
      if (g >= kFirstBuilding)
        planar += m2 * plan.floor_factor.at(static_cast<std::size_t>(g - kFirstBuilding));
    t.set(row, c_far, planar * area_scale);
    t.set(row, c_basis, std::string("buildings"));
  } else if (number(src, row, src.find("plot_ratio"))) {
    t.set(row, c_basis, std::string("plot_ratio"));
  } else if (number(src, row, src.find("floor_area_m2"))) {
    t.set(row, c_basis, std::string("floor_area_m2"));
  }

  // 建筑密度 counts buildings; 建筑系数 buildings, structures and yards (both as area covered).
  if (covered) t.set(row, c_density, std::min(1.0, overlap(*ov, kBuildingsOnly) / a));
  if (const auto declared = number(src, row, src.find("building_coefficient"))) {
    t.set(row, c_coef, *declared);
    t.set(row, c_cov_basis, std::string("declared"));
  } else if (covered && plan.has_structures_or_yards) {
    t.set(row, c_coef, std::min(1.0, overlap(*ov, kAllKinds) / a));
    t.set(row, c_cov_basis, std::string("buildings"));
  } else if (covered) {
    t.set(row, c_cov_basis, std::string("density_only"));
  }
}

}  // namespace hubland::layers::detail

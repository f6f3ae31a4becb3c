// load_inputs (declared in analysis.hpp): every input of an analysis in ONE working CRS.
#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/memory_preflight.hpp"
#include "hubland/layers/reader.hpp"

namespace hubland::layers {

AnalysisInputs load_inputs(const AnalysisSpec& spec) {
  AnalysisInputs out;
  ReadOptions base;
  base.encoding = spec.encoding;
  base.assume_crs = spec.assume_crs;
  base.threads = spec.threads;
  if (spec.working_epsg) base.working_epsg = *spec.working_epsg;

  // The layer that decides the working CRS goes first: parcels, else the first polygon layer
  // (in role order), else whatever comes first.
  std::vector<Role> order;
  const Role lead_candidates[] = {Role::Parcels,     Role::Zones,       Role::Projects,
                                  Role::Constraints, Role::Catchments,  Role::Hubs,
                                  Role::Roads,       Role::Conversions, Role::LandSurvey,
                                  Role::LandSupply,  Role::Parks,       Role::Districts};
  for (Role r : lead_candidates)
    if (spec.inputs.count(r)) order.push_back(r);
  if (spec.inputs.count(Role::Buildings)) order.push_back(Role::Buildings);  // footprints: last

  // Refuse, before minutes of reading, inputs the machine cannot hold.
  std::vector<std::string> sources;
  for (Role r : order) sources.push_back(spec.inputs.at(r));
  check_memory_for(sources);

  for (Role r : order) {
    ImportReport report;
    ReadOptions options = base;
    if (auto o = spec.offsets.find(r); o != spec.offsets.end()) options.datum = o->second;
    Layer layer = read_layer(spec.inputs.at(r), r, options, report);
    if (!base.working_epsg && report.working_epsg != 0) base.working_epsg = report.working_epsg;
    out.reports.push_back(std::move(report));
    out.layers.emplace(r, std::move(layer));
  }
  out.working_epsg = base.working_epsg.value_or(0);
  // Attribute-only layers (conversions) carry no CRS; give them the analysis one for clarity.
  for (auto& [role, layer] : out.layers)
    if (layer.epsg == 0 && !layer.geometry.empty()) layer.epsg = out.working_epsg;
  return out;
}

}  // namespace hubland::layers

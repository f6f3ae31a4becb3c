// load_inputs (declared in analysis.hpp): every input of an analysis in ONE working CRS.
#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
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

  std::vector<Layer> layers(order.size());
  std::vector<ImportReport> reports(order.size());
  auto read = [&](std::size_t k) {
    ReadOptions options = base;
    if (auto o = spec.offsets.find(order[k]); o != spec.offsets.end()) options.datum = o->second;
    layers[k] = read_layer(spec.inputs.at(order[k]), order[k], options, reports[k]);
  };
  // Until the working CRS is known (named by the analysis, or taken from the first layer that
  // has one), one layer after another; then the rest side by side: the zones and 5,000
  // constraints of a city were read on one core after its parcels. Each layer is the same
  // either way, and a failure is the first failing layer's in this order (parallel_for_each).
  std::size_t next = 0;
  for (; next < order.size() && !base.working_epsg; ++next) {
    read(next);
    if (reports[next].working_epsg != 0) base.working_epsg = reports[next].working_epsg;
  }
  geo::parallel_for_each(order.size() - next, geo::resolve_threads(spec.threads),
                         [&](std::size_t i, int) { read(next + i); });
  for (std::size_t k = 0; k < order.size(); ++k) {
    out.reports.push_back(std::move(reports[k]));
    out.layers.emplace(order[k], std::move(layers[k]));
  }
  out.working_epsg = base.working_epsg.value_or(0);
  // Attribute-only layers (conversions) carry no CRS; give them the analysis one for clarity.
  for (auto& [role, layer] : out.layers)
    if (layer.epsg == 0 && !layer.geometry.empty()) layer.epsg = out.working_epsg;
  return out;
}

}  // namespace hubland::layers

#pragma once
// Hand-built layers for the facts tests: WKT boxes in EPSG:4545 and attribute tables from rows
// of strings.
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/layers/layer.hpp"

namespace hubland::layers {

inline geo::Wkb W(const std::string& wkt) {
  return geo::to_wkb(geo::from_wkt(wkt).get());
}
inline std::string box(double x0, double y0, double x1, double y1) {
  char b[256];
  std::snprintf(b, sizeof b, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x0, y0,
                x1, y0, x1, y1, x0, y1, x0, y0);
  return b;
}

/// A layer with text / real columns given as rows of strings ("" = null; numbers for reals).
inline Layer make_layer(Role role, std::vector<std::pair<std::string, FieldType>> cols,
                        std::vector<std::vector<std::string>> rows,
                        std::vector<geo::Wkb> geometry) {
  Layer l;
  l.role = role;
  l.source = std::string("test-") + to_string(role);
  l.layer_name = to_string(role);
  l.epsg = 4545;
  for (const auto& [n, t] : cols) l.attributes.add_column(n, t);
  for (const auto& row : rows) {
    const std::size_t r = l.attributes.add_row();
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (row[c].empty()) continue;
      if (cols[c].second == FieldType::Text)
        l.attributes.set(r, c, row[c]);
      else if (cols[c].second == FieldType::Integer)
        l.attributes.set(r, c, std::int64_t{std::stoll(row[c])});
      else
        l.attributes.set(r, c, std::stod(row[c]));
    }
  }
  l.geometry = std::move(geometry);
  return l;
}

/// The 三大类 by first-level class, enough to read a 三调 layer in tests (the bundled rulesets'
/// [land_classes] is finer).
inline const LandClassTable& test_land_classes() {
  static const LandClassTable table = [] {
    LandClassTable t;
    t.add({"01", "耕地", LandCategory::Agricultural, true});
    for (const char* c : {"02", "03", "04", "1006", "1103", "1104", "1107", "1202", "1203"})
      t.add({c, "农用地", LandCategory::Agricultural, false});
    for (const char* c : {"05", "06", "07", "08", "09", "10", "1107A", "1109", "1201", "20"})
      t.add({c, "建设用地", LandCategory::Construction, false});
    for (const char* c :
         {"0404", "1101", "1102", "1105", "1106", "1108", "1110", "1204", "1205", "1206", "1207"})
      t.add({c, "未利用地", LandCategory::Unused, false});
    return t;
  }();
  return table;
}

inline FactsOptions quick() {
  FactsOptions o;
  o.land_classes = &test_land_classes();
  o.threads = 1;
  o.isochrones_min.clear();
  return o;
}

inline double real(const Table& t, std::size_t row, const char* col) {
  auto v = as_number(t.get(row, t.index(col)));
  return v ? *v : std::nan("");
}

/// Parcels only: one 100 m square per row, 200 m apart along x, with the given columns.
inline AnalysisInputs parcel_row_inputs(std::vector<std::pair<std::string, FieldType>> cols,
                                        const std::vector<std::vector<std::string>>& rows) {
  AnalysisInputs in;
  in.working_epsg = 4545;
  std::vector<geo::Wkb> g;
  for (std::size_t i = 0; i < rows.size(); ++i)
    g.push_back(W(box(500000 + 200.0 * static_cast<double>(i), 3300000,
                      500100 + 200.0 * static_cast<double>(i), 3300100)));
  in.layers.emplace(Role::Parcels, make_layer(Role::Parcels, std::move(cols), rows, std::move(g)));
  return in;
}

/// The bundled Chongqing sample's spatial inputs, without conversions and projects (read once
/// per test suite: some 15,000 parcels).
inline AnalysisInputs sample_spatial_inputs() {
  AnalysisSpec spec =
      load_analysis(std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml");
  spec.inputs.erase(Role::Conversions);
  spec.inputs.erase(Role::Projects);
  return load_inputs(spec);
}

}  // namespace hubland::layers

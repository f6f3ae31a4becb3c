#pragma once
// Hand-built layers for the facts tests: WKT boxes in EPSG:4545 and attribute tables from rows
// of strings.
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/facts.hpp"
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
                 std::vector<std::vector<std::string>> rows, std::vector<geo::Wkb> geometry) {
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

inline FactsOptions quick() {
  FactsOptions o;
  o.threads = 1;
  o.isochrones_min.clear();
  return o;
}

inline double real(const Table& t, std::size_t row, const char* col) {
  auto v = as_number(t.get(row, t.index(col)));
  return v ? *v : std::nan("");
}

}  // namespace hubland::layers

#pragma once
// Reading one cell of an attribute table where the column may be absent: the one home of these
// helpers for the facts bridges (facts.cpp, land_facts.cpp, building_facts.cpp, …).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// The cell as text; "" when the column is absent or the cell is null.
inline std::string cell_text(const Table& t, std::size_t row, std::optional<std::size_t> col) {
  return !col || t.null_at(row, *col) ? std::string() : as_text(t.get(row, *col));
}

/// The cell as a number; nullopt when the column is absent, the cell null or not a number.
inline std::optional<double> cell_number(const Table& t, std::size_t row,
                                         std::optional<std::size_t> col) {
  if (!col || t.null_at(row, *col)) return std::nullopt;
  return as_number(t.get(row, *col));
}

/// A subject's overlap (m²) with one group of a grouped overlay layer; 0 when it has none.
inline double group_overlap_m2(const std::vector<std::pair<int, double>>& groups, int group) {
  for (const auto& [g, m2] : groups)
    if (g == group) return m2;
  return 0.0;
}

}  // namespace hubland::layers::detail

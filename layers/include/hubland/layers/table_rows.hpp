#pragma once
// Reading a Table row by row, for the writers (CSV, GeoPackage, SpatiaLite, PostGIS COPY, OGR).
//
// The table is stored by column; a writer goes by row. Read straight across, a row of the facts
// table (110 columns) touches 220 separate arrays, and at a million rows nearly every cell is a
// cache miss the prefetcher cannot foresee. for_each_row gathers a block of rows column by
// column (each column a sequential read) into a small row-major buffer and hands the writer one
// row of that buffer at a time.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// One cell of a gathered row: null, or the value of its column's type (text() views the
/// table's bytes, NUL-terminated as Table::text_at's are, valid while the table is unchanged).
struct RowCell {
  union {
    std::int64_t integer;
    double real;
    const char* text_data;
  };
  std::uint32_t text_size;
  FieldType type;
  bool null;
  std::string_view text() const noexcept { return {text_data, text_size}; }
};

/// Calls fn(row, cells) for every row of `table` in order; cells[c] is column c of that row.
/// The span is valid during the call only.
template <class Fn>
void for_each_row(const Table& table, Fn&& fn) {
  constexpr std::size_t kBlockRows = 128;
  const std::size_t ncols = table.column_count();
  const std::size_t rows = table.row_count();
  std::vector<RowCell> block(kBlockRows * std::max<std::size_t>(ncols, 1));
  for (std::size_t r0 = 0; r0 < rows; r0 += kBlockRows) {
    const std::size_t n = std::min(kBlockRows, rows - r0);
    for (std::size_t c = 0; c < ncols; ++c) {
      const FieldType type = table.column(c).type;
      for (std::size_t k = 0; k < n; ++k) {
        RowCell& cell = block[k * ncols + c];
        cell.type = type;
        cell.null = table.null_at(r0 + k, c);
        if (cell.null) continue;
        switch (type) {
          case FieldType::Integer:
            cell.integer = table.integer_at(r0 + k, c);
            break;
          case FieldType::Real:
            cell.real = table.real_at(r0 + k, c);
            break;
          case FieldType::Text: {
            const std::string_view text = table.text_at(r0 + k, c);
            cell.text_data = text.data();
            cell.text_size = static_cast<std::uint32_t>(text.size());
            break;
          }
        }
      }
    }
    for (std::size_t k = 0; k < n; ++k)
      fn(r0 + k, std::span<const RowCell>(block.data() + k * ncols, ncols));
  }
}

}  // namespace hubland::layers

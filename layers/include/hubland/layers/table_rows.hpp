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
#include <utility>
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

/// Rows [begin, end) of a table, and the columns to gather (their indices, in the order the
/// cells are wanted); an empty column list means every column in table order.
struct RowSlice {
  std::size_t begin = 0;
  std::size_t end = static_cast<std::size_t>(-1);  ///< past the last row; clamped to row_count()
  std::span<const std::size_t> columns = {};
};

/// Calls fn(row, cells) for the rows of `slice` in order; cells[k] is the slice's k-th column of
/// that row. The span is valid during the call only.
template <class Fn>
void for_each_row(const Table& table, const RowSlice& slice, Fn&& fn) {
  constexpr std::size_t kBlockRows = 128;
  std::vector<std::size_t> every;
  std::span<const std::size_t> cols = slice.columns;
  if (cols.empty()) {
    every.resize(table.column_count());
    for (std::size_t c = 0; c < every.size(); ++c) every[c] = c;
    cols = every;
  }
  const std::size_t ncols = cols.size();
  const std::size_t end = std::min(slice.end, table.row_count());
  std::vector<RowCell> block(kBlockRows * std::max<std::size_t>(ncols, 1));
  for (std::size_t r0 = slice.begin; r0 < end; r0 += kBlockRows) {
    const std::size_t n = std::min(kBlockRows, end - r0);
    for (std::size_t k = 0; k < ncols; ++k) {
      const std::size_t c = cols[k];
      const FieldType type = table.column(c).type;
      for (std::size_t i = 0; i < n; ++i) {
        RowCell& cell = block[i * ncols + k];
        cell.type = type;
        cell.null = table.null_at(r0 + i, c);
        if (cell.null) continue;
        switch (type) {
          case FieldType::Integer:
            cell.integer = table.integer_at(r0 + i, c);
            break;
          case FieldType::Real:
            cell.real = table.real_at(r0 + i, c);
            break;
          case FieldType::Text: {
            const std::string_view text = table.text_at(r0 + i, c);
            cell.text_data = text.data();
            cell.text_size = static_cast<std::uint32_t>(text.size());
            break;
          }
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i)
      fn(r0 + i, std::span<const RowCell>(block.data() + i * ncols, ncols));
  }
}

/// Every row and every column of `table`, in order.
template <class Fn>
void for_each_row(const Table& table, Fn&& fn) {
  for_each_row(table, RowSlice{}, std::forward<Fn>(fn));
}

}  // namespace hubland::layers

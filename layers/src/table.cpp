#include "hubland/layers/table.hpp"

#include <charconv>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/layers/number_text.hpp"

namespace hubland::layers {

const char* to_string(FieldType t) noexcept {
  switch (t) {
    case FieldType::Integer:
      return "integer";
    case FieldType::Real:
      return "real";
    case FieldType::Text:
      return "text";
  }
  return "text";
}

bool is_null(const Value& v) noexcept {
  return std::holds_alternative<std::monostate>(v);
}

std::optional<double> as_number(const Value& v) noexcept {
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

std::string as_text(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[kShortestTextMax];
    return std::string(buf, shortest_text(*d, buf));
  }
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

std::size_t Table::add_column(std::string name, FieldType type, std::string unit) {
  if (auto existing = find(name)) {
    if (m_columns[*existing].type != type)
      throw Error(ErrorKind::Schema,
                  std::string("column exists with type ") + to_string(m_columns[*existing].type) +
                      ", not " + to_string(type),
                  Where{.field = name});
    return *existing;
  }
  m_columns.push_back(Column{std::move(name), type, std::move(unit)});
  m_data.push_back(nullptr);  // every row null; storage comes with the first value
  return m_columns.size() - 1;
}

std::optional<std::size_t> Table::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < m_columns.size(); ++i)
    if (m_columns[i].name == name) return i;
  return std::nullopt;
}

std::size_t Table::index(std::string_view name) const {
  if (auto i = find(name)) return *i;
  throw Error(ErrorKind::Schema, "no such column", Where{.field = std::string(name)});
}

std::size_t Table::add_row() {
  resize(m_rows + 1);
  return m_rows - 1;
}

template <typename Fn>
void Table::for_each_vector(Storage& s, FieldType type, Fn fn) {
  fn(s.null, std::uint8_t{1});
  switch (type) {
    case FieldType::Integer:
      fn(s.ints, std::int64_t{0});
      break;
    case FieldType::Real:
      fn(s.reals, 0.0);
      break;
    case FieldType::Text:
      fn(s.text_offsets, std::uint64_t{0});
      fn(s.text_sizes, std::uint32_t{0});
      break;
  }
}

void Table::reserve(std::size_t rows) {
  for (std::size_t c = 0; c < m_columns.size(); ++c)
    if (m_data[c])
      for_each_vector(writable(c), m_columns[c].type, [&](auto& v, auto) { v.reserve(rows); });
}

void Table::resize(std::size_t rows, Allocate allocate) {
  auto resize_column = [&](std::size_t c, int) {
    if (!m_data[c] && allocate == Allocate::WhenWritten) return;  // all null at any length
    for_each_vector(writable(c), m_columns[c].type,
                    [&](auto& v, auto fill) { v.resize(rows, fill); });
  };
  // Growing a city's table (a million rows × 110 facts columns) writes gigabytes of new memory:
  // seconds on one thread (docs/performance.md). Columns are independent, so they grow on every
  // core; small tables stay on the calling thread.
  constexpr std::size_t kParallelCells = std::size_t{1} << 22;
  const std::size_t grown = rows > m_rows ? rows - m_rows : 0;
  if (grown * m_columns.size() >= kParallelCells && m_columns.size() > 1)
    geo::parallel_for_each(m_columns.size(), 0, resize_column);
  else
    for (std::size_t c = 0; c < m_columns.size(); ++c) resize_column(c, 0);
  m_rows = rows;
}

void Table::allocate(std::size_t col) {
  if (!m_data.at(col)) writable(col);
}

void Table::reserve_text(std::size_t filled_rows, std::size_t total_rows) {
  if (filled_rows == 0 || total_rows <= filled_rows) return;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    if (m_columns[c].type != FieldType::Text || !m_data[c]) continue;
    std::string& bytes = writable(c).text_bytes;
    const double per_row = static_cast<double>(bytes.size()) / static_cast<double>(filled_rows);
    const auto want = static_cast<std::size_t>(per_row * static_cast<double>(total_rows) * 1.125);
    if (want <= bytes.capacity()) continue;
    bytes.reserve(want);
    geo::touch_pages(bytes.data() + bytes.size(), bytes.capacity() - bytes.size(), 0);
  }
}

Table::Storage& Table::writable(std::size_t col) {
  std::shared_ptr<Storage>& p = m_data.at(col);
  if (!p) {
    p = std::make_shared<Storage>();
    for_each_vector(*p, m_columns[col].type, [&](auto& v, auto fill) { v.assign(m_rows, fill); });
  } else if (p.use_count() > 1) {
    p = std::make_shared<Storage>(*p);  // another table shares it: write a copy of our own
  }
  return *p;
}

void Table::set(std::size_t row, std::size_t col, Value v) {
  const Column& c = m_columns.at(col);
  if (row >= m_rows) throw Error(ErrorKind::Internal, "row out of range", Where{.field = c.name});
  if (is_null(v)) {
    set_null(row, col);
    return;
  }
  Storage& s = writable(col);
  switch (c.type) {
    case FieldType::Integer:
      if (auto* i = std::get_if<std::int64_t>(&v)) {
        s.ints[row] = *i;
        s.null[row] = 0;
        return;
      }
      break;
    case FieldType::Real:
      if (auto n = as_number(v)) {
        s.reals[row] = *n;
        s.null[row] = 0;
        return;
      }
      break;
    case FieldType::Text:
      if (auto* t = std::get_if<std::string>(&v)) {
        set_text(s, row, *t, c);
        s.null[row] = 0;
        return;
      }
      break;
  }
  throw Error(ErrorKind::Schema,
              std::string("value of the wrong type for a ") + to_string(c.type) + " column",
              Where{.feature = std::to_string(row), .field = c.name});
}

void Table::set_text(Storage& s, std::size_t row, std::string_view text, const Column& c) {
  if (text.empty()) {
    s.text_offsets[row] = 0;
    s.text_sizes[row] = 0;
    return;
  }
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(ErrorKind::BadInput, "a text of more than 4 GiB in one cell",
                Where{.feature = std::to_string(row), .field = c.name});
  // An overwritten cell leaves its old bytes behind: tables are filled once, rarely rewritten.
  s.text_offsets[row] = s.text_bytes.size();
  s.text_sizes[row] = static_cast<std::uint32_t>(text.size());
  s.text_bytes.append(text);
  s.text_bytes.push_back('\0');
}

void Table::copy_column(std::size_t col, const Table& src, std::size_t src_col) {
  const Column& c = m_columns.at(col);
  if (src.m_rows != m_rows || src.column(src_col).type != c.type)
    throw Error(ErrorKind::Schema,
                "cannot copy column " + src.column(src_col).name + " (" +
                    std::to_string(src.m_rows) + " rows, " + to_string(src.column(src_col).type) +
                    ") into a " + to_string(c.type) + " column of " + std::to_string(m_rows) +
                    " rows",
                Where{.field = c.name});
  m_data[col] = src.m_data[src_col];
}

void Table::set_null(std::size_t row, std::size_t col) {
  if (row >= m_rows) throw std::out_of_range("Table::set_null: row out of range");
  if (!m_data.at(col)) return;  // already null
  Storage& s = writable(col);
  s.null[row] = 1;
  if (m_columns[col].type == FieldType::Text) {
    s.text_offsets[row] = 0;  // a null text reads as ""
    s.text_sizes[row] = 0;
  }
}

Value Table::get(std::size_t row, std::size_t col) const {
  if (row >= m_rows) throw std::out_of_range("Table::get: row out of range");
  const Storage* s = m_data.at(col).get();
  if (!s || s->null[row]) return std::monostate{};
  switch (m_columns[col].type) {
    case FieldType::Integer:
      return s->ints[row];
    case FieldType::Real:
      return s->reals[row];
    case FieldType::Text:
      return std::string(text_at(row, col));
  }
  return std::monostate{};
}

}  // namespace hubland::layers

#pragma once
// Table — a typed, columnar attribute table: the plain data that flows between stages
// (layer attributes, parcel facts, findings, rankings). Columns are typed (integer, real, text)
// and every cell may be null. Column names are the canonical fact names of docs/facts.md.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hubland::layers {

enum class FieldType { Integer, Real, Text };
const char* to_string(FieldType t) noexcept;

/// One cell: null, integer, real or UTF-8 text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
bool is_null(const Value& v) noexcept;
/// Numeric view of a cell (integer or real); nullopt for null or text.
std::optional<double> as_number(const Value& v) noexcept;
/// Text rendering (integers as digits, reals with up to 17 significant digits, null as "").
std::string as_text(const Value& v);

class Table {
 public:
  struct Column {
    std::string name;
    FieldType type = FieldType::Text;
    std::string unit;  ///< e.g. "m2", "mu", "10k_yuan"; documentation only
  };

  /// Adds a column (all existing rows null) and returns its index; an existing column of the
  /// same name and type returns its index; of another type throws Error(Schema).
  std::size_t add_column(std::string name, FieldType type, std::string unit = {});
  /// Index of a column, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const noexcept;
  /// Index of a column; throws Error(Schema) naming the column when absent.
  std::size_t index(std::string_view name) const;

  std::size_t row_count() const noexcept { return m_rows; }
  std::size_t column_count() const noexcept { return m_columns.size(); }
  const Column& column(std::size_t c) const { return m_columns.at(c); }
  const std::vector<Column>& columns() const noexcept { return m_columns; }

  /// Appends a row of nulls and returns its index.
  std::size_t add_row();
  void reserve(std::size_t rows);
  /// Whether resize gives storage to the columns that hold no value yet.
  enum class Allocate : std::uint8_t {
    WhenWritten,  ///< at their first set() (a column left null never takes memory)
    Now,          ///< now, on every core: for a table about to be filled in every column
  };
  /// New rows are null. A column that holds no value yet takes no memory until its first
  /// set() (Allocate::WhenWritten), whatever the row count.
  void resize(std::size_t rows, Allocate allocate = Allocate::WhenWritten);
  /// Gives column `col` its storage now (its rows null), so that the next resize grows it with
  /// the other allocated columns on every core: for a reader that knows which columns its
  /// source fills, while the rest stay without memory.
  void allocate(std::size_t col);
  /// For a table being filled row by row: gives every text column that has values room for
  /// `total_rows` rows of as many bytes a row as its first `filled_rows` had, and an eighth
  /// more, its pages touched on every core. A reader of a million rows then fills each text
  /// buffer once instead of doubling it some twenty times, each time into fresh memory with a
  /// copy of all before (docs/performance.md, "Reading a GeoPackage with SQLite"). Values are
  /// unchanged; a later row past the estimate grows the buffer as before.
  void reserve_text(std::size_t filled_rows, std::size_t total_rows);

  /// Sets a cell. An integer into a Real column is widened; anything else mismatching the
  /// column type throws Error(Schema). Threads: cells of different columns may be set (and
  /// nulled) concurrently, each column's storage being its own; one column, one thread.
  void set(std::size_t row, std::size_t col, Value v);
  void set_null(std::size_t row, std::size_t col);
  /// Replaces column `col` with column `src_col` of `src` (same row count, same type). The
  /// two tables share the column's storage until either writes to it (no copy is made here).
  /// Throws Error(Schema) when they differ.
  void copy_column(std::size_t col, const Table& src, std::size_t src_col);
  /// Whether column `col` holds any storage: false while every cell of it is null and unset.
  bool allocated(std::size_t col) const { return m_data.at(col) != nullptr; }
  Value get(std::size_t row, std::size_t col) const;
  bool null_at(std::size_t row, std::size_t col) const {
    const Storage* s = m_data.at(col).get();
    return !s || s->null[row] != 0;
  }
  /// Typed access without a variant (the caller knows the type and checked null_at).
  std::int64_t integer_at(std::size_t row, std::size_t col) const { return m_data[col]->ints[row]; }
  double real_at(std::size_t row, std::size_t col) const { return m_data[col]->reals[row]; }
  /// The text of a cell ("" when null). The bytes are followed by a NUL in memory (text_at(…)
  /// .data() can go to C APIs that read up to a terminator; the text itself may hold a NUL).
  /// Valid until the next set() or resize of the table: copy it to keep it past one.
  std::string_view text_at(std::size_t row, std::size_t col) const {
    const Storage* s = m_data[col].get();
    if (!s) return {"", 0};
    return {s->text_bytes.data() + s->text_offsets[row], s->text_sizes[row]};
  }

 private:
  // Text is packed, one buffer per column: a city's facts table has 25 text columns, and a
  // std::string per cell (32 bytes, and a heap block past 15 characters) made them more than
  // half of its memory (docs/performance.md).
  struct Storage {
    std::vector<std::int64_t> ints;
    std::vector<double> reals;
    std::vector<std::uint64_t> text_offsets;  ///< into text_bytes; 0 is the empty text
    std::vector<std::uint32_t> text_sizes;
    std::string text_bytes = std::string(1, '\0');  ///< each text then a NUL; byte 0 is a NUL
    std::vector<std::uint8_t> null;
  };
  void set_text(Storage& s, std::size_t row, std::string_view text, const Column& c);
  /// The storage of column `col`, ready to be written: made (every row null) when the column
  /// has none, copied first when another table shares it.
  Storage& writable(std::size_t col);
  /// Calls fn(vector, fill value of a null row) for each vector of a column of `type`.
  template <typename Fn>
  static void for_each_vector(Storage& s, FieldType type, Fn fn);
  // A city's facts table has 110 columns, a third of them null on every parcel when a layer is
  // absent, and a quarter carried unchanged from the parcels: neither costs memory here
  // (docs/performance.md). nullptr: every cell null; shared: copied on the first write.
  std::vector<std::shared_ptr<Storage>> m_data;
  std::vector<Column> m_columns;
  std::size_t m_rows = 0;
};

}  // namespace hubland::layers

// Table: column copies (the storage moves whole, nulls and values exactly; mismatches refused) and
// growth to a city's rows; rows read back in order by for_each_row.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/layers/table_rows.hpp"

using namespace hubland;
using namespace hubland::layers;

TEST(Table, CopyColumnCarriesValuesAndNullsExactly) {
  Table src;
  const auto name = src.add_column("name", FieldType::Text);
  const auto floors = src.add_column("floors", FieldType::Integer);
  src.resize(3);
  src.set(0, name, std::string("重庆"));
  src.set(2, name, std::string(""));
  src.set(1, floors, std::int64_t{7});

  Table dst;
  const auto other = dst.add_column("other", FieldType::Real);
  const auto n = dst.add_column("name", FieldType::Text);
  const auto f = dst.add_column("floors", FieldType::Integer);
  dst.resize(3);
  dst.set(0, other, 1.5);
  dst.set(1, n, std::string("overwritten"));
  dst.copy_column(n, src, name);
  dst.copy_column(f, src, floors);
  EXPECT_EQ(dst.text_at(0, n), "重庆");
  EXPECT_TRUE(dst.null_at(1, n));  // the copy replaces what was there
  EXPECT_FALSE(dst.null_at(2, n));
  EXPECT_EQ(dst.text_at(2, n), "");
  EXPECT_TRUE(dst.null_at(0, f));
  EXPECT_EQ(dst.integer_at(1, f), 7);
  EXPECT_EQ(dst.real_at(0, other), 1.5);  // other columns untouched
}

TEST(Table, CopyColumnRefusesAnotherTypeOrRowCount) {
  Table src;
  const auto floors = src.add_column("floors", FieldType::Integer);
  src.resize(2);
  Table dst;
  const auto r = dst.add_column("floors", FieldType::Real);
  dst.resize(2);
  EXPECT_THROW(dst.copy_column(r, src, floors), Error);
  Table longer;
  const auto i = longer.add_column("floors", FieldType::Integer);
  longer.resize(3);
  try {
    longer.copy_column(i, src, floors);
    FAIL() << "a column of 2 rows was copied into a table of 3";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Schema);
    EXPECT_NE(std::string(e.what()).find("2 rows"), std::string::npos) << e.what();
  }
}

// A city-sized growth runs over the columns on several threads (Table::resize): what was there
// stays, every new cell is null, whatever thread grew its column.
TEST(Table, GrowingToAMillionRowsKeepsValuesAndLeavesNewCellsNull) {
  Table t;
  const std::size_t id = t.add_column("parcel_id", FieldType::Text);
  const std::size_t floors = t.add_column("floors", FieldType::Integer);
  const std::size_t far = t.add_column("far", FieldType::Real);
  const std::size_t zone = t.add_column("zone_id", FieldType::Text);
  const std::size_t note = t.add_column("note", FieldType::Text);
  t.resize(2);
  t.set(0, id, std::string("CQ-0001"));
  t.set(0, floors, std::int64_t{7});
  t.set(1, far, 2.5);
  t.set(1, zone, std::string("Z-LGJ-01 (a name longer than the small-string buffer)"));
  constexpr std::size_t kRows = 1'000'000;  // 5 columns × 999,998 new cells: the threaded path
  t.resize(kRows);
  ASSERT_EQ(t.row_count(), kRows);
  EXPECT_EQ(t.text_at(0, id), "CQ-0001");
  EXPECT_EQ(t.integer_at(0, floors), 7);
  EXPECT_EQ(t.real_at(1, far), 2.5);
  EXPECT_EQ(t.text_at(1, zone), "Z-LGJ-01 (a name longer than the small-string buffer)");
  EXPECT_TRUE(t.null_at(0, far) && t.null_at(1, id) && t.null_at(0, note));
  std::size_t non_null = 0;
  for (std::size_t c = 0; c < t.column_count(); ++c)
    for (std::size_t r = 2; r < kRows; ++r) non_null += t.null_at(r, c) ? 0 : 1;
  EXPECT_EQ(non_null, 0u);
  t.set(kRows - 1, note, std::string("last"));
  EXPECT_EQ(std::get<std::string>(t.get(kRows - 1, note)), "last");
  t.resize(1);  // shrinking keeps the first rows
  EXPECT_EQ(t.row_count(), 1u);
  EXPECT_EQ(t.text_at(0, id), "CQ-0001");
}

TEST(Table, ForEachRowGivesEveryCellOfEveryRowInOrder) {
  // 300 rows: two whole blocks of 128 and a part one; every third cell null, by column.
  Table t;
  const auto id = t.add_column("id", FieldType::Integer);
  const auto area = t.add_column("area_m2", FieldType::Real);
  const auto name = t.add_column("name", FieldType::Text);
  t.resize(300);
  for (std::size_t r = 0; r < 300; ++r) {
    if (r % 3 != 0) t.set(r, id, static_cast<std::int64_t>(r) * 1000003);
    if (r % 3 != 1) t.set(r, area, 0.5 + static_cast<double>(r));
    if (r % 3 != 2) t.set(r, name, "地块-" + std::to_string(r));
  }
  std::size_t expected_row = 0;
  for_each_row(t, [&](std::size_t r, std::span<const RowCell> cells) {
    ASSERT_EQ(r, expected_row++);
    ASSERT_EQ(cells.size(), 3u);
    EXPECT_EQ(cells[0].type, FieldType::Integer);
    EXPECT_EQ(cells[1].type, FieldType::Real);
    EXPECT_EQ(cells[2].type, FieldType::Text);
    EXPECT_EQ(cells[0].null, r % 3 == 0);
    EXPECT_EQ(cells[1].null, r % 3 == 1);
    EXPECT_EQ(cells[2].null, r % 3 == 2);
    if (!cells[0].null) {
      EXPECT_EQ(cells[0].integer, static_cast<std::int64_t>(r) * 1000003);
    }
    if (!cells[1].null) {
      EXPECT_EQ(cells[1].real, 0.5 + static_cast<double>(r));
    }
    if (!cells[2].null) {
      EXPECT_EQ(cells[2].text(), "地块-" + std::to_string(r));
    }
  });
  EXPECT_EQ(expected_row, 300u);

  std::size_t calls = 0;
  for_each_row(Table{}, [&](std::size_t, std::span<const RowCell>) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

// Text cells live packed in one buffer per column. What the SQLite facts table and the writers
// rely on: every view is followed by a NUL in memory, a NUL inside a text is kept, an emptied or
// overwritten cell reads its new value, and copies of the table or a column read the same.
TEST(Table, TextIsPackedAndEveryViewEndsInANul) {
  Table t;
  const auto name = t.add_column("name", FieldType::Text);
  t.resize(5);
  t.set(0, name, std::string("重庆两江新区"));
  t.set(1, name, std::string(""));
  t.set(2, name, std::string("a\0b", 3));
  t.set(3, name, std::string("first"));
  t.set(3, name, std::string("second, longer than the first"));
  // Row 4 stays null.
  const auto ends_in_nul = [&](const Table& table, std::size_t r) {
    const std::string_view v = table.text_at(r, name);
    return v.data()[v.size()] == '\0';
  };
  for (const Table* table : {&t}) {
    EXPECT_EQ(table->text_at(0, name), "重庆两江新区");
    EXPECT_EQ(table->text_at(1, name), "");
    EXPECT_FALSE(table->null_at(1, name)) << "empty text is not null";
    EXPECT_EQ(table->text_at(2, name), std::string_view("a\0b", 3));
    EXPECT_EQ(table->text_at(3, name), "second, longer than the first");
    EXPECT_TRUE(table->null_at(4, name));
    EXPECT_EQ(table->text_at(4, name), "");
    for (std::size_t r = 0; r < 5; ++r) EXPECT_TRUE(ends_in_nul(*table, r)) << r;
  }
  EXPECT_EQ(std::get<std::string>(t.get(2, name)), std::string("a\0b", 3));

  const Table copy = t;
  Table columns;
  const auto dst = columns.add_column("name", FieldType::Text);
  columns.resize(5);
  columns.copy_column(dst, t, name);
  t.set(0, name, std::string("changed after the copies"));
  for (const Table* table : {&copy, static_cast<const Table*>(&columns)}) {
    EXPECT_EQ(table->text_at(0, 0), "重庆两江新区");
    EXPECT_EQ(table->text_at(3, 0), "second, longer than the first");
    for (std::size_t r = 0; r < 5; ++r) EXPECT_TRUE(ends_in_nul(*table, r)) << r;
  }
  EXPECT_EQ(t.text_at(0, name), "changed after the copies");

  // A cell set to null reads as "" again.
  t.set(3, name, Value{});
  EXPECT_TRUE(t.null_at(3, name));
  EXPECT_EQ(t.text_at(3, name), "");
  t.set(0, name, std::string("again"));
  t.set_null(0, name);
  EXPECT_EQ(t.text_at(0, name), "");
  EXPECT_TRUE(ends_in_nul(t, 0));

  // Growing keeps the texts and adds null cells that read as "".
  t.resize(3000);
  EXPECT_EQ(t.text_at(2, name), std::string_view("a\0b", 3));
  EXPECT_TRUE(t.null_at(2999, name));
  EXPECT_TRUE(ends_in_nul(t, 2999));
}

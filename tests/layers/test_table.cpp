// Table: column copies (the storage shared whole, nulls and values exactly, until either table
// writes; mismatches refused), columns without values that take no storage, growth to a city's
// rows; rows read back in order by for_each_row.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

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

// copy_column and copies of a table share a column's storage (the same bytes) until one of
// them writes to it; the writer then has a copy of its own and the other sees no change.
TEST(Table, CopiesShareAColumnUntilOneOfThemWritesToIt) {
  Table src;
  const auto name = src.add_column("name", FieldType::Text);
  const auto far = src.add_column("far", FieldType::Real);
  src.resize(2);
  src.set(0, name, std::string("两路寸滩"));
  src.set(1, far, 1.8);
  Table dst;
  const auto n = dst.add_column("name", FieldType::Text);
  dst.resize(2);
  dst.copy_column(n, src, name);
  const std::string_view before = src.text_at(0, name);
  EXPECT_EQ(dst.text_at(0, n).data(), before.data());  // shared, not copied

  dst.set(1, n, std::string("果园港"));  // the writer copies first
  EXPECT_NE(dst.text_at(0, n).data(), before.data());
  EXPECT_EQ(dst.text_at(0, n), "两路寸滩");
  EXPECT_EQ(dst.text_at(1, n), "果园港");
  EXPECT_TRUE(src.null_at(1, name));  // the source did not see the write
  EXPECT_EQ(src.text_at(0, name).data(), before.data());

  Table whole = src;  // a copy of the table shares every column
  whole.set(1, far, 2.4);
  whole.set_null(0, name);
  EXPECT_EQ(src.real_at(1, far), 1.8);
  EXPECT_EQ(src.text_at(0, name), "两路寸滩");
  EXPECT_EQ(before, "两路寸滩");  // a view of the source stays valid across the copy's writes
  EXPECT_EQ(whole.real_at(1, far), 2.4);
  EXPECT_TRUE(whole.null_at(0, name));
  src.set(0, far, 0.5);
  EXPECT_TRUE(whole.null_at(0, far));
}

// A column that holds no value takes no storage at any row count (a third of a city's facts
// columns are null on every parcel when a layer is absent); it reads as null everywhere and
// gets storage with its first value. Allocate::Now gives every column its storage up front.
TEST(Table, AColumnWithoutValuesTakesNoStorageUntilItsFirstValue) {
  Table t;
  const auto district = t.add_column("district_code", FieldType::Text);
  const auto share = t.add_column("district_share", FieldType::Real);
  const auto floors = t.add_column("floors", FieldType::Integer);
  t.resize(1'000'000);
  EXPECT_FALSE(t.allocated(district) || t.allocated(share) || t.allocated(floors));
  EXPECT_TRUE(t.null_at(999'999, district));
  EXPECT_EQ(t.text_at(999'999, district), "");
  EXPECT_EQ(t.text_at(5, district).data()[0], '\0');
  EXPECT_TRUE(is_null(t.get(3, share)));
  EXPECT_THROW(t.get(1'000'000, share), std::out_of_range);
  t.set_null(7, floors);  // null already: still nothing stored
  t.set(12, share, Value{});
  EXPECT_FALSE(t.allocated(floors) || t.allocated(share));

  t.set(42, floors, std::int64_t{6});
  EXPECT_TRUE(t.allocated(floors));
  EXPECT_FALSE(t.allocated(district) || t.allocated(share));
  EXPECT_EQ(t.integer_at(42, floors), 6);
  std::size_t non_null = 0;
  for (std::size_t r = 0; r < t.row_count(); ++r) non_null += t.null_at(r, floors) ? 0 : 1;
  EXPECT_EQ(non_null, 1u);
  t.resize(50);
  t.resize(60);
  EXPECT_FALSE(t.allocated(district));
  EXPECT_EQ(t.integer_at(42, floors), 6);
  EXPECT_TRUE(t.null_at(55, floors));

  Table copy;
  const auto c = copy.add_column("district_code", FieldType::Text);
  copy.resize(60);
  copy.copy_column(c, t, district);  // an unallocated column copies as one
  EXPECT_FALSE(copy.allocated(c));

  t.resize(100, Table::Allocate::Now);
  EXPECT_TRUE(t.allocated(district) && t.allocated(share) && t.allocated(floors));
  EXPECT_TRUE(t.null_at(99, district) && t.null_at(0, share) && t.null_at(59, floors));
  EXPECT_EQ(t.integer_at(42, floors), 6);
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

// The facts fill sets the cells of different columns from different threads (set()'s
// contract): each column's values, text and storage (made at its first value) are its own.
TEST(Table, DifferentColumnsAreSetFromTwoThreadsAtOnce) {
  Table t;
  const std::size_t name = t.add_column("zone_name", FieldType::Text);
  const std::size_t dist = t.add_column("dist_port_m", FieldType::Real, "m");
  const std::size_t rows = 200000;
  t.resize(rows);
  std::thread texts([&] {
    for (std::size_t r = 0; r < rows; ++r)
      if (r % 3 != 0) t.set(r, name, "Z" + std::to_string(r));
  });
  std::thread reals([&] {
    for (std::size_t r = 0; r < rows; ++r) t.set(r, dist, 0.5 * static_cast<double>(r));
  });
  texts.join();
  reals.join();
  for (std::size_t r = 0; r < rows; ++r) {
    if (r % 3 == 0)
      ASSERT_TRUE(t.null_at(r, name)) << r;
    else
      ASSERT_EQ(t.text_at(r, name), "Z" + std::to_string(r)) << r;
    ASSERT_EQ(t.real_at(r, dist), 0.5 * static_cast<double>(r)) << r;
  }
}

TEST(Table, ForEachRowGivesASliceOfRowsAndColumnsInTheOrderAsked) {
  // Rows 100..299 of 300 (crossing the 128-row gather blocks), columns 2 and 0 in that order.
  Table t;
  const auto n = t.add_column("n", FieldType::Integer);
  t.add_column("unused", FieldType::Real);
  const auto s = t.add_column("s", FieldType::Text);
  t.resize(300);
  for (std::size_t r = 0; r < 300; ++r) {
    t.set(r, n, static_cast<std::int64_t>(r));
    if (r % 3) t.set(r, s, "r" + std::to_string(r));
  }
  const std::vector<std::size_t> cols = {s, n};
  std::size_t next = 100;
  for_each_row(t, RowSlice{.begin = 100, .end = 1000, .columns = cols},
               [&](std::size_t r, std::span<const RowCell> cells) {
                 ASSERT_EQ(r, next++);
                 ASSERT_EQ(cells.size(), 2u);
                 EXPECT_EQ(cells[0].null, r % 3 == 0);
                 if (r % 3) {
                   EXPECT_EQ(cells[0].text(), "r" + std::to_string(r));
                 }
                 EXPECT_EQ(cells[1].type, FieldType::Integer);
                 EXPECT_EQ(cells[1].integer, static_cast<std::int64_t>(r));
               });
  EXPECT_EQ(next, 300u);  // the end is clamped to the table
  std::size_t calls = 0;
  for_each_row(t, RowSlice{.begin = 300}, [&](std::size_t, std::span<const RowCell>) { ++calls; });
  EXPECT_EQ(calls, 0u);
}

TEST(Table, ReservingTextRoomKeepsEveryValue) {
  Table t;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto n = t.add_column("n", FieldType::Integer);
  t.add_column("never", FieldType::Text);
  t.resize(1000, Table::Allocate::Now);
  for (std::size_t r = 0; r < 10; ++r) t.set(r, id, "重庆-" + std::to_string(r));
  t.reserve_text(10, 1000);
  t.reserve_text(0, 1000);  // nothing to estimate from: no change
  for (std::size_t r = 10; r < 1000; ++r) {
    t.set(r, id, "重庆-" + std::to_string(r) + std::string(r % 50, 'x'));  // past the estimate
    t.set(r, n, static_cast<std::int64_t>(r));
  }
  for (std::size_t r = 0; r < 1000; ++r) {
    const std::string want = "重庆-" + std::to_string(r) + (r < 10 ? "" : std::string(r % 50, 'x'));
    ASSERT_EQ(t.text_at(r, id), want) << r;
    ASSERT_EQ(t.text_at(r, id).data()[want.size()], '\0');
  }
  EXPECT_TRUE(t.null_at(0, 2));
  EXPECT_EQ(t.integer_at(999, n), 999);
}

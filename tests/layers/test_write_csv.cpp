// write_csv's bytes, cell by cell: RFC 4180 quoting, nulls as empty fields, reals in their
// shortest round-trip form, a BOM when asked, and texts longer than the writer's buffer.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "hubland/layers/sink.hpp"
#include "hubland/layers/table.hpp"
#include "test_support.hpp"

using namespace hubland::layers;
using hubland::test::read_file;
using hubland::test::temp_dir;

TEST(WriteCsv, EveryKindOfCellHasItsBytes) {
  Table t;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto n = t.add_column("floors", FieldType::Integer);
  const auto a = t.add_column("area_m2", FieldType::Real, "m2");
  const auto name = t.add_column("名称, \"全称\"", FieldType::Text);
  t.resize(4);
  t.set(0, id, std::string("P1"));
  t.set(0, n, std::int64_t{-3});
  t.set(0, a, 0.5640000000000001);
  t.set(0, name, std::string("重庆渝新, \"物流\"\n有限公司"));
  t.set(1, id, std::string(""));  // an empty text: an empty field, like a null
  t.set(1, a, 1e-5);
  t.set(1, name, std::string("a\rb"));
  t.set(2, n, INT64_MIN);
  t.set(2, a, 100.0);
  const std::string big(3 << 20, 'x');  // three times the 1 MiB the writer holds
  t.set(3, name, big);
  const std::string dir = temp_dir();
  write_csv(t, dir + "/t.csv");
  const std::string want =
      "parcel_id,floors,area_m2,\"名称, \"\"全称\"\"\"\n"
      "P1,-3,0.5640000000000001,\"重庆渝新, \"\"物流\"\"\n有限公司\"\n"
      ",,1e-05,\"a\rb\"\n"
      ",-9223372036854775808,100,\n"
      ",,," +
      big + "\n";
  EXPECT_TRUE(read_file(dir + "/t.csv") == want) << read_file(dir + "/t.csv").substr(0, 300);
  write_csv(t, dir + "/bom.csv", {.bom = true});
  EXPECT_TRUE(read_file(dir + "/bom.csv") == "\xEF\xBB\xBF" + want);

  Table no_columns;
  no_columns.resize(2);
  write_csv(no_columns, dir + "/none.csv");
  EXPECT_EQ(read_file(dir + "/none.csv"), "\n\n\n");
}

// A real equal to the row above's in its column is written from the text kept for it, by its
// bits: 0 after -0 is "0" (equal values, other bits), a null between repeats is empty, and a
// column's repeats do not leak into the next column.
TEST(WriteCsv, ARepeatedRealHasTheBytesOfItsOwnValue) {
  Table t;
  const auto a = t.add_column("share", FieldType::Real);
  const auto b = t.add_column("ring_km", FieldType::Real);
  const double as[] = {1.5, 1.5, -0.0, 0.0, 0.0, 0.1 + 0.2, 0.30000000000000004, 1.5};
  const double bs[] = {3, 3, 3, 1.5, 1.5, 1e21, 1e21, 3};
  t.resize(std::size(as) + 1);
  for (std::size_t r = 0; r < std::size(as); ++r) {
    t.set(r, a, as[r]);
    t.set(r, b, bs[r]);
  }
  t.set(std::size(as), b, 3.0);  // the share is null in the last row
  const std::string dir = temp_dir();
  write_csv(t, dir + "/r.csv");
  EXPECT_EQ(read_file(dir + "/r.csv"),
            "share,ring_km\n1.5,3\n1.5,3\n-0,3\n0,1.5\n0,1.5\n0.30000000000000004,1e+21\n"
            "0.30000000000000004,1e+21\n1.5,3\n,3\n");
}

// Table's column copy: the storage moves whole, nulls and values exactly; mismatches refused.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/table.hpp"

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

// shortest_text must write exactly what std::to_chars(first, last, double) writes: the same
// bytes in every CSV, COPY and as_text, whichever of the two made them.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "hubland/layers/number_text.hpp"

using hubland::layers::ColumnNumberText;
using hubland::layers::kShortestTextMax;
using hubland::layers::shortest_text;

namespace {

std::string std_text(double v) {
  char buf[kShortestTextMax];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string our_text(double v) {
  char buf[kShortestTextMax];
  return std::string(buf, shortest_text(v, buf));
}

}  // namespace

TEST(NumberText, HandPickedValuesReadAsWritten) {
  EXPECT_EQ(our_text(0.5640000000000001), "0.5640000000000001");
  EXPECT_EQ(our_text(3899.138983022175), "3899.138983022175");
  EXPECT_EQ(our_text(100.0), "100");
  EXPECT_EQ(our_text(-0.1), "-0.1");
  EXPECT_EQ(our_text(0.001), "0.001");   // as long as 1e-03: a tie goes to %f
  EXPECT_EQ(our_text(0.0001), "1e-04");  // shorter than 0.0001
  EXPECT_EQ(our_text(0.0015), "0.0015");
  EXPECT_EQ(our_text(1e15), "1e+15");
  EXPECT_EQ(our_text(123456789012345.0), "123456789012345");
  EXPECT_EQ(our_text(0.0), "0");
  EXPECT_EQ(our_text(-0.0), "-0");
  EXPECT_EQ(our_text(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(our_text(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(our_text(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
}

TEST(NumberText, EveryKindOfDoubleGivesStdToCharsBytes) {
  std::mt19937_64 g(20261203);
  std::size_t mismatches = 0;
  auto check = [&](double v) {
    const std::string want = std_text(v), got = our_text(v);
    if (want != got && ++mismatches <= 10)
      ADD_FAILURE() << std::hexfloat << v << ": " << got << " vs " << want;
  };
  for (int i = 0; i < 1'000'000; ++i) {  // any bit pattern: NaNs, subnormals, huge, tiny
    const std::uint64_t bits = g();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    check(v);
  }
  for (int i = 0; i < 1'000'000; ++i) {  // decimals as measured: areas, shares, money
    const double v =
        static_cast<double>(g() % 100'000'000) / std::pow(10.0, static_cast<int>(g() % 12));
    check(g() & 1 ? v : -v);
  }
  for (int i = 0; i < 1'000'000; ++i)  // integers and binary fractions around 2^±70
    check(std::ldexp(static_cast<double>(g() >> 11), static_cast<int>(g() % 140) - 70));
  for (int e = -20; e <= 20; ++e)  // each power of ten and its neighbours
    for (double v : {std::pow(10.0, e), std::nextafter(std::pow(10.0, e), 0.0),
                     std::nextafter(std::pow(10.0, e), 1e300)})
      check(v);
  EXPECT_EQ(mismatches, 0u);
}

// One column's reals written row after row: a repeat (same bits) is the text kept for it, and
// what is written is always shortest_text's: 0 after -0 is "0", NaN and 1e21 (%e) repeat whole.
TEST(NumberText, AColumnsRepeatedValueIsTheSameText) {
  ColumnNumberText column;
  std::string got;
  for (const double v : {1.5, 1.5, -0.0, 0.0, 0.0, 1e21, 1e21, std::nan(""), std::nan(""), 1.5}) {
    char buf[kShortestTextMax];
    got.append(buf, column.put(v, buf));
    got += ' ';
  }
  EXPECT_EQ(got, "1.5 1.5 -0 0 0 1e+21 1e+21 nan nan 1.5 ");
}

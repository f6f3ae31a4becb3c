// Shortest round-trip text of a double, as std::to_chars writes it (number_text.hpp).
#include "hubland/layers/number_text.hpp"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace hubland::layers {

namespace {

constexpr std::uint64_t kPow10[20] = {1ULL,
                                      10ULL,
                                      100ULL,
                                      1000ULL,
                                      10000ULL,
                                      100000ULL,
                                      1000000ULL,
                                      10000000ULL,
                                      100000000ULL,
                                      1000000000ULL,
                                      10000000000ULL,
                                      100000000000ULL,
                                      1000000000000ULL,
                                      10000000000000ULL,
                                      100000000000000ULL,
                                      1000000000000000ULL,
                                      10000000000000000ULL,
                                      100000000000000000ULL,
                                      1000000000000000000ULL,
                                      10000000000000000000ULL};

/// Decimal digits of v > 0: log10 from the bit length (1233/4096 ≈ log10 2), then one compare.
int decimal_digits(std::uint64_t v) noexcept {
  const int t = ((64 - std::countl_zero(v)) * 1233) >> 12;
  return t + (v >= kPow10[t] ? 1 : 0);
}

// "00" "01" … "99": two digits per division.
constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/// Writes the `width` last decimal digits of v (zeros in front as needed) ending at `end`;
/// returns the first.
char* write_digits(std::uint64_t v, int width, char* end) noexcept {
  char* const first = end - width;
  while (end - first >= 2) {
    const auto pair = static_cast<std::size_t>(v % 100) * 2;
    v /= 100;
    *--end = kPairs[pair + 1];
    *--end = kPairs[pair];
  }
  if (end != first) *--end = static_cast<char>('0' + v % 10);
  return first;
}

char* fallback(double value, char* out) noexcept {
  return std::to_chars(out, out + kShortestTextMax, value).ptr;
}

}  // namespace

char* shortest_text(double value, char* out) noexcept {
  if (!std::isfinite(value) || value == 0) return fallback(value, out);
  // value = digits × 10^exponent, digits the shortest that read back as value.
  const auto dec = fmt::detail::dragonbox::to_decimal(value);
  std::uint64_t digits = dec.significand;
  int exponent = dec.exponent;
  while (digits % 10 == 0) {
    digits /= 10;
    ++exponent;
  }
  const int k = decimal_digits(digits);
  const int sci_exponent = exponent + k - 1;  // value = d.ddd × 10^sci_exponent
  // Integers from 10^15 on: std::to_chars may print their exact value in the fixed form
  // rather than these digits padded with zeros; beyond 2^53 the two differ. Leave them to it.
  if (sci_exponent >= 15) return fallback(value, out);
  // Lengths without the sign (the same for both forms).
  const int abs_exp = sci_exponent < 0 ? -sci_exponent : sci_exponent;
  const int sci_len = k + (k > 1 ? 1 : 0) + 2 + (abs_exp >= 100 ? 3 : 2);
  int fixed_len;
  if (sci_exponent >= 0)
    fixed_len = k <= sci_exponent + 1 ? sci_exponent + 1 : k + 1;
  else
    fixed_len = 2 + (-sci_exponent - 1) + k;
  if (fixed_len > sci_len) return fallback(value, out);

  // The digits go straight to their place: no copy of bytes just stored in pieces.
  char* o = out;
  if (value < 0) *o++ = '-';
  if (sci_exponent < 0) {  // 0.000ddd
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -sci_exponent - 1; ++i) *o++ = '0';
    write_digits(digits, k, o + k);
    return o + k;
  }
  const int int_digits = sci_exponent + 1;
  if (k <= int_digits) {  // ddd000
    write_digits(digits, k, o + k);
    o += k;
    for (int i = k; i < int_digits; ++i) *o++ = '0';
    return o;
  }
  const int frac_digits = k - int_digits;  // ddd.ddd
  const std::uint64_t scale = kPow10[frac_digits];
  write_digits(digits % scale, frac_digits, o + k + 1);
  o[int_digits] = '.';
  write_digits(digits / scale, int_digits, o + int_digits);
  return o + k + 1;
}

char* ColumnNumberText::put(double value, char* out) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  if (m_size != 0 && bits == m_bits) {
    std::memcpy(out, m_text, sizeof m_text);  // whole: a fixed-size copy; the end is what counts
    return out + m_size;
  }
  char* end = shortest_text(value, out);
  m_bits = bits;
  m_size = static_cast<int>(end - out);
  std::memcpy(m_text, out, static_cast<std::size_t>(m_size));
  return end;
}

}  // namespace hubland::layers

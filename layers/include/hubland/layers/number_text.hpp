#pragma once
// The text of a real number in HubLand's outputs (CSV, PostGIS COPY, Table::as_text): the
// shortest text that reads back as the same double, exactly the bytes std::to_chars(first, last,
// value) writes (C++17 [charconv.to.chars]: %f or %e, whichever is shorter, %f on a tie).
//
// A facts table of a million parcels has some forty million reals; std::to_chars took 60 ns
// each, 1.6 s of the CSV's 4.5 s. The digits now come from {fmt}'s Dragonbox (about 23 ns), laid
// out here in the fixed form; anything else (the %e form, zero, infinities, NaN, integers
// past 10^15) still goes through std::to_chars (docs/performance.md, "Writing the facts").

#include <cstdint>

namespace hubland::layers {

/// Room that shortest_text needs at `out`.
inline constexpr int kShortestTextMax = 32;

/// Writes the shortest round-trip text of `value` at `out` (kShortestTextMax chars of room)
/// and returns the end: the same characters as std::to_chars(out, out + kShortestTextMax, value).
char* shortest_text(double value, char* out) noexcept;

/// shortest_text() for the cells of one column, written row after row (the CSV, PostGIS COPY):
/// a value with the same bits as the one before is copied from the text kept for it. A third
/// of the facts' numeric cells repeat the row above's (rings of 3/10/30 km, shares of 1, a
/// zone's plot-ratio bounds). Equal bits are the same text; equal values need not be (0, -0).
class ColumnNumberText {
 public:
  /// Writes at `out` (kShortestTextMax chars of room, all of which may be written) what
  /// shortest_text(value, out) writes, and returns its end.
  char* put(double value, char* out) noexcept;

 private:
  std::uint64_t m_bits = 0;
  int m_size = 0;  ///< 0: nothing written yet
  char m_text[kShortestTextMax] = {};
};

}  // namespace hubland::layers

#pragma once
// Defaults of the analysis options, declared once: the overlay engine, the analysis file
// ([analysis] section), the facts bridge, the CLI and the desk all start from these.

#include <array>
#include <vector>

namespace hubland::geo {

inline constexpr std::array<double, 3> kDefaultRingsKm{3, 10, 30};
inline constexpr std::array<double, 3> kDefaultIsochronesMin{15, 30, 60};
/// Off-network access speed to the nearest road node (and straight to a hub).
inline constexpr double kDefaultAccessSpeedKmh = 20.0;
/// Overlaps (and remainders) below this area count as none (as full coverage).
inline constexpr double kDefaultSliverToleranceM2 = 1.0;
/// 0: hardware concurrency; results are identical for any count.
inline constexpr int kDefaultThreads = 0;

inline std::vector<double> default_rings_km() {
  return {kDefaultRingsKm.begin(), kDefaultRingsKm.end()};
}
inline std::vector<double> default_isochrones_min() {
  return {kDefaultIsochronesMin.begin(), kDefaultIsochronesMin.end()};
}

}  // namespace hubland::geo

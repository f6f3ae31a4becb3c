#pragma once
// Area and distance units. Internally areas are m² in a projected working CRS; reports show
// 亩 (mu) and hectares. 1 mu = 10000/15 m² = 2000/3 m².

namespace hubland::geo {

inline constexpr double kM2PerMu = 2000.0 / 3.0;
inline constexpr double kM2PerHa = 10000.0;
inline constexpr double kMuPerHa = 15.0;

constexpr double m2_to_mu(double area_m2) noexcept { return area_m2 / kM2PerMu; }
constexpr double mu_to_m2(double area_mu) noexcept { return area_mu * kM2PerMu; }
constexpr double m2_to_ha(double area_m2) noexcept { return area_m2 / kM2PerHa; }

}  // namespace hubland::geo

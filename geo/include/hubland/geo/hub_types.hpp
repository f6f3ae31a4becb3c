#pragma once
// The five hub types of the national logistics hub plan: the one list of their keys, Chinese
// and English names and map colour. Everything that names or draws a hub type reads it here.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hubland::geo {

/// In facts-column order (dist_/ring_/travel_ columns follow this order).
enum class HubType { LandPort, Airport, Port, Trade, Production };
inline constexpr std::size_t kHubTypeCount = 5;

struct HubTypeInfo {
  HubType type;
  const char* key;         ///< hub_type value and facts-column infix: "land_port", ...
  const char* zh;          ///< 陆港型, ...: accepted as a hub_type value too
  const char* en;          ///< English legend label: "Land port", ...
  const char* colour_hex;  ///< "#rrggbb": hub symbols and catchment rings share it
};

inline constexpr std::array<HubTypeInfo, kHubTypeCount> kHubTypes{{
    {HubType::LandPort, "land_port", "陆港型", "Land port", "#e67814"},
    {HubType::Airport, "airport", "空港型", "Airport", "#1e6edc"},
    {HubType::Port, "port", "港口型", "River port", "#14a0b4"},
    {HubType::Trade, "trade", "商贸服务型", "Trade hub", "#c82878"},
    {HubType::Production, "production", "生产服务型", "Production hub", "#783c14"},
}};

inline const HubTypeInfo& info(HubType t) noexcept {
  return kHubTypes[static_cast<std::size_t>(t)];
}

/// "land_port", "airport", "port", "trade", "production".
inline const char* to_key(HubType t) noexcept {
  return info(t).key;
}

/// Keys and the Chinese names (陆港型 空港型 港口型 商贸服务型 生产服务型); nullopt otherwise.
inline std::optional<HubType> hub_type_from_string(std::string_view s) noexcept {
  for (const auto& h : kHubTypes)
    if (s == h.key || s == h.zh) return h.type;
  return std::nullopt;
}

/// The keys joined by `separator`, for messages: "land_port airport port trade production".
inline std::string hub_type_keys(std::string_view separator) {
  std::string out;
  for (const auto& h : kHubTypes) {
    if (!out.empty()) out += separator;
    out += h.key;
  }
  return out;
}

}  // namespace hubland::geo

#pragma once
// Calendar dates as ISO text (YYYY-MM-DD): the analysis date and the parcels' contract dates.

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace hubland::layers {

/// Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; nullopt when malformed or not a real day.
inline std::optional<long> iso_day_number(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{std::stoi(s.substr(0, 4))},
                                        std::chrono::month{unsigned(std::stoi(s.substr(5, 2)))},
                                        std::chrono::day{unsigned(std::stoi(s.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<long>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

/// The ISO date "YYYY-MM-DD" of a day number (days since 1970-01-01): iso_day_number's inverse.
inline std::string iso_date(long day_number) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day_number}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

/// Today's date in UTC, ISO text: the default analysis date.
inline std::string today_utc_iso() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return iso_date(static_cast<long>(today.time_since_epoch().count()));
}

/// `iso` itself, or today's UTC date when it is empty: the analysis date's one default.
inline std::string date_or_today(const std::string& iso) {
  return iso.empty() ? today_utc_iso() : iso;
}

/// Years between two day numbers, days / 365.25 (the mean Julian year): a whole year of
/// 365 or 366 days comes out within a day of 1.0 either way.
inline double years_between(long from_day, long to_day) {
  return static_cast<double>(to_day - from_day) / 365.25;
}

}  // namespace hubland::layers

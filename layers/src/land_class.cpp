// 现状地类 table lookups and the supply-status vocabulary (land_class.hpp).
#include "hubland/layers/land_class.hpp"

#include <algorithm>

namespace hubland::layers {

const char* to_string(LandCategory c) noexcept {
  switch (c) {
    case LandCategory::Agricultural:
      return "agricultural";
    case LandCategory::Construction:
      return "construction";
    case LandCategory::Unused:
      return "unused";
  }
  return "construction";
}

std::optional<LandCategory> land_category_from_string(std::string_view s) noexcept {
  if (s == "agricultural" || s == "农用地") return LandCategory::Agricultural;
  if (s == "construction" || s == "建设用地") return LandCategory::Construction;
  if (s == "unused" || s == "未利用地") return LandCategory::Unused;
  return std::nullopt;
}

void LandClassTable::add(LandClassEntry entry) {
  auto it = std::lower_bound(
      m_entries.begin(), m_entries.end(), entry.code,
      [](const LandClassEntry& e, const std::string& code) { return e.code < code; });
  if (it != m_entries.end() && it->code == entry.code)
    *it = std::move(entry);
  else
    m_entries.insert(it, std::move(entry));
}

const LandClassEntry* LandClassTable::classify(std::string_view dlbm) const noexcept {
  auto exact = [&](std::string_view code) -> const LandClassEntry* {
    auto it = std::lower_bound(
        m_entries.begin(), m_entries.end(), code,
        [](const LandClassEntry& e, std::string_view c) { return std::string_view(e.code) < c; });
    return it != m_entries.end() && it->code == code ? &*it : nullptr;
  };
  while (!dlbm.empty() && dlbm.back() == ' ') dlbm.remove_suffix(1);
  while (!dlbm.empty() && dlbm.front() == ' ') dlbm.remove_prefix(1);
  if (dlbm.empty()) return nullptr;
  if (const auto* e = exact(dlbm)) return e;
  // 可调整 (K) codes keep their base class.
  if (dlbm.back() == 'K' || dlbm.back() == 'k') dlbm.remove_suffix(1);
  for (std::size_t n = dlbm.size(); n >= 1; --n)
    if (const auto* e = exact(dlbm.substr(0, n))) return e;
  return nullptr;
}

std::optional<SupplyStatus> supply_status_from_string(std::string_view s) noexcept {
  for (const auto& i : kSupplyStatuses)
    if (s == i.key || s == i.zh) return i.status;
  return std::nullopt;
}

const SupplyStatusInfo& info(SupplyStatus s) noexcept {
  for (const auto& i : kSupplyStatuses)
    if (i.status == s) return i;
  return kSupplyStatuses[0];
}

}  // namespace hubland::layers

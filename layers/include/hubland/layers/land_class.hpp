#pragma once
// Current land class (现状地类) and land-supply status (供地状态): the vocabulary that tells new
// construction land (新增建设用地, which consumes the annual quota) from existing construction
// land (存量建设用地, which does not). The code table itself is data: a ruleset's [land_classes]
// (rules::load_ruleset fills a LandClassTable), each entry with its source.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hubland::layers {

/// The three 三大类 of 《土地管理法》第四条: 农用地, 建设用地, 未利用地.
enum class LandCategory { Agricultural, Construction, Unused };
/// "agricultural" | "construction" | "unused"
const char* to_string(LandCategory c) noexcept;
/// The keys above and 农用地 / 建设用地 / 未利用地; nullopt otherwise.
std::optional<LandCategory> land_category_from_string(std::string_view s) noexcept;

struct LandClassEntry {
  std::string code;  ///< a 三调 / GB/T 21010 code or code prefix: "01", "0103", "05H1", "201A"
  std::string name;  ///< 旱地, 工业用地, ...
  LandCategory category = LandCategory::Construction;
  bool cultivated = false;  ///< 耕地 (weighs more: 占补平衡)
};

/// Code -> class by the most specific entry: the code itself, then (for a K-suffixed 可调整 code
/// such as 0201K) the code without the K, then ever shorter prefixes ("0103" -> "01").
class LandClassTable {
 public:
  std::string source;     ///< the document the table follows
  bool verified = false;  ///< false while the mapping rests on secondary evidence
  std::string note;

  void add(LandClassEntry entry);
  /// nullptr when no entry matches (an unclassified code).
  const LandClassEntry* classify(std::string_view dlbm) const noexcept;
  bool empty() const noexcept { return m_entries.empty(); }
  const std::vector<LandClassEntry>& entries() const noexcept { return m_entries; }

 private:
  std::vector<LandClassEntry> m_entries;  ///< sorted by code
};

/// The land_supply layer's status field.
enum class SupplyStatus { ApprovedUnsupplied, SuppliedUnused, Reserve, Supplied };

struct SupplyStatusInfo {
  SupplyStatus status;
  const char* key;   ///< value of the status field after reading
  const char* zh;    ///< 批而未供, ...
  const char* fact;  ///< the per-subject facts column of this status (mu)
};

inline constexpr std::array<SupplyStatusInfo, 4> kSupplyStatuses{{
    {SupplyStatus::ApprovedUnsupplied, "approved_unsupplied", "批而未供", "supply_unsupplied_mu"},
    {SupplyStatus::SuppliedUnused, "supplied_unused", "供而未用", "supply_unused_mu"},
    {SupplyStatus::Reserve, "reserve", "储备", "supply_reserve_mu"},
    {SupplyStatus::Supplied, "supplied", "已供", "supply_supplied_mu"},
}};

/// The key or the Chinese name; nullopt otherwise.
std::optional<SupplyStatus> supply_status_from_string(std::string_view s) noexcept;
const SupplyStatusInfo& info(SupplyStatus s) noexcept;

}  // namespace hubland::layers

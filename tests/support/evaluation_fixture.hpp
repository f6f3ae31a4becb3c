#pragma once
// The two zone-evaluation indicators the evaluation tests (rules, CLI, report, desk) share: a
// zone's tax total against 1000 万元 (benefit, cap 1) and its parcel count against 1 (cost,
// weight 1). Areas drop out, so every score is worked by hand.

#include <string>

namespace hubland::test {

/// The [[evaluation.indicator]] tables: `tax_weight` is TOML ("3" or "{ \"临港\" = 3, \"*\" = 1
/// }"); `parcels_extra` adds lines to the parcel-count indicator (e.g. verified = false).
inline std::string tax_and_parcel_indicators(const std::string& tax_weight,
                                             const std::string& parcels_extra = "") {
  return R"T(
[[evaluation.indicator]]
id = "tax_total"
title = { zh = "税收合计", en = "Tax total" }
value = "sum(tax_10k_yuan)"
unit = "10k yuan"
direction = "benefit"
benchmark = 1000
weight = )T" +
         tax_weight +
         R"T(

[[evaluation.indicator]]
id = "parcels"
title = { zh = "地块数", en = "Parcels" }
value = "count(*)"
unit = "parcels"
direction = "cost"
benchmark = 1
weight = 1
)T" + parcels_extra;
}

}  // namespace hubland::test

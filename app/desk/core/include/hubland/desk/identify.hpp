#pragma once
// Identify — what the app shows for one clicked feature: its attributes, its parcel facts
// and every finding about it with reason and policy clause.

#include <QStandardItemModel>
#include <string>
#include <utility>
#include <vector>

#include "hubland/desk/session.hpp"

namespace hubland::desk {

struct IdentifyResult {
  Role role = Role::Parcels;
  std::string id;                                               ///< parcel_id, zone_id, ...
  std::vector<std::pair<std::string, std::string>> attributes;  ///< the attribute view's cells
  std::vector<std::pair<std::string, std::string>> facts;       ///< facts columns not in attributes
  struct FindingRow {
    std::string rule_id, outcome, actual, threshold, reason_zh, reason_en, clause;
  };
  std::vector<FindingRow> findings;
};

/// Everything known about feature `row` of a role's layer. Null cells are shown as "".
IdentifyResult identify(const Session& session, Role role, std::size_t row);

/// Which language the reasons are shown in.
enum class Language { Chinese, English };
/// Fill a two-column tree (field, value): groups Attributes, Facts, Findings; each finding a
/// node "rule_id: outcome" with children actual, threshold, reason, clause.
void fill_identify_model(QStandardItemModel& model, const IdentifyResult& result,
                         Language language);

}  // namespace hubland::desk

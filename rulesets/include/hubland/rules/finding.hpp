#pragma once
// Finding — one rule's outcome for one subject (parcel, request or project), with its reason
// in Chinese and English and the policy clause it rests on. Every verdict HubLand gives is
// explained by its findings.

#include <string>
#include <vector>

#include "hubland/layers/table.hpp"

namespace hubland::rules {

enum class Outcome { Pass, Fail, Flag, NotApplicable, Condition };
const char* to_string(Outcome o) noexcept;

struct Finding {
  std::string subject_id;
  std::string rule_id;
  Outcome outcome = Outcome::Pass;
  std::string actual;     ///< the value the rule looked at, as text ("0.42")
  std::string threshold;  ///< the value it was compared with ("0.7")
  std::string reason_zh;
  std::string reason_en;
  std::string clause;
};

/// Findings as a table with the columns of findings.csv:
/// subject_id, rule_id, outcome, actual, threshold, reason_zh, reason_en, clause.
layers::Table findings_table(const std::vector<Finding>& findings);

/// Appends district_code and district_name to `t` from the row of `facts` whose `facts_key`
/// equals the row's `key` (null when none): under 四不变 each district reads its own findings,
/// grades and verdicts. Does nothing when `facts` has no district_code column (no districts
/// input).
void add_district_columns(layers::Table& t, const std::string& key, const layers::Table& facts,
                          const std::string& facts_key);

}  // namespace hubland::rules

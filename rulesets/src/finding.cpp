#include "hubland/rules/finding.hpp"

#include <unordered_map>

namespace hubland::rules {

const char* to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::Pass:
      return "pass";
    case Outcome::Fail:
      return "fail";
    case Outcome::Flag:
      return "flag";
    case Outcome::NotApplicable:
      return "n/a";
    case Outcome::Condition:
      return "condition";
  }
  return "pass";
}

layers::Table findings_table(const std::vector<Finding>& findings) {
  using layers::FieldType;
  layers::Table t;
  const char* names[] = {"subject_id", "rule_id",   "outcome",   "actual",
                         "threshold",  "reason_zh", "reason_en", "clause"};
  for (const char* n : names) t.add_column(n, FieldType::Text);
  t.resize(findings.size());
  for (std::size_t r = 0; r < findings.size(); ++r) {
    const Finding& f = findings[r];
    const std::string cells[] = {f.subject_id, f.rule_id,   to_string(f.outcome), f.actual,
                                 f.threshold,  f.reason_zh, f.reason_en,          f.clause};
    for (std::size_t c = 0; c < 8; ++c) t.set(r, c, cells[c]);
  }
  return t;
}

void add_district_columns(layers::Table& t, const std::string& key, const layers::Table& facts,
                          const std::string& facts_key) {
  const auto code = facts.find("district_code"), name = facts.find("district_name"),
             id = facts.find(facts_key), k = t.find(key);
  if (!code || !id || !k || t.find("district_code")) return;
  std::unordered_map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < facts.row_count(); ++r)
    row_of.emplace(layers::as_text(facts.get(r, *id)), r);
  const auto c_code = t.add_column("district_code", layers::FieldType::Text);
  const auto c_name = t.add_column("district_name", layers::FieldType::Text);
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    const auto it = row_of.find(layers::as_text(t.get(r, *k)));
    if (it == row_of.end()) continue;
    t.set(r, c_code, facts.get(it->second, *code));
    if (name) t.set(r, c_name, facts.get(it->second, *name));
  }
}

}  // namespace hubland::rules

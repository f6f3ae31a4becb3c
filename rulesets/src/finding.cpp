#include "hubland/rules/finding.hpp"

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

}  // namespace hubland::rules

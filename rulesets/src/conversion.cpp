// Conversion checks: verdict per request from the [[conversion]] rules
// (hubland/rules/conversion.hpp).
#include "hubland/rules/conversion.hpp"

#include <unordered_map>

#include "hubland/error.hpp"
#include "hubland/layers/vocabulary.hpp"

namespace hubland::rules {

const char* to_string(Verdict v) noexcept {
  const auto i = static_cast<std::size_t>(v);
  return i < layers::kVerdicts.size() ? layers::kVerdicts[i].key : "reject";
}

layers::Table request_facts(const layers::Table& requests, const layers::Table& parcel_facts) {
  const std::size_t req_pid = requests.index("parcel_id");
  const std::size_t fac_pid = parcel_facts.index("parcel_id");
  layers::Table out = requests;
  // Parcel-facts columns not already in the request: (source column, output column).
  std::vector<std::pair<std::size_t, std::size_t>> carried;
  for (std::size_t c = 0; c < parcel_facts.column_count(); ++c) {
    const auto& col = parcel_facts.column(c);
    if (out.find(col.name)) continue;
    carried.emplace_back(c, out.add_column(col.name, col.type, col.unit));
  }
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t r = 0; r < parcel_facts.row_count(); ++r)
    if (!parcel_facts.null_at(r, fac_pid))
      by_id.emplace(layers::as_text(parcel_facts.get(r, fac_pid)), r);
  for (std::size_t r = 0; r < out.row_count(); ++r) {
    if (requests.null_at(r, req_pid)) continue;
    auto it = by_id.find(layers::as_text(requests.get(r, req_pid)));
    if (it == by_id.end()) continue;
    for (const auto& [src, dst] : carried) out.set(r, dst, parcel_facts.get(it->second, src));
  }
  return out;
}

ConversionResult check_conversions(const FactsDb& requests, const Ruleset& ruleset) {
  if (requests.subject() != Subject::Request)
    throw Error(ErrorKind::Internal, "conversion checks need request facts");
  ConversionResult res;
  const std::size_t n = requests.row_count();
  res.verdicts.resize(n);
  for (std::size_t r = 0; r < n; ++r) res.verdicts[r].request_id = requests.ids()[r];
  for (const auto& v : layers::kVerdicts) res.verdict_counts[v.key] = 0;
  res.findings = evaluate(requests, ruleset.conversion, Keep::All);
  std::unordered_map<std::string, const Rule*> rules;
  for (const Rule& r : ruleset.conversion) rules.emplace(r.id, &r);
  std::size_t row = 0;
  for (const Finding& f : res.findings) {
    while (row < n && res.verdicts[row].request_id != f.subject_id) ++row;
    if (row == n)
      throw Error(ErrorKind::Internal, "finding out of facts order",
                  Where{.feature = f.subject_id});
    VerdictRow& v = res.verdicts[row];
    if (f.outcome == Outcome::Fail) {
      v.failed_rules.push_back(f.rule_id);
    } else if (f.outcome == Outcome::Condition) {
      const Rule& rule = *rules.at(f.rule_id);
      v.condition_rules.push_back(f.rule_id);
      v.conditions.push_back(rule.condition.zh + " / " + rule.condition.en);
    }
  }
  for (auto& v : res.verdicts) {
    v.verdict = !v.failed_rules.empty() ? Verdict::Reject
                : !v.conditions.empty() ? Verdict::Conditional
                                        : Verdict::Approve;
    ++res.verdict_counts[to_string(v.verdict)];
  }
  return res;
}

layers::Table verdicts_table(const ConversionResult& result) {
  layers::Table t;
  for (const char* c : {"request_id", "verdict", "conditions", "failed_rules"})
    t.add_column(c, layers::FieldType::Text);
  t.resize(result.verdicts.size());
  for (std::size_t r = 0; r < result.verdicts.size(); ++r) {
    const auto& v = result.verdicts[r];
    std::string conditions, failed;
    for (std::size_t i = 0; i < v.conditions.size(); ++i)
      conditions += (i ? "; " : "") + v.condition_rules[i] + ": " + v.conditions[i];
    for (std::size_t i = 0; i < v.failed_rules.size(); ++i)
      failed += (i ? ";" : "") + v.failed_rules[i];
    t.set(r, 0, v.request_id);
    t.set(r, 1, std::string(to_string(v.verdict)));
    t.set(r, 2, conditions);
    t.set(r, 3, failed);
  }
  return t;
}

}  // namespace hubland::rules

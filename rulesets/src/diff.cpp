// Comparing the outcomes of two rulesets on the same facts (hubland/rules/diff.hpp).
// A rule "changes" for a subject when its acting outcome (flag, fail, condition) differs;
// pass, n/a and absence are the same for this purpose.
#include "hubland/rules/diff.hpp"

#include <map>
#include <unordered_map>

namespace hubland::rules {

namespace {

// Per subject: rule id -> finding, and the rule ids in first-seen order.
struct ByRule {
  std::map<std::string, const Finding*> findings;
  std::vector<std::string> order;
};
using Index = std::unordered_map<std::string, ByRule>;

Index index(const std::vector<Finding>& findings) {
  Index idx;
  for (const Finding& f : findings) {
    auto& b = idx[f.subject_id];
    if (b.findings.emplace(f.rule_id, &f).second) b.order.push_back(f.rule_id);
  }
  return idx;
}

std::string label(const Finding* f) {
  return f ? to_string(f->outcome) : "none";
}

bool non_pass(const Finding* f) {
  return f && f->outcome != Outcome::Pass && f->outcome != Outcome::NotApplicable;
}

// Fills changed_rules / why_* from the differing rule outcomes of one subject.
void explain(const ByRule* a, const ByRule* b, DiffRow& row) {
  static const ByRule empty;
  if (!a) a = &empty;
  if (!b) b = &empty;
  std::vector<std::string> ids = b->order;
  for (const auto& id : a->order)
    if (!b->findings.count(id)) ids.push_back(id);
  for (const auto& id : ids) {
    const auto ia = a->findings.find(id), ib = b->findings.find(id);
    const Finding* fa = ia == a->findings.end() ? nullptr : ia->second;
    const Finding* fb = ib == b->findings.end() ? nullptr : ib->second;
    const std::string la = label(fa), lb = label(fb);
    // pass, n/a and "no such rule" all leave the subject alone: only a change of the outcome
    // that acts (flag, fail, condition) counts.
    if ((non_pass(fa) ? la : "") == (non_pass(fb) ? lb : "")) continue;
    if (!row.changed_rules.empty()) row.changed_rules += "; ";
    row.changed_rules += id + ": " + la + "→" + lb;
    const Finding* why = non_pass(fb) ? fb : non_pass(fa) ? fa : (fb ? fb : fa);
    if (!why) continue;
    const std::string side = why == fb ? "B" : "A";
    if (!row.why_zh.empty()) {
      row.why_zh += "；";
      row.why_en += "; ";
    }
    row.why_zh += id + "（" + side + "）：" + why->reason_zh;
    row.why_en += id + " (" + side + "): " + why->reason_en;
  }
}

std::string grade_label(const GradeRow& g) {
  std::string flags;
  for (std::size_t i = 0; i < g.flags.size(); ++i) flags += (i ? "," : "") + g.flags[i];
  return "grade " + g.grade + "; flags " + (flags.empty() ? "none" : flags);
}

}  // namespace

DiffResult diff_results(const ScreeningResult& a, const ScreeningResult& b,
                        const ConversionResult& ca, const ConversionResult& cb) {
  DiffResult d;
  const Index fa = index(a.findings), fb = index(b.findings);
  std::unordered_map<std::string, const GradeRow*> grades_b;
  for (const auto& g : b.grades) grades_b.emplace(g.parcel_id, &g);
  for (const auto& g : a.grades) {
    auto it = grades_b.find(g.parcel_id);
    if (it == grades_b.end()) continue;
    ++d.parcels_compared;
    const GradeRow& gb = *it->second;
    const bool grade_changed = g.grade != gb.grade;
    const bool flags_changed = g.flags != gb.flags;
    if (!grade_changed && !flags_changed) continue;
    ++d.parcels_changed;
    d.grade_changes += grade_changed;
    d.flag_changes += flags_changed;
    DiffRow row{"parcel", g.parcel_id, grade_label(g), grade_label(gb)};
    const auto ia = fa.find(g.parcel_id), ib = fb.find(g.parcel_id);
    explain(ia == fa.end() ? nullptr : &ia->second, ib == fb.end() ? nullptr : &ib->second, row);
    if (grade_changed) {
      const std::string s = "score/grade " + g.grade + "→" + gb.grade;
      row.changed_rules = row.changed_rules.empty() ? s : s + "; " + row.changed_rules;
    }
    d.rows.push_back(std::move(row));
  }
  const Index ra = index(ca.findings), rb = index(cb.findings);
  std::unordered_map<std::string, const VerdictRow*> verdicts_b;
  for (const auto& v : cb.verdicts) verdicts_b.emplace(v.request_id, &v);
  for (const auto& v : ca.verdicts) {
    auto it = verdicts_b.find(v.request_id);
    if (it == verdicts_b.end()) continue;
    ++d.requests_compared;
    DiffRow row{"request", v.request_id, to_string(v.verdict), to_string(it->second->verdict)};
    const auto ia = ra.find(v.request_id), ib = rb.find(v.request_id);
    explain(ia == ra.end() ? nullptr : &ia->second, ib == rb.end() ? nullptr : &ib->second, row);
    const bool verdict_changed = v.verdict != it->second->verdict;
    if (!verdict_changed && row.changed_rules.empty()) continue;
    ++d.requests_changed;
    d.verdict_changes += verdict_changed;
    d.rows.push_back(std::move(row));
  }
  return d;
}

layers::Table diff_table(const DiffResult& diff) {
  layers::Table t;
  for (const char* c : {"subject_kind", "subject_id", "outcome_a", "outcome_b", "changed_rules",
                        "why_zh", "why_en"})
    t.add_column(c, layers::FieldType::Text);
  t.resize(diff.rows.size());
  for (std::size_t r = 0; r < diff.rows.size(); ++r) {
    const auto& d = diff.rows[r];
    const std::string cells[] = {d.subject_kind,  d.subject_id, d.outcome_a, d.outcome_b,
                                 d.changed_rules, d.why_zh,     d.why_en};
    for (std::size_t c = 0; c < 7; ++c) t.set(r, c, cells[c]);
  }
  return t;
}

}  // namespace hubland::rules

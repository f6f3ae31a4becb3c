// Screening: 亩均 score and grade per evaluation unit (an enterprise's parcels, or a parcel
// without a credit code), written back to every parcel, plus the [[screen]] flags
// (hubland/rules/screening.hpp).
#include "hubland/rules/screening.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <tuple>

#include "hubland/error.hpp"
#include "hubland/layers/facts_columns.hpp"
#include "hubland/layers/vocabulary.hpp"

namespace hubland::rules {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string years_text(double y) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", y);
  return buf;
}

// Attribute columns an enterprise's totals add up (NULL when any parcel lacks the value: a
// partial sum would understate the enterprise), and the per-mu facts recomputed on the totals.
constexpr const char* kSummed[] = {"area_m2",
                                   "area_mu",
                                   "plane_area_m2",
                                   "floor_area_m2",
                                   "tax_10k_yuan",
                                   "output_10k_yuan",
                                   "value_added_10k_yuan",
                                   "energy_tce",
                                   "employees",
                                   "rd_10k_yuan",
                                   "revenue_10k_yuan",
                                   "throughput_t",
                                   "storage_floor_area_m2"};
struct PerMu {
  const char* fact;
  const char* numerator;
  const char* denominator;
};
constexpr PerMu kPerMu[] = {{"tax_per_mu", "tax_10k_yuan", "area_mu"},
                            {"output_per_mu", "output_10k_yuan", "area_mu"},
                            {"value_added_per_mu", "value_added_10k_yuan", "area_mu"},
                            {"employees_per_mu", "employees", "area_mu"},
                            {"energy_per_output", "energy_tce", "output_10k_yuan"}};

/// One evaluation unit: the parcels (facts rows) of one enterprise under one indicator set.
struct Unit {
  std::string key;          ///< credit code, or the parcel id of a parcel without one
  bool enterprise = false;  ///< keyed by a credit code
  std::size_t set = 0;      ///< index into Screening::sets
  std::vector<std::size_t> rows;
};

/// The facts of the units, one row per unit: the first parcel's values, with kSummed columns
/// summed, kPerMu facts recomputed and the years in operation the enterprise's longest.
layers::Table unit_facts(const layers::Table& facts, const std::vector<Unit>& units,
                         const Ruleset& ruleset) {
  layers::Table out;
  std::vector<std::size_t> cols;  // facts column of each output column
  for (std::size_t c = 0; c < facts.column_count(); ++c) {
    const auto& col = facts.column(c);
    bool derived = false;
    for (const auto& d : ruleset.derived) derived = derived || d.name == col.name;
    if (derived) continue;  // computed again on the totals by the FactsDb
    out.add_column(col.name, col.type, col.unit);
    cols.push_back(c);
  }
  out.resize(units.size());
  const std::size_t id = out.index("parcel_id");
  for (std::size_t u = 0; u < units.size(); ++u) {
    const Unit& unit = units[u];
    for (std::size_t c = 0; c < cols.size(); ++c)
      if (!facts.null_at(unit.rows.front(), cols[c]))
        out.set(u, c, facts.get(unit.rows.front(), cols[c]));
    out.set(u, id, unit.key + "#" + std::to_string(unit.set));  // unique per unit
    if (unit.rows.size() < 2) continue;                         // one parcel: its facts as they are
    const auto total = [&](const char* name) -> std::optional<double> {
      const auto c = facts.find(name);
      if (!c) return std::nullopt;
      double sum = 0;
      for (std::size_t r : unit.rows) {
        const auto v = layers::as_number(facts.get(r, *c));
        if (!v) return std::nullopt;
        sum += *v;
      }
      return sum;
    };
    const auto put = [&](const char* name, std::optional<double> v) {
      const auto c = out.find(name);
      if (!c) return;
      if (!v) {
        out.set_null(u, *c);
      } else if (out.column(*c).type == layers::FieldType::Integer) {
        out.set(u, *c, static_cast<std::int64_t>(*v));
      } else {
        out.set(u, *c, *v);
      }
    };
    for (const char* name : kSummed) put(name, total(name));
    for (const PerMu& p : kPerMu) {
      const auto num = total(p.numerator), den = total(p.denominator);
      put(p.fact, num && den && *den > 0 ? std::optional<double>(*num / *den) : std::nullopt);
    }
    for (const auto& f : layers::kTenureFacts) {
      const auto c = facts.find(f.name);
      if (!c || f.type != layers::FieldType::Real) continue;
      std::optional<double> longest;
      for (std::size_t r : unit.rows)
        if (const auto v = layers::as_number(facts.get(r, *c)))
          longest = std::max(longest.value_or(*v), *v);
      put(f.name, longest);
    }
  }
  return out;
}

/// The grade of each score within one group: percentile (mid-rank of ties) or absolute.
std::string grade_of(double s, const std::vector<double>& sorted_desc, const Screening& sc) {
  if (sc.grading == Grading::Absolute)
    return s >= sc.cut_a ? "A" : s >= sc.cut_b ? "B" : s >= sc.cut_c ? "C" : "D";
  // Mid-rank of the tie group: a block of equal scores (e.g. idle land at 0) sits where its
  // middle falls, instead of taking the best or worst grade of the block.
  const auto first = std::lower_bound(sorted_desc.begin(), sorted_desc.end(), s, std::greater<>());
  const auto last = std::upper_bound(first, sorted_desc.end(), s, std::greater<>());
  const double higher = static_cast<double>(first - sorted_desc.begin());
  const double ties = static_cast<double>(last - first);
  const double p = (higher + (ties + 1.0) / 2.0) / static_cast<double>(sorted_desc.size());
  return p <= sc.cut_a ? "A" : p <= sc.cut_b ? "B" : p <= sc.cut_c ? "C" : "D";
}

struct UnitResult {
  std::optional<double> score;
  std::string grade = "-";
  std::vector<std::string> notes;
};

void grade_units(const FactsDb& parcels, const Ruleset& ruleset, ScreeningResult& res) {
  const Screening& sc = ruleset.screening;
  const layers::Table& facts = parcels.table();
  const std::size_t n = parcels.row_count();

  // The set of each parcel: the first whose applies holds.
  std::vector<std::string> set_applies;
  for (const auto& s : sc.sets) set_applies.push_back(s.applies.empty() ? "1" : s.applies);
  const layers::Table in_set = evaluate_values(parcels, set_applies);
  const std::size_t credit_col = facts.index("credit_code");
  std::vector<Unit> units;
  std::map<std::pair<std::string, std::size_t>, std::size_t> unit_of;
  std::vector<std::optional<std::size_t>> parcel_unit(n);
  for (std::size_t r = 0; r < n; ++r) {
    std::optional<std::size_t> set;
    for (std::size_t s = 0; s < sc.sets.size() && !set; ++s) {
      const auto a = layers::as_number(in_set.get(r, s));
      if (a && *a != 0.0) set = s;
    }
    if (!set) continue;  // in no set: not evaluated (grade "-")
    const bool enterprise = !facts.null_at(r, credit_col) && !facts.text_at(r, credit_col).empty();
    const std::string key = enterprise ? std::string(facts.text_at(r, credit_col)) : parcels.ids()[r];
    const auto [it, fresh] = unit_of.try_emplace({key, *set}, units.size());
    if (fresh) units.push_back({key, enterprise, *set, {}});
    units[it->second].rows.push_back(r);
    parcel_unit[r] = it->second;
  }
  if (units.empty()) return;

  // Every set's indicators and the scope condition, over the units' totals, in one pass.
  const layers::Table totals = unit_facts(facts, units, ruleset);
  const FactsDb db(totals, Subject::Parcel, &ruleset);
  std::vector<std::string> exprs;
  std::vector<std::size_t> first_col;  // first value column of each set
  for (const auto& s : sc.sets) {
    first_col.push_back(exprs.size());
    for (const auto& ind : s.indicators) exprs.push_back(ind.value);
  }
  const std::size_t applies_col = exprs.size();
  exprs.push_back(sc.applies.empty() ? "1" : sc.applies);
  exprs.push_back("operating_years");
  const layers::Table values = evaluate_values(db, exprs);

  std::vector<UnitResult> out(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    UnitResult& ur = out[u];
    const IndicatorSet& set = sc.sets[units[u].set];
    if (units[u].rows.size() > 1)
      ur.notes.push_back("企业 " + std::to_string(units[u].rows.size()) +
                         " 宗地合计评价 / total of " + std::to_string(units[u].rows.size()) +
                         " parcels");
    const auto in_scope = layers::as_number(values.get(u, applies_col));
    if (!in_scope || *in_scope == 0.0) {
      ur.notes.push_back("不在评价范围内 / outside the evaluation scope");
      continue;
    }
    if (sc.new_enterprise_years > 0) {
      const auto years = layers::as_number(values.get(u, applies_col + 1));
      if (years && *years < sc.new_enterprise_years) {
        const std::string limit = format_number(sc.new_enterprise_years);
        const bool fixed = sc.new_enterprise != "new";
        const std::string zh = *years == 0.0
                                   ? "尚未投产（在建）"
                                   : "投产 " + years_text(*years) + " 年，不满 " + limit + " 年";
        const std::string en = *years == 0.0
                                   ? "not yet operating (under construction)"
                                   : "operating " + years_text(*years) + " years (< " + limit + ")";
        ur.notes.push_back(
            zh + (fixed ? "，按 " + sc.new_enterprise + " 档处理" : "，不参与分档") + " / " + en +
            (fixed ? ": treated as grade " + sc.new_enterprise : ": not graded (new)"));
        ur.grade = sc.new_enterprise;
        continue;
      }
      if (!years)
        ur.notes.push_back(
            "投产日期未知，按已投产满年限评价 / operating_since unknown: evaluated as established");
    }
    double sum = 0, weights = 0;
    std::vector<const Indicator*> pending;
    for (std::size_t i = 0; i < set.indicators.size(); ++i) {
      const Indicator& ind = set.indicators[i];
      const auto v = layers::as_number(values.get(u, first_col[units[u].set] + i));
      const std::string name = ind.title.zh + "(" + ind.id + ")";
      if (!v) {
        if (ind.on_missing == OnMissing::Ungraded) {
          pending.push_back(&ind);
        } else if (ind.on_missing == OnMissing::Zero) {
          ur.notes.push_back(name + "缺失，按0分计 / " + ind.id + " missing: scored 0");
          weights += ind.weight;
        } else {
          ur.notes.push_back(name + "缺失，不计入得分 / " + ind.id +
                             " missing: left out (weights renormalised)");
        }
        continue;
      }
      double ratio = 0;
      if (ind.direction == Indicator::Direction::Benefit)
        ratio = *v / ind.benchmark;
      else
        ratio = *v <= 0 ? sc.ratio_cap : ind.benchmark / *v;
      sum += std::clamp(ratio, 0.0, sc.ratio_cap) * ind.weight;
      weights += ind.weight;
    }
    if (!pending.empty()) {
      std::string zh, en;
      for (const Indicator* ind : pending) {
        zh += (zh.empty() ? "" : "、") + ind->title.zh + "(" + ind->id + ")";
        en += (en.empty() ? "" : " and ") + ind->id;
      }
      ur.notes.push_back(zh + "缺失，待补数据后分档 / " + en + " missing: ungraded pending data");
      ur.grade = "pending";
      continue;
    }
    if (weights <= 0) {
      ur.notes.push_back("无可用指标 / no indicator value");
      continue;
    }
    ur.score = 100.0 * sum / weights;
  }

  // Percentiles within each grade group, one entry per unit.
  std::map<std::string, std::vector<double>> group_scores;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (out[u].score) group_scores[sc.sets[units[u].set].group].push_back(*out[u].score);
  for (auto& [g, v] : group_scores) std::sort(v.begin(), v.end(), std::greater<>());
  for (std::size_t u = 0; u < units.size(); ++u)
    if (out[u].score)
      out[u].grade = grade_of(*out[u].score, group_scores[sc.sets[units[u].set].group], sc);

  for (std::size_t r = 0; r < n; ++r) {
    if (!parcel_unit[r]) continue;
    const Unit& unit = units[*parcel_unit[r]];
    const UnitResult& ur = out[*parcel_unit[r]];
    GradeRow& g = res.grades[r];
    g.score = ur.score;
    g.grade = ur.grade;
    if (unit.enterprise) g.credit_code = unit.key;
    g.evaluated_as = unit.enterprise ? "enterprise" : "parcel";
    g.grade_group = sc.sets[unit.set].group;
    g.grade_note = join(ur.notes, "; ");
  }
  for (const Unit& u : units) {
    ++res.units;
    if (u.enterprise) ++res.enterprises;
  }
}

}  // namespace

ScreeningResult screen(const FactsDb& parcels, const Ruleset& ruleset, Keep keep) {
  if (parcels.subject() != Subject::Parcel)
    throw Error(ErrorKind::Internal, "screening needs parcel facts");
  ScreeningResult res;
  const std::size_t n = parcels.row_count();
  res.grades.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    res.grades[r].parcel_id = parcels.ids()[r];
    res.grades[r].grade = "-";
  }
  for (const auto& g : layers::kGrades) res.grade_counts[g.key] = 0;
  for (const auto& g : layers::kUngradedStates) res.grade_counts[g.key] = 0;
  for (const Rule& rule : ruleset.screen) res.flag_counts[rule.id] = 0;

  if (ruleset.has_screening && n > 0) grade_units(parcels, ruleset, res);
  for (const auto& g : res.grades) ++res.grade_counts[g.grade];

  // Flags: every [[screen]] rule in one pass.
  res.findings = evaluate(parcels, ruleset.screen, keep);
  std::size_t row = 0;
  for (const Finding& f : res.findings) {
    if (f.outcome != Outcome::Flag && f.outcome != Outcome::Fail) continue;
    while (row < n && res.grades[row].parcel_id != f.subject_id) ++row;
    if (row == n)
      throw Error(ErrorKind::Internal, "finding out of facts order",
                  Where{.feature = f.subject_id});
    res.grades[row].flags.push_back(f.rule_id);
    ++res.flag_counts[f.rule_id];
  }
  for (const auto& g : res.grades)
    if (!g.flags.empty()) ++res.parcels_flagged;

  if (ruleset.has_land_status) {
    res.has_land_status = true;
    for (const char* st : kLandStatuses) res.status_tally[st] = {};
    const layers::Table mu = n > 0 ? evaluate_values(parcels, {"area_mu"}) : layers::Table{};
    for (std::size_t r = 0; r < n; ++r) {
      GradeRow& g = res.grades[r];
      std::tie(g.land_status, g.disposal) = land_status_of(g.flags, ruleset.land_status);
      const double m = layers::as_number(mu.get(r, 0)).value_or(0.0);
      for (auto* tally : {&res.status_tally[g.land_status], &res.disposal_tally[g.disposal]}) {
        ++tally->parcels;
        tally->mu += m;
      }
    }
  }
  return res;
}

std::pair<std::string, std::string> land_status_of(const std::vector<std::string>& flags,
                                                   const LandStatusMap& map) {
  const auto strength = [](const std::string& status) {
    const auto* it = std::find_if(std::begin(kLandStatuses), std::end(kLandStatuses),
                                  [&](const char* x) { return status == x; });
    return it - std::begin(kLandStatuses);  // 0 strongest
  };
  const LandStatusRule* best = nullptr;
  for (const LandStatusRule& m : map.rules) {
    if (std::find(flags.begin(), flags.end(), m.rule_id) == flags.end()) continue;
    if (!best || strength(m.status) < strength(best->status)) best = &m;
  }
  if (!best) return {"正常", map.normal_disposal};
  return {best->status, best->disposal};
}

layers::Table grades_table(const ScreeningResult& result) {
  layers::Table t;
  t.add_column("parcel_id", layers::FieldType::Text);
  t.add_column("score", layers::FieldType::Text);  // text: the same rounding as the reasons
  t.add_column("grade", layers::FieldType::Text);
  t.add_column("flags", layers::FieldType::Text);
  if (result.has_land_status) {
    t.add_column("land_status", layers::FieldType::Text);
    t.add_column("disposal", layers::FieldType::Text);
  }
  const std::size_t credit = t.add_column("credit_code", layers::FieldType::Text);
  t.add_column("evaluated_as", layers::FieldType::Text);
  t.add_column("grade_group", layers::FieldType::Text);
  t.add_column("grade_note", layers::FieldType::Text);
  t.resize(result.grades.size());
  for (std::size_t r = 0; r < result.grades.size(); ++r) {
    const auto& g = result.grades[r];
    t.set(r, 0, g.parcel_id);
    t.set(r, 1, g.score ? format_number(*g.score) : std::string());
    t.set(r, 2, g.grade);
    t.set(r, 3, join(g.flags, ";"));
    if (result.has_land_status) {
      t.set(r, 4, g.land_status);
      t.set(r, 5, g.disposal);
    }
    t.set(r, credit, g.credit_code);
    t.set(r, credit + 1, g.evaluated_as);
    t.set(r, credit + 2, g.grade_group);
    t.set(r, credit + 3, g.grade_note);
  }
  return t;
}

}  // namespace hubland::rules

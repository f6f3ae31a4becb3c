// Screening: 亩均 score and grade per parcel, plus the [[screen]] flags
// (hubland/rules/screening.hpp).
#include "hubland/rules/screening.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "hubland/error.hpp"
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
  res.grade_counts["-"] = 0;  // not graded
  for (const Rule& rule : ruleset.screen) res.flag_counts[rule.id] = 0;

  // Scores: the indicator values (and the applies condition) in one pass.
  if (ruleset.has_screening && n > 0) {
    const Screening& sc = ruleset.screening;
    std::vector<std::string> exprs;
    for (const auto& ind : sc.indicators) exprs.push_back(ind.value);
    if (!sc.applies.empty()) exprs.push_back(sc.applies);
    const layers::Table values = evaluate_values(parcels, exprs);
    const std::size_t k = sc.indicators.size();
    std::vector<double> graded_scores;
    for (std::size_t r = 0; r < n; ++r) {
      if (!sc.applies.empty()) {
        const auto a = layers::as_number(values.get(r, k));
        if (!a || *a == 0.0) continue;
      }
      double sum = 0, weights = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const auto v = layers::as_number(values.get(r, i));
        if (!v) continue;
        const Indicator& ind = sc.indicators[i];
        double ratio = 0;
        if (ind.direction == Indicator::Direction::Benefit)
          ratio = *v / ind.benchmark;
        else
          ratio = *v <= 0 ? sc.ratio_cap : ind.benchmark / *v;
        ratio = std::clamp(ratio, 0.0, sc.ratio_cap);
        sum += ratio * ind.weight;
        weights += ind.weight;
      }
      if (weights <= 0) continue;
      res.grades[r].score = 100.0 * sum / weights;
      graded_scores.push_back(*res.grades[r].score);
    }
    std::sort(graded_scores.begin(), graded_scores.end(), std::greater<>());
    const double count = static_cast<double>(graded_scores.size());
    for (auto& g : res.grades) {
      if (!g.score) continue;
      const double s = *g.score;
      if (sc.grading == Grading::Percentile) {
        // Mid-rank of the tie group: a block of equal scores (e.g. idle parcels at 0) sits where
        // its middle falls, instead of taking the best or worst grade of the block.
        const auto first =
            std::lower_bound(graded_scores.begin(), graded_scores.end(), s, std::greater<>());
        const auto last = std::upper_bound(first, graded_scores.end(), s, std::greater<>());
        const double higher = static_cast<double>(first - graded_scores.begin());
        const double ties = static_cast<double>(last - first);
        const double p = (higher + (ties + 1.0) / 2.0) / count;
        g.grade = p <= sc.cut_a ? "A" : p <= sc.cut_b ? "B" : p <= sc.cut_c ? "C" : "D";
      } else {
        g.grade = s >= sc.cut_a ? "A" : s >= sc.cut_b ? "B" : s >= sc.cut_c ? "C" : "D";
      }
    }
  }
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
  }
  return t;
}

}  // namespace hubland::rules

// [screening] of a ruleset: settings, indicator sets and indicators (screening_parse.hpp).
#include "screening_parse.hpp"

#include <set>

#include "hubland/layers/vocabulary.hpp"
#include "toml_ctx.hpp"

namespace hubland::rules::detail {

namespace {

Indicator parse_indicator(const Ctx& ctx, const toml::node& e, Compiler& comp,
                          std::set<std::string>& ids) {
  const auto* it = e.as_table();
  if (!it) ctx.fail(e, "[[screening.indicator]] must be a table", "screening");
  Indicator ind;
  ind.id = ctx.str(*it, "id", {}, true);
  if (ind.id.empty()) ctx.fail(e, "indicator id must not be empty");
  if (!ids.insert(ind.id).second) ctx.fail(e, "duplicate indicator id '" + ind.id + "'", ind.id);
  ctx.only_keys(*it,
                {"id", "title", "value", "unit", "benchmark", "weight", "direction", "on_missing",
                 "verified", "note"},
                ind.id, "[[screening.indicator]]");
  ind.line = line_of(e);
  ind.title = ctx.text(*it, "title", ind.id, true);
  ind.value = ctx.str(*it, "value", ind.id, true);
  ind.unit = ctx.str(*it, "unit", ind.id, false);
  ind.benchmark = ctx.number(*it, "benchmark", ind.id, std::nullopt);
  ind.weight = ctx.number(*it, "weight", ind.id, std::nullopt);
  if (!(ind.benchmark > 0)) ctx.fail(node_or(*it, "benchmark"), "benchmark must be > 0", ind.id);
  if (!(ind.weight > 0)) ctx.fail(node_or(*it, "weight"), "weight must be > 0", ind.id);
  const std::string dir = ctx.str(*it, "direction", ind.id, false);
  if (dir.empty() || dir == "benefit") {
    ind.direction = Indicator::Direction::Benefit;
  } else if (dir == "cost") {
    ind.direction = Indicator::Direction::Cost;
  } else {
    ctx.fail(node_or(*it, "direction"), "direction must be \"benefit\" or \"cost\"", ind.id);
  }
  const std::string missing = ctx.str(*it, "on_missing", ind.id, false);
  if (missing.empty() || missing == "skip") {
    ind.on_missing = OnMissing::Skip;
  } else if (missing == "zero") {
    ind.on_missing = OnMissing::Zero;
  } else if (missing == "ungraded") {
    ind.on_missing = OnMissing::Ungraded;
  } else {
    ctx.fail(node_or(*it, "on_missing"), "on_missing must be \"zero\", \"ungraded\" or \"skip\"",
             ind.id);
  }
  ind.verified = ctx.boolean(*it, "verified", ind.id, true);
  ind.note = ctx.str(*it, "note", ind.id, false);
  comp.check(ind.value, ExpressionKind::Value, "value",
             Where{.file = ctx.file, .line = line_of(node_or(*it, "value")), .rule = ind.id});
  return ind;
}

std::vector<Indicator> parse_indicators(const Ctx& ctx, const toml::node& at,
                                        const toml::node* node, const std::string& owner,
                                        Compiler& comp, std::set<std::string>& ids) {
  const auto* arr = node ? node->as_array() : nullptr;
  if (!arr || arr->empty()) ctx.fail(at, owner + " needs at least one indicator", owner);
  std::vector<Indicator> out;
  for (const auto& e : *arr) out.push_back(parse_indicator(ctx, e, comp, ids));
  return out;
}

}  // namespace

Screening parse_screening(const toml::node& node, const std::string& file, Compiler& comp,
                          std::vector<Unverified>& unverified) {
  const Ctx ctx{file};
  const auto* t = node.as_table();
  if (!t) ctx.fail(node, "[screening] must be a table");
  ctx.only_keys(*t,
                {"applies", "grading", "cutoffs", "ratio_cap", "indicator", "set",
                 "new_enterprise_years", "new_enterprise", "note"},
                "screening", "[screening]");
  Screening sc;
  sc.line = line_of(node);
  sc.applies = ctx.str(*t, "applies", "screening", false);
  if (!sc.applies.empty())
    comp.check(sc.applies, ExpressionKind::Boolean, "applies",
               Where{.file = file, .line = line_of(node_or(*t, "applies")), .rule = "screening"});
  sc.ratio_cap = ctx.number(*t, "ratio_cap", "screening", 3.0);
  if (!(sc.ratio_cap > 0)) ctx.fail(node_or(*t, "ratio_cap"), "ratio_cap must be > 0", "screening");
  const std::string grading = ctx.str(*t, "grading", "screening", false);
  if (grading.empty() || grading == "percentile") {
    sc.grading = Grading::Percentile;
  } else if (grading == "absolute") {
    sc.grading = Grading::Absolute;
  } else {
    ctx.fail(node_or(*t, "grading"), "grading must be \"percentile\" or \"absolute\"", "screening");
  }
  const auto* cut = t->get("cutoffs") ? t->get("cutoffs")->as_table() : nullptr;
  if (!cut)
    ctx.fail(node, "[screening] needs cutoffs = { A = ..., B = ..., C = ... }", "screening");
  ctx.only_keys(*cut, {"A", "B", "C"}, "screening", "cutoffs");
  sc.cut_a = ctx.number(*cut, "A", "screening", std::nullopt);
  sc.cut_b = ctx.number(*cut, "B", "screening", std::nullopt);
  sc.cut_c = ctx.number(*cut, "C", "screening", std::nullopt);
  const bool ordered =
      sc.grading == Grading::Percentile
          ? (0 < sc.cut_a && sc.cut_a <= sc.cut_b && sc.cut_b <= sc.cut_c && sc.cut_c <= 1)
          : (sc.cut_a >= sc.cut_b && sc.cut_b >= sc.cut_c);
  if (!ordered)
    ctx.fail(*cut,
             sc.grading == Grading::Percentile
                 ? "percentile cutoffs must satisfy 0 < A <= B <= C <= 1 (top shares)"
                 : "absolute cutoffs must satisfy A >= B >= C (minimum scores)",
             "screening");

  sc.new_enterprise_years = ctx.number(*t, "new_enterprise_years", "screening", 0.0);
  if (!(sc.new_enterprise_years >= 0))
    ctx.fail(node_or(*t, "new_enterprise_years"), "new_enterprise_years must be >= 0", "screening");
  const std::string treat = ctx.str(*t, "new_enterprise", "screening", false);
  bool grade_key = false;
  for (const auto& g : layers::kGrades) grade_key = grade_key || treat == g.key;
  if (treat.empty() || treat == "ungraded") {
    sc.new_enterprise = "new";
  } else if (grade_key) {
    sc.new_enterprise = treat;
  } else {
    ctx.fail(node_or(*t, "new_enterprise"),
             "new_enterprise must be \"ungraded\" or a grade \"A\", \"B\", \"C\" or \"D\"",
             "screening");
  }

  const toml::node* sets = t->get("set");
  const toml::node* top = t->get("indicator");
  if (sets && top)
    ctx.fail(*top, "[screening] takes either [[screening.set]] or [[screening.indicator]]",
             "screening");
  if (!sets) {
    IndicatorSet s;
    s.id = s.group = "default";
    s.line = sc.line;
    std::set<std::string> ind_ids;
    s.indicators = parse_indicators(ctx, node, top, "[screening]", comp, ind_ids);
    sc.sets.push_back(std::move(s));
  } else {
    const auto* arr = sets->as_array();
    if (!arr || arr->empty())
      ctx.fail(*sets, "[[screening.set]] must be tables with id and indicators", "screening");
    std::set<std::string> set_ids;
    for (const auto& e : *arr) {
      const auto* st = e.as_table();
      if (!st) ctx.fail(e, "[[screening.set]] must be a table", "screening");
      IndicatorSet s;
      s.id = ctx.str(*st, "id", "screening", true);
      if (s.id.empty()) ctx.fail(e, "set id must not be empty", "screening");
      if (!set_ids.insert(s.id).second) ctx.fail(e, "duplicate set id '" + s.id + "'", s.id);
      ctx.only_keys(*st, {"id", "group", "applies", "indicator", "note"}, s.id,
                    "[[screening.set]]");
      s.line = line_of(e);
      s.group = ctx.str(*st, "group", s.id, false);
      if (s.group.empty()) s.group = s.id;
      s.applies = ctx.str(*st, "applies", s.id, false);
      if (!s.applies.empty())
        comp.check(s.applies, ExpressionKind::Boolean, "applies",
                   Where{.file = file, .line = line_of(node_or(*st, "applies")), .rule = s.id});
      std::set<std::string> ind_ids;  // unique within a set (规上 and 规下 may share ids)
      s.indicators =
          parse_indicators(ctx, e, st->get("indicator"), "set '" + s.id + "'", comp, ind_ids);
      sc.sets.push_back(std::move(s));
    }
  }
  for (const IndicatorSet& s : sc.sets)
    for (const Indicator& ind : s.indicators)
      if (!ind.verified)
        unverified.push_back({"indicator " + (s.id == "default" ? ind.id : s.id + "/" + ind.id),
                              ind.note, ind.line});
  return sc;
}

}  // namespace hubland::rules::detail

// Parsing [evaluation] (evaluation_config.hpp): grade cut-offs, ratio cap and the indicators,
// each value compiled as one aggregate before any data is read.
#include "evaluation_parse.hpp"

#include <cctype>
#include <cmath>
#include <set>

#include "toml_ctx.hpp"

namespace hubland::rules::detail {

namespace {

EvaluationIndicator parse_indicator(const Ctx& ctx, const toml::table& t, Compiler& comp,
                                    Compiler& project_comp) {
  EvaluationIndicator ind;
  ind.line = line_of(t);
  ind.id = ctx.str(t, "id", "evaluation", true);
  if (ind.id.empty()) ctx.fail(t, "an [[evaluation.indicator]] needs a non-empty id", "evaluation");
  // The id names a column of zone_evaluation.csv beside the fixed ones.
  for (char c : ind.id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      ctx.fail(t, "evaluation indicator ids use letters, digits and '_' only", ind.id);
  for (const char* fixed : {"zone_id", "zone_name", "zone_type", "district_code", "year", "score",
                            "rank", "grade", "change_vs_prev", "missing"})
    if (ind.id == fixed)
      ctx.fail(t, "evaluation indicator id '" + ind.id + "' is a fixed output column", ind.id);
  ctx.only_keys(t,
                {"id", "title", "value", "over", "evidence", "unit", "direction", "benchmark",
                 "weight", "source", "verified", "note"},
                ind.id, "[[evaluation.indicator]]");
  const Text title = ctx.text(t, "title", ind.id, true);
  ind.title_zh = title.zh;
  ind.title_en = title.en;
  ind.value = ctx.str(t, "value", ind.id, true);
  ind.unit = ctx.str(t, "unit", ind.id, false);
  ind.source = ctx.str(t, "source", ind.id, false);
  ind.verified = ctx.boolean(t, "verified", ind.id, true);
  ind.note = ctx.str(t, "note", ind.id, false);
  const std::string over = ctx.str(t, "over", ind.id, false);
  if (over == "projects")
    ind.over = EvaluationIndicator::Over::Projects;
  else if (!over.empty() && over != "parcels")
    ctx.fail(node_or(t, "over"), "over = \"" + over + "\" is not one of parcels | projects",
             ind.id);
  ind.evidence = ctx.str(t, "evidence", ind.id, false);
  if (!ind.evidence.empty()) {
    if (ind.over == EvaluationIndicator::Over::Projects)
      ctx.fail(node_or(t, "evidence"),
               "evidence lists the parcels behind a number: only for parcel indicators", ind.id);
    comp.check(ind.evidence, ExpressionKind::Boolean, "evidence",
               Where{.file = ctx.file, .line = line_of(node_or(t, "evidence")), .rule = ind.id});
  }
  const std::string dir = ctx.str(t, "direction", ind.id, true);
  if (dir == "benefit")
    ind.direction = EvaluationIndicator::Direction::Benefit;
  else if (dir == "cost")
    ind.direction = EvaluationIndicator::Direction::Cost;
  else
    ctx.fail(node_or(t, "direction"), "direction = \"" + dir + "\" is not one of benefit | cost",
             ind.id);
  ind.benchmark = ctx.number(t, "benchmark", ind.id, std::nullopt);
  if (!(ind.benchmark > 0) || !std::isfinite(ind.benchmark))
    ctx.fail(node_or(t, "benchmark"), "benchmark must be a number > 0", ind.id);

  // weight = { "临港" = 20, "*" = 15 }, or one number for every zone type.
  const toml::node* wn = t.get("weight");
  if (!wn)
    ctx.fail(t, "missing 'weight' (a number or { \"<zone type>\" = number, \"*\" = ... })", ind.id);
  auto weight_value = [&](const toml::node& n, const std::string& type) {
    auto v = n.value<double>();
    if (!v || !std::isfinite(*v) || *v < 0)
      ctx.fail(n, "weight for '" + type + "' must be a number >= 0", ind.id);
    return *v;
  };
  if (const auto* wt = wn->as_table()) {
    for (const auto& [k, v] : *wt)
      ind.weights.emplace_back(std::string(k.str()), weight_value(v, std::string(k.str())));
    if (ind.weights.empty()) ctx.fail(*wn, "weight table is empty", ind.id);
  } else {
    ind.weights.emplace_back("*", weight_value(*wn, "*"));
  }
  (ind.over == EvaluationIndicator::Over::Projects ? project_comp : comp)
      .check_aggregate(
          ind.value, "value",
          Where{.file = ctx.file, .line = line_of(node_or(t, "value")), .rule = ind.id});
  return ind;
}

EvaluationConsequence parse_consequence(const Ctx& ctx, const toml::node& node) {
  const auto* t = node.as_table();
  if (!t) ctx.fail(node, "[evaluation.consequence] must be a table", "consequence");
  ctx.only_keys(*t, {"base_cap_mu", "quota_change", "clause", "verified", "note"}, "consequence",
                "[evaluation.consequence]");
  EvaluationConsequence c;
  c.present = true;
  c.line = line_of(node);
  c.base_cap_mu = ctx.number(*t, "base_cap_mu", "consequence", 0.0);
  if (!(c.base_cap_mu >= 0) || !std::isfinite(c.base_cap_mu))
    ctx.fail(node_or(*t, "base_cap_mu"), "base_cap_mu must be a number >= 0 (mu)", "consequence");
  const toml::node* qc = t->get("quota_change");
  const auto* qt = qc ? qc->as_table() : nullptr;
  if (!qt)
    ctx.fail(qc ? *qc : node,
             "quota_change must be { A = 0.2, B = 0, C = -0.1, D = -0.2 } (share of the base)",
             "consequence");
  ctx.only_keys(*qt, {"A", "B", "C", "D"}, "consequence", "quota_change");
  for (const char* g : {"A", "B", "C", "D"}) {
    if (!qt->get(g)) continue;
    const double v = ctx.number(*qt, g, "consequence", std::nullopt);
    // −100 % or less would turn a cap negative: a zone cannot lose more than its whole quota.
    if (!(v > -1) || !std::isfinite(v))
      ctx.fail(node_or(*qt, g), std::string("quota_change.") + g + " must be a share > -1",
               "consequence");
    c.quota_change.emplace_back(g, v);
  }
  c.clause = ctx.str(*t, "clause", "consequence", false);
  c.verified = ctx.boolean(*t, "verified", "consequence", true);
  c.note = ctx.str(*t, "note", "consequence", false);
  return c;
}

}  // namespace

EvaluationConfig parse_evaluation(const toml::node& node, const std::string& file, Compiler& comp,
                                  Compiler& project_comp, std::vector<Unverified>& unverified) {
  const Ctx ctx{file};
  const auto* t = node.as_table();
  if (!t) ctx.fail(node, "[evaluation] must be a table", "evaluation");
  ctx.only_keys(*t, {"grades", "ratio_cap", "self_tolerance", "indicator", "consequence", "note"},
                "evaluation", "[evaluation]");
  EvaluationConfig cfg;
  cfg.line = line_of(node);
  cfg.ratio_cap = ctx.number(*t, "ratio_cap", "evaluation", 1.0);
  if (!(cfg.ratio_cap > 0))
    ctx.fail(node_or(*t, "ratio_cap"), "ratio_cap must be > 0", "evaluation");
  cfg.self_tolerance = ctx.number(*t, "self_tolerance", "evaluation", 0.05);
  if (!(cfg.self_tolerance >= 0))
    ctx.fail(node_or(*t, "self_tolerance"), "self_tolerance must be >= 0", "evaluation");
  if (const toml::node* g = t->get("grades")) {
    const auto* gt = g->as_table();
    if (!gt)
      ctx.fail(*g, "grades must be { A = ..., B = ..., C = ... } (minimum scores)", "evaluation");
    ctx.only_keys(*gt, {"A", "B", "C"}, "evaluation", "grades");
    cfg.grade_a = ctx.number(*gt, "A", "evaluation", std::nullopt);
    cfg.grade_b = ctx.number(*gt, "B", "evaluation", std::nullopt);
    cfg.grade_c = ctx.number(*gt, "C", "evaluation", std::nullopt);
    if (!(cfg.grade_a >= cfg.grade_b && cfg.grade_b >= cfg.grade_c))
      ctx.fail(*gt, "grades must satisfy A >= B >= C (minimum scores)", "evaluation");
  }
  const toml::node* in = t->get("indicator");
  const auto* arr = in ? in->as_array() : nullptr;
  if (!arr || arr->empty())
    ctx.fail(in ? *in : node, "[evaluation] needs [[evaluation.indicator]] tables", "evaluation");
  std::set<std::string> ids;
  for (const auto& e : *arr) {
    const auto* it = e.as_table();
    if (!it) ctx.fail(e, "[[evaluation.indicator]] must be a table", "evaluation");
    EvaluationIndicator ind = parse_indicator(ctx, *it, comp, project_comp);
    if (!ids.insert(ind.id).second)
      ctx.fail(*it, "duplicate evaluation indicator id '" + ind.id + "'", ind.id);
    // Each indicator also has an `<id>_change` column in zone_evaluation.csv.
    for (const auto& other : ids)
      if (other + "_change" == ind.id || ind.id + "_change" == other)
        ctx.fail(*it,
                 "evaluation indicator ids '" + other + "' and '" + ind.id +
                     "' collide: every indicator also has an <id>_change column",
                 ind.id);
    if (!ind.verified) unverified.push_back({"evaluation " + ind.id, ind.note, ind.line});
    cfg.indicators.push_back(std::move(ind));
  }
  if (const toml::node* c = t->get("consequence")) {
    cfg.consequence = parse_consequence(ctx, *c);
    if (!cfg.consequence.verified)
      unverified.push_back({"evaluation consequence", cfg.consequence.note, cfg.consequence.line});
  }
  return cfg;
}

}  // namespace hubland::rules::detail

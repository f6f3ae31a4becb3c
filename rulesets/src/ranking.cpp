// Criterion values, normalisation, weighted sum and TOPSIS, rank order (ranking.hpp).
#include "hubland/rules/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules {

namespace {

using layers::FieldType;
using layers::Table;
using layers::Value;

/// Industry code as text ("39"), whatever the column type; "" for null.
std::string industry_code(const Table& facts, std::size_t row, std::size_t col) {
  const Value v = facts.get(row, col);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(std::llround(*d));
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

/// Strict weak order of tie-break values: nulls last, numbers before text.
int compare_values(const Value& a, const Value& b) {
  const bool an = layers::is_null(a), bn = layers::is_null(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  const auto na = layers::as_number(a), nb = layers::as_number(b);
  if (na && nb) return *na < *nb ? -1 : (*na > *nb ? 1 : 0);
  if (na || nb) return na ? -1 : 1;
  const auto& sa = std::get<std::string>(a);
  const auto& sb = std::get<std::string>(b);
  return sa < sb ? -1 : (sa > sb ? 1 : 0);
}

std::vector<double> normalised_weights(const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(total > 0)) throw Error(ErrorKind::BadInput, "the criterion weights sum to zero");
  std::vector<double> w(weights.size());
  for (std::size_t c = 0; c < weights.size(); ++c) w[c] = weights[c] / total;
  return w;
}

}  // namespace

std::vector<std::string> AffinityConfig::preferred(const std::string& code) const {
  std::vector<std::string> out;
  if (code.empty()) return out;
  for (const Industry& i : industries) {
    const bool applies = i.code == code ||
                         (code.size() < i.code.size() && i.code.compare(0, code.size(), code) == 0);
    for (const auto& h : applies ? i.hub_types : std::vector<std::string>{})
      if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
  }
  return out;
}

void add_hub_affinity(Table& facts, const AffinityConfig& affinity) {
  if (affinity.empty()) return;
  const auto industry_col = facts.find("industry");
  std::map<std::string, std::vector<std::string>> by_code;  // industry code -> preferred types
  std::vector<std::optional<std::size_t>> dist_cols;
  for (const auto& hub : geo::kHubTypes)
    dist_cols.push_back(facts.find(std::string("dist_") + hub.key + "_m"));
  const std::size_t out = facts.add_column("hub_affinity", FieldType::Real, "0..1");
  const double limit_m = affinity.catchment_km * 1000.0;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    const std::string code = industry_col ? industry_code(facts, r, *industry_col) : "";
    auto it = by_code.find(code);
    if (it == by_code.end()) it = by_code.emplace(code, affinity.preferred(code)).first;
    const auto& types = it->second;
    if (types.empty()) {
      facts.set(r, out, affinity.default_value);
      continue;
    }
    bool near = false;
    for (std::size_t t = 0; t < dist_cols.size() && !near; ++t) {
      if (!dist_cols[t] || facts.null_at(r, *dist_cols[t])) continue;
      if (std::find(types.begin(), types.end(), geo::kHubTypes[t].key) == types.end()) continue;
      const auto d = layers::as_number(facts.get(r, *dist_cols[t]));
      near = d && *d <= limit_m;
    }
    facts.set(r, out, near ? affinity.match : affinity.elsewhere);
  }
}

std::vector<double> low_efficiency_overlap_m2(const std::vector<geo::Wkb>& sites,
                                              const std::vector<const geo::Wkb*>& flagged) {
  std::vector<geo::GeomPtr> parcels;
  std::vector<geo::Envelope> envs;
  for (const auto* w : flagged) {
    if (!w || w->empty()) continue;
    parcels.push_back(geo::from_wkb(*w));
    envs.push_back(geo::envelope(parcels.back().get()));
  }
  std::vector<double> out(sites.size(), 0.0);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (sites[i].empty()) continue;
    const auto site = geo::from_wkb(sites[i]);
    const geo::Envelope e = geo::envelope(site.get());
    for (std::size_t p = 0; p < parcels.size(); ++p) {
      const geo::Envelope& q = envs[p];
      if (q.min_x > e.max_x || q.max_x < e.min_x || q.min_y > e.max_y || q.max_y < e.min_y)
        continue;
      out[i] += geo::area(geo::intersection(site.get(), parcels[p].get()).get());
    }
  }
  return out;
}

std::vector<std::vector<std::optional<double>>> evaluate_criteria(const FactsDb& db,
                                                                  const RankingConfig& config) {
  const Table& facts = db.table();
  std::vector<std::string> expressions;
  for (const Criterion& c : config.criteria)
    if (!c.expression.empty()) expressions.push_back(c.expression);
  // Every expression criterion in one guarded pass over the facts (no copy of the table). When
  // the pass fails, each expression alone finds the culprit, so the error names its criterion.
  Table computed;
  try {
    computed = evaluate_values(db, expressions, Where{.file = config.source_file});
  } catch (const Error&) {
    for (const Criterion& c : config.criteria)
      if (!c.expression.empty())
        evaluate_values(db, {c.expression},
                        Where{.file = config.source_file, .line = c.line, .rule = c.id});
    throw;
  }
  std::vector<std::vector<std::optional<double>>> values;
  std::size_t e = 0;
  for (const Criterion& c : config.criteria) {
    const Where where{.file = config.source_file, .line = c.line, .rule = c.id};
    const Table& source = c.expression.empty() ? facts : computed;
    std::optional<std::size_t> col;
    if (c.expression.empty()) {
      col = facts.find(c.column);
      if (!col)
        throw Error(ErrorKind::Rule,
                    "criterion '" + c.id + "': no column '" + c.column + "' in the project facts",
                    where);
    } else {
      col = e++;
    }
    if (source.column(*col).type == FieldType::Text) {
      std::size_t row = 0;
      while (row < source.row_count() && source.null_at(row, *col)) ++row;
      throw Error(ErrorKind::Rule,
                  "criterion '" + c.id + "': " +
                      (c.expression.empty() ? "column '" + c.column + "' is text, not a number"
                                            : "expression does not give a number (row " +
                                                  std::to_string(row + 1) + ")"),
                  where);
    }
    std::vector<std::optional<double>> v(source.row_count());
    for (std::size_t r = 0; r < source.row_count(); ++r)
      v[r] = layers::as_number(source.get(r, *col));
    values.push_back(std::move(v));
  }
  return values;
}

std::vector<double> normalise(const std::vector<std::optional<double>>& raw,
                              const std::vector<bool>& include, const Criterion& criterion) {
  const bool benefit = criterion.direction == Direction::Benefit;
  std::vector<double> out(raw.size(), 0.0);
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (include[i] && raw[i]) present.push_back(i);
  if (present.empty()) return out;
  switch (criterion.normalisation) {
    case Normalisation::MinMax: {
      double lo = *raw[present.front()], hi = lo;
      for (auto i : present) lo = std::min(lo, *raw[i]), hi = std::max(hi, *raw[i]);
      for (auto i : present)
        out[i] = hi > lo ? (benefit ? *raw[i] - lo : hi - *raw[i]) / (hi - lo) : 1.0;
      break;
    }
    case Normalisation::Benchmark: {
      for (auto i : present) {
        const double x = *raw[i];
        double r;
        if (benefit)
          r = x / criterion.benchmark;
        else
          r = x > 0 ? criterion.benchmark / x : criterion.cap;
        out[i] = std::clamp(r, 0.0, criterion.cap);
      }
      break;
    }
    case Normalisation::Rank: {
      // Average 1-based rank, best first; s = (n - rank) / (n - 1).
      std::vector<std::size_t> sorted = present;
      std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
        return benefit ? *raw[a] > *raw[b] : *raw[a] < *raw[b];
      });
      const double n = static_cast<double>(sorted.size());
      for (std::size_t k = 0; k < sorted.size();) {
        std::size_t e = k;
        while (e + 1 < sorted.size() && *raw[sorted[e + 1]] == *raw[sorted[k]]) ++e;
        const double avg_rank = (static_cast<double>(k + 1) + static_cast<double>(e + 1)) / 2.0;
        for (std::size_t j = k; j <= e; ++j)
          out[sorted[j]] = n > 1 ? (n - avg_rank) / (n - 1) : 1.0;
        k = e + 1;
      }
      break;
    }
  }
  return out;
}

std::vector<double> score(const ScoringModel& model, const std::vector<double>& weights) {
  const std::vector<double> w = normalised_weights(weights);
  const std::size_t n = model.normalised.size();
  std::vector<double> s(n, 0.0);
  if (model.method == RankMethod::WeightedSum) {
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t c = 0; c < w.size(); ++c) s[k] += w[c] * model.normalised[k][c];
    return s;
  }
  // TOPSIS on v = w * s: the ideal takes each criterion's best weighted score, the anti-ideal
  // its worst (scores are already benefit-oriented).
  if (n == 0) return s;
  std::vector<double> best(w.size(), -HUGE_VAL), worst(w.size(), HUGE_VAL);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t c = 0; c < w.size(); ++c) {
      const double v = w[c] * model.normalised[k][c];
      best[c] = std::max(best[c], v);
      worst[c] = std::min(worst[c], v);
    }
  for (std::size_t k = 0; k < n; ++k) {
    double dp = 0, dm = 0;
    for (std::size_t c = 0; c < w.size(); ++c) {
      const double v = w[c] * model.normalised[k][c];
      dp += (v - best[c]) * (v - best[c]);
      dm += (v - worst[c]) * (v - worst[c]);
    }
    dp = std::sqrt(dp);
    dm = std::sqrt(dm);
    s[k] = dp + dm > 0 ? dm / (dp + dm) : 1.0;
  }
  return s;
}

std::vector<std::size_t> rank_order(const ScoringModel& model, const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  // Scores are compared on a 1e-12 grid so that rounding noise cannot decide a rank, and the
  // comparison stays a strict weak order.
  std::vector<long long> q(scores.size());
  for (std::size_t k = 0; k < scores.size(); ++k) q[k] = std::llround(scores[k] * 1e12);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (q[a] != q[b]) return q[a] > q[b];
    for (std::size_t t = 0; t < model.tie_orders.size(); ++t) {
      const Value& va = model.tie_keys[a][t];
      const Value& vb = model.tie_keys[b][t];
      int c = compare_values(va, vb);
      if (c == 0) continue;
      if (layers::is_null(va) || layers::is_null(vb)) return c < 0;  // nulls last either way
      return model.tie_orders[t] == SortOrder::Ascending ? c < 0 : c > 0;
    }
    return a < b;
  });
  return order;
}

Ranking rank_projects(const Table& facts, const std::vector<Finding>& eligibility,
                      const RankingConfig& config) {
  return rank_projects(FactsDb(facts, Subject::Project), eligibility, config);
}

Ranking rank_projects(const FactsDb& db, const std::vector<Finding>& eligibility,
                      const RankingConfig& config) {
  const Table& facts = db.table();
  const std::size_t id_col = facts.index("project_id");
  const std::size_t n = facts.row_count();
  Ranking out;
  out.method = config.method;
  out.projects.resize(n);
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < n; ++r) {
    const std::string id = layers::as_text(facts.get(r, id_col));
    if (!row_of.emplace(id, r).second)
      throw Error(ErrorKind::Schema, "duplicate project_id '" + id + "'",
                  Where{.field = "project_id"});
    out.projects[r].project_id = id;
    out.projects[r].eligible = true;
  }
  for (const Finding& f : eligibility) {
    if (f.outcome != Outcome::Fail) continue;
    auto it = row_of.find(f.subject_id);
    if (it == row_of.end()) continue;
    out.projects[it->second].eligible = false;
    out.projects[it->second].failed.push_back(f);
  }
  std::vector<bool> include(n);
  for (std::size_t r = 0; r < n; ++r) include[r] = out.projects[r].eligible;

  const auto raw = evaluate_criteria(db, config);
  ScoringModel& m = out.model;
  m.method = config.method;
  for (std::size_t r = 0; r < n; ++r)
    if (include[r]) m.rows.push_back(r);
  m.normalised.assign(m.rows.size(), std::vector<double>(config.criteria.size()));
  for (std::size_t c = 0; c < config.criteria.size(); ++c) {
    m.weights.push_back(config.criteria[c].weight);
    const auto s = normalise(raw[c], include, config.criteria[c]);
    for (std::size_t k = 0; k < m.rows.size(); ++k) m.normalised[k][c] = s[m.rows[k]];
  }
  std::vector<std::size_t> tie_cols;
  for (const TieBreak& tb : config.tie_breaks) {
    const auto col = facts.find(tb.column);
    if (!col)
      throw Error(ErrorKind::Rule, "tie-break column '" + tb.column + "' is not a project fact",
                  Where{.file = config.source_file});
    tie_cols.push_back(*col);
    m.tie_orders.push_back(tb.order);
  }
  tie_cols.push_back(id_col);
  m.tie_orders.push_back(SortOrder::Ascending);
  for (std::size_t r : m.rows) {
    std::vector<Value> keys;
    for (std::size_t col : tie_cols) keys.push_back(facts.get(r, col));
    m.tie_keys.push_back(std::move(keys));
  }

  const std::vector<double> w = normalised_weights(m.weights);
  const std::vector<double> scores = score(m, m.weights);
  const std::vector<std::size_t> order = rank_order(m, scores);
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    const std::size_t k = order[pos];
    ProjectRanking& p = out.projects[m.rows[k]];
    p.rank = static_cast<int>(pos) + 1;
    p.score = scores[k];
    for (std::size_t c = 0; c < w.size(); ++c) {
      CriterionScore cs;
      cs.raw = raw[c][m.rows[k]];
      cs.normalised = m.normalised[k][c];
      cs.weight = w[c];
      cs.contribution = w[c] * cs.normalised;
      p.criteria.push_back(cs);
    }
    out.order.push_back(m.rows[k]);
  }
  return out;
}

}  // namespace hubland::rules

// Parsing the ranking block of a ruleset: [ranking], [[criterion]], [affinity] with the
// [[industry]] catalogue, [quota_link] (ranking_config.hpp).
#include <toml++/toml.h>

#include <cmath>
#include <sstream>

#include "catalogues.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/rules/ranking.hpp"
#include "ranking_parse.hpp"

namespace hubland::rules {

namespace {

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

class Parser {
 public:
  explicit Parser(std::string file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(const toml::node& n, const std::string& message,
                         const std::string& rule = {}) const {
    throw Error(ErrorKind::Rule, message, Where{.file = m_file, .line = line_of(n), .rule = rule});
  }

  std::string text(const toml::node& n, const std::string& key) const {
    auto v = n.value<std::string>();
    if (!v) fail(n, key + " must be a string");
    return *v;
  }
  double number(const toml::node& n, const std::string& key) const {
    auto v = n.value<double>();  // integers convert too
    if (!v || !std::isfinite(*v)) fail(n, key + " must be a number");
    return *v;
  }

  template <typename Enum>
  Enum choice(const toml::node& n, const std::string& key,
              std::initializer_list<std::pair<const char*, Enum>> options) const {
    const std::string s = text(n, key);
    std::string listed;
    for (const auto& [name, value] : options) {
      if (s == name) return value;
      listed += listed.empty() ? name : std::string(" | ") + name;
    }
    fail(n, key + " = \"" + s + "\" is not one of " + listed);
  }

  RankingConfig parse(const toml::table& doc) const {
    RankingConfig cfg;
    cfg.source_file = m_file;
    const toml::node* ranking_node = doc.get("ranking");
    if (!ranking_node || !ranking_node->is_table())
      throw Error(ErrorKind::Rule, "the ruleset has no [ranking] table", Where{.file = m_file});
    parse_ranking(*ranking_node->as_table(), cfg);
    if (const toml::node* crit = doc.get("criterion")) {
      const auto* arr = crit->as_array();
      if (!arr) fail(*crit, "criterion must be an array of tables: [[criterion]]");
      for (const auto& e : *arr) {
        const auto* t = e.as_table();
        if (!t) fail(e, "criterion must be an array of tables: [[criterion]]");
        cfg.criteria.push_back(parse_criterion(*t));
      }
    }
    if (cfg.criteria.empty())
      fail(*ranking_node, "the ranking has no [[criterion]]: nothing to score with");
    double total = 0;
    for (std::size_t i = 0; i < cfg.criteria.size(); ++i) {
      total += cfg.criteria[i].weight;
      for (std::size_t j = 0; j < i; ++j)
        if (cfg.criteria[j].id == cfg.criteria[i].id)
          throw Error(
              ErrorKind::Rule, "duplicate criterion id '" + cfg.criteria[i].id + "'",
              Where{.file = m_file, .line = cfg.criteria[i].line, .rule = cfg.criteria[i].id});
    }
    if (total <= 0) fail(*ranking_node, "all criterion weights are zero");
    cfg.affinity.industries = detail::parse_industries(doc, m_file);
    if (const toml::node* aff = doc.get("affinity")) {
      const auto* t = aff->as_table();
      if (!t) fail(*aff, "affinity must be a table");
      parse_affinity(*t, cfg.affinity);
    }
    if (const toml::node* q = doc.get("quota_link")) parse_quota_link(*q, cfg.quota_link);
    return cfg;
  }

 private:
  void parse_ranking(const toml::table& t, RankingConfig& cfg) const {
    for (const auto& [k, node] : t) {
      const std::string key(k.str());
      if (key == "method") {
        cfg.method = choice<RankMethod>(node, key,
                                        {{"weighted", RankMethod::WeightedSum},
                                         {"weighted_sum", RankMethod::WeightedSum},
                                         {"topsis", RankMethod::Topsis}});
      } else if (key == "quota_mu") {
        cfg.quota_mu = number(node, key);
        if (cfg.quota_mu < 0) fail(node, "quota_mu must be >= 0");
      } else if (key == "on_no_fit") {
        cfg.on_no_fit =
            choice<OnNoFit>(node, key, {{"skip", OnNoFit::Skip}, {"partial", OnNoFit::Partial}});
      } else if (key == "request_column") {
        cfg.request_column = text(node, key);
      } else if (key == "clause") {
        cfg.clause = text(node, key);
      } else if (key == "zone_caps_mu") {
        const auto* caps = node.as_table();
        if (!caps) fail(node, "zone_caps_mu must be a table: { zone_id = mu, ... }");
        for (const auto& [zone, cap] : *caps) {
          const double v = number(cap, "zone_caps_mu." + std::string(zone.str()));
          if (v < 0) fail(cap, "a zone cap must be >= 0");
          cfg.zone_caps_mu[std::string(zone.str())] = v;
        }
      } else if (key == "caps_from_evaluation") {
        const auto b = node.value<bool>();
        if (!b) fail(node, "caps_from_evaluation must be true or false");
        cfg.caps_from_evaluation = *b;
      } else if (key == "tie_breaks") {
        const auto* arr = node.as_array();
        if (!arr) fail(node, "tie_breaks must be a list like [\"on_low_efficiency_m2 desc\"]");
        for (const auto& e : *arr) cfg.tie_breaks.push_back(parse_tie_break(e));
      } else if (key == "sensitivity") {
        const auto* s = node.as_table();
        if (!s) fail(node, "sensitivity must be a table");
        parse_sensitivity(*s, cfg.sensitivity);
      } else {
        fail(node, "unknown key '" + key + "' in [ranking]");
      }
    }
  }

  TieBreak parse_tie_break(const toml::node& n) const {
    std::istringstream in(text(n, "tie_breaks entry"));
    TieBreak tb;
    std::string order, extra;
    in >> tb.column >> order >> extra;
    if (tb.column.empty() || !extra.empty())
      fail(n, "a tie-break is \"column asc\" or \"column desc\"");
    if (order.empty() || order == "desc")
      tb.order = SortOrder::Descending;
    else if (order == "asc")
      tb.order = SortOrder::Ascending;
    else
      fail(n, "tie-break order '" + order + "' is not asc | desc");
    return tb;
  }

  void parse_sensitivity(const toml::table& t, SensitivityConfig& s) const {
    for (const auto& [k, node] : t) {
      const std::string key(k.str());
      if (key == "perturbation") {
        s.perturbation = number(node, key);
        if (s.perturbation < 0 || s.perturbation >= 1) fail(node, "perturbation must be in [0, 1)");
      } else if (key == "draws") {
        auto v = node.value<std::int64_t>();
        if (!v || *v < 1 || *v > 1000000) fail(node, "draws must be an integer in 1..1000000");
        s.draws = static_cast<int>(*v);
      } else if (key == "seed") {
        auto v = node.value<std::int64_t>();
        if (!v || *v < 0) fail(node, "seed must be a non-negative integer");
        s.seed = static_cast<std::uint64_t>(*v);
      } else {
        fail(node, "unknown key '" + key + "' in [ranking.sensitivity]");
      }
    }
  }

  Criterion parse_criterion(const toml::table& t) const {
    Criterion c;
    c.line = line_of(t);
    const toml::node* id = t.get("id");
    if (!id) fail(t, "[[criterion]] without id");
    c.id = text(*id, "id");
    bool has_weight = false;
    for (const auto& [k, node] : t) {
      const std::string key(k.str());
      if (key == "id") continue;
      if (key == "title") {
        if (const auto* tt = node.as_table()) {
          if (const auto* zh = tt->get("zh")) c.title.zh = text(*zh, "title.zh");
          if (const auto* en = tt->get("en")) c.title.en = text(*en, "title.en");
        } else {
          c.title.zh = c.title.en = text(node, key);
        }
      } else if (key == "column") {
        c.column = text(node, key);
      } else if (key == "expression") {
        c.expression = text(node, key);
      } else if (key == "unit") {
        c.unit = text(node, key);
      } else if (key == "direction") {
        c.direction = choice<Direction>(
            node, key, {{"benefit", Direction::Benefit}, {"cost", Direction::Cost}});
      } else if (key == "normalisation" || key == "normalization") {
        c.normalisation = choice<Normalisation>(node, key,
                                                {{"minmax", Normalisation::MinMax},
                                                 {"benchmark", Normalisation::Benchmark},
                                                 {"rank", Normalisation::Rank}});
      } else if (key == "benchmark") {
        c.benchmark = number(node, key);
        if (c.benchmark <= 0) fail(node, "benchmark must be > 0", c.id);
      } else if (key == "cap") {
        c.cap = number(node, key);
        if (c.cap <= 0) fail(node, "cap must be > 0", c.id);
      } else if (key == "weight") {
        c.weight = number(node, key);
        if (c.weight < 0) fail(node, "weight must be >= 0", c.id);
        has_weight = true;
      } else if (key == "verified") {
        auto v = node.value<bool>();
        if (!v) fail(node, "verified must be true or false", c.id);
        c.verified = *v;
      } else if (key == "note") {
        c.note = text(node, key);
      } else {
        fail(node, "unknown key '" + key + "' in [[criterion]]", c.id);
      }
    }
    if (c.column.empty() == c.expression.empty())
      fail(t, "criterion '" + c.id + "' needs exactly one of column or expression", c.id);
    if (!has_weight) fail(t, "criterion '" + c.id + "' has no weight", c.id);
    if (c.normalisation == Normalisation::Benchmark && c.benchmark <= 0)
      fail(t, "criterion '" + c.id + "' uses benchmark normalisation without benchmark > 0", c.id);
    if (c.title.en.empty()) c.title.en = c.title.zh.empty() ? c.id : c.title.zh;
    if (c.title.zh.empty()) c.title.zh = c.title.en;
    return c;
  }

  void parse_affinity(const toml::table& t, AffinityConfig& a) const {
    a.present = true;
    for (const auto& [k, value] : t) {
      const std::string key(k.str());
      const toml::node& node = value;  // Clang 14 cannot capture a structured binding
      auto share = [&]() {
        const double v = number(node, key);
        if (v < 0 || v > 1) fail(node, "affinity " + key + " must be in [0, 1]");
        return v;
      };
      if (key == "match") {
        a.match = share();
      } else if (key == "elsewhere") {
        a.elsewhere = share();
      } else if (key == "default") {
        a.default_value = share();
      } else if (key == "catchment_km") {
        a.catchment_km = number(node, key);
        if (a.catchment_km <= 0) fail(node, "catchment_km must be > 0");
      } else if (key == "groups" || key == "matrix") {
        fail(node, "affinity." + key +
                       " is gone: an industry's preferred hub types are the hub_types of its "
                       "[[industry]] entry (docs/ranking.md)");
      } else {
        fail(node, "unknown key '" + key + "' in [affinity]");
      }
    }
  }

  void parse_quota_link(const toml::node& n, QuotaLink& q) const {
    const auto* t = n.as_table();
    if (!t) fail(n, "quota_link must be a table", "quota_link");
    q.present = true;
    q.line = line_of(n);
    bool has_share = false;
    for (const auto& [k, node] : *t) {
      const std::string key(k.str());
      if (key == "reward_share") {
        q.reward_share = number(node, key);
        if (q.reward_share < 0 || q.reward_share > 1)
          fail(node, "quota_link reward_share must be in [0, 1]", "quota_link");
        has_share = true;
      } else if (key == "clause") {
        q.clause = text(node, key);
      } else if (key == "verified") {
        auto v = node.value<bool>();
        if (!v) fail(node, "verified must be true or false", "quota_link");
        q.verified = *v;
      } else if (key == "note") {
        q.note = text(node, key);
      } else {
        fail(node, "unknown key '" + key + "' in [quota_link]", "quota_link");
      }
    }
    if (!has_share) fail(n, "[quota_link] needs reward_share (0..1)", "quota_link");
  }

  std::string m_file;
};

}  // namespace

const char* to_string(RankMethod m) noexcept {
  return m == RankMethod::Topsis ? "topsis" : "weighted";
}
const char* to_string(Direction d) noexcept {
  return d == Direction::Cost ? "cost" : "benefit";
}
const char* to_string(Normalisation n) noexcept {
  switch (n) {
    case Normalisation::MinMax:
      return "minmax";
    case Normalisation::Benchmark:
      return "benchmark";
    case Normalisation::Rank:
      return "rank";
  }
  return "minmax";
}
const char* to_string(OnNoFit r) noexcept {
  return r == OnNoFit::Partial ? "partial" : "skip";
}

RankMethod rank_method_from_string(std::string_view s) {
  if (s == "weighted" || s == "weighted_sum") return RankMethod::WeightedSum;
  if (s == "topsis") return RankMethod::Topsis;
  throw Error(ErrorKind::BadInput, "method '" + std::string(s) + "' is not weighted | topsis");
}

RankingConfig parse_ranking_config(std::string_view toml_text, const std::string& source_name) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::Rule, std::string(e.description()),
                Where{.file = source_name, .line = static_cast<int>(e.source().begin.line)});
  }
  return Parser(source_name).parse(doc);
}

namespace detail {
RankingConfig parse_ranking_block(const toml::table& doc, const std::string& source_name) {
  return Parser(source_name).parse(doc);
}
}  // namespace detail

}  // namespace hubland::rules

// Loading a ruleset file: TOML (toml++) -> Ruleset, every expression compiled before any data
// is read. See hubland/rules/ruleset.hpp for the contract and docs/rulesets.md for the format.
#include "hubland/rules/ruleset.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "catalogues.hpp"
#include "compile.hpp"
#include "evaluation_parse.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/sha256.hpp"
#include "ranking_parse.hpp"
#include "screening_parse.hpp"
#include "toml_ctx.hpp"

namespace fs = std::filesystem;

namespace hubland::rules {

namespace {

using detail::Ctx;
using detail::line_of;
using detail::node_or;

// Placeholders of a reason template: {name}; names must be columns or actual/threshold/id.
void check_template(const Ctx& ctx, const toml::node& at, const std::string& text,
                    const detail::Compiler& comp, const std::string& rule) {
  std::size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string::npos) {
    const auto end = text.find('}', pos);
    if (end == std::string::npos) ctx.fail(at, "reason: '{' without '}'", rule);
    const std::string name = text.substr(pos + 1, end - pos - 1);
    if (name != "actual" && name != "threshold" && name != "id" && !comp.has_column(name))
      ctx.fail(at, "reason: unknown placeholder {" + name + "}", rule);
    pos = end + 1;
  }
}

Rule parse_rule(const Ctx& ctx, const toml::table& t, Subject subject, const char* section,
                detail::Compiler& comp, std::set<std::string>& ids) {
  Rule r;
  r.subject = subject;
  r.file = ctx.file;
  r.line = line_of(t);
  const toml::node* idn = t.get("id");
  if (!idn || !idn->value<std::string>() || idn->value<std::string>()->empty())
    ctx.fail(t, std::string("a [[") + section + "]] rule needs a non-empty string id");
  r.id = *idn->value<std::string>();
  if (!ids.insert(r.id).second) ctx.fail(*idn, "duplicate rule id '" + r.id + "'", r.id);
  ctx.only_keys(
      t,
      {"id", "title", "applies", "fails_when", "actual", "threshold", "reason", "pass_reason",
       "condition", "unknown_reason", "clause", "outcome", "on_unknown", "verified", "note"},
      r.id, section);
  r.title = ctx.text(t, "title", r.id, true);
  r.applies = ctx.str(t, "applies", r.id, false);
  r.fails_when = ctx.str(t, "fails_when", r.id, true);
  r.actual = ctx.str(t, "actual", r.id, false);
  r.threshold = ctx.str(t, "threshold", r.id, false);
  r.reason = ctx.text(t, "reason", r.id, false);
  r.pass_reason = ctx.text(t, "pass_reason", r.id, false);
  r.condition = ctx.text(t, "condition", r.id, false);
  r.unknown_reason = ctx.text(t, "unknown_reason", r.id, false);
  r.clause = ctx.str(t, "clause", r.id, false);
  r.verified = ctx.boolean(t, "verified", r.id, true);
  r.note = ctx.str(t, "note", r.id, false);
  const std::string outcome = ctx.str(t, "outcome", r.id, false);
  const std::string sec = section;
  if (outcome.empty()) {
    r.on_fail = sec == "screen" ? Outcome::Flag : Outcome::Fail;
  } else if (outcome == "flag") {
    r.on_fail = Outcome::Flag;
  } else if (outcome == "fail" || outcome == "reject") {
    r.on_fail = Outcome::Fail;
  } else if (outcome == "condition" && sec == "conversion") {
    r.on_fail = Outcome::Condition;
  } else {
    ctx.fail(node_or(t, "outcome"),
             "outcome must be " + std::string(sec == "conversion" ? "\"reject\" or \"condition\""
                                                                  : "\"flag\" or \"fail\""),
             r.id);
  }
  if (r.on_fail == Outcome::Condition && (r.condition.zh.empty() || r.condition.en.empty()))
    ctx.fail(t, "outcome \"condition\" needs condition = { zh = ..., en = ... }", r.id);
  const std::string unknown = ctx.str(t, "on_unknown", r.id, false);
  if (unknown.empty() || unknown == "n/a") {
    r.on_unknown = OnUnknown::NotApplicable;
  } else if (unknown == "fail") {
    r.on_unknown = OnUnknown::Fail;
  } else {
    ctx.fail(node_or(t, "on_unknown"), "on_unknown must be \"n/a\" or \"fail\"", r.id);
  }
  auto where = [&](const char* key) {
    return Where{.file = ctx.file, .line = line_of(node_or(t, key)), .rule = r.id};
  };
  if (!r.applies.empty())
    comp.check(r.applies, ExpressionKind::Boolean, "applies", where("applies"));
  comp.check(r.fails_when, ExpressionKind::Boolean, "fails_when", where("fails_when"));
  if (!r.actual.empty()) comp.check(r.actual, ExpressionKind::Value, "actual", where("actual"));
  if (!r.threshold.empty())
    comp.check(r.threshold, ExpressionKind::Value, "threshold", where("threshold"));
  for (const Text* tx : {&r.reason, &r.pass_reason, &r.condition, &r.unknown_reason}) {
    const char* key = tx == &r.reason        ? "reason"
                      : tx == &r.pass_reason ? "pass_reason"
                      : tx == &r.condition   ? "condition"
                                             : "unknown_reason";
    check_template(ctx, node_or(t, key), tx->zh, comp, r.id);
    check_template(ctx, node_or(t, key), tx->en, comp, r.id);
  }
  return r;
}

Subject subject_from(const Ctx& ctx, const toml::table& t, const std::string& name) {
  const std::string s = ctx.str(t, "subject", name, false);
  if (s.empty() || s == "parcel") return Subject::Parcel;
  if (s == "request") return Subject::Request;
  if (s == "project") return Subject::Project;
  ctx.fail(node_or(t, "subject"), "subject must be \"parcel\", \"request\" or \"project\"", name);
}

}  // namespace

std::vector<Derived> Ruleset::derived_for(Subject s) const {
  std::vector<Derived> out;
  for (const auto& d : derived)
    if (d.subject == s) out.push_back(d);
  return out;
}

Ruleset load_ruleset(const std::string& path) {
  if (!fs::exists(path)) throw Error(ErrorKind::Io, "ruleset file not found", Where{.file = path});
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read the ruleset file", Where{.file = path});
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  return load_ruleset_text(bytes, path);
}

Ruleset load_ruleset_text(const std::string& bytes, const std::string& path) {
  Ctx ctx{path};
  toml::table doc;
  try {
    doc = toml::parse(bytes, path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::Rule, "bad TOML: " + std::string(e.description()),
                Where{.file = path, .line = static_cast<int>(e.source().begin.line)});
  }
  Ruleset rs;
  rs.file = path;
  rs.sha256 = layers::sha256_hex(bytes);
  rs.text = bytes;

  for (const auto& [k, v] : doc) {
    static const char* known[] = {"ruleset",   "lookups",    "derived",     "screening",
                                  "screen",    "conversion", "eligibility", "ranking",
                                  "criterion", "affinity",   "land_status", "land_classes",
                                  "industry",  "quota_link", "evaluation",  "report"};
    const std::string_view name = k.str();  // Clang 14 cannot capture a structured binding
    if (std::find_if(std::begin(known), std::end(known),
                     [&](const char* s) { return name == s; }) == std::end(known))
      ctx.fail(v, "unknown section [" + std::string(name) + "]");
  }

  const auto* head = doc["ruleset"].as_table();
  if (!head) ctx.fail(doc, "missing [ruleset] (id, version, title, sources)");
  ctx.only_keys(*head, {"id", "version", "title", "sources", "description"}, {}, "[ruleset]");
  rs.id = ctx.str(*head, "id", {}, true);
  rs.version = ctx.str(*head, "version", {}, true);
  rs.title = ctx.text(*head, "title", {}, true);
  if (const auto* src = head->get("sources")) {
    const auto* arr = src->as_array();
    if (!arr) ctx.fail(*src, "sources must be a list of strings");
    for (const auto& e : *arr) {
      auto s = e.value<std::string>();
      if (!s) ctx.fail(e, "sources must be a list of strings");
      rs.sources.push_back(*s);
    }
  }

  // Lookups first: derived columns and rules may query them.
  if (const auto* node = doc.get("lookups")) {
    const auto* lt = node->as_table();
    if (!lt) ctx.fail(*node, "[lookups] must be a table of [lookups.<name>] tables");
    for (const auto& [name, v] : *lt) {
      const auto* t = v.as_table();
      const std::string n(name.str());
      if (!t) ctx.fail(v, "[lookups." + n + "] must be a table");
      ctx.only_keys(*t, {"values", "verified", "note", "unit", "source"}, n, "a lookup");
      for (char c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
          ctx.fail(v, "lookup names use letters, digits and '_' only", n);
      Lookup l;
      l.name = n;
      l.line = line_of(v);
      l.verified = ctx.boolean(*t, "verified", n, true);
      l.note = ctx.str(*t, "note", n, false);
      const auto* vals = t->get("values") ? t->get("values")->as_table() : nullptr;
      if (!vals) ctx.fail(v, "lookup needs values = { \"key\" = number, ... }", n);
      for (const auto& [key, val] : *vals) {
        // Text values carry codes and names (a land-use code map, district names): kept as
        // text, never converted to numbers.
        if (auto d = val.value<double>())
          l.rows.emplace_back(std::string(key.str()), *d);
        else if (auto s = val.value<std::string>())
          l.text_rows.emplace_back(std::string(key.str()), *s);
        else
          ctx.fail(val, "lookup values must be numbers or strings", n);
      }
      std::sort(l.rows.begin(), l.rows.end());
      std::sort(l.text_rows.begin(), l.text_rows.end());
      if (!l.verified) rs.unverified.push_back({"lookup " + n, l.note, l.line});
      rs.lookups.push_back(std::move(l));
    }
  }

  // The industry catalogue and its generated lookups (before any expression is compiled).
  rs.industries = detail::parse_industries(doc, path);
  if (!rs.industries.empty()) {
    for (Lookup& l : detail::industry_lookups(rs.industries)) {
      for (const Lookup& have : rs.lookups)
        if (have.name == l.name)
          throw Error(
              ErrorKind::Rule,
              "[lookups." + l.name + "] clashes with the lookup generated from [[industry]]",
              Where{.file = path, .line = have.line, .rule = l.name});
      rs.lookups.push_back(std::move(l));
    }
    for (const Industry& i : rs.industries)
      if (!i.verified) rs.unverified.push_back({"industry " + i.code, i.note, i.line});
  }
  if (const auto* node = doc.get("land_classes")) {
    rs.land_classes = detail::parse_land_classes(*node, path);
    rs.has_land_classes = true;
    if (!rs.land_classes.verified)
      rs.unverified.push_back({"land_classes", rs.land_classes.note, line_of(*node)});
  }

  // One compiler per subject, created on first use (each opens a SpatiaLite database).
  std::map<Subject, std::unique_ptr<detail::Compiler>> compilers;
  auto compiler = [&](Subject s) -> detail::Compiler& {
    auto& c = compilers[s];
    if (!c) {
      c = std::make_unique<detail::Compiler>(s);
      c->add_lookups(rs.lookups);
      for (const auto& d : rs.derived)
        if (d.subject == s) c->add_derived(d, Where{.file = path, .line = d.line, .rule = d.name});
    }
    return *c;
  };

  if (const auto* node = doc.get("derived")) {
    const auto* arr = node->as_array();
    if (!arr) ctx.fail(*node, "derived must be [[derived]] tables");
    for (const auto& e : *arr) {
      const auto* t = e.as_table();
      if (!t) ctx.fail(e, "derived must be [[derived]] tables");
      Derived d;
      d.name = ctx.str(*t, "name", {}, true);
      ctx.only_keys(*t, {"name", "expr", "unit", "subject", "note"}, d.name, "[[derived]]");
      d.expr = ctx.str(*t, "expr", d.name, true);
      d.unit = ctx.str(*t, "unit", d.name, false);
      d.subject = subject_from(ctx, *t, d.name);
      d.line = line_of(node_or(*t, "expr"));
      for (char c : d.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
          ctx.fail(e, "derived names use letters, digits and '_' only", d.name);
      // Compile now, in order, so a later derived column may use an earlier one.
      auto it = compilers.find(d.subject);
      if (it != compilers.end())
        it->second->add_derived(d, Where{.file = path, .line = d.line, .rule = d.name});
      rs.derived.push_back(d);
      if (it == compilers.end()) compiler(d.subject);
    }
  }

  if (const auto* node = doc.get("screening")) {
    rs.screening = detail::parse_screening(*node, path, compiler(Subject::Parcel), rs.unverified);
    rs.has_screening = true;
  }

  std::set<std::string> ids;  // one id space across sections: findings are keyed by rule id
  auto rules = [&](const char* section, Subject subject, std::vector<Rule>& out) {
    const auto* node = doc.get(section);
    if (!node) return;
    const auto* arr = node->as_array();
    if (!arr) ctx.fail(*node, std::string(section) + " must be [[" + section + "]] tables");
    for (const auto& e : *arr) {
      const auto* t = e.as_table();
      if (!t) ctx.fail(e, std::string(section) + " must be [[" + section + "]] tables");
      Rule r = parse_rule(ctx, *t, subject, section, compiler(subject), ids);
      if (!r.verified) rs.unverified.push_back({std::string(section) + " " + r.id, r.note, r.line});
      out.push_back(std::move(r));
    }
  };
  rules("screen", Subject::Parcel, rs.screen);
  rules("conversion", Subject::Request, rs.conversion);
  rules("eligibility", Subject::Project, rs.eligibility);

  if (const auto* node = doc.get("land_status")) {
    const auto* t = node->as_table();
    if (!t) ctx.fail(*node, "[land_status] must be a table", "land_status");
    ctx.only_keys(*t, {"normal_disposal", "rule"}, "land_status", "[land_status]");
    rs.has_land_status = true;
    rs.land_status.line = line_of(*node);
    rs.land_status.normal_disposal = ctx.str(*t, "normal_disposal", "land_status", false);
    const auto* arr = t->get("rule") ? t->get("rule")->as_array() : nullptr;
    if (!arr) ctx.fail(*node, "[land_status] needs [[land_status.rule]] tables", "land_status");
    std::set<std::string> mapped;
    for (const auto& e : *arr) {
      const auto* r = e.as_table();
      if (!r) ctx.fail(e, "[[land_status.rule]] must be a table", "land_status");
      ctx.only_keys(*r, {"rule", "status", "disposal"}, "land_status", "[[land_status.rule]]");
      LandStatusRule m;
      m.line = line_of(e);
      m.rule_id = ctx.str(*r, "rule", "land_status", true);
      m.status = ctx.str(*r, "status", "land_status", true);
      m.disposal = ctx.str(*r, "disposal", "land_status", true);
      const bool is_screen = std::any_of(rs.screen.begin(), rs.screen.end(),
                                         [&](const Rule& x) { return x.id == m.rule_id; });
      if (!is_screen)
        ctx.fail(node_or(*r, "rule"), "[land_status]: '" + m.rule_id + "' is not a [[screen]] rule",
                 "land_status");
      if (!mapped.insert(m.rule_id).second)
        ctx.fail(node_or(*r, "rule"), "[land_status]: '" + m.rule_id + "' is mapped twice",
                 "land_status");
      // 正常 is what a parcel without mapped flags gets; a flag cannot map to it.
      const bool known = std::any_of(std::begin(kLandStatuses), std::end(kLandStatuses) - 1,
                                     [&](const char* x) { return m.status == x; });
      if (!known)
        ctx.fail(node_or(*r, "status"),
                 "[land_status]: unknown status '" + m.status + "' (疑似闲置 停产 低效)",
                 "land_status");
      if (m.disposal.empty())
        ctx.fail(node_or(*r, "disposal"), "[land_status]: empty disposal", "land_status");
      rs.land_status.rules.push_back(std::move(m));
    }
  }

  if (doc.get("ranking") || doc.get("criterion") || doc.get("affinity") || doc.get("quota_link")) {
    rs.ranking = detail::parse_ranking_block(doc, path);
    rs.has_ranking = true;
    const QuotaLink& q = rs.ranking.quota_link;
    if (q.present && !q.verified) rs.unverified.push_back({"quota_link", q.note, q.line});
    auto& comp = compiler(Subject::Project);
    for (const Criterion& c : rs.ranking.criteria) {
      const Where where{.file = path, .line = c.line, .rule = c.id};
      if (!c.verified) rs.unverified.push_back({"criterion " + c.id, c.note, c.line});
      if (!c.expression.empty()) {
        comp.check(c.expression, ExpressionKind::Value, "criterion '" + c.id + "' expression",
                   where);
        continue;
      }
      const auto type = comp.column_type(c.column);
      if (!type)
        throw Error(ErrorKind::Rule,
                    "criterion '" + c.id + "': unknown column '" + c.column +
                        "' (not a project fact nor a derived column; see docs/facts.md)",
                    where);
      if (*type == layers::FieldType::Text)
        throw Error(ErrorKind::Rule,
                    "criterion '" + c.id + "': column '" + c.column + "' is text, not a number",
                    where);
    }
  }
  if (const auto* node = doc.get("evaluation")) {
    // Its own compiler: parcel facts, lookups, derived columns, plus the grade columns.
    detail::Compiler comp(Subject::Parcel);
    comp.add_lookups(rs.lookups);
    for (const auto& d : rs.derived)
      if (d.subject == Subject::Parcel)
        comp.add_derived(d, Where{.file = path, .line = d.line, .rule = d.name});
    for (const auto& c : kEvaluationGradeColumns)
      comp.add_column(c.name, c.numeric ? layers::FieldType::Real : layers::FieldType::Text);
    // Project indicators: the previous year's ranking rows with started_date and as_of.
    detail::Compiler project_comp(Subject::Project);
    project_comp.add_lookups(rs.lookups);
    for (const auto& c : kEvaluationProjectColumns)
      project_comp.add_column(c.name,
                              c.numeric ? layers::FieldType::Real : layers::FieldType::Text);
    rs.evaluation = detail::parse_evaluation(*node, path, comp, project_comp, rs.unverified);
    rs.has_evaluation = true;
  }
  // [report]: what a printed report's page header names; no issuer is no header line.
  if (const auto* node = doc.get("report")) {
    const auto* t = node->as_table();
    if (!t) ctx.fail(*node, "[report] must be a table");
    ctx.only_keys(*t, {"issuer"}, "report", "[report]");
    rs.report_issuer = ctx.str(*t, "issuer", "report", false);
  }
  return rs;
}

const RankingConfig& Ruleset::ranking_config() const {
  if (!has_ranking)
    throw Error(ErrorKind::Rule, "the ruleset has no [ranking] table", Where{.file = file});
  return ranking;
}

void check_expression(const std::string& sql, Subject subject, ExpressionKind kind,
                      const Where& where, const Ruleset* ruleset) {
  detail::Compiler comp(subject);
  if (ruleset) {
    comp.add_lookups(ruleset->lookups);
    for (const auto& d : ruleset->derived)
      if (d.subject == subject)
        comp.add_derived(d, Where{.file = ruleset->file, .line = d.line, .rule = d.name});
  }
  comp.check(sql, kind, kind == ExpressionKind::Boolean ? "condition" : "expression", where);
}

}  // namespace hubland::rules

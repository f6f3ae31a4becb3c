// Evaluating rules over a facts table in one SELECT (see hubland/rules/evaluator.hpp).
#include "hubland/rules/evaluator.hpp"

#include <cmath>
#include <cstdio>
#include <functional>
#include <unordered_set>

#include "compile.hpp"
#include "hubland/error.hpp"
#include "sql.hpp"

namespace hubland::rules {

struct FactsDb::Impl {
  Subject subject = Subject::Parcel;
  detail::DbPtr db;
  layers::Table table;
  std::vector<std::string> ids;
};

namespace {

std::string cell_text(const layers::Table& t, std::size_t row, std::size_t col) {
  if (t.null_at(row, col)) return {};
  switch (t.column(col).type) {
    case layers::FieldType::Integer:
      return std::to_string(t.integer_at(row, col));
    case layers::FieldType::Real:
      return format_number(t.real_at(row, col));
    case layers::FieldType::Text:
      return t.text_at(row, col);
  }
  return {};
}

std::string stmt_text(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT:
      return format_number(sqlite3_column_double(st, col));
    case SQLITE_TEXT:
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, col)),
                         static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
    default:
      return {};
  }
}

// A reason template split into literal text and placeholders, resolved against the table once.
struct Template {
  enum class Kind { Literal, Actual, Threshold, Id, Column };
  struct Part {
    Kind kind;
    std::string text;
    std::size_t column = 0;
  };
  std::vector<Part> parts;

  static Template compile(const std::string& text, const layers::Table& table, const Rule& rule) {
    Template t;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto open = text.find('{', pos);
      if (open == std::string::npos) {
        t.parts.push_back({Kind::Literal, text.substr(pos)});
        break;
      }
      if (open > pos) t.parts.push_back({Kind::Literal, text.substr(pos, open - pos)});
      const auto close = text.find('}', open);
      if (close == std::string::npos) {
        t.parts.push_back({Kind::Literal, text.substr(open)});
        break;
      }
      const std::string name = text.substr(open + 1, close - open - 1);
      if (name == "actual") {
        t.parts.push_back({Kind::Actual, {}});
      } else if (name == "threshold") {
        t.parts.push_back({Kind::Threshold, {}});
      } else if (name == "id") {
        t.parts.push_back({Kind::Id, {}});
      } else if (auto c = table.find(name)) {
        t.parts.push_back({Kind::Column, {}, *c});
      } else {
        throw Error(ErrorKind::Rule, "reason: unknown placeholder {" + name + "}",
                    Where{.file = rule.file, .line = rule.line, .rule = rule.id});
      }
      pos = close + 1;
    }
    return t;
  }

  std::string render(const layers::Table& table, std::size_t row, const std::string& id,
                     const std::string& actual, const std::string& threshold) const {
    std::string out;
    for (const auto& p : parts) {
      std::string v;
      switch (p.kind) {
        case Kind::Literal:
          out += p.text;
          continue;
        case Kind::Actual:
          v = actual;
          break;
        case Kind::Threshold:
          v = threshold;
          break;
        case Kind::Id:
          v = id;
          break;
        case Kind::Column:
          v = cell_text(table, row, p.column);
          break;
      }
      out += v.empty() ? "—" : v;  // an em dash for a missing value, in both languages
    }
    return out;
  }
};

struct CompiledRule {
  const Rule* rule;
  int outcome_col = 0;
  int actual_col = -1;
  int threshold_col = -1;
  Template fail_zh, fail_en, pass_zh, pass_en;
  std::string clause;
};

[[noreturn]] void sql_failure(sqlite3* db, const detail::Guard& guard, const std::string& what,
                              const Where& where) {
  const std::string msg =
      guard.refusal().empty() ? std::string(sqlite3_errmsg(db)) : "refused: " + guard.refusal();
  throw Error(ErrorKind::Rule, what + ": " + msg, where);
}

}  // namespace

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  if (std::fabs(v) < 0.01) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

FactsDb::FactsDb(const layers::Table& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  m.subject = subject;
  m.table = facts;
  const layers::Table schema = facts_schema(subject);
  for (const auto& col : schema.columns())
    if (!m.table.find(col.name)) m.table.add_column(col.name, col.type, col.unit);
  const std::size_t id_col = m.table.index(id_column(subject));
  std::unordered_set<std::string> seen;
  m.ids.reserve(m.table.row_count());
  for (std::size_t r = 0; r < m.table.row_count(); ++r) {
    std::string id = cell_text(m.table, r, id_col);
    if (id.empty())
      throw Error(ErrorKind::Schema, "empty id in row " + std::to_string(r + 1),
                  Where{.field = id_column(subject)});
    if (!seen.insert(id).second)
      throw Error(ErrorKind::Schema, "duplicate id",
                  Where{.feature = id, .field = id_column(subject)});
    m.ids.push_back(std::move(id));
  }
  m.db = detail::open_memory_db();
  std::vector<Derived> derived;
  if (ruleset) {
    detail::create_lookups(m.db.get(), ruleset->lookups);
    derived = ruleset->derived_for(subject);
  }
  for (const auto& d : derived)
    if (m.table.find(d.name))
      throw Error(ErrorKind::Rule, "derived column '" + d.name + "' clashes with a facts column",
                  Where{.file = ruleset->file, .line = d.line, .rule = d.name});
  detail::create_table(m.db.get(), "facts", m.table, true);
  // Derived columns: computed once by SQLite, then copied into the table for reason templates.
  for (const auto& d : derived) {
    const Where where{.file = ruleset->file, .line = d.line, .rule = d.name};
    detail::exec(m.db.get(), "ALTER TABLE facts ADD COLUMN " + detail::quote_identifier(d.name));
    {
      detail::Guard guard(m.db.get(), {d.name});
      const std::string sql =
          "UPDATE facts SET " + detail::quote_identifier(d.name) + " = (\n" + d.expr + "\n)";
      char* err = nullptr;
      if (sqlite3_exec(m.db.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "";
        sqlite3_free(err);
        throw Error(ErrorKind::Rule,
                    "derived column: " + (guard.refusal().empty() ? msg : guard.refusal()), where);
      }
    }
    detail::StmtPtr st = detail::prepare(
        m.db.get(), "SELECT " + detail::quote_identifier(d.name) + " FROM facts ORDER BY rowid");
    std::vector<layers::Value> values;
    values.reserve(m.table.row_count());
    bool numeric = true;
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      switch (sqlite3_column_type(st.get(), 0)) {
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
          values.emplace_back(sqlite3_column_double(st.get(), 0));
          break;
        case SQLITE_NULL:
          values.emplace_back(std::monostate{});
          break;
        default:
          numeric = false;
          values.emplace_back(stmt_text(st.get(), 0));
      }
    }
    const std::size_t c = m.table.add_column(
        d.name, numeric ? layers::FieldType::Real : layers::FieldType::Text, d.unit);
    for (std::size_t r = 0; r < values.size(); ++r) {
      if (!numeric && !layers::is_null(values[r]) &&
          !std::holds_alternative<std::string>(values[r]))
        values[r] = layers::as_text(values[r]);
      m.table.set(r, c, values[r]);
    }
  }
}

FactsDb::~FactsDb() = default;
FactsDb::FactsDb(FactsDb&&) noexcept = default;
FactsDb& FactsDb::operator=(FactsDb&&) noexcept = default;
Subject FactsDb::subject() const noexcept {
  return m_impl->subject;
}
std::size_t FactsDb::row_count() const noexcept {
  return m_impl->table.row_count();
}
const std::vector<std::string>& FactsDb::ids() const noexcept {
  return m_impl->ids;
}
const layers::Table& FactsDb::table() const noexcept {
  return m_impl->table;
}

std::vector<Finding> evaluate(const FactsDb& fdb, const std::vector<Rule>& rules, Keep keep) {
  const auto& m = fdb.impl();
  std::vector<Finding> out;
  if (rules.empty() || m.table.row_count() == 0) return out;
  std::string sql = "SELECT ";
  std::vector<CompiledRule> compiled;
  compiled.reserve(rules.size());
  int col = 0;
  for (const Rule& r : rules) {
    if (r.subject != m.subject)
      throw Error(ErrorKind::Internal,
                  std::string("rule is for ") + to_string(r.subject) + " facts, not " +
                      to_string(m.subject),
                  Where{.file = r.file, .line = r.line, .rule = r.id});
    for (const auto* e : {&r.applies, &r.fails_when, &r.actual, &r.threshold})
      if (auto why = detail::precheck_expression(*e); !why.empty())
        throw Error(ErrorKind::Rule, why, Where{.file = r.file, .line = r.line, .rule = r.id});
    CompiledRule c{&r};
    if (col) sql += ", ";
    // Not applicable is a zero-length blob: no condition yields a blob, so it cannot collide
    // with true, false or NULL (unknown).
    if (r.applies.empty())
      sql += "(\n" + r.fails_when + "\n)";
    else
      sql += "CASE WHEN (\n" + r.applies + "\n) THEN (\n" + r.fails_when + "\n) ELSE x'' END";
    c.outcome_col = col++;
    if (!r.actual.empty()) {
      sql += ", (\n" + r.actual + "\n)";
      c.actual_col = col++;
    }
    if (!r.threshold.empty()) {
      sql += ", (\n" + r.threshold + "\n)";
      c.threshold_col = col++;
    }
    const Text fail{r.reason.zh.empty() ? r.title.zh : r.reason.zh,
                    r.reason.en.empty() ? r.title.en : r.reason.en};
    const Text pass{r.pass_reason.zh.empty() ? "符合：" + r.title.zh : r.pass_reason.zh,
                    r.pass_reason.en.empty() ? "met: " + r.title.en : r.pass_reason.en};
    c.fail_zh = Template::compile(fail.zh, m.table, r);
    c.fail_en = Template::compile(fail.en, m.table, r);
    c.pass_zh = Template::compile(pass.zh, m.table, r);
    c.pass_en = Template::compile(pass.en, m.table, r);
    c.clause = r.verified ? r.clause : r.clause + "（阈值未核实 / threshold unverified）";
    compiled.push_back(std::move(c));
  }
  sql += " FROM facts ORDER BY rowid";

  detail::Guard guard(m.db.get());
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(m.db.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    detail::StmtPtr none(raw);
    // Find the culprit so that the message names the rule and its key.
    for (const Rule& r : rules) {
      for (const auto& [key, e] :
           {std::pair<const char*, const std::string*>{"applies", &r.applies},
            {"fails_when", &r.fails_when},
            {"actual", &r.actual},
            {"threshold", &r.threshold}}) {
        if (e->empty()) continue;
        const std::string one = "SELECT (\n" + *e + "\n) FROM facts";
        sqlite3_stmt* t = nullptr;
        const int rc = sqlite3_prepare_v2(m.db.get(), one.c_str(), -1, &t, nullptr);
        detail::StmtPtr keep_t(t);
        if (rc != SQLITE_OK)
          sql_failure(m.db.get(), guard, key, Where{.file = r.file, .line = r.line, .rule = r.id});
      }
    }
    sql_failure(m.db.get(), guard, "evaluating the rules", Where{.file = rules.front().file});
  }
  detail::StmtPtr st(raw);
  std::size_t row = 0;
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW)
      sql_failure(
          m.db.get(), guard, "evaluating the rules",
          Where{.file = rules.front().file, .feature = row < m.ids.size() ? m.ids[row] : ""});
    const std::string& id = m.ids[row];
    for (const CompiledRule& c : compiled) {
      const Rule& r = *c.rule;
      const int type = sqlite3_column_type(st.get(), c.outcome_col);
      Outcome o;
      bool unknown = false;
      if (type == SQLITE_BLOB) {
        if (keep != Keep::All) continue;
        Finding f{id,
                  r.id,
                  Outcome::NotApplicable,
                  {},
                  {},
                  "不适用：" + r.title.zh,
                  "not applicable: " + r.title.en,
                  c.clause};
        out.push_back(std::move(f));
        continue;
      } else if (type == SQLITE_NULL) {
        unknown = true;
        o = r.on_unknown == OnUnknown::Fail ? r.on_fail : Outcome::NotApplicable;
      } else {
        const double v = type == SQLITE_INTEGER
                             ? static_cast<double>(sqlite3_column_int64(st.get(), c.outcome_col))
                         : type == SQLITE_FLOAT ? sqlite3_column_double(st.get(), c.outcome_col)
                                                : -1.0;
        if (v != 0.0 && v != 1.0)
          throw Error(
              ErrorKind::Rule,
              "fails_when gives '" + stmt_text(st.get(), c.outcome_col) + "', not true/false",
              Where{.file = r.file, .feature = id, .line = r.line, .rule = r.id});
        o = v == 1.0 ? r.on_fail : Outcome::Pass;
      }
      if (keep == Keep::NonPass && (o == Outcome::Pass || o == Outcome::NotApplicable)) continue;
      Finding f;
      f.subject_id = id;
      f.rule_id = r.id;
      f.outcome = o;
      if (c.actual_col >= 0) f.actual = stmt_text(st.get(), c.actual_col);
      if (c.threshold_col >= 0) f.threshold = stmt_text(st.get(), c.threshold_col);
      if (unknown && o == Outcome::NotApplicable) {
        f.reason_zh = "数据缺失，无法判断：" + r.title.zh;
        f.reason_en = "data missing, cannot decide: " + r.title.en;
      } else if (o == Outcome::Pass) {
        f.reason_zh = c.pass_zh.render(m.table, row, id, f.actual, f.threshold);
        f.reason_en = c.pass_en.render(m.table, row, id, f.actual, f.threshold);
      } else {
        f.reason_zh = c.fail_zh.render(m.table, row, id, f.actual, f.threshold);
        f.reason_en = c.fail_en.render(m.table, row, id, f.actual, f.threshold);
        if (unknown) {
          f.reason_zh = "数据缺失（按不符合处理）：" + f.reason_zh;
          f.reason_en = "data missing (treated as failing): " + f.reason_en;
        }
      }
      f.clause = c.clause;
      out.push_back(std::move(f));
    }
    ++row;
  }
  return out;
}

layers::Table evaluate_values(const FactsDb& fdb, const std::vector<std::string>& expressions) {
  const auto& m = fdb.impl();
  layers::Table out;
  if (expressions.empty()) {
    return out;
  }
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    if (auto why = detail::precheck_expression(expressions[i]); !why.empty())
      throw Error(ErrorKind::Rule, why);
    sql += (i ? ", (\n" : "(\n") + expressions[i] + "\n)";
  }
  sql += " FROM facts ORDER BY rowid";
  detail::Guard guard(m.db.get());
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(m.db.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    detail::StmtPtr none(raw);
    sql_failure(m.db.get(), guard, "evaluating expressions", {});
  }
  detail::StmtPtr st(raw);
  const std::size_t n = expressions.size(), rows = m.table.row_count();
  std::vector<std::vector<layers::Value>> cols(n);
  std::vector<bool> numeric(n, true);
  for (auto& c : cols) c.reserve(rows);
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW) sql_failure(m.db.get(), guard, "evaluating expressions", {});
    for (std::size_t i = 0; i < n; ++i) {
      const int ci = static_cast<int>(i);
      switch (sqlite3_column_type(st.get(), ci)) {
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
          cols[i].emplace_back(sqlite3_column_double(st.get(), ci));
          break;
        case SQLITE_NULL:
          cols[i].emplace_back(std::monostate{});
          break;
        default:
          numeric[i] = false;
          cols[i].emplace_back(stmt_text(st.get(), ci));
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    out.add_column("c" + std::to_string(i),
                   numeric[i] ? layers::FieldType::Real : layers::FieldType::Text);
  out.resize(rows);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < cols[i].size() && r < rows; ++r) {
      layers::Value v = cols[i][r];
      if (!numeric[i] && !layers::is_null(v) && !std::holds_alternative<std::string>(v))
        v = layers::as_text(v);
      out.set(r, i, std::move(v));
    }
  return out;
}

}  // namespace hubland::rules

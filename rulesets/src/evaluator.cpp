// Evaluating rules over a facts table in one SELECT (see hubland/rules/evaluator.hpp).
#include "hubland/rules/evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <iterator>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "facts_db_impl.hpp"
#include "finding_cell.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
#include "reason_template.hpp"

namespace hubland::rules {

namespace {

struct CompiledRule {
  const Rule* rule;
  int outcome_col = 0;
  detail::Template fail_zh, fail_en, pass_zh, pass_en;
  std::optional<detail::Template> unknown_zh, unknown_en;  ///< the rule's unknown_reason
  std::string clause;
};

[[noreturn]] void too_many_findings(const std::vector<Rule>& rules, std::size_t max_findings) {
  throw Error(ErrorKind::Rule,
              "the rules give more than " + std::to_string(max_findings) +
                  " findings, more than HubLand holds at once; narrow the rules' `applies`, "
                  "or screen a part of the parcels at a time",
              Where{.file = rules.front().file});
}

[[noreturn]] void sql_failure(sqlite3* db, const detail::Guard& guard, const std::string& what,
                              const Where& where) {
  const std::string msg =
      guard.refusal().empty() ? std::string(sqlite3_errmsg(db)) : "refused: " + guard.refusal();
  throw Error(ErrorKind::Rule, what + ": " + msg, where);
}

}  // namespace

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  // std::to_chars with a precision prints what printf("%.Nf"/"%.Ng") prints (the standard
  // says so), without printf's locale and format parsing: this runs for every value shown in
  // a finding.
  char buf[400];  // %.4f of the largest double is 309 digits + ".0000"
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0);
    std::string s(buf, r.ptr);
    return s == "-0" ? "0" : s;
  }
  if (std::fabs(v) < 0.01) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 3);
    return std::string(buf, r.ptr);
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
  // At most 63 characters, as the snprintf into char[64] this replaces gave (huge values).
  std::string s(buf, std::min<std::size_t>(static_cast<std::size_t>(r.ptr - buf), 63));
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

namespace {

/// One pass of SQL value expressions over the facts (user SQL, under the read-only authorizer).
/// Runs `fn(db, range)` over the rows: on the main connection for small tables, else on one
/// worker connection per core (created once, kept), each over its own slice, in parallel.
/// Returns the per-slice results in row order; the first failing slice's exception is rethrown.
template <typename Fn>
auto over_slices(const FactsDb::Impl& m, Fn fn) -> std::vector<decltype(fn(nullptr, m.all))> {
  using Part = decltype(fn(nullptr, m.all));
  const std::size_t rows = m.ids.size();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t chunks = rows < kParallelRows ? 1 : std::min<std::size_t>(hw, kMaxThreads);
  std::vector<Part> parts(chunks);
  if (chunks == 1) {
    parts[0] = fn(m.db.get(), m.all);
    return parts;
  }
  if (m.workers.size() != chunks) {
    m.workers.clear();
    for (std::size_t k = 0; k < chunks; ++k) {
      auto w = std::make_unique<Worker>();
      w->range = Range{&m, rows * k / chunks, rows * (k + 1) / chunks};
      w->db = detail::open_facts_connection(w->range, m.lookups);
      m.workers.push_back(std::move(w));
    }
  }
  std::vector<std::exception_ptr> errors(chunks);
  geo::parallel_for_each(chunks, static_cast<int>(chunks), [&](std::size_t k, int) {
    try {
      parts[k] = fn(m.workers[k]->db.get(), m.workers[k]->range);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return parts;
}

layers::Table select_values(const FactsDb::Impl& m, const std::vector<std::string>& expressions,
                            const Where& where) {
  layers::Table out;
  if (expressions.empty()) return out;
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    if (auto why = detail::precheck_expression(expressions[i]); !why.empty())
      throw Error(ErrorKind::Rule, why, where);
    sql += (i ? ", (\n" : "(\n") + expressions[i] + "\n)";
  }
  sql += " FROM facts ORDER BY rowid";
  const std::size_t n = expressions.size(), rows = m.ids.size();
  struct Part {
    std::vector<std::vector<layers::Value>> cols;
    std::vector<bool> numeric;
  };
  auto parts = over_slices(m, [&](sqlite3* db, const Range& range) {
    Part part{std::vector<std::vector<layers::Value>>(n), std::vector<bool>(n, true)};
    detail::Guard guard(db);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK) {
      detail::StmtPtr none(raw);
      sql_failure(db, guard, "evaluating expressions", where);
    }
    detail::StmtPtr st(raw);
    for (auto& c : part.cols) c.reserve(range.end - range.begin);
    for (;;) {
      const int rc = sqlite3_step(st.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) sql_failure(db, guard, "evaluating expressions", where);
      for (std::size_t i = 0; i < n; ++i) {
        const int ci = static_cast<int>(i);
        switch (sqlite3_column_type(st.get(), ci)) {
          case SQLITE_INTEGER:
          case SQLITE_FLOAT:
            part.cols[i].emplace_back(sqlite3_column_double(st.get(), ci));
            break;
          case SQLITE_NULL:
            part.cols[i].emplace_back(std::monostate{});
            break;
          default:
            part.numeric[i] = false;
            part.cols[i].emplace_back(detail::stmt_text(st.get(), ci));
        }
      }
    }
    return part;
  });
  std::vector<bool> numeric(n, true);
  for (const auto& p : parts)
    for (std::size_t i = 0; i < n; ++i) numeric[i] = numeric[i] && p.numeric[i];
  for (std::size_t i = 0; i < n; ++i)
    out.add_column("c" + std::to_string(i),
                   numeric[i] ? layers::FieldType::Real : layers::FieldType::Text);
  out.resize(rows);
  std::size_t row = 0;
  for (auto& p : parts) {
    const std::size_t part_rows = n ? p.cols[0].size() : 0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t r = 0; r < part_rows && row + r < rows; ++r) {
        layers::Value& v = p.cols[i][r];
        if (layers::is_null(v)) continue;
        if (!numeric[i] && !std::holds_alternative<std::string>(v)) v = layers::as_text(v);
        out.set(row + r, i, std::move(v));
      }
    row += part_rows;
  }
  return out;
}

void open_connection(FactsDb::Impl& m) {
  m.all = Range{&m, 0, m.facts->row_count()};
  m.db = detail::open_facts_connection(m.all, m.lookups);
}

/// A table without a subject: its own columns only, ids are 1-based row numbers.
void init_any_table(FactsDb::Impl& m) {
  using Source = FactsDb::Impl::ColRef::Source;
  m.any_table = true;
  const layers::Table& t = *m.facts;
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    m.names.push_back(t.column(c).name);
    m.cols.push_back({Source::Facts, c});
  }
  m.ids.reserve(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) m.ids.push_back(std::to_string(r + 1));
  m.extra.resize(t.row_count());
  open_connection(m);
}

void init(FactsDb::Impl& m, Subject subject, const Ruleset* ruleset) {
  using Source = FactsDb::Impl::ColRef::Source;
  m.subject = subject;
  const layers::Table& facts = *m.facts;
  for (std::size_t c = 0; c < facts.column_count(); ++c) {
    m.names.push_back(facts.column(c).name);
    m.cols.push_back({Source::Facts, c});
  }
  const layers::Table schema = facts_schema(subject);
  for (const auto& col : schema.columns()) {
    const auto have = facts.find(col.name);
    if (!have) {
      m.names.push_back(col.name);
      m.cols.push_back({Source::Null, 0});
    } else if (col.type != layers::FieldType::Text &&
               facts.column(*have).type == layers::FieldType::Text) {
      // SQLite would compare text with numbers as text ('10' < '9'): refuse instead.
      throw Error(ErrorKind::Schema,
                  std::string("holds text, but the facts schema says ") + to_string(col.type) +
                      " (convert it when reading)",
                  Where{.field = col.name});
    }
  }
  std::vector<Derived> derived;
  if (ruleset) derived = ruleset->derived_for(subject);
  for (std::size_t k = 0; k < derived.size(); ++k) {
    if (m.find(derived[k].name))
      throw Error(ErrorKind::Rule,
                  "derived column '" + derived[k].name + "' clashes with a facts column",
                  Where{.file = ruleset->file, .line = derived[k].line, .rule = derived[k].name});
    m.names.push_back(derived[k].name);
    m.cols.push_back({Source::Derived, k});
  }
  const auto id_col = facts.find(id_column(subject));
  if (!id_col)
    throw Error(ErrorKind::Schema, "the facts have no id column",
                Where{.field = id_column(subject)});
  m.ids.reserve(facts.row_count());
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    m.ids.push_back(detail::cell_text(facts, r, *id_col));
    if (m.ids.back().empty())
      throw Error(ErrorKind::Schema, "empty id in row " + std::to_string(r + 1),
                  Where{.field = id_column(subject)});
  }
  // Duplicate ids: sort (hash, row) pairs and compare neighbours — no string copies.
  std::vector<std::pair<std::size_t, std::size_t>> keyed(m.ids.size());
  const std::hash<std::string> hash;
  for (std::size_t r = 0; r < m.ids.size(); ++r) keyed[r] = {hash(m.ids[r]), r};
  std::sort(keyed.begin(), keyed.end());
  std::size_t first_dup = m.ids.size();
  for (std::size_t i = 0; i < keyed.size(); ++i)
    for (std::size_t j = i + 1; j < keyed.size() && keyed[j].first == keyed[i].first; ++j)
      if (m.ids[keyed[i].second] == m.ids[keyed[j].second])
        first_dup = std::min(first_dup, std::max(keyed[i].second, keyed[j].second));
  if (first_dup < m.ids.size())
    throw Error(ErrorKind::Schema, "duplicate id",
                Where{.feature = m.ids[first_dup], .field = id_column(subject)});
  if (ruleset) m.lookups = ruleset->lookups;
  open_connection(m);
  // Derived columns in file order: each may use the ones before it (they read as NULL until
  // computed).
  m.extra.resize(facts.row_count());
  for (const auto& d : derived) {
    const Where where{.file = ruleset->file, .line = d.line, .rule = d.name};
    layers::Table v = select_values(m, {d.expr}, where);
    const std::size_t c = m.extra.add_column(d.name, v.column(0).type, d.unit);
    for (std::size_t r = 0; r < facts.row_count(); ++r)
      if (!v.null_at(r, 0)) m.extra.set(r, c, v.get(r, 0));
  }
}

}  // namespace

FactsDb::FactsDb(const layers::Table& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->facts = &facts;
  init(*m_impl, subject, ruleset);
}

FactsDb::FactsDb(layers::Table&& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->owned = std::move(facts);
  m_impl->facts = &*m_impl->owned;
  init(*m_impl, subject, ruleset);
}

FactsDb::FactsDb(const layers::Table& table, AnyTable) : m_impl(std::make_unique<Impl>()) {
  m_impl->facts = &table;
  init_any_table(*m_impl);
}

const layers::Table& FactsDb::table() const {
  const Impl& m = *m_impl;
  if (m.merged) return *m.merged;
  if (m.any_table) return *m.facts;
  layers::Table t = *m.facts;
  const layers::Table schema = facts_schema(m.subject);
  for (std::size_t c = 0; c < m.names.size(); ++c) {
    if (m.cols[c].source == Impl::ColRef::Source::Null) {
      const auto s = schema.find(m.names[c]);
      t.add_column(m.names[c], schema.column(*s).type, schema.column(*s).unit);
    } else if (m.cols[c].source == Impl::ColRef::Source::Derived &&
               m.cols[c].index < m.extra.column_count()) {
      const auto& col = m.extra.column(m.cols[c].index);
      const std::size_t dst = t.add_column(col.name, col.type, col.unit);
      for (std::size_t r = 0; r < t.row_count(); ++r)
        if (!m.extra.null_at(r, m.cols[c].index)) t.set(r, dst, m.extra.get(r, m.cols[c].index));
    }
  }
  m.merged = std::move(t);
  return *m.merged;
}

FactsDb::~FactsDb() = default;
FactsDb::FactsDb(FactsDb&&) noexcept = default;
FactsDb& FactsDb::operator=(FactsDb&&) noexcept = default;
Subject FactsDb::subject() const noexcept {
  return m_impl->subject;
}
std::size_t FactsDb::row_count() const noexcept {
  return m_impl->ids.size();
}
const std::vector<std::string>& FactsDb::ids() const noexcept {
  return m_impl->ids;
}

namespace {

/// Evaluates the prepared SELECT over one connection (its `range` of rows), in row order.
std::vector<Finding> run_chunk(const FactsDb::Impl& m, sqlite3* db, const Range& range,
                               const std::string& sql, const std::vector<Rule>& rules,
                               const std::vector<CompiledRule>& compiled, Keep keep,
                               std::atomic<std::size_t>& kept, std::size_t budget,
                               std::size_t max_findings) {
  std::vector<Finding> out;

  detail::Guard guard(db);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    detail::StmtPtr none(raw);
    // The statement's own message, before the probes below overwrite it.
    const std::string whole =
        guard.refusal().empty() ? std::string(sqlite3_errmsg(db)) : "refused: " + guard.refusal();
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
        const int rc = sqlite3_prepare_v2(db, one.c_str(), -1, &t, nullptr);
        detail::StmtPtr keep_t(t);
        if (rc != SQLITE_OK)
          sql_failure(db, guard, key, Where{.file = r.file, .line = r.line, .rule = r.id});
      }
    }
    throw Error(ErrorKind::Rule, "evaluating the rules: " + whole,
                Where{.file = rules.front().file});
  }
  detail::StmtPtr st(raw);
  std::size_t row = range.begin;
  detail::CellValue cell[3];  // outcome, actual, threshold of the rule at hand
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW)
      sql_failure(
          db, guard, "evaluating the rules",
          Where{.file = rules.front().file, .feature = row < m.ids.size() ? m.ids[row] : ""});
    const std::string& id = m.ids[row];
    const std::size_t kept_before = out.size();
    for (const CompiledRule& c : compiled) {
      const Rule& r = *c.rule;
      // 0: passed or not applicable (Keep::NonPass only, not kept); x'': not applicable;
      // else hubland_finding(...).
      const int type = sqlite3_column_type(st.get(), c.outcome_col);
      if (type == SQLITE_INTEGER) continue;
      const void* blob = sqlite3_column_blob(st.get(), c.outcome_col);
      const int bytes = sqlite3_column_bytes(st.get(), c.outcome_col);
      if (type != SQLITE_BLOB || (bytes > 0 && !detail::decode_finding(blob, bytes, cell, 3)))
        throw Error(ErrorKind::Internal, "unexpected value in the rules SELECT",
                    Where{.file = r.file, .feature = id, .line = r.line, .rule = r.id});
      const detail::CellValue& value = cell[0];
      // A zero-length blob: `applies` is false; a blob condition reads as not applicable too.
      if (bytes == 0 || value.type == SQLITE_BLOB) {
        if (keep != Keep::All) continue;
        out.push_back(Finding{id,
                              r.id,
                              Outcome::NotApplicable,
                              {},
                              {},
                              "不适用：" + r.title.zh,
                              "not applicable: " + r.title.en,
                              c.clause});
        continue;
      }
      Outcome o;
      bool unknown = false;
      if (value.type == SQLITE_NULL) {
        unknown = true;
        o = r.on_unknown == OnUnknown::Fail ? r.on_fail : Outcome::NotApplicable;
      } else {
        const double v = value.type == SQLITE_INTEGER ? static_cast<double>(value.integer)
                         : value.type == SQLITE_FLOAT ? value.real
                                                      : -1.0;
        if (v != 0.0 && v != 1.0)
          throw Error(ErrorKind::Rule,
                      "fails_when gives '" + detail::value_text(value) + "', not true/false",
                      Where{.file = r.file, .feature = id, .line = r.line, .rule = r.id});
        o = v == 1.0 ? r.on_fail : Outcome::Pass;
      }
      if (keep == Keep::NonPass && (o == Outcome::Pass || o == Outcome::NotApplicable)) continue;
      Finding f;
      f.subject_id = id;
      f.rule_id = r.id;
      f.outcome = o;
      f.actual = detail::value_text(cell[1]);
      f.threshold = detail::value_text(cell[2]);
      if (unknown && c.unknown_zh) {
        const bool fails = o != Outcome::NotApplicable;
        f.reason_zh = std::string(fails ? "数据缺失（按不符合处理）：" : "数据缺失，无法判断：") +
                      c.unknown_zh->render(m, row, id, f.actual, f.threshold);
        f.reason_en = std::string(fails ? "data missing (treated as failing): "
                                        : "data missing, cannot decide: ") +
                      c.unknown_en->render(m, row, id, f.actual, f.threshold);
      } else if (unknown && o == Outcome::NotApplicable) {
        f.reason_zh = "数据缺失，无法判断：" + r.title.zh;
        f.reason_en = "data missing, cannot decide: " + r.title.en;
      } else if (o == Outcome::Pass) {
        f.reason_zh = c.pass_zh.render(m, row, id, f.actual, f.threshold);
        f.reason_en = c.pass_en.render(m, row, id, f.actual, f.threshold);
      } else {
        f.reason_zh = c.fail_zh.render(m, row, id, f.actual, f.threshold);
        f.reason_en = c.fail_en.render(m, row, id, f.actual, f.threshold);
        if (unknown) {
          f.reason_zh = "数据缺失（按不符合处理）：" + f.reason_zh;
          f.reason_en = "data missing (treated as failing): " + f.reason_en;
        }
      }
      f.clause = c.clause;
      out.push_back(std::move(f));
    }
    if (kept.fetch_add(out.size() - kept_before) + (out.size() - kept_before) > budget)
      too_many_findings(rules, max_findings);
    ++row;
  }
  return out;
}

}  // namespace

namespace {

/// One SELECT for all `rules`; stops once more than `budget` findings are kept (the error says
/// `max_findings`, the caller's limit).
std::vector<Finding> evaluate_statement(const FactsDb& fdb, const std::vector<Rule>& rules,
                                        Keep keep, std::size_t budget, std::size_t max_findings) {
  const auto& m = fdb.impl();
  std::vector<Finding> out;
  if (rules.empty() || m.ids.empty()) return out;
  if (m.any_table)
    throw Error(ErrorKind::Internal, "rules run over subject facts, not over an arbitrary table",
                Where{.file = rules.front().file});
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
    // One column per rule. Not applicable is a zero-length blob (no condition yields one from
    // hubland_finding(), so it cannot collide with an outcome). Under Keep::NonPass a passing
    // or not applicable row gives 0 and nothing else is computed; `+` strips column affinity so
    // that only the numbers 0 and 0.0 compare equal to 0 (a text '0' stays an invalid outcome, as
    // before). Otherwise hubland_finding() carries the outcome with `actual` and `threshold`.
    const std::string cond = "(\n" + r.fails_when + "\n)";
    const std::string values = std::string(detail::kFindingFunction) + "(" + cond + ", " +
                               (r.actual.empty() ? "NULL" : "(\n" + r.actual + "\n)") + ", " +
                               (r.threshold.empty() ? "NULL" : "(\n" + r.threshold + "\n)") + ")";
    const std::string outcome =
        keep == Keep::NonPass ? "CASE +" + cond + " WHEN 0 THEN 0 ELSE " + values + " END" : values;
    if (r.applies.empty())
      sql += outcome;
    else
      sql += "CASE WHEN (\n" + r.applies + "\n) THEN " + outcome + " ELSE " +
             (keep == Keep::NonPass ? "0" : "x''") + " END";
    c.outcome_col = col++;
    const Text fail{r.reason.zh.empty() ? r.title.zh : r.reason.zh,
                    r.reason.en.empty() ? r.title.en : r.reason.en};
    const Text pass{r.pass_reason.zh.empty() ? "符合：" + r.title.zh : r.pass_reason.zh,
                    r.pass_reason.en.empty() ? "met: " + r.title.en : r.pass_reason.en};
    c.fail_zh = detail::Template::compile(fail.zh, m, r);
    c.fail_en = detail::Template::compile(fail.en, m, r);
    c.pass_zh = detail::Template::compile(pass.zh, m, r);
    c.pass_en = detail::Template::compile(pass.en, m, r);
    if (!r.unknown_reason.zh.empty() || !r.unknown_reason.en.empty()) {
      c.unknown_zh = detail::Template::compile(
          r.unknown_reason.zh.empty() ? r.title.zh : r.unknown_reason.zh, m, r);
      c.unknown_en = detail::Template::compile(
          r.unknown_reason.en.empty() ? r.title.en : r.unknown_reason.en, m, r);
    }
    c.clause = r.verified ? r.clause : r.clause + "（阈值未核实 / threshold unverified）";
    compiled.push_back(std::move(c));
  }
  sql += " FROM facts ORDER BY rowid";

  std::atomic<std::size_t> kept{0};
  // Large tables: one connection per core over a slice of the rows, results joined in row
  // order (so the output does not depend on the number of threads).
  auto parts = over_slices(m, [&](sqlite3* db, const Range& range) {
    return run_chunk(m, db, range, sql, rules, compiled, keep, kept, budget, max_findings);
  });
  if (parts.size() == 1) return std::move(parts[0]);
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  out.reserve(total);
  for (auto& p : parts) std::move(p.begin(), p.end(), std::back_inserter(out));
  return out;
}

// One rule is one column of the rules SELECT, and SQLite caps a result's columns at 2000 (unless
// built otherwise): larger rulesets run in statements of this many rules, merged back into the
// one-statement order (row by row, rules in file order).
constexpr std::size_t kMaxRulesPerStatement = 1000;

std::vector<Finding> evaluate_in_batches(const FactsDb& fdb, const std::vector<Rule>& rules,
                                         Keep keep, std::size_t max_findings) {
  const auto& m = fdb.impl();
  std::unordered_map<std::string_view, std::size_t> row_of;
  row_of.reserve(m.ids.size());
  for (std::size_t i = 0; i < m.ids.size(); ++i) row_of.emplace(m.ids[i], i);
  std::vector<std::vector<Finding>> batches;
  std::size_t total = 0;
  for (std::size_t first = 0; first < rules.size(); first += kMaxRulesPerStatement) {
    const std::size_t last = std::min(rules.size(), first + kMaxRulesPerStatement);
    batches.push_back(
        evaluate_statement(fdb, std::vector<Rule>(rules.begin() + first, rules.begin() + last),
                           keep, max_findings - total, max_findings));
    total += batches.back().size();
  }
  // Each batch is in row order; a stable merge by row keeps earlier batches (rules) first.
  struct Ref {
    std::size_t row, batch, index;
  };
  std::vector<Ref> order;
  for (std::size_t b = 0; b < batches.size(); ++b)
    for (std::size_t i = 0; i < batches[b].size(); ++i)
      order.push_back({row_of.at(batches[b][i].subject_id), b, i});
  std::stable_sort(order.begin(), order.end(),
                   [](const Ref& a, const Ref& b) { return a.row < b.row; });
  std::vector<Finding> out;
  out.reserve(order.size());
  for (const Ref& r : order) out.push_back(std::move(batches[r.batch][r.index]));
  return out;
}

}  // namespace

std::vector<Finding> evaluate(const FactsDb& fdb, const std::vector<Rule>& rules, Keep keep,
                              std::size_t max_findings) {
  if (rules.size() > kMaxRulesPerStatement)
    return evaluate_in_batches(fdb, rules, keep, max_findings);
  return evaluate_statement(fdb, rules, keep, max_findings, max_findings);
}

layers::Table evaluate_values(const FactsDb& fdb, const std::vector<std::string>& expressions,
                              const Where& where) {
  return select_values(fdb.impl(), expressions, where);
}

std::vector<std::size_t> select_rows(const FactsDb& fdb, const std::string& condition) {
  // Checked before wrapping: the wrapper's parentheses must not balance the user's text.
  if (condition.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::Rule, "the condition is empty");
  if (auto why = detail::precheck_expression(condition); !why.empty())
    throw Error(ErrorKind::Rule, why);
  // WHERE semantics: a true (non-zero) value selects the row; false and NULL do not.
  const layers::Table v =
      select_values(fdb.impl(), {"CASE WHEN (\n" + condition + "\n) THEN 1 ELSE 0 END"}, {});
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < v.row_count(); ++r)
    if (!v.null_at(r, 0) && layers::as_number(v.get(r, 0)).value_or(0.0) != 0.0) rows.push_back(r);
  return rows;
}

layers::Table evaluate_grouped(const FactsDb& fdb, const std::vector<std::string>& expressions,
                               const std::string& group_column, const Where& where) {
  const FactsDb::Impl& m = fdb.impl();
  if (!m.find(group_column))
    throw Error(ErrorKind::Rule, "no column '" + group_column + "' to group by", where);
  const std::string key = layers::sql_identifier(group_column);
  std::string sql = "SELECT CAST(" + key + " AS TEXT)";
  for (const auto& e : expressions) {
    if (auto why = detail::precheck_expression(e); !why.empty())
      throw Error(ErrorKind::Rule, why, where);
    sql += ", (\n" + e + "\n)";
  }
  sql += " FROM facts GROUP BY " + key + " ORDER BY " + key;
  sqlite3* db = m.db.get();
  detail::Guard guard(db);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    detail::StmtPtr none(raw);
    sql_failure(db, guard, "evaluating aggregates", where);
  }
  detail::StmtPtr st(raw);
  const std::size_t n = expressions.size();
  std::vector<std::vector<layers::Value>> rows;
  std::vector<bool> numeric(n, true);
  for (;;) {
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) sql_failure(db, guard, "evaluating aggregates", where);
    std::vector<layers::Value> row;
    row.reserve(n + 1);
    for (std::size_t i = 0; i <= n; ++i) {
      const int ci = static_cast<int>(i);
      switch (sqlite3_column_type(st.get(), ci)) {
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
          if (i > 0) {
            row.emplace_back(sqlite3_column_double(st.get(), ci));
            break;
          }
          [[fallthrough]];
        default:
          if (i > 0) numeric[i - 1] = false;
          row.emplace_back(detail::stmt_text(st.get(), ci));
      }
    }
    rows.push_back(std::move(row));
  }
  layers::Table out;
  out.add_column("group", layers::FieldType::Text);
  for (std::size_t i = 0; i < n; ++i)
    out.add_column("c" + std::to_string(i),
                   numeric[i] ? layers::FieldType::Real : layers::FieldType::Text);
  out.resize(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c <= n; ++c) {
      layers::Value& v = rows[r][c];
      if (layers::is_null(v)) continue;
      if (c > 0 && !numeric[c - 1] && !std::holds_alternative<std::string>(v))
        v = layers::as_text(v);
      out.set(r, c, std::move(v));
    }
  return out;
}

}  // namespace hubland::rules

// Evaluating rules over a facts table in one SELECT (see hubland/rules/evaluator.hpp); the
// FactsDb itself is in facts_db.cpp, value and aggregate queries in value_queries.cpp.
#include "hubland/rules/evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>

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

constexpr std::size_t kFindingsPerCount = 4096;

/// A kept outcome as the scan found it: the row, the rule and the two values, before any
/// text is rendered. The scan collects these (small, and few: a few % of the evaluations);
/// the findings are then rendered straight into an output of the exact size, so that the
/// large Finding array is allocated and written once, not grown by doubling per slice and
/// copied again to join the slices (on this VM every fresh page costs the kernel's zeroing).
struct Hit {
  std::size_t row = 0;
  std::uint32_t rule = 0;  ///< index into the compiled rules
  Outcome outcome = Outcome::Pass;
  bool unknown = false;  ///< fails_when gave NULL
  bool applies = true;   ///< false: `applies` was false (Keep::All only)
  std::string actual, threshold;
};

/// Evaluates the prepared SELECT over one connection (its `range` of rows), in row order.
std::vector<Hit> run_chunk(const FactsDb::Impl& m, sqlite3* db, const Range& range,
                           const std::string& sql, const std::vector<Rule>& rules,
                           const std::vector<CompiledRule>& compiled, Keep keep,
                           std::atomic<std::size_t>& kept, std::size_t budget,
                           std::size_t max_findings) {
  std::vector<Hit> out;

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
          detail::sql_failure(db, guard, key, Where{.file = r.file, .line = r.line, .rule = r.id});
      }
    }
    throw Error(ErrorKind::Rule, "evaluating the rules: " + whole,
                Where{.file = rules.front().file});
  }
  detail::StmtPtr st(raw);
  std::size_t counted = 0;  // of `out`, already added to `kept`
  const auto count_kept = [&] {
    const std::size_t fresh = out.size() - counted;
    counted = out.size();
    if (kept.fetch_add(fresh) + fresh > budget) too_many_findings(rules, max_findings);
  };
  std::size_t row = range.begin;
  detail::CellValue cell[3];  // outcome, actual, threshold of the rule at hand
  for (;;) {
    const int s = sqlite3_step(st.get());
    if (s == SQLITE_DONE) break;
    if (s != SQLITE_ROW)
      detail::sql_failure(
          db, guard, "evaluating the rules",
          Where{.file = rules.front().file, .feature = row < m.ids.size() ? m.ids[row] : ""});
    for (std::uint32_t k = 0; k < compiled.size(); ++k) {
      const CompiledRule& c = compiled[k];
      const Rule& r = *c.rule;
      // 0: passed or not applicable (Keep::NonPass only, not kept); x'': not applicable;
      // else hubland_finding(...).
      const int type = sqlite3_column_type(st.get(), c.outcome_col);
      if (type == SQLITE_INTEGER) continue;
      const void* blob = sqlite3_column_blob(st.get(), c.outcome_col);
      const int bytes = sqlite3_column_bytes(st.get(), c.outcome_col);
      if (type != SQLITE_BLOB || (bytes > 0 && !detail::decode_finding(blob, bytes, cell, 3)))
        throw Error(ErrorKind::Internal, "unexpected value in the rules SELECT",
                    Where{.file = r.file, .feature = m.ids[row], .line = r.line, .rule = r.id});
      const detail::CellValue& value = cell[0];
      // A zero-length blob: `applies` is false; a blob condition reads as not applicable too.
      if (bytes == 0 || value.type == SQLITE_BLOB) {
        if (keep != Keep::All) continue;
        out.push_back(
            Hit{.row = row, .rule = k, .outcome = Outcome::NotApplicable, .applies = false});
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
                      Where{.file = r.file, .feature = m.ids[row], .line = r.line, .rule = r.id});
        o = v == 1.0 ? r.on_fail : Outcome::Pass;
      }
      if (keep == Keep::NonPass && (o == Outcome::Pass || o == Outcome::NotApplicable)) continue;
      // The blob dies with the next step: its values are kept as text now.
      out.push_back(Hit{.row = row,
                        .rule = k,
                        .outcome = o,
                        .unknown = unknown,
                        .actual = detail::value_text(cell[1]),
                        .threshold = detail::value_text(cell[2])});
    }
    // The slices' findings count against one budget; added a few thousand at a time, so that
    // the shared counter is not touched for every row.
    if (out.size() - counted >= kFindingsPerCount) count_kept();
    ++row;
  }
  count_kept();
  return out;
}

/// The finding of `h`, its reasons rendered in both languages.
void render_finding(const FactsDb::Impl& m, const CompiledRule& c, Hit& h, Finding& f) {
  const Rule& r = *c.rule;
  const std::string& id = m.ids[h.row];
  f.subject_id = id;
  f.rule_id = r.id;
  f.outcome = h.outcome;
  f.clause = c.clause;
  if (!h.applies) {
    f.reason_zh = "不适用：" + r.title.zh;
    f.reason_en = "not applicable: " + r.title.en;
    return;
  }
  f.actual = std::move(h.actual);
  f.threshold = std::move(h.threshold);
  const Outcome o = h.outcome;
  if (h.unknown && c.unknown_zh) {
    const bool fails = o != Outcome::NotApplicable;
    f.reason_zh = std::string(fails ? "数据缺失（按不符合处理）：" : "数据缺失，无法判断：") +
                  c.unknown_zh->render(m, h.row, id, f.actual, f.threshold);
    f.reason_en = std::string(fails ? "data missing (treated as failing): "
                                    : "data missing, cannot decide: ") +
                  c.unknown_en->render(m, h.row, id, f.actual, f.threshold);
  } else if (h.unknown && o == Outcome::NotApplicable) {
    f.reason_zh = "数据缺失，无法判断：" + r.title.zh;
    f.reason_en = "data missing, cannot decide: " + r.title.en;
  } else if (o == Outcome::Pass) {
    f.reason_zh = c.pass_zh.render(m, h.row, id, f.actual, f.threshold);
    f.reason_en = c.pass_en.render(m, h.row, id, f.actual, f.threshold);
  } else {
    f.reason_zh = c.fail_zh.render(m, h.row, id, f.actual, f.threshold);
    f.reason_en = c.fail_en.render(m, h.row, id, f.actual, f.threshold);
    if (h.unknown) {
      f.reason_zh = "数据缺失（按不符合处理）：" + f.reason_zh;
      f.reason_en = "data missing (treated as failing): " + f.reason_en;
    }
  }
}

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
  std::string list;
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
    if (col) list += ", ";
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
      list += outcome;
    else
      list += "CASE WHEN (\n" + r.applies + "\n) THEN " + outcome + " ELSE " +
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
  const std::string sql = detail::select_over_facts(m, list);

  std::atomic<std::size_t> kept{0};
  // Large tables: one connection per core over a slice of the rows, results joined in row
  // order (so the output does not depend on the number of threads).
  auto parts = detail::over_slices(m, [&](sqlite3* db, const Range& range) {
    return run_chunk(m, db, range, sql, rules, compiled, keep, kept, budget, max_findings);
  });
  // Each slice renders its findings into its own stretch of the output, in row order.
  std::vector<std::size_t> first(parts.size() + 1, 0);
  for (std::size_t k = 0; k < parts.size(); ++k) first[k + 1] = first[k] + parts[k].size();
  // A finding is 232 bytes: 180 MB at a million rows, first touched on every core rather
  // than zeroed by the kernel on this thread while the other core waits.
  geo::resize_touched(out, first.back(), static_cast<int>(std::max<std::size_t>(parts.size(), 1)));
  const auto render_part = [&](std::size_t k, int) {
    for (std::size_t i = 0; i < parts[k].size(); ++i) {
      Hit& h = parts[k][i];
      render_finding(m, compiled[h.rule], h, out[first[k] + i]);
    }
  };
  if (parts.size() == 1)
    render_part(0, 0);
  else
    geo::parallel_for_each(parts.size(), static_cast<int>(parts.size()), render_part);
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

}  // namespace hubland::rules

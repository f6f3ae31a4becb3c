// Value and aggregate queries over a FactsDb: derived columns, select_rows(), report and
// evaluation expressions (see hubland/rules/evaluator.hpp).
#include "hubland/rules/evaluator.hpp"

#include <string>
#include <variant>
#include <vector>

#include "facts_db_impl.hpp"
#include "hubland/error.hpp"

namespace hubland::rules {

namespace detail {

void sql_failure(sqlite3* db, const detail::Guard& guard, const std::string& what,
                 const Where& where) {
  const std::string msg =
      guard.refusal().empty() ? std::string(sqlite3_errmsg(db)) : "refused: " + guard.refusal();
  throw Error(ErrorKind::Rule, what + ": " + msg, where);
}

std::string select_over_facts(const FactsDb::Impl& m, const std::string& select_list) {
  const std::string plain = "SELECT " + select_list + " FROM facts ORDER BY rowid";
  std::vector<std::string> read;
  {
    // Without the ORDER BY, whose rowid would count as read.
    const std::string probe_sql = "SELECT " + select_list + " FROM facts";
    Guard guard(m.db.get());
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(m.db.get(), probe_sql.c_str(),
                                      static_cast<int>(probe_sql.size()), &raw, nullptr);
    StmtPtr probe(raw);
    if (rc != SQLITE_OK) return plain;
    read = guard.facts_columns_read();
  }
  if (read.empty()) return plain;
  std::string columns;
  for (const std::string& c : read) {
    if (!m.find(c)) return plain;  // the rowid, or a name SQLite matched another way
    columns += (columns.empty() ? "" : ", ") + layers::sql_identifier(c);
  }
  return "SELECT " + select_list + " FROM (SELECT " + columns +
         " FROM facts ORDER BY rowid LIMIT -1 OFFSET 0) AS facts";
}

layers::Table select_values(const FactsDb::Impl& m, const std::vector<std::string>& expressions,
                            const Where& where) {
  layers::Table out;
  if (expressions.empty()) return out;
  std::string list;
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    if (auto why = detail::precheck_expression(expressions[i]); !why.empty())
      throw Error(ErrorKind::Rule, why, where);
    list += (i ? ", (\n" : "(\n") + expressions[i] + "\n)";
  }
  const std::string sql = select_over_facts(m, list);
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

}  // namespace detail

layers::Table evaluate_values(const FactsDb& fdb, const std::vector<std::string>& expressions,
                              const Where& where) {
  return detail::select_values(fdb.impl(), expressions, where);
}

std::vector<std::size_t> select_rows(const FactsDb& fdb, const std::string& condition) {
  // Checked before wrapping: the wrapper's parentheses must not balance the user's text.
  if (condition.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::Rule, "the condition is empty");
  if (auto why = detail::precheck_expression(condition); !why.empty())
    throw Error(ErrorKind::Rule, why);
  // WHERE semantics: a true (non-zero) value selects the row; false and NULL do not.
  const layers::Table v = detail::select_values(
      fdb.impl(), {"CASE WHEN (\n" + condition + "\n) THEN 1 ELSE 0 END"}, {});
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
    detail::sql_failure(db, guard, "evaluating aggregates", where);
  }
  detail::StmtPtr st(raw);
  const std::size_t n = expressions.size();
  std::vector<std::vector<layers::Value>> rows;
  std::vector<bool> numeric(n, true);
  for (;;) {
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) detail::sql_failure(db, guard, "evaluating aggregates", where);
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

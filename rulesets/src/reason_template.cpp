// Reason templates and the text of values in findings (reason_template.hpp, facts_db_impl.hpp).
#include "reason_template.hpp"

#include "hubland/error.hpp"

namespace hubland::rules::detail {

std::string cell_text(const layers::Table& t, std::size_t row, std::size_t col) {
  if (t.null_at(row, col)) return {};
  switch (t.column(col).type) {
    case layers::FieldType::Integer:
      return std::to_string(t.integer_at(row, col));
    case layers::FieldType::Real:
      return format_number(t.real_at(row, col));
    case layers::FieldType::Text:
      return std::string(t.text_at(row, col));
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

Template Template::compile(const std::string& text, const FactsDb::Impl& table, const Rule& rule) {
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

std::string Template::render(const FactsDb::Impl& table, std::size_t row, const std::string& id,
                             const std::string& actual, const std::string& threshold) const {
  // Built in this thread's scratch and returned as an exact-size copy: a million findings hold
  // two reasons each, and a reserve or a doubled capacity left each reason's block about twice
  // its size (fresh memory, which the kernel zeroes: docs/performance.md).
  thread_local std::string out;
  out.clear();
  std::string cell;  // only a facts column needs its text made
  for (const auto& p : parts) {
    const std::string* v = &cell;
    switch (p.kind) {
      case Kind::Literal:
        out += p.text;
        continue;
      case Kind::Actual:
        v = &actual;
        break;
      case Kind::Threshold:
        v = &threshold;
        break;
      case Kind::Id:
        v = &id;
        break;
      case Kind::Column: {
        const auto [t, c] = table.locate(p.column);
        cell = t ? cell_text(*t, row, c) : std::string();
        break;
      }
    }
    if (v->empty())
      out += "—";  // an em dash for a missing value, in both languages
    else
      out += *v;
  }
  return std::string(out);
}

}  // namespace hubland::rules::detail

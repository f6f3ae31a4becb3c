#include "hubland/layers/sql_text.hpp"

namespace hubland::layers {

namespace {
std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}
}  // namespace

std::string sql_identifier(std::string_view name) {
  return quoted(name, '"');
}

std::string sql_literal(std::string_view text) {
  return quoted(text, '\'');
}

const char* sqlite_type(FieldType type) noexcept {
  switch (type) {
    case FieldType::Integer:
      return "INTEGER";
    case FieldType::Real:
      return "REAL";
    case FieldType::Text:
      return "TEXT";
  }
  return "TEXT";
}

}  // namespace hubland::layers

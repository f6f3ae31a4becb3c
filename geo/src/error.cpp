#include "hubland/error.hpp"

namespace hubland {

namespace {
std::string compose(const std::string& message, const Where& where) {
  const std::string at = describe(where);
  return at.empty() ? message : at + ": " + message;
}
}  // namespace

Error::Error(ErrorKind kind, const std::string& message, Where where)
    : std::runtime_error(compose(message, where)),
      m_kind(kind),
      m_message(message),
      m_where(std::move(where)) {}

std::string describe(const Where& w) {
  std::string out;
  auto add = [&out](const std::string& label, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ": ";
    out += label.empty() ? value : label + " " + value;
  };
  add("", w.file);
  add("layer", w.layer);
  add("feature", w.feature);
  add("field", w.field);
  if (w.line > 0) add("line", std::to_string(w.line));
  add("rule", w.rule);
  return out;
}

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::BadInput: return "bad-input";
    case ErrorKind::Io: return "io";
    case ErrorKind::Crs: return "crs";
    case ErrorKind::Encoding: return "encoding";
    case ErrorKind::Geometry: return "geometry";
    case ErrorKind::Schema: return "schema";
    case ErrorKind::Rule: return "rule";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

int exit_code(ErrorKind kind) noexcept {
  if (kind == ErrorKind::Conflict) return 3;
  return kind == ErrorKind::Internal ? 1 : 2;
}

}  // namespace hubland

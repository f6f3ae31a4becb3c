// hubland_finding(): a rule's values in one blob (see finding_cell.hpp).
#include "finding_cell.hpp"

#include <cstring>
#include <string>

#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules::detail {

namespace {

// Layout per argument: one type byte, then 8 bytes (integer or real, native order: the blob
// never leaves the process) or a 4-byte length and the bytes (text, blob), nothing for NULL.
void finding_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  std::string buf;
  for (int k = 0; k < argc; ++k) {
    sqlite3_value* v = argv[k];
    const int type = sqlite3_value_type(v);
    buf.push_back(static_cast<char>(type));
    switch (type) {
      case SQLITE_INTEGER: {
        const std::int64_t i = sqlite3_value_int64(v);
        buf.append(reinterpret_cast<const char*>(&i), sizeof i);
        break;
      }
      case SQLITE_FLOAT: {
        const double d = sqlite3_value_double(v);
        buf.append(reinterpret_cast<const char*>(&d), sizeof d);
        break;
      }
      case SQLITE_TEXT:
      case SQLITE_BLOB: {
        const void* p = type == SQLITE_TEXT ? static_cast<const void*>(sqlite3_value_text(v))
                                            : sqlite3_value_blob(v);
        const auto n = static_cast<std::uint32_t>(sqlite3_value_bytes(v));
        buf.append(reinterpret_cast<const char*>(&n), sizeof n);
        if (n) buf.append(static_cast<const char*>(p), n);
        break;
      }
      default:
        break;
    }
  }
  sqlite3_result_blob(ctx, buf.data(), static_cast<int>(buf.size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_finding_function(sqlite3* db) {
  if (sqlite3_create_function_v2(db, kFindingFunction, -1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 &finding_function, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, std::string("SQLite: ") + sqlite3_errmsg(db));
}

bool decode_finding(const void* blob, int bytes, CellValue* out, int n) {
  const auto* p = static_cast<const char*>(blob);
  const char* end = p + (bytes > 0 ? bytes : 0);
  for (int k = 0; k < n; ++k) {
    out[k] = CellValue{};
    if (p == end) continue;
    CellValue& v = out[k];
    v.type = static_cast<unsigned char>(*p++);
    switch (v.type) {
      case SQLITE_INTEGER:
      case SQLITE_FLOAT:
        if (end - p < 8) return false;
        if (v.type == SQLITE_INTEGER)
          std::memcpy(&v.integer, p, 8);
        else
          std::memcpy(&v.real, p, 8);
        p += 8;
        break;
      case SQLITE_TEXT:
      case SQLITE_BLOB: {
        std::uint32_t len = 0;
        if (end - p < 4) return false;
        std::memcpy(&len, p, 4);
        p += 4;
        if (static_cast<std::size_t>(end - p) < len) return false;
        v.text = std::string_view(p, len);
        p += len;
        break;
      }
      case SQLITE_NULL:
        break;
      default:
        return false;
    }
  }
  return p == end;
}

std::string value_text(const CellValue& v) {
  switch (v.type) {
    case SQLITE_INTEGER:
      return std::to_string(v.integer);
    case SQLITE_FLOAT:
      return format_number(v.real);
    case SQLITE_TEXT:
      return std::string(v.text);
    default:
      return {};
  }
}

}  // namespace hubland::rules::detail

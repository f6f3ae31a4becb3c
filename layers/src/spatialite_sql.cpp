// The SQLite calls of the SpatiaLite workspace backend (spatialite_sql.hpp).
#include "spatialite_sql.hpp"

#include "hubland/error.hpp"

namespace hubland::layers::sl {

void Db::fail(const std::string& what) const {
  const int code = sqlite3_errcode(db);
  // A trigger's refusal is the input's fault, and its message says why.
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    throw Error(ErrorKind::BadInput, sqlite3_errmsg(db), Where{.file = path});
  throw Error(ErrorKind::Internal, what + ": " + sqlite3_errmsg(db), Where{.file = path});
}

void Db::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    const int code = sqlite3_errcode(db) & 0xff;
    const ErrorKind kind =
        code == SQLITE_CONSTRAINT ? ErrorKind::BadInput
        : (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_READONLY ||
           code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN)
            ? ErrorKind::Io
            : ErrorKind::Internal;
    throw Error(kind, kind == ErrorKind::BadInput ? msg : "workspace SQL failed: " + msg,
                Where{.file = path});
  }
}

StmtPtr Db::prepare(const std::string& sql) const {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
    fail("cannot prepare SQL");
  return StmtPtr(raw);
}

void Db::step_done(StmtPtr& st) const {
  if (sqlite3_step(st.get()) != SQLITE_DONE) fail("workspace write failed");
}

bool Db::step_row(StmtPtr& st) const {
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) fail("workspace read failed");
  return false;
}

void bind_text(StmtPtr& st, int i, std::string_view s) {
  sqlite3_bind_text(st.get(), i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

std::string text(StmtPtr& st, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st.get(), i))) : "";
}

}  // namespace hubland::layers::sl

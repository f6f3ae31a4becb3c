#pragma once
// PRAGMA integrity_check of an SQLite file, for the crash-safety tests.
#include <sqlite3.h>

#include <string>

namespace hubland::test {

/// "ok" when the file is sound; SQLite's first complaint otherwise ("no answer" when unreadable).
inline std::string sqlite_integrity(const std::string& path) {
  sqlite3* db = nullptr;
  // Read-write (never created): a WAL left by a killed writer may need recovery first.
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out = "no answer";
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace hubland::test

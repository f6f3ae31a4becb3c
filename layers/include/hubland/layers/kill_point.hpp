#pragma once
// A test hook for the crash-safety tests (docs/workspace.md "Killed runs"): when the
// environment variable HUBLAND_TEST_KILL_AT names this point, the process kills itself with
// SIGKILL right here — no destructor, no flush, no ROLLBACK — exactly like `kill -9` at that
// moment. Read on every call (a handful per run), so a test may set it in a forked child.

#include <signal.h>

#include <cstdlib>
#include <string>

namespace hubland::layers {

inline void kill_point(const std::string& point) {
  const char* const wanted = std::getenv("HUBLAND_TEST_KILL_AT");
  if (wanted && point == wanted) ::raise(SIGKILL);
}

}  // namespace hubland::layers

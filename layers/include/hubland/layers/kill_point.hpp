#pragma once
// A test hook for the crash-safety tests (docs/workspace.md "Killed runs"): when the
// environment variable HUBLAND_TEST_KILL_AT names this point, the process kills itself with
// SIGKILL right here — no destructor, no flush, no ROLLBACK — exactly like `kill -9` at that
// moment. Read on every call (a handful per run), so a test may set it in a forked child.
// fail_point is its twin for errors: HUBLAND_TEST_FAIL_AT makes it throw Error(Io) there, as
// a full disk would, on whichever thread reaches it.

#include <signal.h>

#include <cstdlib>
#include <string>

#include "hubland/error.hpp"

namespace hubland::layers {

inline void kill_point(const std::string& point) {
  const char* const wanted = std::getenv("HUBLAND_TEST_KILL_AT");
  if (wanted && point == wanted) ::raise(SIGKILL);
}

inline void fail_point(const std::string& point) {
  const char* const wanted = std::getenv("HUBLAND_TEST_FAIL_AT");
  if (wanted && point == wanted)
    throw Error(ErrorKind::Io, "failure injected for a test at " + point);
}

}  // namespace hubland::layers

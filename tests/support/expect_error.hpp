#pragma once
// The hubland::Error a call throws, for suites that link the engine.
#include <gtest/gtest.h>

#include "hubland/error.hpp"

namespace hubland::test {

/// Runs f and returns the Error it throws (fails the test when it throws none).
template <class F>
Error expect_error(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a hubland::Error";
  return Error(ErrorKind::Internal, "none");
}

}  // namespace hubland::test

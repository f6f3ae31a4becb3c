// Fuzz harness: the ruleset loader (TOML, then every expression compiled under the read-only
// authorizer) on the bytes of one ruleset file.
// Property: every input either loads or stops with hubland::Error; no crash, leak or hang.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/rules/ruleset.hpp"

using namespace hubland;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    rules::load_ruleset_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    fuzz::note("ruleset", "loaded");
  } catch (const Error& e) {
    fuzz::note("ruleset", e.what());
  }
  return 0;
}

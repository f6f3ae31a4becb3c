// Fuzz harness: the analysis file (analysis.toml) loader. The file is written to a scratch
// folder and loaded from there, as `hubland overlay/run` load it; paths it names resolve
// against that folder and are mostly absent.
// Property: every input either loads or stops with hubland::Error; no crash, leak or hang.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"

using namespace hubland;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::fresh_scratch_dir() + "/analysis.toml";
  fuzz::write_file(path, {reinterpret_cast<const char*>(data), size});
  try {
    const layers::AnalysisSpec spec = layers::load_analysis(path);
    layers::analysis_date(spec);
    fuzz::note("analysis", "loaded");
  } catch (const Error& e) {
    fuzz::note("analysis", e.what());
  }
  return 0;
}

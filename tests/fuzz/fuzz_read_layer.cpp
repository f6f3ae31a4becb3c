// Fuzz harness: the layer reader (hubland info and every stage that reads a layer) on the bytes
// of one source. HUBLAND_FUZZ_MAIN_FILE names the file the reader opens ("layer.shp",
// "layer.geojson", "layer.gpkg", "layer.csv"); a fuzzer-friendly archive (fuzz_support.hpp)
// carries several files (a shapefile's .shp/.shx/.dbf/.cpg/.prj) and, optionally, the members
// "role" (the role to read the layer as; default districts), "assume_crs" (--assume-crs) and
// "map" (--map target=source, one a line), so that seeds reach past the first checks.
// Property: every input either reads or stops with hubland::Error; no crash, leak or hang.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/info.hpp"
#include "hubland/layers/reader.hpp"

#ifndef HUBLAND_FUZZ_MAIN_FILE
#error "HUBLAND_FUZZ_MAIN_FILE names the file the reader opens"
#endif

using namespace hubland;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string dir = fuzz::fresh_scratch_dir();
  const std::string main_file = HUBLAND_FUZZ_MAIN_FILE;
  std::string role_name = "districts";
  layers::ReadOptions options;
  options.threads = 1;
  for (const auto& [name, bytes] :
       fuzz::unpack_archive({reinterpret_cast<const char*>(data), size}, main_file)) {
    if (name == "role") {
      role_name = bytes;
    } else if (name == "assume_crs") {
      options.assume_crs = bytes;
    } else if (name == "map") {
      for (const std::string& line : fuzz::split_lines(bytes))
        if (const std::size_t eq = line.find('='); eq != std::string::npos)
          options.field_map[line.substr(0, eq)] = line.substr(eq + 1);
    } else {
      fuzz::write_file(dir + "/" + name, bytes);
    }
  }
  const std::string path = dir + "/" + main_file;
  if (!std::filesystem::exists(path)) return 0;
  try {
    const layers::SourceInfo info = layers::inspect_source(path);
    fuzz::note("info", std::to_string(info.layers.size()) + " layer(s)");
  } catch (const Error& e) {
    fuzz::note("info", e.what());
  }
  try {
    layers::ImportReport report;
    layers::read_layer(path, layers::role_from_string(role_name), options, report);
    fuzz::note(role_name.c_str(), std::to_string(report.counts.imported) + " imported, " +
                                      std::to_string(report.problems.size()) + " problem(s)");
  } catch (const Error& e) {
    fuzz::note(role_name.c_str(), e.what());
  }
  return 0;
}

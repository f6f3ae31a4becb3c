#include "hubland/layers/memory_preflight.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "hubland/error.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

namespace {

std::string gigabytes(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return buf;
}

}  // namespace

std::uint64_t input_bytes(const std::vector<std::string>& sources) {
  std::set<fs::path> files;
  for (const auto& source : sources) {
    const fs::path path = source.substr(0, source.find('|'));
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;  // connection strings, folders, missing files
    files.insert(fs::weakly_canonical(path, ec));
    if (path.extension() == ".shp" || path.extension() == ".SHP")
      for (const char* part : {".dbf", ".shx", ".DBF", ".SHX"}) {
        fs::path sidecar = path;
        sidecar.replace_extension(part);
        if (fs::is_regular_file(sidecar, ec)) files.insert(fs::weakly_canonical(sidecar, ec));
      }
  }
  std::uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    const auto size = fs::file_size(f, ec);
    if (!ec) total += size;
  }
  return total;
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  std::optional<std::uint64_t> available, swap_free;
  while (std::getline(meminfo, line)) {
    std::istringstream in(line);
    std::string key;
    std::uint64_t kib = 0;
    if (!(in >> key >> kib)) continue;
    if (key == "MemAvailable:") available = kib * 1024;
    if (key == "SwapFree:") swap_free = kib * 1024;
  }
  if (!available) return std::nullopt;
  return *available + swap_free.value_or(0);
}

std::string memory_shortfall(std::uint64_t input_bytes, std::uint64_t available_bytes) {
  const std::uint64_t needed = input_bytes * kPeakMemoryPerInputByte;
  if (needed <= available_bytes) return "";
  return "the inputs total " + gigabytes(input_bytes) + "; an analysis of them needs about " +
         gigabytes(needed) + " of memory (" + std::to_string(kPeakMemoryPerInputByte) +
         "x the input, as measured) and " + gigabytes(available_bytes) +
         " is available: split the parcels (e.g. one district at a time with --parcels) or use a "
         "larger machine; HUBLAND_SKIP_MEMORY_CHECK=1 tries anyway";
}

void check_memory_for(const std::vector<std::string>& sources) {
  if (std::getenv("HUBLAND_SKIP_MEMORY_CHECK")) return;
  const auto available = available_memory_bytes();
  if (!available) return;
  if (std::string why = memory_shortfall(input_bytes(sources), *available); !why.empty())
    throw Error(ErrorKind::Io, why);
}

}  // namespace hubland::layers

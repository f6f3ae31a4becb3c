#pragma once
// Before reading an analysis's inputs: will they fit in memory? HubLand holds every layer and
// the facts in memory (docs/performance.md); an input far beyond the machine would otherwise
// end with the kernel killing the process, after minutes, with no message. The estimate is the
// measured ratio of peak memory to input size; HUBLAND_SKIP_MEMORY_CHECK=1 skips the check.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hubland::layers {

/// Peak memory per byte of input, measured: 1,000,000 parcels in a 423 MB GeoPackage peaked at
/// 3.0 GB in `hubland overlay` (7.1x); 4,000,000 at 10.4 GiB.
inline constexpr std::uint64_t kPeakMemoryPerInputByte = 7;

/// Bytes of the files behind `sources` ("path", "path|layer", a shapefile with its .dbf and
/// .shx); each file counted once; connection strings and missing files count 0.
std::uint64_t input_bytes(const std::vector<std::string>& sources);

/// MemAvailable + SwapFree from /proc/meminfo; nullopt where it cannot be read.
std::optional<std::uint64_t> available_memory_bytes();

/// "" when inputs of `input_bytes` fit in `available_bytes`; else the reason, with the sizes
/// and what to do.
std::string memory_shortfall(std::uint64_t input_bytes, std::uint64_t available_bytes);

/// Throws Error(Io) with memory_shortfall()'s reason when the inputs do not fit (unless
/// HUBLAND_SKIP_MEMORY_CHECK is set, or the available memory cannot be read).
void check_memory_for(const std::vector<std::string>& sources);

}  // namespace hubland::layers

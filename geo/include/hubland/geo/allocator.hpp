#pragma once
// Which allocator this process runs on, for `hubland --version` and benchmark headers.

#include <string>

namespace hubland::geo {

/// "jemalloc <version> (huge pages: <opt.thp>)" when the process allocates through jemalloc
/// (found at run time, whatever the build said), else "system malloc".
std::string allocator_description();

}  // namespace hubland::geo

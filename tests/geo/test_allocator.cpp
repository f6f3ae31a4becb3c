// The programs' allocator: jemalloc with transparent huge pages (cmake/jemalloc.cmake), which
// took a fifth off a million-parcel run (docs/performance.md, "The allocator").
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "hubland/geo/allocator.hpp"

using namespace hubland;

namespace {

// AnonHugePages (kB) of the mapping of this process that holds `address`; -1 when not found.
long huge_kb_at(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = a >= lo && a < hi;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
  }
  return -1;
}

bool kernel_gives_huge_pages() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string s;
  std::getline(f, s);
  return !s.empty() && s.find("[never]") == std::string::npos;
}

}  // namespace

#ifdef HUBLAND_JEMALLOC
TEST(Allocator, ProgramsAllocateThroughJemallocWithHugePages) {
  const std::string d = geo::allocator_description();
  EXPECT_EQ(d.rfind("jemalloc 5.", 0), 0u) << d;
  EXPECT_NE(d.find("(huge pages: always)"), std::string::npos) << d;
  if (!kernel_gives_huge_pages()) GTEST_SKIP() << "transparent huge pages are off in this kernel";
  // A 64 MiB column, written once, as a table of a million rows is.
  constexpr std::size_t kBytes = std::size_t{64} << 20;
  std::unique_ptr<char[]> column(new char[kBytes]);
  std::memset(column.get(), 1, kBytes);
  const long huge_kb = huge_kb_at(column.get() + kBytes / 2);
  EXPECT_GE(huge_kb, 2048) << "no 2 MiB page behind a 64 MiB allocation";
}
#else
TEST(Allocator, SanitizerAndPlainBuildsSayTheSystemMalloc) {
  EXPECT_EQ(geo::allocator_description(), "system malloc");
}
#endif

#include "hubland/geo/allocator.hpp"

#include <dlfcn.h>

#include <cstddef>

namespace hubland::geo {

std::string allocator_description() {
  // Looked up, not linked: the libraries do not depend on jemalloc; a program linked with it
  // (or run with LD_PRELOAD) answers.
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
  if (!mallctl) return "system malloc";
  const char* version = nullptr;
  const char* thp = nullptr;
  std::size_t size = sizeof(const char*);
  if (mallctl("version", &version, &size, nullptr, 0) != 0) version = nullptr;
  size = sizeof(const char*);
  if (mallctl("opt.thp", &thp, &size, nullptr, 0) != 0) thp = nullptr;
  std::string out = "jemalloc";
  // "5.3.0-0-g54eaed1d…": the release, not the commit.
  if (version) {
    const std::string release(version);
    out += " " + release.substr(0, release.find('-'));
  }
  out += std::string(" (huge pages: ") + (thp ? thp : "unknown") + ")";
  return out;
}

}  // namespace hubland::geo

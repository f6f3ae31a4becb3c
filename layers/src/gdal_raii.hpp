#pragma once
// The one home for owning GDAL/OGR/CPL C handles inside hubland_layers.
//
// GDAL already gives unique_ptr types for datasets (GDALDatasetUniquePtr), features
// (OGRFeatureUniquePtr) and geometries (OGRGeometryUniquePtr) and an owning string list
// (CPLStringList); use those. What it lacks is here: CPL-allocated strings, VSI files, a
// quiet error handler scope, turning GDAL's last error into an Error, and registering the
// drivers once.

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_geometry.h>

#include <cstdint>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hubland/error.hpp"

namespace hubland::layers {

/// GDAL's drivers registered, once per process. GDALAllRegister is not safe on two threads at
/// once (two layers read side by side crashed in GDALRegister_WMS); the second caller waits.
inline void register_gdal_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

/// Owns a string GDAL allocated for the caller (exportToWkt, CPLStrdup...).
struct CplFreeDeleter {
  void operator()(void* p) const noexcept { CPLFree(p); }
};
using CplString = std::unique_ptr<char, CplFreeDeleter>;

/// Owns a file opened with VSIFOpenL.
struct VsiFileCloser {
  void operator()(VSILFILE* f) const noexcept { VSIFCloseL(f); }
};
using VsiFilePtr = std::unique_ptr<VSILFILE, VsiFileCloser>;

/// An owned NULL-terminated "KEY=VALUE" list for GDAL options; .List() for the C API.
inline CPLStringList to_csl(const std::vector<std::string>& items) {
  CPLStringList list;
  for (const auto& s : items) list.AddString(s.c_str());
  return list;
}

/// Parses WKB into an owned geometry; null when the bytes are malformed.
inline OGRGeometryUniquePtr ogr_from_wkb(const std::vector<std::uint8_t>& wkb,
                                         OGRSpatialReference* srs) {
  OGRGeometry* g = nullptr;
  // On failure GDAL frees what it parsed and leaves g null.
  OGRGeometryFactory::createFromWkb(wkb.data(), srs, &g, wkb.size());
  return OGRGeometryUniquePtr(g);
}

/// GDAL's messages become our Error's reason; do not also print them on stderr.
class QuietGdalErrors {
 public:
  QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

/// Throws Error(kind) saying `what`, with GDAL's last error message as the reason.
[[noreturn]] inline void gdal_fail(ErrorKind kind, const std::string& what,
                                   const std::string& path) {
  const std::string reason = CPLGetLastErrorMsg();
  throw Error(kind, what + (reason.empty() ? "" : ": " + reason), Where{.file = path});
}

}  // namespace hubland::layers

#pragma once
// Coordinate reference systems: the working-CRS choice and PROJ transformations.
//
// Analysis runs in one projected working CRS, by default the CGCS2000 3-degree Gauss-Kruger
// zone (central-meridian labelled, false easting 500 000 m) whose central meridian is nearest to
// the data: EPSG 4534 (75°E) ... 4554 (135°E); Chongqing uses 4544 (105°E), 4545 (108°E),
// 4546 (111°E). Areas and distances are never computed in degrees or in Web Mercator.
//
// All coordinates here are in "GIS order": x = easting or longitude, y = northing or latitude.

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "hubland/geo/geos.hpp"

typedef struct pj_ctx PJ_CONTEXT;
typedef struct PJconsts PJ;

namespace hubland::geo {

inline constexpr int kEpsgCgcs2000 = 4490;
inline constexpr int kEpsgWgs84 = 4326;

/// Central meridian (degrees, a multiple of 3) of the 3-degree zone containing lon_deg.
int gk3_central_meridian(double lon_deg);
/// EPSG code of the CGCS2000 3-degree GK CM zone for lon_deg; throws Error(Crs) outside
/// 73.5°E–136.5°E (no such zone).
int gk3_epsg_for_lon(double lon_deg);
/// True for 4534..4554.
bool is_gk3_epsg(int epsg) noexcept;

/// What the software needs to know about a CRS.
struct CrsInfo {
  std::string name;
  int epsg = 0;  ///< 0 when the CRS has no EPSG identity
  bool geographic = false;
  bool projected = false;
  /// Area of use in WGS84 degrees (west, south, east, north); all NaN when unknown.
  std::array<double, 4> area_of_use_deg{};
  bool has_area_of_use = false;
  /// Linear unit name for projected CRSs ("metre"), angular for geographic ("degree").
  std::string unit;
};

/// Describe a CRS given as "EPSG:4490", WKT or a PROJ string. Throws Error(Crs) when PROJ
/// cannot make sense of it. Answers are kept per definition (thread-safe): a WKT without an id
/// is identified against the EPSG database once per process.
CrsInfo describe_crs(const std::string& definition);

/// How many times this process has searched PROJ's database to identify a CRS without an EPSG
/// id (describe_crs on such a WKT, once per definition kept). Tests and diagnostics read it.
std::uint64_t crs_identifications() noexcept;

/// A PROJ transformation between two CRSs, in GIS axis order. Owns its PJ_CONTEXT, so one
/// object must not be used by two threads at once (make one per thread).
class Transformer {
 public:
  Transformer(const std::string& source_crs, const std::string& target_crs);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;

  /// Transform n points in place; throws Error(Crs) naming the first point PROJ cannot map.
  void transform(double* x, double* y, std::size_t n) const;
  void transform(double& x, double& y) const { transform(&x, &y, 1); }
  /// Transform an envelope by densifying its edges (21 points a side).
  Envelope transform_bounds(const Envelope& env) const;
  /// True when PROJ resolved the two CRSs to no operation at all (e.g. a layer already in the
  /// working CRS, its WKT spelled differently): transform() then only checks the points.
  bool is_identity() const noexcept { return m_identity; }

 private:
  PJ_CONTEXT* m_ctx = nullptr;
  PJ* m_pj = nullptr;
  std::string m_description;
  bool m_identity = false;
};

}  // namespace hubland::geo

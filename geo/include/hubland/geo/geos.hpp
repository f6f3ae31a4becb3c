#pragma once
// Thin RAII layer over the reentrant GEOS C API (geos_c.h, *_r only).
//
// Contract:
//  - One GEOS context per thread: GeosContext::local() returns this thread's context, created
//    under a mutex on first use (GEOS_init_r has a data race, geos#1311) and destroyed at thread
//    exit. Never pass a context to another thread.
//  - Geometries are owned by GeomPtr / PreparedPtr, whose deleters remember the context that
//    made them. Raw GEOSGeometry* never own.
//  - GEOS errors are captured by the context's message handler; check() turns a failed call
//    into hubland::Error (kind Geometry) carrying GEOS's own reason.
//  - Geometries travel between threads and modules as WKB bytes (see Wkb), never as handles.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/error.hpp"

// Forward declarations of the GEOS C types so that this header does not pull in geos_c.h.
typedef struct GEOSContextHandle_HS* GEOSContextHandle_t;
typedef struct GEOSGeom_t GEOSGeometry;
typedef struct GEOSPrepGeom_t GEOSPreparedGeometry;

namespace hubland::geo {

using Wkb = std::vector<std::uint8_t>;

class GeosContext {
 public:
  /// This thread's context.
  static GeosContext& local();

  GEOSContextHandle_t handle() const noexcept { return m_handle; }
  /// The last error or notice GEOS reported on this context ("" when none).
  const std::string& last_error() const noexcept { return m_last_error; }
  void clear_error() noexcept { m_last_error.clear(); }

  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  ~GeosContext();

 private:
  GeosContext();
  static void on_error(const char* message, void* userdata);
  GEOSContextHandle_t m_handle = nullptr;
  std::string m_last_error;
};

struct GeomDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const noexcept;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const noexcept;
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// Wraps a geometry GEOS returned on this thread's context; throws Error(Geometry) with GEOS's
/// reason and `what` when it is null.
GeomPtr adopt(GEOSGeometry* g, std::string_view what);
/// Clone a borrowed geometry on this thread's context.
GeomPtr clone(const GEOSGeometry* g);

/// Parse WKB (ISO or extended); throws Error(Geometry) on malformed bytes.
GeomPtr from_wkb(const Wkb& wkb);
GeomPtr from_wkb(const std::uint8_t* data, std::size_t size);
/// Parse WKT (tests and fixtures).
GeomPtr from_wkt(std::string_view wkt);
/// 2D little-endian ISO WKB.
Wkb to_wkb(const GEOSGeometry* g);
std::string to_wkt(const GEOSGeometry* g, int decimals = -1);

PreparedPtr prepare(const GEOSGeometry* g);

/// Planar area in the units of the geometry's CRS squared (m² in the working CRS).
double area(const GEOSGeometry* g);
/// Planar length / perimeter.
double length(const GEOSGeometry* g);
double distance(const GEOSGeometry* a, const GEOSGeometry* b);
bool is_empty(const GEOSGeometry* g);
/// "" when valid, else GEOS's reason with its location, e.g. "Self-intersection[10 20]".
std::string invalid_reason(const GEOSGeometry* g);
/// MakeValid, structure method, collapsed parts dropped; the result keeps only polygonal parts
/// when the input was polygonal.
GeomPtr make_valid(const GEOSGeometry* g);
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr unary_union(const GEOSGeometry* g);
/// A collection of GEOS type `type` (GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION...) made of
/// `parts`, which it takes over; throws Error(Geometry) with `what` on failure.
GeomPtr collect(int type, std::vector<GeomPtr> parts, std::string_view what);
/// Union of a set of geometries, which it takes over (no copy); returns an empty polygon for an
/// empty set.
GeomPtr union_all(std::vector<GeomPtr> parts);
/// The same of geometries it borrows (each copied once).
GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts);
GeomPtr centroid(const GEOSGeometry* g);
GeomPtr point(double x, double y);

/// Bounding box of a geometry.
struct Envelope {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool empty = true;
  void expand(const Envelope& other);
  void expand(double x, double y);
};
Envelope envelope(const GEOSGeometry* g);

/// GEOS geometry type id (GEOS_POINT, GEOS_POLYGON, ... see geos_c.h).
int type_id(const GEOSGeometry* g);
/// True for Polygon and MultiPolygon.
bool is_polygonal(const GEOSGeometry* g);

}  // namespace hubland::geo

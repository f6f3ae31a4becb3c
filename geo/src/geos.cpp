#include "hubland/geo/geos.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

namespace hubland::geo {

namespace {
std::mutex g_init_mutex;  // GEOS_init_r is not thread-safe (geos#1311)

[[noreturn]] void fail(std::string_view what) {
  auto& ctx = GeosContext::local();
  std::string reason = ctx.last_error();
  ctx.clear_error();
  throw Error(ErrorKind::Geometry,
              std::string(what) + " failed" + (reason.empty() ? "" : ": " + reason));
}

GEOSContextHandle_t h() {
  return GeosContext::local().handle();
}
}  // namespace

GeosContext::GeosContext() {
  std::lock_guard lock(g_init_mutex);
  m_handle = GEOS_init_r();
  GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() {
  if (m_handle) GEOS_finish_r(m_handle);
}

GeosContext& GeosContext::local() {
  thread_local GeosContext ctx;
  return ctx;
}

void GeosContext::on_error(const char* message, void* userdata) {
  static_cast<GeosContext*>(userdata)->m_last_error = message ? message : "";
}

void GeomDeleter::operator()(GEOSGeometry* g) const noexcept {
  if (g) GEOSGeom_destroy_r(ctx, g);
}

void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const noexcept {
  if (g) GEOSPreparedGeom_destroy_r(ctx, g);
}

GeomPtr adopt(GEOSGeometry* g, std::string_view what) {
  if (!g) fail(what);
  return GeomPtr(g, GeomDeleter{h()});
}

GeomPtr clone(const GEOSGeometry* g) {
  return adopt(GEOSGeom_clone_r(h(), g), "clone");
}

GeomPtr from_wkb(const Wkb& wkb) {
  return from_wkb(wkb.data(), wkb.size());
}

namespace {

/// Reads plain little-endian ISO 2D WKB of polygons (hubland/geo/wkb.hpp, plain_wkb), refusing
/// to read past the end.
class PlainPolygonReader {
 public:
  PlainPolygonReader(const std::uint8_t* data, std::size_t size) : m_at(data), m_end(data + size) {}
  bool done() const noexcept { return m_at == m_end; }
  bool count(std::uint32_t& n) { return get(n); }
  bool header(std::uint32_t& type) {
    std::uint8_t order = 0;
    return get(order) && order == 1 && get(type);
  }
  /// One polygon's rings, as GEOS geometries owned by the caller (nullptr: not read).
  GEOSGeometry* polygon(GEOSContextHandle_t ctx) {
    std::uint32_t rings = 0;
    if (!get(rings) || rings == 0) return nullptr;
    std::vector<GEOSGeometry*> made;  // not reserved: `rings` is not checked yet
    for (std::uint32_t r = 0; r < rings; ++r) {
      GEOSGeometry* ring = linear_ring(ctx);
      if (!ring) {
        for (GEOSGeometry* g : made) GEOSGeom_destroy_r(ctx, g);
        return nullptr;
      }
      made.push_back(ring);
    }
    // GEOS owns the rings from here, also when it fails (and then has freed them).
    return GEOSGeom_createPolygon_r(ctx, made[0], made.data() + 1, rings - 1);
  }

 private:
  template <class T>
  bool get(T& v) {
    if (static_cast<std::size_t>(m_end - m_at) < sizeof v) return false;
    std::memcpy(&v, m_at, sizeof v);
    m_at += sizeof v;
    return true;
  }
  GEOSGeometry* linear_ring(GEOSContextHandle_t ctx) {
    std::uint32_t points = 0;
    if (!get(points) || points == 0 ||
        static_cast<std::size_t>(m_end - m_at) / 16 < std::size_t{points})
      return nullptr;
    m_xy.resize(2 * std::size_t{points});  // aligned for GEOS: the WKB's doubles need not be
    std::memcpy(m_xy.data(), m_at, 16 * std::size_t{points});
    m_at += 16 * std::size_t{points};
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, m_xy.data(), points, 0, 0);
    if (!seq) return nullptr;
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(ctx, seq);  // owns seq, also on failure
    return ring;
  }
  const std::uint8_t* m_at;
  const std::uint8_t* m_end;
  std::vector<double> m_xy;
};

/// A plain polygon or multipolygon — nearly everything the engine reads — built from its
/// coordinates in one copy a ring. GEOS's WKB reader takes every ordinate through a byte-order
/// stream: a tenth of a first run's CPU, where the layers are parsed for each step of their
/// preparation. The geometry is the one the reader makes (2D coordinate sequences, rings as
/// given); nullptr for anything else, which the reader then reads with its own checks.
GEOSGeometry* plain_polygonal(GEOSContextHandle_t ctx, const std::uint8_t* data, std::size_t size) {
  PlainPolygonReader in(data, size);
  std::uint32_t type = 0;
  if (!in.header(type)) return nullptr;
  if (type == 3) {
    GEOSGeometry* poly = in.polygon(ctx);
    if (poly && !in.done()) {
      GEOSGeom_destroy_r(ctx, poly);
      return nullptr;
    }
    return poly;
  }
  std::uint32_t parts = 0;
  if (type != 6 || !in.count(parts) || parts == 0) return nullptr;
  std::vector<GEOSGeometry*> polys;  // not reserved: `parts` is not checked yet
  bool whole = true;
  for (std::uint32_t k = 0; k < parts && whole; ++k) {
    GEOSGeometry* poly = in.header(type) && type == 3 ? in.polygon(ctx) : nullptr;
    if (poly)
      polys.push_back(poly);
    else
      whole = false;
  }
  if (!whole || !in.done()) {
    for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(ctx, g);
    return nullptr;
  }
  // GEOS owns the polygons from here, also when it fails.
  return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(), parts);
}

}  // namespace

GeomPtr from_wkb(const std::uint8_t* data, std::size_t size) {
  auto ctx = h();
  if (GEOSGeometry* g = plain_polygonal(ctx, data, size)) return GeomPtr(g, GeomDeleter{ctx});
  GeosContext::local().clear_error();  // a ring GEOS refused: the reader says why again
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx);
  GEOSGeometry* g = GEOSWKBReader_read_r(ctx, reader, data, size);
  GEOSWKBReader_destroy_r(ctx, reader);
  return adopt(g, "reading WKB");
}

GeomPtr from_wkt(std::string_view wkt) {
  auto ctx = h();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx);
  std::string text(wkt);
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx, reader, text.c_str());
  GEOSWKTReader_destroy_r(ctx, reader);
  return adopt(g, "reading WKT '" + text.substr(0, 60) + "'");
}

Wkb to_wkb(const GEOSGeometry* g) {
  auto ctx = h();
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx);
  GEOSWKBWriter_setOutputDimension_r(ctx, writer, 2);
  GEOSWKBWriter_setByteOrder_r(ctx, writer, GEOS_WKB_NDR);
  std::size_t size = 0;
  unsigned char* buf = GEOSWKBWriter_write_r(ctx, writer, g, &size);
  GEOSWKBWriter_destroy_r(ctx, writer);
  if (!buf) fail("writing WKB");
  Wkb out(buf, buf + size);
  GEOSFree_r(ctx, buf);
  return out;
}

std::string to_wkt(const GEOSGeometry* g, int decimals) {
  auto ctx = h();
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx);
  if (decimals >= 0) {
    GEOSWKTWriter_setRoundingPrecision_r(ctx, writer, decimals);
    GEOSWKTWriter_setTrim_r(ctx, writer, 1);
  }
  char* text = GEOSWKTWriter_write_r(ctx, writer, g);
  GEOSWKTWriter_destroy_r(ctx, writer);
  if (!text) fail("writing WKT");
  std::string out(text);
  GEOSFree_r(ctx, text);
  return out;
}

PreparedPtr prepare(const GEOSGeometry* g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(h(), g);
  if (!p) fail("preparing geometry");
  return PreparedPtr(p, PreparedDeleter{h()});
}

double area(const GEOSGeometry* g) {
  double a = 0;
  if (!GEOSArea_r(h(), g, &a)) fail("area");
  return a;
}

double length(const GEOSGeometry* g) {
  double l = 0;
  if (!GEOSLength_r(h(), g, &l)) fail("length");
  return l;
}

double distance(const GEOSGeometry* a, const GEOSGeometry* b) {
  double d = 0;
  if (!GEOSDistance_r(h(), a, b, &d)) fail("distance");
  return d;
}

bool is_empty(const GEOSGeometry* g) {
  char r = GEOSisEmpty_r(h(), g);
  if (r == 2) fail("isEmpty");
  return r == 1;
}

std::string invalid_reason(const GEOSGeometry* g) {
  auto ctx = h();
  char r = GEOSisValid_r(ctx, g);
  if (r == 1) return "";
  char* reason = GEOSisValidReason_r(ctx, g);
  std::string out = reason ? reason : "invalid";
  if (reason) GEOSFree_r(ctx, reason);
  return out;
}

GeomPtr make_valid(const GEOSGeometry* g) {
  auto ctx = h();
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx);
  GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
  GEOSGeometry* fixed = GEOSMakeValidWithParams_r(ctx, g, params);
  GEOSMakeValidParams_destroy_r(ctx, params);
  GeomPtr out = adopt(fixed, "MakeValid");
  // A polygonal input stays polygonal: drop lines/points that collapsed out of it.
  if (is_polygonal(g) && GEOSGeomTypeId_r(ctx, out.get()) == GEOS_GEOMETRYCOLLECTION) {
    std::vector<const GEOSGeometry*> polys;
    int n = GEOSGetNumGeometries_r(ctx, out.get());
    for (int i = 0; i < n; ++i) {
      const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, out.get(), i);
      if (is_polygonal(part)) polys.push_back(part);
    }
    return union_all(polys);
  }
  return out;
}

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  return adopt(GEOSIntersection_r(h(), a, b), "intersection");
}

GeomPtr unary_union(const GEOSGeometry* g) {
  return adopt(GEOSUnaryUnion_r(h(), g), "union");
}

GeomPtr collect(int type, std::vector<GeomPtr> parts, std::string_view what) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (auto& p : parts) raw.push_back(p.get());
  // GEOS takes the parts over when called, also when it then fails: give them up first.
  for (auto& p : parts) (void)p.release();
  return adopt(
      GEOSGeom_createCollection_r(h(), type, raw.data(), static_cast<unsigned>(raw.size())), what);
}

GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts) {
  if (parts.empty()) return adopt(GEOSGeom_createEmptyPolygon_r(h()), "empty polygon");
  std::vector<GeomPtr> clones;
  clones.reserve(parts.size());
  for (const GEOSGeometry* p : parts) clones.push_back(clone(p));
  const GeomPtr all = collect(GEOS_GEOMETRYCOLLECTION, std::move(clones), "collecting parts");
  return unary_union(all.get());
}

GeomPtr centroid(const GEOSGeometry* g) {
  return adopt(GEOSGetCentroid_r(h(), g), "centroid");
}

GeomPtr point(double x, double y) {
  return adopt(GEOSGeom_createPointFromXY_r(h(), x, y), "point");
}

void Envelope::expand(const Envelope& o) {
  if (o.empty) return;
  if (empty) {
    *this = o;
    return;
  }
  min_x = std::min(min_x, o.min_x);
  min_y = std::min(min_y, o.min_y);
  max_x = std::max(max_x, o.max_x);
  max_y = std::max(max_y, o.max_y);
}

void Envelope::expand(double x, double y) {
  expand(Envelope{x, y, x, y, false});
}

Envelope envelope(const GEOSGeometry* g) {
  Envelope e;
  if (is_empty(g)) return e;
  auto ctx = h();
  if (!GEOSGeom_getXMin_r(ctx, g, &e.min_x) || !GEOSGeom_getYMin_r(ctx, g, &e.min_y) ||
      !GEOSGeom_getXMax_r(ctx, g, &e.max_x) || !GEOSGeom_getYMax_r(ctx, g, &e.max_y))
    fail("envelope");
  e.empty = false;
  return e;
}

int type_id(const GEOSGeometry* g) {
  return GEOSGeomTypeId_r(h(), g);
}

bool is_polygonal(const GEOSGeometry* g) {
  int t = type_id(g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

}  // namespace hubland::geo

#include "hubland/geo/geos.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "hubland/geo/wkb.hpp"

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

/// GEOS polygons made from the rings plain_wkb hands over in its one pass, ring 0 of each
/// polygon its shell. A ring or polygon GEOS refuses leaves nothing made (ok() is false).
class GeosPolygons final : public WkbVisitor {
 public:
  explicit GeosPolygons(GEOSContextHandle_t ctx) : m_ctx(ctx) {}
  ~GeosPolygons() override {
    for (GEOSGeometry* g : m_rings) GEOSGeom_destroy_r(m_ctx, g);
    for (GEOSGeometry* g : m_polygons) GEOSGeom_destroy_r(m_ctx, g);
  }
  GeosPolygons(const GeosPolygons&) = delete;
  GeosPolygons& operator=(const GeosPolygons&) = delete;

  void point(XY) override { m_ok = false; }
  void line(std::span<const XY>) override { m_ok = false; }
  void ring(std::span<const XY> points, std::size_t index) override {
    if (!m_ok) return;
    if (index == 0) close_polygon();
    static_assert(sizeof(XY) == 2 * sizeof(double) && std::is_standard_layout_v<XY>);
    GEOSCoordSequence* seq =
        GEOSCoordSeq_copyFromBuffer_r(m_ctx, reinterpret_cast<const double*>(points.data()),
                                      static_cast<unsigned>(points.size()), 0, 0);
    // The ring owns the sequence, also when GEOS refuses it (and has then freed it).
    GEOSGeometry* ring = seq ? GEOSGeom_createLinearRing_r(m_ctx, seq) : nullptr;
    if (ring)
      m_rings.push_back(ring);
    else
      m_ok = false;
  }
  /// The polygon, or the multipolygon of every polygon (`multi`); nullptr when GEOS refused a
  /// part. The caller owns it.
  GEOSGeometry* release(bool multi) {
    close_polygon();
    if (!m_ok || m_polygons.empty() || (!multi && m_polygons.size() != 1)) return nullptr;
    std::vector<GEOSGeometry*> polygons;
    polygons.swap(m_polygons);
    if (!multi) return polygons[0];
    // GEOS owns the polygons from here, also when it fails.
    return GEOSGeom_createCollection_r(m_ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                       static_cast<unsigned>(polygons.size()));
  }

 private:
  void close_polygon() {
    if (m_rings.empty() || !m_ok) return;
    std::vector<GEOSGeometry*> rings;
    rings.swap(m_rings);
    // GEOS owns the rings from here, also when it fails.
    GEOSGeometry* polygon = GEOSGeom_createPolygon_r(m_ctx, rings[0], rings.data() + 1,
                                                     static_cast<unsigned>(rings.size() - 1));
    if (polygon)
      m_polygons.push_back(polygon);
    else
      m_ok = false;
  }
  GEOSContextHandle_t m_ctx;
  std::vector<GEOSGeometry*> m_rings;     ///< of the polygon being read
  std::vector<GEOSGeometry*> m_polygons;  ///< read whole
  bool m_ok = true;
};

/// A plain polygon or multipolygon (hubland/geo/wkb.hpp: little-endian, ISO 2D, nothing empty,
/// nothing after it) — nearly everything the engine reads — built from its rings. GEOS's WKB
/// reader takes every ordinate through a byte-order stream: a tenth of a first run's CPU, as
/// every step of a layer's preparation parses the layer again. The geometry is the one the
/// reader makes (2D coordinate sequences, the rings as given); nullptr for anything else,
/// which the reader then reads with its own checks and messages.
GEOSGeometry* plain_polygonal(GEOSContextHandle_t ctx, const std::uint8_t* data, std::size_t size) {
  GeosPolygons polygons(ctx);  // a point or line in it makes release() refuse
  const std::optional<PlainWkb> plain = plain_wkb(data, size, polygons);
  if (!plain || (plain->type != WkbType::Polygon && plain->type != WkbType::MultiPolygon))
    return nullptr;
  return polygons.release(plain->type == WkbType::MultiPolygon);
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

GeomPtr union_all(std::vector<GeomPtr> parts) {
  if (parts.empty()) return adopt(GEOSGeom_createEmptyPolygon_r(h()), "empty polygon");
  const GeomPtr all = collect(GEOS_GEOMETRYCOLLECTION, std::move(parts), "collecting parts");
  return unary_union(all.get());
}

GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts) {
  std::vector<GeomPtr> clones;
  clones.reserve(parts.size());
  for (const GEOSGeometry* p : parts) clones.push_back(clone(p));
  return union_all(std::move(clones));
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

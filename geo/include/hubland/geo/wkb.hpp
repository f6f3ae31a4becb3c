#pragma once
// The one WKB codec of the engine: reading coordinates out of WKB and writing WKB from
// coordinates, without a GEOS or OGR round trip (hot loops: overlay, map drawing, reprojection).
//
// Reading — contract:
//  - Geometry types: Point (1), LineString (2), Polygon (3), MultiPoint (4), MultiLineString (5),
//    MultiPolygon (6) and GeometryCollection (7), collections nested at most 8 deep. Any other
//    type (curves, TINs, ...) is an error.
//  - Byte order: each geometry header's first byte, 1 little-endian (NDR), anything else
//    big-endian (XDR); nested members may differ from their parent.
//  - Dimensions: ISO codes (+1000 Z, +2000 M, +3000 ZM) and EWKB flags (0x80000000 Z,
//    0x40000000 M, 0x20000000 SRID, whose value is skipped) are accepted; Z and M values are
//    read past and dropped: every coordinate comes out as XY.
//  - An empty point (NaN NaN) yields nothing; empty lines and rings are reported (no points);
//    a polygon without rings yields nothing.
//  - Errors: truncated input, an unknown type or too deep nesting throw
//    hubland::Error(ErrorKind::Geometry, "malformed WKB: ..."). Bytes after the geometry are
//    ignored.
//
// Writing — contract: WkbWriter emits little-endian ISO 2D WKB only (byte order 1, plain type
// codes 1..7), exactly the bytes that are asked for: callers close their rings themselves.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "hubland/geo/geos.hpp"

namespace hubland::geo {

struct XY {
  double x = 0, y = 0;
};
using Ring = std::vector<XY>;
using Polygon = std::vector<Ring>;  ///< outer ring first, then holes

/// ISO WKB geometry type codes (2D).
enum class WkbType : std::uint32_t {
  Point = 1,
  LineString = 2,
  Polygon = 3,
  MultiPoint = 4,
  MultiLineString = 5,
  MultiPolygon = 6,
  GeometryCollection = 7,
};

/// Receives the parts of a geometry in WKB order (see walk_wkb).
class WkbVisitor {
 public:
  virtual ~WkbVisitor() = default;
  /// A non-empty point (alone or a member of a multipoint or collection).
  virtual void point(XY p) = 0;
  /// A linestring's vertices (possibly none).
  virtual void line(std::span<const XY> points) = 0;
  /// Ring `index` of a polygon (0 the outer ring, then holes), possibly without points.
  virtual void ring(std::span<const XY> points, std::size_t index) = 0;
};

/// Decodes `size` bytes of WKB into `visitor`. Throws Error(Geometry) on malformed input
/// (parts already reported stay reported).
void walk_wkb(const std::uint8_t* data, std::size_t size, WkbVisitor& visitor);

/// Everything of a geometry, flattened: polygons (polygonal input), lines (lineal input),
/// points (puntal input). Collections contribute their members.
struct Shapes {
  std::vector<Polygon> polygons;
  std::vector<std::vector<XY>> lines;
  std::vector<XY> points;
};

/// Decodes a whole geometry. Throws Error(Geometry) on malformed input.
Shapes read_wkb(const std::uint8_t* data, std::size_t size);
inline Shapes read_wkb(const Wkb& wkb) {
  return read_wkb(wkb.data(), wkb.size());
}

/// Whether `wkb` is a 2D polygon (or a multipolygon of one) without holes whose ring is closed
/// and turns the same way at every vertex, by a clear margin, winding once: such a polygon is
/// valid by the OGC rules, so GEOS's topology check can be left out (a city's parcels are
/// nearly all of this kind). False says nothing: ask GEOS. Never throws (malformed: false).
bool is_plain_convex_polygon(const Wkb& wkb) noexcept;

/// WKB that is already in the form HubLand keeps: little-endian at every level, ISO 2D, a Point,
/// LineString, Polygon, MultiLineString or MultiPolygon, nothing in it empty (no empty point,
/// line, ring, polygon or collection) and no bytes after it. Readers keep such bytes as they
/// are instead of converting them through OGR.
struct PlainWkb {
  WkbType type = WkbType::Point;
  Envelope envelope;  ///< of every coordinate
};
/// The type and extent of `size` bytes of plain WKB (above); nullopt for anything else,
/// malformed input included: the caller converts it another way. Never throws.
std::optional<PlainWkb> plain_wkb(const std::uint8_t* data, std::size_t size) noexcept;
/// The same check, in the same one pass handing `visitor` every part as walk_wkb would. On
/// nullopt the visitor may already have had parts: the caller discards them. Throws only what
/// the visitor throws.
std::optional<PlainWkb> plain_wkb(const std::uint8_t* data, std::size_t size, WkbVisitor& visitor);

/// Bounding box of every coordinate of the shapes (empty when there is none).
Envelope envelope(const Shapes& shapes);

/// The first coordinate of a single (non-collection) geometry: a point, a linestring's first
/// vertex or a polygon's first outer vertex. nullopt for empty geometries and for collections.
/// Throws Error(Geometry) on malformed input.
std::optional<XY> first_xy(const std::uint8_t* data, std::size_t size);

/// Rewrites every XY coordinate of WKB in place, in its own byte order (Z and M untouched,
/// empty points skipped): `fn(xs, ys, n)` receives all n coordinates at once and changes them.
/// Keeps its buffers between calls, so one rewriter per thread avoids allocations in hot loops.
/// Throws Error(Geometry) on malformed input (the WKB is then unchanged).
class WkbXyRewriter {
 public:
  using Fn = std::function<void(double* xs, double* ys, std::size_t n)>;
  void apply(Wkb& wkb, const Fn& fn);

 private:
  std::vector<std::size_t> m_offsets;  ///< byte offset of each X
  std::vector<bool> m_little;          ///< byte order of each coordinate
  std::vector<double> m_xs, m_ys;
};

/// Builds little-endian ISO 2D WKB piece by piece. A geometry is a header, then for a point
/// one xy(); for a linestring or ring count(n) and n xy(); for a polygon count(rings) and the
/// rings; for a multi-geometry count(parts) and each part with its own header.
class WkbWriter {
 public:
  void header(WkbType type);
  void count(std::uint32_t n);
  void xy(double x, double y);
  /// Where the next count() will be written, to correct it later with set_count() when the
  /// number of parts is known only at the end.
  std::size_t mark() const noexcept { return m_bytes.size(); }
  void set_count(std::size_t at, std::uint32_t n);
  std::size_t size_bytes() const noexcept { return m_bytes.size(); }
  Wkb take() { return std::move(m_bytes); }

 private:
  Wkb m_bytes;
};

}  // namespace hubland::geo

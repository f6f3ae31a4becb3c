#include "hubland/geo/wkb.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "hubland/error.hpp"

namespace hubland::geo {

namespace {

constexpr int kMaxDepth = 8;

[[noreturn]] void bad(const std::string& why) {
  throw Error(ErrorKind::Geometry, "malformed WKB: " + why);
}

/// Bounds-checked reading of WKB primitives.
class Cursor {
 public:
  Cursor(const std::uint8_t* d, std::size_t n) : m_d(d), m_n(n) {}

  std::size_t pos() const noexcept { return m_pos; }
  void need(std::size_t k) const {
    if (m_n - m_pos < k) bad("truncated");
  }
  std::uint8_t byte() {
    need(1);
    return m_d[m_pos++];
  }
  std::uint32_t u32(bool le) {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t b = m_d[m_pos + static_cast<std::size_t>(i)];
      v |= le ? b << (8 * i) : b << (8 * (3 - i));
    }
    m_pos += 4;
    return v;
  }
  double f64_at(std::size_t at, bool le) const {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      const std::uint64_t b = m_d[at + static_cast<std::size_t>(i)];
      v |= le ? b << (8 * i) : b << (8 * (7 - i));
    }
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  void skip(std::size_t k) {
    need(k);
    m_pos += k;
  }

 private:
  const std::uint8_t* m_d;
  std::size_t m_n;
  std::size_t m_pos = 0;
};

/// A run of coordinates as found in the bytes: `count` tuples of `dims` doubles from `at`.
struct Run {
  std::size_t at = 0;
  std::uint32_t count = 0;
  int dims = 2;
  bool le = true;
};

struct Header {
  bool le = true;
  std::uint32_t type = 0;  ///< 1..7 once dimensions are stripped
  int dims = 2;
};

Header header(Cursor& in) {
  Header h;
  h.le = in.byte() == 1;
  std::uint32_t type = in.u32(h.le);
  bool has_z = false, has_m = false;
  // EWKB flags, then ISO 1000/2000/3000 offsets.
  if (type & 0x80000000u) has_z = true;
  if (type & 0x40000000u) has_m = true;
  if (type & 0x20000000u) in.u32(h.le);  // SRID
  type &= 0x0fffffffu;
  if (type >= 3000)
    has_z = has_m = true, type -= 3000;
  else if (type >= 2000)
    has_m = true, type -= 2000;
  else if (type >= 1000)
    has_z = true, type -= 1000;
  h.type = type;
  h.dims = 2 + (has_z ? 1 : 0) + (has_m ? 1 : 0);
  return h;
}

Run run(Cursor& in, const Header& h, std::uint32_t count) {
  const std::size_t bytes = static_cast<std::size_t>(count) * 8u * static_cast<std::size_t>(h.dims);
  Run r{in.pos(), count, h.dims, h.le};
  in.skip(bytes);
  return r;
}

/// Walks the structure; `sink(kind, run, ring_index)` gets every coordinate run, kind 1 point,
/// 2 line, 3 ring. The bytes of a run are bounds-checked before the sink sees it.
template <typename Sink>
void walk(Cursor& in, Sink& sink, int depth) {
  if (depth > kMaxDepth) bad("nesting too deep");
  const Header h = header(in);
  switch (h.type) {
    case 1:
      sink(1, run(in, h, 1), 0);
      break;
    case 2:
      sink(2, run(in, h, in.u32(h.le)), 0);
      break;
    case 3: {
      const std::uint32_t rings = in.u32(h.le);
      for (std::uint32_t r = 0; r < rings; ++r) sink(3, run(in, h, in.u32(h.le)), r);
      break;
    }
    case 4:
    case 5:
    case 6:
    case 7: {
      const std::uint32_t n = in.u32(h.le);
      for (std::uint32_t i = 0; i < n; ++i) walk(in, sink, depth + 1);
      break;
    }
    default:
      bad("unsupported geometry type " + std::to_string(h.type));
  }
}

XY xy_at(const Cursor& in, const Run& r, std::uint32_t i) {
  const std::size_t at = r.at + static_cast<std::size_t>(i) * 8u * static_cast<std::size_t>(r.dims);
  return {in.f64_at(at, r.le), in.f64_at(at + 8, r.le)};
}

bool is_empty_point(XY p) {
  return std::isnan(p.x) || std::isnan(p.y);  // POINT EMPTY is NaN NaN
}

class ShapesVisitor : public WkbVisitor {
 public:
  explicit ShapesVisitor(Shapes& out) : m_out(out) {}
  void point(XY p) override { m_out.points.push_back(p); }
  void line(std::span<const XY> pts) override { m_out.lines.emplace_back(pts.begin(), pts.end()); }
  void ring(std::span<const XY> pts, std::size_t index) override {
    if (index == 0) m_out.polygons.emplace_back();
    m_out.polygons.back().emplace_back(pts.begin(), pts.end());
  }

 private:
  Shapes& m_out;
};

}  // namespace

void walk_wkb(const std::uint8_t* data, std::size_t size, WkbVisitor& visitor) {
  Cursor in(data, size);
  std::vector<XY> scratch;
  auto sink = [&](int kind, const Run& r, std::uint32_t ring) {
    if (kind == 1) {
      const XY p = xy_at(in, r, 0);
      if (!is_empty_point(p)) visitor.point(p);
      return;
    }
    scratch.resize(r.count);
    for (std::uint32_t i = 0; i < r.count; ++i) scratch[i] = xy_at(in, r, i);
    if (kind == 2)
      visitor.line(scratch);
    else
      visitor.ring(scratch, ring);
  };
  walk(in, sink, 0);
}

Shapes read_wkb(const std::uint8_t* data, std::size_t size) {
  Shapes s;
  ShapesVisitor v(s);
  walk_wkb(data, size, v);
  return s;
}

Envelope envelope(const Shapes& shapes) {
  Envelope e;
  for (const auto& poly : shapes.polygons)
    for (const auto& ring : poly)
      for (const XY& p : ring) e.expand(p.x, p.y);
  for (const auto& line : shapes.lines)
    for (const XY& p : line) e.expand(p.x, p.y);
  for (const XY& p : shapes.points) e.expand(p.x, p.y);
  return e;
}

std::optional<XY> first_xy(const std::uint8_t* data, std::size_t size) {
  Cursor in(data, size);
  const Header h = header(in);
  Run r;
  if (h.type == 1) {
    r = run(in, h, 1);
  } else if (h.type == 2) {
    r = run(in, h, in.u32(h.le));
  } else if (h.type == 3) {
    if (in.u32(h.le) == 0) return std::nullopt;
    r = run(in, h, in.u32(h.le));
  } else if (h.type >= 4 && h.type <= 7) {
    return std::nullopt;
  } else {
    bad("unsupported geometry type " + std::to_string(h.type));
  }
  if (r.count == 0) return std::nullopt;
  const XY p = xy_at(in, r, 0);
  if (is_empty_point(p)) return std::nullopt;
  return p;
}

void WkbXyRewriter::apply(Wkb& wkb, const Fn& fn) {
  m_offsets.clear();
  m_little.clear();
  m_xs.clear();
  m_ys.clear();
  Cursor in(wkb.data(), wkb.size());
  auto sink = [&](int, const Run& r, std::uint32_t) {
    for (std::uint32_t i = 0; i < r.count; ++i) {
      const XY p = xy_at(in, r, i);
      if (is_empty_point(p)) continue;
      m_offsets.push_back(r.at +
                          static_cast<std::size_t>(i) * 8u * static_cast<std::size_t>(r.dims));
      m_little.push_back(r.le);
      m_xs.push_back(p.x);
      m_ys.push_back(p.y);
    }
  };
  walk(in, sink, 0);
  if (m_offsets.empty()) return;
  fn(m_xs.data(), m_ys.data(), m_offsets.size());
  auto put = [&](std::size_t at, double v, bool le) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i)
      wkb[at + static_cast<std::size_t>(i)] =
          static_cast<std::uint8_t>(bits >> (8 * (le ? i : 7 - i)));
  };
  for (std::size_t k = 0; k < m_offsets.size(); ++k) {
    put(m_offsets[k], m_xs[k], m_little[k]);
    put(m_offsets[k] + 8, m_ys[k], m_little[k]);
  }
}

void WkbWriter::header(WkbType type) {
  m_bytes.push_back(1);
  count(static_cast<std::uint32_t>(type));
}

void WkbWriter::count(std::uint32_t n) {
  for (int i = 0; i < 4; ++i) m_bytes.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
}

void WkbWriter::xy(double x, double y) {
  for (double v : {x, y}) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i) m_bytes.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
}

void WkbWriter::set_count(std::size_t at, std::uint32_t n) {
  if (at + 4 > m_bytes.size()) throw Error(ErrorKind::Internal, "WKB count position out of range");
  for (int i = 0; i < 4; ++i)
    m_bytes[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
}

namespace {

/// The one walk over plain WKB: checks it, measures its extent and hands `on_run(kind, points,
/// count, ring)` each run of points in place (kind 1 point, 2 line, 3 ring; 16 bytes a point)
/// once the run is known to be whole and free of NaN. nullopt as soon as it is not plain.
template <typename OnRun>
std::optional<PlainWkb> walk_plain(const std::uint8_t* data, std::size_t size, OnRun&& on_run) {
  static_assert(std::endian::native == std::endian::little, "reads WKB of byte order 1 in place");
  std::size_t at = 0;
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  auto u32 = [&](std::uint32_t& v) {
    if (size - at < 4) return false;
    std::memcpy(&v, data + at, 4);
    at += 4;
    return true;
  };
  // A count, then that many points of 16 bytes (at least `least`); a NaN is not plain.
  auto points = [&](std::uint32_t least, int kind, std::uint32_t ring) {
    std::uint32_t count = 0;
    if (!u32(count) || count < least || (size - at) / 16 < count) return false;
    const std::uint8_t* const first = data + at;
    for (std::uint32_t i = 0; i < count; ++i, at += 16) {
      double x, y;
      std::memcpy(&x, data + at, 8);
      std::memcpy(&y, data + at + 8, 8);
      if (std::isnan(x) || std::isnan(y)) return false;
      min_x = std::min(min_x, x), max_x = std::max(max_x, x);
      min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    on_run(kind, first, count, ring);
    return true;
  };
  // One geometry's header: byte order 1 and a type code.
  auto header = [&](std::uint32_t& type) { return size - at >= 5 && data[at++] == 1 && u32(type); };
  auto polygon = [&] {
    std::uint32_t rings = 0;
    if (!u32(rings) || rings == 0) return false;
    for (std::uint32_t r = 0; r < rings; ++r)
      if (!points(1, 3, r)) return false;
    return true;
  };
  // The members of a multi geometry: each a plain `member` of its own header.
  auto members = [&](std::uint32_t member, auto&& read_member) {
    std::uint32_t count = 0, type = 0;
    if (!u32(count) || count == 0) return false;
    for (std::uint32_t i = 0; i < count; ++i)
      if (!header(type) || type != member || !read_member()) return false;
    return true;
  };
  std::uint32_t type = 0;
  if (!header(type)) return std::nullopt;
  bool ok = false;
  switch (type) {
    case 1: {  // a point is two doubles without a count
      if (size - at < 16) return std::nullopt;
      double x, y;
      std::memcpy(&x, data + at, 8);
      std::memcpy(&y, data + at + 8, 8);
      at += 16;
      if (std::isnan(x) || std::isnan(y)) return std::nullopt;
      min_x = max_x = x, min_y = max_y = y;
      on_run(1, data + at - 16, 1, 0);
      ok = true;
      break;
    }
    case 2:
      ok = points(1, 2, 0);
      break;
    case 3:
      ok = polygon();
      break;
    case 5:
      ok = members(2, [&] { return points(1, 2, 0); });
      break;
    case 6:
      ok = members(3, polygon);
      break;
    default:
      return std::nullopt;
  }
  if (!ok || at != size) return std::nullopt;
  return PlainWkb{static_cast<WkbType>(type), Envelope{min_x, min_y, max_x, max_y, false}};
}

}  // namespace

std::optional<PlainWkb> plain_wkb(const std::uint8_t* data, std::size_t size) noexcept {
  return walk_plain(data, size, [](int, const std::uint8_t*, std::uint32_t, std::uint32_t) {});
}

std::optional<PlainWkb> plain_wkb(const std::uint8_t* data, std::size_t size, WkbVisitor& visitor) {
  static_assert(sizeof(XY) == 16 && std::is_standard_layout_v<XY>, "XY is a WKB point's bytes");
  std::vector<XY> scratch;
  return walk_plain(
      data, size,
      [&](int kind, const std::uint8_t* points, std::uint32_t count, std::uint32_t ring) {
        scratch.resize(count);
        std::memcpy(scratch.data(), points, std::size_t{count} * sizeof(XY));
        if (kind == 1)
          visitor.point(scratch[0]);
        else if (kind == 2)
          visitor.line(scratch);
        else
          visitor.ring(scratch, ring);
      });
}

bool is_plain_convex_polygon(const Wkb& wkb) noexcept {
  static_assert(std::endian::native == std::endian::little, "reads WKB of byte order 1 in place");
  // Little-endian ISO WKB as HubLand writes it: byte order 1, type 3 (or 6 holding one
  // polygon), one ring, its points. Anything else is left to GEOS.
  const std::uint8_t* d = wkb.data();
  const std::size_t n = wkb.size();
  auto u32_at = [&](std::size_t at) {
    std::uint32_t v = 0;
    std::memcpy(&v, d + at, 4);
    return v;
  };
  std::size_t at = 0;
  if (n < 13 || d[0] != 1) return false;
  if (u32_at(1) == 6) {
    if (n < 22 || u32_at(5) != 1 || d[9] != 1) return false;
    at = 9;  // the one polygon
  }
  if (u32_at(at + 1) != 3 || u32_at(at + 5) != 1) return false;
  const std::uint32_t points = u32_at(at + 9);
  at += 13;
  if (points < 4 || (n - at) % 16 != 0 || (n - at) / 16 != points) return false;
  auto xy = [&](std::uint32_t i) {
    XY p;
    std::memcpy(&p.x, d + at + 16 * std::size_t{i}, 8);
    std::memcpy(&p.y, d + at + 16 * std::size_t{i} + 8, 8);
    return p;
  };
  const XY first = xy(0), last = xy(points - 1);
  if (first.x != last.x || first.y != last.y) return false;
  const std::uint32_t m = points - 1;  // distinct vertices, cyclic
  int turn = 0, x_changes = 0, y_changes = 0;
  int first_dx = 0, first_dy = 0, last_dx = 0, last_dy = 0;
  auto sign = [](double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; };
  for (std::uint32_t i = 0; i < m; ++i) {
    const XY a = xy(i), b = xy((i + 1) % m), c = xy((i + 2) % m);
    if (!std::isfinite(b.x) || !std::isfinite(b.y)) return false;
    const double ux = b.x - a.x, uy = b.y - a.y, vx = c.x - b.x, vy = c.y - b.y;
    const double cross = ux * vy - uy * vx;
    // A turn of less than about 1e-6 rad (or a repeated vertex) is left to GEOS: the sign of
    // a nearly straight turn is not certain in floating point.
    // (Compared squared: no square roots per vertex on a city's parcels.)
    if (!(cross * cross > 1e-12 * (ux * ux + uy * uy) * (vx * vx + vy * vy))) return false;
    const int s = cross > 0 ? 1 : -1;
    if (turn != 0 && s != turn) return false;
    turn = s;
    // A star turns the same way at every vertex too, but winds more than once: a convex ring
    // changes direction along each axis exactly twice.
    const int dx = sign(ux), dy = sign(uy);
    if (dx != 0) {
      if (last_dx != 0 && dx != last_dx) ++x_changes;
      if (first_dx == 0) first_dx = dx;
      last_dx = dx;
    }
    if (dy != 0) {
      if (last_dy != 0 && dy != last_dy) ++y_changes;
      if (first_dy == 0) first_dy = dy;
      last_dy = dy;
    }
  }
  // Around the corner: the last edge's direction against the first one's.
  if (last_dx != first_dx) ++x_changes;
  if (last_dy != first_dy) ++y_changes;
  return x_changes <= 2 && y_changes <= 2;
}

}  // namespace hubland::geo

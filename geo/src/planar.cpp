#include "planar.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hubland::geo::detail {

namespace {

double ring_signed(const Ring& r, double& cx, double& cy) {
  // Shoelace relative to the first vertex: keeps precision with large GK coordinates.
  double a = 0;
  cx = cy = 0;
  if (r.size() < 3) return 0;
  const XY o = r[0];
  for (std::size_t i = 1; i + 1 < r.size(); ++i) {
    const double x1 = r[i].x - o.x, y1 = r[i].y - o.y, x2 = r[i + 1].x - o.x, y2 = r[i + 1].y - o.y;
    const double c = x1 * y2 - x2 * y1;
    a += c;
    cx += (x1 + x2) * c;
    cy += (y1 + y2) * c;
  }
  if (a != 0) {
    cx = cx / (3 * a) + o.x;
    cy = cy / (3 * a) + o.y;
  }
  return a / 2;
}

/// Squared distance from p to segment ab: the caller takes one square root of the least
/// (std::hypot per segment was 3.5 % of a 1M-parcel overlay, for 5 hub types x every edge).
double segment_distance2(XY p, XY a, XY b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  return ex * ex + ey * ey;
}

bool in_ring(const Ring& r, XY p) {
  bool inside = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if ((r[i].y > p.y) != (r[j].y > p.y) &&
        p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      inside = !inside;
  }
  return inside;
}

}  // namespace

XY centroid(const std::vector<Polygon>& polygons) {
  double sa = 0, sx = 0, sy = 0;
  for (const auto& poly : polygons)
    for (std::size_t k = 0; k < poly.size(); ++k) {
      double cx, cy;
      double a = std::fabs(ring_signed(poly[k], cx, cy));
      if (k > 0) a = -a;  // holes
      sa += a;
      sx += a * cx;
      sy += a * cy;
    }
  if (sa > 0) return {sx / sa, sy / sa};
  for (const auto& poly : polygons)
    if (!poly.empty() && !poly[0].empty()) return poly[0][0];
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

double distance(const std::vector<Polygon>& polygons, XY p) {
  double best2 = std::numeric_limits<double>::infinity();
  for (const auto& poly : polygons) {
    if (poly.empty()) continue;
    bool inside = in_ring(poly[0], p);
    for (std::size_t k = 1; inside && k < poly.size(); ++k)
      if (in_ring(poly[k], p)) inside = false;
    if (inside) return 0;
    for (const auto& ring : poly)
      for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        best2 = std::min(best2, segment_distance2(p, ring[i], ring[i + 1]));
  }
  return std::sqrt(best2);
}

bool convex_parts(const std::vector<Polygon>& polygons, std::vector<Ring>& out) {
  out.clear();
  for (const auto& poly : polygons) {
    if (poly.size() != 1) return false;  // holes
    // Clipping is O(vertices of the piece × vertices of the part): past a parcel's usual size,
    // GEOS's O(n log n) overlay wins (a 2-million-vertex parcel took minutes here).
    if (poly[0].size() > kMaxConvexClipVertices) return false;
    Ring r;
    for (const auto& p : poly[0])
      if (r.empty() || p.x != r.back().x || p.y != r.back().y) r.push_back(p);
    if (r.size() > 1 && r.front().x == r.back().x && r.front().y == r.back().y) r.pop_back();
    if (r.size() < 3) return false;
    int sign = 0;
    for (std::size_t i = 0, n = r.size(); i < n; ++i) {
      const XY& a = r[i];
      const XY& b = r[(i + 1) % n];
      const XY& c = r[(i + 2) % n];
      const double cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
      if (cross == 0) continue;  // collinear vertex: harmless for clipping
      const int s = cross > 0 ? 1 : -1;
      if (sign == 0)
        sign = s;
      else if (s != sign)
        return false;
    }
    if (sign == 0) return false;
    if (sign < 0) std::reverse(r.begin(), r.end());
    out.push_back(std::move(r));
  }
  return !out.empty();
}

namespace {
double clip_ring_area(const Ring& ring, const Ring& clip, std::vector<XY>& a, std::vector<XY>& b) {
  // Work relative to the clip ring's first vertex: GK coordinates are ~10^6 m.
  const XY o = clip[0];
  a.clear();
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) a.push_back({ring[i].x - o.x, ring[i].y - o.y});
  if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y))
    a.push_back({ring.back().x - o.x, ring.back().y - o.y});
  const std::size_t n = clip.size();
  for (std::size_t e = 0; e < n && !a.empty(); ++e) {
    const XY p{clip[e].x - o.x, clip[e].y - o.y};
    const XY q{clip[(e + 1) % n].x - o.x, clip[(e + 1) % n].y - o.y};
    const double ex = q.x - p.x, ey = q.y - p.y;
    auto side = [&](const XY& v) { return ex * (v.y - p.y) - ey * (v.x - p.x); };
    b.clear();
    for (std::size_t i = 0, m = a.size(); i < m; ++i) {
      const XY& s = a[(i + m - 1) % m];
      const XY& t = a[i];
      const double ds = side(s), dt = side(t);
      if (dt >= 0) {
        if (ds < 0) {
          const double k = ds / (ds - dt);
          b.push_back({s.x + k * (t.x - s.x), s.y + k * (t.y - s.y)});
        }
        b.push_back(t);
      } else if (ds >= 0) {
        const double k = ds / (ds - dt);
        b.push_back({s.x + k * (t.x - s.x), s.y + k * (t.y - s.y)});
      }
    }
    a.swap(b);
  }
  double area2 = 0;
  for (std::size_t i = 0, m = a.size(); i < m; ++i) {
    const XY& s = a[i];
    const XY& t = a[(i + 1) % m];
    area2 += s.x * t.y - t.x * s.y;
  }
  return std::fabs(area2) / 2;
}
}  // namespace

double clipped_area(const Polygon& subject, const Ring& convex_ccw, std::vector<XY>& scratch_a,
                    std::vector<XY>& scratch_b) {
  double a = 0;
  for (std::size_t k = 0; k < subject.size(); ++k) {
    const double part = clip_ring_area(subject[k], convex_ccw, scratch_a, scratch_b);
    a += k == 0 ? part : -part;
  }
  return a > 0 ? a : 0;
}

}  // namespace hubland::geo::detail

// Geometry for the sample generator: WKB encoding, ring areas and orientation, star-shaped
// outlines and the jittered parcel grid.

#include <algorithm>
#include <cmath>

#include "generator_parts.hpp"

namespace hubland::sample::detail {

namespace {

// Rings are closed here (the writer emits exactly what it is given).
void put_ring(geo::WkbWriter& w, const Ring& r) {
  const bool closed = r.front().x == r.back().x && r.front().y == r.back().y;
  w.count(static_cast<std::uint32_t>(r.size() + (closed ? 0 : 1)));
  for (const auto& p : r) w.xy(p.x, p.y);
  if (!closed) w.xy(r.front().x, r.front().y);
}

void put_polygon(geo::WkbWriter& w, const Poly& poly) {
  w.header(geo::WkbType::Polygon);
  w.count(static_cast<std::uint32_t>(poly.size()));
  for (const auto& r : poly) put_ring(w, r);
}

double ring_area_signed(const Ring& r) {
  double a = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const P& p = r[i];
    const P& q = r[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return a / 2.0;
}

}  // namespace

Wkb polygon_wkb(const Poly& poly) {
  geo::WkbWriter w;
  put_polygon(w, poly);
  return w.take();
}

Wkb multipolygon_wkb(const std::vector<Poly>& polys) {
  geo::WkbWriter w;
  w.header(geo::WkbType::MultiPolygon);
  w.count(static_cast<std::uint32_t>(polys.size()));
  for (const auto& p : polys) put_polygon(w, p);
  return w.take();
}

Wkb linestring_wkb(const std::vector<P>& pts) {
  geo::WkbWriter w;
  w.header(geo::WkbType::LineString);
  w.count(static_cast<std::uint32_t>(pts.size()));
  for (const auto& p : pts) w.xy(p.x, p.y);
  return w.take();
}

Wkb point_wkb(double x, double y) {
  geo::WkbWriter w;
  w.header(geo::WkbType::Point);
  w.xy(x, y);
  return w.take();
}

double poly_area(const Poly& poly) {
  double a = std::fabs(ring_area_signed(poly[0]));
  for (std::size_t i = 1; i < poly.size(); ++i) a -= std::fabs(ring_area_signed(poly[i]));
  return a;
}

Ring ccw(Ring r) {
  if (ring_area_signed(r) < 0) std::reverse(r.begin(), r.end());
  return r;
}
Ring cw(Ring r) {
  if (ring_area_signed(r) > 0) std::reverse(r.begin(), r.end());
  return r;
}

// ---------------------------------------------------------------- star-shaped outlines
double Star::at(double theta) const {
  double f = 1;
  for (int k = 0; k < 3; ++k) f += amp[k] * std::sin(freq[k] * theta + phase[k]);
  return radius * f;
}

bool Star::contains(P p, double scale) const {
  const double dx = p.x - center.x, dy = p.y - center.y;
  return std::hypot(dx, dy) <= scale * at(std::atan2(dy, dx));
}

Ring Star::ring(int vertices, double scale) const {
  Ring r;
  for (int i = 0; i < vertices; ++i) {
    const double t = 2 * kPi * i / vertices;
    const double rr = scale * at(t);
    r.push_back(rp({center.x + rr * std::cos(t), center.y + rr * std::sin(t)}));
  }
  return ccw(r);
}

Ring Star::wedge(double a0, double a1, int vertices, double scale) const {
  Ring r{rp(center)};
  for (int i = 0; i <= vertices; ++i) {
    const double t = a0 + (a1 - a0) * i / vertices;
    const double rr = scale * at(t);
    r.push_back(rp({center.x + rr * std::cos(t), center.y + rr * std::sin(t)}));
  }
  return ccw(r);
}

Star random_star(Rng& rng, P center, double radius, double roughness) {
  Star s;
  s.center = center;
  s.radius = radius;
  s.amp = {roughness * rng.range(0.5, 1.0), roughness * rng.range(0.3, 0.7),
           roughness * rng.range(0.1, 0.35)};
  s.phase = {rng.range(0, 2 * kPi), rng.range(0, 2 * kPi), rng.range(0, 2 * kPi)};
  s.freq = {2 + static_cast<int>(rng.pick(3)), 5 + static_cast<int>(rng.pick(3)),
            9 + static_cast<int>(rng.pick(5))};
  return s;
}

// ---------------------------------------------------------------- parcel grid
P Grid::vertex(long i, long j) const {
  Rng r(key(seed, kJitter, id,
            (static_cast<std::uint64_t>(i) << 32) ^ static_cast<std::uint32_t>(j)));
  const double u = (i + jitter * (2 * r.uniform() - 1)) * cell_m;
  const double v = (j + jitter * (2 * r.uniform() - 1)) * cell_m;
  const double c = std::cos(angle), s = std::sin(angle);
  return rp({origin.x + c * u - s * v, origin.y + s * u + c * v});
}

P Grid::cell_center(long i, long j) const {
  const double c = std::cos(angle), s = std::sin(angle);
  const double u = (i + 0.5) * cell_m, v = (j + 0.5) * cell_m;
  return {origin.x + c * u - s * v, origin.y + s * u + c * v};
}

Ring Grid::cells(long i, long j, long w, long h) const {
  Ring r;
  for (long k = 0; k < w; ++k) r.push_back(vertex(i + k, j));
  for (long k = 0; k < h; ++k) r.push_back(vertex(i + w, j + k));
  for (long k = w; k > 0; --k) r.push_back(vertex(i + k, j + h));
  for (long k = h; k > 0; --k) r.push_back(vertex(i, j + k));
  return ccw(r);
}

}  // namespace hubland::sample::detail

#include "hubland/geo/ellipsoid.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/geo/wkb.hpp"
#include "proj_handles.hpp"

namespace hubland::geo {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadPerDeg = 3.14159265358979323846 / 180.0;

/// Checks that `epsg` is a projected CRS in metres and returns its projection as a PROJ string,
/// from which each worker builds the PJ that proj_factors differentiates. Not the CRS object:
/// PROJ 9.1 feeds proj_factors' radians to the CRS's degree-based pipeline. Without
/// "+type=crs": with it every proj_factors call takes ~20 ms instead of ~1 µs.
std::string checked_projection(int epsg) {
  const std::string id = "EPSG:" + std::to_string(epsg);
  const CrsInfo info = describe_crs(id);  // throws Error(Crs) for unknown codes
  if (!info.projected)
    throw Error(ErrorKind::Crs, id + " (" + info.name +
                                    ") is not a projected CRS: ellipsoidal areas need polygons in "
                                    "projected metres, e.g. a CGCS2000 Gauss-Kruger zone");
  if (info.unit != "metre")
    throw Error(ErrorKind::Crs,
                id + " (" + info.name + ") has unit '" + info.unit + "', not metre");
  detail::CtxGuard c;
  detail::PjGuard crs{c.ctx, proj_create(c.ctx, id.c_str())};
  const char* def = crs.pj ? proj_as_proj_string(c.ctx, crs.pj, PJ_PROJ_4, nullptr) : nullptr;
  if (!def)
    throw Error(ErrorKind::Crs,
                id + " has no PROJ string for its projection: " + detail::proj_reason(c.ctx));
  std::string projection = def;
  const std::string crs_flag = " +type=crs";
  if (const auto at = projection.find(crs_flag); at != std::string::npos)
    projection.erase(at, crs_flag.size());
  return projection;
}

/// Per-thread state: PROJ objects are not thread-safe, so each worker owns its own.
class Worker {
 public:
  Worker(int epsg, const std::string& projection)
      : m_to_geographic("EPSG:" + std::to_string(epsg), "EPSG:" + std::to_string(kEpsgCgcs2000)),
        m_projection(m_ctx.ctx, proj_create(m_ctx.ctx, projection.c_str())) {
    if (!m_projection.pj)
      throw Error(ErrorKind::Crs, "cannot build the projection of EPSG:" + std::to_string(epsg) +
                                      ": " + detail::proj_reason(m_ctx.ctx));
    geod_init(&m_geod, kCgcs2000SemiMajor_m, 1.0 / kCgcs2000InverseFlattening);
  }

  double area_m2(const Wkb& wkb, EllipsoidalMethod method) {
    if (wkb.empty()) return kNaN;
    const Shapes shapes = read_wkb(wkb);
    if (!shapes.lines.empty() || !shapes.points.empty())
      throw Error(ErrorKind::Geometry, "not a polygon: the geometry has points or lines");
    if (shapes.polygons.empty()) return kNaN;
    double total = 0.0;
    for (const Polygon& polygon : shapes.polygons) {
      for (std::size_t r = 0; r < polygon.size(); ++r) {
        const double a = method == EllipsoidalMethod::Geodesic ? geodesic_ring_m2(polygon[r])
                                                               : scaled_ring_m2(polygon[r]);
        total += r == 0 ? a : -a;
      }
    }
    return total;
  }

 private:
  /// The ring without its closing vertex (geod_polygonarea closes rings itself).
  static std::span<const XY> open_ring(const Ring& ring) {
    std::size_t n = ring.size();
    if (n > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --n;
    return {ring.data(), n};
  }

  double geodesic_ring_m2(const Ring& ring) {
    const std::span<const XY> pts = open_ring(ring);
    if (pts.size() < 3) return 0.0;
    m_lon.resize(pts.size());
    m_lat.resize(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) {
      m_lon[i] = pts[i].x;
      m_lat[i] = pts[i].y;
    }
    m_to_geographic.transform(m_lon.data(), m_lat.data(), pts.size());
    double area = 0.0;
    geod_polygonarea(&m_geod, m_lat.data(), m_lon.data(), static_cast<int>(pts.size()), &area,
                     nullptr);
    return std::fabs(area);  // signed by orientation; holes are subtracted by the caller
  }

  double scaled_ring_m2(const Ring& ring) {
    const std::span<const XY> pts = open_ring(ring);
    if (pts.size() < 3) return 0.0;
    // Shoelace about the first vertex: Gauss-Kruger northings are ~3e6 m, and products of
    // raw coordinates would lose digits of a 100 m parcel.
    const XY o = pts[0];
    double twice_area = 0.0, cx = 0.0, cy = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const XY& p = pts[i];
      const XY& q = pts[(i + 1) % pts.size()];
      const double px = p.x - o.x, py = p.y - o.y, qx = q.x - o.x, qy = q.y - o.y;
      const double cross = px * qy - qx * py;
      twice_area += cross;
      cx += (px + qx) * cross;
      cy += (py + qy) * cross;
    }
    if (twice_area == 0.0) return 0.0;
    double lon = o.x + cx / (3.0 * twice_area);
    double lat = o.y + cy / (3.0 * twice_area);
    m_to_geographic.transform(lon, lat);
    proj_errno_reset(m_projection.pj);
    const PJ_FACTORS f =
        proj_factors(m_projection.pj, proj_coord(lon * kRadPerDeg, lat * kRadPerDeg, 0, 0));
    if (proj_errno(m_projection.pj) != 0 || !(f.areal_scale > 0.0) || !std::isfinite(f.areal_scale))
      throw Error(ErrorKind::Crs, "no areal scale factor at lon " + std::to_string(lon) + ", lat " +
                                      std::to_string(lat) + ": " + detail::proj_reason(m_ctx.ctx));
    return std::fabs(twice_area) / 2.0 / f.areal_scale;
  }

  Transformer m_to_geographic;  ///< working CRS -> EPSG:4490, lon/lat degrees
  detail::CtxGuard m_ctx;       ///< for m_projection (declared before it: dies after it)
  detail::PjGuard m_projection;
  geod_geodesic m_geod{};
  std::vector<double> m_lon, m_lat;
};

}  // namespace

std::vector<double> ellipsoidal_areas_m2(const std::vector<Wkb>& polygons, int working_epsg,
                                         int threads, EllipsoidalMethod method) {
  const std::string projection = checked_projection(working_epsg);
  std::vector<double> out(polygons.size(), kNaN);
  if (polygons.empty()) return out;
  ParallelOptions options;
  options.threads = threads;
  run_parallel(polygons.size(), options, [&](WorkQueue& queue, int) {
    std::optional<Worker> worker;  // built on the first range: a spare thread builds nothing
    std::size_t begin = 0, end = 0;
    while (queue.next(begin, end)) {
      if (!worker) worker.emplace(working_epsg, projection);
      for (std::size_t i = begin; i < end; ++i) {
        try {
          out[i] = worker->area_m2(polygons[i], method);
        } catch (const Error& e) {
          Where where = e.where();
          where.feature = std::to_string(i);
          throw Error(e.kind(), e.message(), where);
        }
      }
      queue.finished(end - begin);
    }
  });
  return out;
}

std::vector<double> ellipsoidal_areas_m2(const std::vector<Wkb>& polygons, int working_epsg,
                                         int threads) {
  return ellipsoidal_areas_m2(polygons, working_epsg, threads, EllipsoidalMethod::Geodesic);
}

}  // namespace hubland::geo

#include "hubland/geo/crs.hpp"

#include <proj.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "proj_handles.hpp"

namespace hubland::geo {

int gk3_central_meridian(double lon_deg) {
  return static_cast<int>(std::lround(lon_deg / 3.0)) * 3;
}

int gk3_epsg_for_lon(double lon_deg) {
  const int cm = gk3_central_meridian(lon_deg);
  if (!std::isfinite(lon_deg) || cm < 75 || cm > 135)
    throw Error(ErrorKind::Crs, "no CGCS2000 3-degree Gauss-Kruger zone for longitude " +
                                    std::to_string(lon_deg) + " (zones cover 73.5°E-136.5°E)");
  return 4534 + (cm - 75) / 3;
}

bool is_gk3_epsg(int epsg) noexcept {
  return epsg >= 4534 && epsg <= 4554;
}

using detail::CtxGuard;
using detail::PjGuard;
using detail::proj_reason;

namespace {

std::atomic<std::uint64_t> g_identifications{0};

CrsInfo describe_uncached(const std::string& definition) {
  CtxGuard c;
  PjGuard crs{c.ctx, proj_create(c.ctx, definition.c_str())};
  if (!crs.pj)
    throw Error(ErrorKind::Crs,
                "unknown CRS '" + definition.substr(0, 80) + "': " + proj_reason(c.ctx));
  // A bound CRS (e.g. with TOWGS84) is described by its base.
  PjGuard base{c.ctx, proj_get_type(crs.pj) == PJ_TYPE_BOUND_CRS
                          ? proj_get_source_crs(c.ctx, crs.pj)
                          : nullptr};
  PJ* pj = base.pj ? base.pj : crs.pj;
  CrsInfo info;
  const char* name = proj_get_name(pj);
  info.name = name ? name : "";
  const char* auth = proj_get_id_auth_name(pj, 0);
  const char* code = proj_get_id_code(pj, 0);
  if (auth && code && std::string(auth) == "EPSG") info.epsg = std::atoi(code);
  if (info.epsg == 0) {
    // WKT from a .prj rarely carries an id: ask PROJ for a confident identification.
    int* confidence = nullptr;
    g_identifications.fetch_add(1, std::memory_order_relaxed);
    PJ_OBJ_LIST* list = proj_identify(c.ctx, pj, "EPSG", nullptr, &confidence);
    if (list) {
      if (proj_list_get_count(list) > 0 && confidence && confidence[0] >= 70) {
        PjGuard best{c.ctx, proj_list_get(c.ctx, list, 0)};
        const char* bc = proj_get_id_code(best.pj, 0);
        if (bc) info.epsg = std::atoi(bc);
      }
      proj_list_destroy(list);
    }
    if (confidence) proj_int_list_destroy(confidence);
  }
  const PJ_TYPE type = proj_get_type(pj);
  info.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
  info.projected = type == PJ_TYPE_PROJECTED_CRS;
  double w, s, e, n;
  const char* area_name = nullptr;
  if (proj_get_area_of_use(c.ctx, pj, &w, &s, &e, &n, &area_name) && w > -1000) {
    info.area_of_use_deg = {w, s, e, n};
    info.has_area_of_use = true;
  }
  PjGuard cs{c.ctx, proj_crs_get_coordinate_system(c.ctx, pj)};
  if (cs.pj) {
    const char* unit = nullptr;
    if (proj_cs_get_axis_info(c.ctx, cs.pj, 0, nullptr, nullptr, nullptr, nullptr, &unit, nullptr,
                              nullptr) &&
        unit)
      info.unit = unit;
  }
  return info;
}

}  // namespace

CrsInfo describe_crs(const std::string& definition) {
  // Identifying a WKT searches PROJ's database: 0.2–0.3 s for a name that matches no entry
  // (fuzzing found one past 25 s under ASan), and the same CRS is described again by info, by
  // the read and by each layer of a run. The answer depends on the definition only.
  static std::mutex mutex;
  static std::unordered_map<std::string, CrsInfo> known;
  constexpr std::size_t kKept = 256;  // distinct CRSs a process keeps; then it starts over
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(definition); it != known.end()) return it->second;
  }
  CrsInfo info = describe_uncached(definition);  // outside the lock: threads do not queue
  std::lock_guard lock(mutex);
  if (known.size() >= kKept) known.clear();
  known.emplace(definition, info);
  return info;
}

std::uint64_t crs_identifications() noexcept {
  return g_identifications.load(std::memory_order_relaxed);
}

Transformer::Transformer(const std::string& source_crs, const std::string& target_crs)
    : m_ctx(proj_context_create()), m_description(source_crs + " -> " + target_crs) {
  PJ* raw = proj_create_crs_to_crs(m_ctx, source_crs.c_str(), target_crs.c_str(), nullptr);
  if (!raw) {
    std::string reason = proj_reason(m_ctx);
    proj_context_destroy(m_ctx);
    throw Error(ErrorKind::Crs, "cannot transform " + m_description + ": " + reason);
  }
  m_pj = proj_normalize_for_visualization(m_ctx, raw);
  proj_destroy(raw);
  if (!m_pj) {
    proj_context_destroy(m_ctx);
    throw Error(ErrorKind::Crs, "cannot normalise axis order for " + m_description);
  }
  // A layer already in the working CRS (its WKT spelled as GDAL writes it) resolves to a noop
  // pipeline: recognise it once here and skip PROJ per geometry (0.2 % of a 100k overlay).
  const char* def = proj_as_proj_string(m_ctx, m_pj, PJ_PROJ_5, nullptr);
  m_identity = def && std::string_view(def) == "+proj=noop";
}

Transformer::~Transformer() {
  if (m_pj) proj_destroy(m_pj);
  if (m_ctx) proj_context_destroy(m_ctx);
}

Transformer::Transformer(Transformer&& o) noexcept
    : m_ctx(std::exchange(o.m_ctx, nullptr)),
      m_pj(std::exchange(o.m_pj, nullptr)),
      m_description(std::move(o.m_description)),
      m_identity(o.m_identity) {}

Transformer& Transformer::operator=(Transformer&& o) noexcept {
  if (this != &o) {
    this->~Transformer();
    m_ctx = std::exchange(o.m_ctx, nullptr);
    m_pj = std::exchange(o.m_pj, nullptr);
    m_description = std::move(o.m_description);
    m_identity = o.m_identity;
  }
  return *this;
}

void Transformer::transform(double* x, double* y, std::size_t n) const {
  if (!m_identity)
    proj_trans_generic(m_pj, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0,
                       nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || x[i] == HUGE_VAL)
      throw Error(ErrorKind::Crs,
                  "point " + std::to_string(i) + " cannot be transformed (" + m_description + ")");
  }
}

Envelope Transformer::transform_bounds(const Envelope& env) const {
  Envelope out;
  if (env.empty) return out;
  constexpr int kSteps = 20;
  std::vector<double> xs, ys;
  for (int i = 0; i <= kSteps; ++i) {
    const double fx = env.min_x + (env.max_x - env.min_x) * i / kSteps;
    const double fy = env.min_y + (env.max_y - env.min_y) * i / kSteps;
    xs.insert(xs.end(), {fx, fx, env.min_x, env.max_x});
    ys.insert(ys.end(), {env.min_y, env.max_y, fy, fy});
  }
  transform(xs.data(), ys.data(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) out.expand(xs[i], ys[i]);
  return out;
}

}  // namespace hubland::geo

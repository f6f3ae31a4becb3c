// Geometry processing for read_layer: reprojection, validation/repair and area, in parallel.
#include <optional>

#include "hubland/geo/crs.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/geo/web_datum.hpp"
#include "hubland/geo/wkb.hpp"
#include "read_steps.hpp"

namespace hubland::layers::detail {

namespace {

constexpr std::size_t kChunk = 4096;  ///< geometries per work range

void process(geo::Wkb& raw, GeomResult& r, const geo::Transformer& tr, geo::WkbXyRewriter& rewriter,
             bool polygonal, OnInvalid on_invalid, geo::WebDatum datum) {
  try {
    // All coordinates of a geometry in one PROJ call; a web-map offset is removed first, in
    // the source lon/lat, as the offset was added there.
    rewriter.apply(raw, [&](double* xs, double* ys, std::size_t n) {
      geo::to_wgs84(datum, xs, ys, n);
      tr.transform(xs, ys, n);
    });
    r.wkb = std::move(raw);
    if (!polygonal) return;
    geo::GeomPtr g = geo::from_wkb(r.wkb);
    // A plain convex polygon is valid: GEOS's check (a fifth of reading a city's parcels)
    // is for the rest.
    std::string reason = geo::is_plain_convex_polygon(r.wkb) ? "" : geo::invalid_reason(g.get());
    if (!reason.empty()) {
      if (on_invalid == OnInvalid::Fail) {
        r.status = GeomResult::Status::Failed;
        r.note = "invalid geometry: " + reason;
        return;
      }
      if (on_invalid == OnInvalid::Skip) {
        r.status = GeomResult::Status::Skipped;
        r.note = "invalid geometry (" + reason + "), skipped";
        return;
      }
      geo::GeomPtr fixed = geo::make_valid(g.get());
      if (geo::is_empty(fixed.get()) || !geo::is_polygonal(fixed.get())) {
        r.status = GeomResult::Status::Skipped;
        r.note = "invalid geometry (" + reason + ") collapses to nothing when repaired";
        return;
      }
      r.status = GeomResult::Status::Repaired;
      r.note = reason;
      r.wkb = geo::to_wkb(fixed.get());
      g = std::move(fixed);
    }
    r.area_m2 = geo::area(g.get());
  } catch (const Error& e) {
    r.status = GeomResult::Status::Failed;
    r.note = e.message();
    r.error_kind = e.kind();
  }
}

}  // namespace

std::vector<GeomResult> process_geometries(std::vector<geo::Wkb>& raw,
                                           const std::string& source_crs, int working_epsg,
                                           bool polygonal, OnInvalid on_invalid, int threads,
                                           geo::WebDatum datum) {
  const std::string target_crs = "EPSG:" + std::to_string(working_epsg);
  std::vector<GeomResult> results(raw.size());
  geo::ParallelOptions options;
  options.threads = threads;
  options.chunk = kChunk;
  geo::run_parallel(raw.size(), options, [&](geo::WorkQueue& queue, int) {
    std::optional<geo::Transformer> tr;  // one per thread: it owns a PROJ context
    geo::WkbXyRewriter rewriter;         // one per thread: it keeps its buffers
    std::size_t begin = 0, end = 0;
    while (queue.next(begin, end)) {
      if (!tr) tr.emplace(source_crs, target_crs);
      for (std::size_t i = begin; i < end; ++i)
        process(raw[i], results[i], *tr, rewriter, polygonal, on_invalid, datum);
      queue.finished(end - begin);
    }
  });
  raw.clear();
  return results;
}

}  // namespace hubland::layers::detail

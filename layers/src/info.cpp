#include "hubland/layers/info.hpp"

#include <algorithm>
#include <cmath>

#include "hubland/error.hpp"
#include "hubland/geo/wkb.hpp"
#include "read_steps.hpp"
#include "source.hpp"

namespace hubland::layers {

namespace {

// Features judged by the GCJ-02 check: enough for a district layer, cheap on a big one.
constexpr std::size_t kMaxCentroids = 5000;

LayerInfo inspect_layer(detail::Source& src, OGRLayer* layer, const InfoOptions& options) {
  LayerInfo info;
  info.name = layer->GetName();
  info.driver = src.driver;
  info.geometry_type = OGRGeometryTypeToName(layer->GetGeomType());
  info.feature_count = layer->GetFeatureCount(TRUE);

  detail::LayerEncoding enc = detail::decide_encoding(src, layer, options.encoding);
  info.encoding = enc.decision.encoding;
  info.encoding_source = to_string(enc.decision.source);
  info.encoding_explanation = enc.decision.explanation;
  info.problems = std::move(enc.problems);
  for (auto& p : detail::source_problems(src, layer)) info.problems.push_back(std::move(p));
  Decoder dec(info.encoding);
  const std::vector<std::string> names =
      detail::decode_field_names(layer, dec, src.path, &info.problems);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    info.fields.push_back({names[static_cast<std::size_t>(i)],
                           OGRFieldDefn::GetFieldTypeName(fd->GetType()),
                           fd->GetWidth(),
                           {}});
  }

  const bool has_geometry = layer->GetGeomType() != wkbNone;
  detail::LayerCrs crs;
  if (has_geometry) {
    crs = detail::layer_crs(src, layer, options.assume_crs);
    info.has_crs = crs.present;
    if (crs.present) {
      info.crs_name = crs.name;
      info.epsg = crs.epsg;
      info.crs_source = crs.origin;
    } else {
      info.crs_problem = std::string("the layer has no CRS") +
                         (src.shapefile() ? " (no .prj file)" : "") +
                         "; pass --assume-crs EPSG:<code> if you know it";
    }
    detail::check_web_datum(crs, options.datum, src.path);
  }
  const bool converted = has_geometry && crs.present && options.datum != geo::WebDatum::None;
  if (converted)
    info.problems.push_back({Severity::Info, "web-datum-converted", src.path, info.name, "", "",
                             web_datum_note(options.datum)});
  // Feature centroids of a lon/lat layer, for the GCJ-02 check.
  const bool lonlat = crs.present && crs.srs->IsGeographic();
  std::vector<geo::LonLat> centroids;
  geo::WkbXyRewriter rewriter;

  // One pass: samples, geometry counts, the extent of what is actually there.
  detail::CplCapture capture;
  layer->ResetReading();
  while (true) {
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    if (std::string failure = capture.take_failure(); !failure.empty())
      throw Error(ErrorKind::Io,
                  "cannot read a feature: " + failure + " (truncated or corrupt file?)",
                  Where{.file = src.path, .layer = info.name});
    if (!f) break;
    for (std::size_t i = 0; i < info.fields.size(); ++i) {
      auto& samples = info.fields[i].samples;
      const int idx = static_cast<int>(i);
      if (samples.size() >= options.samples || !f->IsFieldSetAndNotNull(idx)) continue;
      std::string v;
      if (defn->GetFieldDefn(idx)->GetType() == OFTReal)
        v = as_text(Value{f->GetFieldAsDouble(idx)});  // shortest round-trip, not %.15f
      else
        v = dec.try_decode(f->GetFieldAsString(idx)).value_or("<not " + dec.encoding() + ">");
      if (std::find(samples.begin(), samples.end(), v) == samples.end())
        samples.push_back(std::move(v));
    }
    if (!has_geometry) continue;
    OGRGeometry* g = f->GetGeometryRef();
    if (!g) {
      ++info.null_geometries;
      continue;
    }
    if (g->IsEmpty()) {
      ++info.empty_geometries;
      continue;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    if (!converted)
      info.extent.expand(geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false});
    std::unique_ptr<OGRGeometry> linear;
    if (g->hasCurveGeometry()) {
      linear.reset(g->getLinearGeometry());
      g = linear.get();
    }
    g->flattenTo2D();
    geo::Wkb wkb(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    if (converted) {
      rewriter.apply(wkb, [&](double* xs, double* ys, std::size_t n) {
        geo::to_wgs84(options.datum, xs, ys, n);
      });
      info.extent.expand(geo::envelope(geo::read_wkb(wkb)));
    }
    std::string reason;
    try {
      const geo::GeomPtr parsed = geo::from_wkb(wkb);
      reason = geo::invalid_reason(parsed.get());
      if (lonlat && centroids.size() < kMaxCentroids) {
        // Only evidence for the GCJ-02 check: a feature without a centroid is left out.
        try {
          const geo::Envelope c = geo::envelope(geo::centroid(parsed.get()).get());
          if (!c.empty) centroids.push_back({c.min_x, c.min_y});
        } catch (const Error&) {
        }
      }
    } catch (const Error& e) {
      reason = e.message();
    }
    if (!reason.empty()) {
      ++info.invalid_geometries;
      if (info.invalid_examples.size() < options.invalid_examples)
        info.invalid_examples.push_back("fid " + std::to_string(f->GetFID()) + ": " + reason);
    }
  }
  layer->ResetReading();

  if (crs.present && !info.extent.empty) {
    try {
      detail::check_extent(crs, info.extent, src.path);
    } catch (const Error& e) {
      info.crs_problem = e.message();
    }
    info.extent_wgs84 = detail::to_wgs84(crs, info.extent);
  }
  if (const auto gain_m = detail::gcj02_fit_gain_m(centroids)) {
    info.problems.push_back(
        {Severity::Warning, "looks-gcj02", src.path, info.name, "", "",
         "lon/lat data line up with GCJ-02 (web map) by " + std::to_string(std::lround(*gain_m)) +
             " m better than with WGS 84; if digitised from AMap/Tencent, re-read with --datum "
             "gcj02"});
  }
  return info;
}

}  // namespace

SourceInfo inspect_source(const std::string& source, const InfoOptions& options) {
  detail::Source src = detail::open_source(source);
  SourceInfo out;
  out.source = source;
  out.driver = src.driver;
  if (!src.layer_request.empty()) {
    out.layers.push_back(inspect_layer(src, detail::pick_layer(src, nullptr), options));
    return out;
  }
  for (int i = 0; i < src.ds->GetLayerCount(); ++i)
    out.layers.push_back(inspect_layer(src, src.ds->GetLayer(i), options));
  return out;
}

}  // namespace hubland::layers

// Per-feature decoding for read_layer: attributes into the table (decoded, validated against
// the role), geometry as 2D WKB in the source CRS.
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string_view>

#include "feature_prefetch.hpp"
#include "read_steps.hpp"
#include "source.hpp"

namespace hubland::layers::detail {

namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<double> parse_real(std::string_view text) {
  std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  double v = 0;
  const char* b = t.data();
  if (*b == '+') ++b;
  auto r = std::from_chars(b, t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool geometry_fits(GeometryClass want, OGRwkbGeometryType flat) {
  switch (want) {
    case GeometryClass::Polygon:
      return flat == wkbPolygon || flat == wkbMultiPolygon;
    case GeometryClass::Point:
      return flat == wkbPoint || flat == wkbMultiPoint;
    case GeometryClass::Line:
      return flat == wkbLineString || flat == wkbMultiLineString;
    case GeometryClass::None:
      return true;
  }
  return false;
}

// A text value the layer's code page cannot decode: the feature and field it is in, its first
// bytes, and what to do.
Error undecodable(const Decoder& dec, const char* bytes, Where where) {
  return Error(ErrorKind::Encoding,
               "value is not valid " + dec.encoding() + " (bytes " +
                   hex_bytes(std::string_view(bytes).substr(0, 24)) +
                   "); pass --encoding with the right code page",
               std::move(where));
}

}  // namespace

FeatureRows read_features(OGRLayer* ogr, Role role, const ColumnPlan& plan, Decoder& dec, Table& t,
                          const ProblemLog& log, bool with_geometry) {
  const RoleSchema& sc = schema(role);
  const bool has_geometry = with_geometry && sc.geometry != GeometryClass::None;
  FeatureRows out;
  const GIntBig hint = ogr->GetFeatureCount(FALSE);
  std::size_t capacity = hint > 0 ? static_cast<std::size_t>(hint) : 1024;
  t.resize(capacity, Table::Allocate::Now);  // nearly every column gets values
  // (hash of id, row) of accepted features: duplicates are found after the loop by sorting,
  // which stays cache-friendly at a million ids (a hash table probe per feature did not).
  if (sc.unique_ids) out.id_hashes.reserve(capacity);
  detail::CplCapture capture;  // GDAL errors raised here, while features are checked
  const FieldSpec* id_spec = sc.find(id_column(role));
  // An id no result depends on may be left out: the FID stands in. A required id that is
  // missing as a field is already a stop (plan_columns); its features are not rejected again.
  const bool id_optional = id_spec->requirement == Requirement::Optional;
  const bool check_id = plan.id_given || id_optional;
  const ColumnFeed* id_feed = nullptr;
  for (const auto& feed : plan.feeds)
    if (feed.column == plan.id_col) id_feed = &feed;
  // A required field left empty in a feature rejects it like a bad value (the id has its own
  // check below).
  std::vector<bool> required(plan.feeds.size(), false);
  for (std::size_t k = 0; k < plan.feeds.size(); ++k) {
    const FieldSpec* spec = sc.find(plan.feeds[k].name);
    required[k] = spec && spec->requirement == Requirement::Required && &plan.feeds[k] != id_feed;
  }
  auto missing_value = [&](std::size_t k, const std::string& feature) {
    log.add(Severity::Error, "missing-value", feature, plan.feeds[k].name,
            "required field " + plan.feeds[k].name + " has no value");
  };
  std::string id_text;
  FeaturePrefetch features(ogr);  // GDAL reads ahead on its own thread
  while (true) {
    std::unique_ptr<OGRFeature> f = features.next();
    std::string failure = capture.take_failure();
    if (failure.empty() && !f) failure = features.failure();
    if (!failure.empty()) {
      // Nothing after a failed read can be trusted: the layer ends here.
      log.stop("read-failed",
               Error(ErrorKind::Io,
                     "cannot read feature " + std::to_string(log.report.counts.read + 1) + ": " +
                         failure + " (truncated or corrupt file?)",
                     Where{.file = log.file, .layer = log.layer}));
      break;
    }
    if (!f) break;
    ++log.report.counts.read;
    const GIntBig fid = f->GetFID();
    // The feature's id as the user knows it, for the table and every message about it.
    id_text.clear();
    if (id_feed && f->IsFieldSetAndNotNull(id_feed->source)) {
      if (id_feed->source_type == OFTInteger || id_feed->source_type == OFTInteger64) {
        id_text = std::to_string(f->GetFieldAsInteger64(id_feed->source));
      } else {
        const char* s = f->GetFieldAsString(id_feed->source);
        auto d = dec.try_decode(s);
        if (!d) {
          log.stop("bad-encoding", undecodable(dec, s,
                                               Where{.file = log.file,
                                                     .layer = log.layer,
                                                     .feature = "fid " + std::to_string(fid),
                                                     .field = id_spec->name}));
          ++log.report.counts.rejected;
          continue;
        }
        id_text = trim(*d);
      }
    }
    if (id_text.empty() && id_optional) {
      id_text = "fid " + std::to_string(fid);
      ++out.ids_from_fid;
    }
    auto label = [&] { return id_text.empty() ? "fid " + std::to_string(fid) : id_text; };

    // Geometry first: null/empty are skipped, a wrong type stops the import.
    geo::Wkb wkb;
    if (has_geometry) {
      OGRGeometry* g = f->GetGeometryRef();
      if (!g) {
        ++log.report.counts.skipped;
        log.add(Severity::Warning, "null-geometry", label(), "",
                "feature has no geometry; skipped");
        continue;
      }
      if (g->IsEmpty()) {
        ++log.report.counts.skipped;
        log.add(Severity::Warning, "empty-geometry", label(), "",
                "feature has an empty geometry; skipped");
        continue;
      }
      std::unique_ptr<OGRGeometry> linear;
      if (g->hasCurveGeometry()) {
        linear.reset(g->getLinearGeometry());
        g = linear.get();
      }
      const OGRwkbGeometryType flat = wkbFlatten(g->getGeometryType());
      if (!geometry_fits(sc.geometry, flat) ||
          (flat == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() != 1)) {
        log.stop(
            "wrong-geometry",
            Error(ErrorKind::Geometry,
                  std::string("feature has a ") + OGRGeometryTypeToName(flat) + " geometry; role " +
                      to_string(role) + " needs " + to_string(sc.geometry) + "s",
                  Where{.file = log.file, .layer = log.layer, .feature = label()}));
        ++log.report.counts.rejected;
        continue;
      }
      if (flat == wkbMultiPoint) g = g->toMultiPoint()->getGeometryRef(0);
      g->flattenTo2D();
      OGREnvelope env;
      g->getEnvelope(&env);
      out.extent.expand(geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false});
      wkb.resize(static_cast<std::size_t>(g->WkbSize()));
      g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    }

    // Attributes.
    bool rejected = false;
    if (out.rows == capacity) {
      capacity *= 2;
      t.resize(capacity);
    }
    const std::size_t row = out.rows;
    t.set(row, plan.fid_col, static_cast<std::int64_t>(fid));
    if (!id_text.empty()) t.set(row, plan.id_col, id_text);
    for (std::size_t k = 0; k < plan.feeds.size(); ++k) {
      const auto& feed = plan.feeds[k];
      if (&feed == id_feed) continue;
      if (!f->IsFieldSetAndNotNull(feed.source)) {
        if (required[k]) missing_value(k, label()), rejected = true;
        continue;
      }
      const std::string& fname = feed.name;
      if (feed.type == FieldType::Text) {
        std::string v;
        if (feed.source_type == OFTInteger || feed.source_type == OFTInteger64) {
          v = std::to_string(f->GetFieldAsInteger64(feed.source));
        } else {
          const char* s = f->GetFieldAsString(feed.source);
          auto d = dec.try_decode(s);
          if (!d) {
            log.stop("bad-encoding", undecodable(dec, s,
                                                 Where{.file = log.file,
                                                       .layer = log.layer,
                                                       .feature = label(),
                                                       .field = fname}));
            rejected = true;
            continue;
          }
          v = std::move(*d);
        }
        if (feed.enumerated) {
          auto e = normalise_enum(fname, v, role);
          if (!e) {
            log.add(Severity::Error, "bad-value", label(), fname,
                    "'" + v + "' is not one of: " + enum_keys(fname, role));
            rejected = true;
            continue;
          }
          v = *e;
        }
        t.set(row, feed.column, std::move(v));
        continue;
      }
      double v = 0;
      if (feed.source_type == OFTInteger || feed.source_type == OFTInteger64) {
        v = static_cast<double>(f->GetFieldAsInteger64(feed.source));
      } else if (feed.source_type == OFTReal) {
        v = f->GetFieldAsDouble(feed.source);
      } else {
        const char* s = f->GetFieldAsString(feed.source);
        if (trim(s).empty()) {  // blank = not given
          if (required[k]) missing_value(k, label()), rejected = true;
          continue;
        }
        auto p = parse_real(s);
        if (!p) {
          std::string shown = dec.try_decode(s).value_or(hex_bytes(s));
          log.add(Severity::Error, "text-in-number", label(), fname,
                  "'" + shown + "' is not a number");
          rejected = true;
          continue;
        }
        v = *p;
      }
      if ((feed.range == Range::NonNegative || feed.range == Range::Fraction) && v < 0) {
        log.add(Severity::Error, "negative-value", label(), fname,
                "negative value " + as_text(Value{v}) + " where the field cannot be negative");
        rejected = true;
        continue;
      }
      if (feed.range == Range::Fraction && v > 1) {
        log.add(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " is not a fraction between 0 and 1");
        rejected = true;
        continue;
      }
      if (feed.range == Range::Positive && v <= 0) {
        log.add(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " must be positive");
        rejected = true;
        continue;
      }
      if (feed.type == FieldType::Integer) {
        if (v != std::floor(v)) {
          log.add(Severity::Error, "not-integer", label(), fname,
                  "value " + as_text(Value{v}) + " is not a whole number");
          rejected = true;
          continue;
        }
        // 2^63: a whole number past the 64-bit range cannot be stored (fuzzing found 1e+127).
        if (v < -9223372036854775808.0 || v >= 9223372036854775808.0) {
          log.add(Severity::Error, "out-of-range", label(), fname,
                  "value " + as_text(Value{v}) + " is too large for a whole number");
          rejected = true;
          continue;
        }
        t.set(row, feed.column, static_cast<std::int64_t>(v));
      } else {
        t.set(row, feed.column, v);
      }
    }
    // The id: present, and unique where the role says so.
    if (id_text.empty()) {
      if (check_id) {
        log.add(Severity::Error, "missing-id", label(), id_column(role), "feature has no id");
        rejected = true;
      }
    } else if (sc.unique_ids && !rejected) {
      out.id_hashes.emplace_back(std::hash<std::string>{}(id_text), row);
    }
    if (rejected) {
      ++log.report.counts.rejected;
      for (std::size_t c = 0; c < t.column_count(); ++c) t.set_null(row, c);
      continue;
    }
    ++out.rows;
    if (has_geometry) out.geometry.push_back(std::move(wkb));
  }
  t.resize(out.rows);
  return out;
}

}  // namespace hubland::layers::detail

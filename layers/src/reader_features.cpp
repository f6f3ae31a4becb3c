// Per-feature decoding for read_layer: attributes into the table (decoded, validated against
// the role), geometry as 2D WKB in the source CRS. The features come from GDAL (any source) or,
// for a GeoPackage feature table, from its rows read with SQLite (gpkg_rows.hpp); one set of
// checks serves both.
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string_view>

#include "feature_prefetch.hpp"
#include "gpkg_rows.hpp"
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

/// A feature's geometry as the reader keeps it.
struct FeatureGeometry {
  enum class Status : std::uint8_t { Ok, Null, Empty, WrongType };
  Status status = Status::Ok;
  geo::Wkb wkb;               ///< 2D little-endian ISO WKB (Ok)
  geo::Envelope extent;       ///< (Ok)
  OGRwkbGeometryType type{};  ///< the flat type found (WrongType)
};

/// What the reader asks of a feature that GDAL read.
class OgrFeatureView {
 public:
  explicit OgrFeatureView(OGRFeature& f) : m_f(f) {}
  std::int64_t fid() const { return m_f.GetFID(); }
  bool has(int field) const { return m_f.IsFieldSetAndNotNull(field); }
  std::int64_t integer(int field) const { return m_f.GetFieldAsInteger64(field); }
  double real(int field) const { return m_f.GetFieldAsDouble(field); }
  const char* text(int field) const { return m_f.GetFieldAsString(field); }
  FeatureGeometry geometry(GeometryClass want) const {
    FeatureGeometry out;
    OGRGeometry* g = m_f.GetGeometryRef();
    if (!g || g->IsEmpty()) {
      out.status = g ? FeatureGeometry::Status::Empty : FeatureGeometry::Status::Null;
      return out;
    }
    std::unique_ptr<OGRGeometry> linear;
    if (g->hasCurveGeometry()) {
      linear.reset(g->getLinearGeometry());
      g = linear.get();
    }
    const OGRwkbGeometryType flat = wkbFlatten(g->getGeometryType());
    if (!geometry_fits(want, flat) ||
        (flat == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() != 1)) {
      out.status = FeatureGeometry::Status::WrongType;
      out.type = flat;
      return out;
    }
    if (flat == wkbMultiPoint) g = g->toMultiPoint()->getGeometryRef(0);
    g->flattenTo2D();
    OGREnvelope env;
    g->getEnvelope(&env);
    out.extent = geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false};
    out.wkb.resize(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, out.wkb.data(), wkbVariantIso);
    return out;
  }

 private:
  OGRFeature& m_f;
};

/// What the reader asks of a GeoPackage row read with SQLite: the same answers as GDAL's
/// feature of that row would give (the reader asks integers of integer fields, reals of real
/// ones and text of text ones; GpkgRows::open admits no other field types).
class GpkgRowView {
 public:
  GpkgRowView(const GpkgRows& rows, const GpkgRowBatch& batch, std::size_t row, std::size_t fields)
      : m_rows(rows), m_batch(batch), m_row(row), m_cells(batch.cells.data() + row * fields) {}
  std::int64_t fid() const { return m_batch.fids[m_row]; }
  bool has(int field) const { return cell(field).kind != GpkgRowBatch::Kind::Null; }
  std::int64_t integer(int field) const { return cell(field).integer; }
  double real(int field) const { return cell(field).real; }
  const char* text(int field) const { return m_batch.bytes.data() + cell(field).text_at; }
  FeatureGeometry geometry(GeometryClass) const {
    FeatureGeometry out;
    const auto* at =
        reinterpret_cast<const std::uint8_t*>(m_batch.bytes.data()) + m_batch.wkb_at[m_row];
    out.wkb.assign(at, at + m_batch.wkb_size[m_row]);
    out.extent = m_batch.extents[m_row];
    return out;
  }

 private:
  const GpkgRowBatch::Cell& cell(int field) const { return m_cells[m_rows.slot(field)]; }
  const GpkgRows& m_rows;
  const GpkgRowBatch& m_batch;
  std::size_t m_row;
  const GpkgRowBatch::Cell* m_cells;
};

/// Rows read before the text columns are given room for the whole layer (Table::reserve_text).
constexpr std::size_t kTextSampleRows = 4096;

/// The checks of one feature after another, into the table and the rows kept.
class FeatureTaker {
 public:
  FeatureTaker(Role role, const ColumnPlan& plan, Decoder& dec, Table& t, const ProblemLog& log,
               bool with_geometry, std::size_t capacity)
      : m_sc(schema(role)),
        m_role(role),
        m_plan(plan),
        m_dec(dec),
        m_t(t),
        m_log(log),
        m_has_geometry(with_geometry && m_sc.geometry != GeometryClass::None),
        m_capacity(capacity) {
    // The columns the source fills get their memory up front, on every core; the role's
    // other columns (a third of the parcels' at the benchmark) stay without any.
    t.allocate(plan.fid_col);
    t.allocate(plan.id_col);
    for (const auto& feed : plan.feeds) t.allocate(feed.column);
    t.resize(m_capacity);
    // (hash of id, row) of accepted features: duplicates are found after the loop by sorting,
    // which stays cache-friendly at a million ids (a hash table probe per feature did not).
    if (m_sc.unique_ids) m_out.id_hashes.reserve(m_capacity);
    m_id_spec = m_sc.find(id_column(role));
    // An id no result depends on may be left out: the FID stands in. A required id that is
    // missing as a field is already a stop (plan_columns); its features are not rejected again.
    m_id_optional = m_id_spec->requirement == Requirement::Optional;
    m_check_id = plan.id_given || m_id_optional;
    for (const auto& feed : plan.feeds)
      if (feed.column == plan.id_col) m_id_feed = &feed;
    // A required field left empty in a feature rejects it like a bad value (the id has its own
    // check below).
    m_required.assign(plan.feeds.size(), false);
    for (std::size_t k = 0; k < plan.feeds.size(); ++k) {
      const FieldSpec* spec = m_sc.find(plan.feeds[k].name);
      m_required[k] =
          spec && spec->requirement == Requirement::Required && &plan.feeds[k] != m_id_feed;
    }
  }

  /// GDAL's read failed: nothing after it can be trusted, the layer ends here.
  void read_failed(const std::string& failure) {
    m_log.stop("read-failed",
               Error(ErrorKind::Io,
                     "cannot read feature " + std::to_string(m_log.report.counts.read + 1) + ": " +
                         failure + " (truncated or corrupt file?)",
                     Where{.file = m_log.file, .layer = m_log.layer}));
  }

  template <typename Feature>
  void take(const Feature& f);

  FeatureRows& rows() { return m_out; }
  FeatureRows finish() {
    m_t.resize(m_out.rows);
    return std::move(m_out);
  }

 private:
  void missing_value(std::size_t k, const std::string& feature) {
    m_log.add(Severity::Error, "missing-value", feature, m_plan.feeds[k].name,
              "required field " + m_plan.feeds[k].name + " has no value");
  }
  template <typename Feature>
  bool take_attributes(const Feature& f, std::size_t row);
  /// The current feature as messages name it: its id, else "fid N" (made only for a message).
  const std::string& label() {
    if (!m_id_text.empty()) return m_id_text;
    m_label = "fid " + std::to_string(m_fid);
    return m_label;
  }

  const RoleSchema& m_sc;
  Role m_role;
  const ColumnPlan& m_plan;
  Decoder& m_dec;
  Table& m_t;
  const ProblemLog& m_log;
  bool m_has_geometry;
  std::size_t m_capacity;
  FeatureRows m_out;
  const FieldSpec* m_id_spec = nullptr;
  bool m_id_optional = false;
  bool m_check_id = false;
  const ColumnFeed* m_id_feed = nullptr;
  std::vector<bool> m_required;
  std::int64_t m_fid = 0;  ///< of the current feature
  std::string m_id_text;
  std::string m_label;
};

template <typename Feature>
void FeatureTaker::take(const Feature& f) {
  ++m_log.report.counts.read;
  const std::int64_t fid = m_fid = f.fid();
  // The feature's id as the user knows it, for the table and every message about it.
  m_id_text.clear();
  if (m_id_feed && f.has(m_id_feed->source)) {
    if (m_id_feed->source_type == OFTInteger || m_id_feed->source_type == OFTInteger64) {
      m_id_text = std::to_string(f.integer(m_id_feed->source));
    } else {
      const char* s = f.text(m_id_feed->source);
      auto d = m_dec.try_decode(s);
      if (!d) {
        m_log.stop("bad-encoding", undecodable(m_dec, s,
                                               Where{.file = m_log.file,
                                                     .layer = m_log.layer,
                                                     .feature = "fid " + std::to_string(fid),
                                                     .field = m_id_spec->name}));
        ++m_log.report.counts.rejected;
        return;
      }
      m_id_text = trim(*d);
    }
  }
  if (m_id_text.empty() && m_id_optional) {
    m_id_text = "fid " + std::to_string(fid);
    ++m_out.ids_from_fid;
  }

  // Geometry first: null/empty are skipped, a wrong type stops the import.
  FeatureGeometry geometry;
  if (m_has_geometry) {
    geometry = f.geometry(m_sc.geometry);
    switch (geometry.status) {
      case FeatureGeometry::Status::Null:
        ++m_log.report.counts.skipped;
        m_log.add(Severity::Warning, "null-geometry", label(), "",
                  "feature has no geometry; skipped");
        return;
      case FeatureGeometry::Status::Empty:
        ++m_log.report.counts.skipped;
        m_log.add(Severity::Warning, "empty-geometry", label(), "",
                  "feature has an empty geometry; skipped");
        return;
      case FeatureGeometry::Status::WrongType:
        m_log.stop("wrong-geometry",
                   Error(ErrorKind::Geometry,
                         std::string("feature has a ") + OGRGeometryTypeToName(geometry.type) +
                             " geometry; role " + to_string(m_role) + " needs " +
                             to_string(m_sc.geometry) + "s",
                         Where{.file = m_log.file, .layer = m_log.layer, .feature = label()}));
        ++m_log.report.counts.rejected;
        return;
      case FeatureGeometry::Status::Ok:
        m_out.extent.expand(geometry.extent);
    }
  }

  if (m_out.rows == m_capacity) {
    m_capacity *= 2;
    m_t.resize(m_capacity);
  }
  const std::size_t row = m_out.rows;
  m_t.set(row, m_plan.fid_col, fid);
  if (!m_id_text.empty()) m_t.set(row, m_plan.id_col, m_id_text);
  bool rejected = !take_attributes(f, row);
  // The id: present, and unique where the role says so.
  if (m_id_text.empty()) {
    if (m_check_id) {
      m_log.add(Severity::Error, "missing-id", label(), id_column(m_role), "feature has no id");
      rejected = true;
    }
  } else if (m_sc.unique_ids && !rejected) {
    m_out.id_hashes.emplace_back(std::hash<std::string>{}(m_id_text), row);
  }
  if (rejected) {
    ++m_log.report.counts.rejected;
    for (std::size_t c = 0; c < m_t.column_count(); ++c) m_t.set_null(row, c);
    return;
  }
  ++m_out.rows;
  if (m_has_geometry) m_out.geometry.push_back(std::move(geometry.wkb));
  // Room for the texts of the whole layer, estimated from its first rows.
  if (m_out.rows == kTextSampleRows && m_capacity >= 4 * kTextSampleRows)
    m_t.reserve_text(m_out.rows, m_capacity);
}

// The feature's attributes into `row`; false when a value rejects the feature (reported).
template <typename Feature>
bool FeatureTaker::take_attributes(const Feature& f, std::size_t row) {
  bool accepted = true;
  for (std::size_t k = 0; k < m_plan.feeds.size(); ++k) {
    const auto& feed = m_plan.feeds[k];
    if (&feed == m_id_feed) continue;
    if (!f.has(feed.source)) {
      if (m_required[k]) missing_value(k, label()), accepted = false;
      continue;
    }
    const std::string& fname = feed.name;
    if (feed.type == FieldType::Text) {
      std::string v;
      if (feed.source_type == OFTInteger || feed.source_type == OFTInteger64) {
        v = std::to_string(f.integer(feed.source));
      } else {
        const char* s = f.text(feed.source);
        auto d = m_dec.try_decode(s);
        if (!d) {
          m_log.stop("bad-encoding", undecodable(m_dec, s,
                                                 Where{.file = m_log.file,
                                                       .layer = m_log.layer,
                                                       .feature = label(),
                                                       .field = fname}));
          accepted = false;
          continue;
        }
        v = std::move(*d);
      }
      if (feed.enumerated) {
        auto e = normalise_enum(fname, v, m_role);
        if (!e) {
          m_log.add(Severity::Error, "bad-value", label(), fname,
                    "'" + v + "' is not one of: " + enum_keys(fname, m_role));
          accepted = false;
          continue;
        }
        v = *e;
      }
      m_t.set(row, feed.column, std::move(v));
      continue;
    }
    double v = 0;
    if (feed.source_type == OFTInteger || feed.source_type == OFTInteger64) {
      v = static_cast<double>(f.integer(feed.source));
    } else if (feed.source_type == OFTReal) {
      v = f.real(feed.source);
    } else {
      const char* s = f.text(feed.source);
      if (trim(s).empty()) {  // blank = not given
        if (m_required[k]) missing_value(k, label()), accepted = false;
        continue;
      }
      auto p = parse_real(s);
      if (!p) {
        std::string shown = m_dec.try_decode(s).value_or(hex_bytes(s));
        m_log.add(Severity::Error, "text-in-number", label(), fname,
                  "'" + shown + "' is not a number");
        accepted = false;
        continue;
      }
      v = *p;
    }
    if ((feed.range == Range::NonNegative || feed.range == Range::Fraction) && v < 0) {
      m_log.add(Severity::Error, "negative-value", label(), fname,
                "negative value " + as_text(Value{v}) + " where the field cannot be negative");
      accepted = false;
      continue;
    }
    if (feed.range == Range::Fraction && v > 1) {
      m_log.add(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " is not a fraction between 0 and 1");
      accepted = false;
      continue;
    }
    if (feed.range == Range::Positive && v <= 0) {
      m_log.add(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " must be positive");
      accepted = false;
      continue;
    }
    if (feed.type == FieldType::Integer) {
      if (v != std::floor(v)) {
        m_log.add(Severity::Error, "not-integer", label(), fname,
                  "value " + as_text(Value{v}) + " is not a whole number");
        accepted = false;
        continue;
      }
      // 2^63: a whole number past the 64-bit range cannot be stored (fuzzing found 1e+127).
      if (v < -9223372036854775808.0 || v >= 9223372036854775808.0) {
        m_log.add(Severity::Error, "out-of-range", label(), fname,
                  "value " + as_text(Value{v}) + " is too large for a whole number");
        accepted = false;
        continue;
      }
      m_t.set(row, feed.column, static_cast<std::int64_t>(v));
    } else {
      m_t.set(row, feed.column, v);
    }
  }
  return accepted;
}

// Whether the GeoPackage rows can stand for GDAL's features: GetFieldAsString of a real field
// is GDAL's own formatting, so a real read as text goes through GDAL.
bool rows_can_stand_in(const ColumnPlan& plan) {
  for (const auto& feed : plan.feeds)
    if (feed.source_type == OFTReal && feed.type == FieldType::Text) return false;
  return true;
}

}  // namespace

FeatureRows read_features(OGRLayer* ogr, const FeatureSource& source, Role role,
                          const ColumnPlan& plan, Decoder& dec, Table& t, const ProblemLog& log,
                          bool with_geometry) {
  const GIntBig hint = ogr->GetFeatureCount(FALSE);
  FeatureTaker taker(role, plan, dec, t, log, with_geometry,
                     hint > 0 ? static_cast<std::size_t>(hint) : 1024);
  detail::CplCapture capture;  // GDAL errors raised here, while features are checked
  const GeometryClass geometry = with_geometry ? schema(role).geometry : GeometryClass::None;
  std::unique_ptr<GpkgRows> rows;
  if (source.driver == "GPKG" && source.gpkg_with_sqlite && rows_can_stand_in(plan)) {
    std::vector<int> fields;
    for (const auto& feed : plan.feeds) fields.push_back(feed.source);
    rows = GpkgRows::open(source.path, ogr, fields, geometry);
  }
  if (rows) {
    taker.rows().with_sqlite = true;
    while (const GpkgRowBatch* batch = rows->next()) {
      const std::size_t cells = batch->size() ? batch->cells.size() / batch->size() : 0;
      for (std::size_t i = 0; i < batch->size(); ++i) {
        if (!batch->through_gdal[i]) {
          taker.take(GpkgRowView(*rows, *batch, i, cells));
          continue;
        }
        // Not plain: GDAL reads this one feature, with its own conversions and messages.
        ++taker.rows().through_gdal;
        std::unique_ptr<OGRFeature> f(ogr->GetFeature(batch->fids[i]));
        std::string failure = capture.take_failure();
        if (failure.empty() && !f)
          failure = "GDAL returned no feature for fid " + std::to_string(batch->fids[i]);
        if (!failure.empty()) {
          taker.read_failed(failure);
          return taker.finish();
        }
        taker.take(OgrFeatureView(*f));
      }
    }
    if (!rows->failure().empty()) taker.read_failed(rows->failure());
    return taker.finish();
  }
  FeaturePrefetch features(ogr);  // GDAL reads ahead on its own thread
  while (true) {
    std::unique_ptr<OGRFeature> f = features.next();
    std::string failure = capture.take_failure();
    if (failure.empty() && !f) failure = features.failure();
    if (!failure.empty()) {
      taker.read_failed(failure);
      break;
    }
    if (!f) break;
    taker.take(OgrFeatureView(*f));
  }
  return taker.finish();
}

}  // namespace hubland::layers::detail

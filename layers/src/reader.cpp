#include "hubland/layers/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/schema.hpp"
#include "hubland/layers/sink.hpp"
#include "source.hpp"

namespace hubland::layers {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "info";
}

bool ImportReport::has_errors() const noexcept {
  for (const auto& p : problems)
    if (p.severity == Severity::Error) return true;
  return false;
}

namespace {

// ---- WKB coordinates -----------------------------------------------------------------------

// Byte offsets of every XY pair in a 2D little-endian ISO WKB (what OGR exports after
// flattenTo2D); lets us transform all coordinates of a geometry in one PROJ call.
bool collect_xy(const geo::Wkb& w, std::size_t& pos, std::vector<std::size_t>& offsets) {
  auto u32 = [&](std::uint32_t& v) {
    if (pos + 4 > w.size()) return false;
    std::memcpy(&v, w.data() + pos, 4);
    pos += 4;
    return true;
  };
  if (pos + 1 > w.size() || w[pos] != 1) return false;  // NDR only
  ++pos;
  std::uint32_t type = 0;
  if (!u32(type)) return false;
  auto points = [&](std::uint32_t n) {
    if (pos + std::size_t(n) * 16 > w.size()) return false;
    for (std::uint32_t i = 0; i < n; ++i, pos += 16) offsets.push_back(pos);
    return true;
  };
  switch (type) {
    case 1:
      return points(1);
    case 2: {
      std::uint32_t n;
      return u32(n) && points(n);
    }
    case 3: {
      std::uint32_t rings;
      if (!u32(rings)) return false;
      for (std::uint32_t r = 0; r < rings; ++r) {
        std::uint32_t n;
        if (!u32(n) || !points(n)) return false;
      }
      return true;
    }
    case 4:
    case 5:
    case 6:
    case 7: {
      std::uint32_t parts;
      if (!u32(parts)) return false;
      for (std::uint32_t i = 0; i < parts; ++i)
        if (!collect_xy(w, pos, offsets)) return false;
      return true;
    }
    default:
      return false;
  }
}

void transform_wkb(geo::Wkb& w, const geo::Transformer& tr, std::vector<std::size_t>& offsets,
                   std::vector<double>& xs, std::vector<double>& ys) {
  offsets.clear();
  std::size_t pos = 0;
  if (!collect_xy(w, pos, offsets))
    throw Error(ErrorKind::Internal, "unexpected WKB layout while reprojecting");
  xs.resize(offsets.size());
  ys.resize(offsets.size());
  std::size_t n = 0;
  for (std::size_t off : offsets) {
    double x, y;
    std::memcpy(&x, w.data() + off, 8);
    std::memcpy(&y, w.data() + off + 8, 8);
    if (std::isnan(x)) continue;  // empty point
    xs[n] = x;
    ys[n] = y;
    offsets[n++] = off;
  }
  if (n == 0) return;
  tr.transform(xs.data(), ys.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    std::memcpy(w.data() + offsets[i], &xs[i], 8);
    std::memcpy(w.data() + offsets[i] + 8, &ys[i], 8);
  }
}

// ---- attributes ----------------------------------------------------------------------------

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

// How one output column is fed.
struct ColumnFeed {
  std::size_t column = 0;  // in the output table
  int source = -1;         // OGR field index
  FieldType type = FieldType::Text;
  OGRFieldType source_type = OFTString;
  Range range = Range::Any;
  std::string name;  // canonical (or carried) name
  bool enumerated = false;
};

struct GeomResult {
  enum class Status : std::uint8_t { Ok, Repaired, Skipped, Failed };
  geo::Wkb wkb;
  double area_m2 = 0;
  Status status = Status::Ok;
  ErrorKind error_kind = ErrorKind::Geometry;
  std::string note;  // GEOS's reason (Repaired), why (Skipped), the message (Failed)
};

// Reprojection, validation/repair and area of every geometry, on worker threads, while the
// main thread is still reading features. Chunks keep their input order, so the result does not
// depend on the thread count.
class GeometryPipeline {
 public:
  static constexpr std::size_t kChunk = 4096;

  GeometryPipeline(bool polygonal, OnInvalid on_invalid, int threads)
      : m_polygonal(polygonal), m_on_invalid(on_invalid) {
    const unsigned hw = std::thread::hardware_concurrency();
    m_threads = threads > 0 ? static_cast<std::size_t>(threads) : (hw ? hw : 1);
  }
  ~GeometryPipeline() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
      m_abandon = true;
    }
    m_wake.notify_all();
    for (auto& t : m_pool) t.join();
  }

  /// Starts the workers (the main thread joins in at finish()); leaves one core to the reader.
  void start(const std::string& source_crs, int working_epsg) {
    m_source_crs = source_crs;
    m_target_crs = "EPSG:" + std::to_string(working_epsg);
    m_started = true;
    const std::size_t workers = std::max<std::size_t>(1, m_threads - 1);
    for (std::size_t k = 0; k < workers; ++k) m_pool.emplace_back([this] { run(); });
  }
  bool started() const noexcept { return m_started; }

  void push(geo::Wkb wkb) {
    if (!m_open) m_open = std::make_unique<Chunk>();
    m_open->raw.push_back(std::move(wkb));
    if (m_open->raw.size() == kChunk) flush();
  }

  /// Waits for every geometry; returns the results in push order.
  std::vector<GeomResult> finish() {
    flush();
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_wake.notify_all();
    run();  // the reading thread helps with what is left
    for (auto& t : m_pool) t.join();
    m_pool.clear();
    for (auto& e : m_errors)
      if (e) std::rethrow_exception(e);
    std::vector<GeomResult> out;
    std::size_t n = 0;
    for (auto& c : m_chunks) n += c->results.size();
    out.reserve(n);
    for (auto& c : m_chunks)
      for (auto& r : c->results) out.push_back(std::move(r));
    m_chunks.clear();
    return out;
  }

 private:
  struct Chunk {
    std::vector<geo::Wkb> raw;
    std::vector<GeomResult> results;
  };

  void flush() {
    if (!m_open || m_open->raw.empty()) return;
    {
      std::lock_guard lock(m_mutex);
      m_chunks.push_back(std::move(m_open));
      m_queue.push_back(m_chunks.back().get());
    }
    m_wake.notify_one();
  }

  void run() {
    std::optional<geo::Transformer> tr;  // one per thread: it owns a PROJ context
    std::vector<std::size_t> offsets;
    std::vector<double> xs, ys;
    try {
      while (true) {
        Chunk* c = nullptr;
        {
          std::unique_lock lock(m_mutex);
          m_wake.wait(lock, [&] { return !m_queue.empty() || m_closed || !m_started; });
          if (m_abandon || m_queue.empty()) return;
          c = m_queue.front();
          m_queue.pop_front();
        }
        if (!tr) tr.emplace(m_source_crs, m_target_crs);
        c->results.resize(c->raw.size());
        for (std::size_t i = 0; i < c->raw.size(); ++i)
          process(c->raw[i], c->results[i], *tr, offsets, xs, ys);
        c->raw.clear();
        c->raw.shrink_to_fit();
      }
    } catch (...) {
      std::lock_guard lock(m_mutex);
      m_errors.push_back(std::current_exception());
      m_abandon = true;
      m_closed = true;
      m_wake.notify_all();
    }
  }

  void process(geo::Wkb& raw, GeomResult& r, const geo::Transformer& tr,
               std::vector<std::size_t>& offsets, std::vector<double>& xs,
               std::vector<double>& ys) const {
    try {
      transform_wkb(raw, tr, offsets, xs, ys);
      r.wkb = std::move(raw);
      if (!m_polygonal) return;
      geo::GeomPtr g = geo::from_wkb(r.wkb);
      std::string reason = geo::invalid_reason(g.get());
      if (!reason.empty()) {
        if (m_on_invalid == OnInvalid::Fail) {
          r.status = GeomResult::Status::Failed;
          r.note = "invalid geometry: " + reason;
          return;
        }
        if (m_on_invalid == OnInvalid::Skip) {
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

  bool m_polygonal;
  OnInvalid m_on_invalid;
  std::size_t m_threads = 1;
  std::string m_source_crs, m_target_crs;
  bool m_started = false;
  std::unique_ptr<Chunk> m_open;
  std::vector<std::unique_ptr<Chunk>> m_chunks;  // in push order
  std::deque<Chunk*> m_queue;
  std::vector<std::exception_ptr> m_errors;
  bool m_closed = false;
  bool m_abandon = false;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::vector<std::thread> m_pool;
};

// Copy the kept rows of a table (when geometry processing dropped some).
Table compact(const Table& in, const std::vector<bool>& keep) {
  Table out;
  for (const auto& c : in.columns()) out.add_column(c.name, c.type, c.unit);
  std::size_t kept = 0;
  for (bool k : keep) kept += k;
  out.resize(kept);
  std::size_t r = 0;
  for (std::size_t i = 0; i < in.row_count(); ++i) {
    if (!keep[i]) continue;
    for (std::size_t c = 0; c < in.column_count(); ++c)
      if (!in.null_at(i, c)) out.set(r, c, in.get(i, c));
    ++r;
  }
  return out;
}

}  // namespace

Layer read_layer(const std::string& source, Role role, const ReadOptions& options,
                 ImportReport& report) {
  const RoleSchema& sc = schema(role);
  detail::Source src = detail::open_source(source);
  OGRLayer* ogr = detail::pick_layer(src, to_string(role));
  const std::string file = src.path;
  const std::string lname = ogr->GetName();
  report.source = source;
  report.layer_name = lname;
  auto problem = [&](Severity sev, const char* code, const std::string& feature,
                     const std::string& field, const std::string& msg) {
    report.problems.push_back({sev, code, file, lname, feature, field, msg});
  };

  // Encoding and field names.
  detail::LayerEncoding enc = detail::decide_encoding(src, ogr, options.encoding);
  report.encoding = enc.decision.encoding;
  report.encoding_source = to_string(enc.decision.source);
  report.encoding_explanation = enc.decision.explanation;
  for (auto& p : enc.problems) report.problems.push_back(std::move(p));
  Decoder dec(enc.decision.encoding);
  std::vector<std::string> names = detail::decode_field_names(ogr, dec, file, &report.problems);

  const FieldAliases aliases = FieldAliases::load(options.aliases_file.value_or(""));
  std::vector<int> unmapped;
  std::vector<FieldBinding> bindings =
      bind_fields(role, names, aliases, options.field_map, &unmapped);
  for (const auto& f : sc.fields) {
    if (f.requirement != Requirement::Required) continue;
    bool ok = false;
    for (const auto& b : bindings) ok = ok || b.canonical == f.name;
    if (!ok) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw Error(ErrorKind::Schema,
                  std::string("required field ") + f.name + " of role " + to_string(role) +
                      " is missing (fields: " + list + "); name the source field with --map " +
                      f.name + "=FIELD or add an alias",
                  Where{.file = file, .layer = lname, .field = f.name});
    }
  }

  // Output columns: fid, the role's fields, carried fields, then area for polygon roles.
  Layer layer;
  layer.role = role;
  layer.source = source;
  layer.layer_name = lname;
  Table& t = layer.attributes;
  const std::size_t fid_col = t.add_column("fid", FieldType::Integer);
  OGRFeatureDefn* defn = ogr->GetLayerDefn();
  std::vector<ColumnFeed> feeds;
  std::size_t id_col = 0;
  for (const auto& f : sc.fields) {
    const std::size_t c = t.add_column(f.name, f.type, f.unit);
    if (std::string(f.name) == id_column(role)) id_col = c;
    for (const auto& b : bindings)
      if (b.canonical == f.name)
        feeds.push_back({c, b.source_index, f.type, defn->GetFieldDefn(b.source_index)->GetType(),
                         f.range, f.name, !enum_keys(f.name).empty()});
  }
  const bool polygonal = sc.geometry == GeometryClass::Polygon;
  const bool has_geometry = sc.geometry != GeometryClass::None;
  for (int i : unmapped) {
    const std::string& n = names[static_cast<std::size_t>(i)];
    if (t.find(n) || n == "area_m2" || n == "area_mu") {
      problem(Severity::Info, "field-not-carried", "", n,
              "source field '" + n + "' clashes with a HubLand column and is not carried");
      continue;
    }
    const OGRFieldType ot = defn->GetFieldDefn(i)->GetType();
    const FieldType ft = (ot == OFTInteger || ot == OFTInteger64) ? FieldType::Integer
                         : ot == OFTReal                          ? FieldType::Real
                                                                  : FieldType::Text;
    feeds.push_back({t.add_column(n, ft), i, ft, ot, Range::Any, n, false});
  }
  std::size_t area_col = 0, mu_col = 0;
  if (polygonal) {
    area_col = t.add_column("area_m2", FieldType::Real, "m2");
    mu_col = t.add_column("area_mu", FieldType::Real, "mu");
  }

  // CRS (needed before any geometry work).
  detail::LayerCrs crs;
  const bool source_has_geometry = ogr->GetGeomType() != wkbNone;
  if (has_geometry) {
    if (!source_has_geometry)
      throw Error(ErrorKind::Geometry,
                  std::string("the layer has no geometry; role ") + to_string(role) + " needs " +
                      to_string(sc.geometry) + "s",
                  Where{.file = file, .layer = lname});
    crs = detail::layer_crs(src, ogr, options.assume_crs);
    if (!crs.present)
      throw Error(ErrorKind::Crs,
                  "the layer has no CRS (no .prj or CRS in the source): pass --assume-crs "
                  "EPSG:<code> if you know it",
                  Where{.file = file, .layer = lname});
    report.source_crs = crs.name + (crs.epsg ? " (EPSG:" + std::to_string(crs.epsg) + ")" : "");
    report.crs_source = crs.origin;
  }

  // The working CRS, decided up front when the source knows its extent cheaply (GPKG,
  // shapefile headers) so that reprojection runs on worker threads while features are read.
  GeometryPipeline pipeline(polygonal, options.on_invalid, options.threads);
  int working = options.working_epsg.value_or(0);
  auto choose_working = [&](const geo::Envelope& extent) {
    detail::check_extent(crs, extent, file);
    if (working == 0) {
      const geo::Envelope ll = detail::to_wgs84(crs, extent);
      if (ll.empty)
        throw Error(ErrorKind::Crs, "cannot place the layer on the globe to choose a working CRS",
                    Where{.file = file, .layer = lname});
      working = geo::gk3_epsg_for_lon((ll.min_x + ll.max_x) / 2);
    }
  };
  if (has_geometry) {
    OGREnvelope env;
    if (ogr->GetExtent(&env, FALSE) == OGRERR_NONE && env.IsInit()) {
      choose_working(geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false});
      pipeline.start(crs.definition, working);
    }
  }

  // Read features: attributes straight into the table, geometry as raw 2D WKB.
  geo::Envelope extent;
  const GIntBig hint = ogr->GetFeatureCount(FALSE);
  std::size_t capacity = hint > 0 ? static_cast<std::size_t>(hint) : 1024;
  t.resize(capacity);
  // (hash of id, row) of accepted features: duplicates are found after the loop by sorting,
  // which stays cache-friendly at a million ids (a hash table probe per feature did not).
  std::vector<std::pair<std::uint64_t, std::size_t>> id_hashes;
  if (sc.unique_ids) id_hashes.reserve(capacity);
  std::size_t rows = 0;
  detail::CplCapture capture;
  ogr->ResetReading();
  const FieldSpec* id_spec = sc.find(id_column(role));
  const ColumnFeed* id_feed = nullptr;
  for (const auto& feed : feeds)
    if (feed.column == id_col) id_feed = &feed;
  std::string id_text;
  while (true) {
    std::unique_ptr<OGRFeature> f(ogr->GetNextFeature());
    if (std::string failure = capture.take_failure(); !failure.empty())
      throw Error(ErrorKind::Io,
                  "cannot read feature " + std::to_string(report.counts.read + 1) + ": " + failure +
                      " (truncated or corrupt file?)",
                  Where{.file = file, .layer = lname});
    if (!f) break;
    ++report.counts.read;
    const GIntBig fid = f->GetFID();
    // The feature's id as the user knows it, for the table and every message about it.
    id_text.clear();
    if (id_feed && f->IsFieldSetAndNotNull(id_feed->source)) {
      if (id_feed->source_type == OFTInteger || id_feed->source_type == OFTInteger64) {
        id_text = std::to_string(f->GetFieldAsInteger64(id_feed->source));
      } else {
        const char* s = f->GetFieldAsString(id_feed->source);
        auto d = dec.try_decode(s);
        if (!d)
          throw Error(ErrorKind::Encoding,
                      "value is not valid " + dec.encoding() + " (bytes " +
                          hex_bytes(std::string_view(s).substr(0, 24)) +
                          "); pass --encoding with the right code page",
                      Where{.file = file,
                            .layer = lname,
                            .feature = "fid " + std::to_string(fid),
                            .field = id_spec->name});
        id_text = trim(*d);
      }
    }
    auto label = [&] { return id_text.empty() ? "fid " + std::to_string(fid) : id_text; };

    // Geometry first: null/empty are skipped, a wrong type stops the import.
    geo::Wkb wkb;
    if (has_geometry) {
      OGRGeometry* g = f->GetGeometryRef();
      if (!g) {
        ++report.counts.skipped;
        problem(Severity::Warning, "null-geometry", label(), "",
                "feature has no geometry; skipped");
        continue;
      }
      if (g->IsEmpty()) {
        ++report.counts.skipped;
        problem(Severity::Warning, "empty-geometry", label(), "",
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
          (flat == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() != 1))
        throw Error(ErrorKind::Geometry,
                    std::string("feature has a ") + OGRGeometryTypeToName(flat) +
                        " geometry; role " + to_string(role) + " needs " + to_string(sc.geometry) +
                        "s",
                    Where{.file = file, .layer = lname, .feature = label()});
      if (flat == wkbMultiPoint) g = g->toMultiPoint()->getGeometryRef(0);
      g->flattenTo2D();
      OGREnvelope env;
      g->getEnvelope(&env);
      extent.expand(geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false});
      wkb.resize(static_cast<std::size_t>(g->WkbSize()));
      g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    }

    // Attributes.
    bool rejected = false;
    if (rows == capacity) {
      capacity *= 2;
      t.resize(capacity);
    }
    const std::size_t row = rows;
    t.set(row, fid_col, static_cast<std::int64_t>(fid));
    if (!id_text.empty()) t.set(row, id_col, id_text);
    for (const auto& feed : feeds) {
      if (&feed == id_feed || !f->IsFieldSetAndNotNull(feed.source)) continue;
      const std::string& fname = feed.name;
      if (feed.type == FieldType::Text) {
        std::string v;
        if (feed.source_type == OFTInteger || feed.source_type == OFTInteger64) {
          v = std::to_string(f->GetFieldAsInteger64(feed.source));
        } else {
          const char* s = f->GetFieldAsString(feed.source);
          auto d = dec.try_decode(s);
          if (!d)
            throw Error(ErrorKind::Encoding,
                        "value is not valid " + dec.encoding() + " (bytes " +
                            hex_bytes(std::string_view(s).substr(0, 24)) +
                            "); pass --encoding with the right code page",
                        Where{.file = file, .layer = lname, .feature = label(), .field = fname});
          v = std::move(*d);
        }
        if (feed.enumerated) {
          auto e = normalise_enum(fname, v);
          if (!e) {
            problem(Severity::Error, "bad-value", label(), fname,
                    "'" + v + "' is not one of: " + enum_keys(fname));
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
        if (trim(s).empty()) continue;  // blank = not given
        auto p = parse_real(s);
        if (!p) {
          std::string shown = dec.try_decode(s).value_or(hex_bytes(s));
          problem(Severity::Error, "text-in-number", label(), fname,
                  "'" + shown + "' is not a number");
          rejected = true;
          continue;
        }
        v = *p;
      }
      if ((feed.range == Range::NonNegative || feed.range == Range::Fraction) && v < 0) {
        problem(Severity::Error, "negative-value", label(), fname,
                "negative value " + as_text(Value{v}) + " where the field cannot be negative");
        rejected = true;
        continue;
      }
      if (feed.range == Range::Fraction && v > 1) {
        problem(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " is not a fraction between 0 and 1");
        rejected = true;
        continue;
      }
      if (feed.range == Range::Positive && v <= 0) {
        problem(Severity::Error, "out-of-range", label(), fname,
                "value " + as_text(Value{v}) + " must be positive");
        rejected = true;
        continue;
      }
      if (feed.type == FieldType::Integer) {
        if (v != std::floor(v)) {
          problem(Severity::Error, "not-integer", label(), fname,
                  "value " + as_text(Value{v}) + " is not a whole number");
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
      problem(Severity::Error, "missing-id", label(), id_column(role), "feature has no id");
      rejected = true;
    } else if (sc.unique_ids && !rejected) {
      id_hashes.emplace_back(std::hash<std::string>{}(id_text), row);
    }
    if (rejected) {
      ++report.counts.rejected;
      for (std::size_t c = 0; c < t.column_count(); ++c) t.set_null(row, c);
      continue;
    }
    ++rows;
    if (has_geometry) pipeline.push(std::move(wkb));
  }
  t.resize(rows);

  // Duplicate ids: the first accepted feature keeps the id, later ones are rejected.
  std::vector<bool> keep(rows, true);
  bool dropped = false;
  if (sc.unique_ids) {
    std::sort(id_hashes.begin(), id_hashes.end());
    std::vector<std::pair<std::size_t, std::size_t>> dups;  // (later row, first row)
    for (std::size_t i = 0; i < id_hashes.size();) {
      std::size_t j = i + 1;
      while (j < id_hashes.size() && id_hashes[j].first == id_hashes[i].first) ++j;
      for (std::size_t k = i + 1; k < j; ++k) {
        const std::size_t later = id_hashes[k].second;
        for (std::size_t m = i; m < k; ++m) {
          const std::size_t first = id_hashes[m].second;
          if (keep[first] && t.text_at(first, id_col) == t.text_at(later, id_col)) {
            keep[later] = false;
            dups.emplace_back(later, first);
            break;
          }
        }
      }
      i = j;
    }
    std::sort(dups.begin(), dups.end());
    for (const auto& [later, first] : dups) {
      dropped = true;
      ++report.counts.rejected;
      const std::string& id = t.text_at(later, id_col);
      problem(Severity::Error, "duplicate-id", id, id_column(role),
              "id '" + id + "' already used by fid " +
                  std::to_string(t.integer_at(first, fid_col)) + "; fid " +
                  std::to_string(t.integer_at(later, fid_col)) + " rejected");
    }
  }

  if (has_geometry) {
    // The extent of what was read is checked too (the cheap one may be missing or stale).
    if (!pipeline.started()) {
      choose_working(extent);
      pipeline.start(crs.definition, working);
    } else {
      detail::check_extent(crs, extent, file);
    }
    report.working_epsg = working;
    layer.epsg = working;
    std::vector<GeomResult> results = pipeline.finish();
    layer.geometry.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!keep[i]) continue;  // a duplicate id, already reported
      GeomResult& r = results[i];
      if (r.status == GeomResult::Status::Failed)
        throw Error(r.error_kind, r.note,
                    Where{.file = file, .layer = lname, .feature = t.text_at(i, id_col)});
      if (r.status == GeomResult::Status::Skipped) {
        keep[i] = false;
        dropped = true;
        ++report.counts.skipped;
        problem(Severity::Warning, "geometry-skipped", t.text_at(i, id_col), "", r.note);
        continue;
      }
      if (r.status == GeomResult::Status::Repaired) {
        ++report.counts.repaired;
        problem(Severity::Warning, "geometry-repaired", t.text_at(i, id_col), "",
                "invalid geometry repaired with MakeValid; GEOS: " + r.note +
                    " (in EPSG:" + std::to_string(working) + ")");
      }
      if (polygonal) {
        t.set(i, area_col, r.area_m2);
        t.set(i, mu_col, geo::m2_to_mu(r.area_m2));
      }
      layer.geometry.push_back(std::move(r.wkb));
    }
  }
  if (dropped) t = compact(t, keep);

  // Derived values.
  if (role == Role::Parcels) {
    const std::size_t pr = t.index("plot_ratio"), fa = t.index("floor_area_m2");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, pr) && !t.null_at(i, fa) && t.real_at(i, area_col) > 0)
        t.set(i, pr, t.real_at(i, fa) / t.real_at(i, area_col));
  } else if (role == Role::Zones) {
    const std::size_t hz = t.index("hub_zone");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, hz)) t.set(i, hz, std::int64_t{1});
  } else if (role == Role::Roads) {
    const std::size_t sp = t.index("speed_kmh"), rc = t.index("road_class");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, sp))
        t.set(i, sp, default_speed_kmh(t.null_at(i, rc) ? "local" : t.text_at(i, rc)));
  }
  report.counts.imported = t.row_count();
  return layer;
}

void write_problems_csv(const std::vector<ImportReport>& reports, const std::string& path) {
  Table t;
  const char* cols[] = {"severity", "code", "file", "layer", "feature", "field", "message"};
  for (const char* c : cols) t.add_column(c, FieldType::Text);
  for (const auto& r : reports)
    for (const auto& p : r.problems) {
      const std::size_t row = t.add_row();
      t.set(row, 0, std::string(to_string(p.severity)));
      t.set(row, 1, p.code);
      t.set(row, 2, p.file);
      t.set(row, 3, p.layer);
      t.set(row, 4, p.feature);
      t.set(row, 5, p.field);
      t.set(row, 6, p.message);
    }
  write_csv(t, path);
}

}  // namespace hubland::layers

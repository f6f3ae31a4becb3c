#include "source.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "gdal_raii.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"

namespace fs = std::filesystem;

namespace hubland::layers::detail {

namespace {
thread_local CplCapture* t_capture = nullptr;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == suffix;
}

bool vsi_exists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0;
}

// First existing of base + ".ext" / ".EXT".
std::string sidecar(const std::string& base, const char* ext) {
  std::string lo = base + "." + ext;
  if (vsi_exists(lo)) return lo;
  std::string ext_up(ext);
  for (char& c : ext_up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string hi = base + "." + ext_up;
  if (vsi_exists(hi)) return hi;
  return {};
}

std::string read_small(const std::string& path, std::size_t max_bytes) {
  VsiFilePtr f(VSIFOpenL(path.c_str(), "rb"));
  if (!f) return {};
  std::string out(max_bytes, '\0');
  const std::size_t n = VSIFReadL(out.data(), 1, max_bytes, f.get());
  out.resize(n);
  return out;
}

}  // namespace

CplCapture::CplCapture() {
  CPLPushErrorHandler(&CplCapture::handler);
  t_capture = this;
}

CplCapture::~CplCapture() {
  t_capture = nullptr;
  CPLPopErrorHandler();
}

void CPL_STDCALL CplCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
  if (cls >= CE_Failure && t_capture && t_capture->m_failure.empty())
    t_capture->m_failure = msg ? msg : "GDAL failure";
}

std::string CplCapture::take_failure() {
  std::string out;
  out.swap(m_failure);
  return out;
}

namespace {

// CSV coordinate columns, in HubLand's order of preference (docs/layers.md).
constexpr const char* kXNames[] = {"lon", "longitude", "lng", "x", "经度"};
constexpr const char* kYNames[] = {"lat", "latitude", "y", "纬度"};

// The header of a CSV as GDAL reads it; empty when GDAL cannot open it (the real open says why).
// A second open of the file, on purpose: the X/Y_POSSIBLE_NAMES options must be fixed before
// the real open, and GDAL reads only the header line here, not the rows.
std::vector<std::string> csv_header(const std::string& gdal_path) {
  const char* const drivers[] = {"CSV", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            drivers, nullptr, nullptr));
  std::vector<std::string> names;
  if (!ds || ds->GetLayerCount() < 1) return names;
  OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

// The one column GDAL is to take an axis from: the first of `names` the header has. GDAL 3.6
// crashes when two columns match its X_/Y_POSSIBLE_NAMES with KEEP_GEOM_COLUMNS=NO (fuzzing
// found it: columns y and lat), and otherwise takes the last match in file order (x before lon
// in "lon,x,lat"), so HubLand chooses and tells which. Matching is ASCII case-insensitive, as
// GDAL's. "" when the header has none.
template <std::size_t N>
std::string pick_axis(const std::vector<std::string>& header, const char* const (&names)[N],
                      const char* axis, const std::string& file, std::string& note) {
  for (std::size_t k = 0; k < N; ++k) {
    std::vector<std::string> hits;
    for (const auto& h : header)
      if (EQUAL(h.c_str(), names[k])) hits.push_back(h);
    if (hits.empty()) continue;
    if (hits.size() > 1)
      throw Error(ErrorKind::Schema,
                  "columns '" + hits[0] + "' and '" + hits[1] + "' both name the " + axis +
                      " coordinate: rename or drop one",
                  Where{.file = file, .field = hits[1]});
    std::string others;
    for (std::size_t m = k + 1; m < N; ++m)
      for (const auto& h : header)
        if (EQUAL(h.c_str(), names[m])) others += (others.empty() ? "'" : ", '") + h + "'";
    if (!others.empty())
      note += std::string(note.empty() ? "" : "; ") + axis + " coordinate from column '" + hits[0] +
              "', not " + others;
    return names[k];
  }
  return "";
}

}  // namespace

Source open_source(const std::string& source) {
  register_gdal_drivers();
  Source src;
  src.given = source;
  src.path = source;
  // "path|layer" (also "path|layername=x", as GDAL spells it).
  const bool connection = source.rfind("PG:", 0) == 0 || source.find("://") != std::string::npos;
  if (!connection) {
    if (auto bar = source.find('|'); bar != std::string::npos) {
      src.path = source.substr(0, bar);
      src.layer_request = source.substr(bar + 1);
      if (src.layer_request.rfind("layername=", 0) == 0) src.layer_request.erase(0, 10);
    }
  }
  src.gdal_path = src.path;
  if (!connection && src.path.rfind("/vsi", 0) != 0) {
    if (!fs::exists(src.path))
      throw Error(ErrorKind::Io, "file not found", Where{.file = src.path});
    if (ends_with(src.path, ".zip")) src.gdal_path = "/vsizip/" + src.path;
  }
  CplCapture capture;
  GDALDriverH drv = GDALIdentifyDriverEx(src.gdal_path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  std::string driver = drv ? GDALGetDriverShortName(drv) : "";
  std::vector<std::string> options;
  if (driver == "ESRI Shapefile") {
    options.push_back("ENCODING=");  // raw bytes: HubLand decides the code page
  } else if (driver == "CSV") {
    options = {"GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom,shape", "KEEP_GEOM_COLUMNS=NO"};
    const std::vector<std::string> header = csv_header(src.gdal_path);
    const std::string x = pick_axis(header, kXNames, "x", src.path, src.coordinate_note);
    const std::string y = pick_axis(header, kYNames, "y", src.path, src.coordinate_note);
    if (!x.empty()) options.push_back("X_POSSIBLE_NAMES=" + x);
    if (!y.empty()) options.push_back("Y_POSSIBLE_NAMES=" + y);
  }
  std::vector<const char*> opts;
  for (const auto& o : options) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  src.ds.reset(GDALDataset::Open(src.gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                 opts.data(), nullptr));
  if (!src.ds) {
    std::string reason = capture.take_failure();
    throw Error(ErrorKind::Io,
                "cannot open as a vector layer" + (reason.empty() ? "" : ": " + reason),
                Where{.file = src.path});
  }
  src.driver = src.ds->GetDriver() ? src.ds->GetDriver()->GetDescription() : driver;
  if (src.shapefile() && src.ds->GetLayerCount() == 1) {
    // GDAL reads a .shp without its .dbf as if it had no attributes: refuse instead.
    std::string base = shapefile_base(src, src.ds->GetLayer(0));
    if (!base.empty() && !sidecar(base, "shp").empty() && sidecar(base, "dbf").empty())
      throw Error(ErrorKind::Io, "the .dbf (attribute table) of this shapefile is missing",
                  Where{.file = src.path});
  }
  return src;
}

OGRLayer* pick_layer(Source& src, const char* role_name) {
  const int n = src.ds->GetLayerCount();
  std::string names;
  for (int i = 0; i < n; ++i) names += std::string(i ? ", " : "") + src.ds->GetLayer(i)->GetName();
  if (!src.layer_request.empty()) {
    if (OGRLayer* l = src.ds->GetLayerByName(src.layer_request.c_str())) return l;
    throw Error(ErrorKind::BadInput, "no layer '" + src.layer_request + "' (layers: " + names + ")",
                Where{.file = src.path});
  }
  if (n == 1) return src.ds->GetLayer(0);
  if (role_name)
    if (OGRLayer* l = src.ds->GetLayerByName(role_name)) return l;
  if (n == 0) throw Error(ErrorKind::BadInput, "the source has no layers", Where{.file = src.path});
  throw Error(
      ErrorKind::BadInput,
      "the source has " + std::to_string(n) + " layers (" + names + "); name one as PATH|LAYER",
      Where{.file = src.path});
}

std::string shapefile_sidecar(const std::string& base, const char* ext) {
  return sidecar(base, ext);
}

std::string shapefile_base(const Source& src, OGRLayer* layer) {
  if (!src.shapefile()) return {};
  VSIStatBufL st;
  if (VSIStatL(src.gdal_path.c_str(), &st) == 0 && VSI_ISDIR(st.st_mode))
    return src.gdal_path + "/" + layer->GetName();
  const std::string& p = src.gdal_path;
  const auto dot = p.find_last_of('.');
  const auto slash = p.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return p;
  return p.substr(0, dot);
}

namespace {

// Raw text of a sample of features: string values first (the best evidence), names later.
void sample_text(OGRLayer* layer, std::vector<std::string>* values, std::vector<std::string>* names,
                 std::vector<std::string>* value_where) {
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    names->push_back(defn->GetFieldDefn(i)->GetNameRef());
  std::vector<int> text_fields;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (defn->GetFieldDefn(i)->GetType() == OFTString) text_fields.push_back(i);
  if (text_fields.empty()) return;
  layer->ResetReading();
  constexpr int kSample = 2000;
  int count = 0;
  while (count < kSample) {
    std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    if (!f) break;
    ++count;
    for (int i : text_fields) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      const char* s = f->GetFieldAsString(i);
      if (!*s) continue;
      values->push_back(s);
      value_where->push_back("fid " + std::to_string(f->GetFID()) + ", field " +
                             defn->GetFieldDefn(i)->GetNameRef());
    }
  }
  layer->ResetReading();
}

bool decodes_all(Decoder& d, const std::vector<std::string>& samples, std::size_t* bad) {
  for (std::size_t i = 0; i < samples.size(); ++i)
    if (!d.try_decode(samples[i])) {
      *bad = i;
      return false;
    }
  return true;
}

}  // namespace

LayerEncoding decide_encoding(Source& src, OGRLayer* layer,
                              const std::optional<std::string>& option) {
  LayerEncoding out;
  std::vector<std::string> values, names, where;
  sample_text(layer, &values, &names, &where);
  const std::string file = src.path;
  std::optional<std::string> user;
  if (option) {
    user = normalise_encoding(*option);
    if (!user)
      throw Error(ErrorKind::BadInput, "unknown --encoding '" + *option + "'", Where{.file = file});
  }
  // Candidates in the order of authority; the first that decodes the sample wins.
  struct Candidate {
    std::string enc;
    EncodingSource source;
    std::string explanation;
  };
  std::vector<Candidate> declared;
  if (src.shapefile()) {
    const std::string base = shapefile_base(src, layer);
    if (std::string cpg = sidecar(base, "cpg"); !cpg.empty()) {
      std::string text = read_small(cpg, 64);
      if (auto enc = normalise_encoding(text))
        declared.push_back({*enc, EncodingSource::Cpg, ".cpg says " + *enc});
      else
        out.problems.push_back({Severity::Warning, "unknown-cpg", file, layer->GetName(), "", "",
                                ".cpg names an unknown encoding '" + text + "'; ignored"});
    }
    if (std::string dbf = sidecar(base, "dbf"); !dbf.empty()) {
      const std::string head = read_small(dbf, 32);
      if (head.size() >= 30) {
        const auto ldid = static_cast<std::uint8_t>(head[29]);
        if (auto enc = encoding_from_ldid(ldid)) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "DBF language driver byte 0x%02X says %s", ldid,
                        enc->c_str());
          declared.push_back({*enc, EncodingSource::Ldid, buf});
        }
      }
    }
  } else if (layer->TestCapability(OLCStringsAsUTF8)) {
    declared.push_back({"UTF-8", EncodingSource::Driver, src.driver + " text is UTF-8"});
  }
  if (user) declared.push_back({*user, EncodingSource::Option, "--encoding " + *user});

  for (std::size_t i = 0; i < declared.size(); ++i) {
    const auto& c = declared[i];
    Decoder d(c.enc);
    std::size_t bad = 0;
    if (decodes_all(d, values, &bad)) {
      out.decision = {c.enc, c.source, c.explanation};
      if (user && c.source != EncodingSource::Option && *user != c.enc)
        out.problems.push_back({Severity::Warning, "encoding-option-ignored", file,
                                layer->GetName(), "", "",
                                "--encoding " + *user + " ignored: " + c.explanation +
                                    " and the text decodes with it"});
      return out;
    }
    // A declared encoding that does not decode the text: never mojibake. Fall to the next
    // authority only when there is one (--encoding), else stop.
    const std::string& raw = values[bad];
    std::string gbk_view;
    if (auto g = Decoder("CP936").try_decode(raw)) gbk_view = ", as GBK \"" + *g + "\"";
    const std::string msg = c.explanation + " but a value (" + where[bad] + ", bytes " +
                            hex_bytes(std::string_view(raw).substr(0, 24)) + gbk_view +
                            ") is not valid " + c.enc;
    if (i + 1 < declared.size()) {
      out.problems.push_back({Severity::Warning, "declared-encoding-wrong", file, layer->GetName(),
                              "", "", msg + "; using " + declared[i + 1].explanation});
      continue;
    }
    throw Error(ErrorKind::Encoding,
                msg + (c.source == EncodingSource::Option
                           ? ""
                           : "; pass --encoding GBK (or the right code page)"),
                Where{.file = file, .layer = layer->GetName()});
  }
  // Nothing declared: detect from the values (names only when there are no values).
  out.decision = detect_encoding(values.empty() ? names : values, file);
  return out;
}

std::vector<std::string> decode_field_names(OGRLayer* layer, Decoder& dec, const std::string& file,
                                            std::vector<Problem>* problems) {
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  std::vector<std::string> out;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const std::string raw = defn->GetFieldDefn(i)->GetNameRef();
    std::string dropped;
    std::string name = dec.decode_lossy(raw, &dropped);
    if (!dropped.empty()) {
      std::string reported = name;
      if (name.empty()) name = "field_" + std::to_string(i + 1);
      // Keep names unique after the cut.
      std::string unique = name;
      for (int k = 2; std::find(out.begin(), out.end(), unique) != out.end(); ++k)
        unique = name + "_" + std::to_string(k);
      name = unique;
      if (problems)
        problems->push_back({Severity::Warning, "field-name-cut", file, layer->GetName(), "", name,
                             "field name bytes " + hex_bytes(raw) + " are not valid " +
                                 dec.encoding() +
                                 " (cut mid-character by the 10-byte DBF limit?); "
                                 "dropped bytes " +
                                 dropped + ", read as '" + name + "'"});
    }
    out.push_back(name);
  }
  return out;
}

LayerCrs layer_crs(const Source& src, OGRLayer* layer, const std::optional<std::string>& assume) {
  LayerCrs out;
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (srs) {
    out.srs.reset(srs->Clone());
    out.origin = src.shapefile() ? ".prj" : "source";
  } else if (assume) {
    out.srs = std::make_unique<OGRSpatialReference>();
    if (out.srs->SetFromUserInput(assume->c_str()) != OGRERR_NONE)
      throw Error(ErrorKind::Crs, "--assume-crs '" + *assume + "' is not a CRS GDAL knows",
                  Where{.file = src.path});
    out.origin = "--assume-crs";
  } else {
    return out;
  }
  out.present = true;
  out.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const char* wkt_opts[] = {"FORMAT=WKT2_2019", nullptr};
  char* raw_wkt = nullptr;
  out.srs->exportToWkt(&raw_wkt, wkt_opts);
  const CplString wkt(raw_wkt);
  out.definition = wkt ? wkt.get() : "";
  const char* name = out.srs->GetName();
  out.name = name ? name : "";
  if (const char* auth = out.srs->GetAuthorityName(nullptr);
      auth && std::string(auth) == "EPSG" && out.srs->GetAuthorityCode(nullptr))
    out.epsg = std::atoi(out.srs->GetAuthorityCode(nullptr));
  if (out.epsg == 0) {
    try {
      out.epsg = geo::describe_crs(out.definition).epsg;
    } catch (const Error&) {
      out.epsg = 0;  // not identifiable: reported as "no EPSG code", not an error
    }
  }
  if (out.epsg != 0) {
    // PROJ sets up a transformation from an EPSG code much faster than from WKT; use the code
    // only when the CRS really is that one (a .prj's TOWGS84 or odd axes would differ).
    OGRSpatialReference e;
    if (e.importFromEPSG(out.epsg) == OGRERR_NONE) {
      e.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      const char* opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
      if (out.srs->IsSame(&e, opts)) out.definition = "EPSG:" + std::to_string(out.epsg);
    }
  }
  return out;
}

void check_extent(const LayerCrs& crs, const geo::Envelope& e, const std::string& file) {
  if (e.empty || !crs.present) return;
  char ext[160];
  std::snprintf(ext, sizeof ext, "%.6g %.6g, %.6g %.6g", e.min_x, e.min_y, e.max_x, e.max_y);
  const std::string who = crs.name + (crs.epsg ? " (EPSG:" + std::to_string(crs.epsg) + ")" : "") +
                          ", from " + crs.origin;
  const bool degrees_like = std::abs(e.min_x) <= 180 && std::abs(e.max_x) <= 180 &&
                            std::abs(e.min_y) <= 90 && std::abs(e.max_y) <= 90;
  if (crs.srs->IsGeographic() && !degrees_like)
    throw Error(ErrorKind::Crs,
                "coordinates (extent " + std::string(ext) + ") are not degrees but the CRS " + who +
                    " is geographic: wrong .prj? (use --assume-crs on a file without one)",
                Where{.file = file});
  if (crs.srs->IsProjected() && degrees_like)
    throw Error(ErrorKind::Crs,
                "coordinates (extent " + std::string(ext) +
                    ") look like longitude/latitude "
                    "degrees but the CRS " +
                    who + " is projected in metres: wrong .prj?",
                Where{.file = file});
  double w = 0, s = 0, east = 0, n = 0;
  const char* area_name = nullptr;
  if (!crs.srs->GetAreaOfUse(&w, &s, &east, &n, &area_name) || w < -180.5) return;
  const geo::Envelope g = to_wgs84(crs, e);
  char aou[160];
  std::snprintf(aou, sizeof aou, "%.2f %.2f, %.2f %.2f", w, s, east, n);
  // Zone-based CRSs are routinely used a little beyond their strip: allow 1.5° / 1°.
  constexpr double kLonMargin = 1.5, kLatMargin = 1.0;
  const bool wraps = east < w;
  const bool outside = g.empty || g.min_y < s - kLatMargin || g.max_y > n + kLatMargin ||
                       (!wraps && (g.min_x < w - kLonMargin || g.max_x > east + kLonMargin));
  if (outside) {
    char got[160];
    if (g.empty)
      std::snprintf(got, sizeof got, "cannot be transformed to longitude/latitude");
    else
      std::snprintf(got, sizeof got, "lies at lon/lat %.2f %.2f, %.2f %.2f", g.min_x, g.min_y,
                    g.max_x, g.max_y);
    throw Error(ErrorKind::Crs,
                "extent " + std::string(ext) + " " + got + ", outside the area of use of " + who +
                    " (" + aou + (area_name ? std::string(", ") + area_name : "") +
                    "): the declared CRS does not fit the coordinates",
                Where{.file = file});
  }
}

void check_web_datum(const LayerCrs& crs, geo::WebDatum datum, const std::string& file) {
  if (datum == geo::WebDatum::None || !crs.present) return;
  if (crs.epsg == geo::kEpsgWgs84 || crs.epsg == geo::kEpsgCgcs2000) return;
  // The offset is defined on longitude/latitude; in a projected CRS it is no longer a
  // per-vertex shift HubLand can undo.
  throw Error(ErrorKind::Crs,
              std::string("the ") + geo::display_name(datum) +
                  " web-map offset can only be removed from longitude/latitude in EPSG:4326 or "
                  "EPSG:4490, but the layer's CRS is " +
                  crs.name + (crs.epsg ? " (EPSG:" + std::to_string(crs.epsg) + ")" : "") +
                  ", from " + crs.origin,
              Where{.file = file});
}

geo::Envelope to_wgs84(const LayerCrs& crs, const geo::Envelope& e) {
  geo::Envelope out;
  if (e.empty || !crs.present) return out;
  CplCapture quiet;
  if (!crs.to_wgs84) {
    // Finding the operation searches PROJ's database (about 0.1 s, the most of reading a small
    // layer); every layer of an analysis is in one or two CRSs, so each thread keeps the ones
    // it found, and each layer gets its own copy (a transformation is not thread-safe).
    // A CRS without one is remembered too: PROJ may search seconds through intermediate CRSs
    // before it gives up.
    thread_local std::map<std::string, std::unique_ptr<OGRCoordinateTransformation>> found;
    if (found.size() > 16) found.clear();  // many CRSs in one process: keep it small
    const bool known = !crs.definition.empty() && found.count(crs.definition);
    auto& proto = found[crs.definition];
    if (!known) {
      OGRSpatialReference wgs;
      wgs.importFromEPSG(4326);
      wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      proto.reset(OGRCreateCoordinateTransformation(crs.srs.get(), &wgs));
    }
    if (proto) crs.to_wgs84.reset(proto->Clone());
  }
  if (!crs.to_wgs84) return out;
  double x0, y0, x1, y1;
  if (!crs.to_wgs84->TransformBounds(e.min_x, e.min_y, e.max_x, e.max_y, &x0, &y0, &x1, &y1, 21))
    return out;
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1))
    return out;
  out.expand(x0, y0);
  out.expand(x1, y1);
  return out;
}

std::vector<Problem> source_problems(const Source& src, OGRLayer* layer) {
  std::vector<Problem> out = shapefile_count_problems(src, layer);
  if (!src.coordinate_note.empty())
    out.push_back({Severity::Warning, "coordinate-columns", src.path, layer->GetName(), "", "",
                   src.coordinate_note});
  return out;
}

}  // namespace hubland::layers::detail

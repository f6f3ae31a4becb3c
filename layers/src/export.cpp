// Exports: Shapefile (checked encoding, short-name map, size limit, split), GeoPackage with QGIS
// styles, GeoJSON (RFC 7946), CSV, XLSX. See export.hpp for the contract.
#include "hubland/layers/export.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "hubland/error.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/workspace.hpp"
#include "workspace_store.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

ExportFormat export_format_from(const std::string& s) {
  std::string l;
  for (char c : s) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l == "shp" || l == "shapefile") return ExportFormat::Shapefile;
  if (l == "gpkg" || l == "geopackage") return ExportFormat::GeoPackage;
  if (l == "geojson" || l == "json") return ExportFormat::GeoJson;
  if (l == "csv") return ExportFormat::Csv;
  if (l == "xlsx") return ExportFormat::Xlsx;
  throw Error(ErrorKind::BadInput,
              "unknown export format '" + s + "' (shp, gpkg, geojson, csv, xlsx)");
}

const char* to_string(ExportFormat f) noexcept {
  switch (f) {
    case ExportFormat::Shapefile:
      return "shp";
    case ExportFormat::GeoPackage:
      return "gpkg";
    case ExportFormat::GeoJson:
      return "geojson";
    case ExportFormat::Csv:
      return "csv";
    case ExportFormat::Xlsx:
      return "xlsx";
  }
  return "gpkg";
}

std::string ExportReport::to_json() const {
  nlohmann::ordered_json j;
  j["format"] = to_string(format);
  j["output"] = output;
  j["files"] = files;
  j["features"] = features;
  if (format == ExportFormat::Shapefile) {
    j["parts"] = parts;
    j["encoding"] = encoding;
    j["estimated_bytes"] = estimated_bytes;
    auto& m = j["field_map"] = nlohmann::ordered_json::array();
    for (const auto& f : field_map) m.push_back({{"field", f.field}, {"short_name", f.short_name}});
  }
  if (format == ExportFormat::GeoPackage) j["style"] = style;
  if (!where.empty()) j["where"] = where;
  return j.dump(2) + "\n";
}

namespace {

// The fixed date written where formats want "last modified" (DBF header, gpkg_contents):
// outputs depend on their inputs only.
constexpr const char* kFixedDate = "2000-01-01";

[[noreturn]] void gdal_fail(ErrorKind kind, const std::string& what, const std::string& path) {
  const std::string reason = CPLGetLastErrorMsg();
  throw Error(kind, what + (reason.empty() ? "" : ": " + reason), Where{.file = path});
}

char** to_csl(const std::vector<std::string>& opts) {
  char** list = nullptr;
  for (const auto& o : opts) list = CSLAddString(list, o.c_str());
  return list;
}

struct CslGuard {
  char** list;
  ~CslGuard() { CSLDestroy(list); }
};

// Sets a GDAL config option for this thread for the lifetime of the guard.

// A temporary folder next to the target; commit() moves every file in it into the target's
// folder, destruction without commit removes it (VectorSink does the same for one dataset;
// exports may write several: shapefile parts and sidecars).
class Staging {
 public:
  explicit Staging(const std::string& target) : m_target(target) {
    const fs::path t(target);
    m_parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(m_parent, ec);
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "%08llx",
                  static_cast<unsigned long long>(rng() & 0xffffffffULL));
    // Not named after the target: GDAL's /vsizip/ (XLSX writer) splits paths at the first
    // ".xlsx"/".zip" it sees, so an extension inside a folder name breaks the write.
    m_dir = m_parent / (std::string(".hubland-tmp-") + suffix);
    if (!fs::create_directory(m_dir, ec))
      throw Error(ErrorKind::Io, "cannot create a temporary folder: " + ec.message(),
                  Where{.file = target});
  }
  ~Staging() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  std::string path(const std::string& filename) const { return (m_dir / filename).string(); }

  std::vector<std::string> commit() {
    std::vector<fs::path> produced;
    for (const auto& e : fs::directory_iterator(m_dir)) produced.push_back(e.path());
    std::sort(produced.begin(), produced.end());
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& p : produced) {
      const fs::path dest = m_parent / p.filename();
      fs::rename(p, dest, ec);
      if (ec)
        throw Error(ErrorKind::Io, "cannot move the finished file into place: " + ec.message(),
                    Where{.file = dest.string()});
      out.push_back(dest.string());
    }
    fs::remove_all(m_dir, ec);
    m_committed = true;
    return out;
  }

 private:
  std::string m_target;
  fs::path m_parent;
  fs::path m_dir;
  bool m_committed = false;
};

// The source opened for reading; releases an SQL result set before closing the dataset.
struct OpenedSource {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  bool result_set = false;
  OpenedSource() = default;
  OpenedSource(const OpenedSource&) = delete;
  OpenedSource& operator=(const OpenedSource&) = delete;
  ~OpenedSource() {
    if (result_set && layer) ds->ReleaseResultSet(layer);
  }
};

// GDAL's messages become our Error's reason; do not also print them on stderr.
struct QuietGdalErrors {
  QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

void open_source(OpenedSource& out, const ExportSource& src,
                 const std::optional<std::string>& where) {
  GDALAllRegister();
  QuietGdalErrors quiet;
  CPLErrorReset();
  out.ds.reset(GDALDataset::Open(src.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  const std::string shown =
      src.connection.rfind("PG:", 0) == 0 ? "PostgreSQL workspace" : src.connection;
  if (!out.ds) gdal_fail(ErrorKind::Io, "cannot open the export source", shown);
  if (!src.sql.empty()) {
    std::string sql = src.sql;
    if (where && !where->empty())
      sql = "SELECT * FROM (" + sql + ") AS hl_q WHERE (" + *where + ")";
    CPLErrorReset();
    out.layer = out.ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!out.layer)
      gdal_fail(ErrorKind::BadInput,
                where ? "the --where expression was rejected" : "the export query failed", shown);
    out.result_set = true;
    return;
  }
  if (src.layer.empty()) {
    if (out.ds->GetLayerCount() != 1)
      throw Error(ErrorKind::BadInput,
                  "the source has " + std::to_string(out.ds->GetLayerCount()) +
                      " layers; name one as PATH|LAYER",
                  Where{.file = shown});
    out.layer = out.ds->GetLayer(0);
  } else {
    out.layer = out.ds->GetLayerByName(src.layer.c_str());
    if (!out.layer)
      throw Error(ErrorKind::BadInput, "no layer '" + src.layer + "' in the source",
                  Where{.file = shown, .layer = src.layer});
  }
  if (where && !where->empty()) {
    CPLErrorReset();
    if (out.layer->SetAttributeFilter(where->c_str()) != OGRERR_NONE)
      gdal_fail(ErrorKind::BadInput, "the --where expression was rejected", shown);
  }
}

// Geometry type unification: one multi type per layer.
OGRwkbGeometryType unified(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return wkbMultiPolygon;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return wkbMultiLineString;
    case wkbPoint:
      return wkbPoint;
    case wkbMultiPoint:
      return wkbMultiPoint;
    case wkbNone:
      return wkbNone;
    default:
      return wkbUnknown;
  }
}

OGRGeometry* to_unified(OGRGeometry* g, OGRwkbGeometryType target) {
  if (!g) return nullptr;
  switch (target) {
    case wkbMultiPolygon:
      return OGRGeometryFactory::forceToMultiPolygon(g);
    case wkbMultiLineString:
      return OGRGeometryFactory::forceToMultiLineString(g);
    case wkbMultiPoint:
      return OGRGeometryFactory::forceToMultiPoint(g);
    default:
      return g;
  }
}

// Size of a geometry's record content in a .shp (ESRI Shapefile Technical Description).
std::uint64_t shp_content_bytes(const OGRGeometry* g) {
  if (!g || g->IsEmpty()) return 4;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint:
      return 20;
    case wkbMultiPoint:
      return 40 + 16ull * g->toMultiPoint()->getNumGeometries();
    default:
      break;
  }
  std::uint64_t parts = 0, points = 0;
  auto add_curve = [&](const OGRCurve* c) {
    ++parts;
    points += static_cast<std::uint64_t>(c->getNumPoints());
  };
  auto add_polygon = [&](const OGRPolygon* p) {
    for (const auto* ring : *p) add_curve(ring);
  };
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
      add_polygon(g->toPolygon());
      break;
    case wkbMultiPolygon:
      for (const auto* p : *g->toMultiPolygon()) add_polygon(p);
      break;
    case wkbLineString:
      add_curve(g->toLineString());
      break;
    case wkbMultiLineString:
      for (const auto* l : *g->toMultiLineString()) add_curve(l);
      break;
    default:
      points = 1000;  // curves etc. are linearised by the driver; rough bound
  }
  // ShapeType, Box[4], NumParts, NumPoints, Parts[NumParts], Points[NumPoints].
  return 44 + 4 * parts + 16 * points;
}

std::string feature_label(OGRFeature& f, int id_index) {
  if (id_index >= 0 && f.IsFieldSetAndNotNull(id_index)) return f.GetFieldAsString(id_index);
  return "fid " + std::to_string(f.GetFID());
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fill_symbol(int index, const std::string& rgb, const std::string& style) {
  return "      <symbol type=\"fill\" name=\"" + std::to_string(index) +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
         "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
         "          <prop k=\"color\" v=\"" +
         rgb +
         ",255\"/>\n"
         "          <prop k=\"outline_color\" v=\"" +
         (style == "solid" ? std::string("60,60,60") : rgb) +
         ",255\"/>\n"
         "          <prop k=\"outline_style\" v=\"solid\"/>\n"
         "          <prop k=\"outline_width\" v=\"0.26\"/>\n"
         "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
         "          <prop k=\"style\" v=\"" +
         style +
         "\"/>\n"
         "        </layer>\n"
         "      </symbol>\n";
}

// QGIS style documents (QML) for the layer_styles table.
std::string grades_qml() {
  struct Cat {
    const char* value;
    const char* label;
    const char* rgb;
  };
  // ColorBrewer RdYlGn, reversed: A (best) green ... D (worst) red.
  static const Cat cats[] = {{"A", "A 高效", "26,150,65"},
                             {"B", "B 较高效", "166,217,106"},
                             {"C", "C 低效", "253,174,97"},
                             {"D", "D 极低效", "215,25,28"}};
  std::string qml =
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n"
      "  <renderer-v2 type=\"categorizedSymbol\" attr=\"grade\" symbollevels=\"0\" "
      "enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
  for (int i = 0; i < 4; ++i)
    qml += "      <category render=\"true\" symbol=\"" + std::to_string(i) + "\" value=\"" +
           cats[i].value + "\" label=\"" + xml_escape(cats[i].label) + "\"/>\n";
  qml += "    </categories>\n    <symbols>\n";
  for (int i = 0; i < 4; ++i) qml += fill_symbol(i, cats[i].rgb, "solid");
  qml += "    </symbols>\n  </renderer-v2>\n</qgis>\n";
  return qml;
}

std::string constraints_qml() {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n"
         "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\">\n    <symbols>\n" +
         fill_symbol(0, "215,25,28", "b_diagonal") + "    </symbols>\n  </renderer-v2>\n</qgis>\n";
}

struct FieldPlan {
  std::string name;   // output name
  OGRFieldType type;  // OFTInteger64, OFTReal or OFTString
  int width = 0;      // shapefile only
  int precision = 0;
};

void write_fieldmap_csv(const std::string& path, const std::vector<ShortName>& map,
                        const std::vector<FieldPlan>& plan) {
  std::string out = "field,short_name,type\n";
  auto q = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) {
      if (c == '"') o += '"';
      o += c;
    }
    return o + "\"";
  };
  for (std::size_t i = 0; i < map.size(); ++i) {
    const char* t = plan[i].type == OFTInteger64 ? "integer"
                    : plan[i].type == OFTReal    ? "real"
                                                 : "text";
    out += q(map[i].field) + "," + q(map[i].short_name) + "," + t + "\n";
  }
  write_file_atomic(path, out);
}

std::string stem_of(const std::string& output) {
  return fs::path(output).stem().string();
}

// ------------------------------------------------------------------ the exporter

class Exporter {
 public:
  Exporter(OGRLayer& src, const std::string& source_name, const std::string& id_field, int epsg,
           const ExportOptions& opt)
      : m_src(src), m_opt(opt) {
    m_report.format = opt.format;
    m_report.output = opt.output;
    m_report.where = opt.where.value_or("");
    if (opt.output.empty()) throw Error(ErrorKind::BadInput, "no output path (-o)");
    if (opt.format != ExportFormat::Shapefile && dbf_encoding_name(opt.encoding) != "UTF-8")
      throw Error(ErrorKind::BadInput, "--encoding applies to shapefiles only; " +
                                           std::string(to_string(opt.format)) + " is always UTF-8");
    if (opt.format != ExportFormat::Csv && opt.bom == Bom::Yes)
      throw Error(ErrorKind::BadInput, "--bom applies to CSV only");
    if (opt.format != ExportFormat::Shapefile && opt.split == SplitMode::Split)
      throw Error(ErrorKind::BadInput, "--split applies to shapefiles only");
    if (opt.precision_digits < 0 || opt.precision_digits > 15)
      throw Error(ErrorKind::BadInput, "--precision must be between 0 and 15");
    m_name = !opt.layer_name.empty()                 ? opt.layer_name
             : opt.format == ExportFormat::Shapefile ? stem_of(opt.output)
             : !source_name.empty()                  ? source_name
                                                     : std::string(src.GetName());
    OGRFeatureDefn* d = src.GetLayerDefn();
    for (int i = 0; i < d->GetFieldCount(); ++i) {
      const OGRFieldDefn* f = d->GetFieldDefn(i);
      FieldPlan p;
      p.name = f->GetNameRef();
      p.type = (f->GetType() == OFTInteger || f->GetType() == OFTInteger64) ? OFTInteger64
               : f->GetType() == OFTReal                                    ? OFTReal
                                                                            : OFTString;
      m_fields.push_back(p);
    }
    m_id_index = id_field.empty() ? -1 : d->GetFieldIndex(id_field.c_str());
    if (m_id_index < 0)
      for (const char* candidate :
           {"parcel_id", "project_id", "request_id", "subject_id", "zone_id"})
        if ((m_id_index = d->GetFieldIndex(candidate)) >= 0) break;
    const bool attributes_only =
        opt.format == ExportFormat::Csv || opt.format == ExportFormat::Xlsx;
    m_geom_type =
        (attributes_only || d->GetGeomFieldCount() == 0) ? wkbNone : unified(src.GetGeomType());
    if (m_geom_type == wkbUnknown) m_geom_type = peek_geometry_type();
    if (m_geom_type != wkbNone && epsg > 0) {
      // The workspace knows its CRS; GDAL cannot always tell it for an SQL result set.
      m_srs = std::make_unique<OGRSpatialReference>();
      if (m_srs->importFromEPSG(epsg) != OGRERR_NONE)
        throw Error(ErrorKind::Crs, "unknown CRS EPSG:" + std::to_string(epsg));
      m_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    } else if (m_geom_type != wkbNone && src.GetSpatialRef()) {
      m_srs.reset(src.GetSpatialRef()->Clone());
      m_srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
  }

  ExportReport run() {
    switch (m_opt.format) {
      case ExportFormat::Shapefile:
        return shapefile();
      case ExportFormat::GeoPackage:
        return generic("GPKG", ".gpkg");
      case ExportFormat::GeoJson:
        return generic("GeoJSON", ".geojson");
      case ExportFormat::Csv:
        return generic("CSV", ".csv");
      case ExportFormat::Xlsx:
        return generic("XLSX", ".xlsx");
    }
    return m_report;
  }

 private:
  // A layer typed GEOMETRY (e.g. a workspace query): decide from the first shape.
  OGRwkbGeometryType peek_geometry_type() {
    m_src.ResetReading();
    OGRwkbGeometryType t = wkbNone;
    while (OGRFeatureUniquePtr f{m_src.GetNextFeature()}) {
      if (const OGRGeometry* g = f->GetGeometryRef()) {
        t = unified(g->getGeometryType());
        break;
      }
    }
    m_src.ResetReading();
    return t == wkbNone ? wkbUnknown : t;
  }

  void check_geometry(const OGRGeometry* g, OGRFeature& f) {
    if (!g || m_geom_type == wkbUnknown || m_geom_type == wkbNone) return;
    if (unified(g->getGeometryType()) != m_geom_type)
      throw Error(ErrorKind::Geometry,
                  std::string("mixed geometry types: a ") + g->getGeometryName() +
                      " in a layer of " + OGRGeometryTypeToName(m_geom_type) +
                      " (a shapefile holds one type)",
                  Where{.layer = m_name, .feature = feature_label(f, m_id_index)});
  }

  OGRLayer* create_layer(GDALDataset& ds, const std::string& name,
                         const std::vector<std::string>& options, const std::string& path) {
    CslGuard opts{to_csl(options)};
    CPLErrorReset();
    OGRLayer* l = ds.CreateLayer(name.c_str(), m_srs.get(), m_geom_type, opts.list);
    if (!l) gdal_fail(ErrorKind::Io, "cannot create layer " + name, path);
    for (const auto& p : m_fields) {
      OGRFieldDefn defn(p.name.c_str(), p.type);
      if (p.width > 0) defn.SetWidth(p.width);
      if (p.precision > 0) defn.SetPrecision(p.precision);
      // approx_ok = FALSE: a driver that would rename or retype a field must fail instead.
      if (l->CreateField(&defn, FALSE) != OGRERR_NONE)
        gdal_fail(ErrorKind::Io, "cannot create field " + p.name, path);
    }
    return l;
  }

  void copy_feature(OGRFeature& in, OGRLayer& out, const std::string& path) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(out.GetLayerDefn()));
    const int n = static_cast<int>(m_fields.size());
    for (int i = 0; i < n; ++i) {
      if (!in.IsFieldSetAndNotNull(i)) continue;
      switch (m_fields[static_cast<std::size_t>(i)].type) {
        case OFTInteger64:
          f->SetField(i, in.GetFieldAsInteger64(i));
          break;
        case OFTReal:
          f->SetField(i, in.GetFieldAsDouble(i));
          break;
        default:
          f->SetField(i, in.GetFieldAsString(i));
          break;
      }
    }
    if (m_geom_type != wkbNone) {
      OGRGeometry* g = in.StealGeometry();
      if (g) {
        check_geometry(g, in);
        f->SetGeometryDirectly(to_unified(g, m_geom_type));
      }
    }
    if (out.CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail(ErrorKind::Io, "cannot write feature " + feature_label(in, m_id_index), path);
  }

  ExportReport generic(const char* driver_name, const char* default_ext) {
    (void)default_ext;
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!drv) throw Error(ErrorKind::Internal, std::string("GDAL has no driver ") + driver_name);
    Staging staging(m_opt.output);
    const std::string file = fs::path(m_opt.output).filename().string();
    const std::string tmp = staging.path(file);
    std::vector<std::string> layer_opts;
    if (m_opt.format == ExportFormat::GeoJson) {
      layer_opts = {"RFC7946=YES", "COORDINATE_PRECISION=" + std::to_string(m_opt.precision_digits),
                    "WRITE_BBOX=NO"};
      if (m_geom_type != wkbNone && !m_srs)
        throw Error(ErrorKind::Crs, "the source has no CRS; GeoJSON needs one to reach EPSG:4326",
                    Where{.file = m_opt.output});
    }
    if (m_opt.format == ExportFormat::Csv)
      layer_opts = {"LINEFORMAT=LF",
                    std::string("WRITE_BOM=") + (m_opt.bom == Bom::Yes ? "YES" : "NO")};
    if (m_opt.format == ExportFormat::GeoPackage) layer_opts = {"GEOMETRY_NAME=geom", "FID=fid"};
    std::string name = m_name;
    if (m_opt.format == ExportFormat::Xlsx && name.size() > 31) name.resize(31);  // sheet names
    ScopedGdalConfig fixed_date("OGR_CURRENT_DATE", kFixedGpkgDate);
    {
      CPLErrorReset();
      GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds)
        gdal_fail(ErrorKind::Io, std::string("cannot create ") + driver_name + " file",
                  m_opt.output);
      OGRLayer* out = create_layer(*ds, name, layer_opts, m_opt.output);
      // Transactions of 100,000 features, as ogr2ogr does: one huge transaction makes SQLite
      // spill its page cache. The file is in the staging folder, so atomicity does not need
      // a single transaction.
      constexpr std::size_t kBatch = 100000;
      const bool tx = ds->TestCapability(ODsCTransactions) && ds->StartTransaction() == OGRERR_NONE;
      m_src.ResetReading();
      while (OGRFeatureUniquePtr f{m_src.GetNextFeature()}) {
        copy_feature(*f, *out, m_opt.output);
        if (++m_report.features % kBatch == 0 && tx &&
            (ds->CommitTransaction() != OGRERR_NONE || ds->StartTransaction() != OGRERR_NONE))
          gdal_fail(ErrorKind::Io, "cannot commit the export", m_opt.output);
      }
      if (tx && ds->CommitTransaction() != OGRERR_NONE)
        gdal_fail(ErrorKind::Io, "cannot commit the export", m_opt.output);
      if (m_opt.format == ExportFormat::GeoPackage) add_style(*ds, name);
      ds.reset();  // closes (and for XLSX, writes) the file before it is moved
    }
    finish(staging);
    return m_report;
  }

  void add_style(GDALDataset& ds, const std::string& layer) {
    StyleKind kind = m_opt.style;
    if (kind == StyleKind::Auto) {
      bool has_grade = false;
      for (const auto& f : m_fields) has_grade = has_grade || f.name == "grade";
      std::string lname = layer;
      for (char& c : lname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      kind = has_grade                                       ? StyleKind::Grades
             : lname.find("constraint") != std::string::npos ? StyleKind::Constraints
                                                             : StyleKind::None;
    }
    if (kind == StyleKind::None || m_geom_type == wkbNone) return;
    m_report.style = kind == StyleKind::Grades ? "grades" : "constraints";
    // The table QGIS creates and reads ("Save as default" style in a GeoPackage).
    CslGuard opts{to_csl({"FID=id"})};
    OGRLayer* st = ds.CreateLayer("layer_styles", nullptr, wkbNone, opts.list);
    if (!st) gdal_fail(ErrorKind::Io, "cannot create layer_styles", m_opt.output);
    struct F {
      const char* name;
      OGRFieldType type;
      int width;
    };
    const F fields[] = {{"f_table_catalog", OFTString, 256},
                        {"f_table_schema", OFTString, 256},
                        {"f_table_name", OFTString, 256},
                        {"f_geometry_column", OFTString, 256},
                        {"styleName", OFTString, 30},
                        {"styleQML", OFTString, 0},
                        {"styleSLD", OFTString, 0},
                        {"useAsDefault", OFTInteger, 0},
                        {"description", OFTString, 0},
                        {"owner", OFTString, 30},
                        {"ui", OFTString, 30},
                        {"update_time", OFTDateTime, 0}};
    for (const auto& f : fields) {
      OGRFieldDefn d(f.name, f.type);
      if (f.width) d.SetWidth(f.width);
      if (std::string(f.name) == "useAsDefault") d.SetSubType(OFSTBoolean);
      if (st->CreateField(&d) != OGRERR_NONE)
        gdal_fail(ErrorKind::Io, "cannot create layer_styles", m_opt.output);
    }
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(st->GetLayerDefn()));
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", layer.c_str());
    f->SetField("f_geometry_column", "geom");
    f->SetField("styleName", layer.c_str());
    f->SetField("styleQML", (kind == StyleKind::Grades ? grades_qml() : constraints_qml()).c_str());
    f->SetField("styleSLD", "");
    f->SetField("useAsDefault", 1);
    f->SetField("description", kind == StyleKind::Grades ? "HubLand: grades A-D"
                                                         : "HubLand: constraints (hatched)");
    f->SetField("owner", "");
    f->SetField("ui", "");
    f->SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 100);
    if (st->CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail(ErrorKind::Io, "cannot write layer_styles", m_opt.output);
  }

  // ---------------------------------------------------------------- Shapefile

  ExportReport shapefile() {
    TextEncoder enc(m_opt.encoding);
    m_report.encoding = enc.name();
    std::vector<std::string> long_names;
    for (const auto& f : m_fields) long_names.push_back(f.name);
    m_report.field_map = shapefile_field_names(long_names, enc.name());
    if (m_geom_type == wkbUnknown)
      throw Error(ErrorKind::Geometry, "cannot tell the geometry type of the layer",
                  Where{.layer = m_name});

    // Pass 1: check every string encodes, find field widths, size every record — before
    // anything is written.
    std::vector<std::size_t> text_bytes(m_fields.size(), 1), int_digits(m_fields.size(), 1);
    std::vector<std::uint32_t> shp_record;  // 8-byte header + content, per feature
    std::vector<std::string> failures;
    std::size_t failing = 0;
    // Pass 1 needs text, integers and shapes only: let the driver skip parsing the reals.
    std::vector<std::string> ignored;
    for (const auto& f : m_fields)
      if (f.type == OFTReal) ignored.push_back(f.name);
    {
      CslGuard list{to_csl(ignored)};
      m_src.SetIgnoredFields(const_cast<const char**>(list.list));
    }
    m_src.ResetReading();
    while (OGRFeatureUniquePtr f{m_src.GetNextFeature()}) {
      bool bad = false;
      for (std::size_t i = 0; i < m_fields.size(); ++i) {
        const int fi = static_cast<int>(i);
        if (!f->IsFieldSetAndNotNull(fi)) continue;
        if (m_fields[i].type == OFTString) {
          const char* s = f->GetFieldAsString(fi);
          const auto size = enc.encoded_size(s);
          std::string why;
          if (!size)
            why = "cannot be written in " + enc.name();
          else if (*size > 254)
            why = "is " + std::to_string(*size) + " bytes, over the DBF limit of 254";
          else
            text_bytes[i] = std::max(text_bytes[i], *size);
          if (!why.empty()) {
            bad = true;
            if (failures.size() < 50)
              failures.push_back("feature " + feature_label(*f, m_id_index) + ", field " +
                                 m_fields[i].name + ": '" + s + "' " + why);
          }
        } else if (m_fields[i].type == OFTInteger64) {
          int_digits[i] =
              std::max(int_digits[i], std::to_string(f->GetFieldAsInteger64(fi)).size());
        }
      }
      failing += bad ? 1 : 0;
      const OGRGeometry* g = m_geom_type == wkbNone ? nullptr : f->GetGeometryRef();
      if (g) check_geometry(g, *f);
      // Polygon and MultiPolygon (LineString and MultiLineString) have the same record
      // content in a .shp, so only a point bound for a multipoint layer, and curves, need the
      // converted shape to be sized.
      std::unique_ptr<OGRGeometry> converted;
      if (g) {
        const auto t = wkbFlatten(g->getGeometryType());
        const bool simple = t == wkbPolygon || t == wkbMultiPolygon || t == wkbLineString ||
                            t == wkbMultiLineString || t == wkbMultiPoint ||
                            (t == wkbPoint && m_geom_type == wkbPoint);
        if (!simple) {
          converted.reset(to_unified(g->clone(), m_geom_type));
          g = converted.get();
        }
      }
      shp_record.push_back(static_cast<std::uint32_t>(8 + shp_content_bytes(g)));
    }
    if (failing > 0) {
      std::string msg = std::to_string(failing) +
                        " feature(s) have text that cannot be written to a " + enc.name() +
                        " shapefile; nothing was written:";
      for (const auto& l : failures) msg += "\n  " + l;
      if (failing > failures.size())
        msg += "\n  … and " + std::to_string(failing - failures.size()) + " more";
      throw Error(ErrorKind::Encoding, msg, Where{.file = m_opt.output, .layer = m_name});
    }
    std::uint64_t record_bytes = 1;  // deletion flag
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
      auto& p = m_fields[i];
      p.name = m_report.field_map[i].short_name;
      if (p.type == OFTString) p.width = static_cast<int>(text_bytes[i]);
      if (p.type == OFTInteger64)
        p.width = static_cast<int>(std::max<std::size_t>(int_digits[i], 1));
      if (p.type == OFTReal) {
        p.width = 24;
        p.precision = 15;
      }
      record_bytes += static_cast<std::uint64_t>(p.width);
    }
    const std::uint64_t dbf_header = 32 + 32 * m_fields.size() + 1;

    // Parts: cut where the .shp or the .dbf of the current part would pass the limit.
    const std::uint64_t limit = m_opt.shapefile_limit_bytes;
    std::vector<std::size_t> part_start{0};
    std::uint64_t shp = 100, dbf = dbf_header + 1, total = 0;
    for (std::size_t r = 0; r < shp_record.size(); ++r) {
      if ((shp + shp_record[r] > limit || dbf + record_bytes > limit) && r > part_start.back()) {
        total += shp + dbf + 100 + 8 * (r - part_start.back());
        part_start.push_back(r);
        shp = 100;
        dbf = dbf_header + 1;
      }
      shp += shp_record[r];
      dbf += record_bytes;
    }
    total += shp + dbf + 100 + 8 * (shp_record.size() - part_start.back());
    m_report.estimated_bytes = total;
    m_report.parts = part_start.size();
    if (part_start.size() > 1 && m_opt.split == SplitMode::Refuse) {
      char gb[32];
      std::snprintf(gb, sizeof gb, "%.2f", static_cast<double>(total) / (1u << 30));
      throw Error(ErrorKind::BadInput,
                  "the shapefile would be " + std::string(gb) + " GiB (" + std::to_string(total) +
                      " bytes), over the format's 2 GB limit per .shp/.dbf; export to GeoPackage "
                      "(--format gpkg) or split it into " +
                      std::to_string(part_start.size()) + " parts with --split",
                  Where{.file = m_opt.output, .layer = m_name});
    }

    m_src.SetIgnoredFields(nullptr);

    // Pass 2: write.
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    if (!drv) throw Error(ErrorKind::Internal, "GDAL has no ESRI Shapefile driver");
    Staging staging(m_opt.output);
    const std::string stem = stem_of(m_opt.output);
    part_start.push_back(shp_record.size());
    m_src.ResetReading();
    for (std::size_t part = 0; part + 1 < part_start.size(); ++part) {
      const std::string pstem =
          part_start.size() == 2 ? stem : stem + "_" + std::to_string(part + 1);
      const std::string tmp = staging.path(pstem + ".shp");
      CPLErrorReset();
      GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) gdal_fail(ErrorKind::Io, "cannot create the shapefile", m_opt.output);
      OGRLayer* out = create_layer(*ds, pstem,
                                   {"ENCODING=" + enc.name(), "2GB_LIMIT=YES", "SPATIAL_INDEX=NO",
                                    std::string("DBF_DATE_LAST_UPDATE=") + kFixedDate},
                                   m_opt.output);
      for (std::size_t r = part_start[part]; r < part_start[part + 1]; ++r) {
        OGRFeatureUniquePtr f{m_src.GetNextFeature()};
        if (!f)
          throw Error(ErrorKind::Io, "the source changed while exporting",
                      Where{.file = m_opt.output});
        copy_feature(*f, *out, m_opt.output);
        ++m_report.features;
      }
      ds->FlushCache();
      ds.reset();
      // Always a .cpg (docs/design.md §10 P3), whatever the driver decided: ArcGIS, QGIS read it.
      write_file_atomic(staging.path(pstem + ".cpg"), enc.name() == "UTF-8" ? "UTF-8" : "936");
      // And the DBF language driver id for readers that ignore .cpg (0x4D: GBK, code page 936);
      // GDAL leaves it 0 for CP936.
      if (enc.name() == "CP936") {
        std::fstream dbf(staging.path(pstem + ".dbf"),
                         std::ios::in | std::ios::out | std::ios::binary);
        dbf.seekp(29);
        dbf.put(static_cast<char>(0x4D));
        if (!dbf)
          throw Error(ErrorKind::Io, "cannot set the DBF code page", Where{.file = m_opt.output});
      }
    }
    write_fieldmap_csv(staging.path(stem + ".fieldmap.csv"), m_report.field_map, m_fields);
    finish(staging);
    return m_report;
  }

  void finish(Staging& staging) {
    const std::string stem = stem_of(m_opt.output);
    // The report lists the files it sits among, so name them before writing it.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(staging.path("x")).parent_path()))
      names.push_back(e.path().filename().string());
    names.push_back(stem + ".export.json");
    std::sort(names.begin(), names.end());
    const fs::path parent = fs::path(m_opt.output).has_parent_path()
                                ? fs::path(m_opt.output).parent_path()
                                : fs::path(".");
    m_report.files.clear();
    for (const auto& n : names) m_report.files.push_back((parent / n).string());
    write_file_atomic(staging.path(stem + ".export.json"), m_report.to_json());
    staging.commit();
  }

  OGRLayer& m_src;
  const ExportOptions& m_opt;
  ExportReport m_report;
  std::string m_name;
  std::vector<FieldPlan> m_fields;
  int m_id_index = -1;
  OGRwkbGeometryType m_geom_type = wkbNone;
  std::unique_ptr<OGRSpatialReference> m_srs;
};

}  // namespace

ExportReport export_features(const ExportSource& source, const ExportOptions& options) {
  OpenedSource src;
  open_source(src, source, options.where);
  Exporter ex(*src.layer, source.name, source.id_field, source.epsg, options);
  return ex.run();
}

ExportReport export_table(const Table& table, const std::vector<geo::Wkb>* geometry, int epsg,
                          const std::string& name, const ExportOptions& options) {
  GDALAllRegister();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!mem) throw Error(ErrorKind::Internal, "GDAL has no Memory driver");
  GDALDatasetUniquePtr ds(mem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  OGRSpatialReference* srs_ptr = nullptr;
  if (geometry && epsg > 0) {
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    srs_ptr = &srs;
  }
  OGRLayer* layer =
      ds->CreateLayer(name.c_str(), srs_ptr, geometry ? wkbUnknown : wkbNone, nullptr);
  if (!layer) gdal_fail(ErrorKind::Internal, "cannot create an in-memory layer", name);
  for (const auto& c : table.columns()) {
    OGRFieldDefn d(c.name.c_str(), c.type == FieldType::Integer ? OFTInteger64
                                   : c.type == FieldType::Real  ? OFTReal
                                                                : OFTString);
    layer->CreateField(&d);
  }
  for (std::size_t r = 0; r < table.row_count(); ++r) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t c = 0; c < table.column_count(); ++c) {
      const int i = static_cast<int>(c);
      if (table.null_at(r, c)) continue;
      switch (table.column(c).type) {
        case FieldType::Integer:
          f->SetField(i, static_cast<GIntBig>(table.integer_at(r, c)));
          break;
        case FieldType::Real:
          f->SetField(i, table.real_at(r, c));
          break;
        case FieldType::Text:
          f->SetField(i, table.text_at(r, c).c_str());
          break;
      }
    }
    if (geometry && !(*geometry)[r].empty()) {
      OGRGeometry* g = nullptr;
      const auto& w = (*geometry)[r];
      if (OGRGeometryFactory::createFromWkb(w.data(), srs_ptr, &g, w.size()) != OGRERR_NONE)
        throw Error(ErrorKind::Geometry, "malformed WKB",
                    Where{.layer = name, .feature = std::to_string(r)});
      f->SetGeometryDirectly(g);
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail(ErrorKind::Internal, "cannot build the in-memory layer", name);
  }
  if (options.where && !options.where->empty()) {
    QuietGdalErrors quiet;
    CPLErrorReset();
    if (layer->SetAttributeFilter(options.where->c_str()) != OGRERR_NONE)
      gdal_fail(ErrorKind::BadInput, "the --where expression was rejected", name);
  }
  Exporter ex(*layer, name, "", epsg, options);
  return ex.run();
}

ExportSource file_export_source(const std::string& path_and_layer) {
  ExportSource s;
  const auto bar = path_and_layer.find('|');
  s.connection = path_and_layer.substr(0, bar);
  if (bar != std::string::npos) s.layer = path_and_layer.substr(bar + 1);
  s.name = !s.layer.empty() ? s.layer : fs::path(s.connection).stem().string();
  return s;
}

namespace {

// Datasets for an export: from `run` when it holds them, else the newest completed run.
std::optional<DatasetInfo> find_dataset(const Workspace& ws, const std::string& name,
                                        std::optional<std::int64_t> run) {
  if (run)
    for (auto& d : ws.datasets(*run))
      if (d.name == name) return d;
  if (auto latest = ws.latest_run_with(name)) return ws.dataset(name, *latest);
  return std::nullopt;
}

DatasetInfo require_dataset(const Workspace& ws, const std::string& name,
                            std::optional<std::int64_t> run, const std::string& what) {
  if (auto d = find_dataset(ws, name, run)) return *d;
  throw Error(
      ErrorKind::BadInput,
      "cannot export '" + what + "': the workspace has no completed run with '" + name + "'",
      Where{.file = ws.location(), .layer = name});
}

std::string column_list(const std::vector<Table::Column>& cols, const std::string& alias,
                        const std::vector<std::string>& skip = {}) {
  std::string out;
  for (const auto& c : cols) {
    if (std::find(skip.begin(), skip.end(), c.name) != skip.end()) continue;
    if (!out.empty()) out += ", ";
    out += alias + "." + quote_ident(c.name);
  }
  return out;
}

}  // namespace

ExportSource workspace_export_source(const Workspace& ws, const std::string& what,
                                     std::optional<std::int64_t> run) {
  ExportSource s;
  s.connection = ws.gdal_connection();
  s.name = what;
  // A table joined with the geometry of the layer it describes (facts -> parcels, ...).
  auto with_geometry = [&](const DatasetInfo& t, const std::string& layer_name,
                           const std::string& key) {
    const auto tcols = ws.columns(t);
    const auto l = find_dataset(ws, layer_name, run);
    bool has_key = false;
    for (const auto& c : tcols) has_key = has_key || c.name == key;
    if (l && l->epsg > 0 && has_key) s.epsg = l->epsg;
    if (!l || l->epsg <= 0 || !has_key)
      return "SELECT " + column_list(tcols, "t") + " FROM " + ws.sql_table(t) +
             " t ORDER BY t.hl_row";
    return "SELECT " + column_list(tcols, "t") + ", g.geom AS geom FROM " + ws.sql_table(t) +
           " t LEFT JOIN " + ws.sql_table(*l) + " g ON g." + quote_ident(key) + " = t." +
           quote_ident(key) + " ORDER BY t.hl_row";
  };
  if (what.rfind("layer:", 0) == 0) {
    const std::string name = what.substr(6);
    const DatasetInfo d = require_dataset(ws, name, run, what);
    s.name = name;
    s.epsg = d.epsg;
    s.sql = "SELECT " + column_list(ws.columns(d), "t") + (d.epsg > 0 ? ", t.geom AS geom" : "") +
            " FROM " + ws.sql_table(d) + " t ORDER BY t.hl_row";
  } else if (what == "screened") {
    const DatasetInfo p = require_dataset(ws, "parcels", run, what);
    const DatasetInfo g = require_dataset(ws, "grades", run, what);
    const auto pcols = ws.columns(p);
    s.epsg = p.epsg;
    std::vector<std::string> skip;
    for (const auto& c : pcols) skip.push_back(c.name);  // parcels' own columns win
    const std::string gcols = column_list(ws.columns(g), "g", skip);
    s.sql = "SELECT " + column_list(pcols, "p") + (gcols.empty() ? "" : ", " + gcols) +
            (p.epsg > 0 ? ", p.geom AS geom" : "") + " FROM " + ws.sql_table(p) + " p JOIN " +
            ws.sql_table(g) + " g ON g.parcel_id = p.parcel_id ORDER BY p.hl_row";
    s.id_field = "parcel_id";
  } else if (what == "facts") {
    s.sql = with_geometry(require_dataset(ws, "facts", run, what), "parcels", "parcel_id");
    s.id_field = "parcel_id";
  } else if (what == "ranking") {
    s.sql = with_geometry(require_dataset(ws, "ranking", run, what), "projects", "project_id");
    s.id_field = "project_id";
  } else if (what == "findings" || what == "verdicts" || what == "grades") {
    const DatasetInfo d = require_dataset(ws, what, run, what);
    s.sql = "SELECT " + column_list(ws.columns(d), "t") + " FROM " + ws.sql_table(d) +
            " t ORDER BY t.hl_row";
    s.id_field = what == "verdicts" ? "request_id" : what == "grades" ? "parcel_id" : "subject_id";
  } else {
    throw Error(ErrorKind::BadInput, "unknown --what '" + what +
                                         "' (layer:NAME, facts, screened, findings, verdicts, "
                                         "ranking, grades)");
  }
  return s;
}

}  // namespace hubland::layers

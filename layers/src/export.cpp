// The export driver: options checked, the source opened, fields and geometry type planned,
// features copied into GeoPackage, GeoJSON, CSV or XLSX (shapefiles: export_shapefile.cpp),
// the report written, and the staged files moved into place. See export.hpp for the contract.
#include "hubland/layers/export.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "export_job.hpp"
#include "gdal_raii.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/table_rows.hpp"
#include "layer_styles.hpp"

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
  if (field_names == FieldNames::Zh) {
    j["field_names"] = to_string(field_names);
    auto& c = j["renamed"] = nlohmann::ordered_json::array();
    for (const auto& r : renamed) c.push_back({{"field", r.field}, {"name", r.short_name}});
  }
  return j.dump(2) + "\n";
}

namespace {

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

void open_source(OpenedSource& out, const ExportSource& src,
                 const std::optional<std::string>& where) {
  register_gdal_drivers();
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

}  // namespace

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

OGRGeometryUniquePtr to_unified(OGRGeometryUniquePtr g, OGRwkbGeometryType target) {
  if (!g) return g;
  // The forceTo* functions take ownership and return the converted (or same) geometry.
  switch (target) {
    case wkbMultiPolygon:
      return OGRGeometryUniquePtr(OGRGeometryFactory::forceToMultiPolygon(g.release()));
    case wkbMultiLineString:
      return OGRGeometryUniquePtr(OGRGeometryFactory::forceToMultiLineString(g.release()));
    case wkbMultiPoint:
      return OGRGeometryUniquePtr(OGRGeometryFactory::forceToMultiPoint(g.release()));
    default:
      return g;
  }
}

std::string stem_of(const std::string& output) {
  return fs::path(output).stem().string();
}

Exporter::Exporter(OGRLayer& src, const std::string& source_name, const std::string& id_field,
                   int epsg, const ExportOptions& opt)
    : m_src(src), m_opt(opt) {
  m_report.format = opt.format;
  m_report.output = opt.output;
  m_report.where = opt.where.value_or("");
  m_report.field_names = opt.field_names;
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
  const bool attributes_only = opt.format == ExportFormat::Csv || opt.format == ExportFormat::Xlsx;
  const ExportVocabulary& vocab = ExportVocabulary::bundled();
  OGRFeatureDefn* d = src.GetLayerDefn();
  std::set<std::string> source_names;
  for (int i = 0; i < d->GetFieldCount(); ++i)
    source_names.insert(d->GetFieldDefn(i)->GetNameRef());
  std::set<std::string> output_names;
  for (int i = 0; i < d->GetFieldCount(); ++i) {
    const OGRFieldDefn* f = d->GetFieldDefn(i);
    FieldPlan p;
    p.source = p.name = f->GetNameRef();
    p.type = (f->GetType() == OFTInteger || f->GetType() == OFTInteger64) ? OFTInteger64
             : f->GetType() == OFTReal                                    ? OFTReal
                                                                          : OFTString;
    if (opt.field_names == FieldNames::Zh) {
      // A Chinese name another column already has (as read, or given) is not taken twice.
      const std::string zh = vocab.zh_name(p.source);
      if (zh != p.source && !source_names.count(zh) && !output_names.count(zh)) {
        p.name = zh;
        m_report.renamed.push_back({p.source, p.name});
      }
    }
    output_names.insert(p.name);
    // Spreadsheets get dates and numbers as typed cells, not text that looks like them.
    if (attributes_only && p.type == OFTString)
      if (const auto t = vocab.types.find(p.source); t != vocab.types.end()) {
        p.type = t->second == "date" ? OFTDate : OFTReal;
        p.from_text = true;
      }
    m_fields.push_back(p);
  }
  m_id_index = id_field.empty() ? -1 : d->GetFieldIndex(id_field.c_str());
  if (m_id_index < 0)
    for (const char* candidate : {"parcel_id", "project_id", "request_id", "subject_id", "zone_id"})
      if ((m_id_index = d->GetFieldIndex(candidate)) >= 0) break;
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

ExportReport Exporter::run() {
  switch (m_opt.format) {
    case ExportFormat::Shapefile:
      return shapefile();
    case ExportFormat::GeoPackage:
      return generic("GPKG");
    case ExportFormat::GeoJson:
      return generic("GeoJSON");
    case ExportFormat::Csv:
      return generic("CSV");
    case ExportFormat::Xlsx:
      return generic("XLSX");
  }
  return m_report;
}

// A layer typed GEOMETRY (e.g. a workspace query): decide from the first shape.
OGRwkbGeometryType Exporter::peek_geometry_type() {
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

std::string Exporter::feature_label(OGRFeature& f) const {
  if (m_id_index >= 0 && f.IsFieldSetAndNotNull(m_id_index)) return f.GetFieldAsString(m_id_index);
  return "fid " + std::to_string(f.GetFID());
}

void Exporter::check_geometry(const OGRGeometry* g, OGRFeature& f) const {
  if (!g || m_geom_type == wkbUnknown || m_geom_type == wkbNone) return;
  if (unified(g->getGeometryType()) != m_geom_type)
    throw Error(ErrorKind::Geometry,
                std::string("mixed geometry types: a ") + g->getGeometryName() + " in a layer of " +
                    OGRGeometryTypeToName(m_geom_type) + " (a shapefile holds one type)",
                Where{.layer = m_name, .feature = feature_label(f)});
}

OGRLayer* Exporter::create_layer(GDALDataset& ds, const std::string& name,
                                 const std::vector<std::string>& options, const std::string& path) {
  CPLErrorReset();
  OGRLayer* l = ds.CreateLayer(name.c_str(), m_srs.get(), m_geom_type, to_csl(options).List());
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

void Exporter::copy_feature(OGRFeature& in, OGRLayer& out, const std::string& path) {
  OGRFeatureUniquePtr f(OGRFeature::CreateFeature(out.GetLayerDefn()));
  const int n = static_cast<int>(m_fields.size());
  for (int i = 0; i < n; ++i) {
    if (!in.IsFieldSetAndNotNull(i)) continue;
    if (m_fields[static_cast<std::size_t>(i)].from_text) {
      set_typed(in, *f, i);
      continue;
    }
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
    // Owned from the moment it is taken: check_geometry may throw.
    if (OGRGeometryUniquePtr g{in.StealGeometry()}) {
      check_geometry(g.get(), in);
      f->SetGeometryDirectly(to_unified(std::move(g), m_geom_type).release());
    }
  }
  if (out.CreateFeature(f.get()) != OGRERR_NONE)
    gdal_fail(ErrorKind::Io, "cannot write feature " + feature_label(in), path);
}

// A text value written as a date or a number; "" is no value, anything unparsable an error.
void Exporter::set_typed(OGRFeature& in, OGRFeature& out, int i) {
  const FieldPlan& p = m_fields[static_cast<std::size_t>(i)];
  const std::string text = in.GetFieldAsString(i);
  if (text.empty()) return;
  std::string why;
  if (p.type == OFTDate) {
    if (iso_day_number(text)) {
      out.SetField(i, std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                   std::stoi(text.substr(8, 2)));
      return;
    }
    why = "is not an ISO date (YYYY-MM-DD)";
  } else {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0' && std::isfinite(v)) {  // no "nan", "inf"
      out.SetField(i, v);
      return;
    }
    why = "is not a number";
  }
  throw Error(ErrorKind::BadInput, "'" + text + "' " + why,
              Where{.file = m_source_label.empty() ? m_opt.output : m_source_label,
                    .layer = m_name,
                    .feature = feature_label(in),
                    .field = p.source});
}

ExportReport Exporter::generic(const char* driver_name) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!drv) throw Error(ErrorKind::Internal, std::string("GDAL has no driver ") + driver_name);
  StagedOutput staging(m_opt.output);
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
    // The .csvt gives readers (GDAL, QGIS) the column types the text cannot carry, so text
    // that looks like a number needs no quotes; quoting "if ambiguous" would also quote every
    // integer (GDAL 3.6 treats all but reals as text there).
    layer_opts = {"LINEFORMAT=LF", "CREATE_CSVT=YES", "STRING_QUOTING=IF_NEEDED",
                  std::string("WRITE_BOM=") + (m_opt.bom == Bom::Yes ? "YES" : "NO")};
  if (m_opt.format == ExportFormat::GeoPackage) layer_opts = {"GEOMETRY_NAME=geom", "FID=fid"};
  std::string name = m_name;
  if (m_opt.format == ExportFormat::Xlsx && name.size() > 31) name.resize(31);  // sheet names
  ScopedGdalConfig fixed_date("OGR_CURRENT_DATE", kFixedGpkgDate);
  {
    CPLErrorReset();
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      gdal_fail(ErrorKind::Io, std::string("cannot create ") + driver_name + " file", m_opt.output);
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
    {
      QuietGdalErrors quiet;  // reported below, as an Error
      CPLErrorReset();
      ds.reset();  // closes (and for XLSX, writes) the file before it is moved
    }
    // A failure on close only shows as a logged error (XLSX is zipped there; GDAL's /vsizip/
    // mistakes a folder named like "a.xlsx…" for the archive): never report it as written.
    if (CPLGetLastErrorType() == CE_Failure || !fs::exists(tmp))
      gdal_fail(ErrorKind::Io, std::string("cannot write the ") + driver_name + " file",
                m_opt.output);
    if (m_opt.format == ExportFormat::Xlsx &&
        std::any_of(m_fields.begin(), m_fields.end(),
                    [](const FieldPlan& p) { return p.type == OFTDate; }))
      xlsx_iso_dates(tmp, m_opt.output);
  }
  finish(staging);
  return m_report;
}

void Exporter::add_style(GDALDataset& ds, const std::string& layer) {
  StyleKind kind = m_opt.style;
  std::string grade_field;  // the grade column's output name (等级 with FieldNames::Zh)
  for (const auto& f : m_fields)
    if (f.source == "grade") grade_field = f.name;
  if (kind == StyleKind::Auto) {
    const bool has_grade = !grade_field.empty();
    std::string lname = layer;
    for (char& c : lname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    kind = has_grade                                       ? StyleKind::Grades
           : lname.find("constraint") != std::string::npos ? StyleKind::Constraints
                                                           : StyleKind::None;
  }
  if (kind == StyleKind::None || m_geom_type == wkbNone) return;
  m_report.style = kind == StyleKind::Grades ? "grades" : "constraints";
  write_layer_style(ds, layer, kind, m_opt.output, grade_field.empty() ? "grade" : grade_field);
}

void Exporter::finish(StagedOutput& staging) {
  const std::string stem = stem_of(m_opt.output);
  // The report lists the files it sits among, so name them before writing it.
  std::vector<std::string> names = staging.file_names();
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

ExportReport export_features(const ExportSource& source, const ExportOptions& options) {
  OpenedSource src;
  open_source(src, source, options.where);
  Exporter ex(*src.layer, source.name, source.id_field, source.epsg, options);
  ex.set_source_label(source.connection.rfind("PG:", 0) == 0 ? "PostgreSQL workspace"
                                                             : source.connection);
  return ex.run();
}

ExportReport export_table(const Table& table, const std::vector<geo::Wkb>* geometry, int epsg,
                          const std::string& name, const ExportOptions& options) {
  register_gdal_drivers();
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
  for_each_row(table, [&](std::size_t r, std::span<const RowCell> cells) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const int i = static_cast<int>(c);
      const RowCell& cell = cells[c];
      if (cell.null) continue;
      switch (cell.type) {
        case FieldType::Integer:
          f->SetField(i, static_cast<GIntBig>(cell.integer));
          break;
        case FieldType::Real:
          f->SetField(i, cell.real);
          break;
        case FieldType::Text:
          f->SetField(i, cell.text_data);  // NUL-terminated, as Table::text_at's bytes are
          break;
      }
    }
    if (geometry && !(*geometry)[r].empty()) {
      OGRGeometryUniquePtr g = ogr_from_wkb((*geometry)[r], srs_ptr);
      if (!g)
        throw Error(ErrorKind::Geometry, "malformed WKB",
                    Where{.layer = name, .feature = std::to_string(r)});
      f->SetGeometryDirectly(g.release());
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail(ErrorKind::Internal, "cannot build the in-memory layer", name);
  });
  if (options.where && !options.where->empty()) {
    QuietGdalErrors quiet;
    CPLErrorReset();
    if (layer->SetAttributeFilter(options.where->c_str()) != OGRERR_NONE)
      gdal_fail(ErrorKind::BadInput, "the --where expression was rejected", name);
  }
  Exporter ex(*layer, name, "", epsg, options);
  return ex.run();
}

}  // namespace hubland::layers

// The shapefile writer: every string checked to encode and every record sized before
// anything is written, short field names with their map, parts under the size limit, and the
// sidecars (.cpg, DBF code page, fieldmap.csv).
#include <algorithm>
#include <cstdio>
#include <fstream>

#include "export_job.hpp"
#include "gdal_raii.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/encoding.hpp"

namespace hubland::layers {

namespace {

// The DBF header's "last update" date, fixed so that outputs depend on their inputs only
// (GeoPackages get kFixedGpkgDate).
constexpr const char* kFixedDbfDate = "2000-01-01";

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

}  // namespace

ExportReport Exporter::shapefile() {
  TextEncoder enc(m_opt.encoding);
  m_report.encoding = enc.name();
  std::vector<std::string> long_names, preferred;
  const ExportVocabulary& vocab = ExportVocabulary::bundled();
  for (const auto& f : m_fields) {
    long_names.push_back(f.name);
    // The documented short form belongs to the Chinese name only.
    const auto s = vocab.zh_short.find(f.source);
    preferred.push_back(f.name != f.source && s != vocab.zh_short.end() ? s->second : "");
  }
  m_report.field_map = shapefile_field_names(long_names, enc.name(), preferred);
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
    if (f.type == OFTReal) ignored.push_back(f.source);
  m_src.SetIgnoredFields(const_cast<const char**>(to_csl(ignored).List()));
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
            failures.push_back("feature " + feature_label(*f) + ", field " + m_fields[i].name +
                               ": '" + s + "' " + why);
        }
      } else if (m_fields[i].type == OFTInteger64) {
        int_digits[i] = std::max(int_digits[i], std::to_string(f->GetFieldAsInteger64(fi)).size());
      }
    }
    failing += bad ? 1 : 0;
    const OGRGeometry* g = m_geom_type == wkbNone ? nullptr : f->GetGeometryRef();
    if (g) check_geometry(g, *f);
    // Polygon and MultiPolygon (LineString and MultiLineString) have the same record
    // content in a .shp, so only a point bound for a multipoint layer, and curves, need the
    // converted shape to be sized.
    OGRGeometryUniquePtr converted;
    if (g) {
      const auto t = wkbFlatten(g->getGeometryType());
      const bool simple = t == wkbPolygon || t == wkbMultiPolygon || t == wkbLineString ||
                          t == wkbMultiLineString || t == wkbMultiPoint ||
                          (t == wkbPoint && m_geom_type == wkbPoint);
      if (!simple) {
        converted = to_unified(OGRGeometryUniquePtr(g->clone()), m_geom_type);
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
    if (p.type == OFTInteger64) p.width = static_cast<int>(std::max<std::size_t>(int_digits[i], 1));
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
  StagedOutput staging(m_opt.output);
  const std::string stem = stem_of(m_opt.output);
  part_start.push_back(shp_record.size());
  m_src.ResetReading();
  for (std::size_t part = 0; part + 1 < part_start.size(); ++part) {
    const std::string pstem = part_start.size() == 2 ? stem : stem + "_" + std::to_string(part + 1);
    const std::string tmp = staging.path(pstem + ".shp");
    CPLErrorReset();
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) gdal_fail(ErrorKind::Io, "cannot create the shapefile", m_opt.output);
    OGRLayer* out = create_layer(*ds, pstem,
                                 {"ENCODING=" + enc.name(), "2GB_LIMIT=YES", "SPATIAL_INDEX=NO",
                                  std::string("DBF_DATE_LAST_UPDATE=") + kFixedDbfDate},
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

}  // namespace hubland::layers

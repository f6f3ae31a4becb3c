#pragma once
// The state shared by the export writers (export.cpp: GDAL formats and the driver;
// export_shapefile.cpp: the shapefile writer): what is exported, to which fields and
// geometry type, and the report being built.

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

#include "hubland/layers/export.hpp"
#include "hubland/layers/sink.hpp"

namespace hubland::layers {

struct FieldPlan {
  std::string name;        // output name
  std::string source;      // name as read (what --where and the vocabulary see)
  OGRFieldType type;       // OFTInteger64, OFTReal, OFTString; OFTDate (CSV/XLSX, from text)
  bool from_text = false;  // a text column written typed (the vocabulary's [types])
  int width = 0;           // shapefile only
  int precision = 0;
};

/// Geometry type unification: one multi type per layer.
OGRwkbGeometryType unified(OGRwkbGeometryType t);
/// `g` converted to `target` (from unified()); null stays null.
OGRGeometryUniquePtr to_unified(OGRGeometryUniquePtr g, OGRwkbGeometryType target);

std::string stem_of(const std::string& output);

/// Sets the XLSX at `path` (written by GDAL) to show date cells as YYYY-MM-DD (export_xlsx.cpp);
/// Error(Io) naming `shown` on failure.
void xlsx_iso_dates(const std::string& path, const std::string& shown);

class Exporter {
 public:
  Exporter(OGRLayer& src, const std::string& source_name, const std::string& id_field, int epsg,
           const ExportOptions& opt);
  ExportReport run();
  /// The source as named in messages about its values (default: the output).
  void set_source_label(const std::string& label) { m_source_label = label; }

 private:
  OGRwkbGeometryType peek_geometry_type();
  std::string feature_label(OGRFeature& f) const;
  void check_geometry(const OGRGeometry* g, OGRFeature& f) const;
  OGRLayer* create_layer(GDALDataset& ds, const std::string& name,
                         const std::vector<std::string>& options, const std::string& path);
  void copy_feature(OGRFeature& in, OGRLayer& out, const std::string& path);
  void set_typed(OGRFeature& in, OGRFeature& out, int i);
  ExportReport generic(const char* driver_name);
  void add_style(GDALDataset& ds, const std::string& layer);
  ExportReport shapefile();  // export_shapefile.cpp
  void finish(StagedOutput& staging);

  OGRLayer& m_src;
  const ExportOptions& m_opt;
  ExportReport m_report;
  std::string m_name;
  std::vector<FieldPlan> m_fields;
  int m_id_index = -1;
  OGRwkbGeometryType m_geom_type = wkbNone;
  std::unique_ptr<OGRSpatialReference> m_srs;
  std::string m_source_label;
};

}  // namespace hubland::layers

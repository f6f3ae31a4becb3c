#pragma once
// Private to hubland_layers: the steps of read_layer (reader.cpp), one job each.
//  - plan_columns (reader_columns.cpp): field mapping, the output table's columns;
//  - read_features (reader_features.cpp): per-feature decoding and validation of attributes
//    and geometry, in source order, while GDAL reads ahead on a worker (feature_prefetch.hpp);
//  - process_geometries (reader_geometry.cpp): reprojection, validation/repair and area on
//    worker threads.
// read_layer opens the source, chooses the layer and CRS, runs the steps and reports.

#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/schema.hpp"
#include "hubland/layers/table.hpp"
#include "source.hpp"

namespace hubland::layers::detail {

/// Adds problems to an import report with its file and layer filled in.
struct ProblemLog {
  ImportReport& report;
  std::string file;
  std::string layer;
  /// The first stopping problem: rethrown unchanged when it is the layer's only error.
  mutable std::optional<Error> first_stop;
  void add(Severity severity, const char* code, const std::string& feature,
           const std::string& field, const std::string& message) const {
    report.problems.push_back({severity, code, file, layer, feature, field, message});
  }
  /// Records a problem that stops the import (an error with `e`'s feature, field and message,
  /// counted in report.stops) and lets the read go on, so that one run finds them all.
  void stop(const char* code, const Error& e) const;
  /// After the whole layer was looked at: throws when anything stopped it — the one stopping
  /// Error unchanged when it is the only error, else one Error listing every error of the
  /// layer (the first 20 in the message; the report holds all).
  void throw_if_stopped() const;
};

/// How one output column is fed.
struct ColumnFeed {
  std::size_t column = 0;  // in the output table
  int source = -1;         // OGR field index
  FieldType type = FieldType::Text;
  OGRFieldType source_type = OFTString;
  Range range = Range::Any;
  std::string name;  // canonical (or carried) name
  bool enumerated = false;
};

struct ColumnPlan {
  std::vector<ColumnFeed> feeds;
  std::size_t fid_col = 0;
  std::size_t id_col = 0;
  std::size_t area_col = 0;  ///< polygon roles only
  std::size_t mu_col = 0;    ///< polygon roles only
  bool id_given = false;     ///< a source field feeds the role's id column
};

/// Adds the output columns to `t` — fid, the role's fields, carried source fields, then area
/// for polygon roles — and says where each is fed from. Reports source fields that clash with
/// a HubLand column; a missing required field of the role is a stop (Error(Schema)).
ColumnPlan plan_columns(Role role, OGRLayer* ogr, const std::vector<std::string>& names,
                        const ReadOptions& options, Table& t, const ProblemLog& log);

/// What read_features keeps of the accepted features.
struct FeatureRows {
  std::size_t rows = 0;            ///< accepted rows, at the top of the table
  std::vector<geo::Wkb> geometry;  ///< 2D little-endian ISO WKB per row (geometry roles)
  geo::Envelope extent;            ///< of every geometry read, also of rejected features
  /// (hash of id, row) of accepted rows when the role needs unique ids.
  std::vector<std::pair<std::uint64_t, std::size_t>> id_hashes;
  std::size_t ids_from_fid = 0;  ///< rows whose optional id was absent: "fid N"
  bool with_sqlite = false;      ///< the rows of a GeoPackage were read with SQLite
  std::size_t through_gdal = 0;  ///< with SQLite: features GDAL read (geometry not plain)
};

/// Where the features come from, for read_features's choice of how to read them.
struct FeatureSource {
  std::string driver;  ///< OGR driver short name
  std::string path;    ///< the file GDAL opened
  /// A GeoPackage feature table's rows may be read with SQLite (gpkg_rows.hpp); false: every
  /// source through GDAL's features.
  bool gpkg_with_sqlite = true;
};

/// Reads every feature into `t` (attributes decoded with `dec` and validated against the
/// role) and collects its geometry when `with_geometry`. Null/empty geometries and bad values
/// are reported and their features left out; a wrong geometry type, undecodable text or a
/// read failure is a stop (log.stop) and the read goes on (after a read failure: ends).
/// An optional id left out gets "fid N" from the source FID. The values and messages are the
/// same whichever way `source` is read.
FeatureRows read_features(OGRLayer* ogr, const FeatureSource& source, Role role,
                          const ColumnPlan& plan, Decoder& dec, Table& t, const ProblemLog& log,
                          bool with_geometry);

struct GeomResult {
  enum class Status : std::uint8_t { Ok, Repaired, Skipped, Failed };
  geo::Wkb wkb;
  double area_m2 = 0;
  Status status = Status::Ok;
  ErrorKind error_kind = ErrorKind::Geometry;
  std::string note;  // GEOS's reason (Repaired), why (Skipped), the message (Failed)
};

/// Reprojects every geometry from `source_crs` to EPSG:`working_epsg` (first taking each
/// vertex from the web map `datum` back to WGS 84 when it is not None) and, for polygons,
/// validates (repairing, skipping or failing per `on_invalid`) and measures it, on `threads`
/// threads (0: all cores). Results are in input order whatever the thread count; a geometry's
/// own failure is a Failed result, anything else throws. Consumes `raw`.
std::vector<GeomResult> process_geometries(std::vector<geo::Wkb>& raw,
                                           const std::string& source_crs, int working_epsg,
                                           bool polygonal, OnInvalid on_invalid, int threads,
                                           geo::WebDatum datum = geo::WebDatum::None);

}  // namespace hubland::layers::detail

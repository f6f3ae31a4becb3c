#pragma once
// Reading bureau layers: any OGR vector source -> a normalised Layer plus an ImportReport.
//
// Pipeline per layer: open (path, "path|layer", zip, connection string) -> map fields to the
// role schema (aliases from layers/data/field_aliases.toml, --map overrides) -> decide the text
// encoding (.cpg, then DBF LDID, then --encoding, else detect GBK/GB18030 or stop) -> read the
// CRS (.prj / source; --assume-crs when missing; extent checked against the CRS area of use)
// -> reproject to the working CRS -> validate geometry (null/empty skipped, invalid repaired
// with MakeValid, wrong type rejected) and attributes (required fields, numeric text,
// negative areas, duplicate ids) -> area_m2 / area_mu computed in the working CRS.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/web_datum.hpp"
#include "hubland/layers/layer.hpp"

namespace hubland::layers {

enum class OnInvalid { Repair, Skip, Fail };
enum class Severity { Info, Warning, Error };
const char* to_string(Severity s) noexcept;

/// One problem found while reading: where it is and what it is.
struct Problem {
  Severity severity = Severity::Warning;
  std::string code;  ///< stable code, e.g. "geometry-repaired", "duplicate-id", "text-in-number"
  std::string file;
  std::string layer;
  std::string feature;  ///< feature id (role id) or "fid N"
  std::string field;
  std::string message;
};

struct ReadOptions {
  std::optional<std::string> encoding;    ///< --encoding (e.g. "GBK"); overrides detection only
                                          ///< when no .cpg / LDID decides
  std::optional<std::string> assume_crs;  ///< --assume-crs for sources without a CRS
  std::optional<int> working_epsg;        ///< working CRS; chosen from the data when unset
  std::map<std::string, std::string> field_map;  ///< --map target=source overrides
  OnInvalid on_invalid = OnInvalid::Repair;
  /// --aliases: an extra field-alias file read after the shipped one and $HUBLAND_ALIASES.
  std::optional<std::string> aliases_file;
  /// Threads for reprojection / validation / areas (0: hardware concurrency). The result is
  /// identical for any count.
  int threads = 0;
  /// --datum / offset: the lon/lat were digitised on a web map (GCJ-02, BD-09); every vertex
  /// is taken back to WGS 84 by the inverse transform before reprojection. Only for layers in
  /// EPSG:4326 or EPSG:4490 (Error(Crs) naming the file otherwise).
  geo::WebDatum datum = geo::WebDatum::None;
  /// A GeoPackage feature table's rows are read with SQLite, its plain geometries kept as they
  /// are (what is not plain through GDAL, feature by feature); false reads every source
  /// through GDAL's features. The layer and the report are the same either way
  /// (docs/performance.md, "Reading a GeoPackage with SQLite").
  bool gpkg_with_sqlite = true;
};

struct ImportCounts {
  std::size_t read = 0;
  std::size_t imported = 0;
  std::size_t repaired = 0;
  std::size_t skipped = 0;   ///< null/empty geometries
  std::size_t rejected = 0;  ///< features with attribute errors
};

struct ImportReport {
  std::string source;
  std::string layer_name;
  std::string encoding;              ///< e.g. "UTF-8", "CP936"
  std::string encoding_source;       ///< ".cpg", "LDID", "--encoding", "detected", "source"
  std::string encoding_explanation;  ///< e.g. "DBF language driver byte 0x4D says CP936"
  std::string source_crs;            ///< name (EPSG:n) of the source CRS
  std::string crs_source;            ///< ".prj", "source", "--assume-crs"
  int working_epsg = 0;
  ImportCounts counts;
  std::vector<Problem> problems;
  /// Problems among `problems` that stopped the import (read_layer threw after recording
  /// them all); 0 when it did not stop, or stopped before the layer could be read at all.
  std::size_t stops = 0;
  /// How ids were made up when the role's optional id was left out, e.g. "constraint_id
  /// absent: ids taken from feature ids (fid N)"; "" when the source gave every id.
  std::string id_note;
  /// How the features were read: "GDAL" (its features) or "SQLite" (a GeoPackage feature
  /// table's rows, ReadOptions::gpkg_with_sqlite); with SQLite, how many of them GDAL read all
  /// the same because their geometry was not plain WKB (null, empty, curved, 3D, big-endian).
  std::string read_with;
  std::size_t read_through_gdal = 0;

  bool has_errors() const noexcept;
};

/// Read one layer for a role. Throws Error for conditions that stop the import. Those that
/// prevent reading at all (missing file, unknown layer, undecidable encoding) throw at once;
/// those found in the layer (missing CRS without --assume-crs, missing required fields,
/// undecodable text, wrong geometry types, an extent outside the CRS, a failed read) are
/// all recorded in `report` (report.stops) and then thrown as one Error listing every error
/// of the layer, per-feature ones included (the stopping Error itself when it is the only
/// one). Otherwise per-feature problems are collected in `report`: when any Problem of
/// Severity::Error was recorded the features concerned are not in the returned layer
/// (counts.rejected) and the caller decides whether to stop (import does: exit 2).
Layer read_layer(const std::string& source, Role role, const ReadOptions& options,
                 ImportReport& report);

/// What an import from a web map says it did: "converted from GCJ-02 (web-map offset) to WGS 84
/// by the inverse transform" (and a Chinese twin for bilingual output); "" for None.
std::string web_datum_note(geo::WebDatum datum);
std::string web_datum_note_zh(geo::WebDatum datum);

/// Write the problems of one or more reports as CSV (UTF-8, header
/// severity,code,file,layer,feature,field,message); atomic.
void write_problems_csv(const std::vector<ImportReport>& reports, const std::string& path);

}  // namespace hubland::layers

#pragma once
// Exports that open right in ArcGIS, QGIS and Excel (docs/design.md §10 P3–P6).
//
// Anything can be exported — a workspace layer, screened parcels with their grades, facts,
// findings, verdicts, the ranking, or any OGR file — filtered by an SQL WHERE, to:
//  - Shapefile: always .shp .shx .dbf .prj .cpg (a .prj only when the source has a CRS).
//    Text in UTF-8 (default) or CP936/GBK: every string is checked to encode *before* anything
//    is written; failing features are listed and nothing is written (Error Encoding). Field
//    names go through shapefile_field_names() (≤ 10 bytes in the target encoding, no silent
//    renames); the map is written as `<stem>.fieldmap.csv` and in the report. The size is
//    computed before writing: over the 2 GB limit is refused with a suggestion (GeoPackage,
//    --split), or split into `<stem>_1.shp`, `<stem>_2.shp`… with SplitMode::Split. Geometry
//    types are unified (Polygon -> MultiPolygon, LineString -> MultiLineString).
//  - GeoPackage: with a QGIS `layer_styles` row (grade colours A–D, hatched constraints) so
//    the layer opens styled in QGIS.
//  - GeoJSON: RFC 7946 (EPSG:4326, reprojected), coordinates rounded to `precision_digits`.
//  - CSV: UTF-8 (optional BOM for Excel), attributes only, with a .csvt of the column types.
//    XLSX: attributes only. Both write numbers as numbers and the text columns the export
//    vocabulary types as dates/numbers as typed cells.
//  - FieldNames::Zh: Chinese column names from the export vocabulary, in every format.
// Every export is atomic (built in a temporary folder next to the target, then renamed) and
// deterministic: the same source and options give byte-identical files (fixed DBF / GPKG
// dates). Each export also writes `<stem>.export.json`, the report.
//
// Failure modes: Error(BadInput) for an unknown --what, layer or format, a bad WHERE, an export
// over the size limit without --split, options that do not apply to the format;
// Error(Encoding) for text that does not encode; Error(Io) for unreadable sources or
// unwritable targets.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/shapefile_names.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

class Workspace;

enum class ExportFormat { Shapefile, GeoPackage, GeoJson, Csv, Xlsx };
/// "shp" | "gpkg" | "geojson" | "csv" | "xlsx" (also "shapefile", "json"); Error(BadInput).
ExportFormat export_format_from(const std::string& s);
const char* to_string(ExportFormat f) noexcept;

enum class SplitMode { Refuse, Split };
enum class Bom { No, Yes };
/// Column names of the output: En keeps the names as exported (canonical in a workspace, the
/// file's own for a file source); Zh writes the bureau's Chinese names from
/// layers/data/export_fields.toml (unlisted columns keep their name).
enum class FieldNames { En, Zh };
/// "en" | "zh"; Error(BadInput) naming the accepted values.
FieldNames field_names_from(const std::string& s);
const char* to_string(FieldNames f) noexcept;

/// Which QGIS style goes with a GeoPackage layer; Auto: grades when a `grade` field is
/// exported, hatching for constraint layers, none otherwise.
enum class StyleKind { Auto, None, Grades, Constraints };

struct ExportOptions {
  ExportFormat format = ExportFormat::GeoPackage;
  std::string output;                ///< target file (.shp, .gpkg, .geojson, .csv, .xlsx)
  std::string encoding = "UTF-8";    ///< shapefile text encoding (UTF-8 or GBK/CP936)
  std::optional<std::string> where;  ///< SQL boolean expression over the exported fields
  SplitMode split = SplitMode::Refuse;
  Bom bom = Bom::No;         ///< CSV only
  int precision_digits = 7;  ///< GeoJSON coordinate decimals (7 ≈ 1 cm)
  std::string layer_name;    ///< output layer name; default: the source's name
  StyleKind style = StyleKind::Auto;
  /// Per-file limit of a shapefile part (.shp and .dbf each). The format's hard limit is
  /// 2 GiB; tests lower it to exercise refusing and splitting.
  std::uint64_t shapefile_limit_bytes = 2147483647ull;
  FieldNames field_names = FieldNames::En;
};

/// The export vocabulary, layers/data/export_fields.toml: Chinese column names ([zh]), their
/// shapefile forms of ≤ 10 GBK bytes ([zh_short]), and text columns CSV/XLSX write typed
/// ([types]: "date" or "real").
struct ExportVocabulary {
  std::map<std::string, std::string> zh;
  std::map<std::string, std::string> zh_short;
  std::map<std::string, std::string> types;
  /// The bundled file, read once. Error(BadInput) naming file and key when malformed.
  static const ExportVocabulary& bundled();
  static ExportVocabulary load(const std::string& path);
  static std::string default_file();
  /// The Chinese name of `canonical`, or `canonical` itself when unlisted.
  std::string zh_name(const std::string& canonical) const;
};

/// Where the features come from: a GDAL dataset and a layer or an SQL query on it.
struct ExportSource {
  std::string connection;  ///< file path, or "PG:postgresql://…"
  std::string layer;       ///< layer name (when sql is empty); "" = the only layer
  std::string sql;         ///< SELECT in the dataset's own SQL dialect
  std::string name;        ///< what this is ("screened", "parcels"): default output layer name
  std::string id_field;    ///< field naming features in messages (parcel_id…); "" = FID
  int epsg = 0;  ///< CRS of the geometry when known (workspaces); 0 = as the source reports
};

/// The source for `what` in a workspace: "layer:NAME", "facts" (parcel facts with the parcel
/// geometry), "screened" (parcels joined with their grades and flags), "findings", "verdicts",
/// "ranking" (with the project geometry when stored). Datasets come from `run` when it holds
/// them, else from the newest completed run that does. Error(BadInput) when absent.
ExportSource workspace_export_source(const Workspace& ws, const std::string& what,
                                     std::optional<std::int64_t> run = {});
/// Any OGR-readable file: "path" or "path|layer".
ExportSource file_export_source(const std::string& path_and_layer);

struct ExportReport {
  ExportFormat format = ExportFormat::GeoPackage;
  std::string output;
  std::vector<std::string> files;  ///< every file written, in name order
  std::size_t features = 0;
  std::size_t parts = 1;              ///< shapefile parts (SplitMode::Split)
  std::string encoding;               ///< shapefile: "UTF-8" or "CP936"
  std::uint64_t estimated_bytes = 0;  ///< shapefile: .shp + .shx + .dbf, computed before writing
  std::vector<ShortName> field_map;   ///< shapefile: long -> short field names
  std::string style;                  ///< GeoPackage: "grades", "constraints" or ""
  std::string where;
  FieldNames field_names = FieldNames::En;
  /// Zh: every column renamed, as {field: name as read, short_name: name written}.
  std::vector<ShortName> renamed;
  /// The report as JSON (what `<stem>.export.json` holds and `--json` prints).
  std::string to_json() const;
};

/// Streams the source's features into the target; see the file comment for the contract.
ExportReport export_features(const ExportSource& source, const ExportOptions& options);

/// Exports an in-memory table (with one WKB per row in `epsg`, or no geometry when null).
ExportReport export_table(const Table& table, const std::vector<geo::Wkb>* geometry, int epsg,
                          const std::string& name, const ExportOptions& options);

}  // namespace hubland::layers

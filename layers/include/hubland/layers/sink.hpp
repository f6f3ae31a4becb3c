#pragma once
// Writing tables and layers atomically.
//
// Two mechanisms, used by every writer of final outputs: StagedOutput (a temporary folder next
// to the target whose files are fsync'ed and renamed into place together) and
// write_file_atomic (one file: temp file, fsync, rename).
//
// VectorSink writes one or more layers into a new OGR dataset built in a temporary folder next
// to the target; commit() renames the finished files into place. A sink destroyed without
// commit() (an exception, a rejected input) removes its temporary files, so a crash or an error
// never leaves a half-written output, and an existing file at the target is replaced only by a
// complete one.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/insert_help.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

enum class GeometryKind {
  None,
  Point,
  LineString,
  Polygon,
  MultiPolygon,
  MultiLineString,
  Unknown
};

struct SinkLayerOptions {
  GeometryKind geometry_kind = GeometryKind::Unknown;
  int epsg = 0;  ///< CRS of the geometry (0: none)
  /// Extra OGR layer creation options, "KEY=VALUE" (e.g. "ENCODING=CP936" for shapefiles).
  std::vector<std::string> creation_options;
  /// Optional per-column output names (same order as the table's columns); empty = same names.
  std::vector<std::string> field_names;
  /// A thread that helps with the rows of a GeoPackage attribute table (insert_help.hpp).
  InsertHelp* insert_help = nullptr;
};

/// A temporary folder next to `target` in which one or more output files are built (a
/// dataset, shapefile parts, sidecars). commit() fsyncs them and renames each next to the
/// target; destroyed without commit() it removes the folder, so an error never leaves a
/// half-written file and an existing target is only ever replaced by a complete one.
class StagedOutput {
 public:
  explicit StagedOutput(const std::string& target);
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  /// Where to build the file named `filename` (no folder part).
  std::string path(const std::string& filename) const;
  /// The temporary folder.
  const std::string& dir() const noexcept { return m_dir; }
  /// The file names built so far, sorted.
  std::vector<std::string> file_names() const;
  /// Moves every built file into the target's folder, the files with the target's extension
  /// (.shp, .gpkg, …) last, so a reader never finds one before its sidecars; an old file of
  /// that extension is removed first, so a kill in between leaves no dataset rather than a
  /// mixed one (the next StagedOutput in that folder finishes the move). Returns their paths.
  /// Throws Error(Io) when a file cannot be synced or moved; the files moved before the
  /// failure are taken back and the ones they replaced restored.
  std::vector<std::string> commit();

 private:
  std::string m_target;
  std::string m_parent;
  std::string m_dir;
  bool m_committed = false;
};

class VectorSink {
 public:
  /// driver: an OGR driver short name ("GPKG", "ESRI Shapefile", "GeoJSON", "CSV", "XLSX").
  VectorSink(std::string path, std::string driver, std::vector<std::string> dataset_options = {});
  ~VectorSink();
  VectorSink(const VectorSink&) = delete;
  VectorSink& operator=(const VectorSink&) = delete;

  /// Adds a layer with the table's rows; geometry (working-CRS WKB, one per row) may be null.
  void add_layer(const std::string& name, const Table& table, const std::vector<geo::Wkb>* geometry,
                 const SinkLayerOptions& options = {});
  /// Run an SQL statement on the open dataset (e.g. to fill GeoPackage's layer_styles).
  void execute_sql(const std::string& sql);
  /// Closes the dataset and moves its files into place. Throws Error(Io) on failure.
  void commit();
  /// Folder where the dataset is being built (files end up next to `path`).
  const std::string& temp_dir() const noexcept { return m_staging.dir(); }

 private:
  struct Impl;
  std::string m_path;
  // Declared before m_impl so that the dataset closes before its folder is removed.
  StagedOutput m_staging;
  std::unique_ptr<Impl> m_impl;
};

/// Sets a GDAL configuration option for the current thread while alive, then restores it.
class ScopedGdalConfig {
 public:
  ScopedGdalConfig(const char* key, const char* value);
  ~ScopedGdalConfig();
  ScopedGdalConfig(const ScopedGdalConfig&) = delete;
  ScopedGdalConfig& operator=(const ScopedGdalConfig&) = delete;

 private:
  const char* m_key;
  std::optional<std::string> m_old;
};

/// The creation/change date written into every GeoPackage HubLand makes (OGR_CURRENT_DATE):
/// the same inputs give the same bytes.
inline constexpr const char* kFixedGpkgDate = "2026-01-01T00:00:00.000Z";

struct CsvOptions {
  bool bom = false;  ///< UTF-8 BOM so that Excel opens Chinese text right
};

/// Write a table as RFC 4180 CSV (UTF-8, header row, "\n" line ends, reals in shortest
/// round-trip form), atomically.
void write_csv(const Table& table, const std::string& path, const CsvOptions& options = {});

/// Write bytes to `path` atomically (temp file in the same folder, fsync, rename).
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace hubland::layers

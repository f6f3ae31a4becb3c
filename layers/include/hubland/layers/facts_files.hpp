#pragma once
// The files of `hubland overlay`: DIR/facts.gpkg (parcel_facts, project_facts, isochrones) and
// DIR/facts.csv (+ DIR/project_facts.csv), each written atomically. One writer for the command
// and its benchmark (bench/bench_overlay.cpp), so that the benchmark times what users run.
//
// The CSVs are written on a second thread while the GeoPackage is; once they are done, that
// thread inserts GeoPackage rows from the back of the table (insert_help.hpp): the two cores
// share the write instead of one waiting for the other.

#include <cstddef>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/facts.hpp"

namespace hubland::layers {

struct FactsFilesOptions {
  /// Parcel and project polygons (working CRS `geometry_epsg`, one per row) to write as the
  /// layers' geometry; null: attribute tables.
  const std::vector<geo::Wkb>* parcel_geometry = nullptr;
  const std::vector<geo::Wkb>* project_geometry = nullptr;
  int geometry_epsg = 0;
};

struct FactsFiles {
  std::string gpkg, csv;  ///< DIR/facts.gpkg, DIR/facts.csv
  double gpkg_s = 0;      ///< the GeoPackage, from the start to its commit
  double csv_s = 0;       ///< the CSVs, on their own thread
  /// GeoPackage rows the CSV thread inserted once its files were written.
  std::size_t gpkg_rows_by_csv_thread = 0;
};

/// Writes the facts files into `dir` (made if missing). Throws Error(Io) naming the file when a
/// write fails; what was at those paths before stays as it was.
FactsFiles write_facts_files(const std::string& dir, const FactsResult& parcels,
                             const FactsResult* projects, const FactsFilesOptions& options = {});

}  // namespace hubland::layers

#pragma once
// The deterministic sample generator: the bundled Chongqing sample and benchmark workloads.
//
// Contract:
//  - Same Options -> byte-identical files on every machine: our own PRNG (splitmix64, no
//    std::*_distribution), coordinates rounded to 1 cm, GeoPackage timestamps fixed through
//    OGR_CURRENT_DATE (set by layers::VectorSink).
//  - Layout::Chongqing writes `chongqing.gpkg` (parcels, zones, hubs, constraints, roads,
//    projects, conversions, districts, ..., and parcels_2025: the parcels a year earlier) and
//    `districts.geojson` into the output folder.
//    Hubs sit at their real (approximate) sites; everything else but the districts is invented.
//  - Layout::Bench writes `bench.gpkg` with the overlay benchmark workload:
//    N parcels of about 3,600 m² on a grid, `zones` zones of 300–800 vertices, `hubs` hubs,
//    `constraints` constraint polygons of 50–300 vertices, a road grid.
//  - Projected layers are in EPSG:4545 (CGCS2000 3-degree GK, CM 108°E, metres); the Chongqing
//    hubs are in EPSG:4490 (lon/lat), districts in EPSG:4326 as published (really GCJ-02).
//  - Fields use the canonical names of docs/facts.md.
// Failure: throws hubland::Error (Io when a file cannot be read or written).

#include <cstdint>
#include <string>

namespace hubland::sample {

enum class Layout { Chongqing, Bench };

struct Options {
  std::uint64_t seed = 20261128;
  Layout layout = Layout::Chongqing;
  std::size_t parcels = 20000;     ///< target (Chongqing: about; Bench: exact)
  std::size_t zones = 200;         ///< Bench only
  std::size_t hubs = 30;           ///< Bench only
  std::size_t constraints = 5000;  ///< Bench only
  std::size_t projects = 80;
  std::size_t conversions = 200;
  /// Chongqing only: the ECharts district GeoJSON to copy (codes fixed); "" skips districts.
  std::string districts_source;
};

/// Feature counts written per layer.
struct Summary {
  std::size_t parcels = 0, zones = 0, hubs = 0, constraints = 0, roads = 0, projects = 0,
              conversions = 0, districts = 0;
  std::string gpkg_path;
  /// Chongqing only: the second evaluation year (layer parcels_2025, projects' started_date).
  std::size_t redeveloped = 0, recovered = 0, projects_started = 0;
};

/// Generate into `out_dir` (created when missing). Existing files are replaced atomically.
Summary generate(const Options& options, const std::string& out_dir);

}  // namespace hubland::sample

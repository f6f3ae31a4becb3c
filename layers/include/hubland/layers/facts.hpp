#pragma once
// Parcel and project facts: the overlay of parcels (or project sites) with zones, hubs,
// catchments, constraints and roads, as one table row per subject. The columns are the facts
// vocabulary of docs/facts.md (docs/design.md §4) — the names rules may use.
//
// The geometric work is done by the overlay engine in geo/ (GEOS, STRtree, threads); this is
// the bridge from Layers to it and from its results to a Table.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

struct FactsOptions {
  std::vector<double> rings_km = geo::default_rings_km();
  std::vector<double> isochrones_min = geo::default_isochrones_min();
  double access_speed_kmh = geo::kDefaultAccessSpeedKmh;
  double sliver_tolerance_m2 = geo::kDefaultSliverToleranceM2;
  int threads =
      geo::kDefaultThreads;  ///< 0: hardware concurrency; results are identical for any count
  /// Analysis date (YYYY-MM-DD) to which a parcel's idle_years is counted from its
  /// agreed_start_date; "" = today (UTC).
  std::string as_of;
  /// Classifies the land_survey's dlbm (a ruleset's [land_classes]); required when the inputs
  /// have a land_survey. Not owned.
  const LandClassTable* land_classes = nullptr;
  /// Called now and then with (done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  /// When set and true, the computation stops with Error(Cancelled).
  const std::atomic<bool>* cancel = nullptr;
  /// A directory where the overlay keeps its prepared zones, constraints and other polygon
  /// layers and finds them again when the same layers come back (docs/performance.md,
  /// "Prepared layers kept"); "": every overlay prepares them. Same facts either way.
  std::string prepared_cache_dir;
};

/// Where the programs keep prepared overlay layers: $HUBLAND_CACHE_DIR when set (empty: none),
/// else $XDG_CACHE_HOME/hubland/prepared, else $HOME/.cache/hubland/prepared; "" when none of
/// them is set.
std::string default_prepared_cache_dir();

/// Options from an analysis spec ([analysis] rings_km, isochrones_min, ...).
FactsOptions facts_options(const AnalysisSpec& spec);

struct FactsCounts {
  std::size_t subjects_in = 0;
  std::size_t with_facts = 0;
  std::size_t repaired = 0;  ///< subject and overlay geometries repaired (reader + overlay)
  std::size_t slivers_removed = 0;
  std::size_t network_nodes = 0;
  std::size_t network_edges = 0;
  std::size_t layers_prepared = 0;    ///< polygon layers the overlays needed prepared
  std::size_t layers_from_cache = 0;  ///< of them, found in FactsOptions::prepared_cache_dir
};

struct FactsResult {
  /// One row per subject, keyed by parcel_id (or project_id), in input order; carried
  /// attributes of the subject layer come first, then the overlay facts (docs/facts.md). A
  /// carried column whose name is a facts column is renamed src_<name> (e.g. a project's
  /// declared zone_id becomes src_zone_id).
  Table facts;
  FactsCounts counts;
  /// Travel-time isochrones (parcel facts with a roads layer and isochrones_min): one row per
  /// hub and threshold, columns hub_id, hub_type, minutes, area_m2; polygons in `epsg`.
  Table isochrones;
  std::vector<geo::Wkb> isochrone_geometry;
  int epsg = 0;  ///< working CRS of isochrone_geometry
  /// What the facts could not establish from the data (e.g. unclassified 地类编码), one line
  /// each, for the run's report.
  std::vector<std::string> notes;
};

/// Facts for every parcel of `in` (needs parcels; zones, hubs, catchments, constraints and
/// roads are used when present).
FactsResult compute_parcel_facts(const AnalysisInputs& in, const FactsOptions& options);
/// The same facts for every project site (projects layer), plus on_low_efficiency_m2 = 0
/// (filled by the ranking once the screening is known).
FactsResult compute_project_facts(const AnalysisInputs& in, const FactsOptions& options);

}  // namespace hubland::layers

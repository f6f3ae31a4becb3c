#pragma once
// The analysis file (TOML, docs/design.md §7): which inputs, which ruleset, which parameters.
// Paths inside are relative to the file's folder; command-line flags override entries.
//
//   [inputs]                 # path, or path|layer
//   parcels = "chongqing.gpkg|parcels"
//   districts = { path = "districts.geojson", offset = "gcj02" }   # digitised on a web map
//   [analysis]
//   ruleset = "../../rulesets/chongqing-hub/ruleset.toml"
//   rings_km = [3, 10, 30]
//   quota_mu = 3000

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/layers/layer.hpp"
#include "hubland/layers/reader.hpp"

namespace hubland::layers {

struct AnalysisSpec {
  std::string file;                    ///< the analysis file itself ("" when built from flags)
  std::map<Role, std::string> inputs;  ///< role -> resolved source ("path" or "path|layer")
  /// role -> web-map offset of that input ({ path = ..., offset = "gcj02" | "bd09" }); the
  /// input is read as with `import --datum`. Roles not listed have none.
  std::map<Role, geo::WebDatum> offsets;
  std::string ruleset;  ///< resolved ruleset path ("" when none)
  std::vector<double> rings_km = geo::default_rings_km();
  std::vector<double> isochrones_min = geo::default_isochrones_min();
  /// Off-network access to the nearest road node.
  double access_speed_kmh = geo::kDefaultAccessSpeedKmh;
  /// Overlaps below this area are dropped as slivers.
  double sliver_tolerance_m2 = geo::kDefaultSliverToleranceM2;
  std::optional<double> quota_mu;
  std::optional<int> working_epsg;        ///< [analysis] crs = "EPSG:4545"
  std::optional<std::string> encoding;    ///< [analysis] encoding = "GBK"
  std::optional<std::string> assume_crs;  ///< [analysis] assume_crs = "EPSG:4490"
  int threads = geo::kDefaultThreads;     ///< 0: hardware concurrency
  /// [analysis] as_of = "YYYY-MM-DD": the date idle years are counted to ("" = today, UTC).
  std::string as_of;
  /// Where prepared overlay layers are kept between runs ("": none). Set by the programs
  /// (default_prepared_cache_dir()), never by the analysis file: it is the user's, not the
  /// analysis's.
  std::string prepared_cache_dir;
};

/// The analysis date: spec.as_of, or today's UTC date when the file gives none.
std::string analysis_date(const AnalysisSpec& spec);

/// Parse an analysis file. Throws Error(BadInput) with file and line for bad TOML, an unknown
/// role in [inputs] or a value of the wrong type.
AnalysisSpec load_analysis(const std::string& path);

/// All input layers of an analysis in one working CRS (chosen from the parcels, else the
/// first polygon layer, unless the spec fixes it).
struct AnalysisInputs {
  int working_epsg = 0;
  std::map<Role, Layer> layers;
  std::vector<ImportReport> reports;
  bool has(Role r) const { return layers.count(r) != 0; }
  const Layer& at(Role r) const;
};

/// Read every input the spec names (a role may be absent). Throws on the first input that
/// cannot be read; per-feature problems end up in `reports`.
AnalysisInputs load_inputs(const AnalysisSpec& spec);

}  // namespace hubland::layers

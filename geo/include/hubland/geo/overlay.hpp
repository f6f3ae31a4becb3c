#pragma once
// The overlay engine: per subject (parcel or project site) the spatial facts of docs/facts.md —
// zone of largest overlap and its share, distance / ring / travel time to the nearest hub of
// each type, overlap with the ecological redline and permanent farmland, share inside the
// urban development boundary.
//
// Contract:
//  - All geometries are WKB in one projected working CRS (metres); areas are m², distances m,
//    times minutes. The caller (layers::compute_parcel_facts) reprojects beforehand.
//  - Zones: features with the same zone id are one zone; the overlap of a subject with a zone
//    is the area of the subject ∩ (union of the zone's features), computed as the union of the
//    per-feature intersections, so a share never exceeds 1. The zone with the largest overlap
//    wins (ties: the smaller zone id). Touching from outside overlaps nothing.
//  - Constraints: each kind is unioned the same way before its overlap is measured.
//  - Slivers: an overlap below sliver_tolerance_m2 counts as none, and a remainder below it
//    counts as full coverage; each such adjustment is counted in slivers_removed.
//  - dist_T_m: planar distance from the subject's geometry to the nearest hub of type T (0 when
//    a hub lies inside or on it). ring_T_km: the smallest ring R (rings_km) with
//    dist_T_m ≤ R·1000; when a catchments layer has features of type T, the smallest ring_km of
//    those intersecting the subject instead.
//  - travel_T_min: from the subject's centroid, min(straight line to a hub of type T at the
//    access speed, straight line to the nearest road node at the access speed + the network
//    time from that node to the nearest hub of type T). Each hub reaches the network at its own
//    nearest node at the access speed. Network times come from one Dijkstra per hub.
//  - Missing values are NaN (kMissing): no hub of that type, beyond the last ring, no road
//    layer, no constraint feature of that kind, no geometry.
//  - Results are identical for any thread count and any order of the overlay features; the
//    facts are returned in subject order.
//  - Invalid geometries are repaired with MakeValid (counted); a failed intersection is retried
//    on a 1 mm grid before it fails with Error(Geometry) naming the subject.
// Threads: one GEOS context per worker; every worker rebuilds the overlay geometries from WKB
// and keeps its own STRtrees and prepared geometries (GEOS objects never cross threads).

#include <array>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/geo/analysis_defaults.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/hub_types.hpp"

namespace hubland::geo {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool missing(double v) noexcept {
  return std::isnan(v);
}

enum class ConstraintKind { Redline, Farmland, Udb };
/// "redline", "farmland", "udb" and 生态保护红线 永久基本农田 城镇开发边界; nullopt otherwise.
std::optional<ConstraintKind> constraint_kind_from_string(std::string_view s) noexcept;

/// Whether a layer was given at all (a given layer may still have no features).
enum class Presence { Absent, Present };

/// How the features of one group are unioned before a subject's overlap is measured.
///  - Global: dissolved once beforehand, like zones (few, large features: districts, parks);
///  - PerSubject: the subject's clipped pieces of the group are unioned per subject (many small
///    features that may be listed in several groups, such as 图斑 classes and approved land:
///    no city-wide union is ever built).
/// Either way a group's overlap never counts an area twice.
enum class GroupUnion { Global, PerSubject };

struct GroupedLayer {
  std::string name;  ///< for messages ("districts", "land")
  std::vector<Wkb> features;
  std::vector<int> groups;  ///< one per feature, >= 0; a feature may be listed again in another
  GroupUnion union_mode = GroupUnion::Global;
};

struct OverlayLayers {
  Presence zones_given = Presence::Absent;
  std::vector<Wkb> zones;
  std::vector<std::string> zone_ids;  ///< one per zone feature; equal ids = one zone

  std::vector<Wkb> hubs;  ///< points (other geometries: their centroid)
  std::vector<HubType> hub_types;
  std::vector<std::string> hub_ids;

  std::vector<Wkb> catchments;
  std::vector<HubType> catchment_types;
  std::vector<double> catchment_ring_km;

  Presence constraints_given = Presence::Absent;
  std::vector<Wkb> constraints;
  std::vector<ConstraintKind> constraint_kinds;

  Presence roads_given = Presence::Absent;
  std::vector<Wkb> roads;
  std::vector<double> road_speed_kmh;

  /// Further polygon layers measured per group (districts, parks, land classes, supply status):
  /// see GroupedLayer. Results in SubjectFacts::group_m2, same order.
  std::vector<GroupedLayer> grouped;
};

/// Whether subject geometries are checked for validity (and repaired) by the engine.
/// Trusted: the caller guarantees valid geometries (layers::read_layer validates and repairs
/// every feature), which saves a validity check per subject.
enum class SubjectValidity { Check, Trusted };

/// Keeps prepared overlay layers between runs (docs/performance.md, "Prepared layers kept").
/// Preparing a polygon layer (canonical order, repair, the dissolve of each group, the cut into
/// pieces) is the fixed cost of an overlay and depends on that layer alone, which changes less
/// often than the parcels. The overlay names each preparation by its inputs, byte strings in
/// order: the store derives its key from all of them (their sizes too), once per preparation,
/// and under that key finds or keeps the encoded layer, the overlay's own format, which the
/// overlay checks when it reads it back. keep hands the encoding in parts (the layer's WKB where
/// the layer holds it, not copied into one string): the store keeps their concatenation. A store
/// that finds nothing, or bytes the overlay cannot decode, costs one preparation; a store must not
/// throw (a failed keep loses only the saving). find and keep are called one at a time; key, a
/// function of the inputs alone (a hash of a layer's megabytes), may be called from several threads
/// at once.
class PreparedLayerStore {
 public:
  virtual ~PreparedLayerStore() = default;
  virtual std::string key(const std::vector<std::string_view>& inputs) const = 0;
  virtual std::optional<std::string> find(const std::string& key) = 0;
  virtual void keep(const std::string& key, const std::vector<std::string_view>& encoded) = 0;
};

struct OverlayOptions {
  std::vector<double> rings_km = default_rings_km();
  std::vector<double> isochrones_min = default_isochrones_min();  ///< empty: no isochrones
  double access_speed_kmh = kDefaultAccessSpeedKmh;
  double sliver_tolerance_m2 = kDefaultSliverToleranceM2;
  double isochrone_cell_m = 200.0;
  SubjectValidity subjects = SubjectValidity::Check;
  /// The same for the features of the zones, constraints, catchments and grouped layers:
  /// Trusted skips the preparation's validity check of each (a fifth of preparing a city's
  /// constraints); a layer prepared either way is kept in the store under its own key.
  SubjectValidity layers = SubjectValidity::Check;
  int threads = kDefaultThreads;  ///< 0: hardware concurrency
  /// Subjects per work range handed to a thread; small ranges spread small inputs over threads.
  std::size_t chunk = 512;
  /// Called on the worker thread before it computes subjects [begin, end) (tests: the split).
  std::function<void(int worker, std::size_t begin, std::size_t end)> on_range;
  std::function<void(std::size_t done, std::size_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;
  /// Where prepared layers are found and kept; null: every layer is prepared. Not owned.
  PreparedLayerStore* prepared_store = nullptr;
};

struct SubjectFacts {
  double area_m2 = kMissing;
  int zone = -1;                          ///< index into OverlayResult::zone_ids; -1: no zone
  double zone_share = kMissing;           ///< 0 when zones were given and none overlaps
  double zone_overlap_sum_m2 = kMissing;  ///< Σ over all zones of the overlaps (≤ area_m2)
  std::array<double, kHubTypeCount> dist_m{kMissing, kMissing, kMissing, kMissing, kMissing};
  std::array<double, kHubTypeCount> ring_km{kMissing, kMissing, kMissing, kMissing, kMissing};
  std::array<double, kHubTypeCount> travel_min{kMissing, kMissing, kMissing, kMissing, kMissing};
  double redline_m2 = kMissing;
  double farmland_m2 = kMissing;
  double udb_share = kMissing;
  /// Per OverlayLayers::grouped layer: (group, overlap m²) for the groups the subject overlaps
  /// (after the sliver rule), ascending by group.
  std::vector<std::vector<std::pair<int, double>>> group_m2;
  bool repaired = false;
  bool has_geometry = false;
};

struct Isochrone {
  std::string hub_id;
  HubType hub_type = HubType::LandPort;
  double minutes = 0;
  double area_m2 = 0;
  Wkb geometry;  ///< polygonal, working CRS
};

struct OverlayCounts {
  std::size_t subjects_in = 0;
  std::size_t with_facts = 0;  ///< subjects with a non-empty geometry
  std::size_t repaired = 0;    ///< subjects and overlay features repaired with MakeValid
  std::size_t slivers_removed = 0;
  std::size_t network_nodes = 0;
  std::size_t network_edges = 0;
  std::size_t layers_prepared = 0;    ///< polygon layers the overlay needed prepared
  std::size_t layers_from_store = 0;  ///< of them, found in OverlayOptions::prepared_store
};

struct OverlayResult {
  std::vector<SubjectFacts> facts;    ///< one per subject, in subject order
  std::vector<std::string> zone_ids;  ///< distinct zone ids, ascending
  std::vector<Isochrone> isochrones;  ///< per hub (input order) and threshold (ascending)
  OverlayCounts counts;
};

/// Compute the facts of every subject. `subject_ids` (optional, same size) name subjects in
/// error messages. Throws Error(Geometry) for malformed WKB, Error(BadInput) for bad options
/// (rings or speeds not positive), Error(Cancelled) when `cancel` becomes true.
OverlayResult compute_overlay(const std::vector<Wkb>& subjects, const OverlayLayers& layers,
                              const OverlayOptions& options,
                              const std::vector<std::string>* subject_ids = nullptr);

}  // namespace hubland::geo

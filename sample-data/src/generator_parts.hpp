#pragma once
// Private to hubland_sample: the parts of generate (generator.cpp), one job each.
//  - geometry.cpp: WKB encoding, ring areas and orientation, star-shaped outlines, the parcel grid;
//  - parcels.cpp: the attribute vocabulary and the parcel table's columns and values;
//  - dataset.cpp: the layer schemas and adding zone, hub, constraint and road features;
//  - projects.cpp: candidate projects and conversion requests;
//  - chongqing_layout.cpp / bench_layout.cpp: where the features go in each layout;
//  - chongqing_projects.cpp: where the Chongqing projects go, one per quota case;
//  - land_layout.cpp: the Chongqing current land class (land_survey), land supply and parks;
//  - second_year.cpp: the parcels a year earlier (parcels_2025) and the projects' starts;
//  - generator.cpp: the district boundaries and writing the GeoPackage.
//
// Determinism: every random draw comes from splitmix64 streams keyed by (seed, purpose, indices),
// so one feature's attributes do not depend on how many features came before it; coordinates are
// rounded to 1 cm so that last-bit differences of sin/cos cannot reach the files.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hubland/geo/wkb.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/sample/generator.hpp"

namespace hubland::sample::detail {

using geo::Wkb;
using layers::FieldType;
using layers::Table;

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr int kWorkingEpsg = 4545;

// ---------------------------------------------------------------- random numbers
inline std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline std::uint64_t key(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0,
                         std::uint64_t d = 0) {
  std::uint64_t s = a;
  std::uint64_t h = splitmix(s);
  for (std::uint64_t v : {b, c, d}) {
    s = h ^ (v * 0xD6E8FEB86659FD93ULL);
    h = splitmix(s);
  }
  return h;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() { return splitmix(m_state); }
  /// [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// A bell-shaped value in [lo, hi] (mean of three uniforms), no transcendental functions.
  double bell(double lo, double hi) {
    return lo + (hi - lo) * (uniform() + uniform() + uniform()) / 3.0;
  }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(double p) { return uniform() < p; }
  template <class T, std::size_t N>
  const T& weighted(const std::array<std::pair<T, int>, N>& table) {
    int total = 0;
    for (const auto& e : table) total += e.second;
    int r = static_cast<int>(next() % static_cast<std::uint64_t>(total));
    for (const auto& e : table) {
      if (r < e.second) return e.first;
      r -= e.second;
    }
    return table[N - 1].first;
  }

 private:
  std::uint64_t m_state;
};

// Purposes of the random streams (new purposes go at the end: the values key the streams).
enum Stream : std::uint64_t {
  kJitter = 1,
  kCell,
  kParcel,
  kShape,
  kConstraint,
  kProject,
  kConversion,
  kHubPos,
  kZonePos,
  // Added with the land survey; appended so that the draws above keep their values.
  kSurvey,
  kSupply,
  kPark,
  kProjectMove,
  kProjectCase,
  kIdleDates,
  // Added with the per-enterprise 亩均 evaluation.
  kEnterprise,
  // Added with the buildings layer (buildings.cpp).
  kBuilding,
  // Added with the second evaluation year (second_year.cpp).
  kRedevelop,
  kIdleRecover,
  kProjectStart
};

/// The sample's analysis date (analysis.toml `as_of`): contract dates and idle times are drawn
/// relative to it.
inline constexpr const char* kSampleAsOf = "2026-06-30";

inline double round_to(double v, double step) {
  return std::round(v / step) * step;
}

// ---------------------------------------------------------------- geometry (geometry.cpp)
struct P {
  double x = 0, y = 0;
};
using Ring = std::vector<P>;
using Poly = std::vector<Ring>;  // outer ring first, then holes

inline double r2(double v) {
  return std::round(v * 100.0) / 100.0;
}
inline P rp(P p) {
  return {r2(p.x), r2(p.y)};
}

Wkb polygon_wkb(const Poly& poly);
Wkb multipolygon_wkb(const std::vector<Poly>& polys);
Wkb linestring_wkb(const std::vector<P>& pts);
Wkb point_wkb(double x, double y);
double poly_area(const Poly& poly);
Ring ccw(Ring r);
Ring cw(Ring r);

/// A smooth star-shaped outline: radius(θ) = R·(1 + Σ a_k sin(kθ + φ_k)).
struct Star {
  P center;
  double radius = 1;
  std::array<double, 3> amp{0.12, 0.08, 0.04};
  std::array<double, 3> phase{0, 0, 0};
  std::array<int, 3> freq{3, 5, 11};
  double at(double theta) const;
  bool contains(P p, double scale = 1.0) const;
  Ring ring(int vertices, double scale = 1.0) const;
  /// The wedge between angles a0 and a1 (a1 > a0), center included.
  Ring wedge(double a0, double a1, int vertices, double scale) const;
};

Star random_star(Rng& rng, P center, double radius, double roughness);

/// A rotated grid of jittered vertices; vertex (i, j) is shared by the four cells around it, so
/// cells tile the plane exactly (no gaps, no overlaps) and roads along grid lines meet parcel
/// corners.
struct Grid {
  std::uint64_t seed = 0;
  std::uint64_t id = 0;
  P origin;
  double cell_m = 90;
  double angle = 0;
  double jitter = 0.12;  ///< fraction of a cell
  P vertex(long i, long j) const;
  P cell_center(long i, long j) const;
  /// Boundary of the w×h block of cells at (i, j), through every grid vertex on it.
  Ring cells(long i, long j, long w, long h) const;
};

// ---------------------------------------------------------------- attributes (parcels.cpp)
extern const std::array<const char*, 40> kBrand;

struct IndustryInfo {
  const char* code;
  const char* word;  ///< business word in an enterprise name
};
extern const std::array<std::pair<IndustryInfo, int>, 14> kManufacturing;

/// Land-use mix per zone flavour (index into the land-use table with weights).
using UseMix = std::array<std::pair<int, int>, 6>;
extern const UseMix kMixPort;
extern const UseMix kMixAir;
extern const UseMix kMixRail;
extern const UseMix kMixMixed;
extern const UseMix kMixIndustry;

struct ParcelColumns {
  std::size_t parcel_id, land_use, industry, enterprise, floor_area_m2, building_coverage,
      tax_10k_yuan, output_10k_yuan, value_added_10k_yuan, energy_tce, employees, rd_10k_yuan,
      idle_years, stopped_years, contract_date;
  // Appended with the per-enterprise 亩均 evaluation (enterprise_attributes).
  std::size_t credit_code, scale, operating_since, completed_date, revenue_10k_yuan, throughput_t,
      storage_floor_area_m2;
};

ParcelColumns parcel_schema(Table& t);
std::string enterprise_name(Rng& rng, const char* word);
/// Fill one parcel row: a realistic mix of productive, low-efficiency, stopped and idle parcels.
void parcel_attributes(Table& t, const ParcelColumns& c, std::size_t row, Rng& rng,
                       const std::string& id, const UseMix& mix, double area_m2);
/// After all parcels exist: runs of 1–4 neighbouring industrial (1001…) or logistics (1101…)
/// parcels (consecutive rows of one area, centres within 200 m of the previous one) become one
/// enterprise with one credit code, name, scale and operating date; each parcel gets a
/// completion date, logistics parcels revenue, throughput and storage floor area. Draws from
/// kEnterprise streams keyed by row.
void enterprise_attributes(Table& t, const ParcelColumns& c, const std::vector<Wkb>& geom,
                           std::uint64_t seed);

// ---------------------------------------------------------------- layers (dataset.cpp)
struct Dataset {
  Table parcels, zones, hubs, constraints, roads, projects, conversions;
  std::vector<Wkb> parcel_geom, zone_geom, hub_geom, constraint_geom, road_geom, project_geom;
  Table land_survey, land_supply, parks;  ///< Chongqing layout only
  std::vector<Wkb> survey_geom, supply_geom, park_geom;
  Table buildings;  ///< Chongqing layout only (buildings.cpp)
  std::vector<Wkb> building_geom;
  Table parcels_2025;  ///< Chongqing layout only (second_year.cpp); geometry: parcel_geom
  int hub_epsg = kWorkingEpsg;
  ParcelColumns pc{};
  std::vector<std::string> parcel_use_for_conversion;  ///< parcel rows eligible for requests
};

struct ZoneColumns {
  std::size_t zone_id, zone_name, zone_type, planned_use, far_min, far_max, hub_zone;
  std::size_t forbidden_use = 7;  ///< appended after the others
};

void init_schemas(Dataset& d);
/// Appends agreed_start_date, started_date, developed_share, invested_share and idle_cause to
/// the parcels (after every parcel row exists).
void add_idle_dates(Dataset& d, std::uint64_t seed);
void add_zone(Dataset& d, const ZoneColumns& zc, const std::string& id, const std::string& name,
              const std::string& type, const std::string& planned, double far_min, double far_max,
              int hub_zone, Wkb geom);
void add_hub(Dataset& d, const std::string& id, const std::string& name, const std::string& type,
             Wkb geom);
void add_constraint(Dataset& d, const std::string& id, const std::string& kind, Wkb geom);
void add_road(Dataset& d, const std::string& road_class, std::optional<double> speed,
              const std::vector<P>& pts);
/// A constraint with a random star-shaped outline (returned).
Star blob(Dataset& d, Rng& rng, const std::string& id, const char* kind, P center, double radius,
          int vertices);

// ---------------------------------------------------------------- projects (projects.cpp)
/// A candidate project site: a block of grid cells, with plausible project figures.
/// The industry is a GB/T 4754-2017 four-digit class (drawn from its own stream, seed).
void add_project(Dataset& d, Rng& rng, std::uint64_t seed, std::size_t number, const Poly& site,
                 const std::optional<std::string>& zone_id);

/// The quota cases a Chongqing project shows (sample-data/README.md lists the project ids).
enum class Case {
  Pass,         ///< on existing construction land, in a park and the hub zone, all indicators met
  NewLand,      ///< wholly on farmland / forest inside the zone (new construction land)
  HalfNew,      ///< half on 0103 旱地, half on 0601 工业用地
  Unsupplied,   ///< largely on 批而未供 land
  OutsidePark,  ///< outside every park
  Prohibited,   ///< industry 3011 水泥制造
  LowFar,       ///< planned_far below 1.0
  LowCoverage,  ///< planned_coverage below 0.40
  HighOffice,   ///< planned_office_share above 0.07
  LowInvest,    ///< investment below 150 万元/亩
  LowOutput,    ///< output below 158 万元/亩
  LowTax,       ///< tax below 5.87 万元/亩
  PartHubZone   ///< about 10 % inside the hub zone
};
/// The quota case project `number` shows (chongqing_projects.cpp).
Case case_of(std::size_t number);
/// Planned FAR, coverage and office share, and the figures of a case (stream kProjectCase).
void project_case(Dataset& d, std::uint64_t seed, std::size_t row, std::size_t number, Case c);
void add_conversions(Dataset& d, std::uint64_t seed, std::size_t count);

// ---------------------------------------------------------------- Chongqing land (land_layout.cpp)
/// Water and airfields: no parcel or project may lie on them.
struct Masks {
  struct River {
    std::vector<P> line;
    double half_width = 0;
  };
  std::vector<River> rivers;
  std::vector<Ring> airfields;
  /// "1101", "1007" or nullptr.
  const char* at(P p) const;
  double river_distance(P p) const;
};
Masks chongqing_masks();
double segment_distance(P p, P a, P b);
bool ring_contains(const Ring& r, P p);

/// What the land layers need to know of one development area.
struct Area {
  std::size_t index = 0;
  std::string code, type, adcode;
  Star star;
  Grid grid;
  double split = 0;
  long k_max = 0;
  bool b_in_hub_zone = true;
  std::optional<Star> rail_yard;        ///< TJ: the zone hole
  std::optional<Star> park_hole;        ///< an enclave left out of the park
  std::vector<Star> farmland, redline;  ///< the constraint blobs
  Star udb;                             ///< the 城镇开发边界
  std::vector<std::pair<std::pair<long, long>, std::size_t>> parcel_cells;  ///< cell -> row
  std::vector<std::pair<std::pair<long, long>, std::string>> block_codes;   ///< forced 图斑 codes
  std::vector<std::pair<long, long>> project_cells;
  struct Supply {
    long i, j, w, h;
    const char* status;
  };
  std::vector<Supply> supply;  ///< forced supply records (a project's case)
  bool in_hub_zone(P p) const;
  /// Centre of the 3×3-cell block (bi, bj).
  P block_center(long bi, long bj) const { return grid.cell_center(3 * bi + 1, 3 * bj + 1); }
  /// The mask code of the block holding cell (i, j), or nullptr.
  const char* mask_of_cell(const Masks& m, long i, long j) const;
  bool masked_cell(const Masks& m, long i, long j) const { return mask_of_cell(m, i, j); }
};

/// 3×3-cell blocks: the unit of the land survey.
inline long block_of(long i) {
  return i >= 0 ? i / 3 : -((-i + 2) / 3);
}
/// Sites of the projects of one area, by case (chongqing_projects.cpp).
void chongqing_projects(Dataset& d, const Options& o, Area& a, const Masks& m, Rng& pr,
                        std::size_t count, std::size_t& number);
/// land_survey, land_supply and parks over all areas.
void land_layers(Dataset& d, const Options& o, std::vector<Area>& areas, const Masks& m,
                 const std::vector<std::vector<P>>& expressways);
void land_schemas(Dataset& d);

// ---------------------------------------------------------------- buildings (buildings.cpp)
/// Footprints (buildings, structures, yards) on the single-cell industrial parcels of the 果园港
/// area, and the hand-worked 12 m single-storey plant; the ids of the case parcel in
/// sample-data/README.md.
void buildings_layer(Dataset& d, const Options& o);

// ---------------------------------------------------------------- second year (second_year.cpp)
/// What changed between the sample's two evaluation years (sample-data/README.md).
struct SecondYearCounts {
  std::size_t redeveloped = 0;  ///< 低效 in 2025, redeveloped by 2026
  std::size_t raised = 0;  ///< of those, FAR and 建筑系数 raised too (提容), not only output
  std::size_t recovered = 0;  ///< 疑似闲置 (stalled) in 2025, developed by 2026
  std::size_t started_by_2025 = 0, started_in_year = 0;  ///< projects started
};
/// The parcels as they stood a year before the analysis date (d.parcels_2025), derived from the
/// finished 2026 parcels, and the projects' started_date. Chongqing layout only; draws from
/// kRedevelop, kIdleRecover and kProjectStart streams, so no earlier value moves.
SecondYearCounts second_year(Dataset& d, std::uint64_t seed);

// ---------------------------------------------------------------- layouts
/// Eight hubs around Chongqing, each with its development area (chongqing_layout.cpp).
void chongqing(Dataset& d, const Options& o);
/// A square workload of any size on a regular lattice (bench_layout.cpp).
void bench(Dataset& d, const Options& o);

}  // namespace hubland::sample::detail

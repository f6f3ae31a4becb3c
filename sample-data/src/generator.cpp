// The deterministic sample generator (see generator.hpp for the contract).
//
// Determinism: every random draw comes from splitmix64 streams keyed by (seed, purpose, indices),
// so one feature's attributes do not depend on how many features came before it; coordinates are
// rounded to 1 cm so that last-bit differences of sin/cos cannot reach the files.

#include "hubland/sample/generator.hpp"

#include <cpl_conv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/geo/wkb.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/table.hpp"

namespace fs = std::filesystem;

namespace hubland::sample {

namespace {

using geo::Wkb;
using layers::FieldType;
using layers::Table;

constexpr double kPi = 3.14159265358979323846;
constexpr int kWorkingEpsg = 4545;

// ---------------------------------------------------------------- random numbers
std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t key(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0, std::uint64_t d = 0) {
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

// Purposes of the random streams.
enum Stream : std::uint64_t {
  kJitter = 1,
  kCell,
  kParcel,
  kShape,
  kConstraint,
  kProject,
  kConversion,
  kHubPos,
  kZonePos
};

// ---------------------------------------------------------------- geometry helpers
struct P {
  double x = 0, y = 0;
};
using Ring = std::vector<P>;
using Poly = std::vector<Ring>;  // outer ring first, then holes

double r2(double v) {
  return std::round(v * 100.0) / 100.0;
}
P rp(P p) {
  return {r2(p.x), r2(p.y)};
}

// Rings are closed here (the writer emits exactly what it is given).
void put_ring(geo::WkbWriter& w, const Ring& r) {
  const bool closed = r.front().x == r.back().x && r.front().y == r.back().y;
  w.count(static_cast<std::uint32_t>(r.size() + (closed ? 0 : 1)));
  for (const auto& p : r) w.xy(p.x, p.y);
  if (!closed) w.xy(r.front().x, r.front().y);
}

void put_polygon(geo::WkbWriter& w, const Poly& poly) {
  w.header(geo::WkbType::Polygon);
  w.count(static_cast<std::uint32_t>(poly.size()));
  for (const auto& r : poly) put_ring(w, r);
}

Wkb polygon_wkb(const Poly& poly) {
  geo::WkbWriter w;
  put_polygon(w, poly);
  return w.take();
}

Wkb multipolygon_wkb(const std::vector<Poly>& polys) {
  geo::WkbWriter w;
  w.header(geo::WkbType::MultiPolygon);
  w.count(static_cast<std::uint32_t>(polys.size()));
  for (const auto& p : polys) put_polygon(w, p);
  return w.take();
}

Wkb linestring_wkb(const std::vector<P>& pts) {
  geo::WkbWriter w;
  w.header(geo::WkbType::LineString);
  w.count(static_cast<std::uint32_t>(pts.size()));
  for (const auto& p : pts) w.xy(p.x, p.y);
  return w.take();
}

Wkb point_wkb(double x, double y) {
  geo::WkbWriter w;
  w.header(geo::WkbType::Point);
  w.xy(x, y);
  return w.take();
}

double ring_area_signed(const Ring& r) {
  double a = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const P& p = r[i];
    const P& q = r[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return a / 2.0;
}

double poly_area(const Poly& poly) {
  double a = std::fabs(ring_area_signed(poly[0]));
  for (std::size_t i = 1; i < poly.size(); ++i) a -= std::fabs(ring_area_signed(poly[i]));
  return a;
}

Ring ccw(Ring r) {
  if (ring_area_signed(r) < 0) std::reverse(r.begin(), r.end());
  return r;
}
Ring cw(Ring r) {
  if (ring_area_signed(r) > 0) std::reverse(r.begin(), r.end());
  return r;
}

/// A smooth star-shaped outline: radius(θ) = R·(1 + Σ a_k sin(kθ + φ_k)).
struct Star {
  P center;
  double radius = 1;
  std::array<double, 3> amp{0.12, 0.08, 0.04};
  std::array<double, 3> phase{0, 0, 0};
  std::array<int, 3> freq{3, 5, 11};
  double at(double theta) const {
    double f = 1;
    for (int k = 0; k < 3; ++k) f += amp[k] * std::sin(freq[k] * theta + phase[k]);
    return radius * f;
  }
  bool contains(P p, double scale = 1.0) const {
    const double dx = p.x - center.x, dy = p.y - center.y;
    return std::hypot(dx, dy) <= scale * at(std::atan2(dy, dx));
  }
  Ring ring(int vertices, double scale = 1.0) const {
    Ring r;
    for (int i = 0; i < vertices; ++i) {
      const double t = 2 * kPi * i / vertices;
      const double rr = scale * at(t);
      r.push_back(rp({center.x + rr * std::cos(t), center.y + rr * std::sin(t)}));
    }
    return ccw(r);
  }
  /// The wedge between angles a0 and a1 (a1 > a0), center included.
  Ring wedge(double a0, double a1, int vertices, double scale) const {
    Ring r{rp(center)};
    for (int i = 0; i <= vertices; ++i) {
      const double t = a0 + (a1 - a0) * i / vertices;
      const double rr = scale * at(t);
      r.push_back(rp({center.x + rr * std::cos(t), center.y + rr * std::sin(t)}));
    }
    return ccw(r);
  }
};

Star random_star(Rng& rng, P center, double radius, double roughness) {
  Star s;
  s.center = center;
  s.radius = radius;
  s.amp = {roughness * rng.range(0.5, 1.0), roughness * rng.range(0.3, 0.7),
           roughness * rng.range(0.1, 0.35)};
  s.phase = {rng.range(0, 2 * kPi), rng.range(0, 2 * kPi), rng.range(0, 2 * kPi)};
  s.freq = {2 + static_cast<int>(rng.pick(3)), 5 + static_cast<int>(rng.pick(3)),
            9 + static_cast<int>(rng.pick(5))};
  return s;
}

// ---------------------------------------------------------------- parcel grid
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
  P vertex(long i, long j) const {
    Rng r(key(seed, kJitter, id,
              (static_cast<std::uint64_t>(i) << 32) ^ static_cast<std::uint32_t>(j)));
    const double u = (i + jitter * (2 * r.uniform() - 1)) * cell_m;
    const double v = (j + jitter * (2 * r.uniform() - 1)) * cell_m;
    const double c = std::cos(angle), s = std::sin(angle);
    return rp({origin.x + c * u - s * v, origin.y + s * u + c * v});
  }
  P cell_center(long i, long j) const {
    const double c = std::cos(angle), s = std::sin(angle);
    const double u = (i + 0.5) * cell_m, v = (j + 0.5) * cell_m;
    return {origin.x + c * u - s * v, origin.y + s * u + c * v};
  }
  Ring cells(long i, long j, long w, long h) const {
    // Boundary of the w×h block of cells at (i, j), through every grid vertex on it.
    Ring r;
    for (long k = 0; k < w; ++k) r.push_back(vertex(i + k, j));
    for (long k = 0; k < h; ++k) r.push_back(vertex(i + w, j + k));
    for (long k = w; k > 0; --k) r.push_back(vertex(i + k, j + h));
    for (long k = h; k > 0; --k) r.push_back(vertex(i, j + k));
    return ccw(r);
  }
};

// ---------------------------------------------------------------- attributes
const std::array<const char*, 40> kBrand = {
    "长安", "渝新", "两江", "巴渝", "嘉陵", "山城", "西永", "寸滩", "果园", "江津",
    "南彭", "鱼嘴", "水土", "龙兴", "悦来", "空港", "团结", "珞璜", "万州", "三峡",
    "朝天", "歌乐", "缙云", "铜锣", "明月", "华蓥", "綦江", "长寿", "涪州", "合川",
    "璧山", "永川", "荣昌", "大足", "梁平", "忠州", "丰都", "垫江", "云阳", "奉节"};
const std::array<const char*, 12> kSuffix = {"科技", "实业", "智能", "精密",   "新材料", "机电",
                                             "电子", "装备", "工贸", "供应链", "物流",   "股份"};

struct IndustryInfo {
  const char* code;
  const char* word;  ///< business word in an enterprise name
};
// GB/T 4754-2017 two-digit codes.
const std::array<std::pair<IndustryInfo, int>, 14> kManufacturing = {{
    {{"36", "汽车零部件"}, 20},
    {{"39", "电子信息"}, 18},
    {{"38", "电气机械"}, 8},
    {{"34", "通用设备"}, 8},
    {{"35", "专用设备"}, 6},
    {{"33", "金属制品"}, 8},
    {{"26", "化工"}, 5},
    {{"27", "医药"}, 5},
    {{"13", "农副食品"}, 4},
    {{"14", "食品"}, 4},
    {{"29", "橡塑制品"}, 5},
    {{"30", "建材"}, 5},
    {{"37", "轨道交通装备"}, 3},
    {{"40", "仪器仪表"}, 3},
}};

struct UseInfo {
  const char* code;
  double far_lo, far_hi;  ///< plot ratio of a normal parcel
  double out_lo, out_hi;  ///< output 10k yuan per mu
};
const UseInfo kUse[] = {
    {"100101", 0.9, 2.2, 250, 900},  {"100102", 0.8, 1.8, 200, 800}, {"100103", 0.7, 1.4, 200, 700},
    {"100100", 2.0, 4.5, 400, 1500}, {"1101", 0.6, 1.6, 80, 400},    {"110102", 0.6, 1.4, 80, 350},
    {"1102", 0.4, 1.0, 40, 200},     {"0802", 1.5, 3.5, 150, 900},   {"0901", 1.2, 3.0, 150, 600},
    {"0902", 2.0, 5.0, 200, 1000},
};

/// Land-use mix per zone flavour (index into kUse with weights).
using UseMix = std::array<std::pair<int, int>, 6>;
const UseMix kMixPort = {{{4, 35}, {5, 10}, {0, 20}, {1, 15}, {6, 10}, {8, 10}}};
const UseMix kMixAir = {{{0, 35}, {7, 20}, {4, 20}, {3, 10}, {9, 10}, {1, 5}}};
const UseMix kMixRail = {{{4, 40}, {0, 20}, {1, 20}, {6, 10}, {2, 5}, {8, 5}}};
const UseMix kMixMixed = {{{0, 35}, {1, 20}, {4, 15}, {7, 10}, {8, 15}, {3, 5}}};
const UseMix kMixIndustry = {{{0, 40}, {1, 25}, {2, 10}, {3, 10}, {4, 10}, {7, 5}}};

struct ParcelColumns {
  std::size_t parcel_id, land_use, industry, enterprise, floor_area_m2, building_coverage,
      tax_10k_yuan, output_10k_yuan, value_added_10k_yuan, energy_tce, employees, rd_10k_yuan,
      idle_years, stopped_years, contract_date;
};

ParcelColumns parcel_schema(Table& t) {
  ParcelColumns c{};
  c.parcel_id = t.add_column("parcel_id", FieldType::Text);
  c.land_use = t.add_column("land_use", FieldType::Text);
  c.industry = t.add_column("industry", FieldType::Text);
  c.enterprise = t.add_column("enterprise", FieldType::Text);
  c.floor_area_m2 = t.add_column("floor_area_m2", FieldType::Real, "m2");
  c.building_coverage = t.add_column("building_coverage", FieldType::Real, "ratio");
  c.tax_10k_yuan = t.add_column("tax_10k_yuan", FieldType::Real, "10k_yuan");
  c.output_10k_yuan = t.add_column("output_10k_yuan", FieldType::Real, "10k_yuan");
  c.value_added_10k_yuan = t.add_column("value_added_10k_yuan", FieldType::Real, "10k_yuan");
  c.energy_tce = t.add_column("energy_tce", FieldType::Real, "tce");
  c.employees = t.add_column("employees", FieldType::Integer);
  c.rd_10k_yuan = t.add_column("rd_10k_yuan", FieldType::Real, "10k_yuan");
  c.idle_years = t.add_column("idle_years", FieldType::Real, "years");
  c.stopped_years = t.add_column("stopped_years", FieldType::Real, "years");
  c.contract_date = t.add_column("contract_date", FieldType::Text);
  return c;
}

std::string enterprise_name(Rng& rng, const char* word) {
  std::string s = "重庆";
  s += kBrand[rng.pick(kBrand.size())];
  s += word;
  s += kSuffix[rng.pick(kSuffix.size())];
  s += "有限公司";
  return s;
}

double round_to(double v, double step) {
  return std::round(v / step) * step;
}

/// Fill one parcel row: a realistic mix of productive, low-efficiency, stopped and idle parcels.
void parcel_attributes(Table& t, const ParcelColumns& c, std::size_t row, Rng& rng,
                       const std::string& id, const UseMix& mix, double area_m2) {
  const int use_index = rng.weighted(mix);
  const UseInfo& use = kUse[use_index];
  const std::string code = use.code;
  const double area_mu = geo::m2_to_mu(area_m2);
  t.set(row, c.parcel_id, id);
  t.set(row, c.land_use, code);

  std::string industry, word;
  if (code.rfind("1001", 0) == 0) {
    const auto& ind = rng.weighted(kManufacturing);
    industry = ind.code;
    word = ind.word;
    if (code == "100100") industry = rng.chance(0.5) ? "65" : "73", word = "数字科技";
  } else if (code.rfind("110", 0) == 0) {
    industry = rng.chance(0.7) ? "59" : "58";
    word = "物流";
  } else if (code == "0802") {
    industry = "73";
    word = "研究院";
  } else {
    industry = rng.chance(0.6) ? "51" : "72";
    word = "商贸";
  }
  t.set(row, c.industry, industry);
  t.set(row, c.enterprise, enterprise_name(rng, word.c_str()));

  // Status: 6% idle, 4% stopped, 16% low efficiency, the rest productive.
  const double status = rng.uniform();
  const bool idle = status < 0.06;
  const bool stopped = !idle && status < 0.10;
  const bool low = !idle && !stopped && status < 0.26;

  double far = rng.bell(use.far_lo, use.far_hi);
  if (low) far = rng.range(0.15, 0.6);
  if (idle) far = rng.chance(0.5) ? 0.0 : rng.range(0.02, 0.25);
  t.set(row, c.floor_area_m2, round_to(area_m2 * far, 1.0));
  t.set(row, c.building_coverage,
        round_to(idle  ? rng.range(0, 0.15)
                 : low ? rng.range(0.12, 0.32)
                       : rng.bell(0.3, 0.62),
                 0.001));

  double out_per_mu = rng.bell(use.out_lo, use.out_hi);
  if (low) out_per_mu *= rng.range(0.1, 0.45);
  if (stopped) out_per_mu *= rng.range(0.0, 0.1);
  if (idle) out_per_mu = 0;
  const double output = round_to(out_per_mu * area_mu, 0.01);
  const double tax =
      round_to(output * rng.range(0.025, 0.075) * (low ? rng.range(0.3, 0.8) : 1.0), 0.01);
  t.set(row, c.output_10k_yuan, output);
  if (!rng.chance(0.02)) t.set(row, c.tax_10k_yuan, tax);  // a few parcels report no tax
  t.set(row, c.value_added_10k_yuan, round_to(output * rng.range(0.18, 0.35), 0.01));
  t.set(row, c.energy_tce, round_to(output * rng.range(0.03, 0.25), 0.01));
  if (!rng.chance(0.02))
    t.set(row, c.employees,
          static_cast<std::int64_t>(std::lround(idle ? 0.0 : area_mu * rng.bell(0.4, 4.0))));
  t.set(row, c.rd_10k_yuan, round_to(output * rng.range(0.0, 0.05), 0.01));
  t.set(row, c.idle_years, idle ? static_cast<double>(1 + rng.pick(6)) : 0.0);
  t.set(row, c.stopped_years, stopped ? static_cast<double>(1 + rng.pick(4)) : 0.0);
  char date[16];
  const int year =
      idle ? 2008 + static_cast<int>(rng.pick(14)) : 2003 + static_cast<int>(rng.pick(21));
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, 1 + static_cast<int>(rng.pick(12)),
                1 + static_cast<int>(rng.pick(28)));
  t.set(row, c.contract_date, std::string(date));
}

// ---------------------------------------------------------------- output
struct Dataset {
  Table parcels, zones, hubs, constraints, roads, projects, conversions;
  std::vector<Wkb> parcel_geom, zone_geom, hub_geom, constraint_geom, road_geom, project_geom;
  int hub_epsg = kWorkingEpsg;
  ParcelColumns pc{};
  std::vector<std::string> parcel_use_for_conversion;  ///< parcel rows eligible for requests
};

struct ZoneColumns {
  std::size_t zone_id, zone_name, zone_type, planned_use, far_min, far_max, hub_zone;
};
ZoneColumns zone_schema(Table& t) {
  return {t.add_column("zone_id", FieldType::Text),    t.add_column("zone_name", FieldType::Text),
          t.add_column("zone_type", FieldType::Text),  t.add_column("planned_use", FieldType::Text),
          t.add_column("far_min", FieldType::Real),    t.add_column("far_max", FieldType::Real),
          t.add_column("hub_zone", FieldType::Integer)};
}

void add_zone(Dataset& d, const ZoneColumns& zc, const std::string& id, const std::string& name,
              const std::string& type, const std::string& planned, double far_min, double far_max,
              int hub_zone, Wkb geom) {
  const std::size_t r = d.zones.add_row();
  d.zones.set(r, zc.zone_id, id);
  d.zones.set(r, zc.zone_name, name);
  d.zones.set(r, zc.zone_type, type);
  d.zones.set(r, zc.planned_use, planned);
  d.zones.set(r, zc.far_min, far_min);
  d.zones.set(r, zc.far_max, far_max);
  d.zones.set(r, zc.hub_zone, static_cast<std::int64_t>(hub_zone));
  d.zone_geom.push_back(std::move(geom));
}

void add_hub(Dataset& d, const std::string& id, const std::string& name, const std::string& type,
             Wkb geom) {
  const std::size_t r = d.hubs.add_row();
  d.hubs.set(r, 0, id);
  d.hubs.set(r, 1, name);
  d.hubs.set(r, 2, type);
  d.hub_geom.push_back(std::move(geom));
}

void add_constraint(Dataset& d, const std::string& id, const std::string& kind, Wkb geom) {
  const std::size_t r = d.constraints.add_row();
  d.constraints.set(r, 0, id);
  d.constraints.set(r, 1, kind);
  d.constraint_geom.push_back(std::move(geom));
}

void add_road(Dataset& d, const std::string& road_class, std::optional<double> speed,
              const std::vector<P>& pts) {
  const std::size_t r = d.roads.add_row();
  char id[32];
  std::snprintf(id, sizeof id, "R%06zu", r + 1);
  d.roads.set(r, 0, std::string(id));
  d.roads.set(r, 1, road_class);
  if (speed) d.roads.set(r, 2, *speed);
  d.road_geom.push_back(linestring_wkb(pts));
}

void init_schemas(Dataset& d) {
  d.pc = parcel_schema(d.parcels);
  zone_schema(d.zones);
  d.hubs.add_column("hub_id", FieldType::Text);
  d.hubs.add_column("hub_name", FieldType::Text);
  d.hubs.add_column("hub_type", FieldType::Text);
  d.constraints.add_column("constraint_id", FieldType::Text);
  d.constraints.add_column("kind", FieldType::Text);
  d.roads.add_column("road_id", FieldType::Text);
  d.roads.add_column("road_class", FieldType::Text);
  d.roads.add_column("speed_kmh", FieldType::Real, "km/h");
  for (const char* n : {"project_id", "project_name", "enterprise", "industry"})
    d.projects.add_column(n, FieldType::Text);
  for (const char* n :
       {"investment_10k_yuan", "land_mu", "output_10k_yuan", "tax_10k_yuan", "rd_intensity"})
    d.projects.add_column(n, FieldType::Real);
  d.projects.add_column("hightech", FieldType::Integer);
  d.projects.add_column("energy_tce", FieldType::Real);
  d.projects.add_column("pollution_class", FieldType::Integer);
  d.projects.add_column("jobs", FieldType::Integer);
  d.projects.add_column("zone_id", FieldType::Text);
  for (const char* n : {"request_id", "parcel_id", "from_use", "to_use"})
    d.conversions.add_column(n, FieldType::Text);
  for (const char* n : {"industrial_share", "logistics_share", "rd_share", "support_share",
                        "office_land_share", "proposed_far"})
    d.conversions.add_column(n, FieldType::Real);
}

/// A candidate project site: a block of grid cells, with plausible project figures.
void add_project(Dataset& d, Rng& rng, std::size_t number, const Poly& site,
                 const std::optional<std::string>& zone_id) {
  const std::size_t r = d.projects.add_row();
  char id[32];
  std::snprintf(id, sizeof id, "P%03zu", number);
  const auto& ind = rng.weighted(kManufacturing);
  const double land_mu = round_to(geo::m2_to_mu(poly_area(site)), 0.01);
  const bool hightech = rng.chance(0.35);
  const double output = round_to(land_mu * rng.bell(150, 1200), 0.01);
  auto& t = d.projects;
  t.set(r, 0, std::string(id));
  t.set(r, 1, std::string(kBrand[rng.pick(kBrand.size())]) + ind.word + "项目");
  t.set(r, 2, enterprise_name(rng, ind.word));
  t.set(r, 3, std::string(ind.code));
  t.set(r, 4, round_to(land_mu * rng.bell(120, 700), 0.01));
  t.set(r, 5, land_mu);
  t.set(r, 6, output);
  t.set(r, 7, round_to(output * rng.range(0.02, 0.08), 0.01));
  t.set(r, 8, round_to(hightech ? rng.range(0.02, 0.09) : rng.range(0.0, 0.04), 0.0001));
  t.set(r, 9, static_cast<std::int64_t>(hightech ? 1 : 0));
  t.set(r, 10, round_to(output * rng.range(0.02, 0.3), 0.01));
  t.set(r, 11, static_cast<std::int64_t>(rng.chance(0.55) ? 1 : rng.chance(0.7) ? 2 : 3));
  t.set(r, 12, static_cast<std::int64_t>(std::lround(land_mu * rng.bell(0.5, 3.0))));
  if (zone_id) t.set(r, 13, *zone_id);
  d.project_geom.push_back(polygon_wkb(site));
}

void add_conversions(Dataset& d, std::uint64_t seed, std::size_t count) {
  // Requests come from industrial parcels, picked by a seeded stride so the choice does not
  // depend on anything but the parcel table.
  std::vector<std::size_t> industrial;
  for (std::size_t r = 0; r < d.parcels.row_count(); ++r)
    if (d.parcels.text_at(r, d.pc.land_use).rfind("1001", 0) == 0) industrial.push_back(r);
  if (industrial.empty()) return;
  Rng pick(key(seed, kConversion, 0));
  std::set<std::size_t> chosen;
  while (chosen.size() < std::min(count, industrial.size()))
    chosen.insert(industrial[pick.pick(industrial.size())]);
  const std::array<std::pair<const char*, int>, 6> targets = {
      {{"100100", 45}, {"0802", 20}, {"1101", 15}, {"0902", 10}, {"0701", 5}, {"0901", 5}}};
  std::size_t n = 0;
  for (std::size_t prow : chosen) {
    Rng rng(key(seed, kConversion, 1, prow));
    const std::size_t r = d.conversions.add_row();
    char id[32];
    std::snprintf(id, sizeof id, "C%03zu", ++n);
    const std::string to = rng.weighted(targets);
    // Shares in whole percent so that they sum to exactly 1.
    int ind = 0, log = 0, rd = 0;
    if (to == "100100")
      ind = 45 + static_cast<int>(rng.pick(36)), rd = 5 + static_cast<int>(rng.pick(20));
    else if (to == "0802")
      ind = static_cast<int>(rng.pick(30)), rd = 50 + static_cast<int>(rng.pick(30));
    else if (to == "1101")
      log = 60 + static_cast<int>(rng.pick(35)), ind = static_cast<int>(rng.pick(10));
    else
      ind = static_cast<int>(rng.pick(40)), rd = static_cast<int>(rng.pick(20));
    int support = 100 - ind - log - rd;
    if (support < 0) ind += support, support = 0;
    auto& t = d.conversions;
    t.set(r, 0, std::string(id));
    t.set(r, 1, d.parcels.text_at(prow, d.pc.parcel_id));
    t.set(r, 2, d.parcels.text_at(prow, d.pc.land_use));
    t.set(r, 3, to);
    t.set(r, 4, ind / 100.0);
    t.set(r, 5, log / 100.0);
    t.set(r, 6, rd / 100.0);
    t.set(r, 7, support / 100.0);
    t.set(r, 8, round_to(rng.range(0.02, 0.14), 0.001));
    t.set(r, 9, round_to(rng.range(1.0, 5.0), 0.01));
  }
}

// ---------------------------------------------------------------- Chongqing layout
struct HubSite {
  const char* id;
  const char* name;
  const char* type;  ///< hub type key
  const char* code;  ///< short code used in zone and parcel ids
  double lon, lat;   ///< approx. WGS84/CGCS2000 degrees (docs/domain-sources.md §5, airports data)
  double weight;     ///< share of the parcels; 0: no development area of its own
};

// Sites ±2–5 km (docs/domain-sources.md DS-5.2); airports from mborsetti/airportsdata (MIT).
const HubSite kHubs[] = {
    {"H01", "果园港", "port", "GY", 106.72, 29.65, 1.2},
    {"H02", "寸滩港（两路寸滩综合保税区）", "port", "CT", 106.60, 29.61, 0.8},
    {"H03", "团结村（沙坪坝国际物流枢纽园区）", "land_port", "TJ", 106.37, 29.63, 1.4},
    {"H04", "珞璜（江津综合保税区）", "land_port", "LH", 106.44, 29.27, 1.0},
    {"H05", "江北国际机场", "airport", "JB", 106.642, 29.7192, 1.2},
    {"H06", "南彭（重庆公路物流基地）", "trade", "NP", 106.61, 29.41, 1.2},
    {"H07", "万州（生产服务型）", "production", "WZ", 108.41, 30.81, 0.8},
    {"H08", "万州五桥机场", "airport", "WQ", 108.433, 30.8017, 0.0},
};

struct ZoneFlavour {
  const char* type_zh;
  const char* name_a;
  const char* planned_a;
  double far_min_a, far_max_a;
  const UseMix* mix_a;
  const char* planned_b;
  double far_min_b, far_max_b;
  const UseMix* mix_b;
};

ZoneFlavour flavour(const std::string& hub_type) {
  if (hub_type == "port")
    return {"临港", "临港物流园", "1101;1001;1102", 0.8, 2.5, &kMixPort, "1001;0802;0901",
            1.0,    3.0,          &kMixIndustry};
  if (hub_type == "airport")
    return {"临空", "临空经济区", "1001;0802;1101", 1.0, 3.5, &kMixAir, "0802;0901;1001",
            1.5,    4.0,          &kMixMixed};
  if (hub_type == "land_port")
    return {"临铁",    "铁路物流园",          "1101;1001", 0.8, 2.0,
            &kMixRail, "1001;1101;0802;0901", 1.0,         3.0, &kMixIndustry};
  return {"综合", "综合物流园", "1101;0901;1001", 0.8, 2.5, &kMixMixed, "1001;0802",
          1.0,    3.0,          &kMixIndustry};
}

/// Roads along the grid lines of one development area: a line every 6 cells (secondary),
/// every 18 cells and through the hub (arterial). Features run junction to junction.
void grid_roads(Dataset& d, const Grid& g, const Star& area, long k_max) {
  constexpr long kStep = 6;
  for (int dir = 0; dir < 2; ++dir) {
    for (long line = -k_max / kStep * kStep; line <= k_max; line += kStep) {
      const bool arterial = line % (3 * kStep) == 0;
      for (long a = -k_max / kStep * kStep; a + kStep <= k_max; a += kStep) {
        auto at = [&](long s) { return dir == 0 ? g.vertex(s, line) : g.vertex(line, s); };
        if (!area.contains(at(a), 1.02) || !area.contains(at(a + kStep), 1.02)) continue;
        std::vector<P> pts;
        for (long s = a; s <= a + kStep; ++s) pts.push_back(at(s));
        if (arterial)
          add_road(d, "arterial", 50.0, pts);
        else
          add_road(d, "secondary", std::nullopt, pts);  // speed from the class default
      }
    }
  }
}

std::vector<P> straight(P a, P b, double step_m) {
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  const int n = std::max(1, static_cast<int>(std::ceil(len / step_m)));
  std::vector<P> pts;
  for (int i = 0; i <= n; ++i)
    pts.push_back(i == 0   ? a
                  : i == n ? b
                           : rp({a.x + (b.x - a.x) * i / n, a.y + (b.y - a.y) * i / n}));
  return pts;
}

void blob(Dataset& d, Rng& rng, const std::string& id, const char* kind, P center, double radius,
          int vertices) {
  Star s = random_star(rng, center, radius, 0.25);
  add_constraint(d, id, kind, polygon_wkb({s.ring(vertices)}));
}

void chongqing(Dataset& d, const Options& o) {
  d.hub_epsg = geo::kEpsgCgcs2000;
  geo::Transformer to_gk("EPSG:4490", "EPSG:4545");
  const ZoneColumns zc{0, 1, 2, 3, 4, 5, 6};
  double weight_sum = 0;
  for (const auto& h : kHubs) weight_sum += h.weight;
  constexpr double kCell = 90.0;
  // Parcels per cell is about 0.8 (a quarter of the cells merge with their neighbour).
  const double cells_total = static_cast<double>(o.parcels) / 0.8;

  std::vector<P> hub_xy;
  std::vector<P> hub_node;  // where the expressways meet each development area
  std::size_t project_number = 0;
  const std::size_t projects_per_area = (o.projects + 6) / 7;
  for (std::size_t h = 0; h < std::size(kHubs); ++h) {
    const HubSite& site = kHubs[h];
    double x = site.lon, y = site.lat;
    to_gk.transform(x, y);
    hub_xy.push_back(rp({x, y}));
    add_hub(d, site.id, site.name, site.type, point_wkb(site.lon, site.lat));
    if (site.weight <= 0) {
      hub_node.push_back(rp({x, y}));
      continue;
    }
    Rng rng(key(o.seed, kShape, h));
    const double cells = cells_total * site.weight / weight_sum;
    const double radius = kCell * std::sqrt(cells / kPi);
    Star area = random_star(rng, {x, y}, radius, 0.2);
    Grid g{o.seed, h, {x, y}, kCell, rng.range(0, kPi / 2), 0.12};
    hub_node.push_back(g.vertex(0, 0));
    const long k_max = static_cast<long>(std::ceil(radius * 1.5 / kCell));

    // Zones: two halves of the area (A typed, B mixed), 3% inside its rim so rim parcels are
    // partly outside any zone.
    const ZoneFlavour f = flavour(site.type);
    const double split = rng.range(0, 2 * kPi);
    const std::string code = site.code;
    const std::string zid_a = std::string("Z") + code + "-A",
                      zid_b = std::string("Z") + code + "-B";
    const std::string hub_short =
        std::string(site.name).substr(0, std::string(site.name).find("（"));
    Poly zone_a{area.wedge(split, split + kPi, 160, 0.97)};
    if (code == "TJ") {
      // A reserved hole (rail yard) inside zone A: parcels in it belong to no zone.
      const double t = split + kPi / 2;
      const P c{x + 0.5 * radius * std::cos(t), y + 0.5 * radius * std::sin(t)};
      Star hole = random_star(rng, c, 0.12 * radius, 0.1);
      zone_a.push_back(cw(hole.ring(48)));
    }
    add_zone(d, zc, zid_a, hub_short + f.name_a, f.type_zh, f.planned_a, f.far_min_a, f.far_max_a,
             1, polygon_wkb(zone_a));
    const std::string name_b = hub_short + "综合产业区";
    const int hub_zone_b = code == "WZ" ? 0 : 1;  // one zone outside the hub economic zone
    if (code == "NP") {
      // Zone B drawn as two overlapping features of one zone_id (unioned by the overlay).
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + kPi, split + 1.65 * kPi, 100, 0.97)}));
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + 1.35 * kPi, split + 2 * kPi, 100, 0.97)}));
    } else {
      add_zone(d, zc, zid_b, name_b, "综合", f.planned_b, f.far_min_b, f.far_max_b, hub_zone_b,
               polygon_wkb({area.wedge(split + kPi, split + 2 * kPi, 160, 0.97)}));
    }

    // Parcels: cells whose centre lies in the area; a quarter merged with the right neighbour,
    // a few two-part parcels (diagonal cells touching at a corner).
    std::set<std::pair<long, long>> used;
    std::size_t seq = 0;
    for (long j = -k_max; j < k_max; ++j) {
      for (long i = -k_max; i < k_max; ++i) {
        if (used.count({i, j}) || !area.contains(g.cell_center(i, j))) continue;
        Rng cell(key(o.seed, kCell, h,
                     (static_cast<std::uint64_t>(i + 100000) << 32) ^
                         static_cast<std::uint64_t>(j + 100000)));
        used.insert({i, j});
        std::vector<Poly> parts{{g.cells(i, j, 1, 1)}};
        const double u = cell.uniform();
        if (u < 0.25 && !used.count({i + 1, j}) && area.contains(g.cell_center(i + 1, j))) {
          used.insert({i + 1, j});
          parts[0] = {g.cells(i, j, 2, 1)};
        } else if (u > 0.996 && !used.count({i + 1, j + 1}) &&
                   area.contains(g.cell_center(i + 1, j + 1))) {
          used.insert({i + 1, j + 1});
          parts.push_back({g.cells(i + 1, j + 1, 1, 1)});
        }
        double area_m2 = 0;
        for (const auto& p : parts) area_m2 += poly_area(p);
        // Which half (zone) the parcel lies in decides its land-use mix.
        const P cc = g.cell_center(i, j);
        double ang = std::atan2(cc.y - y, cc.x - x) - split;
        while (ang < 0) ang += 2 * kPi;
        while (ang >= 2 * kPi) ang -= 2 * kPi;
        const UseMix& mix = ang < kPi ? *f.mix_a : *f.mix_b;
        char id[24];
        std::snprintf(id, sizeof id, "%s%05zu", code.c_str(), ++seq);
        const std::size_t row = d.parcels.add_row();
        Rng attr(key(o.seed, kParcel, h, seq));
        parcel_attributes(d.parcels, d.pc, row, attr, id, mix, area_m2);
        d.parcel_geom.push_back(parts.size() == 1 ? polygon_wkb(parts[0])
                                                  : multipolygon_wkb(parts));
      }
    }

    grid_roads(d, g, area, k_max);

    // Constraints: the urban development boundary (most of the area), ecological redlines (two
    // of them overlapping), permanent farmland near the rim.
    Rng cr(key(o.seed, kConstraint, h));
    Star udb = random_star(cr, {x, y}, radius * 0.93, 0.15);
    add_constraint(d, "U" + code, "udb", polygon_wkb({udb.ring(120)}));
    for (int k = 0; k < 3; ++k) {
      const double t = cr.range(0, 2 * kPi), rr = radius * cr.range(0.3, 0.9);
      const P c{x + rr * std::cos(t), y + rr * std::sin(t)};
      const double br = cr.range(150, 450);
      blob(d, cr, "R" + code + std::to_string(2 * k + 1), "redline", c, br, 64);
      if (k == 0) blob(d, cr, "R" + code + "2", "redline", {c.x + 0.6 * br, c.y}, br * 0.8, 64);
    }
    for (int k = 0; k < 4; ++k) {
      const double t = cr.range(0, 2 * kPi), rr = radius * cr.range(0.7, 1.1);
      blob(d, cr, "F" + code + std::to_string(k + 1), "farmland",
           {x + rr * std::cos(t), y + rr * std::sin(t)}, cr.range(120, 350), 56);
    }

    // Candidate project sites: blocks of 1–3 × 1–3 cells in the inner area.
    Rng pr(key(o.seed, kProject, h));
    for (std::size_t k = 0; k < projects_per_area && project_number < o.projects; ++k) {
      long i = 0, j = 0;
      for (int tries = 0; tries < 100; ++tries) {
        i = static_cast<long>(pr.pick(2 * k_max)) - k_max;
        j = static_cast<long>(pr.pick(2 * k_max)) - k_max;
        if (area.contains(g.cell_center(i, j), 0.8)) break;
      }
      const long w = 1 + static_cast<long>(pr.pick(3)), hh = 1 + static_cast<long>(pr.pick(3));
      const P cc = g.cell_center(i, j);
      double ang = std::atan2(cc.y - y, cc.x - x) - split;
      while (ang < 0) ang += 2 * kPi;
      std::optional<std::string> zone;
      if (pr.chance(0.5)) zone = std::fmod(ang, 2 * kPi) < kPi ? zid_a : zid_b;
      add_project(d, pr, ++project_number, {g.cells(i, j, w, hh)}, zone);
    }
  }

  // Expressways between the development areas (and to the second Wanzhou airport), straight
  // lines with a vertex every 2 km, meeting the grids at each hub's (0, 0) vertex.
  const std::pair<int, int> links[] = {{2, 1}, {1, 0}, {0, 4}, {4, 1}, {2, 3},
                                       {3, 5}, {5, 1}, {0, 6}, {6, 7}};
  for (const auto& [a, b] : links)
    add_road(d, "expressway", 80.0, straight(hub_node[a], hub_node[b], 2000.0));
  add_conversions(d, o.seed, o.conversions);
}

// ---------------------------------------------------------------- benchmark layout
void bench(Dataset& d, const Options& o) {
  const ZoneColumns zc{0, 1, 2, 3, 4, 5, 6};
  constexpr double kCell = 60.0;  // 3,600 m² parcels
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(o.parcels))));
  const P origin{300000.0, 3250000.0};
  const double extent = side * kCell;
  Grid g{o.seed, 0, origin, kCell, 0.0, 0.1};
  // Parcels, row by row.
  d.parcels.reserve(o.parcels);
  d.parcel_geom.reserve(o.parcels);
  for (std::size_t n = 0; n < o.parcels; ++n) {
    const long i = static_cast<long>(n) % side, j = static_cast<long>(n) / side;
    char id[24];
    std::snprintf(id, sizeof id, "B%07zu", n + 1);
    const std::size_t row = d.parcels.add_row();
    Rng attr(key(o.seed, kParcel, 0, n));
    const Poly poly{g.cells(i, j, 1, 1)};
    parcel_attributes(d.parcels, d.pc, row, attr, id, kMixMixed, poly_area(poly));
    d.parcel_geom.push_back(polygon_wkb(poly));
  }
  // Zones on a jittered lattice, overlapping their neighbours a little.
  const long zside = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(o.zones))));
  const double zstep = extent / zside;
  const char* types[] = {"临港", "临空", "临铁", "综合"};
  const char* planned[] = {"1101;1001", "1001;0802;1101", "1101;1001;0802", "1001;0802;0901"};
  for (std::size_t z = 0; z < o.zones; ++z) {
    Rng rng(key(o.seed, kZonePos, z));
    const P c{origin.x + (static_cast<double>(z % zside) + rng.range(0.3, 0.7)) * zstep,
              origin.y + (static_cast<double>(z / zside) + rng.range(0.3, 0.7)) * zstep};
    Star s = random_star(rng, c, zstep * rng.range(0.45, 0.62), 0.15);
    char id[32];
    std::snprintf(id, sizeof id, "Z%03zu", z + 1);
    add_zone(d, zc, id, std::string("功能区") + id, types[z % 4], planned[z % 4], 1.0, 3.0, 1,
             polygon_wkb({s.ring(300 + static_cast<int>(rng.pick(501)))}));
  }
  for (std::size_t h = 0; h < o.hubs; ++h) {
    Rng rng(key(o.seed, kHubPos, h));
    char id[32];
    std::snprintf(id, sizeof id, "H%02zu", h + 1);
    add_hub(d, id, std::string("枢纽") + id, geo::kHubTypes[h % geo::kHubTypeCount].key,
            point_wkb(r2(origin.x + rng.range(0, extent)), r2(origin.y + rng.range(0, extent))));
  }
  const double scale = extent / 60000.0;
  for (std::size_t k = 0; k < o.constraints; ++k) {
    Rng rng(key(o.seed, kConstraint, k));
    const double u = rng.uniform();
    const char* kind = u < 0.45 ? "redline" : u < 0.9 ? "farmland" : "udb";
    // Sizes scale with the extent so that every N sees the same constraint density per parcel
    // (the sizes are those of the 1M-parcel, 60 km workload).
    const double radius = (kind[0] == 'u' ? rng.range(1000, 3000) : rng.range(100, 600)) * scale;
    char id[32];
    std::snprintf(id, sizeof id, "K%05zu", k + 1);
    blob(d, rng, id, kind, {origin.x + rng.range(0, extent), origin.y + rng.range(0, extent)},
         radius, 50 + static_cast<int>(rng.pick(251)));
  }
  // Road grid: a line every 1 km with a vertex every 250 m; arterial every 5 km, expressway
  // every 20 km.
  const long lines = static_cast<long>(extent / 1000.0) + 1;
  for (int dir = 0; dir < 2; ++dir) {
    for (long l = 0; l < lines; ++l) {
      const char* cls = l % 20 == 0 ? "expressway" : l % 5 == 0 ? "arterial" : "secondary";
      for (long a = 0; a + 1 < lines; ++a) {
        std::vector<P> pts;
        for (int s = 0; s <= 4; ++s) {
          const double along = a * 1000.0 + s * 250.0, across = l * 1000.0;
          pts.push_back(dir == 0 ? P{origin.x + along, origin.y + across}
                                 : P{origin.x + across, origin.y + along});
        }
        add_road(d, cls, std::nullopt, pts);
      }
    }
  }
  Rng pr(key(o.seed, kProject, 0));
  for (std::size_t k = 0; k < o.projects; ++k) {
    const long i = static_cast<long>(pr.pick(static_cast<std::size_t>(side - 3)));
    const long j = static_cast<long>(
        pr.pick(static_cast<std::size_t>(std::max(1L, static_cast<long>(o.parcels) / side - 3))));
    add_project(
        d, pr, k + 1,
        {g.cells(i, j, 1 + static_cast<long>(pr.pick(3)), 1 + static_cast<long>(pr.pick(3)))},
        std::nullopt);
  }
  add_conversions(d, o.seed, o.conversions);
}

// ---------------------------------------------------------------- districts
/// Copy the ECharts district boundaries, fixing the two outdated codes (2016 vintage).
std::size_t districts(const std::string& source, Table& t, std::vector<Wkb>& geom) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw Error(ErrorKind::Io, "cannot open the district boundaries", Where{.file = source});
  OGRLayer* layer = ds->GetLayer(0);
  const auto adcode = t.add_column("adcode", FieldType::Integer);
  const auto name = t.add_column("name", FieldType::Text);
  const auto cp_lon = t.add_column("cp_lon", FieldType::Real, "deg");
  const auto cp_lat = t.add_column("cp_lat", FieldType::Real, "deg");
  for (auto& f : *layer) {
    std::int64_t code = f->GetFieldAsInteger64("adcode");
    std::string n = f->GetFieldAsString("name");
    if (code == 500228) code = 500155, n = "梁平区";
    if (code == 500232) code = 500156, n = "武隆区";
    const std::size_t r = t.add_row();
    t.set(r, adcode, code);
    t.set(r, name, n);
    t.set(r, cp_lon, f->GetFieldAsDouble("cp_lon"));
    t.set(r, cp_lat, f->GetFieldAsDouble("cp_lat"));
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g)
      throw Error(ErrorKind::Io, "district without geometry", Where{.file = source, .feature = n});
    Wkb wkb(g->WkbSize());
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    geom.push_back(std::move(wkb));
  }
  return t.row_count();
}

}  // namespace

Summary generate(const Options& o, const std::string& out_dir) {
  GDALAllRegister();
  // GeoPackage creation timestamps are fixed by VectorSink (layers::kFixedGpkgDate), which keeps
  // the files byte-identical.
  fs::create_directories(out_dir);
  Dataset d;
  init_schemas(d);
  if (o.layout == Layout::Chongqing)
    chongqing(d, o);
  else
    bench(d, o);

  Summary s;
  s.gpkg_path =
      (fs::path(out_dir) / (o.layout == Layout::Chongqing ? "chongqing.gpkg" : "bench.gpkg"))
          .string();
  layers::VectorSink sink(s.gpkg_path, "GPKG");
  using layers::GeometryKind;
  auto opts = [](GeometryKind k, int epsg) {
    layers::SinkLayerOptions lo;
    lo.geometry_kind = k;
    lo.epsg = epsg;
    return lo;
  };
  sink.add_layer("parcels", d.parcels, &d.parcel_geom,
                 opts(GeometryKind::MultiPolygon, kWorkingEpsg));
  sink.add_layer("zones", d.zones, &d.zone_geom, opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("hubs", d.hubs, &d.hub_geom, opts(GeometryKind::Point, d.hub_epsg));
  sink.add_layer("constraints", d.constraints, &d.constraint_geom,
                 opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("roads", d.roads, &d.road_geom, opts(GeometryKind::LineString, kWorkingEpsg));
  sink.add_layer("projects", d.projects, &d.project_geom,
                 opts(GeometryKind::Polygon, kWorkingEpsg));
  sink.add_layer("conversions", d.conversions, nullptr, opts(GeometryKind::None, 0));
  if (o.layout == Layout::Chongqing && !o.districts_source.empty()) {
    Table t;
    std::vector<Wkb> g;
    s.districts = districts(o.districts_source, t, g);
    sink.add_layer("districts", t, &g, opts(GeometryKind::MultiPolygon, geo::kEpsgWgs84));
    const std::string gj = (fs::path(out_dir) / "districts.geojson").string();
    fs::remove(gj);  // the GeoJSON driver refuses to overwrite
    layers::VectorSink json(gj, "GeoJSON");
    layers::SinkLayerOptions lo = opts(GeometryKind::MultiPolygon, geo::kEpsgWgs84);
    lo.creation_options = {"COORDINATE_PRECISION=6", "RFC7946=NO"};
    json.add_layer("districts", t, &g, lo);
    json.commit();
  }
  sink.commit();
  s.parcels = d.parcels.row_count();
  s.zones = d.zones.row_count();
  s.hubs = d.hubs.row_count();
  s.constraints = d.constraints.row_count();
  s.roads = d.roads.row_count();
  s.projects = d.projects.row_count();
  s.conversions = d.conversions.row_count();
  return s;
}

}  // namespace hubland::sample

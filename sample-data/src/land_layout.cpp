// The Chongqing land layers: current land class (land_survey, a 国土调查 DLTB-like layer with the
// 三调 field names), land supply records and approved park boundaries; and the water / airfield
// masks that keep parcels and projects off rivers and runways.
//
// The survey tiles each development area and its surroundings with 图斑 made of 3×3-cell blocks
// of the area's parcel grid (runs of up to four blocks of one class), so 图斑 never overlap and
// their edges run through the parcel corners: a parcel lies wholly in the 图斑 of its blocks.

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "generator_parts.hpp"
#include "hubland/geo/crs.hpp"

namespace hubland::sample::detail {

// ---------------------------------------------------------------- masks
double segment_distance(P p, P a, P b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::fmax(0, std::fmin(1, t));
  return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

bool ring_contains(const Ring& r, P p) {
  bool in = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
    if ((r[i].y > p.y) != (r[j].y > p.y) &&
        p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      in = !in;
  return in;
}

double Masks::river_distance(P p) const {
  double best = 1e300;
  for (const auto& r : rivers)
    for (std::size_t k = 1; k < r.line.size(); ++k)
      best = std::fmin(best, segment_distance(p, r.line[k - 1], r.line[k]) - r.half_width);
  return best;
}

const char* Masks::at(P p) const {
  for (const auto& a : airfields)
    if (ring_contains(a, p)) return "1007";
  return river_distance(p) < 0 ? "1101" : nullptr;
}

Masks chongqing_masks() {
  geo::Transformer to_gk("EPSG:4490", "EPSG:4545");
  auto gk = [&](double lon, double lat) {
    to_gk.transform(lon, lat);
    return rp({lon, lat});
  };
  // Approximate courses (±1 km): the Yangtze from 江津 past 珞璜, 李家沱, 朝天门, 寸滩 and 果园港;
  // the Jialing from 北碚 past 磁器口 to 朝天门; the Yangtze through 万州.
  const double yangtze[][2] = {
      {106.28, 29.30},   {106.36, 29.305}, {106.42, 29.31},   {106.47, 29.325},  {106.51, 29.37},
      {106.525, 29.43},  {106.545, 29.49}, {106.565, 29.535}, {106.585, 29.563}, {106.605, 29.585},
      {106.635, 29.598}, {106.68, 29.615}, {106.72, 29.625},  {106.77, 29.645},  {106.82, 29.68}};
  const double jialing[][2] = {{106.43, 29.80},  {106.46, 29.72},  {106.43, 29.65},
                               {106.45, 29.585}, {106.50, 29.575}, {106.545, 29.57},
                               {106.585, 29.563}};
  const double wanzhou[][2] = {{108.30, 30.72},   {108.36, 30.76}, {108.40, 30.79},
                               {108.425, 30.815}, {108.45, 30.84}, {108.49, 30.87}};
  Masks m;
  auto river = [&](const auto& pts, double half_width) {
    Masks::River r;
    for (const auto& q : pts) r.line.push_back(gk(q[0], q[1]));
    r.half_width = half_width;
    m.rivers.push_back(std::move(r));
  };
  river(yangtze, 380);
  river(jialing, 200);
  river(wanzhou, 420);
  // Airfields: runway strips with their aprons, centred on the airport reference points.
  auto airfield = [&](double lon, double lat, double heading_deg, double length, double width) {
    const P c = gk(lon, lat);
    const double h = heading_deg * kPi / 180;
    const P dir{std::sin(h) * length / 2, std::cos(h) * length / 2};
    const P nor{std::cos(h) * width / 2, -std::sin(h) * width / 2};
    m.airfields.push_back(ccw({rp({c.x - dir.x - nor.x, c.y - dir.y - nor.y}),
                               rp({c.x + dir.x - nor.x, c.y + dir.y - nor.y}),
                               rp({c.x + dir.x + nor.x, c.y + dir.y + nor.y}),
                               rp({c.x - dir.x + nor.x, c.y - dir.y + nor.y})}));
  };
  airfield(106.642, 29.7192, 20, 3800, 1300);  // 江北 ZUCK, runways 02/20
  airfield(108.433, 30.8017, 50, 2800, 600);   // 万州五桥 ZUWX, runway 05/23
  return m;
}

bool Area::in_hub_zone(P p) const {
  if (!star.contains(p, 0.97)) return false;
  if (b_in_hub_zone) return true;
  double ang = std::atan2(p.y - star.center.y, p.x - star.center.x) - split;
  while (ang < 0) ang += 2 * kPi;
  while (ang >= 2 * kPi) ang -= 2 * kPi;
  return ang < kPi;  // zone A
}

const char* Area::mask_of_cell(const Masks& m, long i, long j) const {
  return m.at(block_center(block_of(i), block_of(j)));
}

namespace {

std::uint64_t pack(long i, long j) {
  return (static_cast<std::uint64_t>(i + 100000) << 32) ^ static_cast<std::uint64_t>(j + 100000);
}

// ---------------------------------------------------------------- 三调 codes
struct SurveyClass {
  const char* code;
  const char* name;
};
const SurveyClass kClasses[] = {
    {"0101", "水田"},
    {"0102", "水浇地"},
    {"0103", "旱地"},
    {"0201", "果园"},
    {"0201K", "可调整果园"},
    {"0204", "其他园地"},
    {"0301", "乔木林地"},
    {"0305", "灌木林地"},
    {"0404", "其他草地"},
    {"05H1", "商业服务业设施用地"},
    {"0508", "物流仓储用地"},
    {"0601", "工业用地"},
    {"0701", "城镇住宅用地"},
    {"0702", "农村宅基地"},
    {"08H1", "机关团体新闻出版用地"},
    {"08H2", "科教文卫用地"},
    {"0809", "公用设施用地"},
    {"0810", "公园与绿地"},
    {"1001", "铁路用地"},
    {"1003", "公路用地"},
    {"1004", "城镇村道路用地"},
    {"1005", "交通服务场站用地"},
    {"1006", "农村道路"},
    {"1007", "机场用地"},
    {"1008", "港口码头用地"},
    {"1009", "管道运输用地"},
    {"1101", "河流水面"},
    {"1104", "坑塘水面"},
    {"1104K", "可调整养殖坑塘"},
    {"1107", "沟渠"},
    {"1201", "空闲地"},
    {"1202", "设施农用地"},
    {"1203", "田坎"},
    {"1206", "裸土地"},
    {"201", "城市"},
    {"202", "建制镇"},
    {"203", "村庄"},
};

const char* class_name(const std::string& code) {
  for (const auto& c : kClasses)
    if (code == c.code) return c.name;
  return "";
}

/// The built-up class of a block from its parcels' planned uses.
const char* built_class(const std::string& use) {
  if (use.rfind("1001", 0) == 0) return "0601";
  if (use.rfind("11", 0) == 0) return "0508";
  if (use.rfind("09", 0) == 0) return "05H1";
  if (use == "0802") return "08H2";
  return "0601";
}

const std::array<std::pair<const char*, int>, 11> kRural = {{{"0101", 28},
                                                             {"0103", 22},
                                                             {"0102", 2},
                                                             {"0201", 6},
                                                             {"0204", 3},
                                                             {"0301", 15},
                                                             {"0305", 5},
                                                             {"0404", 4},
                                                             {"1104", 3},
                                                             {"0702", 4},
                                                             {"203", 2}}};
const std::array<std::pair<const char*, int>, 8> kRuralDetail = {{{"1006", 4},
                                                                  {"1107", 2},
                                                                  {"1203", 2},
                                                                  {"1206", 1},
                                                                  {"0201K", 1},
                                                                  {"1104K", 1},
                                                                  {"0702", 3},
                                                                  {"1202", 1}}};
const std::array<std::pair<const char*, int>, 9> kBuiltDetail = {{{"1004", 6},
                                                                  {"0701", 4},
                                                                  {"05H1", 3},
                                                                  {"0809", 2},
                                                                  {"0810", 2},
                                                                  {"1201", 2},
                                                                  {"08H1", 1},
                                                                  {"202", 1},
                                                                  {"201", 1}}};

bool in_any(const std::vector<Star>& stars, P p) {
  for (const auto& s : stars)
    if (s.contains(p)) return true;
  return false;
}

std::string block_class(const Options& o, const Area& a, const Masks& m, long bi, long bj,
                        const std::map<std::pair<long, long>, std::string>& forced,
                        const std::map<std::pair<long, long>, std::string>& built,
                        const std::vector<std::vector<P>>& expressways) {
  const P c = a.block_center(bi, bj);
  if (const char* mask = m.at(c)) return mask;
  if (auto f = forced.find({bi, bj}); f != forced.end()) return f->second;
  Rng r(key(o.seed, kSurvey, a.index, pack(bi, bj)));
  const double u = r.uniform();
  const auto b = built.find({bi, bj});
  if (in_any(a.farmland, c)) return u < 0.6 ? "0101" : "0103";  // 永久基本农田: 耕地
  if (in_any(a.redline, c)) return u < 0.7 ? "0301" : "0305";   // 生态保护红线: 林地
  if (b != built.end()) {
    if (a.rail_yard && a.rail_yard->contains(c)) return "1001";
    if ((a.type == "port" || a.type == "production") && m.river_distance(c) < 300) return "1008";
    const double hub = std::hypot(c.x - a.star.center.x, c.y - a.star.center.y);
    if ((a.type == "land_port" || a.type == "trade") && hub < 450) return "1005";
    if (a.code == "LH" && u > 0.995) return "1009";
    if (u < 0.12) return r.weighted(kBuiltDetail);
    return b->second;
  }
  for (const auto& e : expressways)
    for (std::size_t k = 1; k < e.size(); ++k)
      if (segment_distance(c, e[k - 1], e[k]) < 150) return "1003";
  if (a.star.contains(c, 1.12) && u < 0.35) return u < 0.2 ? "0702" : u < 0.27 ? "203" : "1006";
  if (u < 0.2) return r.weighted(kRuralDetail);
  Rng patch(key(o.seed, kSurvey, a.index + 100, pack(bi / 4 - (bi < 0), bj / 4 - (bj < 0))));
  return patch.weighted(kRural);
}

void survey(Dataset& d, const Options& o, const std::vector<Area>& areas, const Masks& m,
            const std::vector<std::vector<P>>& expressways) {
  std::size_t bsm = 0;
  for (const Area& a : areas) {
    std::map<std::pair<long, long>, std::string> forced(a.block_codes.begin(), a.block_codes.end());
    // Built-up blocks: those holding parcels; class by the most frequent use of their cells.
    std::map<std::pair<long, long>, std::map<std::string, int>> uses;
    for (const auto& [cell, row] : a.parcel_cells)
      ++uses[{block_of(cell.first), block_of(cell.second)}]
            [built_class(std::string(d.parcels.text_at(row, d.pc.land_use)))];
    std::map<std::pair<long, long>, std::string> built;
    for (const auto& [block, count] : uses) {
      std::pair<std::string, int> best{"", 0};
      for (const auto& [code, n] : count)
        if (n > best.second) best = {code, n};
      built.emplace(block, best.first);
    }
    const long kb = a.k_max * 13 / 30 + 2;
    for (long bj = -kb; bj < kb; ++bj) {
      std::vector<std::pair<long, std::string>> row;  // the blocks of this row, in order
      for (long bi = -kb; bi < kb; ++bi) {
        const P c = a.block_center(bi, bj);
        if (!a.star.contains(c, 1.35)) continue;
        bool other = false;  // leave the margin to a neighbouring area's tiles
        for (const Area& b : areas)
          if (&b != &a && b.star.contains(c, 1.5)) other = true;
        if (other) continue;
        row.push_back({bi, block_class(o, a, m, bi, bj, forced, built, expressways)});
      }
      for (std::size_t k = 0; k < row.size();) {
        std::size_t n = 1;
        while (k + n < row.size() && n < 4 && row[k + n].first == row[k].first + long(n) &&
               row[k + n].second == row[k].second)
          ++n;
        const std::string& code = row[k].second;
        const Poly poly{a.grid.cells(3 * row[k].first, 3 * bj, 3 * static_cast<long>(n), 3)};
        const double tbmj = round_to(poly_area(poly), 0.01);
        Rng r(key(o.seed, kSurvey, a.index + 200, pack(row[k].first, bj)));
        // 耕地 图斑 lose 5–10 % to 田坎 and ditches (扣除面积); the others none.
        const double tbdlmj =
            code.rfind("01", 0) == 0 ? round_to(tbmj * (1 - r.range(0.05, 0.10)), 0.01) : tbmj;
        char id[32];
        std::snprintf(id, sizeof id, "%s211%07zu", a.adcode.c_str(), ++bsm);
        const std::size_t t = d.land_survey.add_row();
        d.land_survey.set(t, 0, std::string(id));
        d.land_survey.set(t, 1, code);
        d.land_survey.set(t, 2, std::string(class_name(code)));
        d.land_survey.set(t, 3, tbmj);
        d.land_survey.set(t, 4, tbdlmj);
        d.survey_geom.push_back(polygon_wkb(poly));
        k += n;
      }
    }
  }
}

// ---------------------------------------------------------------- dates
long days_from_civil(long y, long mth, long day) {
  y -= mth <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (mth + (mth > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string iso_date(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long day = doy - (153 * mp + 2) / 5 + 1;
  const long mth = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (mth <= 2);
  char s[16];
  std::snprintf(s, sizeof s, "%04ld-%02ld-%02ld", y, mth, day);
  return s;
}

// ---------------------------------------------------------------- land supply
void supply(Dataset& d, const Options& o, const Masks& m, const std::vector<Area>& areas) {
  const long as_of = days_from_civil(2026, 6, 30);
  std::size_t seq = 0;
  for (const Area& a : areas) {
    Rng r(key(o.seed, kSupply, a.index));
    std::set<std::pair<long, long>> taken(a.project_cells.begin(), a.project_cells.end());
    std::vector<Area::Supply> recs = a.supply;
    for (const auto& s : recs)
      for (long i = s.i; i < s.i + s.w; ++i)
        for (long j = s.j; j < s.j + s.h; ++j) taken.insert({i, j});
    const char* cycle[] = {"批而未供", "供而未用", "储备", "已供", "已供", "批而未供"};
    for (const char* status : cycle) {
      for (int tries = 0; tries < 2000; ++tries) {
        Area::Supply s{static_cast<long>(r.pick(static_cast<std::size_t>(2 * a.k_max))) - a.k_max,
                       static_cast<long>(r.pick(static_cast<std::size_t>(2 * a.k_max))) - a.k_max,
                       3 + static_cast<long>(r.pick(4)), 3 + static_cast<long>(r.pick(4)), status};
        bool ok = true;
        for (long i = s.i - 1; ok && i <= s.i + s.w; ++i)
          for (long j = s.j - 1; ok && j <= s.j + s.h; ++j)
            ok = !taken.count({i, j}) && !a.masked_cell(m, i, j) &&
                 a.star.contains(a.grid.cell_center(i, j), 0.85);
        if (!ok) continue;
        for (long i = s.i; i < s.i + s.w; ++i)
          for (long j = s.j; j < s.j + s.h; ++j) taken.insert({i, j});
        recs.push_back(s);
        break;
      }
    }
    for (const auto& s : recs) {
      const std::string status = s.status;
      const long year = 2019 + static_cast<long>(r.pick(7));
      char id[40], approval[64];
      std::snprintf(id, sizeof id, "GD%s-%ld-%03zu", a.adcode.c_str(), year, ++seq);
      // 批准文号 of the sample: the S before the number marks it as invented.
      std::snprintf(approval, sizeof approval, "渝府地〔%ld〕S%03d号", year,
                    1 + static_cast<int>(r.pick(400)));
      const std::size_t t = d.land_supply.add_row();
      d.land_supply.set(t, 0, std::string(id));
      d.land_supply.set(t, 1, status);
      d.land_supply.set(t, 2, std::string(approval));
      // Disposed of: supplied 批而未供 land (half within the 12 months before the analysis
      // date), idle land taken back into the reserve.
      const bool recent = r.chance(0.5);
      const long back =
          recent ? 1 + static_cast<long>(r.pick(360)) : 400 + static_cast<long>(r.pick(1100));
      if (status == "已供" || (status == "储备" && r.chance(0.7))) {
        d.land_supply.set(t, 3, iso_date(as_of - back));
        d.land_supply.set(t, 4, std::string(status == "已供" ? "approved_unsupplied" : "idle"));
      }
      d.supply_geom.push_back(polygon_wkb({a.grid.cells(s.i, s.j, s.w, s.h)}));
    }
  }
}

// ---------------------------------------------------------------- parks
struct ParkInfo {
  const char* code;  ///< development area, or "" for a park elsewhere
  const char* name;
  const char* level;
  double lon, lat;  ///< elsewhere only
};
const ParkInfo kParks[] = {
    {"GY", "两江新区鱼复工业开发区", "市级", 0, 0},
    {"CT", "重庆两路寸滩保税港区", "国家级", 0, 0},
    {"TJ", "西永微电子产业园", "市级", 0, 0},
    {"LH", "江津珞璜工业园区", "市级", 0, 0},
    {"JB", "两江新区空港工业园区", "市级", 0, 0},
    {"NP", "巴南经济园区", "市级", 0, 0},
    {"WZ", "万州经济技术开发区", "国家级", 0, 0},
    {"", "两江新区水土高新技术产业园", "市级", 106.49, 29.77},
    {"", "长寿经济技术开发区", "国家级", 107.08, 29.86},
    {"", "永川高新技术产业开发区", "国家级", 105.93, 29.36},
};

void parks(Dataset& d, const Options& o, const std::vector<Area>& areas) {
  geo::Transformer to_gk("EPSG:4490", "EPSG:4545");
  std::size_t n = 0;
  for (const auto& p : kParks) {
    Rng r(key(o.seed, kPark, 1000 + n));
    Poly poly;
    if (*p.code) {
      for (const Area& a : areas)
        if (a.code == p.code) {
          poly.push_back(a.star.ring(160, 1.25));
          if (a.park_hole) poly.push_back(cw(a.park_hole->ring(48)));
        }
      if (poly.empty()) continue;
    } else {
      double x = p.lon, y = p.lat;
      to_gk.transform(x, y);
      poly.push_back(random_star(r, {x, y}, r.range(2200, 3200), 0.2).ring(120));
    }
    char id[16], approval[64];
    std::snprintf(id, sizeof id, "YQ%02zu", ++n);
    std::snprintf(approval, sizeof approval, "渝府〔%d〕S%03d号",
                  2008 + static_cast<int>(r.pick(12)), 1 + static_cast<int>(r.pick(200)));
    const std::size_t t = d.parks.add_row();
    d.parks.set(t, 0, std::string(id));
    d.parks.set(t, 1, std::string(p.name));
    d.parks.set(t, 2, std::string(p.level));
    d.parks.set(t, 3, std::string(approval));
    d.park_geom.push_back(polygon_wkb(poly));
  }
}

}  // namespace

void land_schemas(Dataset& d) {
  // The 三调 DLTB names (aliases of survey_id, dlbm, dlmc, tbmj, tbdlmj).
  d.land_survey.add_column("BSM", FieldType::Text);
  d.land_survey.add_column("DLBM", FieldType::Text);
  d.land_survey.add_column("DLMC", FieldType::Text);
  d.land_survey.add_column("TBMJ", FieldType::Real, "m2");
  d.land_survey.add_column("TBDLMJ", FieldType::Real, "m2");
  // GDBH, 供地状态 and 批准文号 are aliases of supply_id, status and approval_no.
  d.land_supply.add_column("GDBH", FieldType::Text);
  d.land_supply.add_column("供地状态", FieldType::Text);
  d.land_supply.add_column("批准文号", FieldType::Text);
  d.land_supply.add_column("disposed_date", FieldType::Text);
  d.land_supply.add_column("disposed_from", FieldType::Text);
  for (const char* c : {"park_id", "park_name", "park_level", "approval_no"})
    d.parks.add_column(c, FieldType::Text);
}

void land_layers(Dataset& d, const Options& o, std::vector<Area>& areas, const Masks& m,
                 const std::vector<std::vector<P>>& expressways) {
  survey(d, o, areas, m, expressways);
  supply(d, o, m, areas);
  parks(d, o, areas);
}

}  // namespace hubland::sample::detail

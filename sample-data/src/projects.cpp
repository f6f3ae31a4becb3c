// Candidate projects and conversion requests of the sample generator.

#include <algorithm>
#include <cstdio>
#include <set>

#include <geos_c.h>

#include "generator_parts.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/units.hpp"

namespace hubland::sample::detail {

namespace {

/// GB/T 4754-2017 four-digit classes under each two-digit division of kManufacturing.
struct Classes {
  const char* division;
  std::array<const char*, 3> codes;
};
const Classes kClasses[] = {
    {"36", {"3612", "3670", "3620"}},  // 新能源车整车, 汽车零部件及配件, 汽车用发动机
    {"39", {"3912", "3973", "3982"}},  // 计算机零部件, 集成电路, 电子电路
    {"38", {"3841", "3811", "3841"}},  // 锂离子电池, 发电机及发电机组
    {"34", {"3441", "3411", "3441"}},  // 泵及真空设备, 锅炉及辅助设备
    {"35", {"3562", "3511", "3562"}},  // 半导体器件专用设备, 矿山机械
    {"33", {"3311", "3311", "3311"}},  // 金属结构
    {"26", {"2614", "2651", "2614"}},  // 有机化学原料, 初级形态塑料及合成树脂
    {"27", {"2710", "2761", "2710"}},  // 化学药品原料药, 生物药品
    {"13", {"1311", "1353", "1311"}},  // 稻谷加工, 肉制品及副产品加工
    {"14", {"1469", "1431", "1469"}},  // 其他调味品、发酵制品 (火锅底料), 米、面制品
    {"29", {"2911", "2922", "2911"}},  // 轮胎, 塑料板、管、型材
    {"30", {"3061", "3041", "3061"}},  // 玻璃纤维及制品, 平板玻璃
    {"37", {"3751", "3741", "3744"}},  // 摩托车整车, 飞机, 航空相关设备
    {"40", {"4011", "4011", "4011"}},  // 工业自动控制系统装置
};

std::string industry_class(std::uint64_t seed, std::size_t number, const char* division) {
  Rng r(key(seed, kProjectCase, number, 1));
  for (const auto& c : kClasses)
    if (std::string(c.division) == division) return c.codes[r.pick(c.codes.size())];
  return std::string(division) + "00";
}

}  // namespace

void add_project(Dataset& d, Rng& rng, std::uint64_t seed, std::size_t number, const Poly& site,
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
  t.set(r, 3, industry_class(seed, number, ind.code));
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

void project_case(Dataset& d, std::uint64_t seed, std::size_t row, std::size_t number, Case c) {
  auto& t = d.projects;
  Rng r(key(seed, kProjectCase, number));
  const double mu = t.real_at(row, 5);
  // Every project meets the 标准地 indicators (开州 2024: investment ≥ 150 万元/亩, output ≥ 158,
  // tax ≥ 5.87 万元/亩; FAR ≥ 1.0, 建筑系数 ≥ 40 %, 行政办公及生活服务 ≤ 7 %) unless its case
  // fails one of them; figures drawn below a margin of the threshold are drawn again.
  double far = round_to(r.range(1.2, 2.8), 0.01), cover = round_to(r.range(0.45, 0.68), 0.01),
         office = round_to(r.range(0.02, 0.065), 0.001);
  double invest = t.real_at(row, 4), output = t.real_at(row, 6), tax = t.real_at(row, 7);
  const double invest_draw = r.range(180, 420), output_draw = r.range(200, 900),
               tax_draw = r.range(8, 30);
  if (invest < 160 * mu) invest = round_to(mu * invest_draw, 0.01);
  if (output < 170 * mu) output = round_to(mu * output_draw, 0.01);
  if (tax < 7 * mu) tax = round_to(mu * tax_draw, 0.01);
  switch (c) {
    case Case::LowFar:
      far = round_to(r.range(0.5, 0.9), 0.01);
      break;
    case Case::LowCoverage:
      cover = round_to(r.range(0.25, 0.36), 0.01);
      break;
    case Case::HighOffice:
      office = round_to(r.range(0.09, 0.14), 0.001);
      break;
    case Case::LowInvest:
      invest = round_to(mu * r.range(80, 130), 0.01);
      break;
    case Case::LowOutput:
      output = round_to(mu * r.range(60, 140), 0.01);
      tax = round_to(mu * r.range(8, 12), 0.01);
      break;
    case Case::LowTax:
      tax = round_to(mu * r.range(2, 4.5), 0.01);
      break;
    case Case::Prohibited:
      t.set(row, 1, std::string(kBrand[r.pick(kBrand.size())]) + "水泥熟料生产线项目");
      t.set(row, 2, enterprise_name(r, "水泥"));
      t.set(row, 3, std::string("3011"));  // 水泥制造: the sample's prohibited industry
      break;
    default:
      break;
  }
  t.set(row, 4, invest);
  t.set(row, 6, output);
  t.set(row, 7, tax);
  t.set(row, 14, far);
  t.set(row, 15, cover);
  t.set(row, 16, office);
}

void add_conversions(Dataset& d, std::uint64_t seed, std::size_t count) {
  // Requests come from industrial parcels, from logistics parcels (to industrial, M0 or R&D) and
  // a few commercial ones (which CV-FROM-USE rejects), picked by seeded draws so the choice
  // depends on nothing but the parcel table.
  std::vector<std::size_t> industrial, logistics, commercial;
  for (std::size_t r = 0; r < d.parcels.row_count(); ++r) {
    const std::string use(d.parcels.text_at(r, d.pc.land_use));
    if (use.rfind("1001", 0) == 0) industrial.push_back(r);
    if (use.rfind("1101", 0) == 0) logistics.push_back(r);
    if (use.rfind("09", 0) == 0) commercial.push_back(r);
  }
  if (industrial.empty()) return;
  Rng pick(key(seed, kConversion, 0));
  std::set<std::size_t> chosen;
  const std::size_t wanted = std::min(count, industrial.size());
  while (chosen.size() < wanted) {
    const double u = pick.uniform();
    const auto& pool = u < 0.80 || logistics.empty()    ? industrial
                       : u < 0.98 || commercial.empty() ? logistics
                                                        : commercial;
    chosen.insert(pool[pick.pick(pool.size())]);
  }
  // One array type for the three mixes (weight 0 pads): Rng::weighted takes a std::array.
  using Targets = std::array<std::pair<const char*, int>, 7>;
  const Targets from_industrial = {{{"100100", 35},
                                    {"0802", 15},
                                    {"1101", 15},
                                    {"100101", 15},
                                    {"0902", 8},
                                    {"0701", 6},
                                    {"0901", 6}}};
  const Targets from_logistics = {
      {{"100101", 50}, {"100100", 25}, {"0802", 25}, {"", 0}, {"", 0}, {"", 0}, {"", 0}}};
  const Targets from_commercial = {
      {{"100101", 100}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}}};
  std::size_t n = 0;
  auto& t = d.conversions;
  for (std::size_t prow : chosen) {
    Rng rng(key(seed, kConversion, 1, prow));
    const std::size_t r = t.add_row();
    char id[32];
    std::snprintf(id, sizeof id, "C%03zu", ++n);
    const std::string from(d.parcels.text_at(prow, d.pc.land_use));
    const Targets& targets = from.rfind("1001", 0) == 0   ? from_industrial
                             : from.rfind("1101", 0) == 0 ? from_logistics
                                                          : from_commercial;
    const std::string to = rng.weighted(targets);
    // Shares in whole percent so that they sum to exactly 1.
    int ind = 0, log = 0, rd = 0;
    if (to == "100100")
      ind = 45 + static_cast<int>(rng.pick(36)), rd = 5 + static_cast<int>(rng.pick(20));
    else if (to == "0802")
      ind = static_cast<int>(rng.pick(30)), rd = 50 + static_cast<int>(rng.pick(30));
    else if (to == "1101")
      log = 45 + static_cast<int>(rng.pick(50)), ind = static_cast<int>(rng.pick(10));
    else if (to == "100101")
      ind = 62 + static_cast<int>(rng.pick(34)), rd = static_cast<int>(rng.pick(6));
    else
      ind = static_cast<int>(rng.pick(40)), rd = static_cast<int>(rng.pick(20));
    int support = 100 - ind - log - rd;
    if (support < 0) ind += support, support = 0;
    // Plot ratio about the band of the target use (M0 3.0–5.0, industry and logistics about the
    // zones' bands), a few outside it.
    const double far = to == "100100"   ? rng.range(2.6, 5.4)
                       : to == "0802"   ? rng.range(1.0, 4.2)
                       : to == "1101"   ? rng.range(0.6, 2.6)
                       : to == "100101" ? rng.range(0.8, 3.2)
                                        : rng.range(1.0, 5.0);
    t.set(r, 0, std::string(id));
    t.set(r, 1, std::string(d.parcels.text_at(prow, d.pc.parcel_id)));
    t.set(r, 2, from);
    t.set(r, 3, to);
    t.set(r, 4, ind / 100.0);
    t.set(r, 5, log / 100.0);
    t.set(r, 6, rd / 100.0);
    t.set(r, 7, support / 100.0);
    t.set(r, 8, round_to(rng.range(0.02, 0.14), 0.001));
    t.set(r, 9, round_to(far, 0.01));

    // Cases for the rules that compare codes: a declared current use other than the registered
    // one (CV-FROM-MATCH), codes of another scheme (GB/T 21010-2017: 0601 工业, 0804 科研), an
    // unknown scheme, and shares that do not add up (CV-SHARES).
    Rng extra(key(seed, kConversion, 2, prow));
    const double u = extra.uniform();
    if (u < 0.04 && from.rfind("1001", 0) == 0) {
      t.set(r, 2, std::string("1101"));
    } else if (u < 0.08 && from.rfind("1001", 0) == 0 && to == "0802") {
      t.set(r, 2, std::string("0601"));
      t.set(r, 3, std::string("0804"));
      t.set(r, 10, std::string("gbt21010"));
    } else if (u < 0.09) {
      t.set(r, 10, std::string("GB2017"));
    } else if (u < 0.13) {
      t.set(r, 7, (support + 6) / 100.0);
    }
  }
  // An M0 request on the first industrial parcel whose centre lies outside every approved park
  // (CV-M0-PARK), when the layout has parks.
  if (!d.park_geom.empty()) {
    std::vector<geo::GeomPtr> parks;
    std::vector<const GEOSGeometry*> parts;
    for (const auto& w : d.park_geom) parts.push_back(parks.emplace_back(geo::from_wkb(w)).get());
    const geo::GeomPtr all = geo::union_all(parts);
    const geo::PreparedPtr prepared = geo::prepare(all.get());
    for (std::size_t prow : industrial) {
      const geo::GeomPtr centre = geo::centroid(geo::from_wkb(d.parcel_geom[prow]).get());
      if (GEOSPreparedContains_r(geo::GeosContext::local().handle(), prepared.get(),
                                 centre.get()) == 1)
        continue;
      const std::size_t r = t.add_row();
      t.set(r, 0, std::string("C998"));
      t.set(r, 1, std::string(d.parcels.text_at(prow, d.pc.parcel_id)));
      t.set(r, 2, std::string(d.parcels.text_at(prow, d.pc.land_use)));
      t.set(r, 3, std::string("100100"));
      for (std::size_t c : {4, 5, 6, 7})
        t.set(r, c, c == 4 ? 0.6 : c == 6 ? 0.2 : c == 7 ? 0.2 : 0.0);
      t.set(r, 8, 0.05);
      t.set(r, 9, 4.0);
      break;
    }
  }
  // A request naming a parcel that is not in the parcels layer (CV-PARCEL).
  const std::size_t r = t.add_row();
  t.set(r, 0, std::string("C999"));
  t.set(r, 1, std::string("CQ-NO-SUCH-PARCEL"));
  t.set(r, 2, std::string("100101"));
  t.set(r, 3, std::string("100100"));
  for (std::size_t c : {4, 5, 6, 7}) t.set(r, c, c == 4 ? 0.8 : c == 7 ? 0.2 : 0.0);
  t.set(r, 8, 0.05);
  t.set(r, 9, 3.5);
}

}  // namespace hubland::sample::detail

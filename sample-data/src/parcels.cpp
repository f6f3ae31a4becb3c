// The parcel attributes of the sample generator: the enterprise and industry vocabulary, the
// land uses with their plot ratios and outputs, and the values of one parcel row.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "generator_parts.hpp"
#include "hubland/geo/units.hpp"

namespace hubland::sample::detail {

namespace {

const std::array<const char*, 12> kSuffix = {"科技", "实业", "智能", "精密",   "新材料", "机电",
                                             "电子", "装备", "工贸", "供应链", "物流",   "股份"};

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

}  // namespace

const std::array<const char*, 40> kBrand = {
    "长安", "渝新", "两江", "巴渝", "嘉陵", "山城", "西永", "寸滩", "果园", "江津",
    "南彭", "鱼嘴", "水土", "龙兴", "悦来", "空港", "团结", "珞璜", "万州", "三峡",
    "朝天", "歌乐", "缙云", "铜锣", "明月", "华蓥", "綦江", "长寿", "涪州", "合川",
    "璧山", "永川", "荣昌", "大足", "梁平", "忠州", "丰都", "垫江", "云阳", "奉节"};

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

// Indices into kUse, so the mixes live next to it.
const UseMix kMixPort = {{{4, 35}, {5, 10}, {0, 20}, {1, 15}, {6, 10}, {8, 10}}};
const UseMix kMixAir = {{{0, 35}, {7, 20}, {4, 20}, {3, 10}, {9, 10}, {1, 5}}};
const UseMix kMixRail = {{{4, 40}, {0, 20}, {1, 20}, {6, 10}, {2, 5}, {8, 5}}};
const UseMix kMixMixed = {{{0, 35}, {1, 20}, {4, 15}, {7, 10}, {8, 15}, {3, 5}}};
const UseMix kMixIndustry = {{{0, 40}, {1, 25}, {2, 10}, {3, 10}, {4, 10}, {7, 5}}};

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
  c.credit_code = t.add_column("credit_code", FieldType::Text);
  c.scale = t.add_column("scale", FieldType::Text);
  c.operating_since = t.add_column("operating_since", FieldType::Text);
  c.completed_date = t.add_column("completed_date", FieldType::Text);
  c.revenue_10k_yuan = t.add_column("revenue_10k_yuan", FieldType::Real, "10k_yuan");
  c.throughput_t = t.add_column("throughput_t", FieldType::Real, "t");
  c.storage_floor_area_m2 = t.add_column("storage_floor_area_m2", FieldType::Real, "m2");
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

void parcel_attributes(Table& t, const ParcelColumns& c, std::size_t row, Rng& rng,
                       const std::string& id, const UseMix& mix, double area_m2) {
  const int use_index = rng.weighted(mix);
  const UseInfo& use = kUse[use_index];
  const std::string code = use.code;
  const double area_mu = geo::m2_to_mu(area_m2);
  t.set(row, c.parcel_id, id);
  t.set(row, c.land_use, code);

  // Literals, not std::string: GCC 12 reports a false -Wmaybe-uninitialized on assigning short
  // literals to a std::string here.
  const char* industry = nullptr;
  const char* word = nullptr;
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
  t.set(row, c.industry, std::string(industry));
  t.set(row, c.enterprise, enterprise_name(rng, word));

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

namespace {

// GB 32100-2015 统一社会信用代码: 18 characters of this alphabet, the last a check character.
constexpr const char* kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

std::string credit_code(Rng& rng) {
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  // 9 = registered by the market regulator, 1 = enterprise; 50 = Chongqing; then a district,
  // an organisation code and the check character.
  std::string code = "915001";
  code += std::to_string(10 + rng.pick(50));
  while (code.size() < 17) code += kCreditAlphabet[rng.pick(31)];
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += static_cast<int>(std::string_view(kCreditAlphabet).find(code[i])) * kWeights[i];
  code += kCreditAlphabet[(31 - sum % 31) % 31];
  return code;
}

std::string iso(long day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

long day_of(const std::string& iso_date) {
  const std::chrono::year_month_day ymd{
      std::chrono::year{std::stoi(iso_date.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(iso_date.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(iso_date.substr(8, 2)))}};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string area_of(const std::string& parcel_id) {
  return parcel_id.substr(0, parcel_id.find_first_of("0123456789"));
}

/// Centre of a parcel's bounding box (its cells are about 90 m).
P centre_of(const Wkb& wkb) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& poly : geo::read_wkb(wkb).polygons)
    for (const auto& ring : poly)
      for (const auto& xy : ring) {
        x0 = std::min(x0, xy.x), y0 = std::min(y0, xy.y);
        x1 = std::max(x1, xy.x), y1 = std::max(y1, xy.y);
      }
  return {(x0 + x1) / 2, (y0 + y1) / 2};
}

}  // namespace

void enterprise_attributes(Table& t, const ParcelColumns& c, const std::vector<Wkb>& geom,
                           std::uint64_t seed) {
  const auto family = [&](std::size_t row) -> std::string {
    const std::string use(t.text_at(row, c.land_use));
    if (use.rfind("1001", 0) == 0) return "1001";
    if (use.rfind("1101", 0) == 0) return "1101";
    return {};
  };
  std::size_t left = 0;  // parcels still to join the current enterprise
  std::string code, name, scale, operating, fam, area;
  P last{0, 0};
  for (std::size_t row = 0; row < t.row_count(); ++row) {
    Rng rng(key(seed, kEnterprise, row));
    const std::string f = family(row);
    if (f.empty()) {
      left = 0;
      continue;
    }
    const std::string here = area_of(std::string(t.text_at(row, c.parcel_id)));
    const P centre = centre_of(geom.at(row));
    const bool near = std::hypot(centre.x - last.x, centre.y - last.y) < 200.0;
    last = centre;
    if (left == 0 || f != fam || here != area || !near) {
      // A new enterprise: 1 parcel (70 %), 2 (15 %), 3 (10 %) or 4 (5 %); 8 % report no credit
      // code (evaluated per parcel); 20 % of the manufacturers are 规下.
      const double u = rng.uniform();
      left = u < 0.70 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
      fam = f;
      area = here;
      code = rng.chance(0.08) ? std::string() : credit_code(rng);
      name = std::string(t.text_at(row, c.enterprise));
      scale = rng.chance(0.2) ? "规下" : "规上";
      // Operating 1–3 years after the land contract: contracts of 2021–2023 give enterprises
      // operating < 3 years by 2026-06-30, or not yet (a later date: under construction).
      const long contract = day_of(std::string(t.text_at(row, c.contract_date)));
      operating = iso(contract + 365 + static_cast<long>(rng.pick(3 * 365)));
    }
    --left;
    if (!code.empty()) t.set(row, c.credit_code, code);
    t.set(row, c.enterprise, name);
    t.set(row, c.scale, scale);
    t.set(row, c.operating_since, operating);
    // 竣工 a few months before operation; 30 % of the parcels have no completion date on file.
    if (!rng.chance(0.3))
      t.set(row, c.completed_date, iso(day_of(operating) - static_cast<long>(rng.pick(180))));
    if (f != "1101") continue;
    // Logistics: revenue near the output (4 % not reported), 3–12 t handled per 10k yuan,
    // 60–90 % of the floor area in storage.
    const double output =
        t.null_at(row, c.output_10k_yuan) ? 0.0 : t.real_at(row, c.output_10k_yuan);
    const double floor = t.null_at(row, c.floor_area_m2) ? 0.0 : t.real_at(row, c.floor_area_m2);
    if (!rng.chance(0.04))
      t.set(row, c.revenue_10k_yuan, round_to(output * rng.range(0.9, 1.1), 0.01));
    t.set(row, c.throughput_t, round_to(output * rng.range(3, 12), 1.0));
    t.set(row, c.storage_floor_area_m2, round_to(floor * rng.range(0.6, 0.9), 1.0));
  }
}

}  // namespace hubland::sample::detail

#include "hubland/layers/schema.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "toml_file.hpp"

namespace hubland::layers {

namespace {

using FT = FieldType;
constexpr auto R = Requirement::Required;
constexpr auto O = Requirement::Optional;
constexpr auto Any = Range::Any;
constexpr auto NonNeg = Range::NonNegative;
constexpr auto Frac = Range::Fraction;
constexpr auto Pos = Range::Positive;

std::vector<RoleSchema> build_schemas() {
  static const std::string hub_keys = geo::hub_type_keys(" ");
  std::vector<RoleSchema> s;
  s.push_back({Role::Parcels,
               GeometryClass::Polygon,
               {
                   {"parcel_id", FT::Text, R, "", Any, "parcel id, unique"},
                   {"land_use", FT::Text, R, "", Any, "national land-use code, e.g. 100101"},
                   {"industry", FT::Text, O, "", Any, "GB/T 4754 two-digit industry code"},
                   {"enterprise", FT::Text, O, "", Any, "occupying enterprise"},
                   {"floor_area_m2", FT::Real, O, "m2", NonNeg, "gross floor area"},
                   {"building_coefficient", FT::Real, O, "", Frac, "declared 建筑系数 0..1"},
                   {"plot_ratio", FT::Real, O, "", NonNeg, "FAR; floor_area_m2/area_m2 if absent"},
                   {"far_floor_area_m2", FT::Real, O, "m2", NonNeg, "计容建筑面积"},
                   {"tax_10k_yuan", FT::Real, O, "10k_yuan", Any, "tax paid per year"},
                   {"output_10k_yuan", FT::Real, O, "10k_yuan", NonNeg, "output per year"},
                   {"value_added_10k_yuan", FT::Real, O, "10k_yuan", Any, "value added per year"},
                   {"energy_tce", FT::Real, O, "tce", NonNeg, "energy use per year"},
                   {"employees", FT::Integer, O, "", NonNeg, "employees"},
                   {"rd_10k_yuan", FT::Real, O, "10k_yuan", NonNeg, "R&D spending per year"},
                   {"idle_years", FT::Real, O, "year", NonNeg, "years idle"},
                   {"stopped_years", FT::Real, O, "year", NonNeg, "years production stopped"},
                   {"contract_date", FT::Text, O, "", Any, "land contract date, ISO"},
                   {"agreed_start_date", FT::Text, O, "", Any,
                    "agreed start date of the supply contract, ISO"},
                   {"started_date", FT::Text, O, "", Any, "date construction started, ISO"},
                   {"developed_share", FT::Real, O, "", Frac, "share of the area developed 0..1"},
                   {"invested_share", FT::Real, O, "", Frac, "share of the investment made 0..1"},
                   {"idle_cause", FT::Text, O, "", Any, "government / enterprise / unknown"},
                   {"land_use_scheme", FT::Text, O, "", Any,
                    "scheme of land_use: yydh2023 (default), gbt21010, sandiao"},
                   // 亩均 evaluation per enterprise (docs/facts.md, section 1).
                   {"credit_code", FT::Text, O, "", Any, "统一社会信用代码, 18 characters"},
                   {"scale", FT::Text, O, "", Any, "规上 / 规下"},
                   {"operating_since", FT::Text, O, "", Any, "date operation began, ISO"},
                   {"completed_date", FT::Text, O, "", Any, "竣工/投产 date, ISO"},
                   {"revenue_10k_yuan", FT::Real, O, "10k_yuan", NonNeg, "revenue per year"},
                   {"throughput_t", FT::Real, O, "t", NonNeg, "logistics throughput per year"},
                   {"storage_floor_area_m2", FT::Real, O, "m2", NonNeg, "storage floor area"},
               },
               true});
  s.push_back({Role::Zones,
               GeometryClass::Polygon,
               {
                   {"zone_id", FT::Text, R, "", Any, "zone id; several features may share one"},
                   {"zone_name", FT::Text, O, "", Any, "zone name"},
                   {"zone_type", FT::Text, O, "", Any, "临港/临空/临铁/综合"},
                   {"planned_use", FT::Text, O, "", Any, "';'-separated land-use code prefixes"},
                   {"far_min", FT::Real, O, "", NonNeg, "minimum plot ratio"},
                   {"far_max", FT::Real, O, "", NonNeg, "maximum plot ratio"},
                   {"hub_zone", FT::Integer, O, "", NonNeg, "1 inside the hub economic zone"},
                   {"forbidden_use", FT::Text, O, "", Any,
                    "';'-separated land-use code prefixes the plan forbids"},
               },
               false});
  s.push_back({Role::Hubs,
               GeometryClass::Point,
               {
                   {"hub_id", FT::Text, R, "", Any, "hub id"},
                   {"hub_name", FT::Text, O, "", Any, "hub name"},
                   {"hub_type", FT::Text, R, "", Any, hub_keys.c_str()},
               },
               true});
  s.push_back({Role::Catchments,
               GeometryClass::Polygon,
               {
                   // No result is keyed by these ids: left out, the reader gives "fid N".
                   {"catchment_id", FT::Text, O, "", Any, "catchment id; default fid N"},
                   {"hub_id", FT::Text, O, "", Any, "hub id"},
                   {"hub_type", FT::Text, O, "", Any, "hub type key"},
                   {"ring_km", FT::Real, O, "km", Pos, "ring radius"},
               },
               true});
  s.push_back({Role::Constraints,
               GeometryClass::Polygon,
               {
                   {"constraint_id", FT::Text, O, "", Any, "constraint id; default fid N"},
                   {"kind", FT::Text, R, "", Any, "redline farmland udb"},
               },
               true});
  s.push_back({Role::Projects,
               GeometryClass::Polygon,
               {
                   {"project_id", FT::Text, R, "", Any, "project id"},
                   {"project_name", FT::Text, O, "", Any, "project name"},
                   {"enterprise", FT::Text, O, "", Any, "enterprise"},
                   {"industry", FT::Text, O, "", Any, "GB/T 4754 industry code"},
                   {"investment_10k_yuan", FT::Real, O, "10k_yuan", NonNeg, "fixed investment"},
                   {"land_mu", FT::Real, O, "mu", NonNeg, "land asked for"},
                   {"output_10k_yuan", FT::Real, O, "10k_yuan", NonNeg, "expected output/year"},
                   {"tax_10k_yuan", FT::Real, O, "10k_yuan", Any, "expected tax/year"},
                   {"rd_intensity", FT::Real, O, "", Frac, "R&D share of revenue 0..1"},
                   {"hightech", FT::Integer, O, "", NonNeg, "1 for a high-tech enterprise"},
                   {"energy_tce", FT::Real, O, "tce", NonNeg, "energy use/year"},
                   {"pollution_class", FT::Integer, O, "", Pos, "1 low .. 3 high"},
                   {"jobs", FT::Integer, O, "", NonNeg, "jobs created"},
                   {"zone_id", FT::Text, O, "", Any, "zone the project asks for"},
                   {"planned_far", FT::Real, O, "", NonNeg, "planned plot ratio (容积率)"},
                   {"planned_coverage", FT::Real, O, "", Frac, "planned 建筑系数 0..1"},
                   {"planned_office_share", FT::Real, O, "", Frac,
                    "行政办公及生活服务设施用地 share of the site 0..1"},
                   {"started_date", FT::Text, O, "", Any,
                    "date construction started, ISO (quota used: zone evaluation)"},
               },
               true});
  s.push_back({Role::Conversions,
               GeometryClass::None,
               {
                   {"request_id", FT::Text, R, "", Any, "request id"},
                   {"parcel_id", FT::Text, R, "", Any, "parcel concerned"},
                   {"from_use", FT::Text, O, "", Any, "current land-use code"},
                   {"to_use", FT::Text, R, "", Any, "requested land-use code"},
                   {"industrial_share", FT::Real, O, "", Frac, "share of proposed floor area"},
                   {"logistics_share", FT::Real, O, "", Frac, "share of proposed floor area"},
                   {"rd_share", FT::Real, O, "", Frac, "share of proposed floor area"},
                   {"support_share", FT::Real, O, "", Frac, "share of proposed floor area"},
                   {"office_land_share", FT::Real, O, "", Frac, "share of land"},
                   {"proposed_far", FT::Real, O, "", NonNeg, "proposed plot ratio"},
                   {"use_scheme", FT::Text, O, "", Any,
                    "scheme of from_use and to_use: yydh2023 (default), gbt21010, sandiao"},
               },
               true});
  s.push_back({Role::Roads,
               GeometryClass::Line,
               {
                   {"road_id", FT::Text, O, "", Any, "road id; default fid N"},
                   {"road_class", FT::Text, O, "", Any, "expressway arterial secondary local"},
                   {"speed_kmh", FT::Real, O, "km/h", Pos, "speed; default per class"},
               },
               true});
  s.push_back({Role::LandSurvey,
               GeometryClass::Polygon,
               {
                   {"survey_id", FT::Text, O, "", Any, "图斑 id (BSM); default fid N"},
                   {"dlbm", FT::Text, R, "", Any, "地类编码 (三调 / GB/T 21010-2017)"},
                   {"dlmc", FT::Text, O, "", Any, "地类名称"},
                   {"tbmj", FT::Real, O, "m2", NonNeg, "图斑面积 (ellipsoidal)"},
                   {"tbdlmj", FT::Real, O, "m2", NonNeg, "图斑地类面积 = TBMJ - 扣除面积 (田坎)"},
               },
               true});
  s.push_back({Role::LandSupply,
               GeometryClass::Polygon,
               {
                   {"supply_id", FT::Text, R, "", Any, "supply record id"},
                   {"status", FT::Text, R, "", Any,
                    "approved_unsupplied supplied_unused reserve supplied (批而未供 供而未用 储备 "
                    "已供)"},
                   {"approval_no", FT::Text, O, "", Any, "批准文号"},
                   {"disposed_date", FT::Text, O, "", Any,
                    "date the 批而未供 or idle land was disposed of (供地, 收回), ISO"},
                   {"disposed_from", FT::Text, O, "", Any,
                    "what was disposed of: approved_unsupplied or idle"},
               },
               true});
  s.push_back({Role::Parks,
               GeometryClass::Polygon,
               {
                   {"park_id", FT::Text, R, "", Any, "park id"},
                   {"park_name", FT::Text, O, "", Any, "park name"},
                   {"park_level", FT::Text, O, "", Any, "国家级 / 市级 / 区县级"},
                   {"approval_no", FT::Text, O, "", Any, "approval of the boundary (批准文号)"},
               },
               true});
  s.push_back({Role::Districts,
               GeometryClass::Polygon,
               {
                   {"district_code", FT::Text, R, "", Any, "区县 code (6-digit adcode)"},
                   {"district_name", FT::Text, O, "", Any, "区县 name"},
               },
               false});
  // Footprints, joined to parcels by overlay (docs/layers.md): 计容 sums per building, the
  // coefficient and density measure the area covered.
  s.push_back({Role::Buildings,
               GeometryClass::Polygon,
               {
                   {"building_id", FT::Text, R, "", Any, "building id"},
                   {"floors", FT::Integer, R, "", Pos, "storeys above ground (层数)"},
                   {"storey_height_m", FT::Real, O, "m", Pos,
                    "storey height (层高); a storey higher than 8 m counts twice in 计容"},
                   {"kind", FT::Text, O, "", Any,
                    "building structure yard (建筑物 构筑物 露天堆场); default building"},
               },
               true});
  return s;
}

std::string norm(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(c));
  return out;
}

}  // namespace

const char* to_string(GeometryClass g) noexcept {
  switch (g) {
    case GeometryClass::Polygon:
      return "polygon";
    case GeometryClass::Point:
      return "point";
    case GeometryClass::Line:
      return "line";
    case GeometryClass::None:
      return "none";
  }
  return "none";
}

const FieldSpec* RoleSchema::find(std::string_view name) const noexcept {
  for (const auto& f : fields)
    if (name == f.name) return &f;
  return nullptr;
}

const RoleSchema& schema(Role role) {
  static const std::vector<RoleSchema> all = build_schemas();
  for (const auto& s : all)
    if (s.role == role) return s;
  throw Error(ErrorKind::Internal, "no schema for role");
}

std::string FieldAliases::default_file() {
  return std::string(HUBLAND_DATA_DIR) + "/field_aliases.toml";
}

FieldAliases FieldAliases::load(const std::string& extra_file) {
  FieldAliases a;
  a.add_file(default_file());
  if (const char* env = std::getenv("HUBLAND_ALIASES"); env && *env) a.add_file(env);
  if (!extra_file.empty()) a.add_file(extra_file);
  return a;
}

void FieldAliases::add_file(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw Error(ErrorKind::Io, "field alias file not found", Where{.file = path});
  const toml::table doc = parse_toml_file(path);
  for (const auto& [section, node] : doc) {
    const std::string sec(section.str());
    const int line = static_cast<int>(node.source().begin.line);
    std::optional<Role> role;
    if (sec != "common") {
      try {
        role = role_from_string(sec);
      } catch (const Error& e) {
        throw Error(ErrorKind::BadInput, "alias section: " + e.message(),
                    Where{.file = path, .line = line});
      }
    }
    const auto* tbl = node.as_table();
    if (!tbl)
      throw Error(ErrorKind::BadInput, "[" + sec + "] must be a table of \"source\" = \"target\"",
                  Where{.file = path, .line = line});
    for (const auto& [alias, target] : *tbl) {
      const int tline = static_cast<int>(target.source().begin.line);
      auto t = target.value<std::string>();
      if (!t)
        throw Error(ErrorKind::BadInput,
                    "alias '" + std::string(alias.str()) + "' must name a field",
                    Where{.file = path, .line = tline});
      if (role && !schema(*role).find(*t))
        throw Error(ErrorKind::BadInput,
                    "alias '" + std::string(alias.str()) + "' -> '" + *t + "': role " + sec +
                        " has no field " + *t,
                    Where{.file = path, .line = tline});
      m_map[sec][norm(alias.str())] = *t;
    }
  }
  m_files.push_back(path);
}

std::optional<std::string> FieldAliases::canonical(Role role, std::string_view source_name) const {
  const std::string key = norm(source_name);
  if (auto it = m_map.find(to_string(role)); it != m_map.end()) {
    if (auto jt = it->second.find(key); jt != it->second.end()) return jt->second;
  }
  if (auto it = m_map.find("common"); it != m_map.end()) {
    if (auto jt = it->second.find(key); jt != it->second.end())
      if (schema(role).find(jt->second)) return jt->second;
  }
  return std::nullopt;
}

std::vector<FieldBinding> bind_fields(Role role, const std::vector<std::string>& source_names,
                                      const FieldAliases& aliases,
                                      const std::map<std::string, std::string>& overrides,
                                      std::vector<int>* unmapped) {
  const RoleSchema& sc = schema(role);
  std::vector<FieldBinding> out;
  std::vector<bool> used(source_names.size(), false);
  auto source_index = [&](const std::string& name) -> int {
    for (std::size_t i = 0; i < source_names.size(); ++i)
      if (source_names[i] == name) return static_cast<int>(i);
    const std::string n = norm(name);
    for (std::size_t i = 0; i < source_names.size(); ++i)
      if (norm(source_names[i]) == n) return static_cast<int>(i);
    return -1;
  };
  auto bound = [&](const std::string& canonical) {
    return std::any_of(out.begin(), out.end(),
                       [&](const FieldBinding& b) { return b.canonical == canonical; });
  };
  // 1. --map overrides.
  for (const auto& [target, source] : overrides) {
    if (!sc.find(target))
      throw Error(ErrorKind::BadInput,
                  "--map " + target + "=" + source + ": role " + to_string(role) +
                      " has no field " + target,
                  Where{.field = target});
    const int idx = source_index(source);
    if (idx < 0) {
      std::string names;
      for (const auto& s : source_names) names += (names.empty() ? "" : ", ") + s;
      throw Error(ErrorKind::BadInput,
                  "--map " + target + "=" + source + ": the source has no field " + source +
                      " (fields: " + names + ")",
                  Where{.field = source});
    }
    out.push_back({target, idx, source_names[static_cast<std::size_t>(idx)], "--map"});
    used[static_cast<std::size_t>(idx)] = true;
  }
  // 2. exact canonical names, 3. aliases (in source field order, first match wins).
  for (std::size_t i = 0; i < source_names.size(); ++i) {
    if (used[i]) continue;
    const std::string n = norm(source_names[i]);
    if (const FieldSpec* f = sc.find(n); f && !bound(f->name)) {
      out.push_back({f->name, static_cast<int>(i), source_names[i], "name"});
      used[i] = true;
    }
  }
  for (std::size_t i = 0; i < source_names.size(); ++i) {
    if (used[i]) continue;
    if (auto c = aliases.canonical(role, source_names[i]); c && !bound(*c)) {
      out.push_back({*c, static_cast<int>(i), source_names[i], "alias"});
      used[i] = true;
    }
  }
  if (unmapped) {
    unmapped->clear();
    for (std::size_t i = 0; i < used.size(); ++i)
      if (!used[i]) unmapped->push_back(static_cast<int>(i));
  }
  return out;
}

namespace {
struct EnumValue {
  std::optional<Role> role;  ///< nullopt: the field's values in every role
  const char* field;
  const char* key;
  const char* spellings[4];
};
// Hub types: keys and full Chinese names come from geo::kHubTypes; these are extra spellings.
constexpr EnumValue kEnums[] = {
    {std::nullopt, "hub_type", "land_port", {"陆港", "landport", nullptr, nullptr}},
    {std::nullopt, "hub_type", "airport", {"空港", nullptr, nullptr, nullptr}},
    {std::nullopt, "hub_type", "port", {"港口", "seaport", nullptr, nullptr}},
    {std::nullopt, "hub_type", "trade", {"商贸", nullptr, nullptr, nullptr}},
    {std::nullopt, "hub_type", "production", {"生产", nullptr, nullptr, nullptr}},
    {Role::Constraints, "kind", "redline", {"生态保护红线", "红线", nullptr, nullptr}},
    {Role::Constraints, "kind", "farmland", {"永久基本农田", "基本农田", nullptr, nullptr}},
    {Role::Constraints, "kind", "udb", {"城镇开发边界", "开发边界", nullptr, nullptr}},
    {std::nullopt, "road_class", "expressway", {"高速公路", "快速路", "motorway", nullptr}},
    {std::nullopt, "road_class", "arterial", {"主干路", "主干道", "primary", nullptr}},
    {std::nullopt, "road_class", "secondary", {"次干路", "次干道", nullptr, nullptr}},
    {std::nullopt, "road_class", "local", {"支路", "tertiary", "residential", nullptr}},
    {std::nullopt, "status", "approved_unsupplied", {"批而未供", nullptr, nullptr, nullptr}},
    {std::nullopt, "status", "supplied_unused", {"供而未用", nullptr, nullptr, nullptr}},
    {std::nullopt, "status", "reserve", {"储备", "储备用地", nullptr, nullptr}},
    {std::nullopt, "status", "supplied", {"已供", "已供应", nullptr, nullptr}},
    {std::nullopt, "disposed_from", "approved_unsupplied", {"批而未供", nullptr, nullptr, nullptr}},
    {std::nullopt, "disposed_from", "idle", {"闲置", "闲置土地", nullptr, nullptr}},
    {Role::Buildings, "kind", "building", {"建筑物", "建筑", "厂房", nullptr}},
    {Role::Buildings, "kind", "structure", {"构筑物", nullptr, nullptr, nullptr}},
    {Role::Buildings, "kind", "yard", {"露天堆场", "堆场", "露天操作场地", nullptr}},
};
}  // namespace

std::optional<std::string> normalise_enum(std::string_view field, std::string_view value,
                                          std::optional<Role> role) {
  bool enumerated = false;
  const std::string v = norm(value);
  if (field == "hub_type")
    if (auto t = geo::hub_type_from_string(v)) return std::string(geo::to_key(*t));
  for (const auto& e : kEnums) {
    if (field != e.field || (role && e.role && *role != *e.role)) continue;
    enumerated = true;
    if (v == e.key) return std::string(e.key);
    for (const char* s : e.spellings)
      if (s && v == s) return std::string(e.key);
  }
  if (!enumerated) return std::string(value);
  return std::nullopt;
}

std::string enum_keys(std::string_view field, std::optional<Role> role) {
  std::string out;
  for (const auto& e : kEnums)
    if (field == e.field && !(role && e.role && *role != *e.role)) {
      if (!out.empty()) out += ' ';
      out += e.key;
    }
  return out;
}

double default_speed_kmh(std::string_view road_class) {
  if (road_class == "expressway") return 80;
  if (road_class == "arterial") return 50;
  if (road_class == "secondary") return 40;
  return 30;
}

}  // namespace hubland::layers

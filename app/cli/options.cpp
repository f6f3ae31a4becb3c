#include "options.hpp"

#include <iostream>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/facts.hpp"

namespace hubland::cli {

int parse_epsg_option(const std::string& value, const char* flag) {
  std::string t = value;
  if (t.rfind("EPSG:", 0) == 0 || t.rfind("epsg:", 0) == 0) t = t.substr(5);
  try {
    std::size_t used = 0;
    const int v = std::stoi(t, &used);
    if (used == t.size() && v > 0) return v;
  } catch (const std::exception&) {
    // not a number: reported below with the flag's name
  }
  throw Error(ErrorKind::BadInput, std::string(flag) + " must be EPSG:<code>, not '" + value + "'");
}

void add_input_flags(CLI::App* cmd, std::map<layers::Role, std::string>& inputs,
                     std::initializer_list<layers::Role> roles) {
  using layers::Role;
  for (const Role role : roles) {
    const char* help = "";
    switch (role) {
      case Role::Parcels:
        help = "Parcels (path or path|layer)";
        break;
      case Role::Zones:
        help = "Functional zones";
        break;
      case Role::Hubs:
        help = "Hubs (points)";
        break;
      case Role::Constraints:
        help = "Constraints (redline, farmland, udb)";
        break;
      case Role::Roads:
        help = "Road network (travel times, isochrones)";
        break;
      case Role::Catchments:
        help = "Drawn hub catchments (replace the ring circles)";
        break;
      case Role::Projects:
        help = "Candidate project sites";
        break;
      case Role::Conversions:
        help = "Conversion requests (table)";
        break;
      case Role::LandSurvey:
        help = "Current land class (国土调查 图斑, dlbm)";
        break;
      case Role::LandSupply:
        help = "Land supply status (批而未供, 供而未用, 储备, 已供)";
        break;
      case Role::Parks:
        help = "Approved industrial-park boundaries";
        break;
      case Role::Districts:
        help = "District (区县) boundaries";
        break;
      case Role::Buildings:
        help = "Building footprints (floors, storey height; 建筑物 / 构筑物 / 堆场)";
        break;
    }
    cmd->add_option_function<std::string>(
        std::string("--") + layers::to_string(role),
        [&inputs, role](const std::string& v) { inputs[role] = v; }, help);
  }
}

std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += n >= 3 ? 2 : 1;
    i += static_cast<std::size_t>(n);
  }
  return w;
}

std::string pad_to(const std::string& s, std::size_t columns) {
  const std::size_t w = display_width(s);
  return w >= columns ? s : s + std::string(columns - w, ' ');
}

nlohmann::json ruleset_json(const rules::Ruleset& rs) {
  nlohmann::json unverified = nlohmann::json::array();
  for (const auto& u : rs.unverified)
    unverified.push_back({{"where", u.where}, {"line", u.line}, {"note", u.note}});
  return {{"id", rs.id},
          {"version", rs.version},
          {"file", rs.file},
          {"sha256", rs.sha256},
          {"unverified", unverified}};
}

void print_ruleset(const rules::Ruleset& rs) {
  std::cout << "ruleset: " << rs.id << " " << rs.version << " (" << rs.title.zh << " / "
            << rs.title.en << "), sha256 " << rs.sha256.substr(0, 12) << "\n";
  if (rs.unverified.empty()) return;
  std::cout << "  " << rs.unverified.size()
            << " values are marked unverified in the ruleset (check before relying on them):\n";
  for (const auto& u : rs.unverified)
    std::cout << "    line " << u.line << ": " << u.where << (u.note.empty() ? "" : " — ") << u.note
              << "\n";
}

void add_cache_flags(CLI::App* cmd, Globals& g) {
  cmd->add_option("--cache-dir", g.cache_dir,
                  "Where overlays keep prepared zones and constraints between runs (default "
                  "$HUBLAND_CACHE_DIR, else ~/.cache/hubland/prepared)");
  cmd->add_flag("--no-cache", g.no_cache, "Prepare every overlay layer afresh; keep nothing");
}

std::string Globals::prepared_cache_dir() const {
  if (no_cache) return "";
  return cache_dir.empty() ? layers::default_prepared_cache_dir() : cache_dir;
}

}  // namespace hubland::cli

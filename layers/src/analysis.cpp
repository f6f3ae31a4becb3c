#include "hubland/layers/analysis.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>

#include "hubland/error.hpp"
#include "hubland/layers/dates.hpp"
#include "toml_file.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

namespace {

std::string resolve(const fs::path& base, const std::string& value) {
  // "path|layer": only the path part is relative; connection strings stay as they are.
  if (value.find("://") != std::string::npos || value.rfind("PG:", 0) == 0) return value;
  const auto bar = value.find('|');
  std::string path = value.substr(0, bar);
  std::string rest = bar == std::string::npos ? "" : value.substr(bar);
  fs::path p(path);
  if (p.is_relative()) p = (base / p).lexically_normal();
  return p.string() + rest;
}

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

[[noreturn]] void bad(const std::string& file, const toml::node& n, const std::string& msg) {
  throw Error(ErrorKind::BadInput, msg, Where{.file = file, .line = line_of(n)});
}

std::vector<double> number_list(const std::string& file, const toml::node& n, const char* key) {
  const auto* arr = n.as_array();
  if (!arr) bad(file, n, std::string(key) + " must be a list of numbers");
  std::vector<double> out;
  for (const auto& e : *arr) {
    auto v = e.value<double>();
    if (!v || *v <= 0) bad(file, e, std::string(key) + " must hold positive numbers");
    out.push_back(*v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

AnalysisSpec load_analysis(const std::string& path) {
  if (!fs::exists(path)) throw Error(ErrorKind::Io, "analysis file not found", Where{.file = path});
  const toml::table doc = parse_toml_file(path);
  AnalysisSpec spec;
  spec.file = path;
  const fs::path base = fs::absolute(path).parent_path();
  if (auto* inputs = doc["inputs"].as_table()) {
    for (const auto& [key, node] : *inputs) {
      Role role;
      try {
        role = role_from_string(key.str());
      } catch (const Error& e) {
        bad(path, node, e.message());
      }
      if (const auto* t = node.as_table()) {
        // { path = "...", offset = "gcj02" }: an input digitised on a web map.
        for (const auto& [k, v] : *t)
          if (k.str() != "path" && k.str() != "offset")
            bad(path, v,
                "input '" + std::string(key.str()) + "': unknown entry '" + std::string(k.str()) +
                    "' (path, offset)");
        const auto p = (*t)["path"].value<std::string>();
        if (!p) bad(path, node, "input '" + std::string(key.str()) + "' needs path = \"...\"");
        spec.inputs[role] = resolve(base, *p);
        if (const toml::node* o = t->get("offset")) {
          const auto text = o->value<std::string>();
          if (!text)
            bad(path, *o, "input '" + std::string(key.str()) + "': offset must be a string");
          try {
            spec.offsets[role] =
                geo::parse_web_datum(*text, "input '" + std::string(key.str()) + "': offset");
          } catch (const Error& e) {
            bad(path, *o, e.message());
          }
        }
        continue;
      }
      auto s = node.value<std::string>();
      if (!s) bad(path, node, "input '" + std::string(key.str()) + "' must be a string path");
      spec.inputs[role] = resolve(base, *s);
    }
  }
  if (auto* a = doc["analysis"].as_table()) {
    for (const auto& [key, node] : *a) {
      const std::string k(key.str());
      if (k == "ruleset") {
        auto s = node.value<std::string>();
        if (!s) bad(path, node, "ruleset must be a path");
        spec.ruleset = resolve(base, *s);
      } else if (k == "rings_km") {
        spec.rings_km = number_list(path, node, "rings_km");
      } else if (k == "isochrones_min") {
        spec.isochrones_min = number_list(path, node, "isochrones_min");
      } else if (k == "access_speed_kmh" || k == "sliver_tolerance_m2" || k == "quota_mu") {
        auto v = node.value<double>();
        if (!v || *v < 0) bad(path, node, k + " must be a non-negative number");
        if (k == "access_speed_kmh")
          spec.access_speed_kmh = *v;
        else if (k == "sliver_tolerance_m2")
          spec.sliver_tolerance_m2 = *v;
        else
          spec.quota_mu = *v;
      } else if (k == "crs") {
        auto s = node.value<std::string>();
        if (!s || s->rfind("EPSG:", 0) != 0) bad(path, node, "crs must be \"EPSG:<code>\"");
        spec.working_epsg = std::atoi(s->c_str() + 5);
      } else if (k == "encoding" || k == "assume_crs") {
        auto s = node.value<std::string>();
        if (!s) bad(path, node, k + " must be a string");
        (k == "encoding" ? spec.encoding : spec.assume_crs) = *s;
      } else if (k == "as_of") {
        auto s = node.value<std::string>();
        if (!s || !iso_day_number(*s)) bad(path, node, "as_of must be a date \"YYYY-MM-DD\"");
        spec.as_of = *s;
      } else if (k == "threads") {
        auto v = node.value<int64_t>();
        if (!v || *v < 0) bad(path, node, "threads must be a non-negative integer");
        spec.threads = static_cast<int>(*v);
      } else {
        bad(path, node, "unknown [analysis] entry '" + k + "'");
      }
    }
  }
  return spec;
}

std::string analysis_date(const AnalysisSpec& spec) {
  return date_or_today(spec.as_of);
}

const Layer& AnalysisInputs::at(Role r) const {
  auto it = layers.find(r);
  if (it == layers.end())
    throw Error(ErrorKind::BadInput, std::string("the analysis has no ") + to_string(r) + " input");
  return it->second;
}

}  // namespace hubland::layers

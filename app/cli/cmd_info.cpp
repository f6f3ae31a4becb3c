// hubland info PATH [--encoding E] [--assume-crs C] [--datum gcj02|bd09] [--json]
// Per layer: driver, features, geometry type, CRS (name, EPSG, where from), extent in its CRS
// and in WGS84, fields with types and decoded samples, encoding and what decided it, null /
// empty / invalid geometry counts. A missing CRS is printed, not an error (info is how the
// user finds out); an undecidable encoding is an error (exit 2) asking for --encoding.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/info.hpp"
#include "options.hpp"

namespace hubland::cli {

namespace {

struct InfoArgs {
  std::string path;
  std::string encoding;
  std::string assume_crs;
  std::string datum;
  bool json = false;
};

std::string fmt_extent(const geo::Envelope& e, int decimals) {
  if (e.empty) return "(none)";
  char buf[200];
  std::snprintf(buf, sizeof buf, "%.*f %.*f, %.*f %.*f", decimals, e.min_x, decimals, e.min_y,
                decimals, e.max_x, decimals, e.max_y);
  return buf;
}

nlohmann::json extent_json(const geo::Envelope& e) {
  if (e.empty) return nullptr;
  return {{"min_x", e.min_x}, {"min_y", e.min_y}, {"max_x", e.max_x}, {"max_y", e.max_y}};
}

nlohmann::json to_json(const layers::SourceInfo& s) {
  nlohmann::json out{
      {"source", s.source}, {"driver", s.driver}, {"layers", nlohmann::json::array()}};
  for (const auto& l : s.layers) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : l.fields)
      fields.push_back(
          {{"name", f.name}, {"type", f.type}, {"width", f.width}, {"samples", f.samples}});
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : l.problems)
      problems.push_back({{"severity", layers::to_string(p.severity)},
                          {"code", p.code},
                          {"field", p.field},
                          {"message", p.message}});
    out["layers"].push_back({
        {"name", l.name},
        {"driver", l.driver},
        {"geometry_type", l.geometry_type},
        {"feature_count", l.feature_count},
        {"crs",
         {{"present", l.has_crs},
          {"name", l.crs_name},
          {"epsg", l.epsg == 0 ? nlohmann::json(nullptr) : nlohmann::json(l.epsg)},
          {"source", l.crs_source},
          {"problem", l.crs_problem}}},
        {"extent", extent_json(l.extent)},
        {"extent_wgs84", extent_json(l.extent_wgs84)},
        {"encoding",
         {{"name", l.encoding},
          {"source", l.encoding_source},
          {"explanation", l.encoding_explanation}}},
        {"fields", fields},
        {"geometries",
         {{"null", l.null_geometries},
          {"empty", l.empty_geometries},
          {"invalid", l.invalid_geometries},
          {"invalid_examples", l.invalid_examples}}},
        {"problems", problems},
    });
  }
  return out;
}

void print_text(const layers::SourceInfo& s, std::ostream& os) {
  os << s.source << "\n";
  for (const auto& l : s.layers) {
    os << "layer " << l.name << "\n";
    os << "  driver:    " << l.driver << "\n";
    os << "  features:  " << l.feature_count << "\n";
    os << "  geometry:  " << l.geometry_type << "\n";
    if (l.geometry_type != "None") {
      if (l.has_crs) {
        os << "  CRS:       " << l.crs_name
           << (l.epsg ? " (EPSG:" + std::to_string(l.epsg) + ")" : " (no EPSG code)") << ", from "
           << l.crs_source << "\n";
      } else {
        os << "  CRS:       MISSING - " << l.crs_problem << "\n";
      }
      if (l.has_crs && !l.crs_problem.empty()) os << "  CRS check: " << l.crs_problem << "\n";
      const bool degrees = l.has_crs && !l.extent.empty && std::abs(l.extent.max_x) <= 360;
      os << "  extent:    " << fmt_extent(l.extent, degrees ? 6 : 2) << "\n";
      os << "  WGS84:     " << fmt_extent(l.extent_wgs84, 6) << "\n";
      os << "  null geometries: " << l.null_geometries << ", empty: " << l.empty_geometries
         << ", invalid: " << l.invalid_geometries << "\n";
      for (const auto& ex : l.invalid_examples) os << "    invalid " << ex << "\n";
    }
    os << "  encoding:  " << l.encoding << " (" << l.encoding_explanation << ")\n";
    os << "  fields:\n";
    std::size_t width = 4;
    std::size_t type_width = 4;
    for (const auto& f : l.fields) {
      width = std::max(width, display_width(f.name));
      type_width = std::max(type_width, f.type.size());
    }
    for (const auto& f : l.fields) {
      os << "    " << f.name << std::string(width - display_width(f.name) + 2, ' ') << f.type
         << std::string(type_width - f.type.size(), ' ');
      std::string samples;
      for (const auto& v : f.samples) samples += (samples.empty() ? "" : ", ") + v;
      if (!samples.empty()) os << "  e.g. " << samples;
      os << "\n";
    }
    for (const auto& p : l.problems)
      os << "  " << layers::to_string(p.severity) << " [" << p.code << "] " << p.message << "\n";
  }
}

}  // namespace

void register_info(CLI::App& app, Globals& g) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand("info",
                                     "Describe the layers of a source: CRS, extent, "
                                     "fields, encoding, geometry problems");
  cmd->add_option("path", args->path, "File or connection string (path|layer for one layer)")
      ->required();
  cmd->add_option("--encoding", args->encoding,
                  "Text encoding when no .cpg / DBF language driver declares one (e.g. GBK)");
  cmd->add_option("--assume-crs", args->assume_crs,
                  "CRS for a layer that has none (e.g. EPSG:4490)");
  cmd->add_option("--datum", args->datum,
                  "The lon/lat come from a web map: gcj02 (AMap, Tencent) or bd09 (Baidu); "
                  "converted to WGS 84 first");
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &g] {
    g.action = [args, &g] {
      layers::InfoOptions o;
      if (!args->datum.empty()) o.datum = geo::parse_web_datum(args->datum, "--datum");
      if (!args->encoding.empty()) o.encoding = args->encoding;
      if (!args->assume_crs.empty()) o.assume_crs = args->assume_crs;
      const layers::SourceInfo info = layers::inspect_source(args->path, o);
      if (args->json || g.json)
        std::cout << to_json(info).dump(2) << "\n";
      else
        print_text(info, std::cout);
      return 0;
    };
  });
}

}  // namespace hubland::cli

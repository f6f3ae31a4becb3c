// hubland-districts-wgs84 IN.geojson OUT.geojson [--centroids]
//
// Takes a GeoJSON digitised on a GCJ-02 web map (the ECharts district boundaries) back to
// WGS 84 with the iterative inverse (hubland/geo/web_datum.hpp): every vertex, and the label
// point (cp_lon, cp_lat), which is in the same datum. Coordinates are rounded to 1e-7° (about
// 1 cm: at 1e-6° a vertex of 开州区 lying 4 cm from one of its edges crosses it); the property
// names, values, order and the file layout (one feature per line) are kept. --centroids prints the
// district centroids (GEOS centroid in degrees) as the C++ rows of the GCJ-02 detector's reference
// table (layers/src/source_datum.cpp).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/web_datum.hpp"

namespace {

using Json = nlohmann::ordered_json;
using hubland::geo::LonLat;

double round7(double v) {
  return std::round(v * 1e7) / 1e7;
}

LonLat to_wgs84_rounded(double lon, double lat) {
  const LonLat w = hubland::geo::wgs84_from_gcj02({lon, lat});
  return {round7(w.lon), round7(w.lat)};
}

// Converts every [lon, lat] position inside a GeoJSON coordinates array, in place; appends the
// positions to `wkt` in WKT nesting for the centroid.
void convert(Json& node, std::string& wkt) {
  if (node.is_array() && !node.empty() && node[0].is_number()) {
    const LonLat w = to_wgs84_rounded(node[0].get<double>(), node[1].get<double>());
    node[0] = w.lon;
    node[1] = w.lat;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f %.7f", w.lon, w.lat);
    wkt += buf;
    return;
  }
  wkt += "(";
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (i) wkt += ",";
    convert(node[i], wkt);
  }
  wkt += ")";
}

int run(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: hubland-districts-wgs84 IN.geojson OUT.geojson [--centroids]\n";
    return 2;
  }
  const std::string in = argv[1], out = argv[2];
  const bool centroids = argc > 3 && std::string(argv[3]) == "--centroids";
  std::ifstream is(in);
  if (!is) throw hubland::Error(hubland::ErrorKind::Io, "cannot read", hubland::Where{.file = in});
  Json doc = Json::parse(is);
  std::ostringstream os;
  os << "{\n\"type\": \"FeatureCollection\",\n\"name\": " << doc["name"].dump()
     << ",\n\"features\": [\n";
  bool first = true;
  for (Json& f : doc["features"]) {
    Json& p = f["properties"];
    if (p.contains("cp_lon") && p.contains("cp_lat")) {
      const LonLat w = to_wgs84_rounded(p["cp_lon"].get<double>(), p["cp_lat"].get<double>());
      p["cp_lon"] = w.lon;
      p["cp_lat"] = w.lat;
    }
    Json& g = f["geometry"];
    if (g["type"] != "MultiPolygon")
      throw hubland::Error(hubland::ErrorKind::Geometry, "expected MultiPolygon districts",
                           hubland::Where{.file = in, .feature = p.value("name", "")});
    std::string wkt = "MULTIPOLYGON";
    convert(g["coordinates"], wkt);
    if (centroids) {
      const auto c =
          hubland::geo::envelope(hubland::geo::centroid(hubland::geo::from_wkt(wkt).get()).get());
      std::printf("    {%lld, %.6f, %.6f},  // %s\n", p["adcode"].get<long long>(), c.min_x,
                  c.min_y, p["name"].get<std::string>().c_str());
    }
    os << (first ? "" : ",\n") << f.dump();
    first = false;
  }
  os << "\n]\n}\n";
  std::ofstream o(out, std::ios::binary);
  o << os.str();
  if (!o) throw hubland::Error(hubland::ErrorKind::Io, "cannot write", hubland::Where{.file = out});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "hubland-districts-wgs84: " << e.what() << "\n";
    return 2;
  }
}

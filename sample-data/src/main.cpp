// hubland-sample — writes the bundled Chongqing sample or a benchmark workload of any size.
//
//   hubland-sample -o sample-data/chongqing --districts
//   sample-data/source/chongqing_districts.valid.geojson hubland-sample --layout bench --parcels
//   1000000 -o /tmp/bench-1m

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "hubland/error.hpp"
#include "hubland/sample/generator.hpp"

int main(int argc, char** argv) {
  using namespace hubland;
  CLI::App app{"Generate the HubLand Chongqing sample or a benchmark workload (deterministic)"};
  sample::Options o;
  std::string out, layout = "chongqing";
  app.add_option("-o,--out", out, "Output folder")->required();
  app.add_option("--layout", layout, "chongqing | bench")
      ->check(CLI::IsMember({"chongqing", "bench"}));
  app.add_option("--seed", o.seed, "Random seed");
  app.add_option("--parcels", o.parcels, "Number of parcels (about, for chongqing)");
  app.add_option("--zones", o.zones, "Zones (bench)");
  app.add_option("--hubs", o.hubs, "Hubs (bench)");
  app.add_option("--constraints", o.constraints, "Constraint polygons (bench)");
  app.add_option("--projects", o.projects, "Candidate projects");
  app.add_option("--conversions", o.conversions, "Conversion requests");
  app.add_option("--districts", o.districts_source, "District GeoJSON to copy (chongqing)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  o.layout = layout == "bench" ? sample::Layout::Bench : sample::Layout::Chongqing;
  try {
    const auto s = sample::generate(o, out);
    std::printf(
        "%s: parcels %zu, zones %zu, hubs %zu, constraints %zu, roads %zu, projects %zu, "
        "conversions %zu, districts %zu\n",
        s.gpkg_path.c_str(), s.parcels, s.zones, s.hubs, s.constraints, s.roads, s.projects,
        s.conversions, s.districts);
    if (o.layout == sample::Layout::Chongqing)
      std::printf("parcels_2025: %zu redeveloped, %zu recovered; projects started: %zu\n",
                  s.redeveloped, s.recovered, s.projects_started);
  } catch (const Error& e) {
    std::cerr << "hubland-sample: error: " << e.what() << "\n";
    return exit_code(e.kind());
  }
  return 0;
}

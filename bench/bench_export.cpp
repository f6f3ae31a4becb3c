// bench_export [FEATURES=1000000] [REPEATS=3] [DIR=/tmp/hubland-bench-export] [shp|gpkg|all]
//
// Exports N parcels with their grades (a GeoPackage generated in DIR, not committed) to a
// Shapefile and to a GeoPackage with hubland's exporter, and times `ogr2ogr` doing the same
// copy (-nlt PROMOTE_TO_MULTI). Prints the median wall time of each and the ratio.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"

namespace fs = std::filesystem;
using namespace hubland;

namespace {

// N square-ish parcels (5-9 vertices) on a grid in EPSG:4545 with the screened attributes.
void generate(const std::string& path, std::size_t n) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(ErrorKind::Io, "cannot create the input", Where{.file = path});
  OGRSpatialReference srs;
  srs.importFromEPSG(4545);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* l = ds->CreateLayer("screened", &srs, wkbMultiPolygon, nullptr);
  struct F {
    const char* name;
    OGRFieldType type;
  };
  const F fields[] = {{"parcel_id", OFTString},
                      {"land_use", OFTString},
                      {"industry", OFTString},
                      {"enterprise", OFTString},
                      {"floor_area_m2", OFTReal},
                      {"plot_ratio", OFTReal},
                      {"tax_10k_yuan", OFTReal},
                      {"output_10k_yuan", OFTReal},
                      {"employees", OFTInteger64},
                      {"area_m2", OFTReal},
                      {"area_mu", OFTReal},
                      {"value_added_per_mu", OFTReal},
                      {"travel_land_port_min", OFTReal},
                      {"score", OFTReal},
                      {"grade", OFTString},
                      {"flags", OFTString}};
  for (const auto& f : fields) {
    OGRFieldDefn d(f.name, f.type);
    l->CreateField(&d);
  }
  static const char* names[] = {"重庆果园港物流有限公司", "两江新区智能制造厂", "渝北仓储中心",
                                "沙坪坝铁路物流园"};
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  ds->StartTransaction();
  const std::size_t side = static_cast<std::size_t>(std::sqrt(static_cast<double>(n))) + 1;
  for (std::size_t i = 0; i < n; ++i) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    const double x = 400000 + static_cast<double>(i % side) * 120.0;
    const double y = 3200000 + static_cast<double>(i / side) * 120.0;
    const double w = 40 + 60 * u(rng), h = 40 + 60 * u(rng);
    OGRLinearRing ring;
    ring.addPoint(x, y);
    ring.addPoint(x + w, y);
    ring.addPoint(x + w, y + h * 0.5);
    ring.addPoint(x + w, y + h);
    ring.addPoint(x + w * 0.5, y + h);
    ring.addPoint(x, y + h);
    ring.addPoint(x, y);
    auto* poly = new OGRPolygon();  // owned by the multipolygon below
    poly->addRingDirectly(new OGRLinearRing(ring));
    auto* mp = new OGRMultiPolygon();
    mp->addGeometryDirectly(poly);
    f->SetGeometryDirectly(mp);
    const double area = w * h;
    f->SetField(0, ("P-" + std::to_string(i + 1)).c_str());
    f->SetField(1, i % 3 ? "100101" : "1001");
    f->SetField(2, ("C3" + std::to_string(i % 90)).c_str());
    f->SetField(3, names[i % 4]);
    f->SetField(4, area * (0.3 + u(rng)));
    f->SetField(5, 0.3 + 2 * u(rng));
    f->SetField(6, 100 * u(rng));
    f->SetField(7, 1000 * u(rng));
    f->SetField(8, static_cast<GIntBig>(rng() % 500));
    f->SetField(9, area);
    f->SetField(10, area * 3.0 / 2000.0);
    f->SetField(11, 50 * u(rng));
    f->SetField(12, 5 + 60 * u(rng));
    f->SetField(13, 100 * u(rng));
    f->SetField(14, std::string(1, static_cast<char>('A' + i % 4)).c_str());
    if (i % 4 == 3) f->SetField(15, "LE-FAR;LE-TAX");
    if (l->CreateFeature(f.get()) != OGRERR_NONE)
      throw Error(ErrorKind::Io, "cannot write the input", Where{.file = path});
  }
  ds->CommitTransaction();
}

double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void run_or_throw(const std::string& cmd) {
  if (std::system(cmd.c_str()) != 0) throw Error(ErrorKind::Internal, "failed: " + cmd);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 1000000;
    const int repeats = argc > 2 ? std::stoi(argv[2]) : 3;
    const std::string dir = argc > 3 ? argv[3] : "/tmp/hubland-bench-export";
    GDALAllRegister();
    fs::create_directories(dir);
    const std::string input = dir + "/input-" + std::to_string(n) + ".gpkg";
    if (!fs::exists(input)) {
      std::printf("generating %zu parcels in %s ...\n", n, input.c_str());
      std::fflush(stdout);
      const double t = seconds([&] { generate(input, n); });
      std::printf("  generated in %.1f s (%.0f MB)\n", t,
                  static_cast<double>(fs::file_size(input)) / 1e6);
    }
    const std::string only = argc > 4 ? argv[4] : "all";
    const auto source = layers::file_export_source(input + "|screened");
    struct Case {
      const char* name;
      layers::ExportFormat format;
      const char* ext;
      const char* ogr_driver;
    };
    const Case cases[] = {{"Shapefile", layers::ExportFormat::Shapefile, "shp", "ESRI Shapefile"},
                          {"GeoPackage", layers::ExportFormat::GeoPackage, "gpkg", "GPKG"}};
    std::printf("features: %zu, repeats: %d (median wall time)\n", n, repeats);
    for (const auto& c : cases) {
      if (only != "all" && only != c.ext) continue;
      std::vector<double> ours, theirs;
      for (int r = 0; r < repeats; ++r) {
        const std::string out_ours = dir + "/ours/screened." + c.ext;
        const std::string out_ogr = dir + "/ogr/screened." + c.ext;
        fs::remove_all(dir + "/ours");
        fs::remove_all(dir + "/ogr");
        fs::create_directories(dir + "/ogr");
        layers::ExportOptions o;
        o.format = c.format;
        o.output = out_ours;
        ours.push_back(seconds([&] { layers::export_features(source, o); }));
        const std::string cmd =
            std::string("ogr2ogr -f '") + c.ogr_driver + "' -nlt PROMOTE_TO_MULTI " +
            (c.format == layers::ExportFormat::Shapefile ? "-lco ENCODING=UTF-8 " : "") + "'" +
            out_ogr + "' '" + input + "' screened 2>/dev/null";
        theirs.push_back(seconds([&] { run_or_throw(cmd); }));
      }
      const double a = median(ours), b = median(theirs);
      std::printf("%-10s  hubland %7.2f s   ogr2ogr %7.2f s   ratio %.2fx\n", c.name, a, b, a / b);
      std::fflush(stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_export: %s\n", e.what());
    return 1;
  }
}

// 计容建筑面积, 建筑密度 and 建筑系数 from the buildings layer (docs/facts.md, section 6b), worked
// out by hand on 100 × 100 m parcels, and malformed buildings input. Floor areas from footprints
// are planar m² times the parcel's ellipsoidal / planar area ratio (like area_m2), so the tests
// compare against the hand-worked planar figure times that ratio.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "facts_fixtures.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/schema.hpp"
#include "test_support.hpp"

namespace hubland::layers {
namespace {

constexpr double x = 500000, y = 3300000;
using FT = FieldType;

std::string text(const Table& t, std::size_t row, const char* col) {
  return t.null_at(row, t.index(col)) ? std::string() : as_text(t.get(row, t.index(col)));
}
double scale(const Table& t, std::size_t row) {
  return real(t, row, "area_m2") / real(t, row, "plane_area_m2");
}

Layer parcels(std::vector<std::vector<std::string>> rows, std::vector<geo::Wkb> geometry) {
  return make_layer(Role::Parcels,
                    {{"parcel_id", FT::Text},
                     {"land_use", FT::Text},
                     {"plot_ratio", FT::Real},
                     {"floor_area_m2", FT::Real},
                     {"far_floor_area_m2", FT::Real},
                     {"building_coefficient", FT::Real}},
                    std::move(rows), std::move(geometry));
}

Layer buildings(std::vector<std::vector<std::string>> rows, std::vector<geo::Wkb> geometry) {
  return make_layer(Role::Buildings,
                    {{"building_id", FT::Text},
                     {"floors", FT::Integer},
                     {"storey_height_m", FT::Real},
                     {"kind", FT::Text}},
                    std::move(rows), std::move(geometry));
}

// P1: one plant 50 × 60 m, 1 storey 12 m high (counts twice). P2: a plant 40 × 50 m, 2 storeys
// of 6 m (once), and a block 40 × 50 m of 3 storeys half outside the parcel (half counts).
// P3: a plant 40 × 50 m (1 storey, 5 m), a yard 60 × 50 m of which 20 × 50 m lies under the
// plant (a canopy), a structure 10 × 10 m. P4: declares far_floor_area_m2 5555 and
// building_coefficient 0.35 over a 50 × 50 m block of 4 storeys. P5, P6: no footprints.
AnalysisInputs inputs() {
  AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(
      Role::Parcels,
      parcels({{"P1", "100101", "", "2500", "", ""},
               {"P2", "100101", "", "", "", ""},
               {"P3", "100101", "", "", "", ""},
               {"P4", "100101", "", "", "5555", "0.35"},
               {"P5", "100101", "0.8", "3000", "", ""},
               {"P6", "100101", "", "3000", "", ""}},
              {W(box(x, y, x + 100, y + 100)), W(box(x + 1000, y, x + 1100, y + 100)),
               W(box(x + 2000, y, x + 2100, y + 100)), W(box(x + 3000, y, x + 3100, y + 100)),
               W(box(x + 4000, y, x + 4100, y + 100)), W(box(x + 5000, y, x + 5100, y + 100))}));
  in.layers.emplace(
      Role::Buildings,
      buildings({{"B1", "1", "12", "building"},
                 {"B2", "2", "6", ""},
                 {"B3", "3", "4", "building"},
                 {"B4", "1", "5", "building"},
                 {"Y1", "1", "", "yard"},
                 {"S1", "1", "", "structure"},
                 {"B5", "4", "4", "building"}},
                {W(box(x + 10, y + 10, x + 60, y + 70)), W(box(x + 1010, y + 10, x + 1050, y + 60)),
                 W(box(x + 1080, y + 20, x + 1120, y + 70)), W(box(x + 2000, y, x + 2040, y + 50)),
                 W(box(x + 2020, y, x + 2080, y + 50)), W(box(x + 2000, y + 60, x + 2010, y + 70)),
                 W(box(x + 3000, y, x + 3050, y + 50))}));
  return in;
}

TEST(BuildingFacts, JirongCountsATallStoreyTwiceAndTheInsidePartOnly) {
  const auto r = compute_parcel_facts(inputs(), quick());
  const Table& t = r.facts;
  ASSERT_EQ(t.row_count(), 6u);
  // P1: 3000 m² × 1 storey × 2 (12 m > 8 m) = 6000 m²; FAR 0.6 gross, 0.6 × 2 = 1.2 计容.
  EXPECT_NEAR(real(t, 0, "far_floor_area_m2"), 6000.0 * scale(t, 0), 1e-6);
  EXPECT_NEAR(real(t, 0, "far_floor_area_m2") / real(t, 0, "area_m2"), 0.6, 1e-12);
  EXPECT_EQ(text(t, 0, "far_basis"), "buildings");
  EXPECT_NEAR(real(t, 0, "building_density"), 0.3, 1e-12);
  // P2: 2000 × 2 (6 m: once) + 1000 inside × 3 = 7000 m²; density (2000 + 1000) / 10000.
  EXPECT_NEAR(real(t, 1, "far_floor_area_m2"), 7000.0 * scale(t, 1), 1e-6);
  EXPECT_NEAR(real(t, 1, "building_density"), 0.3, 1e-12);
  // The layer has structures and yards: P2's 建筑系数 is measured too (buildings only here).
  EXPECT_NEAR(real(t, 1, "building_coefficient"), 0.3, 1e-12);
  EXPECT_EQ(text(t, 1, "coverage_basis"), "buildings");
}

TEST(BuildingFacts, CoefficientCountsYardsAndStructuresOnceDensityBuildingsOnly) {
  const auto r = compute_parcel_facts(inputs(), quick());
  const Table& t = r.facts;
  // P3: 计容 = the plant alone (2000 m², 5 m); yards and structures have no floor area.
  EXPECT_NEAR(real(t, 2, "far_floor_area_m2"), 2000.0 * scale(t, 2), 1e-6);
  // 建筑密度 = 2000 / 10000; 建筑系数 = union: 2000 + 3000 − 1000 (yard under the canopy) + 100.
  EXPECT_NEAR(real(t, 2, "building_density"), 0.2, 1e-12);
  EXPECT_NEAR(real(t, 2, "building_coefficient"), 0.41, 1e-12);
  EXPECT_EQ(text(t, 2, "coverage_basis"), "buildings");
}

TEST(BuildingFacts, ParcelFiguresWinOverTheBuildingsLayerWhichWinsOverGross) {
  const auto r = compute_parcel_facts(inputs(), quick());
  const Table& t = r.facts;
  // P1 declares a gross floor_area_m2 of 2500: the buildings layer's 计容 wins over it.
  EXPECT_NEAR(real(t, 0, "far_floor_area_m2"), 6000.0 * scale(t, 0), 1e-6);
  // P4: its own 计容 5555 m² and 建筑系数 0.35 win over the layer (4 × 2500 = 10000 m², 0.25);
  // the density still comes from the layer.
  EXPECT_DOUBLE_EQ(real(t, 3, "far_floor_area_m2"), 5555.0);
  EXPECT_EQ(text(t, 3, "far_basis"), "far_floor_area_m2");
  EXPECT_DOUBLE_EQ(real(t, 3, "building_coefficient"), 0.35);
  EXPECT_EQ(text(t, 3, "coverage_basis"), "declared");
  EXPECT_NEAR(real(t, 3, "building_density"), 0.25, 1e-12);
  // P5, P6: no footprint: the gross figures as given, and no 计容 area, density or coefficient.
  EXPECT_EQ(text(t, 4, "far_basis"), "plot_ratio");
  EXPECT_EQ(text(t, 5, "far_basis"), "floor_area_m2");
  for (std::size_t row : {4u, 5u}) {
    EXPECT_TRUE(t.null_at(row, t.index("far_floor_area_m2")));
    EXPECT_TRUE(t.null_at(row, t.index("building_density")));
    EXPECT_TRUE(t.null_at(row, t.index("building_coefficient")));
    EXPECT_TRUE(t.null_at(row, t.index("coverage_basis")));
  }
  // The parcel's own attributes stay, renamed where a fact has their name.
  EXPECT_DOUBLE_EQ(real(t, 3, "src_far_floor_area_m2"), 5555.0);
}

TEST(BuildingFacts, BuildingsOnlyGiveTheDensityNotTheCoefficient) {
  AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(Role::Parcels,
                    parcels({{"P1", "100101", "", "", "", ""}}, {W(box(x, y, x + 100, y + 100))}));
  in.layers.emplace(Role::Buildings,
                    buildings({{"B1", "2", "", ""}}, {W(box(x, y, x + 50, y + 50))}));
  const auto r = compute_parcel_facts(in, quick());
  const Table& t = r.facts;
  EXPECT_NEAR(real(t, 0, "building_density"), 0.25, 1e-12);
  EXPECT_TRUE(t.null_at(0, t.index("building_coefficient")));
  EXPECT_EQ(text(t, 0, "coverage_basis"), "density_only");
  // No storey height: the storeys count once (2 × 2500 m²).
  EXPECT_NEAR(real(t, 0, "far_floor_area_m2"), 5000.0 * scale(t, 0), 1e-6);
}

TEST(BuildingFacts, ABuildingWithoutFloorsStopsTheFactsNamingFileFeatureAndField) {
  AnalysisInputs in = inputs();
  in.layers.erase(Role::Buildings);
  in.layers.emplace(Role::Buildings,
                    buildings({{"B9", "", "", "building"}}, {W(box(x, y, x + 10, y + 10))}));
  try {
    compute_parcel_facts(in, quick());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "test-buildings");
    EXPECT_EQ(e.where().feature, "B9");
    EXPECT_EQ(e.where().field, "floors");
    EXPECT_EQ(e.message(), "a building needs floors, a positive whole number");
  }
}

TEST(BuildingFacts, KindSpellingsBelongToTheirRole) {
  EXPECT_EQ(normalise_enum("kind", "露天堆场", Role::Buildings), "yard");
  EXPECT_EQ(normalise_enum("kind", "构筑物", Role::Buildings), "structure");
  EXPECT_EQ(normalise_enum("kind", "redline", Role::Buildings), std::nullopt);
  EXPECT_EQ(normalise_enum("kind", "yard", Role::Constraints), std::nullopt);
  EXPECT_EQ(enum_keys("kind", Role::Buildings), "building structure yard");
  EXPECT_EQ(enum_keys("kind", Role::Constraints), "redline farmland udb");
}

// A GeoPackage of footprints whose fields are all text, so that any value can be written.
std::string write_buildings(const std::vector<std::vector<const char*>>& rows) {
  GDALAllRegister();
  const std::string path = test::temp_dir() + "/buildings.gpkg";
  GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
      path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(4545);
  OGRLayer* l = ds->CreateLayer("buildings", &srs, wkbPolygon, nullptr);
  for (const char* n : {"building_id", "floors", "kind"}) {
    OGRFieldDefn d(n, OFTString);
    EXPECT_EQ(l->CreateField(&d), OGRERR_NONE);
  }
  double dx = 0;
  for (const auto& row : rows) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    for (int i = 0; i < 3; ++i)
      if (row[static_cast<std::size_t>(i)]) f->SetField(i, row[static_cast<std::size_t>(i)]);
    OGRGeometry* g = nullptr;
    const std::string wkt = box(x + dx, y, x + dx + 10, y + 10);
    OGRGeometryFactory::createFromWkt(wkt.c_str(), &srs, &g);
    f->SetGeometryDirectly(g);
    EXPECT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
    dx += 20;
  }
  return path;
}

TEST(BuildingFacts, MalformedBuildingsAreRejectedNamingFileFeatureAndField) {
  const std::string path = write_buildings({{"B1", "2", "building"},
                                            {"B2", nullptr, "building"},
                                            {"B3", "-1", "building"},
                                            {"B4", "three", "building"},
                                            {"B5", "2.5", "building"},
                                            {"B6", "1", "garage"},
                                            {"B7", "1", "露天堆场"}});
  ImportReport rep;
  const Layer l = read_layer(path, Role::Buildings, ReadOptions{}, rep);
  ASSERT_EQ(l.size(), 2u);  // B1 and B7
  EXPECT_EQ(l.attributes.text_at(1, l.attributes.index("kind")), "yard");
  struct Expected {
    const char* feature;
    const char* code;
    const char* message;
  };
  const Expected expected[] = {
      {"B2", "missing-value", "required field floors has no value"},
      {"B3", "out-of-range", "value -1 must be positive"},
      {"B4", "text-in-number", "'three' is not a number"},
      {"B5", "not-integer", "value 2.5 is not a whole number"},
      {"B6", "bad-value", "'garage' is not one of: building structure yard"},
  };
  ASSERT_EQ(rep.problems.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const Problem& p = rep.problems[i];
    EXPECT_EQ(p.file, path);
    EXPECT_EQ(p.feature, expected[i].feature);
    EXPECT_EQ(p.field, i == 4 ? "kind" : "floors") << p.feature;
    EXPECT_EQ(p.code, expected[i].code) << p.feature;
    EXPECT_EQ(p.message, expected[i].message) << p.feature;
  }
}

}  // namespace
}  // namespace hubland::layers

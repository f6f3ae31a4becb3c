// The facts bridge: hand-built layers -> facts table; CRS independence through real files;
// invariants on the bundled Chongqing sample.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <random>

#include "facts_fixtures.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/overlay.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/sink.hpp"
#include "test_support.hpp"

namespace hubland::layers {
namespace {

AnalysisInputs hand_inputs() {
  AnalysisInputs in;
  in.working_epsg = 4545;
  const double x = 500000, y = 3300000;
  in.layers.emplace(
      Role::Parcels,
      make_layer(Role::Parcels,
                 {{"fid", FieldType::Integer},
                  {"parcel_id", FieldType::Text},
                  {"land_use", FieldType::Text},
                  {"tax_10k_yuan", FieldType::Real},
                  {"output_10k_yuan", FieldType::Real},
                  {"energy_tce", FieldType::Real},
                  {"employees", FieldType::Integer},
                  {"area_m2", FieldType::Real}},
                 {{"1", "P1", "100101", "150", "3000", "600", "45", "10000"},
                  {"2", "P2", "1101", "", "0", "10", "", "10000"}},
                 {W(box(x, y, x + 100, y + 100)), W(box(x + 1000, y, x + 1100, y + 100))}));
  in.layers.emplace(Role::Zones, make_layer(Role::Zones,
                                            {{"zone_id", FieldType::Text},
                                             {"zone_name", FieldType::Text},
                                             {"zone_type", FieldType::Text},
                                             {"planned_use", FieldType::Text},
                                             {"far_min", FieldType::Real},
                                             {"far_max", FieldType::Real},
                                             {"hub_zone", FieldType::Integer}},
                                            {{"ZA", "A区", "临港", "1101;1001", "0.8", "2.5", "1"},
                                             {"ZB", "B区", "综合", "1001", "1.0", "3.0", "0"}},
                                            {W(box(x - 50, y - 50, x + 30, y + 150)),
                                             W(box(x + 30, y - 50, x + 200, y + 150))}));
  in.layers.emplace(
      Role::Hubs,
      make_layer(Role::Hubs, {{"hub_id", FieldType::Text}, {"hub_type", FieldType::Text}},
                 {{"H1", "port"}, {"H2", "空港型"}},
                 {W("POINT(500050 3300050)"), W("POINT(503100 3300000)")}));
  in.layers.emplace(
      Role::Constraints,
      make_layer(Role::Constraints, {{"constraint_id", FieldType::Text}, {"kind", FieldType::Text}},
                 {{"R1", "redline"}, {"R2", "redline"}, {"U1", "udb"}},
                 {W(box(x, y - 10, x + 60, y + 110)), W(box(x + 40, y - 10, x + 80, y + 110)),
                  W(box(x - 100, y - 100, x + 50, y + 200))}));
  return in;
}

TEST(Facts, HandBuiltLayersGiveHandComputedFacts) {
  const auto r = compute_parcel_facts(hand_inputs(), quick());
  const Table& t = r.facts;
  ASSERT_EQ(t.row_count(), 2u);
  // Carried attributes first (without fid and the reader's area), then the facts in order.
  EXPECT_EQ(t.column(0).name, "parcel_id");
  EXPECT_FALSE(t.find("fid"));
  EXPECT_EQ(t.column(6).name, "area_m2");
  EXPECT_EQ(t.column(t.index("supply_supplied_mu") + 1).name, "far_floor_area_m2");
  EXPECT_EQ(t.columns().back().name, "coverage_basis");  // the parcel-only building facts last
  EXPECT_EQ(t.column(t.index("udb_share") - 3).name, "travel_production_min");
  EXPECT_EQ(t.column(t.index("udb_share") + 1).name, "district_code");
  EXPECT_EQ(t.column(t.index("dist_land_port_m")).unit, "m");

  // The planar square is 10000 m²; 50 m from the central meridian the Gauss-Kruger scale is 1
  // to 1e-10, so the statutory ellipsoidal area is 10000 m² to 1e-9 and below the planar one.
  EXPECT_NEAR(real(t, 0, "plane_area_m2"), 10000.0, 1e-6);
  EXPECT_NEAR(real(t, 0, "area_m2"), 10000.0, 1e-5);
  EXPECT_LT(real(t, 0, "area_m2"), 10000.0);
  EXPECT_NEAR(real(t, 0, "area_mu"), 15.0, 15.0 * 1e-9);
  EXPECT_NEAR(real(t, 0, "tax_per_mu"), 10.0, 10.0 * 1e-9);       // 150 / 15
  EXPECT_NEAR(real(t, 0, "output_per_mu"), 200.0, 200.0 * 1e-9);  // 3000 / 15
  EXPECT_NEAR(real(t, 0, "employees_per_mu"), 3.0, 3.0 * 1e-9);   // 45 / 15
  EXPECT_NEAR(real(t, 0, "energy_per_output"), 0.2, 1e-12);
  EXPECT_TRUE(t.null_at(1, t.index("tax_per_mu")));          // no tax reported
  EXPECT_TRUE(t.null_at(1, t.index("energy_per_output")));   // no output: undefined
  EXPECT_TRUE(t.null_at(0, t.index("value_added_per_mu")));  // no such column

  // 30 / 70 split: zone ZB wins with its attributes.
  EXPECT_EQ(t.text_at(0, t.index("zone_id")), "ZB");
  EXPECT_EQ(t.text_at(0, t.index("zone_name")), "B区");
  EXPECT_EQ(t.text_at(0, t.index("planned_use")), "1001");
  EXPECT_NEAR(real(t, 0, "zone_share"), 0.7, 1e-9);
  EXPECT_EQ(real(t, 0, "far_min"), 1.0);
  EXPECT_EQ(t.get(0, t.index("hub_zone")), Value{std::int64_t{0}});
  // Parcel 2 lies outside both zones.
  EXPECT_TRUE(t.null_at(1, t.index("zone_id")));
  EXPECT_EQ(real(t, 1, "zone_share"), 0.0);

  // Hubs: the port inside parcel 1; the airport 3000 m east of parcel 1's edge... exactly.
  EXPECT_EQ(real(t, 0, "dist_port_m"), 0.0);
  EXPECT_EQ(real(t, 0, "ring_port_km"), 3.0);
  EXPECT_EQ(real(t, 0, "dist_airport_m"), 3000.0);
  EXPECT_EQ(real(t, 0, "ring_airport_km"), 3.0);
  EXPECT_EQ(real(t, 1, "dist_airport_m"), 2000.0);
  EXPECT_TRUE(t.null_at(0, t.index("dist_trade_m")));
  EXPECT_TRUE(t.null_at(0, t.index("travel_port_min")));  // no roads

  // Constraints: redlines unioned (6000 + 4000 - 2000), udb half.
  EXPECT_NEAR(real(t, 0, "redline_m2"), 8000.0, 1e-6);
  EXPECT_NEAR(real(t, 0, "udb_share"), 0.5, 1e-9);
  EXPECT_TRUE(t.null_at(0, t.index("farmland_m2")));  // no farmland feature at all
  EXPECT_EQ(real(t, 1, "redline_m2"), 0.0);

  EXPECT_EQ(r.counts.subjects_in, 2u);
  EXPECT_EQ(r.counts.with_facts, 2u);
  EXPECT_EQ(r.isochrones.row_count(), 0u);
}

TEST(Facts, ProjectFactsRenameTheDeclaredZone) {
  AnalysisInputs in = hand_inputs();
  in.layers.emplace(Role::Projects,
                    make_layer(Role::Projects,
                               {{"project_id", FieldType::Text},
                                {"zone_id", FieldType::Text},
                                {"tax_10k_yuan", FieldType::Real}},
                               {{"S1", "ZA", "30"}}, {W(box(500000, 3300000, 500100, 3300100))}));
  const auto r = compute_project_facts(in, quick());
  const Table& t = r.facts;
  EXPECT_EQ(t.text_at(0, t.index("src_zone_id")), "ZA");
  EXPECT_EQ(t.text_at(0, t.index("zone_id")), "ZB");
  EXPECT_EQ(real(t, 0, "on_low_efficiency_m2"), 0.0);
  EXPECT_NEAR(real(t, 0, "tax_per_mu"), 2.0, 1e-9);
}

TEST(Facts, MalformedInputsAreRejected) {
  {
    AnalysisInputs in = hand_inputs();
    in.layers.at(Role::Hubs).attributes.set(0, 1, std::string("seaport"));
    try {
      compute_parcel_facts(in, quick());
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      EXPECT_EQ(e.where().feature, "H1");
      EXPECT_EQ(e.where().field, "hub_type");
    }
  }
  {
    AnalysisInputs in = hand_inputs();
    in.layers.at(Role::Constraints).attributes.set(2, 1, std::string("wetland"));
    EXPECT_THROW(compute_parcel_facts(in, quick()), Error);
  }
  {
    AnalysisInputs in = hand_inputs();
    in.layers.erase(Role::Parcels);
    EXPECT_THROW(compute_parcel_facts(in, quick()), Error);
    EXPECT_THROW(compute_project_facts(in, quick()), Error);
  }
  {
    AnalysisInputs in = hand_inputs();
    in.layers.at(Role::Parcels).geometry[1].resize(7);  // truncated WKB
    try {
      compute_parcel_facts(in, quick());
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Geometry);
      EXPECT_EQ(e.where().feature, "P2");
    }
  }
  {
    AnalysisInputs in = hand_inputs();
    in.layers.emplace(Role::Catchments, make_layer(Role::Catchments,
                                                   {{"catchment_id", FieldType::Text},
                                                    {"hub_type", FieldType::Text},
                                                    {"ring_km", FieldType::Real}},
                                                   {{"K1", "port", "0"}}, {W(box(0, 0, 1, 1))}));
    EXPECT_THROW(compute_parcel_facts(in, quick()), Error);
  }
  FactsOptions bad = quick();
  bad.rings_km = {0};
  EXPECT_THROW(compute_parcel_facts(hand_inputs(), bad), Error);
}

/// Write the hand inputs as GeoPackages, in the working CRS and in EPSG:4490 lon/lat.
std::string write_inputs(const AnalysisInputs& in, const std::string& dir, int epsg) {
  const std::string path = dir + "/inputs-" + std::to_string(epsg) + ".gpkg";
  VectorSink sink(path, "GPKG");
  geo::Transformer tr("EPSG:4545", "EPSG:" + std::to_string(epsg));
  for (Role role : {Role::Parcels, Role::Zones, Role::Hubs, Role::Constraints}) {
    const Layer& l = in.at(role);
    std::vector<geo::Wkb> g;
    for (const auto& wkb : l.geometry) {
      geo::GeomPtr geom = geo::from_wkb(wkb);
      if (epsg != 4545) {
        // Reproject vertex by vertex through WKT (the fixtures are simple boxes and points).
        std::string wkt = geo::to_wkt(geom.get(), 6);
        std::string out;
        for (std::size_t i = 0; i < wkt.size();) {
          if (std::isdigit(static_cast<unsigned char>(wkt[i]))) {
            std::size_t used = 0, used2 = 0;
            double x = std::stod(wkt.substr(i), &used);
            double y = std::stod(wkt.substr(i + used + 1), &used2);
            tr.transform(x, y);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.12f %.12f", x, y);
            out += buf;
            i += used + 1 + used2;
          } else {
            out += wkt[i++];
          }
        }
        geom = geo::from_wkt(out);
      }
      g.push_back(geo::to_wkb(geom.get()));
    }
    Table t;
    for (const auto& c : l.attributes.columns())
      if (c.name != "fid" && c.name != "area_m2") t.add_column(c.name, c.type);
    t.resize(l.size());
    for (std::size_t r = 0; r < l.size(); ++r)
      for (std::size_t c = 0; c < t.column_count(); ++c)
        t.set(r, c, l.attributes.get(r, l.attributes.index(t.column(c).name)));
    SinkLayerOptions so;
    so.epsg = epsg;
    so.geometry_kind = role == Role::Hubs ? GeometryKind::Point : GeometryKind::Polygon;
    sink.add_layer(to_string(role), t, &g, so);
  }
  sink.commit();
  return path;
}

TEST(Facts, SameFactsFromEpsg4490AndEpsg4545Inputs) {
  const std::string dir = test::temp_dir();
  const AnalysisInputs hand = hand_inputs();
  std::map<int, FactsResult> results;
  for (int epsg : {4545, 4490}) {
    const std::string path = write_inputs(hand, dir, epsg);
    AnalysisSpec spec;
    for (Role role : {Role::Parcels, Role::Zones, Role::Hubs, Role::Constraints})
      spec.inputs[role] = path + "|" + to_string(role);
    spec.working_epsg = 4545;
    AnalysisInputs in = load_inputs(spec);
    EXPECT_EQ(in.working_epsg, 4545);
    results.emplace(epsg, compute_parcel_facts(in, quick()));
  }
  const Table& a = results.at(4545).facts;
  const Table& b = results.at(4490).facts;
  ASSERT_EQ(a.row_count(), 2u);
  ASSERT_EQ(b.row_count(), 2u);
  for (std::size_t r = 0; r < 2; ++r) {
    const double area = real(a, r, "area_m2");
    EXPECT_NEAR(real(b, r, "area_m2"), area, 0.5);
    EXPECT_NEAR(real(b, r, "zone_share") * area, real(a, r, "zone_share") * area, 0.5);
    EXPECT_NEAR(real(b, r, "redline_m2"), real(a, r, "redline_m2"), 0.5);
    EXPECT_NEAR(real(b, r, "udb_share") * area, real(a, r, "udb_share") * area, 0.5);
    EXPECT_NEAR(real(b, r, "dist_airport_m"), real(a, r, "dist_airport_m"), 0.01);
    EXPECT_EQ(as_text(b.get(r, b.index("zone_id"))), as_text(a.get(r, a.index("zone_id"))));
  }
  EXPECT_NEAR(real(a, 0, "zone_share"), 0.7, 1e-9);
  EXPECT_NEAR(real(a, 0, "redline_m2"), 8000.0, 1e-6);
}

// ---------------------------------------------------------------- the Chongqing sample
class SampleFacts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_inputs = new AnalysisInputs(sample_spatial_inputs()); }
  static void TearDownTestSuite() {
    delete s_inputs;
    s_inputs = nullptr;
  }
  static AnalysisInputs* s_inputs;
};
AnalysisInputs* SampleFacts::s_inputs = nullptr;

std::vector<std::string> row_text(const Table& t, std::size_t r) {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < t.column_count(); ++c) out.push_back(as_text(t.get(r, c)));
  return out;
}

/// Shuffle a layer's features (geometry and attributes together).
void shuffle_layer(Layer& l, std::mt19937& rng) {
  std::vector<std::size_t> idx(l.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::shuffle(idx.begin(), idx.end(), rng);
  Layer out = l;
  for (std::size_t i = 0; i < idx.size(); ++i) {
    out.geometry[i] = l.geometry[idx[i]];
    for (std::size_t c = 0; c < l.attributes.column_count(); ++c)
      out.attributes.set(i, c, l.attributes.get(idx[i], c));
  }
  l = std::move(out);
}

TEST_F(SampleFacts, SameForOneAndTwoThreadsAndShuffledInputs) {
  FactsOptions o = quick();
  const auto one = compute_parcel_facts(*s_inputs, o);
  o.threads = 2;
  const auto two = compute_parcel_facts(*s_inputs, o);
  ASSERT_GT(one.facts.row_count(), 15000u);
  ASSERT_EQ(one.facts.row_count(), two.facts.row_count());
  for (std::size_t r = 0; r < one.facts.row_count(); ++r)
    ASSERT_EQ(row_text(one.facts, r), row_text(two.facts, r)) << r;
  EXPECT_EQ(one.counts.slivers_removed, two.counts.slivers_removed);

  AnalysisInputs shuffled = *s_inputs;
  std::mt19937 rng(2026);
  for (auto& [role, layer] : shuffled.layers) shuffle_layer(layer, rng);
  const auto sh = compute_parcel_facts(shuffled, o);
  std::map<std::string, std::size_t> row_of;
  const std::size_t id = sh.facts.index("parcel_id");
  for (std::size_t r = 0; r < sh.facts.row_count(); ++r)
    row_of[std::string(sh.facts.text_at(r, id))] = r;
  for (std::size_t r = 0; r < one.facts.row_count(); ++r)
    ASSERT_EQ(row_text(one.facts, r),
              row_text(sh.facts, row_of.at(std::string(one.facts.text_at(r, id)))))
        << r;
}

TEST_F(SampleFacts, ZoneOverlapsNeverExceedTheParcelArea) {
  const Layer& parcels = s_inputs->at(Role::Parcels);
  const Layer& zones = s_inputs->at(Role::Zones);
  geo::OverlayLayers l;
  l.zones_given = geo::Presence::Present;
  l.zones = zones.geometry;
  for (std::size_t i = 0; i < zones.size(); ++i)
    l.zone_ids.emplace_back(zones.attributes.text_at(i, zones.attributes.index("zone_id")));
  geo::OverlayOptions o;
  o.isochrones_min.clear();
  const auto r = geo::compute_overlay(parcels.geometry, l, o);
  std::size_t partial = 0;
  for (const auto& f : r.facts) {
    ASSERT_LE(f.zone_overlap_sum_m2, f.area_m2 * (1 + 1e-9));
    ASSERT_LE(f.zone_share, 1.0);
    partial += f.zone_share > 0 && f.zone_share < 1 ? 1 : 0;
  }
  // The sample has parcels across zone borders and rims: the invariant is really exercised.
  EXPECT_GT(partial, 100u);
}

// 《闲置土地处置办法》第二条: idle time counts from the agreed start date to the analysis date,
// days / 365.25 (docs/facts.md). Hand-worked: 2024-03-01 → 2025-06-01 is 306 days to the end
// of 2024 (2024 is a leap year: 366 − 60) + 151 days to 2025-06-01 = 457 days = 1.25120 years.
AnalysisInputs idle_inputs(const std::vector<std::vector<std::string>>& rows) {
  return parcel_row_inputs({{"parcel_id", FieldType::Text},
                            {"land_use", FieldType::Text},
                            {"idle_years", FieldType::Real},
                            {"agreed_start_date", FieldType::Text},
                            {"started_date", FieldType::Text}},
                           rows);
}

TEST(Facts, IdleYearsCountFromTheAgreedStartDateToTheAnalysisDate) {
  FactsOptions o = quick();
  o.as_of = "2025-06-01";
  const auto r =
      compute_parcel_facts(idle_inputs({{"not-started", "100101", "", "2024-03-01", ""},
                                        {"started", "100101", "", "2024-03-01", "2024-05-01"},
                                        {"starts-later", "100101", "", "2024-03-01", "2025-07-01"},
                                        {"source-only", "100101", "3", "", ""},
                                        {"date-wins", "100101", "9", "2025-01-01", ""},
                                        {"future", "100101", "", "2026-01-01", ""}}),
                           o);
  const Table& t = r.facts;
  EXPECT_NEAR(real(t, 0, "idle_years"), 457.0 / 365.25, 1e-12);
  EXPECT_NEAR(real(t, 0, "idle_years"), 1.2512, 1e-4);
  EXPECT_EQ(real(t, 1, "idle_years"), 0.0);  // started: 第二条's first case no longer holds
  EXPECT_NEAR(real(t, 2, "idle_years"), 457.0 / 365.25, 1e-12);  // not started by as_of
  EXPECT_EQ(real(t, 3, "idle_years"), 3.0);                      // no date: the source's value
  EXPECT_NEAR(real(t, 4, "idle_years"), 151.0 / 365.25, 1e-12);  // the date, not the source
  EXPECT_EQ(real(t, 5, "idle_years"), 0.0);                      // agreed date still ahead
}

TEST(Facts, IdleYearsColumnIsAddedWhenTheSourceHasOnlyDates) {
  AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(Role::Parcels, make_layer(Role::Parcels,
                                              {{"parcel_id", FieldType::Text},
                                               {"land_use", FieldType::Text},
                                               {"agreed_start_date", FieldType::Text}},
                                              {{"P1", "100101", "2023-06-01"}},
                                              {W(box(500000, 3300000, 500100, 3300100))}));
  FactsOptions o = quick();
  o.as_of = "2025-06-01";
  const auto r = compute_parcel_facts(in, o);
  EXPECT_NEAR(real(r.facts, 0, "idle_years"), 731.0 / 365.25, 1e-12);  // 2024 is a leap year
}

TEST(Facts, MalformedContractDateNamesTheParcelAndField) {
  FactsOptions o = quick();
  o.as_of = "2025-06-01";
  try {
    compute_parcel_facts(idle_inputs({{"P7", "100101", "", "2024-02-30", ""}}), o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.where().feature, "P7");
    EXPECT_EQ(e.where().field, "agreed_start_date");
  }
}

TEST(Facts, AnalysisDateFromTheFileElseToday) {
  const auto write = [](const std::string& body) {
    const std::string path = test::temp_dir() + "/as_of.toml";
    std::ofstream(path, std::ios::binary) << "[analysis]\n" << body;
    return path;
  };
  const AnalysisSpec given = load_analysis(write("as_of = \"2025-06-01\"\n"));
  EXPECT_EQ(given.as_of, "2025-06-01");
  EXPECT_EQ(analysis_date(given), "2025-06-01");
  EXPECT_EQ(facts_options(given).as_of, "2025-06-01");
  const AnalysisSpec none = load_analysis(write("threads = 1\n"));
  EXPECT_EQ(analysis_date(none), today_utc_iso());
  try {
    load_analysis(write("as_of = \"2025-13-01\"\n"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_EQ(e.where().line, 2);
  }
}

}  // namespace
}  // namespace hubland::layers

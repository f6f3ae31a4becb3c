// The overlay engine on hand-built fixtures (local metre coordinates), answers computed by hand.
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

#include "hubland/error.hpp"
#include "hubland/geo/overlay.hpp"
#include "test_support.hpp"

namespace hubland::geo {
namespace {

Wkb W(const char* wkt) {
  return to_wkb(from_wkt(wkt).get());
}

std::string box(double x0, double y0, double x1, double y1) {
  char b[200];
  std::snprintf(b, sizeof b, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x0, y0,
                x1, y0, x1, y1, x0, y1, x0, y0);
  return b;
}
Wkb B(double x0, double y0, double x1, double y1) {
  return W(box(x0, y0, x1, y1).c_str());
}

OverlayOptions one_thread() {
  OverlayOptions o;
  o.threads = 1;
  o.isochrones_min.clear();
  return o;
}

OverlayLayers zones(std::vector<std::pair<std::string, Wkb>> z) {
  OverlayLayers l;
  l.zones_given = Presence::Present;
  for (auto& [id, g] : z) {
    l.zone_ids.push_back(id);
    l.zones.push_back(std::move(g));
  }
  return l;
}

std::string zone_of(const OverlayResult& r, std::size_t i) {
  return r.facts[i].zone < 0 ? "" : r.zone_ids[static_cast<std::size_t>(r.facts[i].zone)];
}

TEST(Overlay, ParcelSplit30_70BetweenTwoZones) {
  auto layers = zones({{"A", B(-50, -50, 30, 150)}, {"B", B(30, -50, 200, 150)}});
  auto r = compute_overlay({B(0, 0, 100, 100)}, layers, one_thread());
  ASSERT_EQ(r.facts.size(), 1u);
  EXPECT_NEAR(r.facts[0].area_m2, 10000.0, 1e-6);
  EXPECT_EQ(zone_of(r, 0), "B");
  EXPECT_NEAR(r.facts[0].zone_share, 0.7, 1e-12);
  EXPECT_NEAR(r.facts[0].zone_overlap_sum_m2, 10000.0, 1e-6);  // 3000 + 7000
}

TEST(Overlay, ParcelInAZonesHoleHasNoZone) {
  auto layers = zones({{"H", W("POLYGON((-1000 -1000,1000 -1000,1000 1000,-1000 1000,-1000 -1000),"
                               "(-200 -200,200 -200,200 200,-200 200,-200 -200))")}});
  auto r = compute_overlay({B(-50, -50, 50, 50), B(150, 0, 250, 100)}, layers, one_thread());
  EXPECT_EQ(zone_of(r, 0), "");
  EXPECT_EQ(r.facts[0].zone_share, 0.0);
  // Straddling the hole's edge at x = 200: 50 × 100 of 100 × 100 inside the zone.
  EXPECT_EQ(zone_of(r, 1), "H");
  EXPECT_NEAR(r.facts[1].zone_share, 0.5, 1e-12);
}

TEST(Overlay, TouchingFromOutsideIsNoZone) {
  auto layers = zones({{"T", B(100, 0, 200, 100)}});
  auto r = compute_overlay({B(0, 0, 100, 100), B(0, 100, 100, 200)}, layers, one_thread());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(zone_of(r, static_cast<std::size_t>(i)), "");
    EXPECT_EQ(r.facts[static_cast<std::size_t>(i)].zone_share, 0.0);
    EXPECT_EQ(r.facts[static_cast<std::size_t>(i)].zone_overlap_sum_m2, 0.0);
  }
  EXPECT_EQ(r.counts.slivers_removed, 0u);  // a shared edge has no area: not a sliver
}

TEST(Overlay, OneZoneAsTwoOverlappingFeaturesIsUnioned) {
  auto layers = zones({{"Z1", B(0, -10, 60, 110)}, {"Z1", B(40, -10, 100, 110)}});
  auto r = compute_overlay({B(0, 0, 100, 100), B(20, 0, 120, 100)}, layers, one_thread());
  // Parcel 1 lies in both features (6000 + 4000 + overlap 2000 counted once): share exactly 1.
  EXPECT_EQ(zone_of(r, 0), "Z1");
  EXPECT_EQ(r.facts[0].zone_share, 1.0);
  EXPECT_NEAR(r.facts[0].zone_overlap_sum_m2, 10000.0, 1e-6);
  // Parcel 2: 4000 + 6000 with 2000 shared -> union 8000 of 10000.
  EXPECT_NEAR(r.facts[1].zone_share, 0.8, 1e-12);
  EXPECT_LE(r.facts[1].zone_share, 1.0);
}

TEST(Overlay, MultipolygonParcelAcrossTwoZones) {
  auto layers = zones({{"W", B(-10, -10, 15, 20)}, {"E", B(15, -10, 50, 20)}});
  auto r = compute_overlay(
      {W("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((20 0,40 0,40 10,20 10,20 0)))")}, layers,
      one_thread());
  EXPECT_NEAR(r.facts[0].area_m2, 300.0, 1e-9);
  EXPECT_EQ(zone_of(r, 0), "E");
  EXPECT_NEAR(r.facts[0].zone_share, 200.0 / 300.0, 1e-12);
  EXPECT_NEAR(r.facts[0].zone_overlap_sum_m2, 300.0, 1e-9);
}

TEST(Overlay, EqualOverlapsPickTheSmallerZoneId) {
  auto layers = zones({{"b", B(50, -10, 200, 110)}, {"a", B(-100, -10, 50, 110)}});
  auto r = compute_overlay({B(0, 0, 100, 100)}, layers, one_thread());
  EXPECT_EQ(zone_of(r, 0), "a");
  EXPECT_NEAR(r.facts[0].zone_share, 0.5, 1e-12);
}

TEST(Overlay, SliversBelowToleranceAreDroppedAndCounted) {
  // 0.005 m × 100 m = 0.5 m² inside zone S (dropped); zone F misses 0.5 m² (rounded to full).
  auto layers = zones({{"S", B(-100, 0, 0.005, 100)}, {"F", B(200.005, -10, 400, 110)}});
  OverlayOptions o = one_thread();
  auto r = compute_overlay({B(0, 0, 100, 100), B(200, 0, 300, 100)}, layers, o);
  EXPECT_EQ(zone_of(r, 0), "");
  EXPECT_EQ(r.facts[0].zone_share, 0.0);
  EXPECT_EQ(zone_of(r, 1), "F");
  EXPECT_EQ(r.facts[1].zone_share, 1.0);
  EXPECT_EQ(r.counts.slivers_removed, 2u);
  // With a zero tolerance both pieces are kept as they are.
  o.sliver_tolerance_m2 = 0;
  auto exact = compute_overlay({B(0, 0, 100, 100), B(200, 0, 300, 100)}, layers, o);
  EXPECT_EQ(zone_of(exact, 0), "S");
  EXPECT_NEAR(exact.facts[0].zone_share, 0.5 / 10000.0, 1e-9);
  EXPECT_NEAR(exact.facts[1].zone_share, 9999.5 / 10000.0, 1e-9);
  EXPECT_EQ(exact.counts.slivers_removed, 0u);
}

OverlayLayers hubs(std::vector<std::tuple<std::string, HubType, double, double>> h) {
  OverlayLayers l;
  for (auto& [id, type, x, y] : h) {
    l.hub_ids.push_back(id);
    l.hub_types.push_back(type);
    l.hubs.push_back(to_wkb(point(x, y).get()));
  }
  return l;
}

TEST(Overlay, ParcelExactlyAtARingRadius) {
  auto layers = hubs({{"L", HubType::LandPort, 0, 0}});
  auto r =
      compute_overlay({B(3000, -50, 3100, 50), B(3000.5, -50, 3100, 50), B(30000.25, 0, 30100, 10)},
                      layers, one_thread());
  EXPECT_EQ(r.facts[0].dist_m[0], 3000.0);
  EXPECT_EQ(r.facts[0].ring_km[0], 3.0);
  EXPECT_EQ(r.facts[1].dist_m[0], 3000.5);
  EXPECT_EQ(r.facts[1].ring_km[0], 10.0);
  EXPECT_EQ(r.facts[2].dist_m[0], 30000.25);
  EXPECT_TRUE(missing(r.facts[2].ring_km[0]));  // beyond the last ring
  // No hub of the other types: every per-type fact is missing.
  for (std::size_t t = 1; t < kHubTypeCount; ++t) {
    EXPECT_TRUE(missing(r.facts[0].dist_m[t]));
    EXPECT_TRUE(missing(r.facts[0].ring_km[t]));
    EXPECT_TRUE(missing(r.facts[0].travel_min[t]));
  }
}

TEST(Overlay, HubInsideAParcelIsDistanceZero) {
  auto layers = hubs({{"A1", HubType::Airport, 50, 50},
                      {"A2", HubType::Airport, 900, 900},
                      {"P", HubType::Port, 103, 104}});
  auto r = compute_overlay({B(0, 0, 100, 100)}, layers, one_thread());
  const auto airport = static_cast<std::size_t>(HubType::Airport);
  const auto port = static_cast<std::size_t>(HubType::Port);
  EXPECT_EQ(r.facts[0].dist_m[airport], 0.0);
  EXPECT_EQ(r.facts[0].ring_km[airport], 3.0);
  EXPECT_DOUBLE_EQ(r.facts[0].dist_m[port], 5.0);  // 3-4-5 from the corner (100, 100)
}

// The distance to a hub type is the least over its hubs of the distance to the parcel, not to
// its centroid: a long parcel's far end can be nearer another hub. Hubs farther from the
// parcel's bounding box than the least distance so far are skipped, never the nearest.
TEST(Overlay, TheNearestHubIsNearestToTheParcelNotToItsCentroid) {
  auto layers = hubs({{"A", HubType::LandPort, 500, 300},       // centroid 295 m, parcel 290 m
                      {"B", HubType::LandPort, 1100, 5},        // centroid 600 m, parcel 100 m
                      {"C", HubType::LandPort, 1100, 105},      // corner (1000, 10): 137.84 m
                      {"D", HubType::LandPort, -5000, 5000}});  // far: skipped
  auto r = compute_overlay({B(0, 0, 1000, 10)}, layers, one_thread());
  EXPECT_EQ(r.facts[0].dist_m[static_cast<std::size_t>(HubType::LandPort)], 100.0);
  auto layers_c = hubs({{"A", HubType::LandPort, 500, 300}, {"C", HubType::LandPort, 1100, 105}});
  r = compute_overlay({B(0, 0, 1000, 10)}, layers_c, one_thread());
  EXPECT_EQ(r.facts[0].dist_m[static_cast<std::size_t>(HubType::LandPort)],
            std::sqrt(100.0 * 100.0 + 95.0 * 95.0));  // the corner (1000, 10), not A's 290
}

TEST(Overlay, CatchmentsLayerReplacesCircles) {
  auto layers = hubs({{"T", HubType::Trade, 0, 0}});
  layers.catchments = {B(-500, -500, 500, 500), B(-5000, -5000, 5000, 5000)};
  layers.catchment_types = {HubType::Trade, HubType::Trade};
  layers.catchment_ring_km = {1, 5};
  auto r = compute_overlay({B(100, 100, 200, 200), B(2000, 0, 2100, 100), B(6000, 0, 6100, 100)},
                           layers, one_thread());
  const auto t = static_cast<std::size_t>(HubType::Trade);
  EXPECT_EQ(r.facts[0].ring_km[t], 1.0);
  EXPECT_EQ(r.facts[1].ring_km[t], 5.0);        // circles would say 3
  EXPECT_TRUE(missing(r.facts[2].ring_km[t]));  // outside every drawn catchment
  EXPECT_EQ(r.facts[2].dist_m[t], 6000.0);      // distances are still computed
}

TEST(Overlay, OverlappingConstraintsOfOneKindAreUnioned) {
  OverlayLayers l;
  l.constraints_given = Presence::Present;
  l.constraints = {B(0, -10, 60, 110), B(40, -10, 80, 110), B(90, -10, 200, 110),
                   B(-100, -10, 50, 110)};
  l.constraint_kinds = {ConstraintKind::Redline, ConstraintKind::Redline, ConstraintKind::Farmland,
                        ConstraintKind::Udb};
  auto r = compute_overlay({B(0, 0, 100, 100), B(500, 0, 600, 100)}, l, one_thread());
  EXPECT_NEAR(r.facts[0].redline_m2, 8000.0, 1e-6);  // 6000 + 4000 - 2000 shared
  EXPECT_NEAR(r.facts[0].farmland_m2, 1000.0, 1e-6);
  EXPECT_NEAR(r.facts[0].udb_share, 0.5, 1e-12);
  EXPECT_EQ(r.facts[1].redline_m2, 0.0);
  EXPECT_EQ(r.facts[1].farmland_m2, 0.0);
  EXPECT_EQ(r.facts[1].udb_share, 0.0);
  // No udb feature at all: the share is unknown, not 0.
  l.constraints.pop_back();
  l.constraint_kinds.pop_back();
  auto r2 = compute_overlay({B(0, 0, 100, 100)}, l, one_thread());
  EXPECT_TRUE(missing(r2.facts[0].udb_share));
  EXPECT_NEAR(r2.facts[0].redline_m2, 8000.0, 1e-6);
}

TEST(Overlay, AbsentLayersGiveMissingFacts) {
  auto r = compute_overlay({B(0, 0, 10, 10)}, OverlayLayers{}, one_thread());
  EXPECT_NEAR(r.facts[0].area_m2, 100.0, 1e-9);
  EXPECT_EQ(r.facts[0].zone, -1);
  EXPECT_TRUE(missing(r.facts[0].zone_share));
  EXPECT_TRUE(missing(r.facts[0].redline_m2));
  EXPECT_TRUE(missing(r.facts[0].udb_share));
  EXPECT_EQ(r.counts.with_facts, 1u);
}

TEST(Overlay, InvalidParcelIsRepairedAndCounted) {
  // A bow tie: MakeValid gives two triangles of 25 m² each.
  auto layers = zones({{"Z", B(-100, -100, 100, 100)}});
  auto r = compute_overlay({W("POLYGON((0 0,10 10,10 0,0 10,0 0))")}, layers, one_thread());
  EXPECT_TRUE(r.facts[0].repaired);
  EXPECT_EQ(r.counts.repaired, 1u);
  EXPECT_NEAR(r.facts[0].area_m2, 50.0, 1e-9);
  EXPECT_EQ(r.facts[0].zone_share, 1.0);
}

TEST(Overlay, BadZoneFeaturesAreNamedOnAnyThreadCount) {
  // The zones are prepared on every core: a point among them, or bytes that are not WKB, must
  // still stop the overlay naming the layer and the feature, the same for 1 and 2 threads.
  for (int threads : {1, 2}) {
    OverlayOptions o = one_thread();
    o.threads = threads;
    auto point = zones({{"A", B(0, 0, 10, 10)}, {"B", B(20, 0, 30, 10)}, {"C", W("POINT(5 5)")}});
    try {
      compute_overlay({B(1, 1, 2, 2)}, point, o);
      FAIL() << "a point zone was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Geometry);
      EXPECT_EQ(e.where().layer, "zones");
      EXPECT_EQ(e.where().feature, "feature 3");
      EXPECT_NE(e.message().find("expected a polygon"), std::string::npos) << e.message();
    }
    auto truncated = zones({{"A", B(0, 0, 10, 10)}, {"B", B(20, 0, 30, 10)}});
    truncated.zones[1].resize(truncated.zones[1].size() / 2);
    try {
      compute_overlay({B(1, 1, 2, 2)}, truncated, o);
      FAIL() << "truncated WKB was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Geometry);
      EXPECT_EQ(e.where().feature, "feature 2");
    }
  }
}

TEST(Overlay, WhenSeveralLayersAreBadTheFirstIsNamedOnAnyThreadCount) {
  // The layers are prepared side by side: with bad zones and bad constraints, the zones (the
  // first layer) are named, as when the layers were prepared one after another. The slow,
  // large constraint layer fails late; the zones fail at once.
  for (int threads : {1, 2}) {
    OverlayOptions o = one_thread();
    o.threads = threads;
    auto layers = zones({{"A", B(0, 0, 10, 10)}, {"B", W("POINT(5 5)")}});
    layers.constraints_given = Presence::Present;
    for (int i = 0; i < 400; ++i) {
      layers.constraints.push_back(B(i * 3, 0, i * 3 + 4, 4));
      layers.constraint_kinds.push_back(ConstraintKind::Redline);
    }
    layers.constraints.push_back(W("POINT(1 1)"));
    layers.constraint_kinds.push_back(ConstraintKind::Redline);
    try {
      compute_overlay({B(1, 1, 2, 2)}, layers, o);
      FAIL() << "a point zone was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.where().layer, "zones") << threads;
      EXPECT_EQ(e.where().feature, "feature 2") << threads;
    }
  }
}

TEST(Overlay, InvalidConstraintIsRepairedCountedAndUsed) {
  // A bow-tie redline over the parcel: repaired into two 25 m² triangles, both inside the
  // 10 x 10 parcel, so 50 m² of redline; the layer's repair is counted with the parcels'.
  OverlayLayers l;
  l.constraints_given = Presence::Present;
  l.constraints = {W("POLYGON((0 0,10 10,10 0,0 10,0 0))"), B(100, 100, 110, 110)};
  l.constraint_kinds = {ConstraintKind::Redline, ConstraintKind::Redline};
  for (int threads : {1, 2}) {
    OverlayOptions o = one_thread();
    o.threads = threads;
    auto r = compute_overlay({B(0, 0, 10, 10)}, l, o);
    EXPECT_EQ(r.counts.repaired, 1u);
    EXPECT_FALSE(r.facts[0].repaired);
    EXPECT_NEAR(r.facts[0].redline_m2, 50.0, 1e-9);
  }
}

TEST(Overlay, EmptyGeometryHasNoFacts) {
  auto r =
      compute_overlay({Wkb{}, W("POLYGON EMPTY")}, zones({{"Z", B(0, 0, 1, 1)}}), one_thread());
  EXPECT_FALSE(r.facts[0].has_geometry);
  EXPECT_FALSE(r.facts[1].has_geometry);
  EXPECT_EQ(r.counts.with_facts, 0u);
  EXPECT_EQ(r.counts.subjects_in, 2u);
}

TEST(Overlay, MalformedInputIsRejectedWithTheSubjectNamed) {
  Wkb truncated = B(0, 0, 1, 1);
  truncated.resize(truncated.size() - 5);
  std::vector<std::string> ids{"P-1", "P-2"};
  try {
    compute_overlay({B(0, 0, 1, 1), truncated}, OverlayLayers{}, one_thread(), &ids);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry);
    EXPECT_EQ(e.where().feature, "P-2");
  }
  // A line is not a parcel.
  EXPECT_THROW(compute_overlay({W("LINESTRING(0 0,1 1)")}, OverlayLayers{}, one_thread()), Error);
  // A zone that is not a polygon.
  EXPECT_THROW(compute_overlay({B(0, 0, 1, 1)}, zones({{"Z", W("POINT(0 0)")}}), one_thread()),
               Error);
  // Bad options.
  OverlayOptions bad = one_thread();
  bad.rings_km = {3, -1};
  EXPECT_THROW(compute_overlay({B(0, 0, 1, 1)}, OverlayLayers{}, bad), Error);
  bad = one_thread();
  bad.access_speed_kmh = 0;
  EXPECT_THROW(compute_overlay({B(0, 0, 1, 1)}, OverlayLayers{}, bad), Error);
  // A hub that is a line.
  auto h = hubs({});
  h.hubs.push_back(W("LINESTRING(0 0,1 1)"));
  h.hub_types.push_back(HubType::Port);
  h.hub_ids.push_back("X");
  EXPECT_THROW(compute_overlay({B(0, 0, 1, 1)}, h, one_thread()), Error);
}

TEST(Overlay, HubTypeAndConstraintKindNames) {
  EXPECT_EQ(hub_type_from_string("空港型"), HubType::Airport);
  EXPECT_EQ(hub_type_from_string("land_port"), HubType::LandPort);
  EXPECT_FALSE(hub_type_from_string("seaport").has_value());
  EXPECT_STREQ(to_key(HubType::Production), "production");
  EXPECT_EQ(constraint_kind_from_string("永久基本农田"), ConstraintKind::Farmland);
  EXPECT_EQ(constraint_kind_from_string("udb"), ConstraintKind::Udb);
  EXPECT_FALSE(constraint_kind_from_string("wetland").has_value());
}

TEST(Overlay, LargeFeaturesCutIntoPiecesGiveTheSameOverlaps) {
  // A 1024-vertex circle with a hole is cut into pieces internally; convex parcels take the
  // clipping fast path, an L-shaped parcel the GEOS path. Both must agree with a direct GEOS
  // intersection with the whole zone.
  auto ctx = GeosContext::local().handle();
  GeomPtr disc = adopt(GEOSBuffer_r(ctx, point(0, 0).get(), 1000.0, 256), "buffer");
  GeomPtr hole = adopt(GEOSBuffer_r(ctx, point(300, 0).get(), 200.0, 64), "buffer");
  GeomPtr zone = adopt(GEOSDifference_r(ctx, disc.get(), hole.get()), "difference");
  std::vector<Wkb> parcels;
  for (int k = 0; k < 40; ++k) {
    const double x = -1100 + 55.0 * k, y = 0.37 * k * k - 150;
    parcels.push_back(B(x, y, x + 70, y + 45));
  }
  parcels.push_back(W("POLYGON((940 -60,1060 -60,1060 0,1000 0,1000 60,940 60,940 -60))"));
  auto r = compute_overlay(parcels, zones({{"C", to_wkb(zone.get())}}), one_thread());
  std::size_t partial = 0;
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    GeomPtr p = from_wkb(parcels[i]);
    const double expected = area(intersection(p.get(), zone.get()).get());
    const double got = r.facts[i].zone_share * r.facts[i].area_m2;
    const double expect_kept = expected < 1.0                        ? 0.0
                               : r.facts[i].area_m2 - expected < 1.0 ? r.facts[i].area_m2
                                                                     : expected;
    EXPECT_NEAR(got, expect_kept, 1e-6) << i;
    partial += expected > 1 && expected < r.facts[i].area_m2 - 1 ? 1 : 0;
  }
  EXPECT_GT(partial, 5u);
}

// GEOS's fast cut (ClipByRect) halved this redline (the union of the benchmark's overlapping
// redlines, tests/data/cuts) into a half whose ring touches itself on the cut line: invalid,
// though it covers the right ground. Cut again, that half gave a valid piece covering ground
// outside the redline, and 29 of the benchmark's 100,000 parcels got up to 2,700 m² of
// redline they do not touch. So every half is checked, not only the final pieces: each
// parcel's redline overlap is what GEOS's intersection with the whole redline gives.
TEST(Overlay, ARedlineWhoseCutTouchesItselfOverlapsAsTheWholeRedline) {
  const std::string wkt = test::read_file(test::data("cuts/redline_cut_touching_itself.wkt"));
  ASSERT_FALSE(wkt.empty());
  const GeomPtr redline = from_wkt(wkt);
  ASSERT_GT(GEOSGetNumCoordinates_r(GeosContext::local().handle(), redline.get()), 48);
  OverlayLayers layers;
  layers.constraints_given = Presence::Present;
  layers.constraints = {to_wkb(redline.get())};
  layers.constraint_kinds = {ConstraintKind::Redline};
  const Envelope e = envelope(redline.get());
  std::vector<Wkb> parcels;
  for (double y = e.min_y - 5; y < e.max_y + 5; y += 10)
    for (double x = e.min_x - 5; x < e.max_x + 5; x += 10)
      parcels.push_back(B(x, y, x + 10, y + 10));
  OverlayOptions o = one_thread();
  o.sliver_tolerance_m2 = 0;
  const OverlayResult r = compute_overlay(parcels, layers, o);
  std::size_t outside = 0, partial = 0;
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    GeomPtr p = from_wkb(parcels[i]);
    const double expected = area(intersection(p.get(), redline.get()).get());
    EXPECT_NEAR(r.facts[i].redline_m2, expected, 1e-6) << "parcel " << i;
    outside += expected == 0 ? 1 : 0;
    partial += expected > 0 && expected < 100 - 1e-6 ? 1 : 0;
  }
  EXPECT_GT(outside, 100u);  // the grid reaches past the redline and into its notches
  EXPECT_GT(partial, 100u);
}

// The overlap finds a large feature's pieces by their own envelopes, not by the feature's: a
// parcel in the hole of a ring-shaped zone, inside the zone's envelope, overlaps nothing
// (convex parcel: the clipping path; L-shaped: the GEOS path); a parcel across the hole's edge
// overlaps by what GEOS's intersection with the whole zone gives, whichever pieces it meets.
TEST(Overlay, AParcelInTheHoleOfACutZoneOverlapsNothingAndOneAcrossItsEdgeExactly) {
  auto ctx = GeosContext::local().handle();
  GeomPtr disc = adopt(GEOSBuffer_r(ctx, point(0, 0).get(), 1000.0, 256), "buffer");
  GeomPtr hole = adopt(GEOSBuffer_r(ctx, point(0, 0).get(), 900.0, 256), "buffer");
  GeomPtr ring = adopt(GEOSDifference_r(ctx, disc.get(), hole.get()), "difference");
  const std::vector<Wkb> parcels{
      B(-10, -10, 10, 10),
      W("POLYGON((-50 -50,50 -50,50 0,0 0,0 50,-50 50,-50 -50))"),
      B(880, -20, 940, 20),
      W("POLYGON((880 -20,940 -20,940 0,910 0,910 20,880 20,880 -20))"),
  };
  auto r = compute_overlay(parcels, zones({{"R", to_wkb(ring.get())}}), one_thread());
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(zone_of(r, i), "") << i;
    EXPECT_EQ(r.facts[i].zone_overlap_sum_m2, 0.0) << i;
  }
  for (std::size_t i = 2; i < 4; ++i) {
    GeomPtr p = from_wkb(parcels[i]);
    const double expected = area(intersection(p.get(), ring.get()).get());
    EXPECT_GT(expected, 100.0) << i;
    EXPECT_LT(expected, r.facts[i].area_m2 - 100.0) << i;
    EXPECT_EQ(zone_of(r, i), "R") << i;
    EXPECT_NEAR(r.facts[i].zone_overlap_sum_m2, expected, 1e-6) << i;
  }
}

// A parcel inside a zone overlaps it by exactly its own area, also where it straddles the cuts
// of a large zone's pieces (the clipped parts add up to its area only within rounding). Short
// of its area by at most 1e-7 m² (kInsideSlack_m2) counts as inside; by more, GEOS's covers test
// decides, as PostGIS's ST_Covers does (its 2e-6 m² must not vanish: the comparison allows 1e-6).
TEST(Overlay, AParcelWhollyInsideOverlapsByExactlyItsArea) {
  auto ctx = GeosContext::local().handle();
  GeomPtr disc = adopt(GEOSBuffer_r(ctx, point(0.3, -0.7).get(), 1000.0, 256), "buffer");
  const Wkb zone = to_wkb(disc.get());
  const std::vector<Wkb> parcels{
      B(-35.123, -20.457, 34.871, 24.913),  // across the first cuts of the 1024-vertex disc
      B(-412.77, 301.19, -341.03, 356.61),  // inside one piece
      W("POLYGON((10 10,100.000000001 10,100.000000001 50,10 50,10 10))"),  // 4e-8 m² out
      W("POLYGON((10 10,100.0001 10,100.0001 50,10 50,10 10))"),            // 4e-3 m² out
      W("POLYGON((10 10,100.00000005 10,100.00000005 50,10 50,10 10))"),    // 2e-6 m² out
  };
  auto r = compute_overlay({parcels[0], parcels[1]}, zones({{"D", zone}}), one_thread());
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.facts[i].zone_share, 1.0) << i;
    EXPECT_EQ(r.facts[i].zone_overlap_sum_m2, r.facts[i].area_m2) << i;
  }
  OverlayOptions exact = one_thread();
  exact.sliver_tolerance_m2 = 0;  // no sliver rule: the 4e-3 m² stays outside
  auto sq = compute_overlay({parcels[2], parcels[3], parcels[4]}, zones({{"S", B(0, 0, 100, 100)}}),
                            exact);
  EXPECT_GT(sq.facts[0].area_m2, 3600.0);
  EXPECT_EQ(sq.facts[0].zone_share, 1.0);
  EXPECT_EQ(sq.facts[0].zone_overlap_sum_m2, sq.facts[0].area_m2);
  EXPECT_NEAR(sq.facts[1].area_m2, 90.0001 * 40, 1e-9);
  EXPECT_NEAR(sq.facts[1].zone_overlap_sum_m2, 3600.0, 1e-9);
  EXPECT_NEAR(sq.facts[1].zone_share, 3600.0 / (90.0001 * 40), 1e-12);
  EXPECT_LT(sq.facts[1].zone_share, 1.0);
  EXPECT_NEAR(sq.facts[2].area_m2 - sq.facts[2].zone_overlap_sum_m2, 2e-6, 1e-9);
  EXPECT_LT(sq.facts[2].zone_share, 1.0);

  // A parcel smaller than the slack (4e-8 m²) in the triangle's envelope but outside it is not
  // inside: the slack is gated by the parcel's own area.
  auto tiny = compute_overlay({B(90, 90, 90.0002, 90.0002)},
                              zones({{"T", W("POLYGON((0 0,100 0,0 100,0 0))")}}), exact);
  EXPECT_EQ(zone_of(tiny, 0), "");
  EXPECT_EQ(tiny.facts[0].zone_share, 0.0);
}

/// A few hundred parcels over overlapping zones and constraints.
struct Scene {
  std::vector<Wkb> parcels;
  OverlayLayers layers;
};
Scene scene() {
  Scene s;
  for (int j = 0; j < 20; ++j)
    for (int i = 0; i < 20; ++i)
      s.parcels.push_back(B(i * 50.0, j * 50.0, i * 50.0 + 50, j * 50.0 + 50));
  s.layers.zones_given = Presence::Present;
  s.layers.constraints_given = Presence::Present;
  for (int k = 0; k < 12; ++k) {
    char wkt[120];
    std::snprintf(wkt, sizeof wkt, "POINT(%d %d)", 80 * k % 1000, 130 * k % 1000);
    s.layers.zones.push_back(to_wkb(GeomPtr(from_wkt(wkt)).get()));
  }
  // Buffers as zones: irregular overlaps with the grid.
  for (auto& z : s.layers.zones) {
    GeomPtr p = from_wkb(z);
    z = to_wkb(
        adopt(GEOSBuffer_r(GeosContext::local().handle(), p.get(), 170.0, 8), "buffer").get());
  }
  for (int k = 0; k < 12; ++k) {
    char id[8];
    std::snprintf(id, sizeof id, "Z%d", k % 7);  // several features share an id
    s.layers.zone_ids.push_back(id);
  }
  for (int k = 0; k < 9; ++k) {
    s.layers.constraints.push_back(B(k * 97.0, k * 61.0, k * 97.0 + 230, k * 61.0 + 170));
    s.layers.constraint_kinds.push_back(static_cast<ConstraintKind>(k % 3));
  }
  s.layers.hubs = {to_wkb(point(10, 10).get()), to_wkb(point(700, 400).get())};
  s.layers.hub_types = {HubType::Port, HubType::Trade};
  s.layers.hub_ids = {"h1", "h2"};
  return s;
}

bool same(const SubjectFacts& a, const SubjectFacts& b) {
  auto eq = [](double x, double y) { return (missing(x) && missing(y)) || x == y; };
  bool ok = a.zone == b.zone && eq(a.area_m2, b.area_m2) && eq(a.zone_share, b.zone_share) &&
            eq(a.zone_overlap_sum_m2, b.zone_overlap_sum_m2) && eq(a.redline_m2, b.redline_m2) &&
            eq(a.farmland_m2, b.farmland_m2) && eq(a.udb_share, b.udb_share);
  for (std::size_t t = 0; t < kHubTypeCount; ++t)
    ok = ok && eq(a.dist_m[t], b.dist_m[t]) && eq(a.ring_km[t], b.ring_km[t]);
  return ok;
}

TEST(Overlay, SameResultForAnyThreadCountAndFeatureOrder) {
  Scene s = scene();
  OverlayOptions o = one_thread();
  const auto base = compute_overlay(s.parcels, s.layers, o);
  // 400 subjects in ranges of 16: 25 ranges, so the threads must share the work. The first
  // range's worker waits (bounded) until another worker has started a range of its own.
  o.threads = 3;
  o.chunk = 16;
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::set<int> workers;
  o.on_range = [&](int w, std::size_t begin, std::size_t end) {
    std::unique_lock lock(mutex);
    ranges.emplace_back(begin, end);
    workers.insert(w);
    cv.notify_all();
    if (begin == 0) cv.wait_for(lock, std::chrono::seconds(10), [&] { return workers.size() > 1; });
  };
  const auto threaded = compute_overlay(s.parcels, s.layers, o);
  o.on_range = nullptr;
  std::sort(ranges.begin(), ranges.end());
  ASSERT_EQ(ranges.size(), 25u);
  for (std::size_t k = 0; k < ranges.size(); ++k)
    EXPECT_EQ(ranges[k], std::make_pair(16 * k, 16 * k + 16)) << k;
  EXPECT_GT(workers.size(), 1u);
  // Shuffle every overlay layer (keeping attributes with their geometry).
  std::mt19937 rng(7);
  auto shuffle = [&](auto&... vs) {
    std::vector<std::size_t> idx(std::get<0>(std::tie(vs...)).size());
    std::iota(idx.begin(), idx.end(), 0);
    std::shuffle(idx.begin(), idx.end(), rng);
    auto apply = [&](auto& v) {
      auto copy = v;
      for (std::size_t i = 0; i < idx.size(); ++i) v[i] = copy[idx[i]];
    };
    (apply(vs), ...);
  };
  Scene t = s;
  shuffle(t.layers.zones, t.layers.zone_ids);
  shuffle(t.layers.constraints, t.layers.constraint_kinds);
  shuffle(t.layers.hubs, t.layers.hub_types, t.layers.hub_ids);
  const auto shuffled = compute_overlay(t.parcels, t.layers, o);
  ASSERT_EQ(base.facts.size(), 400u);
  std::size_t with_zone = 0;
  for (std::size_t i = 0; i < base.facts.size(); ++i) {
    EXPECT_TRUE(same(base.facts[i], threaded.facts[i])) << i;
    EXPECT_TRUE(same(base.facts[i], shuffled.facts[i])) << i;
    EXPECT_LE(base.facts[i].zone_share, 1.0);
    EXPECT_DOUBLE_EQ(base.facts[i].area_m2, 2500.0);  // every parcel is a 50 m square
    if (base.facts[i].zone >= 0) ++with_zone;
  }
  EXPECT_GT(with_zone, 100u);  // the scene does exercise the zones
  EXPECT_EQ(base.counts.slivers_removed, shuffled.counts.slivers_removed);
}

TEST(Overlay, ProgressReachesTheTotalAndCancelStops) {
  Scene s = scene();
  OverlayOptions o = one_thread();
  std::size_t last_done = 0, last_total = 0;
  o.progress = [&](std::size_t done, std::size_t total) { last_done = done, last_total = total; };
  compute_overlay(s.parcels, s.layers, o);
  EXPECT_EQ(last_total, 400u);
  EXPECT_EQ(last_done, 400u);
  std::atomic<bool> cancel{true};
  o.cancel = &cancel;
  try {
    compute_overlay(s.parcels, s.layers, o);
    FAIL() << "not cancelled";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
  }
}

}  // namespace
}  // namespace hubland::geo

// Road network travel times and isochrones on a small hand-made network.
#include <gtest/gtest.h>

#include <cmath>

#include "hubland/error.hpp"
#include "hubland/geo/network.hpp"
#include "hubland/geo/overlay.hpp"

namespace hubland::geo {
namespace {

Wkb W(const char* wkt) {
  return to_wkb(from_wkt(wkt).get());
}

// (0,0) -1000 m at 60 km/h (1 min)- (1000,0) -2000 m at 30 km/h (4 min)- (1000,2000).
// A crossing road at x = 500 shares no vertex with the first one: not connected.
std::vector<Wkb> lines() {
  return {W("LINESTRING(0 0,500 0,1000 0)"), W("LINESTRING(1000.004 0,1000 2000)"),
          W("LINESTRING(500 -500,500 500)")};
}
const std::vector<double> kSpeeds{60, 30, 60};

TEST(Network, TravelTimesByHand) {
  RoadNetwork net(lines(), kSpeeds);
  EXPECT_EQ(net.node_count(), 6u);  // (1000.004, 0) snapped onto (1000, 0)
  EXPECT_EQ(net.edge_count(), 4u);
  auto start = net.nearest_node(3, 4);
  ASSERT_TRUE(start);
  EXPECT_DOUBLE_EQ(start->dist_m, 5.0);
  auto t = net.travel_minutes({{start->node, 0.5}});
  auto at = [&](double x, double y) { return t[net.nearest_node(x, y)->node]; };
  EXPECT_NEAR(at(0, 0), 0.5, 1e-12);
  EXPECT_NEAR(at(500, 0), 1.0, 1e-12);
  EXPECT_NEAR(at(1000, 0), 1.5, 1e-12);
  EXPECT_NEAR(at(1000, 2000), 5.5, 1e-12);  // 0.5 + 1 + 4
  EXPECT_EQ(at(500, 500), kUnreachable);
  EXPECT_EQ(at(500, -500), kUnreachable);
}

TEST(Network, OrderOfRoadsDoesNotChangeNodeIds) {
  auto l = lines();
  std::vector<Wkb> reversed(l.rbegin(), l.rend());
  std::vector<double> speeds(kSpeeds.rbegin(), kSpeeds.rend());
  RoadNetwork a(l, kSpeeds), b(reversed, speeds);
  ASSERT_EQ(a.node_count(), b.node_count());
  for (std::uint32_t n = 0; n < a.node_count(); ++n) {
    EXPECT_EQ(a.node_x(n), b.node_x(n));
    EXPECT_EQ(a.node_y(n), b.node_y(n));
  }
}

TEST(Network, BadRoadsAreRejected) {
  EXPECT_THROW(RoadNetwork({W("POINT(0 0)")}, {30}), Error);
  EXPECT_THROW(RoadNetwork({W("LINESTRING(0 0,1 1)")}, {0}), Error);
  Wkb truncated = W("LINESTRING(0 0,1 1)");
  truncated.resize(10);
  EXPECT_THROW(RoadNetwork({truncated}, {30}), Error);
  EXPECT_FALSE(RoadNetwork({}, {}).nearest_node(0, 0).has_value());
}

TEST(Network, OverlayTravelTimeFromHubThroughTheNetwork) {
  OverlayLayers l;
  l.roads_given = Presence::Present;
  l.roads = lines();
  l.road_speed_kmh = kSpeeds;
  l.hubs = {to_wkb(point(0, 0).get())};
  l.hub_types = {HubType::Port};
  l.hub_ids = {"P"};
  OverlayOptions o;
  o.threads = 1;
  o.access_speed_kmh = 6;  // 100 m per minute
  o.isochrones_min = {1, 6};
  o.isochrone_cell_m = 100;
  // Parcel 1: centroid (1000, 2100), 100 m from node (1000, 2000): 5 + 1 = 6 min (direct 23.3).
  // Parcel 2: centroid (500, -600), nearest node (500, -500) is unreachable: direct 7.81 min.
  auto r = compute_overlay({W("POLYGON((990 2090,1010 2090,1010 2110,990 2110,990 2090))"),
                            W("POLYGON((490 -610,510 -610,510 -590,490 -590,490 -610))")},
                           l, o);
  const auto port = static_cast<std::size_t>(HubType::Port);
  EXPECT_NEAR(r.facts[0].travel_min[port], 6.0, 1e-9);
  EXPECT_NEAR(r.facts[1].travel_min[port], std::hypot(500.0, 600.0) / 100.0, 1e-9);
  EXPECT_TRUE(missing(r.facts[0].travel_min[static_cast<std::size_t>(HubType::Airport)]));
  EXPECT_EQ(r.counts.network_nodes, 6u);

  ASSERT_EQ(r.isochrones.size(), 2u);
  EXPECT_EQ(r.isochrones[0].hub_id, "P");
  EXPECT_EQ(r.isochrones[0].minutes, 1.0);
  auto inside = [&](const Isochrone& iso, double x, double y) {
    GeomPtr g = from_wkb(iso.geometry);
    return distance(g.get(), point(x, y).get()) == 0.0;
  };
  // 1 min: only the four 100 m cells around the hub (centres 70.7 m away: 0.71 min); the next
  // cells out are 158 m from the hub and 1.21 min via node (500, 0).
  EXPECT_NEAR(r.isochrones[0].area_m2, 40000.0, 1e-6);
  EXPECT_TRUE(inside(r.isochrones[0], 30, 40));
  EXPECT_FALSE(inside(r.isochrones[0], 160, 40));
  // 6 min: the cell at (1000..1100, 1900..2000) is 5 + 0.71 min away; the cell at
  // (1000..1100, 1000..1100) is nearest to the unreachable node (500, 500) and 14.8 min direct.
  EXPECT_TRUE(inside(r.isochrones[1], 1010, 1960));
  EXPECT_FALSE(inside(r.isochrones[1], 1040, 1040));
  EXPECT_GT(r.isochrones[1].area_m2, r.isochrones[0].area_m2);
}

}  // namespace
}  // namespace hubland::geo

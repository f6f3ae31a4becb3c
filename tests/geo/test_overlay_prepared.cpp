// Prepared overlay layers kept in a PreparedLayerStore (hubland/geo/overlay.hpp): a layer taken
// from the store gives the facts a fresh preparation gives, and a store's bad bytes are never
// taken.
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "hubland/geo/overlay.hpp"

namespace hubland::geo {
namespace {

Wkb W(const char* wkt) {
  return to_wkb(from_wkt(wkt).get());
}

Wkb disc(double x, double y, double r, int quarter_segments) {
  GeomPtr c = point(x, y);
  return to_wkb(
      adopt(GEOSBuffer_r(GeosContext::local().handle(), c.get(), r, quarter_segments), "buffer")
          .get());
}

/// An in-memory store that records what it is asked; `tamper` changes bytes as they are found.
class MemoryStore final : public PreparedLayerStore {
 public:
  std::map<std::string, std::string> kept;
  std::size_t finds = 0, keeps = 0;
  std::vector<std::size_t> largest_part;     ///< of each encoding kept, in bytes
  mutable std::atomic<std::size_t> keys{0};  ///< made: a hash of a layer's bytes each
  std::function<void(std::string&)> tamper;

  std::string key(const std::vector<std::string_view>& inputs) const override {
    ++keys;
    std::string k;
    for (auto in : inputs) k += std::to_string(in.size()) + ":" + std::string(in) + ";";
    return k;
  }
  std::optional<std::string> find(const std::string& key) override {
    ++finds;
    auto it = kept.find(key);
    if (it == kept.end()) return std::nullopt;
    std::string bytes = it->second;
    if (tamper) tamper(bytes);
    return bytes;
  }
  void keep(const std::string& key, const std::vector<std::string_view>& encoded) override {
    ++keeps;
    std::string& bytes = kept[key];
    bytes.clear();
    largest_part.push_back(0);
    for (std::string_view part : encoded) {
      bytes.append(part);
      largest_part.back() = std::max(largest_part.back(), part.size());
    }
  }
};

/// Two zones (one a 257-vertex disc, cut into pieces), two overlapping redlines and a bow-tie
/// farmland (repaired), over a grid of 20 m parcels.
struct Scene {
  std::vector<Wkb> parcels;
  OverlayLayers layers;
};
Scene scene() {
  Scene s;
  for (int j = 0; j < 15; ++j)
    for (int i = 0; i < 15; ++i) {
      char wkt[160];
      std::snprintf(wkt, sizeof wkt, "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", i * 20, j * 20,
                    i * 20 + 20, j * 20, i * 20 + 20, j * 20 + 20, i * 20, j * 20 + 20, i * 20,
                    j * 20);
      s.parcels.push_back(W(wkt));
    }
  s.layers.zones_given = Presence::Present;
  s.layers.zones = {disc(150, 150, 110, 64), W("POLYGON((0 0,90 0,90 90,0 90,0 0))")};
  s.layers.zone_ids = {"Z1", "Z2"};
  s.layers.constraints_given = Presence::Present;
  s.layers.constraints = {W("POLYGON((10 10,130 10,130 50,10 50,10 10))"),
                          W("POLYGON((100 30,250 30,250 70,100 70,100 30))"),
                          W("POLYGON((200 200,290 290,290 200,200 290,200 200))")};
  s.layers.constraint_kinds = {ConstraintKind::Redline, ConstraintKind::Redline,
                               ConstraintKind::Farmland};
  return s;
}

void expect_same_facts(const OverlayResult& a, const OverlayResult& b) {
  ASSERT_EQ(a.facts.size(), b.facts.size());
  auto eq = [](double x, double y) { return (missing(x) && missing(y)) || x == y; };
  for (std::size_t i = 0; i < a.facts.size(); ++i) {
    EXPECT_EQ(a.facts[i].zone, b.facts[i].zone) << i;
    EXPECT_TRUE(eq(a.facts[i].zone_share, b.facts[i].zone_share)) << i;
    EXPECT_TRUE(eq(a.facts[i].zone_overlap_sum_m2, b.facts[i].zone_overlap_sum_m2)) << i;
    EXPECT_TRUE(eq(a.facts[i].redline_m2, b.facts[i].redline_m2)) << i;
    EXPECT_TRUE(eq(a.facts[i].farmland_m2, b.facts[i].farmland_m2)) << i;
  }
  EXPECT_EQ(a.counts.repaired, b.counts.repaired);
}

OverlayOptions options(PreparedLayerStore* store) {
  OverlayOptions o;
  o.threads = 2;
  o.isochrones_min.clear();
  o.prepared_store = store;
  return o;
}

TEST(OverlayPrepared, ALayerFromTheStoreGivesTheFactsOfAFreshPreparation) {
  const Scene s = scene();
  const OverlayResult fresh = compute_overlay(s.parcels, s.layers, options(nullptr));
  // Hand-worked: the parcel (0,0)-(20,20) lies in Z2 whole and has 10×10 m of redline.
  ASSERT_EQ(fresh.zone_ids[static_cast<std::size_t>(fresh.facts[0].zone)], "Z2");
  EXPECT_NEAR(fresh.facts[0].redline_m2, 100.0, 1e-9);
  // Parcel (100,40)-(120,60) is covered by both redlines: counted once (400 m²).
  EXPECT_NEAR(fresh.facts[2 * 15 + 5].redline_m2, 400.0, 1e-9);
  EXPECT_EQ(fresh.counts.repaired, 1u);         // the bow-tie
  EXPECT_EQ(fresh.counts.layers_prepared, 3u);  // zones, constraints, catchments
  EXPECT_EQ(fresh.counts.layers_from_store, 0u);

  MemoryStore store;
  const OverlayResult first = compute_overlay(s.parcels, s.layers, options(&store));
  EXPECT_EQ(store.keeps, 3u);
  EXPECT_EQ(store.keys, 3u);  // each layer's inputs made into a key once, to find and to keep
  EXPECT_EQ(first.counts.layers_from_store, 0u);
  expect_same_facts(fresh, first);

  const OverlayResult again = compute_overlay(s.parcels, s.layers, options(&store));
  EXPECT_EQ(store.keeps, 3u);  // nothing prepared twice
  EXPECT_EQ(store.keys, 6u);
  EXPECT_EQ(again.counts.layers_prepared, 3u);
  EXPECT_EQ(again.counts.layers_from_store, 3u);
  expect_same_facts(fresh, again);  // the repaired count comes back with the layer

  // Other subjects, the same layers: still taken from the store.
  std::vector<Wkb> fewer(s.parcels.begin(), s.parcels.begin() + 30);
  EXPECT_EQ(compute_overlay(fewer, s.layers, options(&store)).counts.layers_from_store, 3u);

  // A zone moved by a millimetre is another layer: prepared again, the others taken.
  Scene moved = scene();
  moved.layers.zones[1] = W("POLYGON((0 0,90.001 0,90 90,0 90,0 0))");
  const OverlayResult m = compute_overlay(moved.parcels, moved.layers, options(&store));
  EXPECT_EQ(m.counts.layers_from_store, 2u);
  EXPECT_EQ(store.keeps, 4u);
  // So is the same geometry under another zone id order (the groups are part of the inputs).
  Scene renamed = scene();
  renamed.layers.zone_ids = {"Z2", "Z1"};
  const OverlayResult r = compute_overlay(renamed.parcels, renamed.layers, options(&store));
  EXPECT_EQ(r.counts.layers_from_store, 2u);
  EXPECT_EQ(r.zone_ids[static_cast<std::size_t>(r.facts[0].zone)], "Z1");
}

/// Counts the callers inside it at once; each call lingers so that an overlap would be seen.
class CrowdedStore final : public PreparedLayerStore {
 public:
  std::atomic<int> inside{0}, most_inside{0};
  std::string key(const std::vector<std::string_view>&) const override { return ""; }
  std::optional<std::string> find(const std::string&) override {
    enter();
    return std::nullopt;
  }
  void keep(const std::string&, const std::vector<std::string_view>&) override { enter(); }

 private:
  void enter() {
    const int now = ++inside;
    int most = most_inside.load();
    while (now > most && !most_inside.compare_exchange_weak(most, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    --inside;
  }
};

TEST(OverlayPrepared, LayersPreparedSideBySideAskTheStoreOneAtATime) {
  // The layers are prepared on two threads at once; a store (the test's MemoryStore, say) need
  // not be thread-safe, so the overlay hands it one call at a time.
  const Scene s = scene();
  CrowdedStore store;
  const OverlayResult r = compute_overlay(s.parcels, s.layers, options(&store));
  EXPECT_EQ(r.counts.layers_prepared, 3u);
  EXPECT_EQ(store.most_inside.load(), 1);
  expect_same_facts(compute_overlay(s.parcels, s.layers, options(nullptr)), r);
}

TEST(OverlayPrepared, ALayerIsHandedToTheStoreInPartsNotCopiedIntoOneString) {
  // Joined into one string, the encoding of a city's constraints (22 MB) was copied into fresh
  // memory on a first run's critical path. The store is handed the WKB where the layer holds
  // it: no part is larger than the largest feature (the zones' 257-vertex disc, 4,125 bytes of
  // WKB), and the parts still make the bytes a re-run takes (the first test).
  const Scene s = scene();
  MemoryStore store;
  compute_overlay(s.parcels, s.layers, options(&store));
  ASSERT_EQ(store.largest_part.size(), 3u);
  for (std::size_t largest : store.largest_part) EXPECT_LE(largest, 4125u);
  std::size_t kept_bytes = 0;
  for (const auto& [key, bytes] : store.kept) kept_bytes += bytes.size();
  EXPECT_GT(kept_bytes, 2 * 4125u);  // the disc, whole and in pieces, among the zones'
}

TEST(OverlayPrepared, TrustedLayersAreTakenAsGivenAndKeptApart) {
  // The reader checks and repairs every feature, so the facts bridge tells the overlay not to
  // check them again. Taken as given, the scene's bow-tie farmland is not repaired (counted 0,
  // where the check counts 1); with valid layers the facts are the same either way; and a
  // layer prepared one way is never taken for the other.
  const Scene s = scene();
  OverlayOptions trusted = options(nullptr);
  trusted.layers = SubjectValidity::Trusted;
  EXPECT_EQ(compute_overlay(s.parcels, s.layers, trusted).counts.repaired, 0u);
  EXPECT_EQ(compute_overlay(s.parcels, s.layers, options(nullptr)).counts.repaired, 1u);

  Scene valid = scene();
  valid.layers.constraints.pop_back();  // the bow-tie
  valid.layers.constraint_kinds.pop_back();
  const OverlayResult checked = compute_overlay(valid.parcels, valid.layers, options(nullptr));
  expect_same_facts(checked, compute_overlay(valid.parcels, valid.layers, trusted));

  MemoryStore store;
  compute_overlay(valid.parcels, valid.layers, options(&store));
  EXPECT_EQ(store.keeps, 3u);
  trusted.prepared_store = &store;
  const OverlayResult again = compute_overlay(valid.parcels, valid.layers, trusted);
  EXPECT_EQ(again.counts.layers_from_store, 0u);  // prepared again, under other keys
  EXPECT_EQ(store.keeps, 6u);
  expect_same_facts(checked, again);
}

TEST(OverlayPrepared, BytesTheOverlayDidNotWriteAreNeverTaken) {
  const Scene s = scene();
  const OverlayResult fresh = compute_overlay(s.parcels, s.layers, options(nullptr));
  MemoryStore store;
  compute_overlay(s.parcels, s.layers, options(&store));
  const std::vector<std::function<void(std::string&)>> tampering{
      [](std::string& b) { b.resize(b.size() / 2); },  // cut short
      [](std::string& b) { b.resize(b.size() - 1); },  // one byte short
      [](std::string& b) { b += '\0'; },               // a byte after the end
      [](std::string& b) { b[0] = 'H'; },              // another header
      [](std::string& b) { b.clear(); },
      // The first feature's WKB byte order (header 25, repaired 8, count 8, group 4, size 8);
      // a layer without features (the catchments) is cut short instead.
      [](std::string& b) {
        if (b.size() > 53)
          b[53] = 7;
        else
          b.pop_back();
      },
      // The first feature's group made one the inputs do not have (the overlay indexes by
      // group): a whole, well-formed layer, still not taken.
      [](std::string& b) {
        if (b.size() > 53)
          b[25 + 8 + 8] = 7;
        else
          b.pop_back();
      },
      // A feature count far beyond the bytes.
      [](std::string& b) { b[25 + 8 + 7] = 0x7f; },
  };
  for (std::size_t t = 0; t < tampering.size(); ++t) {
    store.tamper = tampering[t];
    const std::size_t keeps = store.keeps;
    const OverlayResult r = compute_overlay(s.parcels, s.layers, options(&store));
    EXPECT_EQ(r.counts.layers_from_store, 0u) << "tampering " << t;
    EXPECT_EQ(store.keeps, keeps + 3) << "tampering " << t;  // prepared and kept again
    expect_same_facts(fresh, r);
  }
}

}  // namespace
}  // namespace hubland::geo

// Fuzz harness: a prepared overlay layer as a store hands it back (geo::PreparedLayerStore; on
// disk, the payload of a file in the prepared-layer cache). The store returns the input for
// every layer of a small overlay: zones (one cut into pieces), constraints and catchments.
// Property: the overlay either takes the bytes, prepares the layer itself, or stops with
// hubland::Error; no crash, leak or hang.
#include <geos_c.h>

#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/overlay.hpp"

using namespace hubland;

namespace {

class FuzzStore final : public geo::PreparedLayerStore {
 public:
  std::string bytes;
  std::string key(const std::vector<std::string_view>&) const override { return ""; }
  std::optional<std::string> find(const std::string&) override { return bytes; }
  void keep(const std::string&, const std::vector<std::string_view>&) override {}
};

geo::Wkb W(const char* wkt) {
  return geo::to_wkb(geo::from_wkt(wkt).get());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<geo::Wkb> parcels{W("POLYGON((0 0,20 0,20 20,0 20,0 0))"),
                                             W("POLYGON((100 100,130 100,115 140,100 100))")};
  static const geo::OverlayLayers layers = [] {
    geo::OverlayLayers l;
    l.zones_given = geo::Presence::Present;
    geo::GeomPtr c = geo::point(60, 60);
    l.zones = {
        geo::to_wkb(
            geo::adopt(GEOSBuffer_r(geo::GeosContext::local().handle(), c.get(), 70, 32), "buffer")
                .get()),
        W("POLYGON((0 0,50 0,50 50,0 50,0 0))")};
    l.zone_ids = {"Z1", "Z2"};
    l.constraints_given = geo::Presence::Present;
    l.constraints = {W("POLYGON((10 10,120 10,120 30,10 30,10 10))")};
    l.constraint_kinds = {geo::ConstraintKind::Farmland};
    l.catchments = {W("POLYGON((0 0,200 0,200 200,0 200,0 0))")};
    l.catchment_types = {geo::HubType::Port};
    l.catchment_ring_km = {3};
    return l;
  }();
  FuzzStore store;
  store.bytes.assign(reinterpret_cast<const char*>(data), size);
  geo::OverlayOptions o;
  o.threads = 1;
  o.isochrones_min.clear();
  o.prepared_store = &store;
  try {
    const geo::OverlayResult r = geo::compute_overlay(parcels, layers, o);
    fuzz::note("prepared_layer", std::to_string(r.counts.layers_from_store) + " layers taken");
  } catch (const Error& e) {
    fuzz::note("prepared_layer", e.what());
  }
  return 0;
}

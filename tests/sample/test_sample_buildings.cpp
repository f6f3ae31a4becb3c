// The sample's buildings layer (sample-data/README.md): footprints on the single-cell industrial
// parcels of 果园港 give 计容, 建筑密度 and 建筑系数 there; every other parcel falls back to its
// attributes and says so; the hand-worked case GY00005 — one single-storey plant 12 m high on
// 60 % of the parcel, gross FAR 0.6, 计容 FAR 1.2 — passes LE-FAR's 1.0 on 计容.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "hubland/layers/facts.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"

namespace {

using namespace hubland;

const std::string kRoot = HUBLAND_SOURCE_ROOT;

const layers::FactsResult& facts() {
  static const layers::FactsResult r = [] {
    layers::AnalysisInputs in;
    in.working_epsg = 4545;
    layers::ReadOptions o;
    o.working_epsg = 4545;
    for (const auto& [role, name] : {std::pair{layers::Role::Parcels, "parcels"},
                                     std::pair{layers::Role::Buildings, "buildings"}}) {
      layers::ImportReport rep;
      in.layers.emplace(
          role, layers::read_layer(kRoot + "/sample-data/chongqing/chongqing.gpkg|" + name, role, o,
                                   rep));
      EXPECT_FALSE(rep.has_errors()) << name;
    }
    layers::FactsOptions fo;
    fo.isochrones_min.clear();
    return layers::compute_parcel_facts(in, fo);
  }();
  return r;
}

std::string text(const layers::Table& t, std::size_t row, const char* col) {
  return t.null_at(row, t.index(col)) ? std::string() : layers::as_text(t.get(row, t.index(col)));
}
double real(const layers::Table& t, std::size_t row, const char* col) {
  return t.real_at(row, t.index(col));
}
std::size_t row_of(const layers::Table& t, const std::string& id) {
  for (std::size_t r = 0; r < t.row_count(); ++r)
    if (text(t, r, "parcel_id") == id) return r;
  ADD_FAILURE() << "no parcel " << id;
  return 0;
}

TEST(SampleBuildings, TheTallSingleStoreyPlantPassesOnJirong) {
  const layers::Table& t = facts().facts;
  const std::size_t r = row_of(t, "GY00005");
  EXPECT_EQ(text(t, r, "far_basis"), "buildings");
  // One footprint on 60 % of the parcel (to 1 cm coordinates): gross 0.6, 计容 1.2.
  EXPECT_NEAR(real(t, r, "building_density"), 0.6, 2.5e-5);
  EXPECT_NEAR(real(t, r, "far_floor_area_m2") / real(t, r, "area_m2"), 1.2, 5e-5);
  // Its declared gross floor area (8851 m², FAR 0.996) is not what FAR rests on.
  EXPECT_DOUBLE_EQ(real(t, r, "floor_area_m2"), 8851.0);

  const rules::Ruleset rs = rules::load_ruleset(kRoot + "/rulesets/chongqing-hub/ruleset.toml");
  const rules::Rule* far = nullptr;
  for (const auto& rule : rs.screen)
    if (rule.id == "LE-FAR") far = &rule;
  ASSERT_NE(far, nullptr);
  const rules::FactsDb db(t, rules::Subject::Parcel, &rs);
  const auto f = rules::evaluate(db, {*far}, rules::Keep::All);
  const auto it = std::find_if(f.begin(), f.end(),
                               [](const rules::Finding& x) { return x.subject_id == "GY00005"; });
  ASSERT_NE(it, f.end());
  EXPECT_EQ(it->outcome, rules::Outcome::Pass);
  EXPECT_EQ(it->actual, "1.2");
  EXPECT_EQ(it->threshold, "1");
  EXPECT_NE(it->reason_zh.find("按计容建筑面积，取自建筑物图层，层高超过8米的层加倍"),
            std::string::npos)
      << it->reason_zh;
}

TEST(SampleBuildings, OnlyTheGuoyuangangIndustrialParcelsUseTheLayer) {
  const layers::Table& t = facts().facts;
  std::size_t buildings = 0, gross = 0;
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    const std::string basis = text(t, r, "far_basis"), id = text(t, r, "parcel_id");
    if (basis == "buildings") {
      ++buildings;
      EXPECT_EQ(id.rfind("GY", 0), 0u) << id;
      EXPECT_EQ(text(t, r, "land_use").rfind("1001", 0), 0u) << id;
      // The sample's parcels declare their 建筑系数, which wins over the layer's.
      EXPECT_EQ(text(t, r, "coverage_basis"), "declared") << id;
      EXPECT_GT(real(t, r, "building_density"), 0.0) << id;
      // The footprints carry at least the declared gross floor area: 计容 FAR never falls below
      // the declared gross FAR (README: LE-FAR only loses flags with the layer).
      EXPECT_GE(real(t, r, "far_floor_area_m2") / real(t, r, "area_m2"),
                real(t, r, "floor_area_m2") / real(t, r, "plane_area_m2"))
          << id;
    } else {
      // Everyone else: the gross plot ratio (the reader computes it from floor_area_m2), and
      // no density.
      ++gross;
      EXPECT_EQ(basis, "plot_ratio") << id;
      EXPECT_TRUE(t.null_at(r, t.index("building_density"))) << id;
    }
  }
  EXPECT_GT(buildings, 500u);
  EXPECT_GT(gross, 15000u);
  EXPECT_EQ(buildings + gross, t.row_count());
}

}  // namespace

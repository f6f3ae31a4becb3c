// Reading real bureau-style layers: encodings, CRS, geometry repair, counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/reader.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::layers;
namespace fs = std::filesystem;

namespace {

std::string shp(const std::string& name) {
  return test::data("shp-variants/" + name + ".shp");
}

// Values of a text column, in row order.
std::vector<std::string> texts(const Layer& l, const std::string& col) {
  std::vector<std::string> out;
  const std::size_t c = l.attributes.index(col);
  for (std::size_t i = 0; i < l.size(); ++i)
    out.emplace_back(l.attributes.null_at(i, c) ? std::string_view() : l.attributes.text_at(i, c));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

ReadOptions zones_from_districts() {
  ReadOptions o;
  o.field_map = {{"zone_id", "adcode"}, {"zone_name", "name"}};
  return o;
}

const Problem* find_problem(const ImportReport& r, const std::string& code) {
  for (const auto& p : r.problems)
    if (p.code == code) return &p;
  return nullptr;
}

}  // namespace

TEST(Reader, GbkShapefileWithCpg) {
  ImportReport rep;
  Layer l = read_layer(shp("cq_districts_gbk"), Role::Zones, zones_from_districts(), rep);
  EXPECT_EQ(rep.encoding, "CP936");
  EXPECT_EQ(rep.encoding_source, ".cpg");
  EXPECT_EQ(l.size(), 38u);
  EXPECT_TRUE(contains(texts(l, "zone_name"), "渝中区"));
  EXPECT_TRUE(contains(texts(l, "区县名称"), "渝中区"));
  EXPECT_EQ(rep.counts.read, 38u);
  EXPECT_EQ(rep.counts.imported, 38u);
}

TEST(Reader, GbkShapefileWithoutCpgIsDetected) {
  ImportReport rep;
  Layer l = read_layer(shp("cq_districts_gbk_nocpg"), Role::Zones, zones_from_districts(), rep);
  EXPECT_EQ(rep.encoding, "CP936");
  EXPECT_EQ(rep.encoding_source, "detected");
  EXPECT_TRUE(contains(texts(l, "zone_name"), "渝中区"));
  EXPECT_TRUE(contains(texts(l, "zone_name"), "万州区"));
}

TEST(Reader, GbkDeclaredOnlyByLdid) {
  ImportReport rep;
  Layer l = read_layer(shp("cq_districts_gbk_ldid77"), Role::Zones, zones_from_districts(), rep);
  EXPECT_EQ(rep.encoding, "CP936");
  EXPECT_EQ(rep.encoding_source, "LDID");
  EXPECT_NE(rep.encoding_explanation.find("0x4D"), std::string::npos);
  EXPECT_TRUE(contains(texts(l, "zone_name"), "渝中区"));
}

TEST(Reader, Utf8WithCpg) {
  ImportReport rep;
  Layer l = read_layer(shp("cq_districts_utf8"), Role::Zones, zones_from_districts(), rep);
  EXPECT_EQ(rep.encoding, "UTF-8");
  EXPECT_EQ(rep.encoding_source, ".cpg");
  EXPECT_TRUE(contains(texts(l, "区县名"), "渝中区"));
}

TEST(Reader, GeotoolsChinesePolyDetectedAsGbk) {
  ImportReport rep;
  ReadOptions o;
  o.field_map = {{"zone_id", "ADCODE99"}, {"zone_name", "NAME"}};
  Layer l = read_layer(test::data("gbk-geotools/chinese_poly.shp"), Role::Zones, o, rep);
  EXPECT_EQ(rep.encoding_source, "detected");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(texts(l, "zone_name")[0], "黑龙江省");
}

TEST(Reader, FieldNameCutMidCharacterIsReported) {
  ImportReport rep;
  Layer l =
      read_layer(shp("cq_districts_utf8_truncfield"), Role::Zones, zones_from_districts(), rep);
  EXPECT_EQ(l.size(), 38u);
  const Problem* p = find_problem(rep, "field-name-cut");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->field, "区县名");
  EXPECT_NE(p->message.find("e5 8c ba e5 8e bf e5 90 8d e7"), std::string::npos);
  EXPECT_TRUE(contains(texts(l, "区县名"), "渝中区"));
}

TEST(Reader, RealDistrictsRepairsSevenInvalid) {
  ImportReport rep;
  Layer l = read_layer(test::data("districts/chongqing_districts.geojson"), Role::Zones,
                       zones_from_districts(), rep);
  EXPECT_EQ(rep.counts.read, 38u);
  EXPECT_EQ(rep.counts.repaired, 7u);
  EXPECT_EQ(rep.counts.imported, 38u);
  std::set<std::string> repaired;
  for (const auto& p : rep.problems)
    if (p.code == "geometry-repaired") repaired.insert(p.feature);
  ASSERT_EQ(repaired.size(), 7u);
  // The problems name the features by zone_id (adcode); map back to names to check the list.
  std::set<std::string> names;
  const auto ids = texts(l, "zone_id"), zn = texts(l, "zone_name");
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (repaired.count(ids[i])) names.insert(zn[i]);
  EXPECT_EQ(names, (std::set<std::string>{"大渡口区", "九龙坡区", "长寿区", "合川区", "铜梁区",
                                          "潼南区", "奉节县"}));
  for (const auto& w : l.geometry) {
    auto g = geo::from_wkb(w);
    EXPECT_EQ(geo::invalid_reason(g.get()), "");
  }
  EXPECT_EQ(rep.working_epsg, 4545);  // centre ~107.7°E -> CM 108°E
}

// make_rank_run fills the report's map scene from the inputs: land-survey 图斑 classified with
// the land-class table (every 图斑 unclassified without one), approved land by status, parks,
// districts, and the district land stock it is given; the issuer from the ruleset's [report].
#include <gtest/gtest.h>

#include <fstream>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/report/report.hpp"
#include "hubland/rules/ruleset.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::report;
using layers::FieldType;
using layers::Role;

namespace {

geo::Wkb box(double x0, double y0, double x1, double y1) {
  auto g =
      geo::from_wkt("POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," +
                    std::to_string(x1) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " +
                    std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y1) + "," +
                    std::to_string(x0) + " " + std::to_string(y0) + "))");
  return geo::to_wkb(g.get());
}

/// A polygon layer of text columns, one unit box per row.
layers::Layer text_layer(Role role, const std::vector<std::string>& columns,
                         const std::vector<std::vector<std::string>>& rows) {
  layers::Layer l;
  l.role = role;
  l.epsg = 4545;
  std::vector<std::size_t> c;
  for (const auto& name : columns) c.push_back(l.attributes.add_column(name, FieldType::Text));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    l.attributes.add_row();
    for (std::size_t k = 0; k < c.size(); ++k) l.attributes.set(r, c[k], rows[r][k]);
    l.geometry.push_back(box(500000 + 100.0 * r, 3300000, 500100 + 100.0 * r, 3300100));
  }
  return l;
}

layers::AnalysisInputs inputs() {
  layers::AnalysisInputs in;
  in.working_epsg = 4545;
  in.layers.emplace(
      Role::LandSurvey,
      text_layer(Role::LandSurvey, {"survey_id", "dlbm"},
                 {{"T1", "0103"}, {"T2", "0301"}, {"T3", "0601"}, {"T4", "1206"}, {"T5", "9999"}}));
  in.layers.emplace(Role::LandSupply,
                    text_layer(Role::LandSupply, {"supply_id", "status"},
                               {{"A1", "approved_unsupplied"}, {"A2", "supplied"}}));
  in.layers.emplace(Role::Parks,
                    text_layer(Role::Parks, {"park_id", "park_name"}, {{"K1", "示例园区"}}));
  in.layers.emplace(Role::Districts, text_layer(Role::Districts, {"district_code", "district_name"},
                                                {{"500112", "渝北区"}}));
  return in;
}

}  // namespace

TEST(RankRun, SceneHasLandClassesSupplyParksAndDistricts) {
  layers::LandClassTable table;
  table.add({"01", "耕地", layers::LandCategory::Agricultural, true});
  table.add({"03", "林地", layers::LandCategory::Agricultural, false});
  table.add({"06", "工矿用地", layers::LandCategory::Construction, false});
  table.add({"12", "其他土地", layers::LandCategory::Unused, false});
  layers::Table stock;
  stock.add_column("district_code", FieldType::Text);
  stock.add_row();
  stock.set(0, 0, std::string("500112"));

  rules::Ruleset ruleset;
  ruleset.land_classes = table;
  ruleset.has_land_classes = true;
  rules::RankingStage stage;
  stage.district_stock = std::move(stock);
  const RankRun run = make_rank_run(std::move(stage), ruleset, inputs(), {}, {}, Stamp{});
  const MapScene& s = run.scene;
  ASSERT_EQ(s.land.size(), 5u);
  EXPECT_EQ(s.land_classes,
            (std::vector<std::string>{kLandCultivated, kLandAgricultural, kLandConstruction,
                                      kLandUnused, kLandUnclassified}));
  EXPECT_EQ(s.supply.size(), 2u);
  EXPECT_EQ(s.supply_status, (std::vector<std::string>{"approved_unsupplied", "supplied"}));
  EXPECT_EQ(s.park_ids, std::vector<std::string>{"K1"});
  EXPECT_EQ(s.park_names, std::vector<std::string>{"示例园区"});
  EXPECT_EQ(s.district_codes, std::vector<std::string>{"500112"});
  EXPECT_EQ(s.district_names, std::vector<std::string>{"渝北区"});
  EXPECT_EQ(run.district_land_stock.row_count(), 1u);

  // Without a table (the CLI and the desk until rulesets carry one) the survey is unclassified.
  const RankRun bare = make_rank_run({}, rules::Ruleset{}, inputs(), {}, {}, Stamp{});
  EXPECT_EQ(bare.scene.land_classes, std::vector<std::string>(5, kLandUnclassified));
  EXPECT_EQ(bare.district_land_stock.row_count(), 0u);
}

namespace {

/// A minimal ruleset file ending in `tail`; returns its path.
std::string ruleset_file(const std::string& tail) {
  const std::string path = test::temp_dir() + "/ruleset.toml";
  std::ofstream(path) << "[ruleset]\nid = \"t\"\nversion = \"1\"\n"
                         "title = { zh = \"测试\", en = \"test\" }\n"
                      << tail;
  return path;
}

}  // namespace

// [report] issuer: the issuing body every PDF page names; make_rank_run hands it to the report.
TEST(RankRun, IssuerComesFromTheRulesetsReportTable) {
  const rules::Ruleset rs =
      rules::load_ruleset(ruleset_file("\n[report]\nissuer = \"某市自然资源局\"\n"));
  EXPECT_EQ(rs.report_issuer, "某市自然资源局");
  EXPECT_EQ(make_rank_run({}, rs, {}, {}, {}, Stamp{}).issuer, "某市自然资源局");
  // Missing: no issuer line, not an error.
  EXPECT_EQ(rules::load_ruleset(ruleset_file("")).report_issuer, "");
  // Both bundled rulesets carry the same example issuer.
  for (const char* name : {"chongqing-hub", "chongqing-hub-strict"})
    EXPECT_EQ(rules::load_ruleset(std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/" + name +
                                  "/ruleset.toml")
                  .report_issuer,
              "重庆市规划和自然资源局（示例）")
        << name;
}

TEST(RankRun, NonStringIssuerIsAnErrorNamingFileLineAndKey) {
  const std::string path = ruleset_file("\n[report]\nissuer = 3\n");
  try {
    rules::load_ruleset(path);
    FAIL() << "a number as issuer was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Rule);
    EXPECT_NE(std::string(e.what()).find("'issuer' must be a string"), std::string::npos)
        << e.what();
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 7);  // the issuer line
  }
  try {
    rules::load_ruleset(ruleset_file("\n[report]\nissuers = \"x\"\n"));
    FAIL() << "an unknown key was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'issuers' in [report]"), std::string::npos)
        << e.what();
  }
}

// Justification reports: a rendered PDF checked with pdftotext (project name, rank,
// clause ids) and its page count, and the map PNG checked by pixels (the site's colour at the
// site's position).
#include <gtest/gtest.h>

#include <QImage>
#include <QString>
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "hubland/geo/geos.hpp"
#include "hubland/report/report.hpp"
#include "pdf_text.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::report;
using hubland::test::pdf_pages;
using hubland::test::pdftotext;
using hubland::test::pdftotext_unfolded;
using layers::FieldType;

namespace {

const char* kRanking = R"(
[ranking]
method = "weighted"
quota_mu = 100
clause = "枢纽经济区指导意见第六条：指标优先保障"
[ranking.sensitivity]
draws = 100
seed = 3
[[criterion]]
id = "C-TAX"
title = { zh = "亩均税收", en = "Tax per mu" }
expression = "tax_10k_yuan / land_mu"
unit = "万元/亩"
normalisation = "minmax"
weight = 2
[[criterion]]
id = "C-JOBS"
title = { zh = "就业岗位", en = "Jobs" }
column = "jobs"
normalisation = "rank"
weight = 1
)";

geo::Wkb square(double x, double y, double half_m) {
  auto g =
      geo::from_wkt("POLYGON((" + std::to_string(x - half_m) + " " + std::to_string(y - half_m) +
                    "," + std::to_string(x + half_m) + " " + std::to_string(y - half_m) + "," +
                    std::to_string(x + half_m) + " " + std::to_string(y + half_m) + "," +
                    std::to_string(x - half_m) + " " + std::to_string(y + half_m) + "," +
                    std::to_string(x - half_m) + " " + std::to_string(y - half_m) + "))");
  return geo::to_wkb(g.get());
}

geo::Wkb rect(double x0, double y0, double x1, double y1) {
  auto g =
      geo::from_wkt("POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," +
                    std::to_string(x1) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " +
                    std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y1) + "," +
                    std::to_string(x0) + " " + std::to_string(y0) + "))");
  return geo::to_wkb(g.get());
}

struct Fixture {
  RankRun run;
  double site_x[3] = {503000, 506000, 508000};
  double site_y[3] = {3284000, 3286000, 3282000};

  Fixture() {
    auto& t = run.facts;
    const auto id = t.add_column("project_id", FieldType::Text);
    const auto name = t.add_column("project_name", FieldType::Text);
    const auto land = t.add_column("land_mu", FieldType::Real);
    const auto tax = t.add_column("tax_10k_yuan", FieldType::Real);
    const auto jobs = t.add_column("jobs", FieldType::Integer);
    const auto zone = t.add_column("zone_id", FieldType::Text);
    const auto zname = t.add_column("zone_name", FieldType::Text);
    // Land facts (hand-worked): P1 60 mu = 36 new (20 耕地, 4 without a classified 图斑) + 24
    // existing; P2 50 mu wholly existing (30 批而未供, 20 已供); P3 40 mu new.
    const auto area = t.add_column("area_mu", FieldType::Real);
    const auto new_mu = t.add_column("new_land_mu", FieldType::Real);
    const auto existing = t.add_column("existing_land_mu", FieldType::Real);
    const auto cultivated = t.add_column("cultivated_mu", FieldType::Real);
    const auto unsurveyed = t.add_column("unsurveyed_mu", FieldType::Real);
    const auto unsupplied = t.add_column("supply_unsupplied_mu", FieldType::Real);
    const auto supplied = t.add_column("supply_supplied_mu", FieldType::Real);
    const auto dcode = t.add_column("district_code", FieldType::Text);
    const auto dname = t.add_column("district_name", FieldType::Text);
    const auto park = t.add_column("park_id", FieldType::Text);
    const auto park_name = t.add_column("park_name", FieldType::Text);
    const auto park_share = t.add_column("park_share", FieldType::Real);
    const char* names[] = {"两江智能终端产业园项目", "果园港冷链物流中心", "西部化工新材料基地"};
    const double lands[] = {60, 50, 40}, taxes[] = {1800, 1000, 4000};
    const double news[] = {36, 0, 40}, cults[] = {20, 0, 10}, unsurv[] = {4, 0, 0};
    const double unsup[] = {0, 30, 0}, sup[] = {0, 20, 0}, shares[] = {1, 0.8, 0};
    const char* codes[] = {"500112", "500112", "500105"};
    const char* dnames[] = {"渝北区", "渝北区", "江北区"};
    const std::int64_t job[] = {500, 300, 800};
    for (int i = 0; i < 3; ++i) {
      t.add_row();
      t.set(i, id, std::string("P") + std::to_string(i + 1));
      t.set(i, name, std::string(names[i]));
      t.set(i, land, lands[i]);
      t.set(i, tax, taxes[i]);
      t.set(i, jobs, job[i]);
      t.set(i, zone, std::string("LJ"));
      t.set(i, zname, std::string("两江新区"));
      t.set(i, area, lands[i]);
      t.set(i, new_mu, news[i]);
      t.set(i, existing, lands[i] - news[i]);
      t.set(i, cultivated, cults[i]);
      t.set(i, unsurveyed, unsurv[i]);
      t.set(i, unsupplied, unsup[i]);
      t.set(i, supplied, sup[i]);
      t.set(i, dcode, std::string(codes[i]));
      t.set(i, dname, std::string(dnames[i]));
      if (i < 2) {
        t.set(i, park, std::string("PK-LJ"));
        t.set(i, park_name, std::string("两江数字经济产业园"));
      }
      t.set(i, park_share, shares[i]);
      run.scene.sites.push_back(square(site_x[i], site_y[i], 150));
      run.scene.site_ids.push_back("P" + std::to_string(i + 1));
    }
    run.config = rules::parse_ranking_config(kRanking, "report-test.toml");
    for (int i = 0; i < 3; ++i) {
      // A gate the ruleset does not list: shown all the same, with its clause.
      rules::Finding hz;
      hz.subject_id = "P" + std::to_string(i + 1);
      hz.rule_id = "EL-HUB-ZONE";
      hz.outcome = rules::Outcome::Pass;
      hz.actual = "1";
      hz.threshold = ">= 0.5";
      hz.reason_zh = "位于枢纽经济区";
      hz.reason_en = "inside the hub economic zone";
      hz.clause = "枢纽经济区建设方案第三条";
      run.eligibility.push_back(hz);
      rules::Finding f;
      f.subject_id = "P" + std::to_string(i + 1);
      f.rule_id = "EL-REDLINE";
      f.outcome = i == 2 ? rules::Outcome::Fail : rules::Outcome::Pass;
      f.actual = i == 2 ? "1200" : "0";
      f.threshold = "0";
      f.reason_zh = i == 2 ? "用地与生态保护红线重叠 1200 平方米" : "未占用生态保护红线";
      f.reason_en = i == 2 ? "the site overlaps the redline by 1200 m2" : "no redline overlap";
      f.clause = "生态保护红线管理办法第十条";
      run.eligibility.push_back(f);
    }
    run.rules["EL-REDLINE"] = {{"不占生态保护红线", "Outside the ecological redline"}, ""};
    run.rule_order = {"EL-REDLINE"};
    run.ranking = rules::rank_projects(run.facts, run.eligibility, run.config);
    run.policy = rules::allocation_policy(run.config, std::nullopt);
    run.policy.district_reward_mu["500112"] = 10;  // 渝北区's 增存挂钩 reward
    run.allocations = rules::allocate_ranking(run.facts, run.ranking, run.config, run.policy);
    run.sensitivity = rules::run_sensitivity(
        run.ranking.model, rules::requests_in_rank_order(run.facts, run.ranking, run.config),
        run.policy, run.config.sensitivity);
    run.scene.zones.push_back(square(505000, 3285000, 5000));
    run.scene.zone_ids = {"LJ"};
    run.scene.zone_names = {"两江新区"};
    auto hub = geo::point(505500, 3284500);
    run.scene.hubs.push_back(geo::to_wkb(hub.get()));
    run.scene.hub_types = {"port"};
    run.scene.hub_names = {"果园港"};
    run.scene.rings_km = {3, 10};
    run.scene.constraints.push_back(square(508000, 3282000, 300));
    run.scene.constraint_kinds = {"redline"};
    run.scene.low_efficiency.push_back(square(502000, 3288000, 400));
    // P1's site (502850..503150) on the land map: 耕地 to the west of x = 503000, construction
    // land to the east, part of it approved (已供).
    run.scene.land = {rect(502600, 3283700, 503000, 3284300),
                      rect(503000, 3283700, 503400, 3284300)};
    run.scene.land_classes = {kLandCultivated, kLandConstruction};
    run.scene.supply = {rect(503050, 3283900, 503300, 3284100)};
    run.scene.supply_status = {"supplied"};
    run.scene.parks = {square(505000, 3285500, 2000)};
    run.scene.park_ids = {"PK-LJ"};
    run.scene.park_names = {"两江数字经济产业园"};
    run.scene.districts = {rect(500000, 3280000, 507000, 3290000),
                           rect(507000, 3280000, 512000, 3290000)};
    run.scene.district_codes = {"500112", "500105"};
    run.scene.district_names = {"渝北区", "江北区"};
    auto& st = run.district_land_stock;
    const char* cols[] = {"unsupplied_mu", "supplied_unused_mu",     "reserve_mu",
                          "supplied_mu",   "disposed_unsupplied_mu", "disposed_idle_mu"};
    const auto c_code = st.add_column("district_code", FieldType::Text);
    const auto c_name = st.add_column("district_name", FieldType::Text);
    std::vector<std::size_t> c_mu;
    for (const char* c : cols) c_mu.push_back(st.add_column(c, FieldType::Real, "mu"));
    const double stock[] = {120.5, 30, 15, 400, 12, 3};
    st.add_row();
    st.set(0, c_code, std::string("500112"));
    st.set(0, c_name, std::string("渝北区"));
    for (std::size_t k = 0; k < c_mu.size(); ++k) st.set(0, c_mu[k], stock[k]);
    run.stamp = {"cq-test",
                 "report-test.toml",
                 std::string(64, 'f'),  // "ff" is a ligature in proportional faces
                 {{"projects.gpkg|projects", std::string(64, 'b')}},
                 "0.1.0",
                 "run-00ff"};
  }
};

}  // namespace

class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_qt = std::make_unique<QtRuntime>(); }
  static void TearDownTestSuite() { s_qt.reset(); }
  static inline std::unique_ptr<QtRuntime> s_qt;
};

// P1: tax/mu 30, jobs 500; P2: 20, 300 -> P1 scores 1, P2 0; P3 fails the redline rule.
TEST_F(Report, ProjectPdfHasNameRankAndClauses) {
  Fixture fx;
  ASSERT_EQ(fx.run.ranking.projects[0].rank, 1);
  const std::string dir = test::temp_dir();
  const ReportFiles f = write_project_report(fx.run, "P1", Language::Zh, dir);
  ASSERT_TRUE(std::filesystem::exists(f.pdf));
  ASSERT_TRUE(std::filesystem::exists(f.html));
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("两江智能终端产业园项目"), std::string::npos) << text;
  // The text is the text: no CJK radical in place of the ideograph the font draws alike.
  EXPECT_EQ(test::cjk_radicals_in(pdftotext_unfolded(f.pdf)), "");
  EXPECT_NE(text.find("EL-REDLINE"), std::string::npos);
  EXPECT_NE(text.find("C-TAX"), std::string::npos);
  EXPECT_NE(text.find("排名1/2"), std::string::npos);   // rank 1 of 2 eligible projects
  EXPECT_NE(text.find("获得指标"), std::string::npos);  // funded
  EXPECT_NE(text.find("run-00ff"), std::string::npos);
  EXPECT_GE(f.pdf_pages, 1);
  EXPECT_EQ(pdf_pages(f.pdf), f.pdf_pages);
  const std::string html = test::read_file(f.html);
  EXPECT_NE(html.find("P1-map.png"), std::string::npos);
  EXPECT_NE(html.find("生态保护红线管理办法第十条"), std::string::npos);
  // The policy the allocation rests on ([ranking] clause), under the allocation.
  EXPECT_NE(html.find("依据：枢纽经济区指导意见第六条：指标优先保障"), std::string::npos);
}

TEST_F(Report, IneligibleProjectInEnglishShowsTheFailedRule) {
  Fixture fx;
  const std::string dir = test::temp_dir();
  const ReportFiles f = write_project_report(fx.run, "P3", Language::En, dir);
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("ineligible"), std::string::npos);
  EXPECT_NE(text.find("thesiteoverlapstheredlineby1200m2"), std::string::npos);
  EXPECT_NE(text.find("EL-REDLINE"), std::string::npos);
  EXPECT_TRUE(f.chart_png.empty());  // no criteria for an ineligible project
  // In English the body face is DejaVu Sans, which sets "ff" as one ligature glyph (U+FB00 in the
  // PDF's text): the stamp's ids must be found as typed, without NFKC folding.
  const std::string as_is = pdftotext_unfolded(f.pdf);
  EXPECT_NE(as_is.find("run-00ff"), std::string::npos) << as_is;
  EXPECT_NE(as_is.find(std::string(64, 'f')), std::string::npos) << as_is;
}

TEST_F(Report, ZoneReportListsEveryProject) {
  Fixture fx;
  const std::string dir = test::temp_dir();
  const ReportFiles f = write_zone_report(fx.run, "LJ", Language::Zh, dir);
  const std::string text = pdftotext(f.pdf);
  for (const char* id : {"P1", "P2", "P3"}) EXPECT_NE(text.find(id), std::string::npos) << id;
  EXPECT_NE(text.find("两江新区"), std::string::npos);
  EXPECT_EQ(pdf_pages(f.pdf), f.pdf_pages);
  EXPECT_THROW(write_zone_report(fx.run, "NOPE", Language::Zh, dir), Error);
}

TEST_F(Report, MapShowsTheSiteColourAtTheSite) {
  Fixture fx;
  const std::string dir = test::temp_dir();
  const ReportFiles f = write_project_report(fx.run, "P2", Language::Zh, dir);
  QImage png(QString::fromStdString(f.map_png));
  ASSERT_FALSE(png.isNull());
  // The report map is render_site_map(scene, {row}, 1200x900, 4000 m): the same view.
  const RenderedMap m = render_site_map(fx.run.scene, {1}, QSize(1200, 900), 4000);
  ASSERT_EQ(png.size(), m.image.size());
  const QPointF at = m.view.to_screen(fx.site_x[1], fx.site_y[1]);
  EXPECT_EQ(png.pixelColor(at.toPoint()).rgb(), focus_site_colour().rgb());
  // ... and not at another project's site (P1), which is drawn in the plain site style.
  const QPointF other = m.view.to_screen(fx.site_x[0], fx.site_y[0]);
  EXPECT_NE(png.pixelColor(other.toPoint()).rgb(), focus_site_colour().rgb());
}

TEST_F(Report, CriteriaChartIsDrawn) {
  Fixture fx;
  const QImage chart = render_criteria_chart(fx.run, 0, Language::En);
  // P1 scores 1 on both criteria: the dark contribution bar fills its row.
  int dark = 0;
  for (int x = 0; x < chart.width(); ++x)
    if (chart.pixelColor(x, 34 + 15).rgb() == QColor(40, 90, 170).rgb()) ++dark;
  EXPECT_GT(dark, 300);
}

// P1: 60 mu = 36 new (60 %) + 24 existing (40 %); 20 mu of 耕地; 4 mu without a classified 图斑;
// charged 36 mu, 10 of them from 渝北区's 增存挂钩 reward (spent on the district's projects
// first). A gate the ruleset does not list (EL-HUB-ZONE) shows with its clause.
TEST_F(Report, ProjectPdfShowsNewAndExistingLand) {
  Fixture fx;
  ASSERT_DOUBLE_EQ(fx.run.allocations[0].quota_charged_mu, 36);
  ASSERT_DOUBLE_EQ(fx.run.allocations[0].reward_charged_mu, 10);
  const ReportFiles f = write_project_report(fx.run, "P1", Language::Zh, test::temp_dir());
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("用地与指标"), std::string::npos) << text;
  EXPECT_NE(text.find("新增建设用地(亩)36(60%)"), std::string::npos) << text;
  EXPECT_NE(text.find("存量建设用地(亩)24(40%)"), std::string::npos);
  EXPECT_NE(text.find("其中占用耕地(亩)20"), std::string::npos);
  EXPECT_NE(text.find("占补平衡"), std::string::npos);
  EXPECT_NE(text.find("无已分类图斑部分(亩)4"), std::string::npos);
  EXPECT_NE(text.find("数据缺失"), std::string::npos);
  EXPECT_NE(text.find("占用计划指标(亩)36"), std::string::npos);
  EXPECT_NE(text.find("增存挂钩奖励指标10亩"), std::string::npos);
  EXPECT_NE(text.find("渝北区(500112)"), std::string::npos);
  EXPECT_NE(text.find("两江数字经济产业园(PK-LJ)"), std::string::npos);
  EXPECT_NE(text.find("EL-HUB-ZONE"), std::string::npos);
  EXPECT_NE(text.find("枢纽经济区建设方案第三条"), std::string::npos);
  EXPECT_FALSE(f.land_map_png.empty());
}

// P2 lies wholly on existing construction land (批而未供 and 已供): funded without quota.
TEST_F(Report, QuotaFreeProjectNeedsNoQuota) {
  Fixture fx;
  ASSERT_TRUE(fx.run.allocations[1].quota_free);
  const ReportFiles f = write_project_report(fx.run, "P2", Language::Zh, test::temp_dir());
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("存量保障,无需计划指标"), std::string::npos) << text;
  EXPECT_NE(text.find("位于批而未供土地(亩)30"), std::string::npos);
  EXPECT_NE(text.find("位于已供土地(亩)20"), std::string::npos);
  const ReportFiles en = write_project_report(fx.run, "P2", Language::En, test::temp_dir());
  EXPECT_NE(pdftotext(en.pdf).find("noquotaneeded"), std::string::npos);
}

// The land map: 耕地 colour inside the site's cultivated (western) part, construction colour in
// the eastern part outside the approved land; the site outlined, not filled.
TEST_F(Report, LandMapShowsCultivatedLandInsideTheSite) {
  Fixture fx;
  const ReportFiles f = write_project_report(fx.run, "P1", Language::Zh, test::temp_dir());
  QImage png(QString::fromStdString(f.land_map_png));
  ASSERT_FALSE(png.isNull());
  // The report's land map: 1000x750, margin max(150 m, a third of the 300 m site).
  const RenderedMap m = render_land_map(fx.run.scene, {0}, QSize(1000, 750), 150);
  ASSERT_EQ(png.size(), m.image.size());
  const QPoint west = m.view.to_screen(502925, 3284000).toPoint();
  EXPECT_EQ(png.pixelColor(west).rgb(), land_class_colour(kLandCultivated).rgb());
  const QPoint east = m.view.to_screen(503100, 3283800).toPoint();
  EXPECT_EQ(png.pixelColor(east).rgb(), land_class_colour(kLandConstruction).rgb());
  // Without a land survey the site is filled as on the location map.
  fx.run.scene.land.clear();
  fx.run.scene.land_classes.clear();
  const RenderedMap bare = render_land_map(fx.run.scene, {0}, QSize(1000, 750), 150);
  EXPECT_EQ(bare.image.pixelColor(west).rgb(), focus_site_colour().rgb());
}

TEST_F(Report, LandClassKeys) {
  layers::LandClassTable t;
  t.add({"01", "耕地", layers::LandCategory::Agricultural, true});
  t.add({"03", "林地", layers::LandCategory::Agricultural, false});
  t.add({"06", "工矿用地", layers::LandCategory::Construction, false});
  t.add({"12", "其他土地", layers::LandCategory::Unused, false});
  EXPECT_EQ(land_class_key(&t, "0103"), kLandCultivated);
  EXPECT_EQ(land_class_key(&t, "0301"), kLandAgricultural);
  EXPECT_EQ(land_class_key(&t, "0601"), kLandConstruction);
  EXPECT_EQ(land_class_key(&t, "1206"), kLandUnused);
  EXPECT_EQ(land_class_key(&t, "99"), kLandUnclassified);
  EXPECT_EQ(land_class_key(nullptr, "0103"), kLandUnclassified);
}

// Zone LJ spans 渝北区 (P1, P2) and 江北区 (P3): one totals row each.
TEST_F(Report, ZoneReportHasDistrictTotalsAndLandColumns) {
  Fixture fx;
  const ReportFiles f = write_zone_report(fx.run, "LJ", Language::Zh, test::temp_dir());
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("分区县合计"), std::string::npos) << text;
  EXPECT_NE(text.find("渝北区"), std::string::npos);
  EXPECT_NE(text.find("江北区"), std::string::npos);
  EXPECT_NE(text.find("占用计划指标36亩"), std::string::npos);  // zone total charged
  // Per district: projects, funded (without quota), waitlisted, ineligible, requested, new,
  // existing, 耕地, charged, reward used / total.
  EXPECT_NE(text.find("渝北区(500112)22(1)001103674203610/10"), std::string::npos);
  EXPECT_NE(text.find("江北区(500105)10(0)01404001000/0"), std::string::npos);
}

// 渝北区: P1 and P2, 110 mu requested, 36 new + 74 existing, 20 耕地, 36 charged of which 10
// from its reward of 10; both funded, one without quota. Its land stock is the hand-built row.
TEST_F(Report, DistrictReport) {
  Fixture fx;
  const std::string dir = test::temp_dir();
  const ReportFiles f = write_district_report(fx.run, "500112", Language::Zh, dir);
  EXPECT_TRUE(std::filesystem::exists(dir + "/district-500112.pdf"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/district-500112-map.png"));
  EXPECT_EQ(pdf_pages(f.pdf), f.pdf_pages);
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("区县用地指标说明—渝北区(500112)"), std::string::npos) << text;
  EXPECT_NE(text.find("获得指标2(1)候补0不符合条件0申请用地110新增用地36存量用地74耕地20"
                      "占用指标36增存挂钩奖励(已用/总)10/10"),
            std::string::npos);
  EXPECT_NE(text.find("批而未供(亩)120.5"), std::string::npos);
  EXPECT_NE(text.find("供而未用(亩)30"), std::string::npos);
  EXPECT_NE(text.find("近一年消化批而未供(亩)12"), std::string::npos);
  EXPECT_NE(text.find("近一年处置闲置土地(亩)3"), std::string::npos);
  for (const char* id : {"P1", "P2"}) EXPECT_NE(text.find(id), std::string::npos) << id;
  EXPECT_EQ(text.find("西部化工新材料基地"), std::string::npos);  // P3 is in 江北区
  EXPECT_THROW(write_district_report(fx.run, "999999", Language::Zh, dir), Error);
}

// Every kind of ranking report reads back as written: its Chinese strings verbatim (项目, 目
// shares its glyph with the radical ⽬) and no CJK radical anywhere.
TEST_F(Report, EveryKindReadsBackAsWrittenWithoutRadicals) {
  Fixture fx;
  const std::string dir = test::temp_dir();
  test::expect_text_as_written(write_project_report(fx.run, "P1", Language::Zh, dir).pdf,
                               {"项目用地指标论证报告", "项目名称", "两江智能终端产业园项目",
                                "生态保护红线管理办法第十条", "评分指标"});
  test::expect_text_as_written(
      write_zone_report(fx.run, "LJ", Language::Zh, dir).pdf,
      {"园区用地指标分配说明", "项目数", "项目排名与分配", "果园港冷链物流中心", "分区县合计"});
  test::expect_text_as_written(
      write_district_report(fx.run, "500112", Language::Zh, dir).pdf,
      {"区县用地指标说明", "渝北区", "项目排名与分配", "土地供应与处置", "批而未供"});
}

namespace {

/// The footer's page text as pdftotext_page reads it (whitespace removed).
std::string page_of(Language lang, int page, int pages) {
  return lang == Language::Zh ? "第" + std::to_string(page) + "页共" + std::to_string(pages) + "页"
                              : "Page" + std::to_string(page) + "of" + std::to_string(pages);
}

}  // namespace

// Every page of a multi-page report: the issuer in the header; 第 N 页 共 M 页 with the right M,
// the report number, the run id and the ruleset hash's first 12 hex digits in the footer; A4.
TEST_F(Report, EveryPageHasIssuerPageOfPagesRunIdAndRulesetHash) {
  Fixture fx;
  fx.run.issuer = "测试市规划和自然资源局";
  fx.run.stamp.ruleset_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  for (const Language lang : {Language::Zh, Language::En}) {
    const ReportFiles f = write_project_report(fx.run, "P1", lang, test::temp_dir());
    const int pages = pdf_pages(f.pdf);
    ASSERT_GE(pages, 2) << "the project report with two maps and four tables is multi-page";
    EXPECT_EQ(f.pdf_pages, pages);
    EXPECT_EQ(test::pdf_page_size(f.pdf), "595 x 842 pts (A4)");  // Qt rounds to whole points
    for (int page = 1; page <= pages; ++page) {
      const std::string text = test::pdftotext_page(f.pdf, page);
      EXPECT_NE(text.find(page_of(lang, page, pages)), std::string::npos) << page << ": " << text;
      EXPECT_NE(text.find("测试市规划和自然资源局"), std::string::npos) << page;
      EXPECT_NE(text.find("HL-run-00ff-project-P1"), std::string::npos) << page;
      EXPECT_NE(text.find("run-00ff"), std::string::npos) << page;
      EXPECT_NE(text.find("SHA-2560123456789ab"), std::string::npos) << page << ": " << text;
      // The footer has the prefix only; the full hash is the body stamp's, at the end.
      if (page == 1) {
        EXPECT_EQ(text.find("0123456789abc"), std::string::npos) << text;
      }
    }
    EXPECT_NE(test::pdftotext_unfolded(f.pdf).find(fx.run.stamp.ruleset_sha256), std::string::npos);
  }
  // No issuer: no issuer line, the rest of the frame as before.
  fx.run.issuer.clear();
  const ReportFiles f = write_zone_report(fx.run, "LJ", Language::Zh, test::temp_dir());
  const std::string first = test::pdftotext_page(f.pdf, 1);
  EXPECT_EQ(first.find("测试市规划和自然资源局"), std::string::npos);
  EXPECT_NE(first.find(page_of(Language::Zh, 1, pdf_pages(f.pdf))), std::string::npos) << first;
  EXPECT_NE(first.find("HL-run-00ff-zone-LJ"), std::string::npos) << first;
}

// Numeric cells keep their natural width: a long request and a rank with its interval are each
// on one line of the zone report's project table (pdftotext -layout), in both languages.
TEST_F(Report, NumericCellsAreNotWrapped) {
  Fixture fx;
  const auto request = fx.run.facts.find("land_mu");
  ASSERT_TRUE(request);
  fx.run.facts.set(2, *request, 12345678.25);  // P3's request, shown as is (P3 is ineligible)
  const auto rob = fx.run.robustness(0);
  ASSERT_TRUE(rob);
  const std::string rank =
      "1 (" + std::to_string(rob->rank_p05) + "–" + std::to_string(rob->rank_p95) + ")";
  for (const Language lang : {Language::Zh, Language::En}) {
    const ReportFiles f = write_zone_report(fx.run, "LJ", lang, test::temp_dir());
    const std::string layout = test::pdftotext_layout(f.pdf);
    EXPECT_TRUE(test::on_one_line(layout, "12345678.25")) << layout;
    EXPECT_TRUE(test::on_one_line(layout, rank)) << rank << "\n" << layout;
  }
}

// The legend sits below the map (never over the map data) and prints legibly: the map package
// draws legend text 12 px high beside swatches 20 px wide, the focus site's with a 2 px outline
// (18 px of fill), so the fill's width tells the scale. A 1200 px map printed over the 170 mm
// text width is 0.14167 mm per pixel; 8 pt = 2.822 mm needs 12 × scale × 0.14167 ≥ 2.822, a
// scale ≥ 1.66: a fill at least 18 × 1.66 = 29.9 px wide (18 px unscaled).
TEST_F(Report, MapLegendIsBelowTheMapAndPrintsAtEightPointsOrMore) {
  Fixture fx;
  const RenderedMap m = render_site_map(fx.run.scene, {1}, QSize(1200, 900), 4000);
  EXPECT_EQ(m.image.width(), 1200);
  ASSERT_GT(m.image.height(), 900);
  // The focus site's swatch ("本项目"), the one opaque focus-coloured patch below the map.
  int left = m.image.width(), right = -1, top = m.image.height(), bottom = -1;
  for (int y = 900; y < m.image.height(); ++y)
    for (int x = 0; x < m.image.width(); ++x)
      if (m.image.pixelColor(x, y).rgb() == focus_site_colour().rgb()) {
        left = std::min(left, x), right = std::max(right, x);
        top = std::min(top, y), bottom = std::max(bottom, y);
      }
  ASSERT_GE(right, 0) << "no legend swatch below the map";
  EXPECT_GE(right - left + 1, 30);
  EXPECT_LT(right - left + 1, 60);  // scaled, not blown up
}

// `hubland report --issuer` on the bundled sample: the issuer given replaces the bundled
// ruleset's example (RankRun.IssuerComesFromTheRulesetsReportTable covers the ruleset's own).
TEST_F(Report, CliIssuerReplacesTheRulesets) {
  const std::string dir = test::temp_dir();
  const std::string analysis =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
  const auto r = test::run(test::cli() + " -q report '" + analysis +
                           "' --project P003 --draws 5 --issuer '某区自然资源局' -o '" + dir + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page1 = test::pdftotext_page(dir + "/P003.pdf", 1);
  EXPECT_NE(page1.find("某区自然资源局"), std::string::npos) << page1;
  EXPECT_EQ(page1.find("重庆市规划和自然资源局"), std::string::npos) << page1;
}

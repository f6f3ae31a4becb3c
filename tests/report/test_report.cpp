// Justification reports: a rendered PDF checked with pdftotext (project name, rank,
// clause ids) and its page count, and the map PNG checked by pixels (the site's colour at the
// site's position).
#include <gtest/gtest.h>

#include <QImage>
#include <QString>
#include <cctype>
#include <filesystem>

#include "hubland/geo/geos.hpp"
#include "hubland/report/report.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::report;
using layers::FieldType;

namespace {

const char* kRanking = R"(
[ranking]
method = "weighted"
quota_mu = 100
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
    const char* names[] = {"两江智能终端产业园项目", "果园港冷链物流中心", "西部化工新材料基地"};
    const double lands[] = {60, 50, 40}, taxes[] = {1800, 1000, 4000};
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
      run.scene.sites.push_back(square(site_x[i], site_y[i], 150));
      run.scene.site_ids.push_back("P" + std::to_string(i + 1));
    }
    run.config = rules::parse_ranking_config(kRanking, "report-test.toml");
    for (int i = 0; i < 3; ++i) {
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
    run.allocations = rules::allocate_ranking(run.facts, run.ranking, run.config, run.policy);
    std::vector<rules::AllocationRequest> req;
    for (std::size_t r : run.ranking.model.rows)
      req.push_back({run.ranking.projects[r].project_id, "LJ", run.facts.real_at(r, land)});
    run.sensitivity =
        rules::run_sensitivity(run.ranking.model, req, run.policy, run.config.sensitivity);
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
    run.stamp = {"cq-test",
                 "report-test.toml",
                 std::string(64, 'f'),  // "ff" is a ligature in proportional faces
                 {{"projects.gpkg|projects", std::string(64, 'b')}},
                 "0.1.0",
                 "run-00ff"};
  }
};

// The PDF's text in content order with all whitespace removed, so that a table cell wrapped
// over two lines ("EL-" / "REDLINE") still reads as one word. NFKC folds the Kangxi radicals
// (U+2Fxx) that Qt 6.4's ToUnicode map gives for glyphs Noto CJK shares with the ideographs
// (目 reads back as ⽬).
std::string pdftotext_unfolded(const std::string& pdf) {
  const auto r = test::run("pdftotext -raw '" + pdf + "' -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out;
  for (char c : r.out)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}
std::string pdftotext(const std::string& pdf) {
  return QString::fromStdString(pdftotext_unfolded(pdf))
      .normalized(QString::NormalizationForm_KC)
      .toStdString();
}

int pdf_pages(const std::string& pdf) {
  const auto r = test::run("pdfinfo '" + pdf + "'");
  const auto pos = r.out.find("Pages:");
  if (pos == std::string::npos) return -1;
  return std::stoi(r.out.substr(pos + 6));
}

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

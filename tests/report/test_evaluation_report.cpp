// Zone evaluation reports: a two-zone, two-year workspace written through the workspace API
// (two completed `run` runs, as of 2025-06-30 and 2026-06-30) is evaluated by the engine, and
// the zone and summary PDFs are checked with pdftotext for the hand-worked scores, grades,
// ranks, caps and self-evaluation rows; the trend chart and the land-status map by pixels; the
// CLI's --report by the files it writes.
#include <gtest/gtest.h>

#include <QImage>
#include <QString>
#include <filesystem>
#include <fstream>
#include <memory>

#include "../rules/rules_fixtures.hpp"
#include "evaluation_fixture.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/report/evaluation_report.hpp"
#include "hubland/rules/evaluation.hpp"
#include "pdf_text.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using namespace hubland::report;
using test::kNull;
using test::kReal;
using test::kText;
using test::make_table;
using test::pdftotext;

namespace {

// Zone tax totals against 1000 万元 (benefit, cap 1, weight 3) and the parcel count against 1
// (cost, weight 1): areas drop out, so every number is worked by hand. Next year's cap: 200 亩
// × (1 + share of the grade).
const std::string kRuleset = R"T([ruleset]
id = "eval-report-test"
version = "1"
title = { zh = "评价报告测试", en = "evaluation report test" }

[evaluation]
grades = { A = 85, B = 70, C = 55 }

[evaluation.consequence]
base_cap_mu = 200
quota_change = { A = 0.2, B = 0.0, C = -0.1, D = -0.2 }
clause = "test clause"
)T" + test::tax_and_parcel_indicators("3", "verified = false\nnote = \"test value\"\n") +
                             "\n[report]\nissuer = \"测试区规划和自然资源局\"\n";

geo::Wkb rect(double x0, double y0, double x1, double y1) {
  auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
  auto g = geo::from_wkt("POLYGON((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," +
                         p(x0, y1) + "," + p(x0, y0) + "))");
  return geo::to_wkb(g.get());
}

// EPSG:4545 metres. Z1 甲港 and Z2 乙区, both 临港, 1 km squares 1 km apart; P1 and P2 in Z1,
// P3 in Z2, 200 m squares.
constexpr double kZ1[4] = {500000, 3280000, 501000, 3281000};
constexpr double kZ2[4] = {502000, 3280000, 503000, 3281000};
constexpr double kP[3][4] = {{500100, 3280300, 500300, 3280500},
                             {500500, 3280500, 500700, 3280700},
                             {502200, 3280200, 502400, 3280400}};

layers::Layer zones_layer() {
  layers::Layer l;
  l.role = layers::Role::Zones;
  l.epsg = 4545;
  l.attributes = make_table({{"zone_id", kText}, {"zone_name", kText}, {"zone_type", kText}},
                            {{"Z1", "甲港", "临港"}, {"Z2", "乙区", "临港"}});
  l.geometry = {rect(kZ1[0], kZ1[1], kZ1[2], kZ1[3]), rect(kZ2[0], kZ2[1], kZ2[2], kZ2[3])};
  return l;
}

layers::Layer parcels_layer() {
  layers::Layer l;
  l.role = layers::Role::Parcels;
  l.epsg = 4545;
  l.attributes = make_table({{"parcel_id", kText}}, {{"P1"}, {"P2"}, {"P3"}});
  for (const auto& p : kP) l.geometry.push_back(rect(p[0], p[1], p[2], p[3]));
  return l;
}

/// Facts with the tax of P1..P3 (kNull: not known).
layers::Table facts(test::Cell t1, test::Cell t2, test::Cell t3) {
  return make_table({{"parcel_id", kText},
                     {"zone_id", kText},
                     {"district_code", kText},
                     {"area_m2", kReal},
                     {"area_mu", kReal},
                     {"tax_10k_yuan", kReal}},
                    {{"P1", "Z1", "500112", 40000.0, 60.0, t1},
                     {"P2", "Z1", "500112", 40000.0, 60.0, t2},
                     {"P3", "Z2", "500105", 40000.0, 60.0, t3}});
}

layers::Table grades(const char* s1, const char* s2, const char* s3) {
  return make_table({{"parcel_id", kText},
                     {"score", kReal},
                     {"grade", kText},
                     {"flags", kText},
                     {"land_status", kText},
                     {"disposal", kText}},
                    {{"P1", 50.0, "C", "", s1, ""},
                     {"P2", 90.0, "A", "", s2, ""},
                     {"P3", 60.0, "C", "", s3, ""}});
}

/// The workspace: 2025 taxes 300, 200 and unknown (Z2 has no tax_total that year); 2026 taxes
/// 700, 500, 500 with P1 低效, P2 正常, P3 疑似闲置.
struct Fixture {
  std::string dir = test::temp_dir();
  std::string ruleset = dir + "/ruleset.toml";
  std::string ws_path = dir + "/ws.hubland.sqlite";

  Fixture() {
    std::ofstream(ruleset) << kRuleset;
    layers::Workspace ws = layers::Workspace::open(ws_path);
    auto store = [&](const char* as_of, const layers::Table& f, const layers::Table& g) {
      layers::RunInfo info;
      info.command = "run";
      info.inputs.push_back({"ruleset", ruleset, 0, ""});
      info.ruleset_id = "eval-report-test";
      info.parameters["as_of"] = as_of;
      const auto run = ws.begin_run(info);
      ws.put_layer(run, "zones", zones_layer());
      ws.put_layer(run, "parcels", parcels_layer());
      ws.put_table(run, "facts", f);
      ws.put_table(run, "grades", g);
      ws.finish_run(run);
    };
    store("2025-06-30", facts(300.0, 200.0, kNull), grades("正常", "正常", "正常"));
    store("2026-06-30", facts(700.0, 500.0, 500.0), grades("低效", "正常", "疑似闲置"));
  }
};

/// The engine's evaluation of the fixture and what the CLI derives from it.
struct Evaluated {
  layers::Workspace ws;
  rules::WorkspaceEvaluation ev;
  std::vector<rules::ZoneQuotaCap> caps;
  layers::Table self;
  layers::Layer parcels;

  explicit Evaluated(const Fixture& fx)
      : ws(layers::Workspace::open(fx.ws_path, layers::OpenMode::MustExist)),
        ev(rules::evaluate_workspace(ws, fx.ws_path, {})),
        caps(rules::zone_quota_caps(ev.ruleset, ev.rows, 2026)),
        parcels(ws.layer("parcels", ev.runs.at(2026).id)) {
    // 自评: Z1 reports a tax total of 1300 against 1200 computed (8.3 % > 5 %: flagged), Z2 its
    // parcel count (1, as computed).
    const std::string csv = fx.dir + "/self.csv";
    std::ofstream(csv) << "zone_id,indicator,value,note\nZ1,tax_total,1300,含待入库税收\n"
                       << "Z2,parcels,1,\n";
    self = rules::self_evaluation_table(ev.ruleset, ev.rows, 2026,
                                        rules::read_self_evaluation(csv, ev.ruleset));
  }
  EvaluationReportData data() const { return {ev, caps, &self, &parcels, "test"}; }
};

/// `s` as pdftotext() reads it back: no whitespace, NFKC (full-width "：" reads as ":").
std::string as_pdf_text(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return QString::fromStdString(out).normalized(QString::NormalizationForm_KC).toStdString();
}

}  // namespace

class EvaluationReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_qt = std::make_unique<QtRuntime>(); }
  static void TearDownTestSuite() { s_qt.reset(); }
  static inline std::unique_ptr<QtRuntime> s_qt;
};

// Z1 2025: tax 500 → 0.5 × 3, 2 parcels → 1/2 × 1: 100 × 2 / 4 = 50, D; Z2 2025: no tax, 1
// parcel → 1: 100, A (rank 1 of 2, Z1 2). Z1 2026: tax 1200 → 1 (capped) × 3 + 0.5 = 87.5, A,
// +37.5, rank 1 of 2; Z2 2026: tax 500 → 1.5 + 1 = 62.5, C, −37.5. Caps for 2027: Z1 200 × 1.2
// = 240 亩, Z2 200 × 0.9 = 180 亩.
TEST_F(EvaluationReport, EngineGivesTheHandWorkedRows) {
  Fixture fx;
  Evaluated e(fx);
  ASSERT_EQ(e.ev.rows.size(), 4u);
  EXPECT_EQ(e.ev.rows[2].zone_id, "Z1");
  EXPECT_DOUBLE_EQ(*e.ev.rows[2].score, 87.5);
  EXPECT_EQ(e.ev.rows[3].grade, "C");
  EXPECT_TRUE(e.ev.rows[1].missing == std::vector<std::string>{"tax_total"});
  ASSERT_EQ(e.caps.size(), 2u);
  EXPECT_DOUBLE_EQ(*e.caps[0].cap_mu, 240);
  EXPECT_DOUBLE_EQ(*e.caps[1].cap_mu, 180);
}

TEST_F(EvaluationReport, ZonePdfHasScoreGradeRankValuesSelfAndCap) {
  Fixture fx;
  Evaluated e(fx);
  const std::string out = fx.dir + "/reports";
  const ReportFiles f = write_zone_evaluation_report(e.data(), "Z1", Language::Zh, out);
  EXPECT_EQ(f.pdf, out + "/evaluation_Z1.pdf");
  EXPECT_EQ(f.html, out + "/evaluation_Z1.html");
  EXPECT_TRUE(fs::exists(out + "/evaluation_Z1-trend.png"));
  EXPECT_TRUE(fs::exists(out + "/evaluation_Z1-map.png"));
  const std::string text = pdftotext(f.pdf);
  EXPECT_NE(text.find("园区评价考核报告—甲港(Z1)"), std::string::npos) << text;
  // Score, grade, rank within type and change per year (year, score, grade, rank, change).
  EXPECT_NE(text.find("202550D2/2–"), std::string::npos) << text;
  EXPECT_NE(text.find("202687.5A1/2+37.5"), std::string::npos) << text;
  // Indicator tax_total: 500 (2025), 1200 (2026), change +700, benchmark 1000, weight 3.
  EXPECT_NE(text.find("500"
                      "1200"
                      "+700"
                      "1000"),
            std::string::npos)
      << text;
  // 自评 vs 统评: 1300 against 1200, difference 100 (8.3 %), flagged with the engine's reason.
  EXPECT_NE(text.find("130012001008.3%是"), std::string::npos) << text;
  EXPECT_NE(text.find("自评高于计算值"), std::string::npos) << text;
  EXPECT_NE(text.find("含待入库税收"), std::string::npos) << text;
  // The consequence: the cap and the engine's source text.
  EXPECT_NE(text.find("240亩"), std::string::npos) << text;
  EXPECT_NE(text.find(as_pdf_text(e.caps[0].source)), std::string::npos) << e.caps[0].source;
  // The stamp: ruleset id and SHA-256, the run of each year.
  EXPECT_NE(text.find(e.ev.ruleset.sha256), std::string::npos);
  EXPECT_NE(text.find("eval-report-test"), std::string::npos);
  // The flagged row is highlighted in the HTML, and only that one.
  const std::string html = test::read_file(f.html);
  const auto hl = html.find("<td bgcolor=\"#ffd6d6\">");
  ASSERT_NE(hl, std::string::npos);
  EXPECT_NE(html.find("tax_total", hl), std::string::npos);
}

TEST_F(EvaluationReport, MissingValueIsSaidPlainlyAndCleanSelfRowIsNotHighlighted) {
  Fixture fx;
  Evaluated e(fx);
  const ReportFiles f = write_zone_evaluation_report(e.data(), "Z2", Language::En, fx.dir);
  const std::string text = pdftotext(f.pdf);
  // Two finds: a page break (its page number) may fall inside the sentence.
  EXPECT_NE(text.find("2025tax_totalTaxtotal:novalue,becausetheindicator'sexpression"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("overthezone's1parcels(thefactsitreadsareempty,oritsdenominatoris0)"),
            std::string::npos);
  EXPECT_NE(text.find("2026"
                      "62.5C2/2-37.5"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("180mu"), std::string::npos) << text;
  EXPECT_EQ(test::read_file(f.html).find("bgcolor=\"#ffd6d6\""), std::string::npos);
}

TEST_F(EvaluationReport, SummaryListsBothZonesCapsGradesAndUnverified) {
  Fixture fx;
  Evaluated e(fx);
  const ReportFiles f = write_evaluation_summary(e.data(), Language::Zh, fx.dir);
  EXPECT_EQ(f.pdf, fx.dir + "/evaluation_summary.pdf");
  const std::string text = pdftotext(f.pdf);
  // Per zone: score / rank / grade / change per year.
  EXPECT_NE(text.find("甲港(Z1)50011250/2/2/D/–87.5/1/2/A/+37.5"), std::string::npos) << text;
  EXPECT_NE(text.find("乙区(Z2)500105100/1/2/A/–62.5/2/2/C/-37.5"), std::string::npos) << text;
  // Grades per year: 2025 A 1, D 1; 2026 A 1, C 1.
  EXPECT_NE(text.find("20251001020261010"), std::string::npos) << text;
  EXPECT_NE(text.find("evaluationparcels"), std::string::npos) << text;
  EXPECT_NE(text.find(as_pdf_text(e.caps[1].source)), std::string::npos) << e.caps[1].source;
}

TEST_F(EvaluationReport, UnknownZoneIsAClearError) {
  Fixture fx;
  Evaluated e(fx);
  try {
    write_zone_evaluation_report(e.data(), "Z9", Language::Zh, fx.dir);
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()), "zone 'Z9' is not in the evaluation (zones: Z1, Z2)");
  }
  EXPECT_FALSE(fs::exists(fx.dir + "/evaluation_Z9.pdf"));
}

// tax_total of Z1 rises from 500 to 1200: the 2026 point sits higher, both points and the line
// between them are drawn in the line colour, the plot's empty corner is background.
TEST_F(EvaluationReport, TrendChartDrawsTheLineWhereTheValuesAre) {
  Fixture fx;
  Evaluated e(fx);
  const TrendChart c = render_indicator_trends(e.ev, "Z1", Language::Zh);
  ASSERT_EQ(c.points.size(), 2u);
  ASSERT_EQ(c.points[0].size(), 2u);
  ASSERT_TRUE(c.points[0][0] && c.points[0][1]);
  const QPointF a = *c.points[0][0], b = *c.points[0][1];
  EXPECT_LT(b.y(), a.y());
  EXPECT_LT(a.x(), b.x());
  const QRgb line = trend_line_colour().rgb();
  EXPECT_EQ(c.image.pixelColor(a.toPoint()).rgb(), line);
  EXPECT_EQ(c.image.pixelColor(b.toPoint()).rgb(), line);
  EXPECT_EQ(c.image.pixelColor(((a + b) / 2).toPoint()).rgb(), line);
  // Below the midpoint of the rising line (between the two points' heights) lies no line.
  const QPoint below(static_cast<int>((a.x() + b.x()) / 2), static_cast<int>(a.y() - 5));
  EXPECT_NE(c.image.pixelColor(below).rgb(), line);
  // Z2 has no tax_total in 2025: no point that year.
  const TrendChart z2 = render_indicator_trends(e.ev, "Z2", Language::Zh);
  EXPECT_FALSE(z2.points[0][0]);
  EXPECT_TRUE(z2.points[0][1]);
}

TEST_F(EvaluationReport, LandStatusMapColoursEachParcelByItsStatus) {
  Fixture fx;
  Evaluated e(fx);
  const RenderedMap m = render_land_status_map(e.data(), "Z1", QSize(1200, 900));
  auto at = [&](const double p[4]) {
    return m.image.pixelColor(m.view.to_screen((p[0] + p[2]) / 2, (p[1] + p[3]) / 2).toPoint());
  };
  EXPECT_EQ(at(kP[0]).rgb(), QColor(layers::kLandStatusInfo[2].colour_hex).rgb());  // 低效
  EXPECT_EQ(at(kP[1]).rgb(), QColor(layers::kLandStatusInfo[3].colour_hex).rgb());  // 正常
  // P3 (疑似闲置) lies in Z2: not on Z1's map (the image's top view.size_px; the legend is below).
  const QPointF p3 = m.view.to_screen((kP[2][0] + kP[2][2]) / 2, (kP[2][1] + kP[2][3]) / 2);
  EXPECT_FALSE(QRectF(QPointF(0, 0), QSizeF(m.view.size_px)).contains(p3));
  const RenderedMap z2 = render_land_status_map(e.data(), "Z2", QSize(1200, 900));
  EXPECT_EQ(
      z2.image
          .pixelColor(
              z2.view.to_screen((kP[2][0] + kP[2][2]) / 2, (kP[2][1] + kP[2][3]) / 2).toPoint())
          .rgb(),
      QColor(layers::kLandStatusInfo[0].colour_hex).rgb());  // 疑似闲置
}

TEST_F(EvaluationReport, CliWritesSummaryAndTheZonesAsked) {
  Fixture fx;
  const std::string out = fx.dir + "/eval";
  const auto r = test::run(test::cli() + " -q evaluate '" + fx.ws_path + "' -o '" + out +
                           "' --report --zone Z2 --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote " + out + "/reports/evaluation_summary.pdf\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("wrote " + out + "/reports/evaluation_Z2.pdf\n"), std::string::npos);
  EXPECT_NE(r.out.find("wrote " + out + "/reports/evaluation_Z2.html\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/reports/evaluation_Z1.pdf"));
  EXPECT_NE(pdftotext(out + "/reports/evaluation_Z2.pdf").find("Zoneevaluationreport—乙区(Z2)"),
            std::string::npos);
  // The ruleset's [report] issuer heads every page unless --issuer overrides it.
  EXPECT_NE(
      test::pdftotext_page(out + "/reports/evaluation_Z2.pdf", 1).find("测试区规划和自然资源局"),
      std::string::npos);
  const auto other = test::run(test::cli() + " -q evaluate '" + fx.ws_path + "' -o '" + out +
                               "/other' --report --zone Z2 --issuer '某县自然资源局'");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const std::string page1 = test::pdftotext_page(out + "/other/reports/evaluation_Z2.pdf", 1);
  EXPECT_NE(page1.find("某县自然资源局"), std::string::npos) << page1;
  EXPECT_EQ(page1.find("测试区规划和自然资源局"), std::string::npos) << page1;

  const auto bad = test::run(test::cli() + " -q evaluate '" + fx.ws_path + "' -o '" + out +
                             "' --report --zone Z9");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--zone Z9: the evaluation has no such zone"), std::string::npos)
      << bad.err;
  // --zone and --lang belong to --report.
  const auto alone =
      test::run(test::cli() + " -q evaluate '" + fx.ws_path + "' -o '" + out + "' --zone Z2");
  EXPECT_NE(alone.exit_code, 0);
  EXPECT_NE(alone.err.find("--zone requires --report"), std::string::npos) << alone.err;
  // --json lists the files written.
  const auto js = test::run(test::cli() + " -q --json evaluate '" + fx.ws_path + "' -o '" + out +
                            "' --report --zone Z2");
  ASSERT_EQ(js.exit_code, 0) << js.err;
  EXPECT_NE(js.out.find("\"reports\": [\n    \"" + out + "/reports/evaluation_summary.pdf\""),
            std::string::npos)
      << js.out;
}

// Both kinds of evaluation report read back as written (no CJK radical), and every page of
// them carries the issuer of the test ruleset's [report], 第 N 页 共 M 页, the report number,
// the newest year's run id and the ruleset hash's first 12 hex digits; A4.
TEST_F(EvaluationReport, EveryKindReadsBackAsWrittenWithItsPageFrame) {
  Fixture fx;
  Evaluated e(fx);
  const std::string run_id = std::to_string(e.ev.runs.at(2026).id);
  const ReportFiles zone = write_zone_evaluation_report(e.data(), "Z1", Language::Zh, fx.dir);
  const ReportFiles summary = write_evaluation_summary(e.data(), Language::Zh, fx.dir);
  test::expect_text_as_written(zone.pdf, {"园区评价考核报告", "甲港", "评价指标", "自评与统评对照",
                                          "对下一年用地指标的影响"});
  test::expect_text_as_written(summary.pdf, {"园区评价考核汇总", "甲港", "乙区", "临港"});
  for (const auto& [f, number] : {std::pair{zone, "HL-" + run_id + "-evaluation-Z1"},
                                  std::pair{summary, "HL-" + run_id + "-evaluation-summary"}}) {
    const int pages = test::pdf_pages(f.pdf);
    EXPECT_EQ(f.pdf_pages, pages);
    EXPECT_NE(test::pdf_page_size(f.pdf).find("(A4)"), std::string::npos);
    for (int page = 1; page <= pages; ++page) {
      const std::string text = test::pdftotext_page(f.pdf, page);
      EXPECT_NE(text.find("第" + std::to_string(page) + "页共" + std::to_string(pages) + "页"),
                std::string::npos)
          << f.pdf << " page " << page << ": " << text;
      EXPECT_NE(text.find("测试区规划和自然资源局"), std::string::npos) << page;
      EXPECT_NE(text.find(number), std::string::npos) << page << ": " << text;
      EXPECT_NE(text.find("运行编号" + run_id), std::string::npos) << page;
      EXPECT_NE(text.find(e.ev.ruleset.sha256.substr(0, 12)), std::string::npos) << page;
    }
  }
  // The zone report has the map, the trend chart and five tables: more than one page.
  EXPECT_GE(zone.pdf_pages, 2);
}

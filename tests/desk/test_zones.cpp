// The desk's zones view on a hand-made workspace: two `run` runs (as_of 2025-06-30 and
// 2026-06-30) of three zones — Z1 甲港 (临港, parcels P1 P2), Z2 乙区 (综合, P3), Z3 丙港 (临港, no
// parcels) — with the CliEvaluate numbers: the table model, the map layer colours, the worst
// parcels, the trend chart, and the desk ranking's zone caps from the evaluation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "desk_fixtures.hpp"
#include "evaluation_fixture.hpp"
#include "hubland/desk/engine.hpp"
#include "hubland/desk/zones.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/layers/workspace.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::desk;

namespace {

// Zone tax totals against 1000 万元 (benefit, cap 1) and the parcel count against 1 (cost).
// [ranking] caps Z1 at 50 mu; the consequence: D −20 %, B ±0, other zones on a 40 mu base.
const std::string kRuleset = R"T([ruleset]
id = "zones-test"
version = "1"
title = { zh = "区域评价测试", en = "zones test" }

[ranking]
method = "weighted"
quota_mu = 100
on_no_fit = "skip"
zone_caps_mu = { "Z1" = 50 }
caps_from_evaluation = true

[[criterion]]
id = "C-TAX"
title = { zh = "税收", en = "Tax" }
column = "tax_10k_yuan"
direction = "benefit"
normalisation = "minmax"
weight = 1

[evaluation]
grades = { A = 85, B = 70, C = 55 }

[evaluation.consequence]
base_cap_mu = 40
quota_change = { A = 0.2, B = 0.0, C = -0.1, D = -0.2 }
clause = "test clause"
verified = false
note = "test values"
)T" + test::tax_and_parcel_indicators("{ \"临港\" = 3, \"*\" = 1 }");

constexpr double kX0 = 500000, kY0 = 3300000;  // EPSG:4545 metres
// Zone i: a 1000 m square starting 2000 m east of the previous one.
double zone_x(int i) {
  return kX0 + 2000.0 * i;
}

layers::Layer zones_layer() {
  layers::Layer z;
  z.role = Role::Zones;
  z.epsg = 4545;
  for (const char* c : {"zone_id", "zone_name", "zone_type"})
    z.attributes.add_column(c, layers::FieldType::Text);
  const char* rows[][3] = {{"Z1", "甲港", "临港"}, {"Z2", "乙区", "综合"}, {"Z3", "丙港", "临港"}};
  for (int i = 0; i < 3; ++i) {
    const auto r = z.attributes.add_row();
    for (std::size_t c = 0; c < 3; ++c) z.attributes.set(r, c, std::string(rows[i][c]));
    z.geometry.push_back(test::wkb(test::square(zone_x(i), kY0, 1000)));
  }
  return z;
}

layers::Layer parcels_layer() {
  layers::Layer p;
  p.role = Role::Parcels;
  p.epsg = 4545;
  p.attributes.add_column("parcel_id", layers::FieldType::Text);
  const std::pair<const char*, double> rows[] = {
      {"P1", zone_x(0) + 100}, {"P2", zone_x(0) + 500}, {"P3", zone_x(1) + 100}};
  for (const auto& [id, x] : rows) {
    p.attributes.set(p.attributes.add_row(), 0, std::string(id));
    p.geometry.push_back(test::wkb(test::square(x, kY0 + 100, 200)));
  }
  return p;
}

// Facts of a year: P1, P2 in Z1 (3 and 4.5 mu), P3 in Z2 (6 mu), with the given tax.
layers::Table facts(double t1, double t2, double t3) {
  layers::Table t;
  t.add_column("parcel_id", layers::FieldType::Text);
  t.add_column("zone_id", layers::FieldType::Text);
  t.add_column("area_m2", layers::FieldType::Real);
  t.add_column("area_mu", layers::FieldType::Real);
  t.add_column("tax_10k_yuan", layers::FieldType::Real);
  const std::tuple<const char*, const char*, double, double, double> rows[] = {
      {"P1", "Z1", 2000.0, 3.0, t1}, {"P2", "Z1", 3000.0, 4.5, t2}, {"P3", "Z2", 4000.0, 6.0, t3}};
  for (const auto& [id, zone, m2, mu, tax] : rows) {
    const auto r = t.add_row();
    t.set(r, 0, std::string(id));
    t.set(r, 1, std::string(zone));
    t.set(r, 2, m2);
    t.set(r, 3, mu);
    t.set(r, 4, tax);
  }
  return t;
}

// Grades of 2025: P1 正常 with the lower score, P2 低效 with the higher, P3 none (new). The score
// is text, as a workspace written by `hubland run` holds it.
layers::Table grades_2025() {
  layers::Table t;
  for (const char* c : {"parcel_id", "grade", "land_status"})
    t.add_column(c, layers::FieldType::Text);
  t.add_column("score", layers::FieldType::Text);
  const std::tuple<const char*, const char*, const char*, layers::Value> rows[] = {
      {"P1", "D", "正常", std::string("30")},
      {"P2", "C", "低效", std::string("60")},
      {"P3", "new", "", std::monostate{}}};
  for (const auto& [id, grade, status, score] : rows) {
    const auto r = t.add_row();
    t.set(r, 0, std::string(id));
    t.set(r, 1, std::string(grade));
    t.set(r, 2, std::string(status));
    t.set(r, 3, score);
  }
  return t;
}

struct Fixture {
  std::string dir = test::temp_dir();
  std::string ruleset = dir + "/ruleset.toml";
  std::string ws = dir + "/zones.hubland.sqlite";
  Fixture() {
    std::ofstream(ruleset) << kRuleset;
    auto w = layers::Workspace::open(ws);
    auto put_run = [&](const char* as_of, const layers::Table& f, const layers::Table* g) {
      layers::RunInfo info{.command = "run", .inputs = {{.role = "ruleset", .path = ruleset}}};
      info.parameters = {{"as_of", as_of}, {"quota_mu", "100"}};
      layers::RunScope run(w, info);
      w.put_layer(run.id(), "zones", zones_layer());
      w.put_layer(run.id(), "parcels", parcels_layer());
      w.put_table(run.id(), "facts", f);
      if (g) w.put_table(run.id(), "grades", *g);
      run.finish();
    };
    const layers::Table g25 = grades_2025();
    put_run("2025-06-30", facts(300, 200, 600), &g25);
    put_run("2026-06-30", facts(700, 500, 500), nullptr);
  }
  ZoneEvaluationPtr evaluate() const {
    JobContext ctx(nullptr);
    return evaluate_workspace_zones(ws, ctx);
  }
};

QColor colour(const char* hex) {
  return QColor(QString::fromLatin1(hex));
}

}  // namespace

TEST(DeskZones, TableModelShowsTheEngineRowsOfTheYear) {
  const Fixture fx;
  const ZoneEvaluationPtr ev = fx.evaluate();
  ASSERT_TRUE(ev);
  ASSERT_EQ(ev->years, (std::vector<int>{2025, 2026}));
  ZoneTableModel model(Language::Chinese);
  model.set_evaluation(ev, 2026);
  ASSERT_EQ(model.rowCount(), 3);
  ASSERT_EQ(model.columnCount(), ZoneTableModel::FirstIndicator + 2);
  auto cell = [&](int r, int c, int role = Qt::DisplayRole) {
    return model.data(model.index(r, c), role);
  };
  // Z1 2026: tax 1200 → 1 (capped, weight 3), 2 parcels → 1/2: 100 × 3.5 / 4 = 87.5, A, +37.5.
  EXPECT_EQ(cell(0, ZoneTableModel::ZoneId).toString(), QStringLiteral("Z1"));
  EXPECT_EQ(cell(0, ZoneTableModel::Name).toString(), QStringLiteral("甲港"));
  EXPECT_EQ(cell(0, ZoneTableModel::Type).toString(), QStringLiteral("临港"));
  EXPECT_EQ(cell(0, ZoneTableModel::Score).toString(), QStringLiteral("87.5"));
  EXPECT_NEAR(cell(0, ZoneTableModel::Score, Qt::UserRole).toDouble(), 87.5, 1e-9);
  EXPECT_EQ(cell(0, ZoneTableModel::Rank).toString(), QStringLiteral("1"));
  EXPECT_EQ(cell(0, ZoneTableModel::Grade).toString(), QStringLiteral("A"));
  EXPECT_EQ(cell(0, ZoneTableModel::Change).toString(), QStringLiteral("+37.5"));
  EXPECT_EQ(cell(0, ZoneTableModel::FirstIndicator).toString(), QStringLiteral("1200"));
  EXPECT_EQ(cell(0, ZoneTableModel::FirstIndicator + 1).toString(), QStringLiteral("2"));
  // Z2 2026: tax 500 → 0.5, 1 parcel → 1: 100 × 1.5 / 2 = 75, B, −5.
  EXPECT_EQ(cell(1, ZoneTableModel::Score).toString(), QStringLiteral("75.0"));
  EXPECT_EQ(cell(1, ZoneTableModel::Grade).toString(), QStringLiteral("B"));
  EXPECT_EQ(cell(1, ZoneTableModel::Change).toString(), QStringLiteral("-5.0"));
  // Z3 has no parcels: no score, grade "-", no rank; its sort keys are null.
  EXPECT_EQ(cell(2, ZoneTableModel::Grade).toString(), QStringLiteral("-"));
  EXPECT_EQ(cell(2, ZoneTableModel::Rank).toString(), QString());
  EXPECT_FALSE(cell(2, ZoneTableModel::Score, Qt::UserRole).isValid());
  // Every row is the engine's row of that year, in the engine's order.
  int r = 0;
  for (const auto& row : ev->rows) {
    if (row.year != 2026) continue;
    EXPECT_EQ(model.zone(r).zone_id, row.zone_id);
    EXPECT_EQ(cell(r, ZoneTableModel::Grade).toString().toStdString(), row.grade);
    EXPECT_EQ(cell(r, ZoneTableModel::Rank).toString(),
              row.rank ? QString::number(row.rank) : QString());
    ++r;
  }
  EXPECT_EQ(model.headerData(ZoneTableModel::FirstIndicator, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("税收合计 (10k yuan)"));
  // 2025: Z1 50 D, Z2 80 B, no change column in the first year.
  model.set_evaluation(ev, 2025);
  EXPECT_EQ(cell(0, ZoneTableModel::Score).toString(), QStringLiteral("50.0"));
  EXPECT_EQ(cell(0, ZoneTableModel::Grade).toString(), QStringLiteral("D"));
  EXPECT_EQ(cell(1, ZoneTableModel::Score).toString(), QStringLiteral("80.0"));
  EXPECT_EQ(cell(0, ZoneTableModel::Change).toString(), QString());
  EXPECT_EQ(model.row_of("Z2"), 1);
  EXPECT_EQ(model.row_of("Z9"), -1);
}

TEST(DeskZones, MapLayerPaintsEachZoneInItsGradeColour) {
  const Fixture fx;
  const ZoneEvaluationPtr ev = fx.evaluate();
  ASSERT_TRUE(ev);
  EXPECT_EQ(zone_grade_keys(*ev, 2025), (std::vector<std::string>{"D", "B", "-"}));
  EXPECT_EQ(zone_grade_keys(*ev, 2026), (std::vector<std::string>{"A", "B", "-"}));
  const map::MapLayer layer = zone_evaluation_layer(*ev, 2025);
  const map::MapView view = map::MapView::fit(layer.extent(), QSize(500, 100), 0.02);
  const QImage img = map::render_to_image(view, {&layer});
  // A point inside each zone, away from its label (drawn at the centre).
  auto pixel = [&](int zone) {
    return img.pixelColor(view.to_screen(zone_x(zone) + 200, kY0 + 200).toPoint());
  };
  EXPECT_EQ(pixel(0), colour(layers::kGrades[3].colour_hex)) << "Z1 2025 grade D";
  EXPECT_EQ(pixel(1), colour(layers::kGrades[1].colour_hex)) << "Z2 2025 grade B";
  EXPECT_EQ(pixel(2), QColor(150, 150, 150)) << "Z3 not graded: neutral grey";
  // "-" is a legend class of its own, used once.
  const map::Style& style = layer.style();
  ASSERT_EQ(style.classes.size(), 5u);
  EXPECT_EQ(style.classes[4].key, "-");
  EXPECT_EQ(layer.class_counts()[4], 1u);
}

TEST(DeskZones, WorstParcelsPutTheStrongestStatusFirstThenTheLowestScore) {
  const Fixture fx;
  const ZoneEvaluationPtr ev = fx.evaluate();
  ASSERT_TRUE(ev);
  // P2 低效 (score 60) before P1 正常 (score 30): the status decides first.
  const auto z1 = worst_parcels(*ev, 2025, "Z1");
  ASSERT_EQ(z1.size(), 2u);
  EXPECT_EQ(z1[0].parcel_id, "P2");
  EXPECT_EQ(z1[0].land_status, "低效");
  EXPECT_EQ(z1[0].grade, "C");
  EXPECT_NEAR(*z1[0].grade_score, 60.0, 1e-9);
  EXPECT_NEAR(*z1[0].area_mu, 4.5, 1e-9);
  EXPECT_EQ(z1[1].parcel_id, "P1");
  EXPECT_NEAR(*z1[1].grade_score, 30.0, 1e-9);
  EXPECT_EQ(worst_parcels(*ev, 2025, "Z1", 1).size(), 1u);
  // 2026 stored no grades: the parcels are listed by id, without grade or score.
  const auto z1_26 = worst_parcels(*ev, 2026, "Z1");
  ASSERT_EQ(z1_26.size(), 2u);
  EXPECT_EQ(z1_26[0].parcel_id, "P1");
  EXPECT_FALSE(z1_26[0].grade_score.has_value());
  EXPECT_TRUE(worst_parcels(*ev, 2025, "Z3").empty());
  EXPECT_THROW(worst_parcels(*ev, 2024, "Z1"), Error);
}

TEST(DeskZones, TrendChartDrawsTheLinesOfAZoneWithScores) {
  const Fixture fx;
  const ZoneEvaluationPtr ev = fx.evaluate();
  ASSERT_TRUE(ev);
  auto line_pixels = [&](const std::string& zone) {
    const QImage img = trend_chart(*ev, zone, QSize(660, 220), Language::English);
    std::size_t n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) n += img.pixelColor(x, y) == kTrendLineColour;
    return n;
  };
  // Z1 has a score and both indicators in both years: three lines and six points.
  EXPECT_GT(line_pixels("Z1"), 300u);
  // Z3 has no value in any year: panels and labels, but no line.
  EXPECT_EQ(line_pixels("Z3"), 0u);
  // Too little room: one column of three panels, each kept 110 px tall (the image grows), and
  // the lines are still drawn.
  const QImage tall = trend_chart(*ev, "Z1", QSize(300, 120), Language::English);
  EXPECT_EQ(tall.height(), 330);
  std::size_t n = 0;
  for (int y = 0; y < tall.height(); ++y)
    for (int x = 0; x < tall.width(); ++x) n += tall.pixelColor(x, y) == kTrendLineColour;
  EXPECT_GT(n, 150u);
}

TEST(DeskZones, WorkspaceSessionRanksWithTheEvaluationsCaps) {
  const Fixture fx;
  JobContext ctx(nullptr);
  const Session s = open_workspace(fx.ws, ctx);
  EXPECT_EQ(s.workspace(), fx.ws);
  EXPECT_EQ(s.spec().ruleset, fx.ruleset) << "the newest run's ruleset";
  EXPECT_EQ(s.spec().as_of, "2026-06-30");
  ASSERT_TRUE(s.spec().quota_mu.has_value());
  EXPECT_EQ(*s.spec().quota_mu, 100.0);
  const rules::Ruleset ruleset = rules::load_ruleset(fx.ruleset);
  rules::RankingConfig config = ruleset.ranking_config();
  const std::string basis = apply_zone_caps(s, ruleset, config);
  // As of 2026 the 2025 evaluation sets the caps: Z1 graded D, 50 mu × (1 − 20 %) = 40 mu.
  EXPECT_EQ(basis, "zone caps from the zone evaluation of 2025 (run 1)");
  const ZoneEvaluationPtr ev = fx.evaluate();
  const auto caps = rules::zone_quota_caps(ruleset, ev->rows, 2025);
  ASSERT_EQ(caps.size(), 3u);
  ASSERT_TRUE(caps[0].cap_mu.has_value());
  EXPECT_NEAR(config.zone_caps_mu.at("Z1"), *caps[0].cap_mu, 1e-9);
  EXPECT_NEAR(config.zone_caps_mu.at("Z1"), 40.0, 1e-9);
  EXPECT_NEAR(config.zone_caps_mu.at("Z2"), 40.0, 1e-9) << "B on the 40 mu base";

  // An analysis file (no workspace): the ruleset's caps stand and the line says why.
  layers::AnalysisSpec spec;
  spec.ruleset = fx.ruleset;
  spec.as_of = "2026-06-30";
  const Session plain(layers::AnalysisInputs{}, spec);
  rules::RankingConfig own = ruleset.ranking_config();
  EXPECT_EQ(apply_zone_caps(plain, ruleset, own),
            "zone caps: [ranking] zone_caps_mu; caps_from_evaluation: 未指定评价工作空间 / no "
            "evaluation workspace given (--evaluation WS)");
  EXPECT_NEAR(own.zone_caps_mu.at("Z1"), 50.0, 1e-9);
}

TEST(DeskZones, WorkspaceWithoutEvaluationYearGivesNoZonesView) {
  const std::string ws = test::temp_dir() + "/plain.hubland.sqlite";
  {
    auto w = layers::Workspace::open(ws);
    layers::RunScope run(w, layers::RunInfo{.command = "import"});
    w.put_layer(run.id(), "zones", zones_layer());
    run.finish();
  }
  JobContext ctx(nullptr);
  EXPECT_EQ(evaluate_workspace_zones(ws, ctx), nullptr);
  EXPECT_TRUE(open_workspace(ws, ctx).spec().ruleset.empty());
}

// The executable: --zones on the fixture workspace saves the window with the Zones view open
// (the first zone's trend chart drawn) and exits 0; on a workspace without an evaluation year
// it exits 2 naming the workspace.
TEST(DeskZones, ScreenshotOfTheZonesView) {
  namespace fs = std::filesystem;
  const std::string exe =
      (fs::path(HUBLAND_TEST_TMP).parent_path().parent_path() / "app/desk/hubland-desk").string();
  ASSERT_TRUE(fs::exists(exe)) << exe;
  const Fixture fx;
  const std::string png = fx.dir + "/zones.png";
  const auto r =
      test::run("QT_QPA_PLATFORM=offscreen " + test::quoted(exe) + " --lang en --open " +
                test::quoted(fx.ws) + " --run none --zones --screenshot " + test::quoted(png));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const QImage img(QString::fromStdString(png));
  ASSERT_FALSE(img.isNull());
  int line = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) line += img.pixelColor(x, y) == kTrendLineColour;
  EXPECT_GT(line, 100) << "the trend chart of Z1";

  const std::string plain = fx.dir + "/plain.hubland.sqlite";
  {
    auto w = layers::Workspace::open(plain);
    layers::RunScope run(w, layers::RunInfo{.command = "import"});
    w.put_layer(run.id(), "zones", zones_layer());
    run.finish();
  }
  const auto none = test::run("QT_QPA_PLATFORM=offscreen " + test::quoted(exe) + " --open " +
                              test::quoted(plain) + " --run none --zones --screenshot " +
                              test::quoted(fx.dir + "/none.png"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find(plain + " has no zone evaluation"), std::string::npos) << none.err;

  // A run whose ruleset has no [evaluation]: the workspace still opens (exit 0), no view.
  const std::string no_eval = fx.dir + "/no-eval.toml";
  std::ofstream(no_eval) << "[ruleset]\nid = \"plain\"\nversion = \"1\"\n"
                         << "title = { zh = \"无评价\", en = \"no evaluation\" }\n";
  const std::string other = fx.dir + "/other.hubland.sqlite";
  {
    auto w = layers::Workspace::open(other);
    layers::RunInfo info{.command = "run", .inputs = {{.role = "ruleset", .path = no_eval}}};
    info.parameters = {{"as_of", "2026-06-30"}};
    layers::RunScope run(w, info);
    w.put_layer(run.id(), "zones", zones_layer());
    w.put_table(run.id(), "facts", facts(1, 2, 3));
    run.finish();
  }
  JobContext ctx(nullptr);
  EXPECT_THROW(evaluate_workspace_zones(other, ctx), Error);
  const auto opened = test::run("QT_QPA_PLATFORM=offscreen " + test::quoted(exe) + " --open " +
                                test::quoted(other) + " --run none --screenshot " +
                                test::quoted(fx.dir + "/other.png"));
  EXPECT_EQ(opened.exit_code, 0) << opened.err;
}

// The ranking stage on a workspace of the Chongqing sample with two `hubland run`s (as of
// 2025-06-30, then 2026-06-30): the bundled ruleset sets caps_from_evaluation, so the 2026
// ranking takes every zone's cap from the 2025 evaluation, the numbers of rules::zone_quota_caps.
TEST(DeskZones, RankingStageOnTheSampleWorkspaceTakesTheEvaluationCaps) {
  const std::string dir = test::temp_dir();
  const std::string sample =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
  // The copy as of 2025-06-30, its relative paths made absolute (as the demo does).
  const std::string folder = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/";
  const std::string a25 = dir + "/analysis-2025.toml";
  {
    std::ifstream in(sample);
    std::ofstream out(a25);
    const std::regex relative(R"(^([a-z_]+ *= *")([^"/][^"]*)\")");
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("as_of", 0) == 0)
        line = "as_of = \"2025-06-30\"";
      else if (line.rfind("crs", 0) != 0)
        line = std::regex_replace(line, relative, "$1" + folder + "$2\"");
      out << line << "\n";
    }
  }
  const std::string ws = dir + "/sample.hubland.sqlite";
  const auto r25 =
      test::run(test::cli() + " -q run " + test::quoted(a25) + " -o " + test::quoted(ws));
  ASSERT_EQ(r25.exit_code, 0) << r25.err;
  const auto r26 =
      test::run(test::cli() + " -q run " + test::quoted(sample) + " -o " + test::quoted(ws));
  ASSERT_EQ(r26.exit_code, 0) << r26.err;

  JobContext ctx(nullptr);
  Session s = open_workspace(ws, ctx);
  EXPECT_EQ(s.spec().as_of, "2026-06-30");
  ASSERT_TRUE(stage_unavailable_reason(s, Stage::Ranking).isEmpty());
  s.set_results(run_stage(s, Stage::Ranking, ctx));
  EXPECT_EQ(s.results().zone_caps_basis, "zone caps from the zone evaluation of 2025 (run 1)");
  const ZoneEvaluationPtr ev = evaluate_workspace_zones(ws, ctx);
  ASSERT_TRUE(ev);
  const auto caps = rules::zone_quota_caps(ev->ruleset, ev->rows, 2025);
  ASSERT_FALSE(caps.empty());
  const auto& config = s.results().rank_state->run.config;
  for (const auto& c : caps) {
    if (!c.cap_mu) continue;
    ASSERT_TRUE(config.zone_caps_mu.count(c.zone_id)) << c.zone_id;
    EXPECT_NEAR(config.zone_caps_mu.at(c.zone_id), *c.cap_mu, 1e-9) << c.zone_id;
    EXPECT_EQ(config.zone_cap_sources.at(c.zone_id), c.source);
  }
}

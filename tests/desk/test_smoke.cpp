// Smoke test of the hubland-desk executable under the offscreen platform: open the Chongqing
// sample, run the screening, filter the table, select a parcel, save the window; the PNG must
// show the grade colours of the map and the selection highlight.
#include <gtest/gtest.h>

#include <QImage>
#include <cmath>
#include <filesystem>
#include <map>

#include "hubland/layers/analysis.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/map/styles.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland;

namespace {

// The executable sits next to the tests in the same build tree (tests/tmp -> app/desk).
std::string desk_exe() {
  return (fs::path(HUBLAND_TEST_TMP).parent_path().parent_path() / "app/desk/hubland-desk")
      .string();
}
std::string sample() {
  return std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
}

// Pixels of each grade's exact colour (the renderer draws small parcels without blending).
std::map<std::string, int> grade_pixels(const QImage& img) {
  std::map<QRgb, std::string> colours;
  for (const auto& c : map::grade_style().classes) colours[c.symbol.fill.rgb() & 0xffffff] = c.key;
  std::map<std::string, int> counts;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) {
      auto it = colours.find(img.pixel(x, y) & 0xffffff);
      if (it != colours.end()) ++counts[it->second];
    }
  return counts;
}

int pixels_near(const QImage& img, QColor colour, int tolerance) {
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      n += std::abs(c.red() - colour.red()) <= tolerance &&
           std::abs(c.green() - colour.green()) <= tolerance &&
           std::abs(c.blue() - colour.blue()) <= tolerance;
    }
  return n;
}

// --print-ui output: "key: value" lines.
std::map<std::string, std::string> ui_lines(const std::string& out) {
  std::map<std::string, std::string> m;
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = std::min(out.find('\n', start), out.size());
    const std::string line = out.substr(start, end - start);
    const std::size_t colon = line.find(": ");
    if (colon != std::string::npos) m[line.substr(0, colon)] = line.substr(colon + 2);
    start = end + 1;
  }
  return m;
}

QRect ui_rect(const std::string& text) {
  int x = 0, y = 0, w = 0, h = 0;
  std::sscanf(text.c_str(), "%d %d %d %d", &x, &y, &w, &h);
  return QRect(x, y, w, h);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(DeskSmoke, OpensTheSampleFiltersSelectsAndSavesTheWindow) {
  ASSERT_TRUE(fs::exists(desk_exe())) << desk_exe();
  ASSERT_TRUE(fs::exists(sample())) << "the Chongqing sample is committed data";
  // A parcel id of the sample, read the way the app reads it.
  const auto inputs = layers::load_inputs(layers::load_analysis(sample()));
  const auto& parcels = inputs.at(layers::Role::Parcels);
  ASSERT_GT(parcels.size(), 100u);
  const std::string id =
      layers::as_text(parcels.attributes.get(0, parcels.attributes.index("parcel_id")));

  const std::string dir = test::temp_dir();
  const std::string full = dir + "/full.png", selected = dir + "/selected.png";
  const std::string base =
      "QT_QPA_PLATFORM=offscreen '" + desk_exe() + "' --lang en --open '" + sample() + "'";
  const auto r1 = test::run(base + " --filter 'grade D' --print-ui --screenshot '" + full + "'");
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  const auto r2 = test::run(base + " --filter \"plot_ratio < 5\" --select " + id +
                            " --screenshot '" + selected + "'");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;

  const QImage a(QString::fromStdString(full)), b(QString::fromStdString(selected));
  ASSERT_FALSE(a.isNull());
  ASSERT_FALSE(b.isNull());
  EXPECT_EQ(a.size(), QSize(1400, 900));
  // Full extent, filtered to grade D: on the map D parcels keep their colour, the others
  // (the sample's percentile grading yields all four grades) are faded — no pixel of A, B or C
  // at full colour (a 4 px cell with a D parcel shows D: the filter's parcels come first).
  // The faded colour itself is checked by MapDimming.FilteredOutParcelsAreDrawnFaded.
  const QImage map = a.copy(ui_rect(ui_lines(r1.out)["map"]));
  ASSERT_GT(map.width(), 300) << r1.out;
  auto counts = grade_pixels(map);
  EXPECT_GE(counts["D"], 100);
  EXPECT_EQ(counts["A"] + counts["B"] + counts["C"], 0)
      << "A " << counts["A"] << " B " << counts["B"] << " C " << counts["C"];
  // Zoomed on the selected parcel: its neighbours in at least two grades, and the highlight.
  const auto near = grade_pixels(b);
  int near_present = 0;
  for (const auto& [grade, n] : near) near_present += n >= 50;
  EXPECT_GE(near_present, 2);
  EXPECT_GT(pixels_near(b, map::RenderOptions{}.selection_stroke, 30), 20)
      << "selection highlight drawn";

  // A bad filter or an unknown id is refused with exit code 2 and a reason.
  const auto bad = test::run(base + " --run none --filter 'no_such_column = 1' --screenshot '" +
                             dir + "/bad.png'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no_such_column"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir + "/bad.png"));
}

TEST(DeskSmoke, FullExtentShowsParcelCellsAndTheBasemapWithTheLegendBesideTheMap) {
  const std::string dir = test::temp_dir();
  const std::string png = dir + "/full.png";
  const auto r = test::run("QT_QPA_PLATFORM=offscreen '" + desk_exe() + "' --lang en --open '" +
                           sample() + "' --print-ui --screenshot '" + png + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ui = ui_lines(r.out);
  const QRect map_rect = ui_rect(ui["map"]), legend_rect = ui_rect(ui["legend"]);
  ASSERT_GT(map_rect.width(), 300) << r.out;
  ASSERT_GT(legend_rect.width(), 50) << r.out;
  EXPECT_FALSE(map_rect.intersects(legend_rect))
      << "the legend is a dock beside the map, never over it: map " << ui["map"] << ", legend "
      << ui["legend"];
  EXPECT_FALSE(has(ui["legend"], "hidden"));
  int legend_w = 0, legend_h = 0;
  std::sscanf(ui["legend image"].c_str(), "%d %d", &legend_w, &legend_h);
  EXPECT_GT(legend_w, 50);
  EXPECT_GT(legend_h, 100) << "parcels by grade, hubs, rings, basemap: many rows";

  const QImage window(QString::fromStdString(png));
  ASSERT_FALSE(window.isNull());
  const QImage map = window.copy(map_rect);
  // Parcels are 100-300 m, under a pixel at full extent (about 350 m per pixel): each 4 x 4
  // px cell holding parcels is filled with their most frequent grade, so grade colours come in
  // blocks of 16 px. At least 20 such cells (320 px) around the hubs; the sample shows about
  // 45 (719 px) in this window, most of them B.
  auto counts = grade_pixels(map);
  int graded = 0;
  for (const auto& [grade, n] : counts) graded += n;
  EXPECT_GE(graded, 320) << "A " << counts["A"] << " B " << counts["B"] << " C " << counts["C"]
                         << " D " << counts["D"];
  // The basemap's district boundaries (solid, under the dashed Districts layer).
  const QColor district(160, 140, 180);
  EXPECT_GT(pixels_near(map, district, 12), 300) << "district boundary pixels";
}

TEST(DeskSmoke, ChineseByAnyCodeSystemLocaleAndSwitchingAtRunTime) {
  const std::string dir = test::temp_dir();
  // A private settings folder: no saved View > Language choice interferes.
  const std::string env = "QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME='" + dir + "' ";
  auto run = [&](const std::string& env_extra, const std::string& args) {
    return test::run(env + env_extra + " '" + desk_exe() + "' --open '" + sample() + "' " + args +
                     " --print-ui --screenshot '" + dir + "/ui.png'");
  };
  for (const char* code : {"zh", "zh_CN", "zh-CN", "zh_Hans"}) {
    const auto r = run("", std::string("--run none --lang ") + code);
    ASSERT_EQ(r.exit_code, 0) << code << ": " << r.err;
    auto ui = ui_lines(r.out);
    EXPECT_EQ(ui["title"], "analysis.toml — HubLand 枢纽经济区用地规划桌面") << code;
    EXPECT_TRUE(has(ui["menus"], "文件(&F)|视图(&V)")) << code << ": " << ui["menus"];
    EXPECT_TRUE(has(ui["headers"], "fid|宗地编号|用地性质")) << code << ": " << ui["headers"];
    EXPECT_FALSE(has(r.err, "unknown language")) << r.err;
  }
  // No --lang: the system locale decides.
  const auto sys = run("LC_ALL= LC_MESSAGES= LANGUAGE= LANG=zh_CN.UTF-8", "--run none");
  ASSERT_EQ(sys.exit_code, 0) << sys.err;
  EXPECT_TRUE(has(ui_lines(sys.out)["menus"], "文件(&F)")) << sys.out;
  const auto sys_en = run("LC_ALL= LC_MESSAGES= LANGUAGE= LANG=en_US.UTF-8", "--run none");
  EXPECT_TRUE(has(ui_lines(sys_en.out)["menus"], "&File|&View")) << sys_en.out;
  // An unknown code: said so on stderr, English.
  const auto bad = run("", "--run none --lang xx");
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  EXPECT_TRUE(has(bad.err,
                  "hubland-desk: unknown language 'xx' (--lang); known: zh (zh_CN, "
                  "zh-CN, zh_Hans), en; using English"))
      << bad.err;
  EXPECT_TRUE(has(ui_lines(bad.out)["menus"], "&File|&View")) << bad.out;

  // English after screening, then switched to Chinese at run time: the graded table's headers
  // change in place.
  const auto en = run("", "--lang en");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_TRUE(has(ui_lines(en.out)["headers"], "parcel_id|score|grade|flags")) << en.out;
  EXPECT_EQ(ui_lines(en.out)["title"], "analysis.toml — HubLand land planning desk");
  const auto switched = run("", "--lang en --switch-lang zh");
  ASSERT_EQ(switched.exit_code, 0) << switched.err;
  auto ui = ui_lines(switched.out);
  EXPECT_TRUE(has(ui["headers"], "宗地编号|评分|等级|标记")) << ui["headers"];
  EXPECT_TRUE(has(ui["headers"], "容积率")) << ui["headers"];
  EXPECT_TRUE(has(ui["menus"], "文件(&F)|视图(&V)")) << ui["menus"];
  EXPECT_EQ(ui["title"], "analysis.toml — HubLand 枢纽经济区用地规划桌面");
}

// Smoke test of the hubland-desk executable under the offscreen platform: open the Chongqing
// sample, run the screening, filter the table, select a parcel, save the window; the PNG must
// show the grade colours of the map and the selection highlight.
#include <gtest/gtest.h>

#include <QImage>
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
  const auto r1 = test::run(base + " --filter 'grade D' --screenshot '" + full + "'");
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  const auto r2 = test::run(base + " --filter \"plot_ratio < 5\" --select " + id +
                            " --screenshot '" + selected + "'");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;

  const QImage a(QString::fromStdString(full)), b(QString::fromStdString(selected));
  ASSERT_FALSE(a.isNull());
  ASSERT_FALSE(b.isNull());
  EXPECT_EQ(a.size(), QSize(1400, 900));
  // Full extent: parcels are dots of their grade colour; the sample's percentile grading
  // yields all four grades, so at least three show up in quantity (and D in the legend).
  auto counts = grade_pixels(a);
  int grades_present = 0;
  for (const auto& [grade, n] : counts) grades_present += n >= 10;
  EXPECT_GE(grades_present, 3) << "A " << counts["A"] << " B " << counts["B"] << " C "
                               << counts["C"] << " D " << counts["D"];
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

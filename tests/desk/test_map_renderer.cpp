// The shared map renderer (app/map): colours where features are, level of detail, culling,
// hit tests, view arithmetic, decorations.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "desk_fixtures.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/map/styles.hpp"

using namespace hubland;
using namespace hubland::map;

namespace {

MapLayer grade_layer() {
  std::vector<geo::Wkb> g;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < test::parcel_rows().size(); ++i) {
    g.push_back(test::wkb(test::square(test::parcel_x(i), test::kY0, 100)));
    keys.emplace_back(test::parcel_rows()[i].grade);
  }
  MapLayer layer(QStringLiteral("parcels"), g);
  layer.set_style(grade_style(), keys);
  return layer;
}

QColor at(const QImage& img, QPointF p) {
  return img.pixelColor(p.toPoint());
}

bool near(QColor a, QColor b, int tol = 6) {
  return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
         std::abs(a.blue() - b.blue()) <= tol;
}

}  // namespace

TEST(MapRenderer, EachParcelIsDrawnInItsGradeColourAtItsPosition) {
  const MapLayer layer = grade_layer();
  const MapView view = MapView::fit(layer.extent(), QSize(400, 200));
  const QImage img = render_to_image(view, {&layer});
  const Style style = grade_style();
  for (std::size_t i = 0; i < 4; ++i) {
    const QPointF c = view.to_screen(test::parcel_x(i) + 50, test::kY0 + 50);
    const QColor expected = style.classes[style.class_of(test::parcel_rows()[i].grade)].symbol.fill;
    EXPECT_TRUE(near(at(img, c), expected))
        << "parcel " << i << " got " << at(img, c).name().toStdString();
  }
  // Between parcels: background.
  const QPointF gap = view.to_screen(test::parcel_x(0) + 150, test::kY0 + 50);
  EXPECT_TRUE(near(at(img, gap), RenderOptions{}.background));
}

TEST(MapRenderer, SubPixelFeaturesBecomePixelsOfTheirClassColour) {
  const MapLayer layer = grade_layer();
  MapView view = MapView::fit(layer.extent(), QSize(100, 100));
  view.metres_per_pixel = 150;  // 100 m parcels are under one pixel
  const QImage img = render_to_image(view, {&layer}, RenderOptions{.antialias = Antialias::Off});
  std::set<QRgb> colours;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) colours.insert(img.pixel(x, y) | 0xff000000u);
  const Style style = grade_style();
  int found = 0;
  for (const auto& cls : style.classes)
    found += colours.count(cls.symbol.fill.rgb() | 0xff000000u) ? 1 : 0;
  EXPECT_EQ(found, 4) << "parcels 200 m apart at 150 m/px: four pixels, each in its grade colour";
  EXPECT_EQ(colours.size(), 5u) << "the four grades and the background, nothing blended";
}

TEST(MapRenderer, CullingDrawsOnlyFeaturesInTheView) {
  const MapLayer layer = grade_layer();
  MapView view;
  view.size_px = QSize(100, 100);
  view.metres_per_pixel = 1;
  view.centre_x_m = test::parcel_x(2) + 50;  // parcel P3 only
  view.centre_y_m = test::kY0 + 50;
  QImage img(view.size_px, QImage::Format_ARGB32_Premultiplied);
  QPainter p(&img);
  EXPECT_EQ(render(p, view, {&layer}), 1u);
  p.end();
  view.centre_y_m += 10000;
  QPainter p2(&img);
  EXPECT_EQ(render(p2, view, {&layer}), 0u);
}

TEST(MapRenderer, HitTestsFindTheFeatureUnderThePoint) {
  const MapLayer layer = grade_layer();
  const auto hits = layer.features_at(test::parcel_x(3) + 10, test::kY0 + 90, 0);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0], 3u);
  EXPECT_TRUE(layer.features_at(test::parcel_x(3) + 150, test::kY0 + 50, 0).empty());
  EXPECT_EQ(layer.features_at(test::parcel_x(3) + 103, test::kY0 + 50, 5).size(), 1u);  // tolerance
  map::Bounds box;
  box.expand(test::parcel_x(1) + 50, test::kY0);
  box.expand(test::parcel_x(2) + 50, test::kY0 + 10);
  EXPECT_EQ(layer.features_in(box), (std::vector<std::size_t>{1, 2}));
}

TEST(MapRenderer, HolesAreNotHit) {
  MapLayer layer(
      QStringLiteral("ring"),
      {test::wkb("POLYGON((0 0,100 0,100 100,0 100,0 0),(40 40,60 40,60 60,40 60,40 40))")});
  EXPECT_TRUE(layer.features_at(50, 50, 0).empty());
  EXPECT_EQ(layer.features_at(20, 20, 0).size(), 1u);
}

TEST(MapView, ZoomKeepsTheAnchorAndPanFollowsTheMouse) {
  MapView v;
  v.size_px = QSize(800, 600);
  v.centre_x_m = 1000;
  v.centre_y_m = 2000;
  v.metres_per_pixel = 10;
  double x0, y0, x1, y1;
  v.to_world(QPointF(100, 50), x0, y0);
  const MapView z = v.zoomed(2.0, QPointF(100, 50));
  z.to_world(QPointF(100, 50), x1, y1);
  EXPECT_NEAR(x0, x1, 1e-6);
  EXPECT_NEAR(y0, y1, 1e-6);
  EXPECT_DOUBLE_EQ(z.metres_per_pixel, 5.0);
  const MapView p = v.panned(QPointF(10, -20));
  const QPointF moved = p.to_screen(x0, y0);
  EXPECT_NEAR(moved.x(), 110, 1e-9);
  EXPECT_NEAR(moved.y(), 30, 1e-9);
}

TEST(MapRenderer, ConstraintsAreHatchedNotFilled) {
  MapLayer layer(QStringLiteral("constraints"), {test::wkb(test::square(0, 0, 200))});
  layer.set_style(constraint_style(), {"redline"});
  const MapView view = MapView::fit(layer.extent(), QSize(200, 200), 0.1);
  const QImage img = render_to_image(view, {&layer});
  int red = 0, background = 0;
  for (int y = 40; y < 160; ++y)
    for (int x = 40; x < 160; ++x) {
      const QColor c = img.pixelColor(x, y);
      if (c.red() > 150 && c.green() < 80) ++red;
      if (near(c, RenderOptions{}.background)) ++background;
    }
  EXPECT_GT(red, 500);          // hatch lines
  EXPECT_GT(background, 5000);  // and the map shows through between them
}

TEST(MapRenderer, SelectionIsHighlighted) {
  MapLayer layer = grade_layer();
  const MapView view = MapView::fit(layer.extent(), QSize(400, 200));
  const QPointF c = view.to_screen(test::parcel_x(3) + 50, test::kY0 + 50);
  const QColor before = at(render_to_image(view, {&layer}), c);
  layer.set_selection({3});
  const QColor after = at(render_to_image(view, {&layer}), c);
  EXPECT_GT(after.blue(), before.blue() + 40)
      << before.name().toStdString() << " -> " << after.name().toStdString();
}

TEST(MapRenderer, DecorationsDrawScaleBarNorthArrowAndLegendOfUsedClasses) {
  const MapLayer layer = grade_layer();
  const MapView view = MapView::fit(layer.extent(), QSize(600, 400));
  QImage img(view.size_px, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  QPainter p(&img);
  draw_scale_bar(p, view, Corner::BottomLeft);
  draw_north_arrow(p, view, Corner::TopRight);
  const QRectF legend = draw_legend(p, view, {&layer}, Corner::BottomRight);
  p.end();
  auto dark_pixels = [&](QRect r) {
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
      for (int x = r.left(); x <= r.right(); ++x) n += img.pixelColor(x, y).lightness() < 60;
    return n;
  };
  EXPECT_GT(dark_pixels(QRect(0, 340, 200, 60)), 30);  // scale bar
  EXPECT_GT(dark_pixels(QRect(540, 0, 60, 70)), 30);   // north arrow
  ASSERT_FALSE(legend.isEmpty());
  // Title + 4 grade rows (no "not graded" row: every parcel has a grade).
  EXPECT_GT(legend.height(), 4 * 14.0);
  EXPECT_LT(legend.height(), 6 * 21.0);
  bool found_d = false;
  const QColor d = grade_style().classes[3].symbol.fill;
  for (int y = int(legend.top()); y < int(legend.bottom()); ++y)
    for (int x = int(legend.left()); x < int(legend.right()); ++x)
      found_d |= near(img.pixelColor(x, y), d);
  EXPECT_TRUE(found_d) << "the legend shows grade D's swatch";
}

TEST(MapRenderer, MalformedWkbNamesTheFeature) {
  geo::Wkb bad = test::wkb(test::square(0, 0, 10));
  bad.resize(bad.size() - 9);
  try {
    MapLayer layer(QStringLiteral("x"), {test::wkb(test::square(0, 0, 10)), bad});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry);
    EXPECT_EQ(e.where().feature, "#1");
  }
}

TEST(Styles, LandUseCategoriesFollowTheNationalCodes) {
  EXPECT_EQ(land_use_category("100100"), "m0");
  EXPECT_EQ(land_use_category("100102"), "industrial");
  EXPECT_EQ(land_use_category("110101"), "logistics");
  EXPECT_EQ(land_use_category("0802"), "rd");
  EXPECT_EQ(land_use_category("0901"), "commercial");
  EXPECT_EQ(land_use_category("0701"), "residential");
  EXPECT_EQ(land_use_category("1201"), "other");
}

// Desk map conventions: tiny parcels aggregated into cells, features a filter hides drawn
// faded, the offline basemap (districts, rivers, main roads) under everything.
#include <gtest/gtest.h>

#include <map>

#include "desk_fixtures.hpp"
#include "hubland/desk/basemap.hpp"
#include "hubland/desk/map_document.hpp"
#include "hubland/error.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/map/styles.hpp"

using namespace hubland;
using namespace hubland::map;

namespace {

QColor grade_colour(const char* grade) {
  const Style s = grade_style();
  return s.classes[s.class_of(grade)].symbol.fill;
}

// Pixels of exactly this colour (alpha ignored).
int count_exact(const QImage& img, QColor colour) {
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x)
      n += (img.pixel(x, y) & 0xffffffu) == (colour.rgb() & 0xffffffu);
  return n;
}

bool near(QColor a, QColor b, int tol) {
  return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
         std::abs(a.blue() - b.blue()) <= tol;
}

// Some pixel of the 3 x 3 block around `p` is near `colour` (antialiased thin lines).
bool near_around(const QImage& img, QPointF p, QColor colour, int tol) {
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx)
      if (near(img.pixelColor(p.toPoint() + QPoint(dx, dy)), colour, tol)) return true;
  return false;
}

// `colour` at `alpha` over `background`.
QColor over(QColor colour, double alpha, QColor background) {
  auto mix = [alpha](int c, int b) {
    return static_cast<int>(std::lround(c * alpha + b * (1 - alpha)));
  };
  return QColor(mix(colour.red(), background.red()), mix(colour.green(), background.green()),
                mix(colour.blue(), background.blue()));
}

// 10 m squares whose centres are at (x, y) offsets from (kX0, kY0), graded by `grades`.
MapLayer tiny_parcels(const std::vector<std::pair<double, double>>& centres,
                      const std::vector<std::string>& grades) {
  std::vector<geo::Wkb> g;
  for (auto [dx, dy] : centres)
    g.push_back(test::wkb(test::square(test::kX0 + dx - 5, test::kY0 + dy - 5, 10)));
  MapLayer layer(QStringLiteral("parcels"), g);
  layer.set_style(grade_style(), grades);
  return layer;
}

}  // namespace

TEST(MapAggregation, TinyParcelsFillCellsWithTheirMostFrequentGrade) {
  // 10 m/px: the 10 m parcels are 1 px, under the 2 px threshold. Cells of 4 px = 40 m are
  // anchored to the map: kX0 = 500000 m and kY0 = 3300000 m are multiples of 40 m, so
  // cell 1 spans x 0..40 m and cell 2 x 40..80 m (both y 0..40 m) from (kX0, kY0).
  // Cell 1: three A and one D -> A. Cell 2: one A and one D, a tie -> the later class, D.
  const MapLayer layer = tiny_parcels({{5, 5}, {15, 5}, {25, 25}, {35, 35}, {45, 5}, {75, 35}},
                                      {"A", "A", "A", "D", "A", "D"});
  MapView view;
  view.size_px = QSize(60, 40);
  view.metres_per_pixel = 10;
  view.centre_x_m = test::kX0 + 40;
  view.centre_y_m = test::kY0 + 20;
  RenderOptions options;
  options.antialias = Antialias::Off;
  options.aggregate_below_px = 2;
  options.aggregate_cell_px = 4;
  const QImage img = render_to_image(view, {&layer}, options);
  EXPECT_EQ(count_exact(img, grade_colour("A")), 16) << "cell 1: one 4 x 4 cell of A";
  EXPECT_EQ(count_exact(img, grade_colour("D")), 16) << "cell 2: one 4 x 4 cell of D";
  // Cell 1's pixels: world x 0..40 m is screen x 26..30 (centre kX0 + 40 at x = 30).
  const QPointF cell1 = view.to_screen(test::kX0 + 20, test::kY0 + 20);
  EXPECT_EQ(img.pixelColor(cell1.toPoint()).rgb(), grade_colour("A").rgb());
  const QPointF cell2 = view.to_screen(test::kX0 + 60, test::kY0 + 20);
  EXPECT_EQ(img.pixelColor(cell2.toPoint()).rgb(), grade_colour("D").rgb());

  // Without aggregation (the default, as in reports) the same parcels are single pixels.
  options.aggregate_below_px = 0;
  const QImage dots = render_to_image(view, {&layer}, options);
  EXPECT_LE(count_exact(dots, grade_colour("A")), 4);
}

TEST(MapAggregation, ZoomedInParcelsAreStillPolygons) {
  // 100 m parcels at 1 m/px are 100 px wide: far above the threshold, drawn as polygons —
  // the fill reaches 3 px inside the parcel's edge and stops at the edge, no cells.
  std::vector<geo::Wkb> g{test::wkb(test::square(test::kX0, test::kY0, 100))};
  MapLayer layer(QStringLiteral("parcels"), g);
  layer.set_style(grade_style(), {"C"});
  MapView view;
  view.size_px = QSize(200, 200);
  view.metres_per_pixel = 1;
  view.centre_x_m = test::kX0 + 50;
  view.centre_y_m = test::kY0 + 50;
  RenderOptions options;
  options.aggregate_below_px = 2;
  const QImage img = render_to_image(view, {&layer}, options);
  EXPECT_TRUE(near(img.pixelColor(view.to_screen(test::kX0 + 3, test::kY0 + 50).toPoint()),
                   grade_colour("C"), 6));
  EXPECT_TRUE(near(img.pixelColor(view.to_screen(test::kX0 - 3, test::kY0 + 50).toPoint()),
                   options.background, 2));
  EXPECT_GT(count_exact(img, grade_colour("C")), 95 * 95);
}

TEST(MapDimming, FilteredOutParcelsAreDrawnFaded) {
  desk::Session session = test::make_session();
  desk::MapDocument doc(session);
  desk::LayerTreeModel tree;
  tree.reset(session);
  // The filter keeps P1 and P3: P2 and P4 fade.
  const std::vector<std::size_t> shown{0, 2};
  const auto layers = doc.snapshot(session, tree.draw_order(), layers::Role::Parcels, {}, &shown);
  std::vector<const MapLayer*> raw;
  for (const auto& l : layers) raw.push_back(l.get());
  const MapView view = MapView::fit(doc.layer(layers::Role::Parcels)->extent(), QSize(400, 200));
  RenderOptions options;
  const QImage img = render_to_image(view, raw, options);
  auto at = [&](std::size_t i) {
    return img.pixelColor(view.to_screen(test::parcel_x(i) + 30, test::kY0 + 50).toPoint());
  };
  EXPECT_TRUE(near(at(0), grade_colour("A"), 3)) << at(0).name().toStdString();
  EXPECT_TRUE(near(at(2), grade_colour("C"), 3)) << at(2).name().toStdString();
  // B at 20 % over the background: e.g. a channel 145 over 250 -> 0.2 * 145 + 0.8 * 250 = 229.
  const QColor faded_b = over(grade_colour("B"), options.dimmed_opacity, options.background);
  const QColor faded_d = over(grade_colour("D"), options.dimmed_opacity, options.background);
  EXPECT_TRUE(near(at(1), faded_b, 3))
      << at(1).name().toStdString() << " vs " << faded_b.name().toStdString();
  EXPECT_TRUE(near(at(3), faded_d, 3))
      << at(3).name().toStdString() << " vs " << faded_d.name().toStdString();

  // Without a filter nothing fades.
  const auto plain = doc.snapshot(session, tree.draw_order(), layers::Role::Parcels, {});
  std::vector<const MapLayer*> raw_plain;
  for (const auto& l : plain) raw_plain.push_back(l.get());
  const QImage img2 = render_to_image(view, raw_plain, options);
  EXPECT_TRUE(
      near(img2.pixelColor(view.to_screen(test::parcel_x(3) + 30, test::kY0 + 50).toPoint()),
           grade_colour("D"), 3));
}

TEST(MapDimming, AFlagPerFeatureOrNone) {
  MapLayer layer = tiny_parcels({{5, 5}, {15, 5}}, {"A", "B"});
  try {
    layer.set_dimmed({true});
    FAIL() << "one flag for two features must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_STREQ(e.what(), "layer parcels: dimmed features: 1 flags for 2 features");
  }
  layer.set_dimmed({});
  EXPECT_TRUE(layer.dimmed().empty());
}

namespace {

// The fixture session plus the basemap's sources: one district, two land-survey 图斑 (a river
// 1101 and farmland 0103), an arterial road and a local road.
desk::Session basemap_session(bool with_road_class = true) {
  desk::Session base = test::make_session();
  layers::AnalysisInputs in = base.inputs();
  using layers::FieldType;
  layers::Layer d;
  d.role = layers::Role::Districts;
  d.attributes.add_column("district_code", FieldType::Text);
  d.attributes.add_row();
  d.attributes.set(0, 0, std::string("500101"));
  d.geometry.push_back(test::wkb(test::square(test::kX0 - 500, test::kY0 - 500, 2000)));
  in.layers[layers::Role::Districts] = std::move(d);
  layers::Layer ls;
  ls.role = layers::Role::LandSurvey;
  ls.attributes.add_column("survey_id", FieldType::Text);
  ls.attributes.add_column("dlbm", FieldType::Text);
  for (auto [id, code] : {std::pair{"S1", "1101"}, std::pair{"S2", "0103"}}) {
    const auto r = ls.attributes.add_row();
    ls.attributes.set(r, 0, std::string(id));
    ls.attributes.set(r, 1, std::string(code));
  }
  ls.geometry.push_back(test::wkb(test::square(test::kX0, test::kY0 + 300, 200)));  // river
  ls.geometry.push_back(test::wkb(test::square(test::kX0 + 400, test::kY0 + 300, 200)));
  in.layers[layers::Role::LandSurvey] = std::move(ls);
  layers::Layer roads;
  roads.role = layers::Role::Roads;
  roads.attributes.add_column("road_id", FieldType::Text);
  if (with_road_class) roads.attributes.add_column("road_class", FieldType::Text);
  for (auto [id, cls] : {std::pair{"R1", "arterial"}, std::pair{"R2", "local"}}) {
    const auto r = roads.attributes.add_row();
    roads.attributes.set(r, 0, std::string(id));
    if (with_road_class) roads.attributes.set(r, 1, std::string(cls));
  }
  roads.geometry.push_back(test::wkb("LINESTRING(499600 3299800, 501200 3299800)"));
  roads.geometry.push_back(test::wkb("LINESTRING(499600 3299700, 501200 3299700)"));
  in.layers[layers::Role::Roads] = std::move(roads);
  layers::AnalysisSpec spec;
  spec.rings_km.clear();  // no catchment rings: the zone is the widest analysis layer
  in.layers.erase(layers::Role::Catchments);  // the fixture session's rings
  return desk::Session(std::move(in), spec);
}

}  // namespace

TEST(Basemap, DistrictsRiversAndMainRoadsOnly) {
  EXPECT_TRUE(desk::is_main_road("arterial"));
  EXPECT_TRUE(desk::is_main_road("secondary"));
  EXPECT_FALSE(desk::is_main_road("local"));
  EXPECT_TRUE(desk::is_river_class("1101"));
  EXPECT_FALSE(desk::is_river_class("1104"));

  const desk::Session session = basemap_session();
  const auto basemap = desk::make_basemap(session);
  ASSERT_TRUE(basemap.has_value());
  ASSERT_EQ(basemap->size(), 3u) << "the river, the arterial road, the district";
  const auto counts = basemap->class_counts();
  EXPECT_EQ(counts, (std::vector<std::size_t>{1, 1, 1, 0}));  // river, road, district, other

  const Style style = desk::basemap_style();
  const MapView view = MapView::fit(basemap->extent(), QSize(300, 300), 0.05);
  const QImage img = render_to_image(view, {&*basemap});
  const QColor river = style.classes[style.class_of(desk::kBasemapRiver)].symbol.fill;
  const QColor district = style.classes[style.class_of(desk::kBasemapDistrict)].symbol.stroke;
  const QColor road = style.classes[style.class_of(desk::kBasemapRoad)].symbol.stroke;
  EXPECT_TRUE(
      near(img.pixelColor(view.to_screen(test::kX0 + 100, test::kY0 + 400).toPoint()), river, 2));
  // The farmland 图斑 and the local road are not basemap: background there.
  EXPECT_TRUE(near(img.pixelColor(view.to_screen(test::kX0 + 500, test::kY0 + 400).toPoint()),
                   RenderOptions{}.background, 2));
  EXPECT_TRUE(near(img.pixelColor(view.to_screen(test::kX0 + 700, 3299700).toPoint()),
                   RenderOptions{}.background, 2));
  EXPECT_TRUE(near_around(img, view.to_screen(test::kX0 + 700, 3299800), road, 8));
  // The district boundary: a left edge at x = kX0 - 500, drawn 2 px wide.
  EXPECT_TRUE(near_around(img, view.to_screen(test::kX0 - 500, test::kY0 + 500), district, 8));

  // The document puts it under everything when asked, and only then.
  desk::MapDocument doc(session);
  desk::LayerTreeModel tree;
  tree.reset(session);
  const auto with =
      doc.snapshot(session, tree.draw_order(), layers::Role::Parcels, {}, nullptr, true);
  const auto without = doc.snapshot(session, tree.draw_order(), layers::Role::Parcels, {});
  ASSERT_EQ(with.size(), without.size() + 1);
  EXPECT_EQ(with.front()->style().title, style.title);
}

TEST(Basemap, MissingLayersAndColumnsAreSkippedSilently) {
  // No districts, land survey or roads at all: no basemap.
  EXPECT_FALSE(desk::make_basemap(test::make_session()).has_value());
  // Roads without road_class: the roads are left out, the rest stays.
  const auto basemap = desk::make_basemap(basemap_session(false));
  ASSERT_TRUE(basemap.has_value());
  EXPECT_EQ(basemap->class_counts(), (std::vector<std::size_t>{1, 0, 1, 0}));
}

TEST(Basemap, FullExtentIsTheAnalysisLayersNotTheContext) {
  const desk::Session session = basemap_session();
  const desk::MapDocument doc(session);
  // All layers: the district square kX0 - 500 .. kX0 + 1500 (and y alike) holds everything.
  const Bounds all = doc.extent();
  EXPECT_NEAR(all.min_x, test::kX0 - 500, 1e-3);
  EXPECT_NEAR(all.max_x, test::kX0 + 1500, 1e-3);
  // Analysis layers only (parcels, zone, hub): the zone square kX0 - 100 .. kX0 + 800.
  const Bounds analysis = doc.analysis_extent();
  EXPECT_NEAR(analysis.min_x, test::kX0 - 100, 1e-3);
  EXPECT_NEAR(analysis.max_x, test::kX0 + 800, 1e-3);
  EXPECT_NEAR(analysis.min_y, test::kY0 - 100, 1e-3);
  EXPECT_NEAR(analysis.max_y, test::kY0 + 800, 1e-3);
}

// The desk models without a window: layer tree, attribute filter and sort, identify, selection
// sync between table and map, export.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "desk_fixtures.hpp"
#include "hubland/desk/attribute_table_model.hpp"
#include "hubland/desk/engine.hpp"
#include "hubland/desk/identify.hpp"
#include "hubland/desk/layer_tree_model.hpp"
#include "hubland/desk/map_document.hpp"
#include "hubland/desk/selection_sync.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/map/styles.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::desk;

TEST(Session, JoinsGradesOntoParcelsByIdKeepingRowOrder) {
  const Session s = test::make_session();
  const auto view = s.view(Role::Parcels);
  ASSERT_EQ(view->row_count(), 4u);
  const auto grade = view->index("grade");
  EXPECT_EQ(view->column(1).name, "score") << "stage columns come right after parcel_id";
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(view->text_at(i, grade), test::parcel_rows()[i].grade);
  EXPECT_EQ(s.row_of(Role::Parcels, "P3"), 2u);
  EXPECT_EQ(s.row_of(Role::Parcels, "nope"), Session::npos);
  EXPECT_EQ(s.findings_of("P4").size(), 2u);
}

TEST(Session, AViewWithoutStageColumnsIsTheLayersOwnTableAndOutlivesTheSession) {
  std::shared_ptr<const layers::Table> view;
  std::string first_id;
  {
    const Session s = test::make_session();
    // Zones have no stage columns: no copy of the layer's rows (a million parcels before any
    // stage ran cost the desk 2 s and 700 MB when copied).
    view = s.view(Role::Zones);
    ASSERT_EQ(view.get(), &s.layer(Role::Zones).attributes);
    const auto id = view->index("zone_id");
    ASSERT_GT(view->row_count(), 0u);
    first_id = view->text_at(0, id);
    EXPECT_EQ(s.row_of(Role::Zones, first_id), 0u);
    // Parcels have grades joined: a table of their own.
    EXPECT_NE(s.view(Role::Parcels).get(), &s.layer(Role::Parcels).attributes);
  }
  // The session is gone; the view the table model holds is not.
  EXPECT_EQ(view->text_at(0, view->index("zone_id")), first_id);
}

TEST(Session, DrawsTheAnalysisRingsAroundHubsWhenThereIsNoCatchmentLayer) {
  const Session s = test::make_session();
  ASSERT_TRUE(s.has(Role::Catchments));
  const auto& rings = s.layer(Role::Catchments);
  ASSERT_EQ(rings.size(), s.spec().rings_km.size());
  const MapDocument doc(s);
  const map::MapLayer* layer = doc.layer(Role::Catchments);
  ASSERT_NE(layer, nullptr);
  // The hub is at (500350, 3300500); the first ring's radius is rings_km[0].
  const double r_m = s.spec().rings_km.front() * 1000.0;
  auto inside = [&](double d) {
    const auto hits = layer->features_at(500350 + d, 3300500, 0);
    return std::find(hits.begin(), hits.end(), 0u) != hits.end();
  };
  EXPECT_TRUE(inside(0.97 * r_m));
  EXPECT_FALSE(inside(1.03 * r_m));
  EXPECT_EQ(s.view(Role::Catchments)->text_at(0, s.view(Role::Catchments)->index("hub_type")),
            "airport");
}

TEST(LayerTree, OrderVisibilityAndStyle) {
  const Session s = test::make_session();
  LayerTreeModel tree;
  int changes = 0;
  QObject::connect(&tree, &LayerTreeModel::layers_changed, [&] { ++changes; });
  tree.reset(s);
  ASSERT_EQ(tree.rowCount(), 4);  // parcels, zones, hubs and the hubs' rings
  // Top row drawn last: hubs above parcels above rings above zones.
  EXPECT_EQ(tree.entries()[0].role, Role::Hubs);
  EXPECT_EQ(tree.entries()[2].role, Role::Catchments);
  EXPECT_EQ(tree.entries()[3].role, Role::Zones);
  EXPECT_EQ(tree.draw_order().front().role, Role::Zones);
  const int parcels = tree.row_of(Role::Parcels);
  EXPECT_EQ(tree.entries()[parcels].style, StyleChoice::Grade)
      << "grades exist, so parcels start by grade";

  tree.set_visible(tree.row_of(Role::Zones), false);
  EXPECT_EQ(tree.draw_order().size(), 3u);
  EXPECT_EQ(tree.data(tree.index(tree.row_of(Role::Zones)), Qt::CheckStateRole).toInt(),
            Qt::Unchecked);

  ASSERT_TRUE(tree.move_row(0, 3));  // hubs to the bottom
  EXPECT_EQ(tree.entries()[3].role, Role::Hubs);
  EXPECT_EQ(tree.entries()[0].role, Role::Parcels);
  EXPECT_FALSE(tree.move_row(0, 7));

  tree.set_style(tree.row_of(Role::Parcels), StyleChoice::LowEfficiency);
  EXPECT_EQ(tree.entries()[tree.row_of(Role::Parcels)].style, StyleChoice::LowEfficiency);
  tree.set_style(tree.row_of(Role::Hubs), StyleChoice::Grade);  // hubs have no grades
  EXPECT_EQ(tree.entries()[tree.row_of(Role::Hubs)].style, StyleChoice::Default);
  EXPECT_EQ(changes, 4);  // reset, visibility, move, style
}

TEST(AttributeFilter, OutcomeShorthandsAndSql) {
  const Session s = test::make_session();
  AttributeTableModel model;
  model.set_table(s.view(Role::Parcels));
  ASSERT_EQ(model.rowCount(), 4);

  ASSERT_EQ(model.set_filter(QStringLiteral("grade D")), QString());
  ASSERT_EQ(model.rowCount(), 1);
  EXPECT_EQ(model.data(model.index(0, 0)).toString(), QStringLiteral("P4"));

  ASSERT_EQ(model.set_filter(QStringLiteral("flag LE-TAX")), QString());
  EXPECT_EQ(model.visible_rows(), (std::vector<std::size_t>{2, 3}));
  ASSERT_EQ(model.set_filter(QStringLiteral("flag LE-FAR")), QString());
  EXPECT_EQ(model.visible_rows(), (std::vector<std::size_t>{3}));

  // SQL where: the expected rows come from the fixture's own values.
  std::vector<std::size_t> expected;
  for (std::size_t i = 0; i < test::parcel_rows().size(); ++i)
    if (test::parcel_rows()[i].plot_ratio < 1.0 &&
        std::string(test::parcel_rows()[i].land_use).rfind("1001", 0) == 0)
      expected.push_back(i);
  ASSERT_EQ(model.set_filter(QStringLiteral("plot_ratio < 1.0 AND land_use LIKE '1001%'")),
            QString());
  EXPECT_EQ(model.visible_rows(), expected);

  // A bad filter is refused with SQLite's reason and the previous filter stays.
  const QString err = model.set_filter(QStringLiteral("no_such_column > 1"));
  EXPECT_TRUE(err.contains(QStringLiteral("no_such_column"))) << err.toStdString();
  EXPECT_EQ(model.visible_rows(), expected);
  EXPECT_FALSE(model.set_filter(QStringLiteral("1; DROP TABLE t")).isEmpty());
  EXPECT_FALSE(model
                   .set_filter(QStringLiteral(
                       "(SELECT count(*) FROM sqlite_master) >= 0 AND load_extension('x') IS NULL"))
                   .isEmpty());
  // The rules' guard, not a looser one: random() and SpatiaLite's InitSpatialMetaData() (which
  // writes tables) are not on the allowlist, and sqlite_master is no facts table; each refusal
  // names what it refused.
  EXPECT_TRUE(model.set_filter(QStringLiteral("random() > 0"))
                  .contains(QStringLiteral("function random() is not allowed")));
  EXPECT_TRUE(model.set_filter(QStringLiteral("InitSpatialMetaData(1) = 1"))
                  .contains(QStringLiteral("function initspatialmetadata() is not allowed")));
  EXPECT_TRUE(model.set_filter(QStringLiteral("(SELECT count(*) FROM sqlite_master) > 0"))
                  .contains(QStringLiteral("reading table 'sqlite_master' is not allowed")));
  EXPECT_EQ(model.visible_rows(), expected);
  // ... and SpatiaLite's ST_* functions work in a filter as in a rule: a 10 m square is 100 m².
  ASSERT_EQ(model.set_filter(QStringLiteral(
                "ST_Area(GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))')) = 100 AND "
                "plot_ratio < 1.0")),
            QString());
  std::vector<std::size_t> low_far;
  for (std::size_t i = 0; i < test::parcel_rows().size(); ++i)
    if (test::parcel_rows()[i].plot_ratio < 1.0) low_far.push_back(i);
  EXPECT_EQ(model.visible_rows(), low_far);

  ASSERT_EQ(model.set_filter(QString()), QString());
  EXPECT_EQ(model.rowCount(), 4);
}

TEST(AttributeFilter, VerdictShorthand) {
  layers::Table t;
  t.add_column("request_id", layers::FieldType::Text);
  t.add_column("verdict", layers::FieldType::Text);
  for (const char* v : {"approve", "reject", "conditional", "reject"}) {
    const auto r = t.add_row();
    t.set(r, 0, "R" + std::to_string(r));
    t.set(r, 1, std::string(v));
  }
  EXPECT_EQ(select_rows(t, AttributeTableModel::filter_to_sql(QStringLiteral("rejected"))),
            (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(select_rows(t, AttributeTableModel::filter_to_sql(QStringLiteral("conditional"))),
            (std::vector<std::size_t>{2}));
}

TEST(AttributeTable, SortsNumbersNumericallyAndKeepsTheMapping) {
  const Session s = test::make_session();
  AttributeTableModel model;
  model.set_table(s.view(Role::Parcels));
  const int col = static_cast<int>(s.view(Role::Parcels)->index("plot_ratio"));
  model.sort(col, Qt::DescendingOrder);
  std::vector<std::size_t> by_ratio{0, 1, 2, 3};
  std::sort(by_ratio.begin(), by_ratio.end(), [](std::size_t a, std::size_t b) {
    return test::parcel_rows()[a].plot_ratio > test::parcel_rows()[b].plot_ratio;
  });
  EXPECT_EQ(model.visible_rows(), by_ratio);
  for (int v = 0; v < 4; ++v) EXPECT_EQ(*model.view_row(model.source_row(v)), v);
  // Filtering keeps the sort.
  ASSERT_EQ(model.set_filter(QStringLiteral("plot_ratio < 1.5")), QString());
  std::vector<std::size_t> kept;
  for (std::size_t r : by_ratio)
    if (test::parcel_rows()[r].plot_ratio < 1.5) kept.push_back(r);
  EXPECT_EQ(model.visible_rows(), kept);
  EXPECT_FALSE(model.view_row(0).has_value()) << "P1 (1.8) is filtered out";
}

TEST(Identify, AttributesFactsAndEveryFindingWithReasonAndClause) {
  const Session s = test::make_session();
  const IdentifyResult r = identify(s, Role::Parcels, s.row_of(Role::Parcels, "P4"));
  EXPECT_EQ(r.id, "P4");
  auto value = [](const auto& pairs, const std::string& key) -> std::string {
    for (const auto& [k, v] : pairs)
      if (k == key) return v;
    return "<missing>";
  };
  EXPECT_EQ(value(r.attributes, "grade"), "D");
  EXPECT_EQ(value(r.attributes, "flags"), "LE-FAR;LE-TAX");
  EXPECT_EQ(value(r.facts, "zone_id"), "Z1");
  EXPECT_EQ(value(r.facts, "parcel_id"), "<missing>") << "facts repeat no attribute";
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].rule_id, "LE-FAR");
  EXPECT_EQ(r.findings[0].reason_zh, "容积率 0.4 低于控制下限 0.8");
  EXPECT_EQ(r.findings[0].clause, "工业项目建设用地控制指标 第五条");
  EXPECT_EQ(r.findings[1].rule_id, "LE-TAX");

  QStandardItemModel model;
  fill_identify_model(model, r, Language::Chinese);
  ASSERT_EQ(model.rowCount(), 3);  // attributes, facts, findings
  QStandardItem* findings = model.item(2);
  ASSERT_EQ(findings->rowCount(), 2);
  QStandardItem* far = findings->child(0);
  EXPECT_EQ(far->text(), QStringLiteral("LE-FAR"));
  ASSERT_EQ(far->rowCount(), 4);
  EXPECT_EQ(far->child(0, 1)->text(), QStringLiteral("容积率 0.4 低于控制下限 0.8"));
  EXPECT_EQ(far->child(3, 1)->text(), QStringLiteral("工业项目建设用地控制指标 第五条"));
  fill_identify_model(model, r, Language::English);
  EXPECT_EQ(model.item(2)->child(0)->child(0, 1)->text(),
            QStringLiteral("plot ratio 0.4 below the minimum 0.8"));

  const IdentifyResult clean = identify(s, Role::Parcels, s.row_of(Role::Parcels, "P1"));
  EXPECT_TRUE(clean.findings.empty());
}

TEST(SelectionSync, TableToMapAndBack) {
  const Session s = test::make_session();
  AttributeTableModel table;
  table.set_table(s.view(Role::Parcels));
  ASSERT_EQ(table.set_filter(QStringLiteral("grade D")), QString());
  SelectionSync sync;
  std::vector<SelectionSync::Origin> seen;
  QObject::connect(&sync, &SelectionSync::changed,
                   [&](SelectionSync::Origin o) { seen.push_back(o); });

  // Selecting view row 0 of the filtered table selects parcel P4 (source row 3).
  sync.select(rows_from_view(table, {table.index(0, 0), table.index(0, 1)}),
              SelectionSync::Origin::Table);
  EXPECT_EQ(sync.rows(), (std::vector<std::size_t>{3}));
  sync.select({3}, SelectionSync::Origin::Table);  // unchanged: no echo
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], SelectionSync::Origin::Table);

  // The map shows it highlighted, and the zoom target contains it.
  const MapDocument doc(s);
  LayerTreeModel tree;
  tree.reset(s);
  const auto layers = doc.snapshot(s, tree.draw_order(), sync.layer(), sync.rows());
  const map::MapLayer* parcels = nullptr;
  for (const auto& l : layers)
    if (l->size() == 4) parcels = l.get();
  ASSERT_NE(parcels, nullptr);
  EXPECT_EQ(parcels->selection(), (std::vector<std::size_t>{3}));
  const map::Bounds zoom = zoom_bounds(*parcels, sync.rows(), 150.0);
  EXPECT_LE(zoom.min_x, test::parcel_x(3));
  EXPECT_GE(zoom.max_x, test::parcel_x(3) + 100);
  EXPECT_LT(zoom.width(), parcels->extent().width() / 2) << "zoomed on the parcel, not the layer";

  // A map selection of P1 and P4: only P4 is a row of the filtered table.
  sync.select({0, 3}, SelectionSync::Origin::Map);
  const QItemSelection sel = view_selection(table, sync.rows());
  ASSERT_EQ(sel.size(), 1);
  EXPECT_EQ(sel[0].top(), 0);
  EXPECT_EQ(sel[0].left(), 0);
  EXPECT_EQ(sel[0].right(), table.columnCount() - 1);
  EXPECT_EQ(seen.back(), SelectionSync::Origin::Map);

  sync.set_layer(Role::Zones);
  EXPECT_TRUE(sync.rows().empty());
}

TEST(MapDocument, ParcelStylesFollowTheChoice) {
  const Session s = test::make_session();
  const auto view = s.view(Role::Parcels);
  EXPECT_EQ(parcel_style_keys(*view, StyleChoice::Grade),
            (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_EQ(parcel_style_keys(*view, StyleChoice::LowEfficiency),
            (std::vector<std::string>{"ok", "ok", "flagged", "flagged"}));
  EXPECT_EQ(parcel_style_keys(*view, StyleChoice::LandUse),
            (std::vector<std::string>{"industrial", "logistics", "industrial", "industrial"}));
  EXPECT_EQ(parcel_style_keys(*view, StyleChoice::LandStatus),
            (std::vector<std::string>{"正常", "正常", "低效", "低效"}));
  // The land-status style has a class for every status of the vocabulary, strongest first.
  const map::Style st = map::land_status_style();
  ASSERT_EQ(st.classes.size(), 4u);
  EXPECT_EQ(st.classes[0].key, "疑似闲置");
  EXPECT_EQ(st.classes[3].key, "正常");
  const auto choices = LayerTreeModel::styles_for(Role::Parcels);
  EXPECT_NE(std::find(choices.begin(), choices.end(), StyleChoice::LandStatus), choices.end());
}

TEST(Export, SelectionToGeoPackageAndCsv) {
  const Session s = test::make_session();
  const std::string dir = test::temp_dir();
  EXPECT_EQ(export_rows(s, Role::Parcels, {1, 3}, dir + "/sel.gpkg"), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/sel.gpkg"));
  EXPECT_EQ(export_rows(s, Role::Parcels, {3}, dir + "/sel.csv"), 1u);
  const std::string csv = test::read_file(dir + "/sel.csv");
  EXPECT_NE(csv.find("P4"), std::string::npos);
  EXPECT_NE(csv.find("LE-FAR;LE-TAX"), std::string::npos);
  EXPECT_EQ(csv.find("P1"), std::string::npos);
  EXPECT_EQ(export_rows(s, Role::Parcels, {0, 1, 2}, dir + "/sel.shp"), 3u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/sel.cpg"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/sel.prj"));
  EXPECT_EQ(export_rows(s, Role::Parcels, {0, 1}, dir + "/sel.xlsx"), 2u);
  EXPECT_THROW(export_rows(s, Role::Parcels, {0}, dir + "/x.docx"), Error);
}

TEST(Workspace, OpensLayersAndStageTablesByName) {
  const Session s = test::make_session();
  const std::string path = test::temp_dir() + "/desk.hubland.sqlite";
  {
    auto ws = layers::Workspace::open(path);
    layers::RunScope run(ws, layers::RunInfo{.command = "test"});
    ws.put_layer(run.id(), "parcels", s.layer(Role::Parcels));
    ws.put_layer(run.id(), "zones", s.layer(Role::Zones));
    ws.put_table(run.id(), "grades", s.results().grades);
    run.finish();
  }
  JobContext ctx(nullptr);
  const Session opened = open_workspace(path, ctx);
  ASSERT_TRUE(opened.has(Role::Parcels));
  ASSERT_TRUE(opened.has(Role::Zones));
  EXPECT_FALSE(opened.has(Role::Hubs));
  EXPECT_EQ(opened.layer(Role::Parcels).size(), 4u);
  AttributeTableModel model;
  model.set_table(opened.view(Role::Parcels));
  ASSERT_EQ(model.set_filter(QStringLiteral("grade D")), QString());
  ASSERT_EQ(model.rowCount(), 1);
  EXPECT_EQ(opened.feature_id(Role::Parcels, model.source_row(0)), "P4");
  EXPECT_THROW(open_workspace(test::temp_dir() + "/missing.hubland.sqlite", ctx), Error);
}

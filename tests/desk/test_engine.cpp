// The desk's engine calls on the Chongqing sample: open, screen, check conversions, rank, and
// write one project's justification report — the same path the menus take.
#include <gtest/gtest.h>

#include <filesystem>

#include "hubland/desk/attribute_table_model.hpp"
#include "hubland/desk/engine.hpp"
#include "hubland/desk/identify.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::desk;

TEST(DeskEngine, RunsEveryStageOnTheSampleAndWritesAReport) {
  const std::string sample =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
  ASSERT_TRUE(std::filesystem::exists(sample));
  int last_progress = -1;
  JobContext ctx([&](int p) { last_progress = p; });
  Session s = open_analysis(sample, ctx);
  EXPECT_EQ(last_progress, 100);
  ASSERT_TRUE(stage_unavailable_reason(s, Stage::Screening).isEmpty());

  s.set_results(run_stage(s, Stage::Screening, ctx));
  const auto& grades = s.results().grades;
  ASSERT_EQ(grades.row_count(), s.layer(Role::Parcels).size()) << "every parcel graded or '-'";
  // The parcel view carries the grades; the "grade D" filter finds exactly the D rows.
  std::size_t d_rows = 0;
  const auto g = grades.index("grade");
  for (std::size_t r = 0; r < grades.row_count(); ++r) d_rows += grades.text_at(r, g) == "D";
  AttributeTableModel table;
  table.set_table(s.view(Role::Parcels));
  ASSERT_EQ(table.set_filter(QStringLiteral("grade D")), QString());
  EXPECT_EQ(static_cast<std::size_t>(table.rowCount()), d_rows);
  ASSERT_GT(d_rows, 0u);
  // A D parcel's identify lists its flag findings with reasons and clauses.
  const IdentifyResult id = identify(s, Role::Parcels, table.source_row(0));
  EXPECT_FALSE(id.facts.empty());
  for (const auto& f : id.findings) {
    EXPECT_FALSE(f.reason_zh.empty()) << f.rule_id;
    EXPECT_FALSE(f.clause.empty()) << f.rule_id;
  }

  if (s.has(Role::Conversions)) {
    s.set_results(run_stage(s, Stage::Conversion, ctx));
    EXPECT_EQ(s.results().verdicts.row_count(), s.layer(Role::Conversions).size());
  }
  ASSERT_TRUE(stage_unavailable_reason(s, Stage::Ranking).isEmpty());
  s.set_results(run_stage(s, Stage::Ranking, ctx));
  ASSERT_EQ(s.results().ranking.row_count(), s.layer(Role::Projects).size());
  EXPECT_EQ(s.results().grades.row_count(), grades.row_count()) << "earlier stages kept";
  const std::string project = s.feature_id(Role::Projects, 0);
  const std::string dir = test::temp_dir();
  const std::string pdf = write_project_report(s, project, report::Language::Zh, dir);
  EXPECT_TRUE(std::filesystem::exists(pdf));
  EXPECT_GT(std::filesystem::file_size(pdf), 10000u);
}

TEST(DeskEngine, CancelStopsAStageWithCancelled) {
  const std::string sample =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
  JobContext ctx(nullptr);
  const Session s = open_analysis(sample, ctx);
  ctx.request_cancel();
  try {
    run_stage(s, Stage::Screening, ctx);
    FAIL() << "expected Error(Cancelled)";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
  }
}

// The desk's engine calls on the Chongqing sample: open, screen, check conversions, rank, and
// write one project's justification report — the same path the menus take.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "hubland/layers/sink.hpp"

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
  // A flagged D parcel's identify lists exactly its flags as findings, each with its reason
  // and clause.
  const auto c_flags = grades.index("flags");
  const auto c_pid = grades.index("parcel_id");
  std::optional<std::size_t> flagged_d;
  for (std::size_t r = 0; r < grades.row_count() && !flagged_d; ++r)
    if (grades.text_at(r, g) == "D" && !grades.null_at(r, c_flags) &&
        !grades.text_at(r, c_flags).empty())
      flagged_d = r;
  ASSERT_TRUE(flagged_d.has_value()) << "the sample has flagged D parcels";
  const std::string pid(grades.text_at(*flagged_d, c_pid));
  std::optional<std::size_t> source_row;
  for (std::size_t i = 0; i < s.layer(Role::Parcels).size(); ++i)
    if (s.feature_id(Role::Parcels, i) == pid) source_row = i;
  ASSERT_TRUE(source_row.has_value()) << pid;
  const IdentifyResult id = identify(s, Role::Parcels, *source_row);
  EXPECT_FALSE(id.facts.empty());
  ASSERT_FALSE(id.findings.empty()) << pid << " is flagged " << grades.text_at(*flagged_d, c_flags);
  std::string flag_ids;
  for (const auto& f : id.findings) {
    EXPECT_FALSE(f.reason_zh.empty()) << f.rule_id;
    EXPECT_FALSE(f.clause.empty()) << f.rule_id;
    if (f.outcome == "flag") flag_ids += (flag_ids.empty() ? "" : ";") + f.rule_id;
  }
  EXPECT_EQ(flag_ids, grades.text_at(*flagged_d, c_flags)) << pid;

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

// The desk ranks exactly as `hubland rank`: its ranking table, written as the CLI writes
// ranking.csv, is the same bytes — whether or not the screening stage ran first (the 存量优先
// overlap, a criterion and a tie-break depend on the flagged parcels).
TEST(DeskEngine, RankingEqualsTheCliRankingWithAndWithoutScreening) {
  const std::string sample =
      std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml";
  const std::string dir = test::temp_dir();
  const auto cli = test::run(test::cli() + " --quiet rank " + test::quoted(sample) + " -o " +
                             test::quoted(dir + "/cli"));
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const std::string expected = test::read_file(dir + "/cli/ranking.csv");
  ASSERT_GT(expected.size(), 1000u);

  JobContext ctx(nullptr);
  Session cold = open_analysis(sample, ctx);
  cold.set_results(run_stage(cold, Stage::Ranking, ctx));
  layers::write_csv(cold.results().ranking, dir + "/desk-cold.csv", {.bom = true});
  EXPECT_EQ(test::read_file(dir + "/desk-cold.csv"), expected) << "ranking without screening";

  Session warm = open_analysis(sample, ctx);
  warm.set_results(run_stage(warm, Stage::Screening, ctx));
  warm.set_results(run_stage(warm, Stage::Ranking, ctx));
  layers::write_csv(warm.results().ranking, dir + "/desk-warm.csv", {.bom = true});
  EXPECT_EQ(test::read_file(dir + "/desk-warm.csv"), expected) << "ranking after screening";

  // And the overlap is really there: some project sits on flagged land.
  const auto& facts = warm.results().rank_state->run.facts;
  const auto c_low = facts.index("on_low_efficiency_m2");
  double low_m2 = 0;
  for (std::size_t r = 0; r < facts.row_count(); ++r) low_m2 += facts.real_at(r, c_low);
  EXPECT_GT(low_m2, 0.0);
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

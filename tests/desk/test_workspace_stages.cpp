// The desk on a workspace of the Chongqing sample written by `hubland run`: the stages use the
// ruleset the workspace recorded (its file, or the text stored in the workspace when the file
// is gone), and a stage run from the desk is stored as a new completed run whose grades are the
// CLI's. Also the PostGIS login's URL and the password kept out of what is shown.
#include <gtest/gtest.h>

#include <filesystem>

#include "hubland/desk/engine.hpp"
#include "hubland/desk/postgres_login.hpp"
#include "hubland/desk/workspace_stage.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/sha256.hpp"
#include "hubland/layers/workspace.hpp"
#include "sample_workspace.hpp"
#include "test_support.hpp"

using namespace hubland;
using namespace hubland::desk;

namespace {

// Every cell as text, row by row, with the column names first.
std::vector<std::string> cells(const layers::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns()) out.push_back(c.name);
  for (std::size_t r = 0; r < t.row_count(); ++r)
    for (std::size_t c = 0; c < t.column_count(); ++c)
      out.push_back(t.null_at(r, c) ? "<null>" : layers::as_text(t.get(r, c)));
  return out;
}

// A copy of the sample workspace with one more `run` run, newest, that records the sample's
// ruleset at `ruleset_path` (which need not exist) with `stored_text` kept in the workspace
// ("" = none), and holds the CLI run's parcels and facts.
std::string workspace_with_ruleset_at(const std::string& dir, const std::string& ruleset_path,
                                      const std::string& stored_text, const std::string& sha) {
  const std::string copy = test::sample_workspace_copy(dir);
  auto ws = layers::Workspace::open(copy, layers::OpenMode::MustExist);
  const layers::RunRecord cli_run = ws.run(*ws.latest_run_with("grades"));
  layers::RunInfo info;
  info.command = "run";
  info.inputs = {{.role = "ruleset", .path = ruleset_path, .size_bytes = 1, .sha256 = sha}};
  info.ruleset_id = cli_run.info.ruleset_id;
  info.ruleset_sha256 = sha;
  info.ruleset_text = stored_text;
  info.parameters = cli_run.info.parameters;
  layers::RunScope run(ws, info);
  ws.put_layer(run.id(), "parcels", ws.layer("parcels", cli_run.id));
  ws.put_table(run.id(), "facts", ws.table("facts", cli_run.id));
  run.finish();
  return copy;
}

std::string sample_ruleset_path() {
  auto ws = layers::Workspace::open(test::sample_workspace(), layers::OpenMode::MustExist);
  for (const auto& in : ws.run(*ws.latest_run_with("grades")).info.inputs)
    if (in.role == "ruleset") return in.path;
  return {};
}

}  // namespace

TEST(DeskWorkspaceStages, ScreeningOnAWorkspaceIsStoredAsANewRunWithTheClisGrades) {
  const std::string path = test::sample_workspace_copy(test::temp_dir());
  JobContext ctx(nullptr);
  const Session s = open_workspace(path, ctx);
  // The CLI run's ruleset file exists with its SHA-256: it is used, not the stored text.
  ASSERT_FALSE(s.ruleset_source().from_workspace());
  EXPECT_EQ(s.spec().ruleset, sample_ruleset_path());
  EXPECT_EQ(s.ruleset_source().problem, "");
  EXPECT_TRUE(stage_unavailable_reason(s, Stage::Screening).isEmpty());
  EXPECT_EQ(ruleset_description(s), QStringLiteral("Ruleset %1 (%2)")
                                        .arg(QString::fromStdString(s.ruleset_source().id),
                                             QString::fromStdString(s.spec().ruleset)));

  const auto before = layers::Workspace::open(path, layers::OpenMode::MustExist).runs();
  const StoredStage stored = run_and_store_stage(s, Stage::Screening, ctx);
  auto ws = layers::Workspace::open(path, layers::OpenMode::MustExist);
  const auto after = ws.runs();
  ASSERT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(stored.run, after.back().id);
  const layers::RunRecord run = ws.run(stored.run);
  const layers::RunRecord cli = before.back();
  EXPECT_EQ(run.status, layers::RunStatus::Completed);
  EXPECT_EQ(run.info.command, "screen");
  EXPECT_EQ(run.info.ruleset_id, cli.info.ruleset_id);
  EXPECT_EQ(run.info.ruleset_sha256, cli.info.ruleset_sha256);
  EXPECT_EQ(run.info.parameters.at("as_of"), cli.info.parameters.at("as_of"));
  EXPECT_EQ(run.info.parameters.at("client"), "hubland-desk");
  // The ruleset's text is kept with the run: the workspace can run again elsewhere.
  const auto text = ws.ruleset_text(run.info.ruleset_sha256);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(layers::sha256_hex(*text), run.info.ruleset_sha256);
  // Grades: the CLI's, cell for cell; the run stores facts, grades and findings.
  const layers::Table grades = ws.table("grades", stored.run);
  EXPECT_GT(grades.row_count(), 100u);
  EXPECT_EQ(cells(grades), cells(ws.table("grades", cli.id)));
  EXPECT_EQ(cells(grades), cells(stored.results.grades));
  std::vector<std::string> names;
  for (const auto& d : ws.datasets(stored.run)) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"facts", "grades", "findings"}));
  EXPECT_EQ(run.counts.at("grades"), static_cast<std::int64_t>(grades.row_count()));
  // The newest grades of the workspace are now the desk's run's.
  EXPECT_EQ(*ws.latest_run_with("grades"), stored.run);
}

TEST(DeskWorkspaceStages, AMissingRulesetFileIsTakenFromTheWorkspacesText) {
  const std::string original = sample_ruleset_path();
  ASSERT_FALSE(original.empty());
  const std::string text = test::read_file(original);
  const std::string sha = layers::sha256_hex(text);
  const std::string dir = test::temp_dir();
  const std::string gone = dir + "/elsewhere/ruleset.toml";  // not on this machine
  const std::string path = workspace_with_ruleset_at(dir, gone, text, sha);
  JobContext ctx(nullptr);
  const Session s = open_workspace(path, ctx);
  ASSERT_TRUE(s.ruleset_source().from_workspace()) << s.ruleset_source().problem;
  EXPECT_EQ(s.ruleset_source().text, text);
  EXPECT_EQ(s.ruleset_source().sha256, sha);
  EXPECT_FALSE(s.ruleset_source().rule_ids.empty());
  EXPECT_TRUE(stage_unavailable_reason(s, Stage::Screening).isEmpty());
  EXPECT_EQ(ruleset_description(s), QStringLiteral("Ruleset %1 from the workspace")
                                        .arg(QString::fromStdString(s.ruleset_source().id)));
  const rules::Ruleset r = load_session_ruleset(s);
  EXPECT_EQ(r.sha256, sha);
  EXPECT_EQ(r.file, path) << "named after the workspace, not a temporary file";

  const StoredStage stored = run_and_store_stage(s, Stage::Screening, ctx);
  auto ws = layers::Workspace::open(path, layers::OpenMode::MustExist);
  const auto cli_grades = ws.table("grades", 1);
  EXPECT_EQ(cells(ws.table("grades", stored.run)), cells(cli_grades));
  EXPECT_EQ(ws.run(stored.run).info.ruleset_sha256, sha);
}

TEST(DeskWorkspaceStages, ARulesetNeitherOnDiskNorInTheWorkspaceDisablesTheStagesWithTheReason) {
  const std::string dir = test::temp_dir();
  const std::string gone = dir + "/elsewhere/ruleset.toml";
  const std::string sha(64, 'a');
  const std::string path = workspace_with_ruleset_at(dir, gone, "", sha);
  JobContext ctx(nullptr);
  const Session s = open_workspace(path, ctx);
  EXPECT_FALSE(s.ruleset_source().from_workspace());
  const std::string why = "The workspace's ruleset " + s.ruleset_source().id +
                          " is not on this machine (" + gone +
                          "), and the workspace does not hold its text.";
  EXPECT_EQ(s.ruleset_source().problem, why);
  EXPECT_EQ(stage_unavailable_reason(s, Stage::Screening).toStdString(), why);
  EXPECT_EQ(stage_unavailable_reason(s, Stage::Ranking).toStdString(), why);
  try {
    run_and_store_stage(s, Stage::Screening, ctx);
    ADD_FAILURE() << "a stage ran without its ruleset";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
  }
  // Nothing stored: the newest run is still the one made above.
  auto ws = layers::Workspace::open(path, layers::OpenMode::MustExist);
  EXPECT_EQ(ws.runs().back().info.command, "run");
}

TEST(DeskPostgresLogin, TheFormBuildsAnEncodedUrlAndThePasswordIsNeverShown) {
  PostgresLogin l;
  l.host = QStringLiteral("db.bureau.cq");
  l.port = QStringLiteral("5433");
  l.database = QStringLiteral("hubland");
  l.login = QStringLiteral("office_z1");
  l.password = QStringLiteral("p@ss:w/rd");
  const QString url = postgres_url(l);
  EXPECT_EQ(url,
            QStringLiteral("postgresql://office_z1:p%40ss%3Aw%2Frd@db.bureau.cq:5433/hubland"));
  EXPECT_EQ(redact_password(url),
            QStringLiteral("postgresql://office_z1:***@db.bureau.cq:5433/hubland"));
  EXPECT_EQ(
      redact_password(QStringLiteral("cannot connect to postgresql://a:secret@h:5432/d: refused")),
      QStringLiteral("cannot connect to postgresql://a:***@h:5432/d: refused"));
  EXPECT_EQ(
      redact_password(QStringLiteral("postgres://h/d?user=a&password=secret&sslmode=require")),
      QStringLiteral("postgres://h/d?user=a&password=***&sslmode=require"));
  EXPECT_EQ(redact_password(QStringLiteral("out/ws.hubland.sqlite")),
            QStringLiteral("out/ws.hubland.sqlite"));
  l.password.clear();
  EXPECT_EQ(postgres_url(l), QStringLiteral("postgresql://office_z1@db.bureau.cq:5433/hubland"));

  auto refused = [](PostgresLogin bad) {
    try {
      postgres_url(bad);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  PostgresLogin no_db = l;
  no_db.database = QStringLiteral("  ");
  EXPECT_EQ(refused(no_db), "PostGIS login: the database is empty (field database)");
  PostgresLogin bad_port = l;
  bad_port.port = QStringLiteral("54x");
  EXPECT_EQ(refused(bad_port), "PostGIS login: port '54x' is not a number 1..65535 (field port)");
  PostgresLogin no_host = l;
  no_host.host.clear();
  EXPECT_EQ(refused(no_host), "PostGIS login: the host is empty (field host)");
}

// The window: hubland-desk --open WS --run screening stores the screening as a new run of the
// workspace (the job's own connection), with the CLI's grades.
TEST(DeskWorkspaceStages, TheWindowStoresTheScreeningItRunsOnAWorkspace) {
  namespace fs = std::filesystem;
  const std::string exe =
      (fs::path(HUBLAND_TEST_TMP).parent_path().parent_path() / "app/desk/hubland-desk").string();
  ASSERT_TRUE(fs::exists(exe)) << exe;
  const std::string dir = test::temp_dir();
  const std::string path = test::sample_workspace_copy(dir);
  const auto before = layers::Workspace::open(path, layers::OpenMode::MustExist).runs();
  const auto r = test::run("QT_QPA_PLATFORM=offscreen " + test::quoted(exe) + " --lang en --open " +
                           test::quoted(path) + " --run screening --screenshot " +
                           test::quoted(dir + "/ws.png"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ws = layers::Workspace::open(path, layers::OpenMode::MustExist);
  const auto after = ws.runs();
  ASSERT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(after.back().info.command, "screen");
  EXPECT_EQ(after.back().status, layers::RunStatus::Completed);
  EXPECT_EQ(cells(ws.table("grades", after.back().id)),
            cells(ws.table("grades", before.back().id)));
}

#include "hubland/desk/workspace_stage.hpp"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/sha256.hpp"
#include "hubland/rules/application_check.hpp"

namespace hubland::desk {

namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::workspace_stage)
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot read the ruleset", Where{.file = path});
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TemporaryRulesetFile::TemporaryRulesetFile(const std::string& text, const std::string& name)
    : m_dir(std::make_unique<QTemporaryDir>()) {
  if (!m_dir->isValid())
    throw Error(ErrorKind::Io, "cannot create a temporary folder for the ruleset",
                Where{.file = name});
  m_path = m_dir->filePath(QStringLiteral("ruleset.toml")).toStdString();
  std::ofstream out(m_path, std::ios::binary);
  out << text;
  if (!out.flush())
    throw Error(ErrorKind::Io, "cannot write the ruleset's temporary copy", Where{.file = name});
}

TemporaryRulesetFile::~TemporaryRulesetFile() = default;

RulesetSource workspace_ruleset(const layers::Workspace& ws, const layers::RunInfo& info,
                                std::string& ruleset_path) {
  RulesetSource src;
  src.id = info.ruleset_id;
  src.sha256 = info.ruleset_sha256;
  std::string path;
  for (const auto& in : info.inputs)
    if (in.role == "ruleset") {
      path = in.path;
      if (src.sha256.empty()) src.sha256 = in.sha256;
    }
  ruleset_path.clear();
  const auto found = rules::find_recorded_ruleset(ws, info);
  if (found && !found->text) {
    ruleset_path = found->path;
  } else if (found) {
    src.text = std::move(*found->text);
  } else if (path.empty()) {
    return src;  // the run recorded no ruleset: "names no ruleset"
  } else {
    src.problem =
        (std::filesystem::exists(path)
             ? Text::tr("The ruleset file %1 is not the one the workspace's run used (its SHA-256 "
                        "differs), and the workspace does not hold that ruleset's text.")
                   .arg(QString::fromStdString(path))
             : Text::tr("The workspace's ruleset %1 is not on this machine (%2), and the workspace "
                        "does not hold its text.")
                   .arg(QString::fromStdString(src.id), QString::fromStdString(path)))
            .toStdString();
    ruleset_path = path;
    return src;
  }
  try {
    const rules::Ruleset r = src.from_workspace()
                                 ? rules::load_ruleset_text(src.text, ws.location())
                                 : rules::load_ruleset(ruleset_path);
    if (src.id.empty()) src.id = r.id;
    src.rule_ids = rules::rule_ids(r);
  } catch (const Error& e) {
    src.problem = e.what();
  }
  return src;
}

rules::Ruleset load_session_ruleset(const Session& session) {
  const RulesetSource& src = session.ruleset_source();
  if (!src.problem.empty()) throw Error(ErrorKind::BadInput, src.problem);
  if (src.from_workspace()) return rules::load_ruleset_text(src.text, session.workspace());
  return rules::load_ruleset(session.spec().ruleset);
}

QString ruleset_description(const Session& session) {
  const RulesetSource& src = session.ruleset_source();
  if (src.from_workspace())
    return Text::tr("Ruleset %1 from the workspace").arg(QString::fromStdString(src.id));
  if (session.spec().ruleset.empty()) return {};
  if (src.id.empty())
    return Text::tr("Ruleset %1").arg(QString::fromStdString(session.spec().ruleset));
  return Text::tr("Ruleset %1 (%2)")
      .arg(QString::fromStdString(src.id), QString::fromStdString(session.spec().ruleset));
}

const char* stage_command(Stage stage) noexcept {
  switch (stage) {
    case Stage::Screening:
      return "screen";
    case Stage::Conversion:
      return "check";
    case Stage::Ranking:
      return "rank";
  }
  return "";
}

std::int64_t store_stage_run(const Session& session, Stage stage, const rules::Ruleset& ruleset,
                             const StageResults& results) {
  if (session.workspace().empty())
    throw Error(ErrorKind::BadInput, "the session was not opened from a workspace");
  layers::RunInfo info;
  info.command = stage_command(stage);
  info.ruleset_id = ruleset.id;
  info.ruleset_sha256 = ruleset.sha256;
  const RulesetSource& src = session.ruleset_source();
  info.ruleset_text = !ruleset.text.empty()  ? ruleset.text
                      : src.from_workspace() ? src.text
                                             : read_file(session.spec().ruleset);
  info.inputs.push_back(
      layers::InputRecord{.role = "ruleset",
                          .path = src.from_workspace() ? std::string() : session.spec().ruleset,
                          .size_bytes = info.ruleset_text.size(),
                          .sha256 = ruleset.sha256});
  info.parameters["as_of"] = layers::analysis_date(session.spec());
  if (session.spec().quota_mu)
    info.parameters["quota_mu"] = layers::as_text(*session.spec().quota_mu);
  info.parameters["client"] = "hubland-desk";

  // What the window shows after the stage: the findings of every stage run so far.
  Session after(session);
  after.set_results(results);
  std::vector<std::pair<const char*, const layers::Table*>> tables;
  switch (stage) {
    case Stage::Screening:
      tables = {{"facts", &results.facts}, {"grades", &results.grades}};
      break;
    case Stage::Conversion:
      tables = {{"facts", &results.facts}, {"verdicts", &results.verdicts}};
      break;
    case Stage::Ranking:
      tables = {{"ranking", &results.ranking}};
      break;
  }
  tables.emplace_back("findings", &after.results().findings);

  auto ws = layers::Workspace::open(session.workspace(), layers::OpenMode::MustExist);
  layers::RunScope run(ws, info);
  std::map<std::string, std::int64_t> counts;
  for (const auto& [name, table] : tables) {
    ws.put_table(run.id(), name, *table);
    counts[name] = static_cast<std::int64_t>(table->row_count());
  }
  run.finish(counts);
  return run.id();
}

StoredStage run_and_store_stage(const Session& session, Stage stage, JobContext& context) {
  const QString why = stage_unavailable_reason(session, stage);
  if (!why.isEmpty()) throw Error(ErrorKind::BadInput, why.toStdString());
  const rules::Ruleset ruleset = load_session_ruleset(session);
  StoredStage out;
  out.results = run_stage(session, ruleset, stage, context);
  if (!session.workspace().empty()) {
    context.check_cancel();  // a cancelled stage stores nothing
    const auto who =
        layers::Workspace::open(session.workspace(), layers::OpenMode::MustExist).actor();
    if (who.actor == layers::Actor::Office)
      out.not_stored = Text::tr("not stored: %1 is a zone office, which writes no runs")
                           .arg(QString::fromStdString(who.login))
                           .toStdString();
    else
      out.run = store_stage_run(session, stage, ruleset, out.results);
  }
  return out;
}

}  // namespace hubland::desk

#pragma once
// The desk on a workspace: the ruleset its stages use (the one the workspace's newest `run`
// recorded, from its file or from the text the workspace keeps), and every stage run on it
// stored as a new run of that workspace, so the workspace keeps what the planner computed.

#include <QString>
#include <cstdint>
#include <memory>
#include <string>

#include "hubland/desk/engine.hpp"
#include "hubland/desk/session.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/ruleset.hpp"

class QTemporaryDir;

namespace hubland::desk {

/// The ruleset a run recorded (`info`): its file when that exists and its SHA-256 is the one
/// recorded (or none was recorded) — then `ruleset_path` is set to it — else the text the
/// workspace holds for that SHA-256. The ruleset is loaded once here to list its rule ids; a
/// ruleset that cannot be used leaves `problem` saying why (the stage actions' tooltip).
RulesetSource workspace_ruleset(const layers::Workspace& ws, const layers::RunInfo& info,
                                std::string& ruleset_path);

/// The ruleset the stages of this session use: the workspace's text when the session took it
/// from there, else the file spec().ruleset. Throws Error.
rules::Ruleset load_session_ruleset(const Session& session);
/// A ruleset's text as a file for as long as this object lives (the zone evaluation reads a
/// file): a private temporary folder, removed with it. Throws Error(Io).
class TemporaryRulesetFile {
 public:
  TemporaryRulesetFile(const std::string& text, const std::string& name);
  ~TemporaryRulesetFile();
  TemporaryRulesetFile(const TemporaryRulesetFile&) = delete;
  TemporaryRulesetFile& operator=(const TemporaryRulesetFile&) = delete;
  const std::string& path() const noexcept { return m_path; }

 private:
  std::unique_ptr<QTemporaryDir> m_dir;
  std::string m_path;
};

/// Which ruleset the stage actions use, for their tooltip: "Ruleset ID from the workspace" or
/// "Ruleset ID (PATH)"; "" when the session has none.
QString ruleset_description(const Session& session);

/// The run command a stored stage gets: "screen", "check", "rank" (the CLI's names).
const char* stage_command(Stage stage) noexcept;

struct StoredStage {
  StageResults results;
  std::int64_t run = 0;  ///< the new run in the session's workspace (0: not stored)
  /// Why a stage on a workspace was not stored: a zone office's login writes no runs (on
  /// PostGIS it only reads datasets and acts through applications).
  std::string not_stored;
};

/// Runs a stage (run_stage) and, on a session opened from a workspace, stores it as a new
/// completed run there (store_stage_run) through a connection of its own — call it on the job's
/// worker thread. Throws Error; a failure while storing leaves the run marked failed.
StoredStage run_and_store_stage(const Session& session, Stage stage, JobContext& context);

/// Stores a stage's tables as a new run of the session's workspace (RunScope): screening ->
/// facts, grades, findings; conversion -> facts, verdicts, findings; ranking -> ranking,
/// findings. `findings` is every finding the session shows after the stage. RunInfo: the
/// ruleset's id, SHA-256 and text, parameters as_of and quota_mu (as the session ran), client
/// hubland-desk. Counts: the rows of each table. Returns the run id.
std::int64_t store_stage_run(const Session& session, Stage stage, const rules::Ruleset& ruleset,
                             const StageResults& results);

}  // namespace hubland::desk

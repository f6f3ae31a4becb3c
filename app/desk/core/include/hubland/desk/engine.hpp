#pragma once
// The engine calls the desktop app makes, in one place: opening an analysis and running the
// stages (facts, screening, conversion checks, ranking). Each runs inside a Job (worker
// thread) and returns plain data the UI thread swaps in whole.

#include <QString>
#include <string>
#include <vector>

#include "hubland/desk/job.hpp"
#include "hubland/desk/session.hpp"

namespace hubland::desk {

/// Read an analysis file and all its inputs in the working CRS (layers::load_analysis +
/// layers::load_inputs). Throws Error.
Session open_analysis(const std::string& path, JobContext& context);

enum class Stage { Screening, Conversion, Ranking };
/// "" when the stage can run, else why not (shown as the disabled action's tooltip).
QString stage_unavailable_reason(Stage stage);
/// Run a stage over the session (and the stages it needs); returns the session's results with
/// this stage's tables replaced. Throws Error.
StageResults run_stage(const Session& session, Stage stage, JobContext& context);

/// Write rows of a role's attribute view (with geometry) to `path`; the format follows the
/// suffix: .gpkg, .geojson, .shp (UTF-8 .cpg written), .csv (no geometry). Atomic (VectorSink).
/// Returns the number of features written. Throws Error.
std::size_t export_rows(const Session& session, Role role, const std::vector<std::size_t>& rows,
                        const std::string& path);

}  // namespace hubland::desk

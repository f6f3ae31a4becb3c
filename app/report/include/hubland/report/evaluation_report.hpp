#pragma once
// Zone evaluation reports (评价考核报告): one HTML + PDF per zone and one city-wide summary, in
// Chinese by default or English, rendered from a rules::WorkspaceEvaluation and what the CLI
// derives from it (the self-evaluation table, the next year's quota caps, the newest run's
// parcels). The renderer computes nothing but layout: every score, rank, grade, change and cap
// is the engine's.
//
// A zone report holds: score, grade, rank among the zones of its type and change per year; the
// zones of its type; the indicators (value per year, change, benchmark, direction, weight for
// the zone's type, verified or not) with a trend chart per indicator; the missing values and
// why; 自评 vs 统评 when a self-evaluation is given; a map of the zone's parcels by land status
// from the newest year's run; the quota consequence; the reproducibility stamp. The summary
// holds every zone by type per year, the consequence table, the count of grades per year and
// the ruleset's unverified evaluation values. Files are written atomically.

#include <QColor>
#include <QImage>
#include <QPointF>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/layer.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/report/report.hpp"
#include "hubland/rules/evaluation_workspace.hpp"

namespace hubland::report {

/// What an evaluation report is rendered from.
struct EvaluationReportData {
  const rules::WorkspaceEvaluation& evaluation;
  /// rules::zone_quota_caps of the newest evaluated year.
  const std::vector<rules::ZoneQuotaCap>& caps;
  /// rules::self_evaluation_table of the newest year; null: no self-evaluation given.
  const layers::Table* self = nullptr;
  /// The newest evaluated run's `parcels` layer (working CRS); null: no land-status map.
  const layers::Layer* parcels = nullptr;
  std::string tool_version;  ///< of the tool writing the report
  /// The issuing body in every page's header; nullopt: the ruleset's [report] issuer ("" or
  /// none: no issuer line).
  std::optional<std::string> issuer;
};

/// Per-zone report: <out_dir>/evaluation_<zone_id>.html/.pdf with -trend.png and -map.png next
/// to the HTML (in the zone id, / \ : * ? " < > |, spaces and control characters become '_').
/// Throws Error(BadInput) for a zone the evaluation does not have.
ReportFiles write_zone_evaluation_report(const EvaluationReportData& data,
                                         const std::string& zone_id, Language language,
                                         const std::string& out_dir);
/// City-wide summary: <out_dir>/evaluation_summary.html/.pdf.
ReportFiles write_evaluation_summary(const EvaluationReportData& data, Language language,
                                     const std::string& out_dir);

/// Colour of the value line in the trend charts; tests look for it.
QColor trend_line_colour();
/// Small multiples, one panel per [evaluation] indicator (ruleset order): the zone's value per
/// evaluated year joined by a line, the benchmark dashed. `points[i][y]` is the pixel of
/// indicator i in year evaluation.years[y] (nullopt: no value).
struct TrendChart {
  QImage image;
  std::vector<std::vector<std::optional<QPointF>>> points;
};
TrendChart render_indicator_trends(const rules::WorkspaceEvaluation& evaluation,
                                   const std::string& zone_id, Language language);

/// The zone's parcels (by their zone_id fact in the newest year) coloured by land_status
/// (layers::kLandStatusInfo; no grade: grey), the zone outlined, with legend, scale bar and
/// north arrow. Throws Error(BadInput) when there is neither a parcel nor a zone polygon to map.
RenderedMap render_land_status_map(const EvaluationReportData& data, const std::string& zone_id,
                                   QSize size_px, Language language = Language::Zh);

}  // namespace hubland::report

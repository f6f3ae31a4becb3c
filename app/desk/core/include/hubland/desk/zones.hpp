#pragma once
// The zones view's data: the open workspace's zone evaluation (rules::evaluate_workspace, run
// once per workspace inside a Job) and what the view shows of it for one year — the table of
// zones, the grade keys of the "Zone evaluation" map layer, a zone's worst parcels and its
// trend chart. Nothing here recomputes an evaluation number: every value is a field of the
// engine's rows, facts or grades.

#include <QAbstractTableModel>
#include <QColor>
#include <QImage>
#include <QSize>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/desk/identify.hpp"
#include "hubland/desk/job.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/rules/evaluation_workspace.hpp"

namespace hubland::desk {

using ZoneEvaluationPtr = std::shared_ptr<const rules::WorkspaceEvaluation>;

/// The evaluation of every evaluation year of the workspace; null when it has none
/// (rules::evaluation_runs empty). Throws Error (e.g. the recorded ruleset has no [evaluation]).
ZoneEvaluationPtr evaluate_workspace_zones(const std::string& path_or_url, JobContext& context);

/// The zones of one evaluated year: id, name, type, district, score, rank, grade, change, then
/// one column per indicator (ruleset order, its unit in the header). Display text in
/// Qt::DisplayRole; Qt::UserRole holds the sort key (numbers as double, null invalid).
class ZoneTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { ZoneId, Name, Type, District, Score, Rank, Grade, Change, FirstIndicator };

  explicit ZoneTableModel(Language language = Language::Chinese, QObject* parent = nullptr);

  void set_evaluation(ZoneEvaluationPtr evaluation, int year);
  int year() const noexcept { return m_year; }
  /// The engine row shown on `row` (source order: the evaluation's zone order).
  const rules::ZoneEvaluation& zone(int row) const { return *m_rows.at(static_cast<size_t>(row)); }
  /// Row of a zone id, or -1.
  int row_of(const std::string& zone_id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  Language m_language;
  ZoneEvaluationPtr m_evaluation;
  int m_year = 0;
  std::vector<const rules::ZoneEvaluation*> m_rows;
};

/// The map style of the zones by evaluation grade: the parcel grade colours (map::grade_style,
/// layers::kGrades) plus "-" (no score) in a visible neutral grey with its own legend entry.
map::Style zone_grade_style();
/// Style key (grade of `year`, "-" when the zone has no row or no score) of every feature of
/// the evaluation's zone_layer, feature order.
std::vector<std::string> zone_grade_keys(const rules::WorkspaceEvaluation& evaluation, int year);
/// The "Zone evaluation" map layer of `year`: the zone polygons filled by grade, labelled by
/// zone name. Throws Error(BadInput) when the evaluation has no zones layer.
map::MapLayer zone_evaluation_layer(const rules::WorkspaceEvaluation& evaluation, int year);

/// One of a zone's worst parcels.
struct WorstParcel {
  std::string parcel_id, land_status, grade;
  std::optional<double> grade_score;  ///< the grades table's 亩均 score
  std::optional<double> area_mu;
};
/// The zone's parcels of `year` (facts zone_id) with their grades: strongest low-efficiency
/// land status first (layers::kLandStatusInfo order: 疑似闲置, 停产, 低效, 正常, then none),
/// then the lowest grade score (no score after), then parcel id; at most `limit`.
std::vector<WorstParcel> worst_parcels(const rules::WorkspaceEvaluation& evaluation, int year,
                                       const std::string& zone_id, std::size_t limit = 20);

/// Colour of the trend lines (tests look for it).
inline const QColor kTrendLineColour{31, 120, 180};
/// A zone's trend across the evaluated years, drawn with QPainter: one small panel per series
/// (score 0–100, then each indicator in ruleset order with its own range), years on x, a line
/// through the values, each value labelled; a missing value leaves a gap. Panels are at least
/// 110 px tall: with many indicators the image is taller than `size`.
QImage trend_chart(const rules::WorkspaceEvaluation& evaluation, const std::string& zone_id,
                   QSize size, Language language);

}  // namespace hubland::desk

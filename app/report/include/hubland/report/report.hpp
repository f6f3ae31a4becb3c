#pragma once
// Justification reports: why a project did or did not get land quota, per project and
// per zone office, as HTML and PDF (Qt Gui offscreen: QTextDocument + QPdfWriter, CJK text in
// Noto Sans CJK SC), Chinese by default, English on request.
//
// A report shows: a map of the site with its zone, nearby hubs, catchment rings, constraints and
// low-efficiency parcels (scale bar, north arrow, legend); the eligibility rules with outcomes
// and clauses; the criteria with raw values, normalised scores, weights and contributions (table
// and bar chart); rank, rank interval (5th-95th percentile under perturbed weights) and funded
// share; the allocation; and a reproducibility stamp (ruleset id and SHA-256, input SHA-256s,
// tool version, run id).
//
// Everything is plain data in RankRun, filled by the CLI from the engine (rules/ranking,
// allocation, sensitivity); the renderer computes nothing but layout. Files are written
// atomically. Needs a QGuiApplication (QtRuntime makes one, offscreen, when there is none).

#include <QImage>
#include <QSize>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/sensitivity.hpp"

class QGuiApplication;

namespace hubland::report {

enum class Language { Zh, En };
/// "zh" | "en"; throws Error(BadInput) otherwise.
Language language_from_string(const std::string& s);

/// Makes sure a QGuiApplication exists (offscreen platform unless QT_QPA_PLATFORM is set) for
/// as long as this object lives; does nothing when the program already has one.
class QtRuntime {
 public:
  QtRuntime();
  ~QtRuntime();
  QtRuntime(const QtRuntime&) = delete;
  QtRuntime& operator=(const QtRuntime&) = delete;

 private:
  std::unique_ptr<QGuiApplication> m_app;
};

/// The map layers, all in the working CRS (metres). Any may be empty.
struct MapScene {
  std::vector<geo::Wkb> zones;
  std::vector<std::string> zone_ids, zone_names;
  std::vector<geo::Wkb> hubs;  ///< points (or polygons: their centre is used for rings)
  std::vector<std::string> hub_types, hub_names;
  std::vector<double> rings_km;  ///< catchment rings drawn around each hub
  std::vector<geo::Wkb> constraints;
  std::vector<std::string> constraint_kinds;  ///< "redline", "farmland", "udb", ...
  std::vector<geo::Wkb> low_efficiency;       ///< parcels the screening flagged
  std::vector<geo::Wkb> sites;                ///< project sites, one per facts row
  std::vector<std::string> site_ids;
};

/// Colour of the project(s) a map is about; tests look for it at the site's position.
QColor focus_site_colour();

/// A rendered map and the view it used (to find a world point in the image).
struct RenderedMap {
  QImage image;
  map::MapView view;
};
/// The map of `focus_sites` (indices into scene.sites) with `margin_m` of air around them and
/// the rest of the scene for context; legend in `language`, the focus sites labelled
/// `focus_label` ("" = "this project"). Throws Error(BadInput) when no focus site has geometry.
RenderedMap render_site_map(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                            QSize size_px, double margin_m, Language language = Language::Zh,
                            const QString& focus_label = {});

/// One eligibility rule, as the report shows it.
struct RuleInfo {
  rules::BilingualText title;
  std::string clause;
};

/// Reproducibility stamp.
struct Stamp {
  std::string ruleset_id;
  std::string ruleset_file;
  std::string ruleset_sha256;
  std::vector<std::pair<std::string, std::string>> inputs;  ///< (source, SHA-256)
  std::string tool_version;
  std::string run_id;
};

/// Everything a ranking run produced; rows are facts rows.
struct RankRun {
  layers::Table facts;  ///< project facts (project_id, project_name, zone_id, ...)
  rules::RankingConfig config;
  rules::AllocationPolicy policy;
  rules::Ranking ranking;
  std::vector<rules::Allocation> allocations;  ///< facts row order
  rules::Sensitivity sensitivity;              ///< indexed like ranking.model.rows
  std::vector<rules::Finding> eligibility;     ///< all eligibility findings (pass and fail)
  std::map<std::string, RuleInfo> rules;       ///< eligibility rule id -> title, clause
  std::vector<std::string> rule_order;         ///< rule ids in ruleset order
  Stamp stamp;
  MapScene scene;

  /// Facts row of a project id; nullopt when unknown.
  std::optional<std::size_t> row_of(const std::string& project_id) const;
  /// Sensitivity figures of a facts row (nullopt for an ineligible project).
  struct Robustness {
    int rank_p05 = 0, rank_p95 = 0;
    double funded_share = 0;
  };
  std::optional<Robustness> robustness(std::size_t row) const;
};

/// The RankRun of a ranking stage, as the CLI and the desk both build it: the stage's results
/// moved in; the eligibility rules' titles and clauses from `ruleset`; the map scene from
/// `inputs` (zones, hubs, constraints, the project sites, the parcels named in
/// `flagged_parcel_ids` as low-efficiency) with `rings_km` around the hubs.
RankRun make_rank_run(rules::RankingStage stage, const rules::Ruleset& ruleset,
                      const layers::AnalysisInputs& inputs,
                      const std::vector<std::string>& flagged_parcel_ids,
                      const std::vector<double>& rings_km, Stamp stamp);

/// What a report wrote.
struct ReportFiles {
  std::string html;  ///< the HTML page (its images next to it)
  std::string pdf;
  std::string map_png;
  std::string chart_png;  ///< "" for zone reports
  int pdf_pages = 0;
};

/// Per-project report into out_dir: <id>.html, <id>.pdf, <id>-map.png, <id>-criteria.png.
/// Throws Error(BadInput) for an unknown project id.
ReportFiles write_project_report(const RankRun& run, const std::string& project_id,
                                 Language language, const std::string& out_dir);
/// Zone-office report: every project of the zone with status, rank, interval and reasons, and a
/// map of the zone: zone-<id>.html/.pdf/-map.png. Throws Error(BadInput) for an unknown zone.
ReportFiles write_zone_report(const RankRun& run, const std::string& zone_id, Language language,
                              const std::string& out_dir);

/// The criteria bar chart (contribution per criterion) of one eligible project.
QImage render_criteria_chart(const RankRun& run, std::size_t row, Language language);

}  // namespace hubland::report

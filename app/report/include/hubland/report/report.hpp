#pragma once
// Justification reports: why a project did or did not get land quota, per project and
// per zone office, as HTML and PDF (Qt Gui offscreen: QTextDocument + QPdfWriter, CJK text in
// Noto Sans CJK SC), Chinese by default, English on request.
//
// A project report shows: a map of the site with its zone, district, approved park, nearby hubs,
// catchment rings, constraints and low-efficiency parcels (scale bar, north arrow, legend); a
// map of the site split by current land class (现状地类) with approved land (供地); the land
// and quota account (new vs existing construction land, 耕地, 批而未供, quota charged or
// 存量保障); the eligibility rules with outcomes and clauses; the criteria with raw values,
// normalised scores, weights and contributions (table and bar chart); rank, rank interval
// (5th-95th percentile under perturbed weights) and funded share; the allocation; and a
// reproducibility stamp (ruleset id and SHA-256, input SHA-256s, tool version, run id).
// Zone and district reports list their projects with the same land and quota columns and
// per-district totals (rules::district_totals); a district report adds its land stock.
//
// Everything is plain data in RankRun, filled by the CLI from the engine (rules/ranking,
// allocation, sensitivity, district land stock); the renderer computes nothing but layout and
// the engine's own totals. Files are written atomically. Needs a QGuiApplication (QtRuntime
// makes one, offscreen, when there is none).

#include <QImage>
#include <QSize>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/applications.hpp"
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/land_class.hpp"
#include "hubland/layers/table.hpp"
#include "hubland/map/map_renderer.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/application_check.hpp"
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
  /// Land-survey 图斑 (现状地类) with their class key (land_class_key): the land map only.
  std::vector<geo::Wkb> land;
  std::vector<std::string> land_classes;
  /// Approved land (land_supply) with its status key ("approved_unsupplied", ...): land map.
  std::vector<geo::Wkb> supply;
  std::vector<std::string> supply_status;
  std::vector<geo::Wkb> parks;  ///< approved industrial-park boundaries
  std::vector<std::string> park_ids, park_names;
  std::vector<geo::Wkb> districts;  ///< 区县 boundaries
  std::vector<std::string> district_codes, district_names;
};

/// Colour of the project(s) a map is about; tests look for it at the site's position.
QColor focus_site_colour();

/// Class keys of land-survey 图斑 on the land map.
inline constexpr const char* kLandCultivated = "cultivated";      ///< 耕地
inline constexpr const char* kLandAgricultural = "agricultural";  ///< other 农用地
inline constexpr const char* kLandConstruction = "construction";  ///< 建设用地
inline constexpr const char* kLandUnused = "unused";              ///< 未利用地
inline constexpr const char* kLandUnclassified = "unclassified";  ///< no entry for the dlbm
/// The key of a dlbm under `table` (kLandUnclassified when `table` is null or has no entry).
std::string land_class_key(const layers::LandClassTable* table, const std::string& dlbm);
/// Fill colour (opaque) of a land class key on the land map; tests look for it.
QColor land_class_colour(const std::string& key);

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

/// The map of the focus sites at site scale (`margin_m` of air around them): land-survey 图斑
/// coloured by class, approved land hatched by status, parks and districts outlined, the focus
/// sites outlined on top (filled only when the scene has no land survey).
RenderedMap render_land_map(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                            QSize size_px, double margin_m, Language language = Language::Zh);
/// The map of a district (its boundary in scene.districts, else the focus sites) with
/// `focus_sites` highlighted. Throws Error(BadInput) when neither has geometry.
RenderedMap render_district_map(const MapScene& scene, const std::string& district_code,
                                const std::vector<std::size_t>& focus_sites, QSize size_px,
                                Language language = Language::Zh);

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
  /// layers::district_land_stock of the inputs: land-supply status totals and disposals per
  /// district (empty table: no land_supply or no districts).
  layers::Table district_land_stock;
  /// The issuing body every PDF page names in its header (the ruleset's [report] issuer, or
  /// the CLI's --issuer); "" prints no issuer line.
  std::string issuer;

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
/// `flagged_parcel_ids` as low-efficiency, parks, districts, approved land, and the land survey
/// classified with the ruleset's [land_classes] — without one every 图斑 is unclassified) with
/// `rings_km` around the hubs; the district land stock is the stage's; the issuer is the
/// ruleset's [report] issuer.
RankRun make_rank_run(rules::RankingStage stage, const rules::Ruleset& ruleset,
                      const layers::AnalysisInputs& inputs,
                      const std::vector<std::string>& flagged_parcel_ids,
                      const std::vector<double>& rings_km, Stamp stamp);

/// What a report wrote.
struct ReportFiles {
  std::string html;  ///< the HTML page (its images next to it)
  std::string pdf;
  std::string map_png;
  std::string chart_png;     ///< "" for zone and district reports
  std::string land_map_png;  ///< project reports with land-survey or supply data; else ""
  int pdf_pages = 0;
};

/// Per-project report into out_dir: <id>.html, <id>.pdf, <id>-map.png, <id>-land.png,
/// <id>-criteria.png.
/// Throws Error(BadInput) for an unknown project id.
ReportFiles write_project_report(const RankRun& run, const std::string& project_id,
                                 Language language, const std::string& out_dir);
/// Zone-office report: every project of the zone with status, rank, interval, new and existing
/// land, quota charged and reasons, totals per district, and a map of the zone:
/// zone-<id>.html/.pdf/-map.png. Throws Error(BadInput) for an unknown zone.
ReportFiles write_zone_report(const RankRun& run, const std::string& zone_id, Language language,
                              const std::string& out_dir);
/// District (区县) report: the district's totals (requested, new and existing land, 耕地, quota
/// charged, 增存挂钩 reward, funded / waitlisted / ineligible, funded without quota), its land
/// stock (批而未供 ... and disposals in the year), every project with status and reasons, and a
/// map of the district: district-<code>.html/.pdf/-map.png. Throws Error(BadInput) when no
/// project, land stock or boundary has that code.
ReportFiles write_district_report(const RankRun& run, const std::string& district_code,
                                  Language language, const std::string& out_dir);

/// What an application report shows besides the justification itself.
struct ApplicationRecord {
  layers::Application application;
  std::vector<layers::ApplicationEvent> history;  ///< oldest first
  /// The checks stored at submission and at review (parsed from the application's JSON).
  std::optional<rules::ApplicationChecks> submitted, reviewed;
  /// Title and clause of every rule of the ruleset (screening, conversion, eligibility) by id:
  /// the rules the decision names are printed with them.
  std::map<std::string, RuleInfo> rules;
};

/// The justification of an application (docs/workflow.md), application-<id>.html/.pdf: the
/// application (kind, subject, zone, status, filed by and when), the decision with its reason,
/// the rules it relies on (title and clause) and its conditions, the history (every change of
/// status: who, when, from -> to, reason), what the office saw at submission beside the
/// bureau's re-check (rank, interval, allocation, quota charged; or the conversion verdict),
/// then — for a project — the project's full justification from `run` (the ranking with the
/// application among the workspace's projects), or — for a conversion — the rules with their
/// outcomes. `run` must hold the subject for a project application (Error(BadInput) otherwise);
/// its stamp and issuer frame every page for both kinds.
ReportFiles write_application_report(const RankRun& run, const ApplicationRecord& record,
                                     Language language, const std::string& out_dir);

/// write_application_report for application `id` of a workspace, as `hubland report WS
/// --application ID` and the desk's "Open justification" both assemble it: the application, its
/// history, the checks stored at submission and review, the titles and clauses of the ruleset's
/// rules, and the justification re-computed (rules::assess_application) on the run the newest
/// stored checks name — what the decision saw — or on the newest basis for a draft. `issuer`
/// replaces the ruleset's [report] issuer when set. Throws Error.
ReportFiles write_workspace_application_report(const layers::Workspace& ws, std::int64_t id,
                                               Language language,
                                               const std::optional<std::string>& issuer,
                                               const std::string& out_dir,
                                               const rules::StepCallback& on_step = {});

/// The criteria bar chart (contribution per criterion) of one eligible project.
QImage render_criteria_chart(const RankRun& run, std::size_t row, Language language);

}  // namespace hubland::report

#include "hubland/desk/engine.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "hubland/desk/workspace_stage.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/district_land.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/evaluation_workspace.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/screening.hpp"
#include "hubland/rules/sensitivity.hpp"
#include "hubland/version.hpp"

namespace hubland::desk {

Session open_analysis(const std::string& path, JobContext& context) {
  context.progress(0, 3);
  layers::AnalysisSpec spec = layers::load_analysis(path);
  // A re-run of the overlay finds its prepared zones and constraints (docs/performance.md).
  spec.prepared_cache_dir = layers::default_prepared_cache_dir();
  context.check_cancel();
  context.progress(1, 3);
  layers::AnalysisInputs inputs = layers::load_inputs(spec);
  context.check_cancel();
  context.progress(3, 3);
  return Session(std::move(inputs), std::move(spec));
}

Session open_workspace(const std::string& path_or_url, JobContext& context) {
  auto ws = layers::Workspace::open(path_or_url, layers::OpenMode::MustExist);
  layers::AnalysisInputs inputs;
  const Role roles[] = {Role::Parcels,     Role::Zones,    Role::Hubs,        Role::Catchments,
                        Role::Constraints, Role::Projects, Role::Conversions, Role::Roads};
  std::size_t done = 0;
  for (Role role : roles) {
    context.check_cancel();
    context.progress(done++, std::size(roles) + 5);
    const std::string name = layers::to_string(role);
    if (!ws.latest_run_with(name)) continue;
    layers::Layer layer = ws.layer(name);
    layer.role = role;
    if (inputs.working_epsg == 0) inputs.working_epsg = layer.epsg;
    inputs.layers[role] = std::move(layer);
  }
  if (inputs.layers.empty())
    throw Error(ErrorKind::BadInput,
                "the workspace holds no layer named after a role (parcels, zones, ...)",
                Where{.file = path_or_url});
  StageResults res;
  std::pair<const char*, layers::Table*> tables[] = {{"facts", &res.facts},
                                                     {"grades", &res.grades},
                                                     {"verdicts", &res.verdicts},
                                                     {"ranking", &res.ranking},
                                                     {"findings", &res.findings}};
  for (auto& [name, table] : tables) {
    context.progress(done++, std::size(roles) + 5);
    if (ws.latest_run_with(name)) *table = ws.table(name);
  }
  layers::AnalysisSpec spec;
  spec.file = path_or_url;
  RulesetSource ruleset;
  // The stages run with what the newest `run` recorded: its ruleset, date and quota.
  if (const auto runs = rules::evaluation_runs(ws); !runs.empty()) {
    const layers::RunInfo& info = runs.rbegin()->second.info;
    ruleset = workspace_ruleset(ws, info, spec.ruleset);
    if (const auto it = info.parameters.find("as_of"); it != info.parameters.end())
      spec.as_of = it->second;
    if (const auto it = info.parameters.find("quota_mu"); it != info.parameters.end()) {
      double mu = 0;
      const auto& t = it->second;
      if (std::from_chars(t.data(), t.data() + t.size(), mu).ec == std::errc()) spec.quota_mu = mu;
    }
  }
  Session session(std::move(inputs), std::move(spec));
  session.set_results(std::move(res));
  session.set_workspace(path_or_url);
  session.set_ruleset_source(std::move(ruleset));
  return session;
}

namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::engine)
};

layers::FactsOptions facts_options_for(const Session& session, const rules::Ruleset& ruleset,
                                       JobContext& context) {
  layers::FactsOptions fo = rules::facts_options(session.spec(), ruleset);
  fo.cancel = context.cancel_flag();
  fo.progress = [&context](std::size_t done, std::size_t total) { context.progress(done, total); };
  return fo;
}

layers::Table parcel_facts(const Session& session, const rules::Ruleset& ruleset,
                           JobContext& context) {
  if (session.results().facts.row_count() > 0) return session.results().facts;
  return layers::compute_parcel_facts(session.inputs(),
                                      facts_options_for(session, ruleset, context))
      .facts;
}

void run_ranking(const Session& session, const rules::Ruleset& ruleset, StageResults& res,
                 JobContext& context) {
  const auto& in = session.inputs();
  layers::Table project_facts =
      layers::compute_project_facts(in, facts_options_for(session, ruleset, context)).facts;
  context.check_cancel();
  // 存量优先 exactly as `hubland rank` computes it: the parcels the ruleset's screening flags,
  // whether or not the screening stage has been run in this session.
  rules::FlaggedParcels flagged;
  if (in.has(Role::Parcels) && ruleset.has_screening)
    flagged = rules::screen_flagged_parcels(in.at(Role::Parcels),
                                            parcel_facts(session, ruleset, context), ruleset);
  context.check_cancel();
  rules::RankingConfig config = ruleset.ranking_config();
  res.zone_caps_basis = apply_zone_caps(session, ruleset, config);
  rules::RankingStage stage = rules::run_ranking_stage(
      std::move(project_facts), in.at(Role::Projects).geometry, flagged.geometry,
      layers::district_land_stock(in, facts_options_for(session, ruleset, context)), ruleset,
      config, session.spec().quota_mu, [&context](const std::string&) { context.check_cancel(); });
  res.ranking = rules::ranking_table(stage);  // the table `hubland rank` writes as ranking.csv
  res.eligibility_findings = rules::findings_table(stage.eligibility);
  auto state = std::make_shared<RankState>();
  state->run =
      report::make_rank_run(std::move(stage), ruleset, in, flagged.ids, session.spec().rings_km,
                            {ruleset.id, ruleset.file, ruleset.sha256, {}, kVersion, "desk"});
  res.rank_state = std::move(state);
}

}  // namespace

QString stage_unavailable_reason(const Session& session, Stage stage) {
  if (!session.ruleset_source().problem.empty())
    return QString::fromStdString(session.ruleset_source().problem);
  if (session.spec().ruleset.empty() && !session.ruleset_source().from_workspace())
    return Text::tr("The analysis names no ruleset ([analysis] ruleset).");
  switch (stage) {
    case Stage::Screening:
      if (!session.has(Role::Parcels)) return Text::tr("The analysis has no parcels layer.");
      break;
    case Stage::Conversion:
      if (!session.has(Role::Conversions))
        return Text::tr("The analysis has no conversion requests layer.");
      if (!session.has(Role::Parcels)) return Text::tr("The analysis has no parcels layer.");
      break;
    case Stage::Ranking:
      if (!session.has(Role::Projects)) return Text::tr("The analysis has no projects layer.");
      break;
  }
  return {};
}

StageResults run_stage(const Session& session, Stage stage, JobContext& context) {
  const QString why = stage_unavailable_reason(session, stage);
  if (!why.isEmpty()) throw Error(ErrorKind::BadInput, why.toStdString());
  return run_stage(session, load_session_ruleset(session), stage, context);
}

StageResults run_stage(const Session& session, const rules::Ruleset& ruleset, Stage stage,
                       JobContext& context) {
  StageResults res = session.results();
  switch (stage) {
    case Stage::Screening: {
      res.facts = parcel_facts(session, ruleset, context);
      context.check_cancel();
      const rules::FactsDb db(res.facts, rules::Subject::Parcel, &ruleset);
      const rules::ScreeningResult sr = rules::screen(db, ruleset, rules::Keep::NonPass);
      res.grades = rules::grades_table(sr);
      rules::add_district_columns(res.grades, "parcel_id", res.facts, "parcel_id");
      res.screening_findings = rules::findings_table(sr.findings);
      rules::add_district_columns(res.screening_findings, "subject_id", res.facts, "parcel_id");
      break;
    }
    case Stage::Conversion: {
      res.facts = parcel_facts(session, ruleset, context);
      context.check_cancel();
      const layers::Table requests =
          rules::request_facts(session.layer(Role::Conversions).attributes, res.facts);
      const rules::FactsDb db(requests, rules::Subject::Request, &ruleset);
      const rules::ConversionResult cr = rules::check_conversions(db, ruleset);
      res.verdicts = rules::verdicts_table(cr);
      rules::add_district_columns(res.verdicts, "request_id", requests, "request_id");
      res.conversion_findings = rules::findings_table(cr.findings);
      rules::add_district_columns(res.conversion_findings, "subject_id", requests, "request_id");
      break;
    }
    case Stage::Ranking:
      run_ranking(session, ruleset, res, context);
      break;
  }
  context.check_cancel();
  return res;
}

std::string apply_zone_caps(const Session& session, const rules::Ruleset& ruleset,
                            rules::RankingConfig& config) {
  std::optional<layers::Workspace> ws;
  if (!session.workspace().empty() && config.caps_from_evaluation)
    ws = layers::Workspace::open(session.workspace(), layers::OpenMode::MustExist);
  return rules::caps_for_ranking(config, ruleset, ws ? &*ws : nullptr, session.workspace(),
                                 layers::analysis_date(session.spec()));
}

std::string write_project_report(const Session& session, const std::string& project_id,
                                 report::Language language, const std::string& out_dir) {
  const auto& state = session.results().rank_state;
  if (!state)
    throw Error(ErrorKind::BadInput, Text::tr("Run the project ranking first.").toStdString());
  std::filesystem::create_directories(out_dir);
  return report::write_project_report(state->run, project_id, language, out_dir).pdf;
}

std::size_t export_rows(const Session& session, Role role, const std::vector<std::size_t>& rows,
                        const std::string& path) {
  if (!session.has(role)) throw Error(ErrorKind::BadInput, "no such layer in the session");
  const auto view = session.view(role);
  const auto& layer = session.layer(role);
  layers::Table out;
  for (const auto& col : view->columns()) out.add_column(col.name, col.type, col.unit);
  out.reserve(rows.size());
  std::vector<geo::Wkb> geometry;
  for (std::size_t r : rows) {
    if (r >= view->row_count()) continue;
    const std::size_t o = out.add_row();
    for (std::size_t c = 0; c < view->column_count(); ++c)
      if (!view->null_at(r, c)) out.set(o, c, view->get(r, c));
    if (r < layer.geometry.size()) geometry.push_back(layer.geometry[r]);
  }
  // The exporter (docs/export.md): shapefile short names with a sidecar map, .cpg/.prj, the
  // 2 GB check, GeoPackage styles, XLSX.
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  layers::ExportOptions options;
  options.format = layers::export_format_from(ext);
  options.output = path;
  options.bom = options.format == layers::ExportFormat::Csv ? layers::Bom::Yes : layers::Bom::No;
  const bool with_geometry = geometry.size() == out.row_count() && !geometry.empty();
  const auto report = layers::export_table(out, with_geometry ? &geometry : nullptr, layer.epsg,
                                           layers::to_string(role), options);
  return report.features;
}

}  // namespace hubland::desk

#include "hubland/desk/engine.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>

#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/export.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/allocation.hpp"
#include "hubland/rules/conversion.hpp"
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
  Session session(std::move(inputs), std::move(spec));
  session.set_results(std::move(res));
  return session;
}

namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::engine)
};

layers::FactsOptions facts_options_for(const Session& session, JobContext& context) {
  layers::FactsOptions fo = layers::facts_options(session.spec());
  fo.cancel = context.cancel_flag();
  fo.progress = [&context](std::size_t done, std::size_t total) { context.progress(done, total); };
  return fo;
}

layers::Table parcel_facts(const Session& session, JobContext& context) {
  if (session.results().facts.row_count() > 0) return session.results().facts;
  return layers::compute_parcel_facts(session.inputs(), facts_options_for(session, context)).facts;
}

std::vector<std::string> texts(const layers::Layer& l, const char* column) {
  std::vector<std::string> out(l.size());
  if (auto c = l.attributes.find(column))
    for (std::size_t i = 0; i < l.size(); ++i)
      if (!l.attributes.null_at(i, *c)) out[i] = layers::as_text(l.attributes.get(i, *c));
  return out;
}

void run_ranking(const Session& session, const rules::Ruleset& ruleset, StageResults& res,
                 JobContext& context) {
  const auto& in = session.inputs();
  auto state = std::make_shared<RankState>();
  report::RankRun& run = state->run;
  layers::Table project_facts =
      layers::compute_project_facts(in, facts_options_for(session, context)).facts;
  context.check_cancel();
  // 存量优先: overlap with the parcels the screening flagged (when it has run).
  std::vector<const geo::Wkb*> flagged;
  std::set<std::string> flagged_ids;
  if (in.has(Role::Parcels) && res.grades.row_count() > 0) {
    const auto flags = res.grades.find("flags");
    const auto ids = res.grades.find("parcel_id");
    if (flags && ids)
      for (std::size_t r = 0; r < res.grades.row_count(); ++r)
        if (!res.grades.null_at(r, *flags) && !res.grades.text_at(r, *flags).empty())
          flagged_ids.insert(layers::as_text(res.grades.get(r, *ids)));
    const auto& parcels = in.at(Role::Parcels);
    const auto pid = texts(parcels, "parcel_id");
    for (std::size_t i = 0; i < parcels.size(); ++i)
      if (flagged_ids.count(pid[i])) {
        flagged.push_back(&parcels.geometry[i]);
        run.scene.low_efficiency.push_back(parcels.geometry[i]);
      }
  }
  // The same stage as `hubland rank`, so the app ranks identically.
  rules::RankingStage stage = rules::run_ranking_stage(
      std::move(project_facts), in.at(Role::Projects).geometry, flagged, ruleset,
      rules::load_ranking_config(session.spec().ruleset), session.spec().quota_mu,
      [&context](const std::string&) { context.check_cancel(); });
  run.facts = std::move(stage.facts);
  run.config = std::move(stage.config);
  run.policy = stage.policy;
  run.ranking = std::move(stage.ranking);
  run.allocations = std::move(stage.allocations);
  run.sensitivity = std::move(stage.sensitivity);
  run.eligibility = std::move(stage.eligibility);
  const auto c_low = run.facts.index("on_low_efficiency_m2");
  for (const auto& rule : ruleset.eligibility) {
    run.rules[rule.id] = {{rule.title.zh, rule.title.en}, rule.clause};
    run.rule_order.push_back(rule.id);
  }
  run.stamp = {ruleset.id, ruleset.file, ruleset.sha256, {}, kVersion, "desk"};
  auto& s = run.scene;
  s.sites = in.at(Role::Projects).geometry;
  s.site_ids = texts(in.at(Role::Projects), "project_id");
  s.rings_km = session.spec().rings_km;
  if (in.has(Role::Zones)) {
    s.zones = in.at(Role::Zones).geometry;
    s.zone_ids = texts(in.at(Role::Zones), "zone_id");
    s.zone_names = texts(in.at(Role::Zones), "zone_name");
  }
  if (in.has(Role::Hubs)) {
    s.hubs = in.at(Role::Hubs).geometry;
    s.hub_types = texts(in.at(Role::Hubs), "hub_type");
    s.hub_names = texts(in.at(Role::Hubs), "hub_name");
  }
  if (in.has(Role::Constraints)) {
    s.constraints = in.at(Role::Constraints).geometry;
    s.constraint_kinds = texts(in.at(Role::Constraints), "kind");
  }

  // The ranking table the app shows (joined onto the projects layer).
  layers::Table t;
  const auto c_id = t.add_column("project_id", layers::FieldType::Text);
  const auto c_el = t.add_column("eligible", layers::FieldType::Integer);
  const auto c_score = t.add_column("score", layers::FieldType::Real);
  const auto c_rank = t.add_column("rank", layers::FieldType::Integer);
  const auto c_alloc = t.add_column("allocation", layers::FieldType::Text);
  const auto c_mu = t.add_column("allocated_mu", layers::FieldType::Real, "mu");
  const auto c_low2 = t.add_column("on_low_efficiency_m2", layers::FieldType::Real, "m2");
  for (std::size_t r = 0; r < run.ranking.projects.size(); ++r) {
    const auto& p = run.ranking.projects[r];
    const auto i = t.add_row();
    t.set(i, c_id, p.project_id);
    t.set(i, c_el, std::int64_t{p.eligible ? 1 : 0});
    if (p.eligible) {
      t.set(i, c_score, p.score);
      t.set(i, c_rank, std::int64_t{p.rank});
    }
    if (r < run.allocations.size()) {
      t.set(i, c_alloc, std::string(rules::to_string(run.allocations[r].status)));
      t.set(i, c_mu, run.allocations[r].allocated_mu);
    }
    if (r < run.facts.row_count()) t.set(i, c_low2, run.facts.get(r, c_low));
  }
  res.ranking = std::move(t);
  res.eligibility_findings = rules::findings_table(run.eligibility);
  res.rank_state = std::move(state);
}

}  // namespace

QString stage_unavailable_reason(const Session& session, Stage stage) {
  if (session.spec().ruleset.empty())
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
  const rules::Ruleset ruleset = rules::load_ruleset(session.spec().ruleset);
  StageResults res = session.results();
  switch (stage) {
    case Stage::Screening: {
      res.facts = parcel_facts(session, context);
      context.check_cancel();
      const rules::FactsDb db(res.facts, rules::Subject::Parcel, &ruleset);
      const rules::ScreeningResult sr = rules::screen(db, ruleset, rules::Keep::NonPass);
      res.grades = rules::grades_table(sr);
      res.screening_findings = rules::findings_table(sr.findings);
      break;
    }
    case Stage::Conversion: {
      res.facts = parcel_facts(session, context);
      context.check_cancel();
      const layers::Table requests =
          rules::request_facts(session.layer(Role::Conversions).attributes, res.facts);
      const rules::FactsDb db(requests, rules::Subject::Request, &ruleset);
      const rules::ConversionResult cr = rules::check_conversions(db, ruleset);
      res.verdicts = rules::verdicts_table(cr);
      res.conversion_findings = rules::findings_table(cr.findings);
      break;
    }
    case Stage::Ranking:
      run_ranking(session, ruleset, res, context);
      break;
  }
  context.check_cancel();
  return res;
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

// The zone-office workflow (docs/workflow.md):
//   hubland apply WS --project FILE[|layer] [--id ID] [--zone Z] [--draft]
//   hubland apply WS --conversion FILE[|layer] [--id ID] [--zone Z] [--draft]
//   hubland applications WS [--status S] [--id N]          (--json for machine-readable output)
//   hubland decide WS --application N --decision approve|conditional|reject --reason TEXT
//                     [--rule RULE_ID ...] [--conditions TEXT] [--expect-version V]
//   hubland withdraw WS --application N [--reason TEXT] [--expect-version V]
//   hubland office add WS --login L (--zone Z | --bureau) [--password-env VAR]
// The login of a postgresql:// WS decides the role; on a SpatiaLite workspace one user does
// everything. Checks come from rules::assess_application against the workspace's newest run.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/postgis.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/sql_text.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/rules/application_check.hpp"
#include "options.hpp"
#ifdef HUBLAND_HAVE_REPORT
#include "hubland/report/report.hpp"
#endif

namespace hubland::cli {

namespace {

using layers::Application;
using layers::ApplicationStatus;
using layers::Workspace;

nlohmann::ordered_json checks_json_or_null(const std::string& checks_json) {
  if (checks_json.empty()) return nullptr;
  return nlohmann::ordered_json::parse(checks_json);
}

nlohmann::ordered_json event_json(const layers::ApplicationEvent& e) {
  return {{"at_utc", e.at_utc}, {"user", e.user},   {"from", e.from_status}, {"to", e.to_status},
          {"reason", e.reason}, {"rules", e.rules}, {"version", e.version}};
}

nlohmann::ordered_json application_json(const Application& a,
                                        const std::vector<layers::ApplicationEvent>* events) {
  nlohmann::ordered_json j;
  j["application"] = a.id;
  j["kind"] = layers::to_string(a.kind);
  j["subject_id"] = a.subject_id;
  j["zone_id"] = a.zone_id;
  j["status"] = layers::to_string(a.status);
  j["version"] = a.version;
  j["filed_by"] = a.filed_by;
  j["filed_utc"] = a.filed_utc;
  j["updated_by"] = a.updated_by;
  j["updated_utc"] = a.updated_utc;
  j["decision_reason"] = a.decision_reason;
  j["decision_rules"] = a.decision_rules;
  j["conditions"] = a.conditions;
  j["decided_by"] = a.decided_by;
  j["decided_utc"] = a.decided_utc;
  j["submission"] = checks_json_or_null(a.submission_json);
  j["review"] = checks_json_or_null(a.review_json);
  if (events) {
    auto& ev = j["history"] = nlohmann::ordered_json::array();
    for (const auto& e : *events) ev.push_back(event_json(e));
  }
  return j;
}

/// The checks in a few lines for people.
void print_checks(const rules::ApplicationChecks& c) {
  std::cout << "checked against run " << c.basis_run << " (ruleset " << c.ruleset_id << ", as of "
            << c.as_of << ")\n";
  if (c.kind == "project") {
    if (c.eligible) {
      std::cout << "eligible: rank " << c.rank << " of " << c.ranked << " (interval " << c.rank_p05
                << "-" << c.rank_p95 << "), " << c.allocation << "; ";
      if (c.quota_free)
        std::cout << "no quota needed (existing construction land)\n";
      else
        std::cout << "quota it would be charged " << layers::as_text(c.quota_charged_mu)
                  << " mu (only new construction land consumes quota)\n";
    } else {
      std::cout << "not eligible\n";
    }
  } else {
    std::cout << "verdict: " << c.verdict << "\n";
    for (const auto& cond : c.conditions) std::cout << "  condition: " << cond << "\n";
  }
  for (const auto& f : c.findings)
    if (f.outcome == rules::Outcome::Fail || f.outcome == rules::Outcome::Condition)
      std::cout << "  " << rules::to_string(f.outcome) << " " << f.rule_id << ": " << f.reason_en
                << (f.clause.empty() ? "" : " [" + f.clause + "]") << "\n";
}

void print_application(const Application& a) {
  std::cout << "application " << a.id << " (" << layers::to_string(a.kind) << " " << a.subject_id
            << ", zone " << a.zone_id << "): " << layers::to_string(a.status) << ", version "
            << a.version << "\n";
}

// ---------------------------------------------------------------- apply

struct ApplyArgs {
  std::string workspace, project, conversion, id, zone;
  bool draft = false;
};

/// The one feature of `source` the application is about (--id picks it among several).
layers::Layer read_subject(const std::string& source, layers::Role role, const std::string& id,
                           int working_epsg) {
  layers::ReadOptions ro;
  if (working_epsg != 0) ro.working_epsg = working_epsg;
  layers::ImportReport report;
  layers::Layer all = layers::read_layer(source, role, ro, report);
  if (report.has_errors()) {
    std::string msg;
    for (const auto& p : report.problems)
      if (p.severity == layers::Severity::Error)
        msg += "\n  " +
               describe(Where{
                   .file = p.file, .layer = p.layer, .feature = p.feature, .field = p.field}) +
               ": " + p.message;
    throw Error(ErrorKind::BadInput, "the application's file has errors:" + msg,
                Where{.file = source});
  }
  const char* id_col = role == layers::Role::Projects ? "project_id" : "request_id";
  const std::size_t c = all.attributes.index(id_col);
  std::optional<std::size_t> row;
  for (std::size_t r = 0; r < all.size(); ++r)
    if (id.empty() ? all.size() == 1 : layers::as_text(all.attributes.get(r, c)) == id) row = r;
  if (!row)
    throw Error(ErrorKind::BadInput,
                id.empty() ? "the file holds " + std::to_string(all.size()) +
                                 " features: name the one to apply for with --id"
                           : "no feature with " + std::string(id_col) + " " + id,
                Where{.file = source, .field = id_col});
  layers::Layer one;
  one.role = role;
  one.source = all.source;
  one.layer_name = all.layer_name;
  one.epsg = all.epsg;
  for (const auto& col : all.attributes.columns())
    one.attributes.add_column(col.name, col.type, col.unit);
  one.attributes.add_row();
  for (std::size_t k = 0; k < all.attributes.column_count(); ++k)
    one.attributes.set(0, k, all.attributes.get(*row, k));
  if (!all.geometry.empty()) one.geometry.push_back(all.geometry.at(*row));
  return one;
}

/// The zone of largest overlap of a parcel in a run's facts ("" when none or unknown).
std::string parcel_zone(const Workspace& ws, std::int64_t run, const std::string& parcel_id) {
  const auto runs_with = ws.datasets(run);
  if (std::none_of(runs_with.begin(), runs_with.end(),
                   [](const layers::DatasetInfo& d) { return d.name == "facts"; }))
    return {};
  const layers::Table facts = ws.table("facts", run);
  const auto id = facts.find("parcel_id"), zone = facts.find("zone_id");
  if (!id || !zone) return {};
  for (std::size_t r = 0; r < facts.row_count(); ++r)
    if (layers::as_text(facts.get(r, *id)) == parcel_id)
      return layers::as_text(facts.get(r, *zone));
  return {};
}

int apply(const ApplyArgs& a, const Globals& g) {
  if (a.project.empty() == a.conversion.empty())
    throw Error(ErrorKind::BadInput,
                "apply needs exactly one of --project FILE and --conversion FILE");
  Workspace ws = Workspace::open(a.workspace, layers::OpenMode::MustExist);
  const layers::WorkspaceActor me = ws.actor();
  auto say = [&g](const std::string& s) {
    if (!g.quiet && !g.json) std::cerr << "hubland: " << s << "\n";
  };
  const rules::WorkspaceAnalysis basis = rules::load_workspace_analysis(ws, say);
  Application app;
  app.kind =
      a.project.empty() ? layers::ApplicationKind::Conversion : layers::ApplicationKind::Project;
  const bool project = app.kind == layers::ApplicationKind::Project;
  const std::string& source = project ? a.project : a.conversion;
  app.subject = read_subject(source, project ? layers::Role::Projects : layers::Role::Conversions,
                             a.id, project ? basis.inputs.working_epsg : 0);
  const layers::Table& t = app.subject.attributes;
  app.subject_id = layers::as_text(t.get(0, t.index(project ? "project_id" : "request_id")));
  std::string file_zone;
  if (const auto c = t.find("zone_id")) file_zone = layers::as_text(t.get(0, *c));
  // A conversion request is about a parcel: its zone is the parcel's (the run's facts).
  if (file_zone.empty() && !project)
    file_zone = parcel_zone(ws, basis.run, layers::as_text(t.get(0, t.index("parcel_id"))));
  app.zone_id = !a.zone.empty() ? a.zone : !file_zone.empty() ? file_zone : me.zone_id;
  if (app.zone_id.empty())
    throw Error(ErrorKind::BadInput,
                "the application names no zone: give --zone or a zone_id in the file",
                Where{.file = source, .field = "zone_id"});
  if (!project && !file_zone.empty() && file_zone != app.zone_id)
    throw Error(ErrorKind::BadInput,
                "parcel " + layers::as_text(t.get(0, t.index("parcel_id"))) + " lies in zone " +
                    file_zone + ", not " + app.zone_id,
                Where{.file = source, .feature = app.subject_id, .field = "parcel_id"});
  if (!file_zone.empty() && file_zone != app.zone_id)
    throw Error(ErrorKind::BadInput,
                "--zone " + app.zone_id + " but the file's zone_id is " + file_zone,
                Where{.file = source, .feature = app.subject_id, .field = "zone_id"});
  // Checked before anything is stored: an application the engine cannot judge is not filed.
  const rules::ApplicationAssessment checked = rules::assess_application(basis, app, say);
  const std::int64_t id = ws.file_application(app);
  Application stored = ws.application(id);
  if (!a.draft) {
    layers::StatusChange submit;
    submit.to = ApplicationStatus::Submitted;
    submit.checks_json = checked.checks.to_json();
    stored = ws.change_status(id, stored.version, submit);
  }
  if (g.json) {
    auto j = application_json(stored, nullptr);
    j["checks"] = nlohmann::ordered_json::parse(checked.checks.to_json());
    std::cout << j.dump(2) << "\n";
  } else {
    print_application(stored);
    print_checks(checked.checks);
    if (a.draft)
      std::cout << "kept as a draft: the checks above are not stored until it is submitted\n";
  }
  return 0;
}

// ---------------------------------------------------------------- list

int list_applications(const std::string& ws_path, const std::string& status,
                      std::optional<std::int64_t> one, const Globals& g) {
  const Workspace ws = Workspace::open(ws_path, layers::OpenMode::MustExist);
  if (one) {
    const Application a = ws.application(*one);
    const auto events = ws.application_events(*one);
    if (g.json) {
      std::cout << application_json(a, &events).dump(2) << "\n";
      return 0;
    }
    print_application(a);
    if (!a.submission_json.empty()) {
      std::cout << "at submission: ";
      print_checks(rules::ApplicationChecks::from_json(a.submission_json,
                                                       "application " + std::to_string(a.id)));
    }
    if (!a.decided_utc.empty())
      std::cout << "decision by " << a.decided_by << " at " << a.decided_utc << ": "
                << a.decision_reason << "\n";
    if (!a.conditions.empty()) std::cout << "conditions: " << a.conditions << "\n";
    std::cout << "history:\n";
    for (const auto& e : events) {
      std::string rules_text;
      for (const auto& r : e.rules) rules_text += (rules_text.empty() ? " [" : ", ") + r;
      if (!rules_text.empty()) rules_text += "]";
      std::cout << "  " << e.at_utc << "  " << pad_to(e.user, 14)
                << pad_to((e.from_status.empty() ? "-" : e.from_status) + " -> " + e.to_status, 42)
                << " " << e.reason << rules_text << "\n";
    }
    return 0;
  }
  std::optional<ApplicationStatus> filter;
  if (!status.empty()) {
    filter = layers::application_status_from(status);
    if (!filter) throw Error(ErrorKind::BadInput, "unknown --status " + status);
  }
  const auto apps = ws.applications(filter);
  if (g.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& a : apps) out.push_back(application_json(a, nullptr));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << pad_to("id", 5) << pad_to("kind", 11) << pad_to("subject", 12) << pad_to("zone", 10)
            << pad_to("status", 26) << pad_to("ver", 5) << "updated (UTC)         by\n";
  for (const auto& a : apps)
    std::cout << pad_to(std::to_string(a.id), 5) << pad_to(layers::to_string(a.kind), 11)
              << pad_to(a.subject_id, 12) << pad_to(a.zone_id, 10)
              << pad_to(layers::to_string(a.status), 26) << pad_to(std::to_string(a.version), 5)
              << pad_to(a.updated_utc, 22) << a.updated_by << "\n";
  if (apps.empty()) std::cout << "(no applications visible to " << ws.actor().login << ")\n";
  return 0;
}

// ---------------------------------------------------------------- decide, withdraw

struct DecideArgs {
  std::string workspace, decision, reason, conditions;
  std::int64_t application = 0;
  std::vector<std::string> rules;
  std::optional<std::int64_t> expect_version;
};

/// The version the caller acts on: --expect-version when given (it must still be current: the
/// database refuses a stale one), else the one just read.
std::int64_t acting_version(const Application& a, std::optional<std::int64_t> expected) {
  return expected ? *expected : a.version;
}

int decide(const DecideArgs& d, const Globals& g) {
  Workspace ws = Workspace::open(d.workspace, layers::OpenMode::MustExist);
  const ApplicationStatus to = d.decision == "approve" ? ApplicationStatus::Approved
                               : d.decision == "conditional"
                                   ? ApplicationStatus::ApprovedWithConditions
                                   : ApplicationStatus::Rejected;
  if (to == ApplicationStatus::ApprovedWithConditions && d.conditions.empty())
    throw Error(ErrorKind::BadInput, "--decision conditional needs --conditions TEXT");
  if (d.reason.empty()) throw Error(ErrorKind::BadInput, "a decision needs --reason TEXT");
  auto say = [&g](const std::string& s) {
    if (!g.quiet && !g.json) std::cerr << "hubland: " << s << "\n";
  };
  const Application read = ws.application(d.application);
  layers::StatusChange decision;
  decision.to = to;
  decision.reason = d.reason;
  decision.rules = d.rules;
  decision.conditions = d.conditions;
  // The bureau's checks are re-run on the data current now and stored with the decision.
  const Application a = rules::change_status_checked(
      ws, read.id, acting_version(read, d.expect_version), decision, say);
  if (g.json) {
    const auto events = ws.application_events(a.id);
    std::cout << application_json(a, &events).dump(2) << "\n";
  } else {
    print_application(a);
    std::cout << "review: ";
    print_checks(
        rules::ApplicationChecks::from_json(a.review_json, "application " + std::to_string(a.id)));
  }
  return 0;
}

int withdraw(const DecideArgs& d, const Globals& g) {
  Workspace ws = Workspace::open(d.workspace, layers::OpenMode::MustExist);
  const Application a = ws.application(d.application);
  layers::StatusChange change;
  change.to = ApplicationStatus::Withdrawn;
  change.reason = d.reason;
  const Application after = ws.change_status(a.id, acting_version(a, d.expect_version), change);
  if (g.json)
    std::cout << application_json(after, nullptr).dump(2) << "\n";
  else
    print_application(after);
  return 0;
}

// ---------------------------------------------------------------- office add

struct OfficeArgs {
  std::string workspace, login, zone, password_env;
  bool bureau = false;
};

int office_add(const OfficeArgs& o, const Globals& g) {
  if (!layers::is_postgres_url(o.workspace))
    throw Error(ErrorKind::BadInput,
                "zone offices and bureau logins live in a PostGIS workspace (postgresql://…); a "
                "SpatiaLite workspace has one user",
                Where{.file = o.workspace});
  if (o.bureau == !o.zone.empty())
    throw Error(ErrorKind::BadInput, "office add needs exactly one of --zone Z and --bureau");
  Workspace::open(o.workspace);  // creates or migrates the schema and the group roles
  layers::PgConnection c(o.workspace);
  const bool exists = !c.exec("SELECT 1 FROM pg_roles WHERE rolname=$1", {o.login}).rows.empty();
  if (!exists) {
    const char* password = o.password_env.empty() ? nullptr : std::getenv(o.password_env.c_str());
    if (!password)
      throw Error(ErrorKind::BadInput,
                  "there is no login " + o.login +
                      ": create it (CREATE ROLE … LOGIN PASSWORD …) or pass --password-env VAR "
                      "naming an environment variable that holds its password");
    c.exec("CREATE ROLE " + layers::sql_identifier(o.login) + " LOGIN PASSWORD " +
           layers::sql_literal(password));
  }
  if (o.bureau)
    layers::grant_bureau(o.workspace, o.login);
  else
    layers::grant_zone_office(o.workspace, o.login, o.zone);
  if (g.json)
    std::cout << nlohmann::json{{"login", o.login},
                                {"role", o.bureau ? "bureau" : "zone_office"},
                                {"zone_id", o.zone},
                                {"created", !exists}}
                     .dump(2)
              << "\n";
  else
    std::cout << (exists ? "" : "created login ") << o.login << ": "
              << (o.bureau ? "bureau" : "zone office of " + o.zone) << "\n";
  return 0;
}

}  // namespace

int report_application(const std::string& ws_path, std::int64_t id, const std::string& lang,
                       const std::optional<std::string>& issuer, const std::string& out_dir,
                       const Globals& g) {
#ifdef HUBLAND_HAVE_REPORT
  const Workspace ws = Workspace::open(ws_path, layers::OpenMode::MustExist);
  auto say = [&g](const std::string& s) {
    if (!g.quiet && !g.json) std::cerr << "hubland: " << s << "\n";
  };
  const report::QtRuntime qt;
  const auto f = report::write_workspace_application_report(
      ws, id, report::language_from_string(lang), issuer, out_dir, say);
  if (g.json)
    std::cout << nlohmann::json{{"application", id},
                                {"html", f.html},
                                {"pdf", f.pdf},
                                {"pages", f.pdf_pages}}
                     .dump(2)
              << "\n";
  else
    std::cout << "wrote " << f.pdf << " (" << f.pdf_pages << " pages) and " << f.html << "\n";
  return 0;
#else
  (void)ws_path, (void)id, (void)lang, (void)issuer, (void)out_dir, (void)g;
  throw Error(ErrorKind::BadInput,
              "this hubland was built without the report renderer (HUBLAND_BUILD_DESK=OFF)");
#endif
}

void register_applications(CLI::App& app, Globals& g) {
  auto a = std::make_shared<ApplyArgs>();
  CLI::App* ap = app.add_subcommand(
      "apply", "File a zone office's quota application (--project) or conversion request");
  ap->add_option("workspace", a->workspace, "Workspace (*.hubland.sqlite or postgresql://…)")
      ->required();
  ap->add_option("--project", a->project, "Project file (\"path\" or \"path|layer\"): the site");
  ap->add_option("--conversion", a->conversion,
                 "Conversion request file (\"path\" or \"path|layer\")");
  ap->add_option("--id", a->id,
                 "The project_id / request_id to apply for when the file has several");
  ap->add_option("--zone", a->zone, "Zone id (default: the file's zone_id, else the office's)");
  ap->add_flag("--draft", a->draft, "Keep it a draft (not submitted)");
  ap->callback([a, &g] { g.action = [a, &g] { return apply(*a, g); }; });

  auto status = std::make_shared<std::string>();
  auto one = std::make_shared<std::optional<std::int64_t>>();
  auto ws_list = std::make_shared<std::string>();
  CLI::App* ls = app.add_subcommand("applications", "List the applications this login may see");
  ls->add_option("workspace", *ws_list, "Workspace")->required();
  ls->add_option("--status", *status,
                 "Only this status (draft submitted under_review approved "
                 "approved_with_conditions rejected withdrawn)");
  ls->add_option("--id", *one, "Show one application with its checks and history");
  ls->callback([ws_list, status, one, &g] {
    g.action = [ws_list, status, one, &g] { return list_applications(*ws_list, *status, *one, g); };
  });

  auto d = std::make_shared<DecideArgs>();
  CLI::App* de = app.add_subcommand("decide", "The bureau's decision on an application");
  de->add_option("workspace", d->workspace, "Workspace")->required();
  de->add_option("--application", d->application, "Application id")->required();
  de->add_option("--decision", d->decision, "approve | conditional | reject")
      ->required()
      ->check(CLI::IsMember({"approve", "conditional", "reject"}));
  de->add_option("--reason", d->reason, "Why (free text)")->required();
  de->add_option("--rule", d->rules, "Rule id the decision relies on (repeatable)");
  de->add_option("--conditions", d->conditions, "Conditions of a conditional approval");
  de->add_option("--expect-version", d->expect_version,
                 "The version you reviewed: refused when the application changed since");
  de->callback([d, &g] { g.action = [d, &g] { return decide(*d, g); }; });

  auto w = std::make_shared<DecideArgs>();
  CLI::App* wd = app.add_subcommand("withdraw", "Withdraw an application (it stays readable)");
  wd->add_option("workspace", w->workspace, "Workspace")->required();
  wd->add_option("--application", w->application, "Application id")->required();
  wd->add_option("--reason", w->reason, "Why (free text)");
  wd->add_option("--expect-version", w->expect_version,
                 "The version you read: refused when the application changed since");
  wd->callback([w, &g] { g.action = [w, &g] { return withdraw(*w, g); }; });

  auto o = std::make_shared<OfficeArgs>();
  CLI::App* office = app.add_subcommand("office", "Logins of a PostGIS workspace");
  office->require_subcommand(1);
  CLI::App* add = office->add_subcommand("add", "Make a login a zone office or bureau member");
  add->add_option("workspace", o->workspace, "postgresql:// URL of the workspace owner")
      ->required();
  add->add_option("--login", o->login, "Login role")->required();
  add->add_option("--zone", o->zone, "The office's zone id");
  add->add_flag("--bureau", o->bureau, "A bureau login instead of a zone office");
  add->add_option("--password-env", o->password_env,
                  "Create the login when missing, with the password in this environment variable");
  add->callback([o, &g] { g.action = [o, &g] { return office_add(*o, g); }; });
}

}  // namespace hubland::cli

// Workspace: the applications facade (applications.hpp) and the helpers both backends share
// for it. The rules are checked here first, for clear messages naming the application and the
// actor, and again by the database's triggers, which also stop clients that bypass HubLand.
#include <cmath>
#include <nlohmann/json.hpp>

#include "hubland/error.hpp"
#include "hubland/layers/workspace.hpp"
#include "workspace_store.hpp"

namespace hubland::layers {

// ---------------------------------------------------------------- shared helpers

std::string subject_to_json(const Layer& subject) {
  const Table& t = subject.attributes;
  nlohmann::json cols = nlohmann::json::array(), values = nlohmann::json::array();
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    const auto& col = t.column(c);
    cols.push_back({{"name", col.name}, {"type", to_string(col.type)}, {"unit", col.unit}});
    if (t.row_count() == 0 || t.null_at(0, c)) {
      values.push_back(nullptr);
      continue;
    }
    switch (col.type) {
      case FieldType::Integer:
        values.push_back(t.integer_at(0, c));
        break;
      case FieldType::Real:
        // JSON has no NaN or infinity: such a value would come back as something else.
        if (!std::isfinite(t.real_at(0, c)))
          throw Error(ErrorKind::BadInput,
                      "the application's subject has a value that is not a number",
                      Where{.layer = subject.layer_name, .feature = "1", .field = col.name});
        values.push_back(t.real_at(0, c));
        break;
      case FieldType::Text:
        values.push_back(t.text_at(0, c));
        break;
    }
  }
  return nlohmann::json{{"role", to_string(subject.role)},
                        {"source", subject.source},
                        {"layer_name", subject.layer_name},
                        {"columns", cols},
                        {"values", values}}
      .dump();
}

Layer subject_from_json(const std::string& json, int epsg, geo::Wkb site) {
  const auto j = nlohmann::json::parse(json);
  Layer l;
  l.role = role_from_string(j.at("role").get<std::string>());
  l.source = j.value("source", "");
  l.layer_name = j.value("layer_name", "");
  l.epsg = epsg;
  Table& t = l.attributes;
  for (const auto& c : j.at("columns"))
    t.add_column(c.at("name").get<std::string>(), field_type_from(c.at("type").get<std::string>()),
                 c.value("unit", ""));
  const auto& values = j.at("values");
  const std::size_t r = t.add_row();
  for (std::size_t c = 0; c < t.column_count() && c < values.size(); ++c) {
    const auto& v = values[c];
    if (v.is_null()) continue;
    switch (t.column(c).type) {
      case FieldType::Integer:
        t.set(r, c, v.get<std::int64_t>());
        break;
      case FieldType::Real:
        t.set(r, c, v.get<double>());
        break;
      case FieldType::Text:
        t.set(r, c, v.get<std::string>());
        break;
    }
  }
  if (!site.empty()) l.geometry.push_back(std::move(site));
  return l;
}

std::string strings_to_json(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump();
}

std::vector<std::string> strings_from_json(const std::string& s) {
  if (s.empty()) return {};
  return nlohmann::json::parse(s).get<std::vector<std::string>>();
}

std::string application_status_sql_list() {
  std::string out;
  for (int i = 0; i <= static_cast<int>(ApplicationStatus::Withdrawn); ++i)
    out += std::string(out.empty() ? "" : ",") + "'" +
           to_string(static_cast<ApplicationStatus>(i)) + "'";
  return out;
}

std::string application_transitions_sql_values() {
  std::string out;
  for (const Transition& t : kTransitions)
    out += std::string(out.empty() ? "" : ",") + "('" + to_string(t.from) + "','" +
           to_string(t.to) + "','" + to_string(t.by) + "')";
  return out;
}

std::string database_refusal(const std::string& message) {
  std::string m = message;
  static const std::string prefix = "PostgreSQL: ";
  if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
  if (m.size() > 8 && m.back() == ']' && m[m.size() - 7] == '[' && m[m.size() - 8] == ' ')
    m.resize(m.size() - 8);
  return m;
}

// ---------------------------------------------------------------- the facade

namespace {

std::string app_name(std::int64_t id) {
  return "application " + std::to_string(id);
}

bool is_decision(ApplicationStatus s) {
  return s == ApplicationStatus::Approved || s == ApplicationStatus::ApprovedWithConditions ||
         s == ApplicationStatus::Rejected;
}

// The subject must be what the kind says: one project feature with its site, or one
// conversion request row without geometry; its id column, when present, names subject_id.
void check_subject(const Application& a, const std::string& loc) {
  const std::string what = a.id ? app_name(a.id) : std::string("the application");
  const bool project = a.kind == ApplicationKind::Project;
  const Role want = project ? Role::Projects : Role::Conversions;
  auto bad = [&](const std::string& msg) {
    throw Error(ErrorKind::BadInput, what + ": " + msg, Where{.file = loc});
  };
  if (a.subject.role != want)
    bad(std::string("a ") + to_string(a.kind) + " application needs a subject of role " +
        to_string(want) + ", not " + to_string(a.subject.role));
  if (a.subject.size() != 1)
    bad("the subject must be exactly one " + std::string(project ? "feature" : "row") + ", not " +
        std::to_string(a.subject.size()));
  if (project &&
      (a.subject.geometry.size() != 1 || a.subject.geometry[0].empty() || a.subject.epsg <= 0))
    bad("a project's subject needs its site geometry and EPSG");
  if (!project && !a.subject.geometry.empty())
    bad("a conversion request's subject has no geometry");
  if (a.subject_id.empty()) bad("subject_id is empty");
  if (a.zone_id.empty()) bad("zone_id is empty");
  const auto idc = a.subject.attributes.find(id_column(want));
  if (idc && !a.subject.attributes.null_at(0, *idc) &&
      as_text(a.subject.attributes.get(0, *idc)) != a.subject_id)
    bad(std::string("subject_id '") + a.subject_id + "' differs from the subject's " +
        id_column(want) + " '" + as_text(a.subject.attributes.get(0, *idc)) + "'");
}

void check_zone(const WorkspaceActor& who, const std::string& zone_id, const std::string& what,
                const std::string& loc) {
  if (who.actor == Actor::Office && zone_id != who.zone_id)
    throw Error(ErrorKind::BadInput,
                what + ": " + who.login + " is the office of zone " + who.zone_id +
                    " and cannot act for zone " + zone_id,
                Where{.file = loc});
}

Error conflict(const Application& stored, std::int64_t expected) {
  return Error(ErrorKind::Conflict, app_name(stored.id) + " was changed by " + stored.updated_by +
                                        " at " + stored.updated_utc + " (version " +
                                        std::to_string(stored.version) + ", you read " +
                                        std::to_string(expected) + "): reload it and try again");
}

}  // namespace

std::optional<std::string> Workspace::ruleset_text(const std::string& sha256) const {
  return m_store->ruleset_text(sha256);
}

WorkspaceActor Workspace::actor() const {
  return m_store->actor();
}

std::optional<Application> Workspace::find_application(std::int64_t id) const {
  auto found = m_store->select_applications(id, std::nullopt);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Application Workspace::application(std::int64_t id) const {
  if (auto a = find_application(id)) return *a;
  throw Error(ErrorKind::BadInput, "no " + app_name(id) + " visible to " + actor().login,
              Where{.file = m_location});
}

std::vector<Application> Workspace::applications(std::optional<ApplicationStatus> status) const {
  return m_store->select_applications(std::nullopt, status);
}

std::vector<ApplicationEvent> Workspace::application_events(std::int64_t id) const {
  return m_store->application_events(id);
}

std::int64_t Workspace::file_application(const Application& a) {
  const WorkspaceActor who = actor();
  Application row = a;
  row.id = 0;
  check_subject(row, m_location);
  check_zone(who, row.zone_id, "the application", m_location);
  row.status = ApplicationStatus::Draft;
  row.version = 1;
  row.filed_by = row.updated_by = who.login;
  row.filed_utc = row.updated_utc = utc_now_iso();
  row.submission_json.clear();
  row.review_json.clear();
  row.decision_reason.clear();
  row.decision_rules.clear();
  row.conditions.clear();
  row.decided_by.clear();
  row.decided_utc.clear();
  return m_store->insert_application(row);
}

namespace {
// The write failed to match (id, expected version): tell a stale writer from one who cannot see
// the application.
[[noreturn]] void refuse_unmatched(const Workspace& ws, std::int64_t id, std::int64_t expected) {
  const auto now = ws.find_application(id);
  if (!now)
    throw Error(ErrorKind::BadInput, "no " + app_name(id) + " visible to " + ws.actor().login,
                Where{.file = ws.location()});
  if (now->version != expected) throw conflict(*now, expected);
  throw Error(ErrorKind::Internal, app_name(id) + " matched but was not written",
              Where{.file = ws.location()});
}
}  // namespace

void Workspace::edit_application(const Application& a, std::int64_t expected_version) {
  const WorkspaceActor who = actor();
  Application cur = application(a.id);
  if (cur.version != expected_version) throw conflict(cur, expected_version);
  if (cur.status != ApplicationStatus::Draft)
    throw Error(
        ErrorKind::BadInput,
        app_name(a.id) + " is " + to_string(cur.status) + ": its content can no longer be edited",
        Where{.file = m_location});
  check_subject(a, m_location);
  check_zone(who, a.zone_id, app_name(a.id), m_location);
  Application next = cur;
  next.kind = a.kind;
  next.subject = a.subject;
  next.subject_id = a.subject_id;
  next.zone_id = a.zone_id;
  next.version = expected_version + 1;
  next.updated_by = who.login;
  next.updated_utc = utc_now_iso();
  if (!m_store->update_application(next, expected_version, true, "", {}))
    refuse_unmatched(*this, a.id, expected_version);
}

Application Workspace::change_status(std::int64_t id, std::int64_t expected_version,
                                     const StatusChange& change) {
  const WorkspaceActor who = actor();
  Application cur = application(id);
  if (cur.version != expected_version) throw conflict(cur, expected_version);
  if (!transition_allowed(cur.status, change.to, who.actor))
    throw Error(ErrorKind::BadInput,
                app_name(id) + " is " + to_string(cur.status) + ": " + who.login + " (" +
                    to_string(who.actor) + ") may not move it to " + to_string(change.to),
                Where{.file = m_location});
  if (change.to == ApplicationStatus::ApprovedWithConditions && change.conditions.empty())
    throw Error(ErrorKind::BadInput,
                app_name(id) + ": approved_with_conditions needs the conditions",
                Where{.file = m_location});
  Application next = cur;
  next.status = change.to;
  next.version = expected_version + 1;
  next.updated_by = who.login;
  next.updated_utc = utc_now_iso();
  if (!change.checks_json.empty()) {
    if (change.to == ApplicationStatus::Submitted)
      next.submission_json = change.checks_json;
    else if (change.to == ApplicationStatus::UnderReview || is_decision(change.to))
      next.review_json = change.checks_json;
  }
  if (is_final(change.to)) {
    next.decision_reason = change.reason;
    next.decision_rules = change.rules;
    next.conditions = change.conditions;
  }
  if (is_decision(change.to)) {
    next.decided_by = who.login;
    next.decided_utc = next.updated_utc;
  }
  auto stored =
      m_store->update_application(next, expected_version, false, change.reason, change.rules);
  if (!stored) refuse_unmatched(*this, id, expected_version);
  return *stored;
}

}  // namespace hubland::layers

// The SpatiaLite backend's schema 3: stored rulesets, applications with their audit events,
// and the triggers that keep applications honest and finished runs unchanged. SQLite's
// RAISE() takes only a literal message, so the messages are generated per status here and
// name no application id (the C++ API checks first and names it).
#include <set>

#include "hubland/error.hpp"
#include "spatialite_sql.hpp"

namespace hubland::layers::sl {

namespace {

std::string raise(const std::string& msg) {
  return "SELECT RAISE(ABORT," + sql_literal(msg) + ");";
}

// Columns fixed once the application is no longer a draft (plus its identity and filing).
const char* kContentChanged =
    "NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.subject_id IS NOT OLD.subject_id"
    " OR NEW.zone_id IS NOT OLD.zone_id OR NEW.subject_json IS NOT OLD.subject_json"
    " OR NEW.epsg IS NOT OLD.epsg OR NEW.site IS NOT OLD.site OR NEW.filed_by IS NOT"
    " OLD.filed_by OR NEW.filed_utc IS NOT OLD.filed_utc";

std::string status_triggers() {
  std::string out;
  for (int i = 0; i <= static_cast<int>(ApplicationStatus::Withdrawn); ++i) {
    const auto st = static_cast<ApplicationStatus>(i);
    const std::string s = to_string(st);
    const std::string when = "BEFORE UPDATE ON hubland_applications WHEN OLD.status='" + s + "'";
    if (is_final(st)) {
      out += "CREATE TRIGGER hl_app_final_" + s + " " + when + " BEGIN " +
             raise("application is " + s + ": it is final and can no longer change") + " END;";
      continue;
    }
    if (st != ApplicationStatus::Draft)
      out += "CREATE TRIGGER hl_app_content_" + s + " " + when +
             " AND (NEW.status IS OLD.status OR " + kContentChanged + ") BEGIN " +
             raise("application is " + s + ": its content can no longer be edited") + " END;";
    std::set<std::string> names;  // sorted, as the PostGIS trigger lists them
    for (const Transition& t : kTransitions)
      if (t.from == st && t.to != st) names.insert(to_string(t.to));
    std::string targets;
    for (const auto& n : names) targets += (targets.empty() ? "" : ", ") + n;
    out += "CREATE TRIGGER hl_app_move_" + s + " " + when +
           " AND NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM"
           " hubland_application_transitions WHERE from_status=OLD.status AND"
           " to_status=NEW.status) BEGIN " +
           raise("application is " + s + ": it may only move to " + targets) + " END;";
  }
  return out;
}

// An event row per filing and per change, copied from the row the trigger sees.
std::string event_trigger(const char* name, const char* op, const char* from) {
  return std::string("CREATE TRIGGER ") + name + " AFTER " + op +
         " ON hubland_applications BEGIN INSERT INTO hubland_application_events(application_id,"
         "zone_id,version,at_utc,user_name,from_status,to_status,reason,rules) VALUES(NEW.id,"
         "NEW.zone_id,NEW.version,strftime('%Y-%m-%dT%H:%M:%SZ','now'),NEW.updated_by," +
         from + ",NEW.status,NEW.change_reason,NEW.change_rules); END;";
}

// Catalog rows of a run change only while it is running.
std::string catalog_triggers(const std::string& table) {
  auto guard = [&](const char* op, const char* when) {
    return "CREATE TRIGGER hl_frozen_" + std::string(op) + "_" + table + " BEFORE " + op + " ON " +
           table + " WHEN " + when + " BEGIN " +
           raise("the run is no longer running: its " + table.substr(8) + " rows are read-only") +
           " END;";
  };
  const std::string not_running =
      "(SELECT status FROM hubland_runs WHERE run_id=%) IS NOT 'running'";
  auto on = [&](const char* rec) {
    std::string s = not_running;
    s.replace(s.find('%'), 1, std::string(rec) + ".run_id");
    return s;
  };
  return guard("insert", on("NEW").c_str()) +
         guard("update", (on("OLD") + " OR " + on("NEW")).c_str()) +
         guard("delete", on("OLD").c_str());
}

}  // namespace

std::string schema3_sql() {
  return "CREATE TABLE hubland_rulesets(sha256 TEXT PRIMARY KEY, ruleset_id TEXT NOT NULL,"
         " path TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, stored_utc TEXT NOT NULL);"
         "CREATE TRIGGER hl_rulesets_fixed BEFORE UPDATE ON hubland_rulesets BEGIN " +
         raise("a stored ruleset is never changed") +
         " END;"
         "CREATE TABLE hubland_application_transitions(from_status TEXT NOT NULL,"
         " to_status TEXT NOT NULL, by_actor TEXT NOT NULL, PRIMARY KEY(from_status,to_status));"
         "INSERT INTO hubland_application_transitions VALUES " +
         application_transitions_sql_values() +
         ";"
         "CREATE TABLE hubland_applications(id INTEGER PRIMARY KEY AUTOINCREMENT,"
         " kind TEXT NOT NULL CHECK(kind IN ('project','conversion')), subject_id TEXT NOT NULL,"
         " zone_id TEXT NOT NULL, status TEXT NOT NULL CHECK(status IN (" +
         application_status_sql_list() +
         ")), version INTEGER NOT NULL, filed_by TEXT NOT NULL, filed_utc TEXT NOT NULL,"
         " updated_by TEXT NOT NULL, updated_utc TEXT NOT NULL, subject_json TEXT NOT NULL,"
         " epsg INTEGER NOT NULL DEFAULT 0, site BLOB, submission_json TEXT NOT NULL DEFAULT '',"
         " review_json TEXT NOT NULL DEFAULT '', decision_reason TEXT NOT NULL DEFAULT '',"
         " decision_rules TEXT NOT NULL DEFAULT '[]', conditions TEXT NOT NULL DEFAULT '',"
         " decided_by TEXT NOT NULL DEFAULT '', decided_utc TEXT NOT NULL DEFAULT '',"
         " change_reason TEXT NOT NULL DEFAULT '', change_rules TEXT NOT NULL DEFAULT '[]');"
         "CREATE TABLE hubland_application_events(id INTEGER PRIMARY KEY AUTOINCREMENT,"
         " application_id INTEGER NOT NULL REFERENCES hubland_applications(id),"
         " zone_id TEXT NOT NULL, version INTEGER NOT NULL, at_utc TEXT NOT NULL,"
         " user_name TEXT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,"
         " reason TEXT NOT NULL DEFAULT '', rules TEXT NOT NULL DEFAULT '[]');"
         "CREATE INDEX hubland_application_events_app ON "
         "hubland_application_events(application_id);"
         "CREATE TRIGGER hl_app_filed BEFORE INSERT ON hubland_applications"
         " WHEN NEW.status IS NOT 'draft' OR NEW.version IS NOT 1 BEGIN " +
         raise("an application is filed as a draft with version 1") +
         " END;"
         "CREATE TRIGGER hl_app_version BEFORE UPDATE ON hubland_applications"
         " WHEN NEW.version IS NOT OLD.version + 1 BEGIN " +
         raise("an application's version rises by exactly one with every change") + " END;" +
         status_triggers() +
         "CREATE TRIGGER hl_app_no_delete BEFORE DELETE ON hubland_applications BEGIN " +
         raise("applications are never deleted: withdraw it instead") + " END;" +
         event_trigger("hl_app_event_filed", "INSERT", "''") +
         event_trigger("hl_app_event_changed", "UPDATE", "OLD.status") +
         "CREATE TRIGGER hl_event_no_update BEFORE UPDATE ON hubland_application_events BEGIN " +
         raise("application events are an audit log: they are never changed") +
         " END;"
         "CREATE TRIGGER hl_event_no_delete BEFORE DELETE ON hubland_application_events BEGIN " +
         raise("application events are an audit log: they are never deleted") +
         " END;"
         "CREATE TRIGGER hl_runs_frozen BEFORE UPDATE ON hubland_runs"
         " WHEN OLD.status IS NOT 'running' BEGIN " +
         raise("a finished run is never changed") +
         " END;"
         "CREATE TRIGGER hl_runs_no_delete BEFORE DELETE ON hubland_runs BEGIN " +
         raise("runs are never deleted") + " END;" + catalog_triggers("hubland_run_inputs") +
         catalog_triggers("hubland_datasets") + catalog_triggers("hubland_columns");
}

std::string freeze_dataset_sql(std::int64_t run, const std::string& storage_table) {
  const std::string when =
      " ON " + sql_identifier(storage_table) +
      " WHEN (SELECT status FROM hubland_runs WHERE run_id=" + std::to_string(run) +
      ") IS NOT 'running' BEGIN " +
      raise("dataset " + storage_table + " belongs to run " + std::to_string(run) +
            ", which is no longer running: it is read-only") +
      " END;";
  std::string out;
  for (const char* op : {"INSERT", "UPDATE", "DELETE"})
    out += "CREATE TRIGGER " +
           sql_identifier("hl_frozen_" + std::string(op) + "_" + storage_table) + " BEFORE " + op +
           when;
  return out;
}

void store_ruleset(const Db& db, const RunInfo& info, const std::string& stored_utc) {
  if (info.ruleset_text.empty()) return;
  std::string path;
  for (const auto& in : info.inputs)
    if (in.role == "ruleset") path = in.path;
  auto st = db.prepare(
      "INSERT OR IGNORE INTO hubland_rulesets(sha256,ruleset_id,path,text,stored_utc) "
      "VALUES(?,?,?,?,?)");
  bind_text(st, 1, info.ruleset_sha256);
  bind_text(st, 2, info.ruleset_id);
  bind_text(st, 3, path);
  bind_text(st, 4, info.ruleset_text);
  bind_text(st, 5, stored_utc);
  db.step_done(st);
}

std::optional<std::string> ruleset_text(const Db& db, const std::string& sha256) {
  auto st = db.prepare("SELECT text FROM hubland_rulesets WHERE sha256=?");
  bind_text(st, 1, sha256);
  if (!db.step_row(st)) return std::nullopt;
  return text(st, 0);
}

namespace {

void bind_site(StmtPtr& st, int i, const Application& a) {
  if (a.subject.geometry.empty() || a.subject.geometry[0].empty()) {
    sqlite3_bind_null(st.get(), i);
    return;
  }
  const auto& w = a.subject.geometry[0];
  sqlite3_bind_blob(st.get(), i, w.data(), static_cast<int>(w.size()), SQLITE_TRANSIENT);
}

const char* kColumns =
    "id,kind,subject_id,zone_id,status,version,filed_by,filed_utc,updated_by,updated_utc,"
    "subject_json,epsg,site,submission_json,review_json,decision_reason,decision_rules,"
    "conditions,decided_by,decided_utc";

Application read_row(StmtPtr& st) {
  Application a;
  a.id = sqlite3_column_int64(st.get(), 0);
  a.kind = application_kind_from(text(st, 1)).value_or(ApplicationKind::Project);
  a.subject_id = text(st, 2);
  a.zone_id = text(st, 3);
  a.status = application_status_from(text(st, 4)).value_or(ApplicationStatus::Draft);
  a.version = sqlite3_column_int64(st.get(), 5);
  a.filed_by = text(st, 6);
  a.filed_utc = text(st, 7);
  a.updated_by = text(st, 8);
  a.updated_utc = text(st, 9);
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.get(), 12));
  geo::Wkb site(p, p + sqlite3_column_bytes(st.get(), 12));
  a.subject = subject_from_json(text(st, 10), sqlite3_column_int(st.get(), 11), std::move(site));
  a.submission_json = text(st, 13);
  a.review_json = text(st, 14);
  a.decision_reason = text(st, 15);
  a.decision_rules = strings_from_json(text(st, 16));
  a.conditions = text(st, 17);
  a.decided_by = text(st, 18);
  a.decided_utc = text(st, 19);
  return a;
}

}  // namespace

std::int64_t insert_application(const Db& db, const Application& a) {
  auto st = db.prepare(
      "INSERT INTO hubland_applications(kind,subject_id,zone_id,status,version,filed_by,"
      "filed_utc,updated_by,updated_utc,subject_json,epsg,site) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  bind_text(st, 1, to_string(a.kind));
  bind_text(st, 2, a.subject_id);
  bind_text(st, 3, a.zone_id);
  bind_text(st, 4, to_string(a.status));
  sqlite3_bind_int64(st.get(), 5, a.version);
  bind_text(st, 6, a.filed_by);
  bind_text(st, 7, a.filed_utc);
  bind_text(st, 8, a.updated_by);
  bind_text(st, 9, a.updated_utc);
  bind_text(st, 10, subject_to_json(a.subject));
  sqlite3_bind_int(st.get(), 11, a.subject.geometry.empty() ? 0 : a.subject.epsg);
  bind_site(st, 12, a);
  db.step_done(st);
  return sqlite3_last_insert_rowid(db.db);
}

bool update_application(const Db& db, const Application& a, std::int64_t expected_version,
                        bool content, const std::string& reason,
                        const std::vector<std::string>& rules) {
  std::string sql =
      "UPDATE hubland_applications SET status=?,version=?,updated_by=?,updated_utc=?,"
      "submission_json=?,review_json=?,decision_reason=?,decision_rules=?,conditions=?,"
      "decided_by=?,decided_utc=?,change_reason=?,change_rules=?";
  if (content) sql += ",kind=?,subject_id=?,zone_id=?,subject_json=?,epsg=?,site=?";
  sql += " WHERE id=? AND version=?";
  auto st = db.prepare(sql);
  int i = 0;
  bind_text(st, ++i, to_string(a.status));
  sqlite3_bind_int64(st.get(), ++i, a.version);
  for (const std::string* s :
       {&a.updated_by, &a.updated_utc, &a.submission_json, &a.review_json, &a.decision_reason})
    bind_text(st, ++i, *s);
  bind_text(st, ++i, strings_to_json(a.decision_rules));
  for (const std::string* s : {&a.conditions, &a.decided_by, &a.decided_utc, &reason})
    bind_text(st, ++i, *s);
  bind_text(st, ++i, strings_to_json(rules));
  if (content) {
    bind_text(st, ++i, to_string(a.kind));
    bind_text(st, ++i, a.subject_id);
    bind_text(st, ++i, a.zone_id);
    bind_text(st, ++i, subject_to_json(a.subject));
    sqlite3_bind_int(st.get(), ++i, a.subject.geometry.empty() ? 0 : a.subject.epsg);
    bind_site(st, ++i, a);
  }
  sqlite3_bind_int64(st.get(), ++i, a.id);
  sqlite3_bind_int64(st.get(), ++i, expected_version);
  db.step_done(st);
  return sqlite3_changes(db.db) == 1;
}

std::vector<Application> select_applications(const Db& db, std::optional<std::int64_t> id,
                                             std::optional<ApplicationStatus> status) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM hubland_applications WHERE 1=1";
  if (id) sql += " AND id=?";
  if (status) sql += " AND status=?";
  auto st = db.prepare(sql + " ORDER BY id");
  int i = 0;
  if (id) sqlite3_bind_int64(st.get(), ++i, *id);
  if (status) bind_text(st, ++i, to_string(*status));
  std::vector<Application> out;
  while (db.step_row(st)) out.push_back(read_row(st));
  return out;
}

std::vector<ApplicationEvent> application_events(const Db& db, std::int64_t id) {
  auto st = db.prepare(
      "SELECT id,application_id,version,at_utc,user_name,from_status,to_status,reason,rules "
      "FROM hubland_application_events WHERE application_id=? ORDER BY id");
  sqlite3_bind_int64(st.get(), 1, id);
  std::vector<ApplicationEvent> out;
  while (db.step_row(st))
    out.push_back(
        ApplicationEvent{sqlite3_column_int64(st.get(), 0), sqlite3_column_int64(st.get(), 1),
                         sqlite3_column_int64(st.get(), 2), text(st, 3), text(st, 4), text(st, 5),
                         text(st, 6), text(st, 7), strings_from_json(text(st, 8))});
  return out;
}

}  // namespace hubland::layers::sl

// The PostGIS backend's schema 3: stored rulesets, applications with their audit events, and
// frozen finished runs — all enforced in the database (plpgsql triggers, row-level security,
// grants), so psql or QGIS beside HubLand are refused the same way (postgis_applications.hpp).
#include "postgis_applications.hpp"

#include "hubland/error.hpp"

namespace hubland::layers::pg {

namespace {

// Functions and triggers of schema 3. The allowed transitions come from kTransitions (the
// application_transitions rows, filled by schema3_sql()); nothing here lists them again.
const char* kFunctions = R"SQL(
CREATE FUNCTION hubland.refuse_unless_running() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st text;
BEGIN
  SELECT status INTO st FROM hubland.runs WHERE run_id = TG_ARGV[0]::bigint;
  IF st IS DISTINCT FROM 'running' THEN
    RAISE EXCEPTION 'dataset %.% belongs to run %, which is %: it is read-only', TG_TABLE_SCHEMA,
      TG_TABLE_NAME, TG_ARGV[0], coalesce(st, 'gone') USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION hubland.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% is never truncated', TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = '42501';
END $$;
CREATE FUNCTION hubland.runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'run % is never deleted', OLD.run_id USING ERRCODE = '42501';
  END IF;
  IF OLD.status <> 'running' THEN
    RAISE EXCEPTION 'run % is %: a finished run is never changed', OLD.run_id, OLD.status
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION hubland.catalog_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[]; rid bigint; st text;
BEGIN
  IF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.run_id];
  ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.run_id];
  ELSE ids := ARRAY[OLD.run_id, NEW.run_id]; END IF;
  FOREACH rid IN ARRAY ids LOOP
    SELECT status INTO st FROM hubland.runs WHERE run_id = rid;
    IF st IS DISTINCT FROM 'running' THEN
      RAISE EXCEPTION 'run % is %: its % rows are read-only', rid, coalesce(st, 'gone'),
        TG_TABLE_NAME USING ERRCODE = '42501';
    END IF;
  END LOOP;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION hubland.my_actor() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
 SET search_path = pg_catalog AS $$
  SELECT CASE
    WHEN pg_has_role(session_user, 'hubland_bureau', 'MEMBER')
      OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
      OR EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                 WHERE n.nspname = 'hubland' AND r.rolname = session_user) THEN 'bureau'
    WHEN hubland.my_zone() IS NOT NULL THEN 'office' END $$;
CREATE FUNCTION hubland.applications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := hubland.my_actor();
  needed text;
  targets text;
BEGIN
  IF who IS NULL THEN
    RAISE EXCEPTION 'login % is neither the bureau nor a zone office of this workspace',
      session_user USING ERRCODE = '42501';
  END IF;
  NEW.updated_by := session_user;
  NEW.updated_utc := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
  IF who = 'office' AND NEW.zone_id IS DISTINCT FROM hubland.my_zone() THEN
    RAISE EXCEPTION 'application %: % is the office of zone % and cannot act for zone %', NEW.id,
      session_user, hubland.my_zone(), NEW.zone_id USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' OR NEW.version <> 1 THEN
      RAISE EXCEPTION 'application % is filed as a draft with version 1', NEW.id
        USING ERRCODE = '23514';
    END IF;
    NEW.filed_by := session_user;
    NEW.filed_utc := NEW.updated_utc;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('approved', 'approved_with_conditions', 'rejected', 'withdrawn') THEN
    RAISE EXCEPTION 'application % is %: it is final and can no longer change', OLD.id, OLD.status
      USING ERRCODE = '23514';
  END IF;
  IF OLD.status <> 'draft' AND (NEW.status = OLD.status OR NEW.id <> OLD.id
      OR NEW.kind <> OLD.kind OR NEW.subject_id <> OLD.subject_id OR NEW.zone_id <> OLD.zone_id
      OR NEW.subject_json <> OLD.subject_json OR NEW.epsg <> OLD.epsg
      OR ST_AsEWKB(NEW.site) IS DISTINCT FROM ST_AsEWKB(OLD.site)) THEN
    RAISE EXCEPTION 'application % is %: its content can no longer be edited', OLD.id, OLD.status
      USING ERRCODE = '23514';
  END IF;
  IF NEW.id <> OLD.id OR NEW.filed_by <> OLD.filed_by OR NEW.filed_utc <> OLD.filed_utc THEN
    RAISE EXCEPTION 'application %: its id and filing never change', OLD.id USING ERRCODE = '23514';
  END IF;
  SELECT by_actor INTO needed FROM hubland.application_transitions
   WHERE from_status = OLD.status AND to_status = NEW.status;
  IF NOT FOUND THEN
    SELECT string_agg(to_status, ', ' ORDER BY to_status) INTO targets
      FROM hubland.application_transitions WHERE from_status = OLD.status AND to_status <> OLD.status;
    RAISE EXCEPTION 'application % is %: it may only move to %', OLD.id, OLD.status, targets
      USING ERRCODE = '23514';
  END IF;
  IF needed = 'bureau' AND who <> 'bureau' THEN
    RAISE EXCEPTION 'application % is %: only the bureau may move it to % (% is a zone office)',
      OLD.id, OLD.status, NEW.status, session_user USING ERRCODE = '42501';
  END IF;
  IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
    RAISE EXCEPTION 'application %: its version rises by exactly one with every change (stored %, written %)',
      OLD.id, OLD.version, NEW.version USING ERRCODE = '23514';
  END IF;
  IF NEW.decided_by <> '' AND OLD.decided_by = '' THEN
    NEW.decided_by := session_user;
    NEW.decided_utc := NEW.updated_utc;
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION hubland.applications_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
 SET search_path = pg_catalog, public AS $$
DECLARE prev text := '';
BEGIN
  IF TG_OP = 'UPDATE' THEN prev := OLD.status; END IF;
  INSERT INTO hubland.application_events(application_id, zone_id, version, at_utc, user_name,
    from_status, to_status, reason, rules)
  VALUES (NEW.id, NEW.zone_id, NEW.version, NEW.updated_utc, session_user, prev, NEW.status,
    NEW.change_reason, NEW.change_rules);
  RETURN NULL;
END $$;
CREATE FUNCTION hubland.applications_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'applications are never deleted: withdraw application % instead', OLD.id
    USING ERRCODE = '42501';
END $$;
CREATE FUNCTION hubland.events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'application events are an audit log: they are never %',
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END USING ERRCODE = '42501';
END $$;
)SQL";

const char* kTablesAndTriggers = R"SQL(
CREATE TABLE hubland.rulesets(sha256 text PRIMARY KEY, ruleset_id text NOT NULL,
  path text NOT NULL DEFAULT '', text text NOT NULL, stored_utc text NOT NULL);
CREATE TABLE hubland.application_transitions(from_status text NOT NULL, to_status text NOT NULL,
  by_actor text NOT NULL, PRIMARY KEY(from_status, to_status));
CREATE TABLE hubland.applications(id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('project', 'conversion')), subject_id text NOT NULL,
  zone_id text NOT NULL, status text NOT NULL, version bigint NOT NULL,
  filed_by text NOT NULL, filed_utc text NOT NULL, updated_by text NOT NULL,
  updated_utc text NOT NULL, subject_json jsonb NOT NULL, epsg integer NOT NULL DEFAULT 0,
  site geometry(Geometry), submission_json text NOT NULL DEFAULT '',
  review_json text NOT NULL DEFAULT '', decision_reason text NOT NULL DEFAULT '',
  decision_rules jsonb NOT NULL DEFAULT '[]', conditions text NOT NULL DEFAULT '',
  decided_by text NOT NULL DEFAULT '', decided_utc text NOT NULL DEFAULT '',
  change_reason text NOT NULL DEFAULT '', change_rules jsonb NOT NULL DEFAULT '[]');
CREATE INDEX applications_site_gist ON hubland.applications USING GIST(site);
CREATE TABLE hubland.application_events(id bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES hubland.applications(id), zone_id text NOT NULL,
  version bigint NOT NULL, at_utc text NOT NULL, user_name text NOT NULL,
  from_status text NOT NULL, to_status text NOT NULL, reason text NOT NULL DEFAULT '',
  rules jsonb NOT NULL DEFAULT '[]');
CREATE INDEX application_events_app ON hubland.application_events(application_id);
CREATE TRIGGER hl_guard BEFORE INSERT OR UPDATE ON hubland.applications
  FOR EACH ROW EXECUTE FUNCTION hubland.applications_guard();
CREATE TRIGGER hl_event AFTER INSERT OR UPDATE ON hubland.applications
  FOR EACH ROW EXECUTE FUNCTION hubland.applications_event();
CREATE TRIGGER hl_no_delete BEFORE DELETE ON hubland.applications
  FOR EACH ROW EXECUTE FUNCTION hubland.applications_no_delete();
CREATE TRIGGER hl_guard BEFORE UPDATE OR DELETE ON hubland.application_events
  FOR EACH ROW EXECUTE FUNCTION hubland.events_guard();
CREATE TRIGGER hl_guard BEFORE UPDATE OR DELETE ON hubland.runs
  FOR EACH ROW EXECUTE FUNCTION hubland.runs_guard();
CREATE TRIGGER hl_guard BEFORE INSERT OR UPDATE OR DELETE ON hubland.run_inputs
  FOR EACH ROW EXECUTE FUNCTION hubland.catalog_guard();
CREATE TRIGGER hl_guard BEFORE INSERT OR UPDATE OR DELETE ON hubland.datasets
  FOR EACH ROW EXECUTE FUNCTION hubland.catalog_guard();
CREATE TRIGGER hl_guard BEFORE INSERT OR UPDATE OR DELETE ON hubland.columns
  FOR EACH ROW EXECUTE FUNCTION hubland.catalog_guard();
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['runs', 'run_inputs', 'datasets', 'columns', 'applications',
      'application_events', 'rulesets'] LOOP
    EXECUTE format('CREATE TRIGGER hl_no_truncate BEFORE TRUNCATE ON hubland.%I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION hubland.refuse_truncate()', t);
  END LOOP;
END $$;
ALTER TABLE hubland.applications ENABLE ROW LEVEL SECURITY;
CREATE POLICY bureau_all ON hubland.applications TO hubland_bureau USING (true) WITH CHECK (true);
CREATE POLICY zone_office_own ON hubland.applications TO hubland_zone_office
  USING (zone_id = hubland.my_zone()) WITH CHECK (zone_id = hubland.my_zone());
ALTER TABLE hubland.application_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY bureau_all ON hubland.application_events TO hubland_bureau USING (true);
CREATE POLICY zone_office_own ON hubland.application_events TO hubland_zone_office
  USING (zone_id = hubland.my_zone());
GRANT SELECT ON hubland.rulesets, hubland.application_transitions, hubland.applications,
  hubland.application_events TO hubland_bureau, hubland_zone_office;
GRANT INSERT ON hubland.rulesets TO hubland_bureau;
GRANT INSERT, UPDATE ON hubland.applications TO hubland_bureau, hubland_zone_office;
GRANT USAGE ON SEQUENCE hubland.applications_id_seq TO hubland_bureau, hubland_zone_office;
GRANT EXECUTE ON FUNCTION hubland.my_actor() TO hubland_bureau, hubland_zone_office;
DO $$ DECLARE d record; BEGIN
  FOR d IN SELECT run_id, name, role, storage_table FROM hubland.datasets LOOP
    EXECUTE format('CREATE TRIGGER hl_frozen BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE'
                   ' ON hubland.%I FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION hubland.refuse_unless_running(%L)', d.storage_table,
                   d.run_id::text);
    IF d.role IN ('projects', 'conversions') OR d.name IN ('projects', 'conversions') THEN
      EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON hubland.%I FROM hubland_zone_office',
                     d.storage_table);
    END IF;
  END LOOP;
END $$;
)SQL";

const char* kColumns =
    "id,kind,subject_id,zone_id,status,version,filed_by,filed_utc,updated_by,updated_utc,"
    "subject_json::text,epsg,encode(ST_AsBinary(site),'hex'),submission_json,review_json,"
    "decision_reason,decision_rules::text,conditions,decided_by,decided_utc";

Application read_row(const std::vector<std::optional<std::string>>& r) {
  auto s = [&](std::size_t i) { return r.at(i).value_or(""); };
  Application a;
  a.id = std::stoll(s(0));
  a.kind = application_kind_from(s(1)).value_or(ApplicationKind::Project);
  a.subject_id = s(2);
  a.zone_id = s(3);
  a.status = application_status_from(s(4)).value_or(ApplicationStatus::Draft);
  a.version = std::stoll(s(5));
  a.filed_by = s(6);
  a.filed_utc = s(7);
  a.updated_by = s(8);
  a.updated_utc = s(9);
  a.subject = subject_from_json(s(10), std::stoi(s(11)), unhex_bytes(s(12)));
  a.submission_json = s(13);
  a.review_json = s(14);
  a.decision_reason = s(15);
  a.decision_rules = strings_from_json(s(16));
  a.conditions = s(17);
  a.decided_by = s(18);
  a.decided_utc = s(19);
  return a;
}

std::optional<std::string> site_hex(const Application& a) {
  if (a.subject.geometry.empty() || a.subject.geometry[0].empty()) return std::nullopt;
  return hex_bytes(a.subject.geometry[0].data(), a.subject.geometry[0].size());
}

std::string epsg_of(const Application& a) {
  return std::to_string(a.subject.geometry.empty() ? 0 : a.subject.epsg);
}

// A trigger's or policy's refusal as Error(BadInput) carrying just the database's message.
template <class F>
auto refused_as_bad_input(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::BadInput) throw;
    throw Error(ErrorKind::BadInput, database_refusal(e.message()), e.where());
  }
}

}  // namespace

std::string schema3_sql() {
  return std::string(kFunctions) + kTablesAndTriggers +
         "ALTER TABLE hubland.applications ADD CHECK (status IN (" + application_status_sql_list() +
         "));"
         "INSERT INTO hubland.application_transitions VALUES " +
         application_transitions_sql_values() + ";";
}

std::string freeze_dataset_sql(std::int64_t run, const std::string& qname) {
  return "CREATE TRIGGER hl_frozen BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + qname +
         " FOR EACH STATEMENT EXECUTE FUNCTION hubland.refuse_unless_running('" +
         std::to_string(run) + "')";
}

void store_ruleset(PgConnection& c, const RunInfo& info, const std::string& stored_utc) {
  if (info.ruleset_text.empty()) return;
  std::string path;
  for (const auto& in : info.inputs)
    if (in.role == "ruleset") path = in.path;
  c.exec(
      "INSERT INTO hubland.rulesets(sha256,ruleset_id,path,text,stored_utc) "
      "VALUES($1,$2,$3,$4,$5) ON CONFLICT (sha256) DO NOTHING",
      {info.ruleset_sha256, info.ruleset_id, path, info.ruleset_text, stored_utc});
}

std::optional<std::string> ruleset_text(PgConnection& c, const std::string& sha256) {
  auto r = c.exec("SELECT text FROM hubland.rulesets WHERE sha256=$1", {sha256});
  if (r.rows.empty()) return std::nullopt;
  return r.rows[0][0].value_or("");
}

WorkspaceActor actor(PgConnection& c) {
  auto r = c.exec("SELECT hubland.my_actor(), session_user, coalesce(hubland.my_zone(), '')");
  const auto& row = r.rows.at(0);
  return {row[0].value_or("") == "bureau" ? Actor::Bureau : Actor::Office, row[1].value_or(""),
          row[0].value_or("") == "bureau" ? "" : row[2].value_or("")};
}

std::int64_t insert_application(PgConnection& c, const Application& a) {
  return refused_as_bad_input([&] {
    auto r = c.exec(
        "INSERT INTO hubland.applications(kind,subject_id,zone_id,status,version,filed_by,"
        "filed_utc,updated_by,updated_utc,subject_json,epsg,site) VALUES($1,$2,$3,$4,$5,$6,$7,"
        "$8,$9,$10::jsonb,$11::integer,ST_SetSRID(ST_GeomFromWKB(decode($12,'hex')),"
        "$11::integer)) RETURNING id",
        {std::string(to_string(a.kind)), a.subject_id, a.zone_id, std::string(to_string(a.status)),
         std::to_string(a.version), a.filed_by, a.filed_utc, a.updated_by, a.updated_utc,
         subject_to_json(a.subject), epsg_of(a), site_hex(a)});
    return std::stoll(r.rows.at(0).at(0).value());
  });
}

std::optional<Application> update_application(PgConnection& c, const Application& a,
                                              std::int64_t expected_version, bool content,
                                              const std::string& reason,
                                              const std::vector<std::string>& rules) {
  std::vector<std::optional<std::string>> p = {std::to_string(a.id),
                                               std::to_string(expected_version),
                                               std::string(to_string(a.status)),
                                               std::to_string(a.version),
                                               a.updated_by,
                                               a.updated_utc,
                                               a.submission_json,
                                               a.review_json,
                                               a.decision_reason,
                                               strings_to_json(a.decision_rules),
                                               a.conditions,
                                               a.decided_by,
                                               a.decided_utc,
                                               reason,
                                               strings_to_json(rules)};
  std::string sql =
      "UPDATE hubland.applications SET status=$3,version=$4,updated_by=$5,updated_utc=$6,"
      "submission_json=$7,review_json=$8,decision_reason=$9,decision_rules=$10::jsonb,"
      "conditions=$11,decided_by=$12,decided_utc=$13,change_reason=$14,change_rules=$15::jsonb";
  if (content) {
    sql +=
        ",kind=$16,subject_id=$17,zone_id=$18,subject_json=$19::jsonb,epsg=$20::integer,"
        "site=ST_SetSRID(ST_GeomFromWKB(decode($21,'hex')),$20::integer)";
    for (auto v : {std::optional<std::string>(to_string(a.kind)),
                   std::optional<std::string>(a.subject_id), std::optional<std::string>(a.zone_id),
                   std::optional<std::string>(subject_to_json(a.subject)),
                   std::optional<std::string>(epsg_of(a)), site_hex(a)})
      p.push_back(std::move(v));
  }
  sql += " WHERE id=$1 AND version=$2 RETURNING ";
  sql += kColumns;
  return refused_as_bad_input([&]() -> std::optional<Application> {
    auto r = c.exec(sql, p);
    if (r.rows.empty()) return std::nullopt;
    return read_row(r.rows[0]);
  });
}

std::vector<Application> select_applications(PgConnection& c, std::optional<std::int64_t> id,
                                             std::optional<ApplicationStatus> status) {
  std::vector<std::optional<std::string>> p;
  std::string sql = std::string("SELECT ") + kColumns + " FROM hubland.applications WHERE true";
  if (id) {
    p.emplace_back(std::to_string(*id));
    sql += " AND id=$" + std::to_string(p.size());
  }
  if (status) {
    p.emplace_back(std::string(to_string(*status)));
    sql += " AND status=$" + std::to_string(p.size());
  }
  std::vector<Application> out;
  for (const auto& row : c.exec(sql + " ORDER BY id", p).rows) out.push_back(read_row(row));
  return out;
}

std::vector<ApplicationEvent> application_events(PgConnection& c, std::int64_t id) {
  auto r = c.exec(
      "SELECT id,application_id,version,at_utc,user_name,from_status,to_status,reason,"
      "rules::text FROM hubland.application_events WHERE application_id=$1 ORDER BY id",
      {std::to_string(id)});
  std::vector<ApplicationEvent> out;
  for (const auto& row : r.rows) {
    auto s = [&](std::size_t i) { return row.at(i).value_or(""); };
    out.push_back(ApplicationEvent{std::stoll(s(0)), std::stoll(s(1)), std::stoll(s(2)), s(3), s(4),
                                   s(5), s(6), s(7), strings_from_json(s(8))});
  }
  return out;
}

namespace {

// Schema 4: status 'aborted' and the function that finds runs whose client is gone. A run's
// client holds the run's advisory lock for the life of its connection, and the server drops
// a session's locks when the connection ends (kill -9 included): a lock that can be taken
// belongs to nobody. SECURITY DEFINER so a zone office's open marks them too; the UPDATE
// checks the status again, so a run that completed meanwhile stays completed.
const char* kSchema4 = R"SQL(
ALTER TABLE hubland.runs DROP CONSTRAINT IF EXISTS runs_status_check;
ALTER TABLE hubland.runs ADD CONSTRAINT runs_status_check
  CHECK(status IN ('running','completed','failed','aborted'));
CREATE FUNCTION hubland.abort_dead_runs() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
 SET search_path = pg_catalog AS $$
DECLARE r record; n integer := 0;
  why text := 'aborted: the client writing the run disconnected without finishing it; found '
              'when the workspace was opened';
BEGIN
  FOR r IN SELECT run_id FROM hubland.runs WHERE status = 'running' ORDER BY run_id LOOP
    IF pg_try_advisory_lock(1212961365, (r.run_id % 2147483647)::int) THEN
      UPDATE hubland.runs SET status = 'aborted', message = why,
        finished_utc = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        WHERE run_id = r.run_id AND status = 'running';
      IF FOUND THEN
        INSERT INTO hubland.audit(at_utc, user_name, action, run_id, detail)
          VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), session_user,
                  'abort_run', r.run_id, why);
        n := n + 1;
      END IF;
      PERFORM pg_advisory_unlock(1212961365, (r.run_id % 2147483647)::int);
    END IF;
  END LOOP;
  RETURN n;
END $$;
GRANT EXECUTE ON FUNCTION hubland.abort_dead_runs() TO hubland_bureau, hubland_zone_office;
)SQL";

}  // namespace

std::string schema4_sql() {
  return kSchema4;
}

}  // namespace hubland::layers::pg

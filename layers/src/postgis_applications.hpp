#pragma once
// Internal: the PostGIS backend's schema 3 — stored rulesets, applications and their events,
// frozen finished runs (postgis_applications.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/postgis.hpp"
#include "workspace_store.hpp"

namespace hubland::layers::pg {

/// The 2 -> 3 migration (run by the workspace owner in the migration transaction), including
/// freezing every dataset table stored so far and dropping the zone offices' write grants.
std::string schema3_sql();
/// Schema 4: run status 'aborted' and hubland.abort_dead_runs() (see postgis.cpp begin_run).
std::string schema4_sql();
/// The trigger freezing a dataset table (`qname`, schema-qualified) once its run has ended.
std::string freeze_dataset_sql(std::int64_t run, const std::string& qname);

void store_ruleset(PgConnection& c, const RunInfo& info, const std::string& stored_utc);
std::optional<std::string> ruleset_text(PgConnection& c, const std::string& sha256);
WorkspaceActor actor(PgConnection& c);
std::int64_t insert_application(PgConnection& c, const Application& a);
std::optional<Application> update_application(PgConnection& c, const Application& a,
                                              std::int64_t expected_version, bool content,
                                              const std::string& reason,
                                              const std::vector<std::string>& rules);
std::vector<Application> select_applications(PgConnection& c, std::optional<std::int64_t> id,
                                             std::optional<ApplicationStatus> status);
std::vector<ApplicationEvent> application_events(PgConnection& c, std::int64_t id);

}  // namespace hubland::layers::pg

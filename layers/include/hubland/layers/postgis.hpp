#pragma once
// PostgreSQL/PostGIS: the shared workspace backend (Workspace::open("postgresql://…")) and the
// roles of a bureau's database.
//
// Roles (docs/workspace.md):
//  - hubland_bureau: reads everything in the workspace schema `hubland`, runs analyses, reviews
//    and decides applications.
//  - hubland_zone_office: reads every dataset, of projects and conversion requests only the rows
//    whose zone_id is its own zone (row-level security); changes no dataset, but files, edits,
//    submits and withdraws its zone's applications (applications.hpp). Mapped login -> zone in
//    hubland.zone_offices. Datasets of those roles without a zone_id column are invisible to
//    zone offices.
// A completed (or failed) run is read-only for every role, the owner included (triggers).
// Both group roles are created (NOLOGIN) when the workspace schema is created; logins are made
// members with grant_bureau() / grant_zone_office(), run by the workspace owner.
//
// Failure modes: Error(Io) when the server cannot be reached or refuses the login;
// Error(BadInput) for SQL the server rejects as a permission or constraint violation;
// Error(Internal) for anything else the server reports.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hubland::layers {

/// One libpq connection (RAII; closed in the destructor). Not thread-safe: one per thread.
class PgConnection {
 public:
  /// `url`: postgresql://user:password@host:port/dbname (any libpq connection string works).
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(PgConnection&&) noexcept;
  PgConnection& operator=(PgConnection&&) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  struct Result {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;  ///< text form; nullopt = NULL
    std::int64_t affected_rows = 0;                             ///< INSERT/UPDATE/DELETE count
  };
  /// Runs one statement with $1… text parameters; throws Error on failure (see above).
  Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
  /// COPY … FROM STDIN with `data` in COPY text format.
  void copy_in(const std::string& copy_sql, const std::string& data);
  /// The login of this session (session_user).
  std::string user();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Makes `login` (an existing login role) a bureau member of the workspace at `owner_url`.
void grant_bureau(const std::string& owner_url, const std::string& login);
/// Makes `login` the zone office of `zone_id` (replacing an earlier zone of that login).
void grant_zone_office(const std::string& owner_url, const std::string& login,
                       const std::string& zone_id);

}  // namespace hubland::layers

#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the workspace tests.
#
#   eval "$(tests/postgis/pg_cluster.sh start)"   # prints export lines; see below
#   tests/postgis/pg_cluster.sh stop "$HUBLAND_TEST_PG_DIR"
#
# start: initdb in a new temp folder, listen on 127.0.0.1 only on a free port (password logins,
# scram), create the PostGIS extension in template1 (so every test database has it) and the
# login roles the tests use:
#   hubland_admin  superuser, owns the test databases
#   bureau_user    a bureau login (made hubland_bureau member by the tests)
#   office_z1/2    zone-office logins (made hubland_zone_office members by the tests)
# All passwords are "hubland-test": this cluster lives for one test run on loopback.
# Prints: export HUBLAND_TEST_PG_URL=postgresql://hubland_admin:…@127.0.0.1:PORT/postgres
#         export HUBLAND_TEST_PG_DIR=/tmp/…
# PostgreSQL refuses to run as root, so as root every server command runs as `postgres`.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PASSWORD="hubland-test"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

start() {
  [ -x "$PG_BIN/initdb" ] || { echo "pg_cluster: no PostgreSQL server binaries (install postgresql)" >&2; exit 2; }
  local dir port
  dir="$(mktemp -d /tmp/hubland-pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  port="$(free_port)"
  printf '%s\n' "$PASSWORD" >"$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/pwfile"
  as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=60" \
    >/dev/null
  local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  export PGPASSWORD="$PASSWORD"
  "${psql[@]}" -d template1 -c "CREATE EXTENSION postgis" >/dev/null
  "${psql[@]}" -d postgres >/dev/null <<SQL
CREATE ROLE hubland_admin LOGIN SUPERUSER PASSWORD '$PASSWORD';
CREATE ROLE bureau_user LOGIN PASSWORD '$PASSWORD';
CREATE ROLE office_z1 LOGIN PASSWORD '$PASSWORD';
CREATE ROLE office_z2 LOGIN PASSWORD '$PASSWORD';
SQL
  echo "export HUBLAND_TEST_PG_URL=postgresql://hubland_admin:$PASSWORD@127.0.0.1:$port/postgres"
  echo "export HUBLAND_TEST_PG_DIR=$dir"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "pg_cluster: stop needs the folder start printed" >&2; exit 2; }
  case "$dir" in /tmp/hubland-pg.*) ;; *) echo "pg_cluster: refusing to remove $dir" >&2; exit 2 ;; esac
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# HubLand entry script.
#   ./hubland.sh demo        install what is missing, build, run the whole pipeline on the
#                            bundled Chongqing sample into out/demo/
#   ./hubland.sh test        install, build, run the whole test suite (ctest)
#   ./hubland.sh desk        install, build, open the desktop app on the sample
#   ./hubland.sh build       install and build only
#   ./hubland.sh ARGS...     run the built `hubland` CLI with ARGS (e.g. ./hubland.sh info FILE)
# Environment: BUILD_DIR (default build), HUBLAND_JOBS (default: nproc), HUBLAND_SANITIZE=ON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${HUBLAND_JOBS:-$(nproc)}"

# The one list of Debian 12 packages HubLand needs to build, test and run.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libgtest-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  fonts-noto-cjk poppler-utils
  postgresql postgresql-15-postgis-3 libpq-dev
  xvfb xauth
)

log() { printf '[hubland] %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}"
    log "run as root, or: sudo apt-get install ${missing[*]}"
    exit 2
  fi
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

build() {
  install_packages
  local extra=()
  [ -n "${HUBLAND_SANITIZE:-}" ] && extra+=("-DHUBLAND_SANITIZE=${HUBLAND_SANITIZE}")
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ] || [ ${#extra[@]} -gt 0 ]; then
    log "configuring $BUILD_DIR (Release)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >&2
  fi
  log "building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS" >&2
}

hubland() { "$BUILD_DIR/app/hubland" "$@"; }

run_demo() {
  local out="$ROOT/out/demo" sample="$ROOT/sample-data/chongqing"
  local analysis="$sample/analysis.toml" ws="$ROOT/out/demo/analysis.hubland.sqlite"
  rm -rf "$out"
  mkdir -p "$out/import" "$out/export"
  log "demo: writing to $out"

  # 1. Reading real bureau layers: what they hold, how they decode, what is wrong with them.
  hubland info "$sample/chongqing.gpkg" > "$out/info-sample.txt"
  hubland info "$sample/districts.geojson" | tee "$out/info-districts.txt"
  hubland info "$ROOT/tests/data/shp-variants/cq_districts_gbk_nocpg.shp" > "$out/info-gbk-nocpg.txt"
  hubland import --role zones "$ROOT/tests/data/districts/chongqing_districts.geojson" \
    --map zone_id=adcode --map zone_name=name -o "$out/import/districts.gpkg" \
    --report "$out/import/districts-problems.csv" | tee "$out/import/districts.txt"
  for role in parcels zones hubs constraints roads projects conversions; do
    hubland import --role "$role" "$sample/chongqing.gpkg|$role" -o "$out/import/$role.gpkg" \
      --report "$out/import/$role-problems.csv" > "$out/import/$role.txt"
  done

  # 2. Overlay: per-parcel facts from zones, hub catchments, roads and constraints.
  hubland overlay "$analysis" -o "$out/overlay" | tee "$out/overlay.txt"

  # 3. Rulesets: low-efficiency screening, conversion checks, and what a stricter ruleset changes.
  hubland screen "$analysis" --facts "$out/overlay/facts.csv" -o "$out/screen" | tee "$out/screen.txt"
  hubland check "$analysis" --facts "$out/overlay/facts.csv" -o "$out/check" | tee "$out/check.txt"
  hubland diff-rulesets "$ROOT/rulesets/chongqing-hub/ruleset.toml" \
    "$ROOT/rulesets/chongqing-hub-strict/ruleset.toml" "$analysis" -o "$out/diff" > "$out/diff.txt"

  # 4. Priority land quota: ranking, allocation, and justification reports.
  hubland rank "$analysis" -o "$out/ranking" | tee "$out/ranking.txt"
  hubland report "$analysis" --top 3 --zone ZNP-A -o "$out/reports" | tee "$out/reports.txt"

  # 5. Everything as one run in the workspace, then exports that open right in ArcGIS and QGIS.
  hubland run "$analysis" -o "$out" | tee "$out/run.txt"
  hubland runs "$ws" | tee "$out/runs.txt"
  hubland show "$ws" --run 1 > "$out/run-1.txt"
  hubland export "$ws" --what screened --format shp --encoding GBK \
    -o "$out/export/screened_gbk.shp" | tee "$out/export/screened_gbk.txt"
  hubland export "$ws" --what screened --format gpkg -o "$out/export/screened.gpkg" \
    > "$out/export/screened_gpkg.txt"
  hubland export "$ws" --what findings --format csv --bom -o "$out/export/findings.csv" \
    > "$out/export/findings_csv.txt"
  log "demo finished: see $out"
}

run_tests() {
  local rc=0 pg_env pg_dir=""
  # The workspace suites run against SpatiaLite and PostGIS: a throwaway PostgreSQL/PostGIS
  # cluster on loopback (as the postgres user when root), stopped and removed afterwards.
  # Tests needing it read HUBLAND_TEST_PG_URL; HUBLAND_NO_POSTGIS=1 skips them instead.
  if [ -z "${HUBLAND_NO_POSTGIS:-}" ]; then
    if ! pg_env="$("$ROOT/tests/postgis/pg_cluster.sh" start)"; then
      log "cannot start the PostGIS test cluster (set HUBLAND_NO_POSTGIS=1 to skip its tests)"
      return 1
    fi
    eval "$pg_env"
    pg_dir="$HUBLAND_TEST_PG_DIR"
    trap '"$ROOT/tests/postgis/pg_cluster.sh" stop "$HUBLAND_TEST_PG_DIR"' EXIT
    log "PostGIS test cluster up in $pg_dir"
  fi
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" || rc=$?
  if [ -n "$pg_dir" ]; then
    "$ROOT/tests/postgis/pg_cluster.sh" stop "$pg_dir"
    trap - EXIT
  fi
  return $rc
}

cmd="${1:-help}"
case "$cmd" in
  demo) build; run_demo ;;
  test) build; run_tests ;;
  build) build ;;
  desk) build; shift; exec "$BUILD_DIR/app/desk/hubland-desk" --open "$ROOT/sample-data/chongqing/analysis.toml" "$@" ;;
  help|-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' ;;
  *)
    [ -x "$BUILD_DIR/app/hubland" ] || build
    exec "$BUILD_DIR/app/hubland" "$@" ;;
esac

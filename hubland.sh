#!/usr/bin/env bash
# HubLand entry script.
#   ./hubland.sh demo        install what is missing, build, run the whole pipeline on the
#                            bundled Chongqing sample into out/demo/
#   ./hubland.sh test        install, build, run the whole test suite (ctest)
#   ./hubland.sh desk        install, build, open the desktop app on the sample
#   ./hubland.sh build       install and build only
#   ./hubland.sh fuzz [SECONDS] [NAME...]
#                            build the fuzz harnesses (Clang, libFuzzer, ASan + UBSan) in
#                            build-asan/ and run each for SECONDS (default 60); corpus and
#                            findings in out/fuzz/ (docs/hardening.md)
#   ./hubland.sh sanitize    build everything with ASan + UBSan in build-asan/ and run the whole
#                            suite there, PostGIS included
#   ./hubland.sh ARGS...     run the built `hubland` CLI with ARGS (e.g. ./hubland.sh info FILE)
# Environment: BUILD_DIR (default build), HUBLAND_JOBS (default: nproc), HUBLAND_SANITIZE=ON,
# ASAN_BUILD_DIR (default build-asan).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${HUBLAND_JOBS:-$(nproc)}"

# The one list of Debian 12 packages HubLand needs to build, test and run.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libgtest-dev libjemalloc-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  fonts-noto-cjk fonts-dejavu-core poppler-utils
  python3-openpyxl python3-fiona
  postgresql postgresql-15-postgis-3 libpq-dev libssl-dev libfmt-dev
  xvfb xauth
  clang libclang-rt-14-dev
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

# The sanitizer build: Clang with ASan + UBSan, and libFuzzer coverage so that the same build
# fuzzes and runs the suite. -O1 with line tables: findings come with file and line, and the
# whole tree (Qt desk and reports included) compiles in about half the time of -O2 -g.
ASAN_BUILD_DIR="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
build_asan() {
  install_packages
  if [ ! -f "$ASAN_BUILD_DIR/CMakeCache.txt" ]; then
    log "configuring $ASAN_BUILD_DIR (Clang, ASan + UBSan, libFuzzer)"
    CC=clang CXX=clang++ cmake -S "$ROOT" -B "$ASAN_BUILD_DIR" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
      -DHUBLAND_SANITIZE=ON -DHUBLAND_FUZZ=ON >&2
  fi
  log "building $* in $ASAN_BUILD_DIR with $JOBS jobs"
  cmake --build "$ASAN_BUILD_DIR" -j "$JOBS" "$@" >&2
}
# Sanitizer settings for every run in that build: leaks and undefined behaviour are failures;
# tests/sanitizers/lsan.supp holds the third-party allocations kept for the process's life.
sanitizer_env() {
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
}

# Each harness for SECONDS on one core, growing its corpus in out/fuzz/corpus/NAME (seeded from
# tests/fuzz/corpus/NAME); a finding is saved in out/fuzz/findings/NAME/ and fails the run.
# HUBLAND_FUZZ_SEED fixes libFuzzer's seed and HUBLAND_FUZZ_RUNS runs that many inputs instead of
# SECONDS: CI uses both, so that its run is the same every time.
run_fuzz() {
  local seconds="${1:-60}"; shift || true
  local names=("$@") out="$ROOT/out/fuzz" rc=0
  [ ${#names[@]} -eq 0 ] && names=(read_shapefile read_geojson read_gpkg read_csv encoding field_names ruleset analysis prepared_layer)
  build_asan --target fuzzers
  sanitizer_env
  mkdir -p "$out"
  printf '%-16s %9s %10s %8s %8s %8s %s\n' harness length execs cov ft corpus findings \
    > "$out/summary.txt"
  for name in "${names[@]}"; do
    local corpus="$out/corpus/$name" findings="$out/findings/$name" logf="$out/$name.log"
    mkdir -p "$corpus" "$findings"
    log "fuzzing $name (${HUBLAND_FUZZ_RUNS:-$seconds s}${HUBLAND_FUZZ_RUNS:+ runs})"
    local seed_opt=() length_opt=("-max_total_time=$seconds")
    [ -n "${HUBLAND_FUZZ_SEED:-}" ] && seed_opt=("-seed=$HUBLAND_FUZZ_SEED")
    [ -n "${HUBLAND_FUZZ_RUNS:-}" ] && length_opt=("-runs=$HUBLAND_FUZZ_RUNS")
    # -timeout: one input taking 25 s is a hang; -rss_limit_mb: 4 GB is a memory blow-up.
    "$ASAN_BUILD_DIR/tests/fuzz/fuzz_$name" "${seed_opt[@]}" "${length_opt[@]}" \
      -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/" \
      "$corpus" "$ROOT/tests/fuzz/corpus/$name" > "$logf" 2>&1 || rc=1
    local execs cov ft n_corpus n_findings
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logf" | tail -1)"
    cov="$(grep -o 'cov: [0-9]*' "$logf" | tail -1 | cut -d' ' -f2)"
    ft="$(grep -o 'ft: [0-9]*' "$logf" | tail -1 | cut -d' ' -f2)"
    n_corpus="$(find "$corpus" -type f | wc -l)"
    # crash-, leak-, timeout- and oom- inputs are findings; slow-unit- ones (over 10 s, under the
    # 25 s timeout: PROJ searching its database for an odd CRS) are kept but not counted.
    n_findings="$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)"
    [ "$n_findings" -gt 0 ] && rc=1
    printf '%-16s %9s %10s %8s %8s %8s %s\n' "$name" "${length_opt[0]#-*=}${HUBLAND_FUZZ_RUNS:+ runs}" \
      "${execs:-?}" "${cov:-?}" \
      "${ft:-?}" "$n_corpus" "$n_findings" | tee -a "$out/summary.txt" >&2
  done
  [ $rc -eq 0 ] && log "fuzzing: no crash, leak or hang (out/fuzz/summary.txt)" \
    || log "fuzzing found problems: see out/fuzz/findings/ and out/fuzz/*.log"
  return $rc
}

run_demo() {
  local out="$ROOT/out/demo" sample="$ROOT/sample-data/chongqing"
  local analysis="$sample/analysis.toml" ws="$ROOT/out/demo/analysis.hubland.sqlite"
  rm -rf "$out"
  mkdir -p "$out/import" "$out/export"
  log "demo: writing to $out"

  # 0. The bundled sample regenerates byte-identically from its seed.
  "$BUILD_DIR/sample-data/hubland-sample" -o "$out/sample-regen" \
    --districts "$ROOT/sample-data/source/chongqing_districts.valid.geojson" > /dev/null
  cmp "$out/sample-regen/chongqing.gpkg" "$sample/chongqing.gpkg"
  log "sample regenerated byte-identical"

  # 1. Reading real bureau layers: what they hold, how they decode, what is wrong with them.
  hubland info "$sample/chongqing.gpkg" > "$out/info-sample.txt"
  hubland info "$sample/districts.geojson" | tee "$out/info-districts.txt"
  hubland info "$ROOT/tests/data/shp-variants/cq_districts_gbk_nocpg.shp" > "$out/info-gbk-nocpg.txt"
  hubland import --role zones "$ROOT/tests/data/districts/chongqing_districts.geojson" \
    --map zone_id=adcode --map zone_name=name -o "$out/import/districts.gpkg" \
    --report "$out/import/districts-problems.csv" | tee "$out/import/districts.txt"
  for role in parcels zones hubs constraints roads projects conversions land_survey land_supply parks buildings; do
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
  hubland report "$analysis" --top 3 --project P003 --zone ZNP-A --district 500112 \
    -o "$out/reports" | tee "$out/reports.txt"

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

  # 6. Zone evaluation over two years (docs/evaluation.md). The earlier year is the bundled
  # analysis-2025.toml: as of 2025-06-30, on the parcels as they stood then (parcels_2025: a
  # documented, seeded change: some parcels not yet redeveloped, some stalled sites not yet
  # recovered); idle years, operating years and the disposals counted move with the date.
  hubland run "$sample/analysis-2025.toml" -o "$ws" > "$out/run-2025.txt"
  hubland evaluate "$ws" -o "$out/evaluation" --report | tee "$out/evaluation.txt"

  # 7. The evaluation's consequence: the 2026 ranking with the zone caps the 2025 evaluation set
  # ([evaluation.consequence], caps_from_evaluation; the summary says where each cap came from).
  hubland rank "$analysis" --evaluation "$ws" -o "$out/ranking-evaluated" \
    | tee "$out/ranking-evaluated.txt"
  # 8. A zone office applies for quota and for a conversion, the bureau decides, the office gets
  # the justification (docs/workflow.md; one user on this SpatiaLite workspace, the same
  # commands with logins on PostGIS). The checks run against the 2026 run above.
  mkdir -p "$out/applications"
  hubland apply "$ws" --project "$sample/applications.gpkg|project" \
    | tee "$out/applications/apply-project.txt"
  hubland apply "$ws" --conversion "$sample/applications.gpkg|conversion" \
    | tee "$out/applications/apply-conversion.txt"
  hubland decide "$ws" --application 1 --decision conditional --reason "存量优先，符合准入条件" \
    --rule EL-REDLINE --rule EL-FARMLAND --conditions "自供地之日起两年内开工" \
    | tee "$out/applications/decide-1.txt"
  hubland decide "$ws" --application 2 --decision reject \
    --reason "控制性详细规划禁止该用地性质" --rule CV-ZONE-FORBIDS > "$out/applications/decide-2.txt"
  hubland applications "$ws" | tee "$out/applications/applications.txt"
  hubland applications "$ws" --id 1 > "$out/applications/application-1.txt"
  hubland report "$ws" --application 1 -o "$out/applications" | tee -a "$out/applications/reports.txt"
  hubland report "$ws" --application 2 -o "$out/applications" | tee -a "$out/applications/reports.txt"
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
  ctest --test-dir "${1:-$BUILD_DIR}" --output-on-failure -j "$JOBS" || rc=$?
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
  fuzz) shift; run_fuzz "$@" ;;
  sanitize) build_asan; sanitizer_env; run_tests "$ASAN_BUILD_DIR" ;;
  desk) build; shift; exec "$BUILD_DIR/app/desk/hubland-desk" --open "$ROOT/sample-data/chongqing/analysis.toml" "$@" ;;
 help|-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  *)
    [ -x "$BUILD_DIR/app/hubland" ] || build
    exec "$BUILD_DIR/app/hubland" "$@" ;;
esac

#!/usr/bin/env bash
# HubLand's overlay and PostGIS side by side on the same workload, with the answers compared.
#
#   bench/compare_postgis.sh N [--runs R] [--first-runs F] [--pg-runs R] [--dir DIR] [--threads T]
#
# 1. generates (or reuses) DIR/N/bench.gpkg with `hubland-sample --layout bench --parcels N`
#    (N parcels, 200 zones, 30 hubs → 90 catchment rings of 3/10/30 km, 5,000 constraints);
# 2. starts the throwaway PostgreSQL the suite uses (tests/postgis/pg_cluster.sh), loads the
#    four layers with ogr2ogr (timed apart: loading is not part of the query);
# 3. runs bench/compare_postgis.sql R times (query only: dissolve + subdivide + index + the
#    per-parcel query), and `hubland overlay` F times with an empty prepared-layer cache (first
#    runs, default 3) and R times again (whole process: read the GeoPackage, compute, write
#    facts.csv and facts.gpkg), sliver tolerance 0 on both;
# 4. checks that the first runs and the re-runs wrote the same facts.csv, compares the answers
#    with bench/compare_facts.py and prints the first runs' median, the re-runs' median and
#    both ratios, each judged against the targets.
# Needs a build (./hubland.sh build) and PostgreSQL + PostGIS (the test dependencies).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HUBLAND_BUILD:-$ROOT/build}"
N="${1:?usage: bench/compare_postgis.sh N [--runs R] [--first-runs F] [--pg-runs R] [--dir DIR] [--threads T]}"
shift
RUNS=3
FIRST_RUNS=3
PG_RUNS=""
DIR=/tmp/hubland-bench
THREADS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --first-runs) FIRST_RUNS="$2"; shift 2 ;;
    --pg-runs) PG_RUNS="$2"; shift 2 ;;  # PostGIS takes minutes at 1M: fewer runs of it
    --dir) DIR="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    *) echo "compare_postgis: unknown option $1" >&2; exit 2 ;;
  esac
done
PG_RUNS="${PG_RUNS:-$RUNS}"
WORK="$DIR/$N"
GPKG="$WORK/bench.gpkg"
source "$ROOT/bench/workload.sh"
prepare_workload

echo "== PostgreSQL"
pg_env="$("$ROOT/tests/postgis/pg_cluster.sh" start)"
eval "$pg_env"
trap '"$ROOT/tests/postgis/pg_cluster.sh" stop "$HUBLAND_TEST_PG_DIR"' EXIT
PG="$HUBLAND_TEST_PG_URL"
psql -X -q "$PG" -c "CREATE DATABASE bench" >/dev/null
PG="${PG%/postgres}/bench"
t0=$(date +%s.%N)
for layer in parcels zones hubs constraints; do
  PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:$PG" "$GPKG" "$layer" -nln "$layer" \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -lco FID=fid
done
psql -X -q "$PG" -c "ANALYZE" >/dev/null
load_s=$(echo "$(date +%s.%N) - $t0" | bc)
echo "loaded in ${load_s} s (not counted)"

pg_times=()
pg_query_times=()
for r in $(seq "$PG_RUNS"); do
  t0=$(date +%s.%N)
  { echo '\timing on'; cat "$ROOT/bench/compare_postgis.sql"; } | psql -X -q "$PG" >"$WORK/psql.log" 2>&1
  t=$(echo "$(date +%s.%N) - $t0" | bc)
  # The last timed statement is the per-parcel query; the ones before prepare the pieces.
  q=$(awk '/^Time:/ {ms=$2} END {printf "%.2f", ms / 1000}' "$WORK/psql.log")
  pg_times+=("$t")
  pg_query_times+=("$q")
  echo "postgis run $r: ${t} s (per-parcel query ${q} s, the rest dissolves, subdivides and indexes)"
done
psql -X -q "$PG" -c "\\copy (SELECT * FROM pg_facts ORDER BY parcel_id) TO '$WORK/postgis.csv' CSV HEADER"
# PostgreSQL is stopped before HubLand runs, as nothing else ran beside its own runs (its
# autovacuum would otherwise analyse the new tables during HubLand's).
"$ROOT/tests/postgis/pg_cluster.sh" stop "$HUBLAND_TEST_PG_DIR"
trap - EXIT

# HubLand: F first runs, each with an empty cache (every layer prepared: what PostGIS does on
# every run), then R re-runs that take the prepared zones and constraints from the cache (a
# bureau's re-run with new parcels; docs/performance.md, "Prepared layers kept").
CACHE="$WORK/prepared-cache"
hl_first_times=()
hl_times=()
hl_rss=()
rm -f "$WORK/hubland-first-facts.csv"
differing_runs=""
# Each run starts from a quiet disk: PostgreSQL leaves its tables and WAL to be written after
# its query (213 MB at 100k), and each run leaves the files the next one deletes. The sync is
# not timed; the runs still fsync everything they write (docs/performance.md, "Measured").
dirty_mb() { awk '/^(Dirty|Writeback):/ {kb += $2} END {printf "%d", kb / 1024}' /proc/meminfo; }
echo "left to write when HubLand starts: $(dirty_mb) MB (Dirty + Writeback); each run starts after sync"
for r in $(seq $((1 - FIRST_RUNS)) "$RUNS"); do
  rm -rf "$WORK/hubland"
  if [ "$r" -le 0 ]; then rm -rf "$CACHE"; fi
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BUILD/app/hubland" overlay "$WORK/analysis.toml" \
    --threads "$THREADS" --cache-dir "$CACHE" -o "$WORK/hubland" >"$WORK/hubland.log"
  read -r t rss_kb <"$WORK/time.txt"
  hl_rss+=("$rss_kb")
  if [ "$r" -le 0 ]; then
    hl_first_times+=("$t")
    what="first run $((r + FIRST_RUNS)), layers prepared"
  else
    hl_times+=("$t")
    what="re-run $r"
  fi
  # Every run must write the bytes of the first.
  if [ ! -f "$WORK/hubland-first-facts.csv" ]; then
    cp "$WORK/hubland/facts.csv" "$WORK/hubland-first-facts.csv"
  elif ! cmp -s "$WORK/hubland-first-facts.csv" "$WORK/hubland/facts.csv"; then
    differing_runs="$differing_runs $what;"
  fi
  echo "hubland $what: ${t} s, peak RSS $((rss_kb / 1024)) MB ($(grep '^time:' "$WORK/hubland.log"); $(grep '^prepared layers:' "$WORK/hubland.log" | cut -d' ' -f3-7))"
done

echo "== answers"
agree=0
if [ -z "$differing_runs" ]; then
  echo "facts.csv of every first run and re-run: byte-identical"
else
  echo "facts.csv DIFFERS from the first run's in:$differing_runs" >&2
  agree=1
fi
python3 "$ROOT/bench/compare_facts.py" "$WORK/hubland/facts.csv" "$WORK/postgis.csv" \
  | tee "$WORK/compare.txt" || agree=$?

hl=$(printf '%s\n' "${hl_times[@]}" | median)
hl_first=$(printf '%s\n' "${hl_first_times[@]}" | median)
pg=$(printf '%s\n' "${pg_times[@]}" | median)
pgq=$(printf '%s\n' "${pg_query_times[@]}" | median)
rss=$(printf '%s\n' "${hl_rss[@]}" | sort -n | tail -1)
echo "== $N parcels, medians of $FIRST_RUNS HubLand first runs, $RUNS re-runs and $PG_RUNS PostGIS runs on $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) now"
printf '%-44s %8.2f s  (runs: %s)\n' "hubland overlay, first run (whole process)" "$hl_first" "${hl_first_times[*]}"
printf '%-44s %8.2f s  (runs: %s)\n' "hubland overlay, re-run (whole process)" "$hl" "${hl_times[*]}"
printf '%-44s %8d MB\n' "hubland peak RSS, of all runs" $((rss / 1024))
printf '%-44s %8.2f s  (per-parcel query alone %.2f s)\n' "PostGIS (query only, load excluded)" "$pg" "$pgq"
ratio_first=$(echo "$pg / $hl_first" | bc -l)
ratio=$(echo "$pg / $hl" | bc -l)
printf '%-44s %8.1f x first run, %.1f x re-run\n' "ratio" "$ratio_first" "$ratio"

# The targets of the speed work (docs/performance.md): whole process <= 2 s at 100,000 parcels
# and <= 12 s at 1,000,000 (scaled linearly in between), peak RSS <= 1.5 GB at 1M, PostGIS
# ratio >= 10 at 1M, answers agreeing. Both the first run and the re-runs are judged.
echo "== targets"
target_s=$(echo "if ($N <= 100000) 2 else 2 + 10 * ($N - 100000) / 900000" | bc -l)
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
printf '%-44s %s (%.2f s, target %.2f s)\n' "time, first run" "$(verdict "$(echo "$hl_first <= $target_s" | bc -l)")" "$hl_first" "$target_s"
printf '%-44s %s (%.2f s, target %.2f s)\n' "time, re-run" "$(verdict "$(echo "$hl <= $target_s" | bc -l)")" "$hl" "$target_s"
if [ "$N" -ge 1000000 ]; then
  printf '%-44s %s (%d MB, target 1536 MB)\n' "peak RSS" "$(verdict "$( [ $((rss / 1024)) -le 1536 ] && echo 1 || echo 0)")" $((rss / 1024))
  printf '%-44s %s (%.1f x, target 10 x)\n' "ratio to PostGIS, first run" "$(verdict "$(echo "$ratio_first >= 10" | bc -l)")" "$ratio_first"
  printf '%-44s %s (%.1f x, target 10 x)\n' "ratio to PostGIS, re-run" "$(verdict "$(echo "$ratio >= 10" | bc -l)")" "$ratio"
fi
printf '%-44s %s (%s)\n' "answers agree" "$(verdict "$( [ "$agree" = 0 ] && echo 1 || echo 0)")" \
  "$(grep '^agreement:' "$WORK/compare.txt" | sed 's/^agreement: //'); the others are listed above with the column they differ in"
exit "$agree"

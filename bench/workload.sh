# Sourced by the bench scripts: the benchmark workload and a median. Needs ROOT, BUILD, WORK
# (the workload's folder, DIR/N) and N set by the caller.

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# WORK/bench.gpkg with `hubland-sample --layout bench --parcels N` (N parcels, 200 zones, 30 hubs
# → 90 catchment rings of 3/10/30 km, 5,000 constraints), reused when present; and
# WORK/analysis.toml over it: facts only, sliver tolerance 0, the layers' own CRS.
prepare_workload() {
  mkdir -p "$WORK"
  if [ ! -f "$WORK/bench.gpkg" ]; then
    echo "== generating $N parcels into $WORK/bench.gpkg"
    "$BUILD/sample-data/hubland-sample" --layout bench --parcels "$N" -o "$WORK"
  fi
  cat >"$WORK/analysis.toml" <<TOML
# bench/workload.sh: the benchmark workload, facts only, sliver tolerance 0.
[inputs]
parcels = "bench.gpkg|parcels"
zones = "bench.gpkg|zones"
hubs = "bench.gpkg|hubs"
constraints = "bench.gpkg|constraints"
[analysis]
crs = "EPSG:4545"   # the layers' own CRS, as PostGIS measures them (no reprojection on either side)
rings_km = [3, 10, 30]
sliver_tolerance_m2 = 0
TOML
}

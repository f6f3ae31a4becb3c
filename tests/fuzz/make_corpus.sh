#!/usr/bin/env bash
# Regenerates the seed corpora under tests/fuzz/corpus/ from tests/data and the bundled sample.
# Seeds are kept small (a few features each) so that the fuzzer mutates structure, not bulk.
# Needs ogr2ogr (gdal-bin), sqlite3 and python3. Run from anywhere: tests/fuzz/make_corpus.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
C="$HERE/corpus"
SAMPLE="$ROOT/sample-data/chongqing/chongqing.gpkg"
DATA="$ROOT/tests/data"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
rm -rf "$C"
mkdir -p "$C"/{read_shapefile,read_geojson,read_gpkg,read_csv,encoding,field_names,ruleset,analysis}

# [CRS=EPSG:n] [MAP="a=b c=d"] pack OUT ROLE FILE... : a fuzzer-friendly archive
# (tests/fuzz/fuzz_support.hpp); each FILE is stored with its stem replaced by "layer" (the
# harness opens layer.<ext>), then the members role, assume_crs and map (fuzz_read_layer.cpp).
pack() {
  local out="$1" role="$2"; shift 2
  python3 - "$out" "$role" "${CRS:-}" "${MAP:-}" "$@" <<'PY'
import os, sys
out, role, crs, fmap, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
with open(out, "wb") as f:
    f.write(b"FUZZER_FRIENDLY_ARCHIVE\n")
    for p in files:
        ext = os.path.basename(p).split(".", 1)[1]
        f.write(b"***NEWFILE***:layer." + ext.encode() + b"\n")
        f.write(open(p, "rb").read())
        f.write(b"\n")
    if crs:
        f.write(b"***NEWFILE***:assume_crs\n" + crs.encode() + b"\n")
    if fmap:
        f.write(b"***NEWFILE***:map\n" + "\n".join(fmap.split()).encode() + b"\n")
    f.write(b"***NEWFILE***:role\n" + role.encode())
PY
}

# Shapefiles: the GeoTools GBK polygon as it is, and the district variants cut to two simplified
# features in each encoding the reader distinguishes (.cpg, LDID only, neither, UTF-8).
MAP="district_code=ADCODE99 district_name=NAME" pack "$C/read_shapefile/geotools_gbk" districts "$DATA"/gbk-geotools/chinese_poly.{shp,shx,dbf,prj}
for v in gbk utf8 gbk_nocpg gbk_ldid77 utf8_truncfield; do
  src="$DATA/shp-variants/cq_districts_$v.shp"
  enc=UTF-8; case "$v" in gbk*) enc=CP936 ;; esac
  ogr2ogr -q -limit 2 -simplify 2000 --config SHAPE_ENCODING "" -lco ENCODING="$enc" \
    "$T/$v.shp" "$src"
  files=("$T/$v".{shp,shx,dbf,prj})
  [ "$v" != gbk_nocpg ] && [ -f "$T/$v.cpg" ] && files+=("$T/$v.cpg")
  pack "$C/read_shapefile/districts_$v" districts "${files[@]}"
done
# Sample layers of the other roles (three features each).
for role in parcels zones hubs constraints roads buildings land_survey; do
  ogr2ogr -q -limit 3 -lco ENCODING=UTF-8 "$T/$role.shp" "$SAMPLE" "$role" 2> /dev/null
  files=("$T/$role".{shp,shx,dbf,prj,cpg})
  map=""; [ "$role" = buildings ] && map="building_id=building_i storey_height_m=storey_hei"
  MAP="$map" pack "$C/read_shapefile/sample_$role" "$role" "${files[@]}"
done

# GeoJSON: districts (two simplified features, WGS 84 and the GCJ-02 copy) and sample roles.
ogr2ogr -q -f GeoJSON -limit 2 -simplify 0.02 "$C/read_geojson/districts.geojson" \
  "$DATA/districts/chongqing_districts.geojson"
for role in parcels zones hubs constraints projects land_supply parks; do
  ogr2ogr -q -f GeoJSON -limit 3 "$T/$role.geojson" "$SAMPLE" "$role"
  pack "$C/read_geojson/sample_$role" "$role" "$T/$role.geojson"
done

# GeoPackage: one small file per role, with small pages so that a seed is a few KB.
for role in parcels zones constraints hubs conversions; do
  ogr2ogr -q -f GPKG -limit 3 "$T/$role.gpkg" "$SAMPLE" "$role"
  sqlite3 "$T/$role.gpkg" "PRAGMA page_size=512; PRAGMA journal_mode=DELETE; VACUUM;" > /dev/null
  pack "$C/read_gpkg/sample_$role" "$role" "$T/$role.gpkg"
done

# CSV: the airport points (lon/lat columns) and WKT layers of the sample.
CRS=EPSG:4326 MAP="hub_id=icao hub_name=name hub_type=iata" pack "$C/read_csv/airports" hubs "$DATA/points/cq_airports.csv"
for role in parcels zones constraints; do
  ogr2ogr -q -f CSV -limit 3 -lco GEOMETRY=AS_WKT "$T/$role.csv" "$SAMPLE" "$role"
  CRS=EPSG:4545 pack "$C/read_csv/sample_$role" "$role" "$T/$role.csv"
done

# Encoding: text samples one per line, as a DBF's text fields give them.
python3 - "$C/encoding" <<'PY'
import sys
d = sys.argv[1]
seeds = {
    "gbk_names": "渝中区\n江北区\n沙坪坝区\n九龙坡区".encode("gbk"),
    "gb18030_rare": "𠀀重庆\n两江新区".encode("gb18030"),
    "utf8_names": "渝中区\n江北区\n两江新区".encode("utf-8"),
    "ascii": b"CQ-001\nZNP-A\n500112",
    "latin1": "Caf\u00e9\nM\u00fcller".encode("latin-1"),
    "cpg_936": b"936\n" + "工业用地".encode("gbk"),
    "mixed": "渝中区".encode("utf-8") + b"\n" + "江北区".encode("gbk"),
}
for name, data in seeds.items():
    open(f"{d}/{name}", "wb").write(data)
PY

# Field names: target encoding, then one name a line (tab: preferred short form).
printf 'GBK\nparcel_id\narea_m2\n地块编号\n用地性质代码\nzone_share_of_parcel\tzone_shr\nzone_share_of_project\n' \
  > "$C/field_names/gbk_facts"
printf 'UTF-8\nparcel_id\n地块编号地块\nPARCEL_ID\nlow_efficiency_reason\nlow_efficiency_rule\n' \
  > "$C/field_names/utf8_collisions"
if [ -f "$ROOT/out/demo/overlay/facts.csv" ]; then
  { echo CP936; head -1 "$ROOT/out/demo/overlay/facts.csv" | tr ',' '\n' | sed 's/^\xef\xbb\xbf//'; } \
    > "$C/field_names/cp936_all_facts"
fi

# Rulesets and analysis files as shipped.
# Small rulesets: the raw-string fixtures of the rules tests (with the tests' [ruleset] header),
# so that mutations of one rule are cheap to run.
python3 - "$ROOT/tests/rules" "$C/ruleset" <<'PY'
import glob, os, re, sys
src, out = sys.argv[1], sys.argv[2]
header = '[ruleset]\nid = "t"\nversion = "1"\ntitle = { zh = "测试", en = "test" }\n'
n = 0
for path in sorted(glob.glob(src + "/*.cpp")):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'R"(\w*)\((.*?)\)\1"', text, re.S):
        body = m.group(2)
        if "[[" not in body and "[lookups" not in body and "[ranking" not in body:
            continue
        if "[ruleset]" not in body:
            body = header + body
        n += 1
        name = "%s_%02d.toml" % (os.path.basename(path)[:-4], n)
        open(os.path.join(out, name), "w", encoding="utf-8").write(body)
PY
cp "$ROOT/rulesets/chongqing-hub/ruleset.toml" "$C/ruleset/chongqing-hub.toml"
cp "$ROOT/rulesets/chongqing-hub-strict/ruleset.toml" "$C/ruleset/chongqing-hub-strict.toml"
cp "$ROOT/sample-data/chongqing/analysis.toml" "$C/analysis/analysis.toml"
cp "$ROOT/sample-data/chongqing/analysis-2025.toml" "$C/analysis/analysis-2025.toml"
du -sh "$C"/* >&2

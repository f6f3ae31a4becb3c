#!/usr/bin/env python3
"""Compare HubLand's facts.csv with the PostGIS answer (bench/compare_postgis.sql) parcel by parcel.

    compare_facts.py HUBLAND_FACTS_CSV POSTGIS_CSV

A value agrees when both are empty, or both are numbers within 1e-6 m² (areas) / 1e-9 (shares,
relative to a parcel of ~3,600 m² that is ~4e-6 m²) / exactly (ring km, zone id). A zone id named
by one side only agrees when that side's zone_share is itself within the share tolerance of 0 (a
parcel that touches a zone's edge: one side measures an overlap of ~1e-13 m², the other none);
such touches are counted and listed apart, never hidden. Prints the
share of parcels on which every column agrees and, per column, how many differ, the largest
difference and up to five examples, so a disagreement comes with what it is.
Exit 0 when every parcel agrees, 1 otherwise (the caller decides whether noise is acceptable).
"""
import csv
import sys

COLUMNS = {  # column -> tolerance (None: exact text)
    "zone_id": None,
    "zone_share": 1e-9,
    "ring_land_port_km": 0.0,
    "ring_airport_km": 0.0,
    "ring_port_km": 0.0,
    "ring_trade_km": 0.0,
    "ring_production_km": 0.0,
    "redline_m2": 1e-6,
    "farmland_m2": 1e-6,
    "udb_share": 1e-9,
}


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {row["parcel_id"]: row for row in csv.DictReader(f)}


def differs(a, b, tol):
    a, b = (a or "").strip(), (b or "").strip()
    if tol is None or a == "" or b == "":
        return a != b, None
    d = abs(float(a) - float(b))
    return d > tol, d


def zone_touch(h, p):
    """One side names a zone whose share is within the share tolerance of 0, the other none."""
    for named, other in ((h, p), (p, h)):
        zone, share = (named.get("zone_id") or "").strip(), (named.get("zone_share") or "").strip()
        if zone and not (other.get("zone_id") or "").strip() and share:
            if abs(float(share)) <= COLUMNS["zone_share"]:
                return True
    return False


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    hub, pg = read(sys.argv[1]), read(sys.argv[2])
    missing = sorted(set(hub) ^ set(pg))
    if missing:
        print(f"parcel ids in only one answer: {len(missing)} (e.g. {missing[:5]})")
    common = sorted(set(hub) & set(pg))
    bad_parcels = set()
    touched = set()
    for col, tol in COLUMNS.items():
        n, worst, examples, noise = 0, 0.0, [], 0.0
        touches = []
        for pid in common:
            diff, d = differs(hub[pid].get(col), pg[pid].get(col), tol)
            if d is not None and not diff:
                noise = max(noise, d)
            if not diff:
                continue
            if col == "zone_id" and zone_touch(hub[pid], pg[pid]):
                touches.append(f"{pid}: hubland {hub[pid].get(col)!r} share "
                               f"{hub[pid].get('zone_share')}, postgis {pg[pid].get(col)!r} share "
                               f"{pg[pid].get('zone_share')}")
                continue
            n += 1
            bad_parcels.add(pid)
            if d is not None:
                worst = max(worst, d)
            if len(examples) < 5:
                examples.append(f"{pid}: hubland {hub[pid].get(col)!r} postgis {pg[pid].get(col)!r}")
        line = f"  {col:20s} differ {n:8d}   largest agreeing difference {noise:.3g}"
        if n:
            line += f"   largest difference {worst:.6g}"
        print(line)
        for e in examples:
            print(f"      {e}")
        if touches:
            print(f"  {col:20s} within tolerance {len(touches)}: the zone of an overlap within the "
                  f"share tolerance ({COLUMNS['zone_share']:g}) named by one side only")
            for e in touches[:5]:
                print(f"      {e}")
            touched.update(t.split(":")[0] for t in touches)
    agree = len(common) - len(bad_parcels)
    share = 100.0 * agree / len(common) if common else 0.0
    exact = len(common) - len(bad_parcels | touched)
    print(f"agreement: {agree} of {len(common)} parcels ({share:.2f} %); "
          f"{exact} agree on every column without the zone-touch tolerance")
    sys.exit(0 if agree == len(common) and not missing else 1)


if __name__ == "__main__":
    main()

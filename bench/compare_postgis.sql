-- The PostGIS side of bench/compare_postgis.sh: the same question `hubland overlay` answers for
-- the benchmark workload, written the way a PostGIS analyst would (docs/performance.md):
--   zone of largest overlap and its share, the smallest catchment ring (3, 10, 30 km) per hub
--   type, overlap with the ecological redline and permanent farmland in m², share inside the
--   urban development boundary. Sliver tolerance 0 (HubLand's analysis file says the same).
-- Idioms: overlay features of one group (zone id, constraint kind) are dissolved and cut with
-- ST_Subdivide (≤ 48 vertices, as HubLand cuts them) under a GiST index; a piece that covers
-- the parcel contributes its area without an intersection; distances use the GiST index on hubs
-- through ST_DWithin. Planar areas in the layers' Gauss-Kruger CRS, as `zone_share`,
-- `redline_m2`, `farmland_m2` and `udb_share` are in HubLand.
-- Input tables (ogr2ogr from bench.gpkg): parcels, zones, hubs, constraints (geometry `geom`).
-- Output: table pg_facts, one row per parcel.
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 2;
SET jit = off;  -- JIT compiles the area expressions for seconds and gains nothing here
DROP TABLE IF EXISTS pg_zone_pieces, pg_constraint_pieces, pg_facts;

CREATE TABLE pg_zone_pieces AS
  SELECT zone_id, ST_Subdivide(ST_Union(ST_MakeValid(geom)), 48) AS geom
  FROM zones GROUP BY zone_id;
CREATE INDEX ON pg_zone_pieces USING gist (geom);
CREATE TABLE pg_constraint_pieces AS
  SELECT kind, ST_Subdivide(ST_Union(ST_MakeValid(geom)), 48) AS geom
  FROM constraints GROUP BY kind;
CREATE INDEX ON pg_constraint_pieces USING gist (geom);
ANALYZE pg_zone_pieces;
ANALYZE pg_constraint_pieces;

CREATE TABLE pg_facts AS
WITH p AS (
  SELECT parcel_id, CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_MakeValid(geom) END AS geom
  FROM parcels
),
zone_overlap AS (
  SELECT p.parcel_id, z.zone_id,
         sum(CASE WHEN ST_Covers(z.geom, p.geom) THEN ST_Area(p.geom)
                  ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END) AS overlap_m2
  FROM p JOIN pg_zone_pieces z ON ST_Intersects(p.geom, z.geom)
  GROUP BY p.parcel_id, z.zone_id
),
best_zone AS (
  SELECT DISTINCT ON (parcel_id) parcel_id, zone_id, overlap_m2
  FROM zone_overlap WHERE overlap_m2 > 0
  -- Ties go to the smaller zone id, as in HubLand; a parcel inside two overlapping zones sums
  -- its pieces' areas to values that differ in the last bits, so compare at 1e-6 m².
  ORDER BY parcel_id, round(overlap_m2::numeric, 6) DESC, zone_id
),
constraint_overlap AS (
  SELECT p.parcel_id,
         sum(a) FILTER (WHERE kind = 'redline') AS redline_m2,
         sum(a) FILTER (WHERE kind = 'farmland') AS farmland_m2,
         sum(a) FILTER (WHERE kind = 'udb') AS udb_m2
  FROM p JOIN LATERAL (
    SELECT c.kind,
           CASE WHEN ST_Covers(c.geom, p.geom) THEN ST_Area(p.geom)
                ELSE ST_Area(ST_Intersection(p.geom, c.geom)) END AS a
    FROM pg_constraint_pieces c WHERE ST_Intersects(p.geom, c.geom)
  ) o ON true
  GROUP BY p.parcel_id
),
hub_distance AS (
  SELECT p.parcel_id, h.hub_type, min(ST_Distance(p.geom, h.geom)) AS dist_m
  FROM p JOIN hubs h ON ST_DWithin(p.geom, h.geom, 30000)
  GROUP BY p.parcel_id, h.hub_type
),
rings AS (
  SELECT parcel_id,
         min(CASE WHEN dist_m <= 3000 THEN 3 WHEN dist_m <= 10000 THEN 10 ELSE 30 END)
           FILTER (WHERE hub_type = 'land_port') AS ring_land_port_km,
         min(CASE WHEN dist_m <= 3000 THEN 3 WHEN dist_m <= 10000 THEN 10 ELSE 30 END)
           FILTER (WHERE hub_type = 'airport') AS ring_airport_km,
         min(CASE WHEN dist_m <= 3000 THEN 3 WHEN dist_m <= 10000 THEN 10 ELSE 30 END)
           FILTER (WHERE hub_type = 'port') AS ring_port_km,
         min(CASE WHEN dist_m <= 3000 THEN 3 WHEN dist_m <= 10000 THEN 10 ELSE 30 END)
           FILTER (WHERE hub_type = 'trade') AS ring_trade_km,
         min(CASE WHEN dist_m <= 3000 THEN 3 WHEN dist_m <= 10000 THEN 10 ELSE 30 END)
           FILTER (WHERE hub_type = 'production') AS ring_production_km
  FROM hub_distance GROUP BY parcel_id
)
SELECT p.parcel_id,
       b.zone_id,
       least(1.0, coalesce(b.overlap_m2, 0) / ST_Area(p.geom)) AS zone_share,
       r.ring_land_port_km, r.ring_airport_km, r.ring_port_km, r.ring_trade_km,
       r.ring_production_km,
       coalesce(c.redline_m2, 0) AS redline_m2,
       coalesce(c.farmland_m2, 0) AS farmland_m2,
       least(1.0, coalesce(c.udb_m2, 0) / ST_Area(p.geom)) AS udb_share
FROM p
LEFT JOIN best_zone b USING (parcel_id)
LEFT JOIN constraint_overlap c USING (parcel_id)
LEFT JOIN rings r USING (parcel_id);

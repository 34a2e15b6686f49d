#!/usr/bin/env bash
# Benchmark: hotspots walk on a street network of about 50,000 edges (a jittered 160 x 160
# grid of 40 m blocks, 6.4 km square) with 100,000 incidents in 300 clusters and 200
# candidate stops, an 8 km round walk of up to 12 stops (the heuristic: 200 stops is beyond
# the exact solver). Whole-process wall time, best of 3, and the stages -v times (network,
# distances, route). Target (issue 17): the route in under 1 s.
# Usage: bench/bench_walk.sh [build]
source "$(dirname "$0")/lib.sh" "${1:-build}"
/usr/bin/python3 - "$out" << 'P'
import json, random, sys
rng = random.Random(17)
d = sys.argv[1]
n, block, x0, y0 = 160, 40.0, 520000.0, 186000.0
pt = [[(x0 + c * block + rng.uniform(-8, 8), y0 + r * block + rng.uniform(-8, 8)) for c in range(n)] for r in range(n)]
feats = []
for r in range(n):
    feats.append({"type": "Feature", "properties": {"highway": "residential", "name": f"Row {r}"},
                  "geometry": {"type": "LineString", "coordinates": [list(p) for p in pt[r]]}})
    feats.append({"type": "Feature", "properties": {"highway": "residential", "name": f"Column {r}"},
                  "geometry": {"type": "LineString", "coordinates": [list(pt[k][r]) for k in range(n)]}})
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
           "features": feats}, open(f"{d}/streets.geojson", "w"))
centres = [(rng.uniform(x0, x0 + n * block), rng.uniform(y0, y0 + n * block)) for _ in range(300)]
with open(f"{d}/incidents.csv", "w") as f:
    f.write("ref,easting,northing,date\n")
    for i in range(100_000):
        if i % 2:
            cx, cy = centres[rng.randrange(300)]
            x, y = rng.gauss(cx, 60), rng.gauss(cy, 60)
        else:
            x, y = rng.uniform(x0, x0 + n * block), rng.uniform(y0, y0 + n * block)
        f.write(f"I{i},{x:.1f},{y:.1f},2024-{1 + i % 12:02d}-15\n")
P
machine
x=(walk "$out/incidents.csv" --crs EPSG:27700 --x easting --y northing --date date --network "$out/streets.geojson"
   --start 523200,189200 --max-length 8km --return --visits 12 --max-stops 200 -o "$out/walk.geojson")
best_of 3 "$bin" "${x[@]}" -v
printf '%-44s %7.3f s\n' "whole command (read, network, route, write)" "$best"
grep -E "edges in|stops made|network built|walking distances|route" "$out/best_err" | grep -v "^walk: wrote" | sed 's/^/  /'
tail -1 "$out/report"

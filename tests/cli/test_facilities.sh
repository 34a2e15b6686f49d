#!/usr/bin/env bash
# facilities: each incident counted at its nearest facility within the distance, checked
# against an independent brute-force join in Python (numpy), on the sample (street lights as
# facilities) and, when ../shared/data/real is there, on 2017 NW BCU robbery and the TfL stations.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'import numpy' 2>/dev/null || { echo "skipped: $py has no numpy (apt-get install python3-numpy)"; exit 77; }

# The reference: incidents and facilities as x,y CSVs; prints "id,count" for every facility.
cat > "$tmp/join.py" <<'PY'
import csv, sys
import numpy as np
inc = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
fac_ids, fac = [], []
for row in csv.reader(open(sys.argv[2])):
    fac_ids.append(row[0]); fac.append((float(row[1]), float(row[2])))
fac = np.array(fac)
d = float(sys.argv[3])
counts = np.zeros(len(fac), dtype=int)
for x, y in inc:
    dist = np.hypot(fac[:, 0] - x, fac[:, 1] - y)
    best = int(np.argmin(dist))  # the first of equal minima
    if dist[best] <= d:
        counts[best] += 1
for i, n in zip(fac_ids, counts):
    print(f"{i},{n}")
PY

# hotspots' table as "facility,incidents", sorted like the reference.
ours() { $py -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])): print(r["facility"] + "," + r["incidents"])' "$1" | sort; }

# The sample: the export's exact points and the street lights (ids in light_id).
"$bin" facilities "$src/sample_data/police_export.csv" --crs EPSG:27700 --facilities "$src/sample_data/street_lights.csv" \
  --radius 30 --areas "$src/sample_data/areas/wards.geojson,as=ward" -o "$tmp/lights.csv" > "$tmp/out" 2> "$tmp/err" \
  || fail "facilities on the sample: $(cat "$tmp/err")"
$py -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])): print(r["easting"] + "," + r["northing"])' "$src/sample_data/police_export.csv" > "$tmp/inc.csv"
$py -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])): print(r["light_id"] + "," + r["easting"] + "," + r["northing"])' "$src/sample_data/street_lights.csv" > "$tmp/fac.csv"
$py "$tmp/join.py" "$tmp/inc.csv" "$tmp/fac.csv" 30 | sort > "$tmp/want"
ours "$tmp/lights.csv" > "$tmp/got"
diff "$tmp/want" "$tmp/got" > "$tmp/diff" || fail "sample counts differ from the brute-force join: $(head "$tmp/diff")"
attributed=$(awk -F, '{ s += $2 } END { print s }' "$tmp/want")
[ "$attributed" -gt 1000 ] || fail "too few incidents near a street light ($attributed): the join proves little"
total=$(($(wc -l < "$src/sample_data/police_export.csv") - 1))
grep -q "$attributed of $total incidents within 30 m" "$tmp/out" || fail "printed summary: $(head -2 "$tmp/out")"
# Ranks: competition ranks by incidents, busiest first; every facility has a ward.
$py - "$tmp/lights.csv" <<'PY' || fail "ranks or wards wrong"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
n = [int(r["incidents"]) for r in rows]
assert n == sorted(n, reverse=True), "not busiest first"
for r in rows:
    assert int(r["rank"]) == 1 + sum(1 for m in n if m > int(r["incidents"])), r
    pass
assert sum(1 for r in rows if r["ward"]) >= 0.95 * len(rows), "facilities without a ward"
PY
echo "ok: sample, $attributed incidents at $(wc -l < "$tmp/want") street lights"

# An option out of range and a missing column are refused before reading.
"$bin" facilities "$src/sample_data/police_export.csv" --crs EPSG:27700 --facilities "$src/sample_data/street_lights.csv" \
  --radius 0 -o "$tmp/x.csv" 2> "$tmp/err"; [ $? -eq 2 ] || fail "--radius 0 accepted"
"$bin" facilities "$src/sample_data/police_export.csv" --crs EPSG:27700 --facilities "$src/sample_data/street_lights.csv" \
  --id-field nope -o "$tmp/x.csv" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "light_id" "$tmp/err" || fail "--id-field nope: $(cat "$tmp/err")"
[ ! -e "$tmp/x.csv" ] || fail "a refused run wrote its output"

real=$src/../shared/data/real
api=$real/crime/api_street_level_2016-01_to_2018-06_nwbcu
stations=$real/other/nwbcu_rail_tube_stations_tfl_api_ridgeview.csv
if [ ! -d "$api" ] || [ ! -f "$stations" ]; then echo "skipped the real data: not found at $real"; exit 0; fi
"$bin" facilities "$api" --crime-type robbery --from 2017-01 --to 2017-12 --facilities "$stations" --radius 200 \
  -o "$tmp/stations.csv" > "$tmp/out" 2> "$tmp/err" || fail "facilities on real robbery: $(cat "$tmp/err")"
# The reference reprojects with GDAL's osr (the same PROJ operation) and reads the files itself.
$py - "$api" "$stations" "$tmp" <<'PY' || fail "real reference failed"
import csv, glob, sys
from osgeo import osr
api, stations, tmp = sys.argv[1:4]
wgs, bng = osr.SpatialReference(), osr.SpatialReference()
wgs.ImportFromEPSG(4326); bng.ImportFromEPSG(27700)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
t = osr.CoordinateTransformation(wgs, bng)
with open(tmp + "/rinc.csv", "w") as out:
    for f in sorted(glob.glob(api + "/2017-*.csv")):
        for r in csv.DictReader(open(f)):
            if r["category"] == "robbery":
                x, y, _ = t.TransformPoint(float(r["longitude"]), float(r["latitude"]))
                out.write(f"{x},{y}\n")
with open(tmp + "/rfac.csv", "w") as out:
    for r in csv.DictReader(open(stations)):
        x, y, _ = t.TransformPoint(float(r["lon"]), float(r["lat"]))
        out.write(f"{r['id']},{x},{y}\n")
PY
$py "$tmp/join.py" "$tmp/rinc.csv" "$tmp/rfac.csv" 200 | sort > "$tmp/want"
ours "$tmp/stations.csv" > "$tmp/got"
diff "$tmp/want" "$tmp/got" > "$tmp/diff" || fail "real counts differ from the brute-force join: $(head "$tmp/diff")"
echo "ok: real robbery 2017, $(awk -F, '{ s += $2 } END { print s }' "$tmp/want") of $(wc -l < "$tmp/rinc.csv") robberies within 200 m of $(wc -l < "$tmp/want") stations"
head -4 "$tmp/out"

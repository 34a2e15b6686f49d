#!/usr/bin/env bash
# End-to-end lisa on the sample: the cell at each planted hotspot's centre (H1-H6) is in a
# significant high-high cluster; the result does not depend on the thread count; rates need
# populations and --per; a constant field is refused with nothing left behind.
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
wards=(--areas sample_data/areas/wards.geojson,as=ward)

# 200 m cells, p from the normal z, FDR: every planted centre's cell is HH.
"$bin" lisa "${input[@]}" --mask sample_data/areas/bcu.geojson --cell 200 --permutations 0 -o "$tmp/cells.csv" -q \
  > "$tmp/out" 2> "$tmp/err" || fail "lisa on cells: $(cat "$tmp/err")"
grep -q '^clusters: HH [1-9]' "$tmp/out" || fail "no HH clusters: $(cat "$tmp/out")"
"$bin" lisa "${input[@]}" --mask sample_data/areas/bcu.geojson --cell 200 --permutations 0 -o "$tmp/cells.gpkg" -q \
  > /dev/null || fail "lisa to gpkg"
/usr/bin/python3 - "$tmp/cells.gpkg" sample_data/truth/hotspots.csv << 'PY' || fail "planted hotspots not HH"
import csv, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayer(0)
cells = [(f.GetGeometryRef().GetEnvelope(), f.GetField("quadrant")) for f in layer]
missed = []
for h in csv.DictReader(open(sys.argv[2])):
    x, y = float(h["x"]), float(h["y"])
    hit = [q for (x0, x1, y0, y1), q in cells if x0 <= x < x1 and y0 <= y < y1]
    if hit != ["HH"]:
        missed.append((h["id"], hit))
if missed:
    sys.exit(f"planted centres not HH: {missed}")
print("H1-H6 centres all HH")
PY

# Threads: the same pseudo p-values.
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --permutations 499 --seed 5 --threads 1 -o "$tmp/t1.csv" -q > /dev/null ||
  fail "lisa --threads 1"
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --permutations 499 --seed 5 --threads 2 -o "$tmp/t2.csv" -q > /dev/null ||
  fail "lisa --threads 2"
cmp -s "$tmp/t1.csv" "$tmp/t2.csv" || fail "the thread count changed the output"

# Rates: populations need --per; smoothing needs populations.
"$bin" lisa "${input[@]}" --cell 200 --population-field population -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- '--population-field is a field of the areas' "$tmp/err" || fail "population on cells: $(cat "$tmp/err")"
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --smooth eb -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- '--smooth eb smooths rates' "$tmp/err" || fail "smooth without population: $(cat "$tmp/err")"
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --alpha 1.5 -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "--alpha 1.5 accepted"
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --population-field population --smooth eb -o "$tmp/rates.csv" -q \
  > /dev/null || fail "rates"
head -1 "$tmp/rates.csv" | grep -q '^code,name,count,population,rate,rate_smoothed,i,' || fail "rate columns: $(head -1 "$tmp/rates.csv")"

# Bivariate by period and type (issue 37 #3): the metadata says what each variable counts; the
# filters, widened to read both, no longer say it alone.
"$bin" lisa "${input[@]}" "${wards[@]}" --per ward --permutations 99 --period 2024-01..2024-12 --crime-type burglary \
  --second-period 2023-01..2023-12 --second-type robbery -o "$tmp/bv.csv" -q > /dev/null 2> "$tmp/err" ||
  fail "bivariate lisa: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/bv.csv.meta.json" << 'PY' || fail "bivariate metadata"
import json, sys
m = json.load(open(sys.argv[1]))
v = m.get("variables")
want = {"first": {"period": "2024-01-01..2024-12-31", "crime_types": ["burglary"]},
        "second": {"period": "2023-01-01..2023-12-31", "crime_types": ["robbery"]}}
assert v == want, f"variables: {v}"
assert m["parameters"]["crime_types"] == ["burglary"], m["parameters"]["crime_types"]
PY
# A constant field: refused, nothing written.
printf 'easting,northing,committed_from\n447050,305050,2024-01-01\n447250,305050,2024-01-02\n447450,305050,2024-01-03\n447650,305050,2024-01-03\n' > "$tmp/one.csv"
"$bin" lisa "$tmp/one.csv" --crs EPSG:27700 --cell 200 --extent 447000,305000,447800,305200 -o "$tmp/c.csv" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'same value' "$tmp/err" || fail "constant field: $(cat "$tmp/err")"
[ -e "$tmp/c.csv" ] && fail "a failed run left an output"
echo ok

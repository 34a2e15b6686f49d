#!/usr/bin/env bash
# evaluate reads only the incidents inside its study grid grown by a cell (issue 30, docs/scale.md
# "A back-test per force"). Planted: on a square mask whose 50 m grid reaches past its edges, two
# test incidents outside the mask's envelope but in a study cell (their cell's centre is inside)
# must count in N, one just past the grid must not, and a far one is left out as it is read and
# counted as outside the study extent; a far row with a bad date is still rejected with its row.
# On the sample, one borough of --mask --mask-code: the back-test of the whole file equals the
# back-test of the file clipped by hand to the borough's grid, where nothing is left out; its
# published metadata keeps no count of the rows left out.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3

# The mask: 530000-531040 x 180000-181040; its 50 m grid runs to 531050 and 181050, and the cells
# of its last column and row have their centres (531025, 181025) inside it.
cat > "$tmp/mask.geojson" << 'EOF'
{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
 "features": [{"type": "Feature", "properties": {"code": "M1"}, "geometry": {"type": "Polygon",
  "coordinates": [[[530000, 180000], [531040, 180000], [531040, 181040], [530000, 181040], [530000, 180000]]]}}]}
EOF
{
  echo "crime_ref,offence,committed_from,easting,northing"
  for i in $(seq 1 20); do echo "T$i,Burglary,2024-01-$(printf %02d $i),$((530100 + 37 * i)),$((180100 + 41 * i))"; done
  for i in 1 2 3 4 5; do echo "N$i,Burglary,2024-02-1$i,$((530200 + 90 * i)),$((180300 + 70 * i))"; done
  echo "P1,Burglary,2024-02-20,531045,180500"   # outside the envelope, in a study cell: counts
  echo "P2,Burglary,2024-02-21,530500,181045"   # the same above it: counts
  echo "P3,Burglary,2024-02-22,531051,180500"   # past the grid: read, counts nowhere
  echo "P4,Burglary,2024-02-23,600000,200000"   # far away: left out as it is read
  echo "P5,Burglary,2024-13-01,600000,200000"   # far away with a bad date: rejected
} > "$tmp/planted.csv"
opts=(--crs EPSG:27700 --date committed_from --type offence --x easting --y northing --train 1m
      --methods "grid:cell=50 kde:h=100" --shares 5%)
"$bin" evaluate "$tmp/planted.csv" "${opts[@]}" --mask "$tmp/mask.geojson" -o "$tmp/p.csv" --rejects "$tmp/rejects.csv" -q \
  > /dev/null 2> "$tmp/err" || fail "planted: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "planted incidents"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/p.csv")))
assert rows and all(r["test_period"] == "2024-02" for r in rows), rows
assert all(r["N"] == "7" for r in rows), [r["N"] for r in rows]  # N1-N5, P1, P2
meta = json.load(open(f"{d}/p.csv.meta.json"))
assert meta["rows"] == {"read": 30, "loaded": 29, "rejected": 1}, meta["rows"]
assert meta["filtered_out"]["outside_extent"] >= 1, meta["filtered_out"]
assert meta["inputs"][0]["outside_extent"] == meta["filtered_out"]["outside_extent"], meta["inputs"]
rejects = list(csv.reader(open(f"{d}/rejects.csv")))
assert any("30" in r for r in rejects[1:]), rejects  # P5, row 30
PY

# Every incident outside: the message says none lies inside the mask (not "no incidents left").
grep -v "^[TN]" "$tmp/planted.csv" | grep -v "^P[1235]" > "$tmp/far.csv"
"$bin" evaluate "$tmp/far.csv" "${opts[@]}" --mask "$tmp/mask.geojson" -o "$tmp/far_out.csv" -q > /dev/null 2> "$tmp/err" \
  && fail "no incident inside the mask was accepted"
grep -q "none of the 1 incidents lies inside --mask" "$tmp/err" || fail "far away: $(cat "$tmp/err")"

# A filter that leaves nothing, with one row outside the grid: the message blames the filters
# too, and counts them apart (P4 outside, the 28 other loaded burglaries filtered out), not only the CRS.
"$bin" evaluate "$tmp/planted.csv" "${opts[@]}" --crime-type robbery --mask "$tmp/mask.geojson" -o "$tmp/none.csv" -q \
  > /dev/null 2> "$tmp/err" && fail "a filter leaving nothing was accepted"
grep -q "1 rows lie outside --mask .*'s grid .* left out the other 28; check the filters" "$tmp/err" \
  || fail "filtered to nothing: $(cat "$tmp/err")"
[ ! -e "$tmp/none.csv" ] || fail "a partial output was written"

# The sample: borough Z09000002's back-test from the whole file, and from the file clipped to
# its 50 m grid (snapped outwards from the polygon's envelope), where nothing lies outside.
S=sample_data
$py - "$S/areas/boroughs.geojson" "$S/police_export.csv" "$tmp/clipped.csv" << 'PY' || fail "clipping by hand"
import csv, math, sys
from osgeo import ogr
ogr.UseExceptions()
ds = ogr.Open(sys.argv[1])  # kept: its layer dies with it
layer = ds.GetLayer()
layer.SetAttributeFilter("code = 'Z09000002'")
feature = layer.GetNextFeature()  # kept: its geometry dies with it
xmin, xmax, ymin, ymax = feature.GetGeometryRef().GetEnvelope()
x0, x1 = math.floor(xmin / 50) * 50, math.ceil(xmax / 50) * 50
y0, y1 = math.floor(ymin / 50) * 50, math.ceil(ymax / 50) * 50
with open(sys.argv[2], newline="") as f, open(sys.argv[3], "w", newline="") as out:
    r, w = csv.reader(f), csv.writer(out, lineterminator="\n")
    header = next(r)
    w.writerow(header)
    ix, iy = header.index("easting"), header.index("northing")
    kept = dropped = 0
    for row in r:
        try:
            inside = x0 <= float(row[ix]) <= x1 and y0 <= float(row[iy]) <= y1
        except ValueError:
            inside = True  # rejects stay rejects
        if inside:
            w.writerow(row)
        kept, dropped = kept + inside, dropped + (not inside)
assert kept > 500 and dropped > 1000, (kept, dropped)
PY
common=(--crs EPSG:27700 --date committed_from --type offence --crime-type burglary --train 3m --from 2024-01
        --methods "kde:h=200 grid:cell=250 repeats prospective" --mask "$S/areas/boroughs.geojson" --mask-code Z09000002 -q)
"$bin" evaluate "$S/police_export.csv" "${common[@]}" -o "$tmp/whole.csv" --summary "$tmp/whole_s.csv" > /dev/null \
  2> "$tmp/err" || fail "whole file: $(cat "$tmp/err")"
"$bin" evaluate "$tmp/clipped.csv" "${common[@]}" -o "$tmp/clip.csv" --summary "$tmp/clip_s.csv" > /dev/null \
  2> "$tmp/err" || fail "clipped file: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "the sample's counts"
import json, sys
whole, clip = (json.load(open(f"{sys.argv[1]}/{n}.csv.meta.json")) for n in ("whole", "clip"))
assert clip["filtered_out"]["outside_extent"] == 0, clip["filtered_out"]
assert whole["filtered_out"]["outside_extent"] > 1000, whole["filtered_out"]
PY
cmp -s "$tmp/whole.csv" "$tmp/clip.csv" || fail "the back-test differs: $(diff "$tmp/whole.csv" "$tmp/clip.csv" | head -4)"
cmp -s "$tmp/whole_s.csv" "$tmp/clip_s.csv" || fail "the summary differs"
# Published, no count of rows left out remains (with the rows read it would give a count back).
"$bin" evaluate "$S/police_export.csv" "${common[@]}" --publish -o "$tmp/pub.csv" > /dev/null 2> "$tmp/err" \
  || fail "published: $(cat "$tmp/err")"
grep -q "outside_extent" "$tmp/pub.csv.meta.json" && fail "the published metadata keeps outside_extent"
grep -q '"loaded"' "$tmp/pub.csv.meta.json" || fail "the published metadata lost its inputs' rows"
echo ok

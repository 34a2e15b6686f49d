#!/usr/bin/env bash
# Issue 33: one labelling rule (docs/labels.md) on the sample: kde hotspots "H1 Street, Ward",
# Gi* clusters G (hot) and C (cold), walk stops named by street and ward, and each site the
# street nearest it beside its id; labels unique together (tests/cli/check_labels.py).
source "$(dirname "$0")/lib.sh"
cd "$src" || fail "no $src"
x=(sample_data/police_export.csv --crs EPSG:27700)
wards=sample_data/areas/wards.geojson,as=ward
"$bin" kde "${x[@]}" --areas "$wards" --bandwidth 300 --cell 10 -o "$tmp/d.tif" --hotspots "$tmp/h.csv" -q > /dev/null \
  || fail "kde failed"
"$bin" gistar "${x[@]}" --areas "$wards" --cell 100 -o "$tmp/gi.csv" --hotspots "$tmp/gi.geojson" -q > /dev/null || fail "gistar failed"
/usr/bin/python3 "$src/tests/cli/check_labels.py" "H:$tmp/h.csv" "GC:$tmp/gi.geojson" > "$tmp/out" || fail "$(cat "$tmp/out")"
grep -q '^G1 ' <(ogrinfo -q -al "$tmp/gi.geojson" | sed -n 's/^ *label (String) = //p') || fail "no G1 among the Gi* clusters"
# Every label of the sample names a street and a ward: two parts, the ward one of the sample's.
/usr/bin/python3 - "$tmp/h.csv" sample_data/areas/wards.geojson << 'PY' || fail "labels without a street and a ward"
import csv, json, sys
wards = {f["properties"]["name"] for f in json.load(open(sys.argv[2]))["features"]}
bad = [r["label"] for r in csv.DictReader(open(sys.argv[1])) if r["label"].split(" ", 1)[1].rsplit(", ", 1)[-1] not in wards
       or ", " not in r["label"]]
print("\n".join(bad)); sys.exit(1 if bad else 0)
PY
# Walk stops from cells: named "Street, Ward", unique.
"$bin" walk sample_data/police_export.csv --x easting --y northing --crs EPSG:27700 --date committed_from \
  --areas "$wards" --crime-type violent-crime --start 447067,300681 --max-length 2km --return -o "$tmp/walk.geojson" -q > /dev/null 2>&1 \
  || fail "walk failed"
/usr/bin/python3 - "$tmp/walk.geojson" << 'PY' || fail "walk stops"
import json, sys
features = [f["properties"] for f in json.load(open(sys.argv[1]))["features"]]
rows = [r for r in features if r["kind"] == "stop"]
names = [r["name"] for r in rows]
assert rows, "no stops"
assert len(set(names)) == len(names), f"stop names repeat: {names}"
assert all(", " in n and not n.lower().startswith("on or near") for n in names), names
start = [r for r in features if r["kind"] == "start"][0]["name"]
assert start.endswith("(447067,300681)") and not start.startswith("("), f"start not named by a street: {start}"
PY
# Sites: the street nearest each beside its id, equal to a brute-force search of the streets.
"$bin" site "${x[@]}" --crime-type violent-crime --candidates sample_data/street_lights.csv --radius 75 --count 5 \
  -o "$tmp/sites.geojson" -q > /dev/null || fail "site failed"
/usr/bin/python3 - "$tmp/sites.geojson" sample_data/police_export.csv << 'PY' || fail "sites' streets"
import csv, json, math, sys
pts = {}
for r in csv.DictReader(open(sys.argv[2])):
    if r["offence"] == "Assault ABH" and r["street"]:  # the sample's only violent-crime offence
        pts[(float(r["easting"]), float(r["northing"]), r["street"])] = 1
sites = [f["properties"] for f in json.load(open(sys.argv[1]))["features"]]
assert sites, "no sites"
for s in sites:
    x, y = float(s["x"]), float(s["y"])
    d, name = min((math.hypot(px - x, py - y), n) for px, py, n in pts)
    want = name if d <= 500 else ""
    assert s["street"] == want, (s["site"], s["street"], want, d)
print("ok")
PY
echo "ok: $(cat "$tmp/out")"

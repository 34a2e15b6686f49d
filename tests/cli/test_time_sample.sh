#!/usr/bin/env bash
# Time and attribute filters on the sample export: --where keeps exactly the rows a plain CSV
# reading says; a value that matches nothing is an error naming the values there are;
# --time-rule aoristic weighs each incident by its share of the window (checked by an
# independent minute-by-minute count); the planted night-time violence and weekday-daytime
# burglary hot spots get their planted hours, days and temporal class; a pack theme's where.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence
   --id crime_ref --location street)
areas=(--areas sample_data/areas/wards.geojson,as=ward)

# --where: equal (case aside), not equal, pattern; all must hold.
"$bin" map "${x[@]}" "${areas[@]}" --where knife_enabled=y --where 'offence~^rob' -o "$tmp/knife.csv" -q > /dev/null ||
  fail "map --where"
"$bin" map "${x[@]}" "${areas[@]}" --where 'domestic!=Y' --crime-type violent-crime -o "$tmp/notdom.csv" -q > /dev/null ||
  fail "map --where !="
$py - "$tmp" << 'EOF' || fail "--where kept the wrong incidents"
import csv, re, sys
rows = list(csv.DictReader(open("sample_data/police_export.csv")))
want = {r["crime_ref"] for r in rows if r["knife_enabled"] == "Y" and re.match("rob", r["offence"], re.I)}
got = {r["id"] for r in csv.DictReader(open(f"{sys.argv[1]}/knife.csv"))}
assert got == want and len(got) > 50, (len(got), len(want))
want = {r["crime_ref"] for r in rows if r["domestic"] != "Y" and r["offence"] == "Assault ABH"}
got = {r["id"] for r in csv.DictReader(open(f"{sys.argv[1]}/notdom.csv"))}
assert got == want and len(got) > 1000, (len(got), len(want))
EOF
grep -q 'knife_enabled=y' "$tmp/knife.csv.meta.json" || fail "--where not in the metadata"

# A value no row has: exit 1, naming the values the column holds.
"$bin" kde "${x[@]}" --where knife_enabled=Yes -o "$tmp/k.tif" -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "'Y'" "$tmp/err" && grep -q "'N'" "$tmp/err" || fail "--where with no match: $(cat "$tmp/err")"
[ -e "$tmp/k.tif" ] && fail "an output was written for a filter matching nothing"
# A column that is not there: the columns there are.
"$bin" kde "${x[@]}" --where knife=Y -o "$tmp/k.tif" -q > /dev/null 2> "$tmp/err"
[ $? -ne 0 ] && grep -q "no column 'knife'" "$tmp/err" && grep -q knife_enabled "$tmp/err" ||
  fail "--where on a missing column: $(cat "$tmp/err")"
# Not a condition: a usage error.
"$bin" kde "${x[@]}" --where knife_enabled -o "$tmp/k.tif" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--where without an operator should exit 2: $(cat "$tmp/err")"

# --time-rule aoristic: each burglary weighs its share of 22:00-05:59 (real minutes, the
# October clock change's repeated hour counted twice), checked minute by minute.
"$bin" map "${x[@]}" "${areas[@]}" --crime-type burglary --hours 22-06 --time-rule aoristic -o "$tmp/aor.csv" -q \
  > /dev/null || fail "map --time-rule aoristic"
$py - "$tmp/aor.csv" << 'EOF' || fail "aoristic shares differ from the minute-by-minute count"
import csv, sys
from datetime import datetime, timedelta
def last_sunday(y, m):
    d = datetime(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)
def minute_weight(t):  # real minutes this clock minute stands for
    if t.hour == 1 and t.date() == last_sunday(t.year, 10).date(): return 2
    if t.hour == 1 and t.date() == last_sunday(t.year, 3).date(): return 0
    return 1
want = {}
for r in csv.DictReader(open("sample_data/police_export.csv")):
    if r["offence"] != "Burglary - residential": continue
    a = datetime.fromisoformat(r["committed_from"])
    b = datetime.fromisoformat(r["committed_to"]) if r["committed_to"] else a
    if b == a:
        share = 1.0 if (a.hour >= 22 or a.hour < 6) else 0.0
    else:
        # Seconds: the range runs to its end inclusive, so the end minute adds its first second.
        total = inside = 0
        t = a
        while t <= b:
            w = minute_weight(t) * (60 if t < b else 1)
            total += w
            if t.hour >= 22 or t.hour < 6: inside += w
            t += timedelta(minutes=1)
        share = inside / total
    if share > 0: want[r["crime_ref"]] = share
got = {r["id"]: float(r["weight"]) for r in csv.DictReader(open(sys.argv[1]))}
assert set(got) == set(want), (len(got), len(want))
worst = max(abs(got[k] - want[k]) for k in got)
assert worst < 1e-9, worst
assert any(0 < v < 1 for v in got.values())
EOF
# A time rule without a time window would change nothing: refused.
"$bin" kde "${x[@]}" --time-rule aoristic -o "$tmp/k.tif" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- "--hours" "$tmp/err" || fail "--time-rule without a window: $(cat "$tmp/err")"
"$bin" repeats "${x[@]}" --hours 22-06 --time-rule aoristic -o "$tmp/r.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "counts whole incidents" "$tmp/err" || fail "repeats with aoristic: $(cat "$tmp/err")"

# Planted time signatures: the hotspot at each planted centre has the planted hours, days and
# class (truth/hotspots.csv).
for theme in violent-crime burglary; do
  "$bin" kde "${x[@]}" --crime-type $theme --hotspots "$tmp/h-$theme.geojson" -o "$tmp/k-$theme.tif" -q > /dev/null ||
    fail "kde $theme"
done
$py - "$tmp" << 'EOF' || fail "planted time signatures"
import csv, json, sys
truth = [r for r in csv.DictReader(open("sample_data/truth/hotspots.csv")) if r["temporal_class"]]
assert len(truth) == 2
def hours(text):
    a, b = map(int, text.split("-"))
    return {(a + k) % 24 for k in range((b - a) % 24 or 24)}
for t in truth:
    fs = json.load(open(f"{sys.argv[1]}/h-{t['category']}.geojson"))["features"]
    near = [f["properties"] for f in fs
            if (f["properties"]["peak_x"] - float(t["x"])) ** 2 + (f["properties"]["peak_y"] - float(t["y"])) ** 2 < 500 ** 2]
    assert near, t["id"]
    p = near[0]
    assert p["temporal_class"] == t["temporal_class"], (t["id"], p)
    assert hours(p["peak_hours"]) <= hours(t["hours"]), (t["id"], p["peak_hours"], t["hours"])
    assert set(p["peak_days"].split(",")) <= set(t["weekdays"].split(",")), (t["id"], p["peak_days"])
    assert p["peak_hours_pct"] >= 50
    # No other sizeable hotspot of the theme is acute (the background is evening-heavy only).
    others = [f["properties"]["temporal_class"] for f in fs
              if f["properties"]["rank"] != p["rank"] and f["properties"]["incidents"] >= 30]
    assert "acute" not in others, others
EOF

# profile on the planted violence's ward finds its nights: the busiest hours of the week are
# Friday and Saturday nights, 22:00-01:59.
ward=$($py -c "
import csv, json
from osgeo import ogr
t = next(r for r in csv.DictReader(open('sample_data/truth/hotspots.csv')) if r['id'] == 'H1')
p = ogr.CreateGeometryFromWkt('POINT (%s %s)' % (t['x'], t['y']))
for f in json.load(open('sample_data/areas/wards.geojson'))['features']:
    if ogr.CreateGeometryFromJson(json.dumps(f['geometry'])).Contains(p): print(f['properties']['code'])")
[ -n "$ward" ] || fail "no ward holds H1"
"$bin" profile "${x[@]}" "${areas[@]}" --within "$ward" --crime-type violent-crime -o "$tmp/h1week.csv" -q > /dev/null ||
  fail "profile --within"
$py - "$tmp/h1week.csv" << 'EOF' || fail "the planted nights are not the busiest hours"
import csv, sys
rows = sorted(csv.DictReader(open(sys.argv[1])), key=lambda r: -float(r["aoristic"]))
nights = {("Fri", 22), ("Fri", 23), ("Sat", 0), ("Sat", 1), ("Sat", 22), ("Sat", 23), ("Sun", 0), ("Sun", 1)}
assert all((r["weekday"], int(r["hour"])) in nights for r in rows[:8]), [(r["weekday"], r["hour"]) for r in rows[:8]]
EOF

# A pack theme with where: the knife-enabled incidents, as many as the export flags.
mkdir -p "$tmp/pk"
cat > "$tmp/pk/knife.toml" << EOF
title = "Knife crime"
month = "2024-12"
period = "last 24 months"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
id = "crime_ref"
location = "street"
[[theme]]
name = "knife"
where = ["knife_enabled=Y"]
[[step]]
run = "repeats"
EOF
"$bin" pack "$tmp/pk/knife.toml" -o "$tmp/pk/out" -q > /dev/null 2> "$tmp/err" || fail "pack with a theme where: $(cat "$tmp/err")"
n=$($py -c "
import csv
print(sum(r['knife_enabled'] == 'Y' for r in csv.DictReader(open('sample_data/police_export.csv'))))")
$py - "$tmp/pk/out" "$n" << 'EOF' || fail "the pack's knife theme does not hold the knife-enabled incidents"
import glob, json, sys
found = []
for f in glob.glob(f"{sys.argv[1]}/**/*.json", recursive=True):
    d = json.load(open(f))
    if isinstance(d, dict) and "incidents" in d and "parameters" in d:
        found.append((d["incidents"], d["parameters"].get("where")))
assert found and all(n == int(sys.argv[2]) and w == ["knife_enabled=Y"] for n, w in found), (found, sys.argv[2])
EOF
echo ok

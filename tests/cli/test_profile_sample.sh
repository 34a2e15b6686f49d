#!/usr/bin/env bash
# profile: aoristic shares of a hand-built set land in the expected hours; the sample export's
# shares add up to its incidents, the same on any thread count; month-only data refuse hours;
# on the real data (when present) the seasonal index of 14 years of NW BCU burglary peaks in
# November and the April 2020 lockdown stands out.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3

# Fri 2024-01-05 22:00 to Sat 02:00 (a quarter in each hour); Tue 2024-01-02 14:20 (all in 14:00).
cat > "$tmp/hand.csv" << 'EOF'
easting,northing,date,date_to,type
450000,305000,2024-01-05T22:00,2024-01-06T01:59:59,Burglary
450000,305000,2024-01-02T14:20,,Burglary
EOF
"$bin" profile "$tmp/hand.csv" --crs EPSG:27700 --date date --date-to date_to -o "$tmp/hand_week.csv" -q > /dev/null ||
  fail "profile on the hand-built set"
$py - "$tmp/hand_week.csv" << 'EOF' || fail "aoristic shares of the hand-built set"
import csv, sys
w = {(r["weekday"], int(r["hour"])): r for r in csv.DictReader(open(sys.argv[1]))}
assert len(w) == 168
for k in [("Fri", 22), ("Fri", 23), ("Sat", 0), ("Sat", 1)]:
    assert abs(float(w[k]["aoristic"]) - 0.25) < 1e-9, (k, w[k])
assert float(w[("Tue", 14)]["aoristic"]) == 1 and w[("Tue", 14)]["starts"] == "1"
assert w[("Fri", 22)]["starts"] == "1" and w[("Sat", 0)]["starts"] == "0"
assert abs(sum(float(r["aoristic"]) for r in w.values()) - 2) < 1e-9
EOF

x=(sample_data/police_export.csv --crs EPSG:27700)
for t in 1 2; do
  "$bin" profile "${x[@]}" --threads $t -o "$tmp/week$t.csv" --monthly "$tmp/monthly$t.csv" -q > "$tmp/out$t" 2> "$tmp/err" ||
    fail "profile on the sample: $(cat "$tmp/err")"
done
cmp -s "$tmp/week1.csv" "$tmp/week2.csv" && cmp -s "$tmp/monthly1.csv" "$tmp/monthly2.csv" || fail "outputs differ between 1 and 2 threads"
n=$(($(wc -l < sample_data/police_export.csv) - 1))
$py - "$tmp/week1.csv" "$n" << 'EOF' || fail "the shares do not add up to the incidents"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert abs(sum(float(r["aoristic"]) for r in rows) - int(sys.argv[2])) < 1e-4
assert sum(int(r["starts"]) for r in rows) == int(sys.argv[2])
EOF
grep -q "^hour " "$tmp/out1" || fail "no printed heat table"

# Month-only data: no hours, and it says so.
"$bin" profile sample_data/police_uk -o "$tmp/uk.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "months only" "$tmp/err" || fail "month-only data with -o: $(cat "$tmp/err")"

# --hours 18-06 --weekdays fri,sat keeps exactly the incidents starting then (checked here).
"$bin" map "${x[@]}" --date committed_from --type offence --crime-type violent-crime --hours 18-06 --weekdays fri,sat \
  --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/night.csv" -q > /dev/null || fail "map --hours --weekdays"
$py - "$tmp/night.csv" << 'EOF' || fail "--hours/--weekdays kept the wrong incidents"
import csv, sys
from datetime import datetime
want = set()
for r in csv.DictReader(open("sample_data/police_export.csv")):
    t = datetime.fromisoformat(r["committed_from"])
    if r["offence"] in ("Assault ABH",) and (t.hour >= 18 or t.hour < 6) and t.weekday() in (4, 5):
        want.add(r["crime_ref"])
got = {r["id"] for r in csv.DictReader(open(sys.argv[1]))}
assert got == want and len(got) > 50, (len(got), len(want))
EOF
"$bin" info sample_data/police_uk --weekdays sat -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "months only" "$tmp/err" || fail "--weekdays on month-only data: $(cat "$tmp/err")"

real=$src/../shared/data/real/crime/burglary_2010-12_to_2025-02_nwbcu
if [ -d "$real" ]; then
  "$bin" profile "$real" --seasonal "$tmp/seasonal.csv" --monthly "$tmp/monthly.csv" -q > "$tmp/real" 2> "$tmp/err" ||
    fail "profile on the real burglary: $(cat "$tmp/err")"
  $py - "$tmp" << 'EOF' || fail "the real seasonal index"
import csv, sys
idx = {r["month"]: float(r["index"]) for r in csv.DictReader(open(f"{sys.argv[1]}/seasonal.csv"))}
assert max(idx, key=idx.get) == "Nov", idx
assert idx["Jun"] < 0.95 and idx["Nov"] > 1.15, idx
assert abs(sum(idx.values()) / 12 - 1) < 1e-5
m = {r["month"]: r for r in csv.DictReader(open(f"{sys.argv[1]}/monthly.csv"))}
assert m["2020-04"]["stands_out"] == "yes", m["2020-04"]
EOF
else
  echo "(real data not found: its part skipped)"
fi
echo ok

#!/usr/bin/env bash
# Issue 26 item 4: coordinates in the sea. Columns whose names say the other axis are refused
# (bad_inputs/swapped_axis_columns.case); columns whose names say nothing, holding swapped
# values, draw a map of the Irish Sea: without --areas nothing caught it; now a warning says
# where the points are and that swapping x and y would put them on land. Incidents on land
# get no such warning.
source "$(dirname "$0")/lib.sh"
cd "$src"
/usr/bin/python3 - sample_data/police_export.csv "$tmp/swapped.csv" << 'PY'
import csv, sys
rows = csv.reader(open(sys.argv[1]))
out = csv.writer(open(sys.argv[2], "w", newline=""))
head = next(rows)
e, n = head.index("easting"), head.index("northing")
head[e], head[n] = "a", "b"
out.writerow(head)
for r in rows:
    r[e], r[n] = r[n], r[e]
    out.writerow(r)
PY
"$bin" kde "$tmp/swapped.csv" --x a --y b --crs EPSG:27700 --date committed_from --bandwidth 200 --cell 50 \
  -o "$tmp/sea.tif" -q 2> "$tmp/err" || fail "kde on swapped values: $(cat "$tmp/err")"
grep -q "100% of the incidents lie in the sea off the British Isles" "$tmp/err" || fail "no word of the sea: $(cat "$tmp/err")"
grep -q "the x and y columns look swapped" "$tmp/err" || fail "no word of the swap: $(cat "$tmp/err")"
# The same values the right way round: on land, no warning.
"$bin" kde "$tmp/swapped.csv" --x b --y a --crs EPSG:27700 --date committed_from --bandwidth 200 --cell 50 \
  -o "$tmp/land.tif" -q 2> "$tmp/err" || fail "kde: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "a warning for incidents on land: $(cat "$tmp/err")"
# Names that agree with their axis, or say nothing, are taken.
"$bin" info sample_data/police_export.csv --x easting --y northing --crs EPSG:27700 -q > /dev/null 2> "$tmp/err" ||
  fail "--x easting refused: $(cat "$tmp/err")"
"$bin" info "$tmp/swapped.csv" --x b --y a --crs EPSG:27700 --date committed_from -q > /dev/null 2> "$tmp/err" ||
  fail "--x b refused: $(cat "$tmp/err")"
# --y with an east-west name, and in a pack's [inputs].
"$bin" info sample_data/police_export.csv --x northing_m --y Easting -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "'northing_m' is by its name a north-south" "$tmp/err" || fail "--x northing_m: $(cat "$tmp/err")"
cat > "$tmp/pack.toml" << TOML
month = "2024-12"
[inputs]
files = ["$src/sample_data/police_export.csv"]
crs = "EPSG:27700"
x = "northing"
y = "easting"
[[theme]]
name = "all"
[[step]]
run = "map"
TOML
"$bin" pack "$tmp/pack.toml" -o "$tmp/packout" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "'northing' is by its name a north-south" "$tmp/err" || fail "a pack's x = northing: $(cat "$tmp/err")"
[ -e "$tmp/packout" ] && fail "a pack folder was written"
echo ok

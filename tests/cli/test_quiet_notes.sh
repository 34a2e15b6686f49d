#!/usr/bin/env bash
# Issue 26 item 14: what confused a new user. Every --mask printed a "no code field" note
# (its codes join nothing); evaluate's summary showed the best method "tied 12" against
# itself. (The dashboard's parts are in test_dashboard_sample.sh; -0 for -o in
# bad_inputs/dash_zero_for_o.case.)
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700)
ogr2ogr -f GeoJSON "$tmp/outline.geojson" sample_data/areas/bcu.geojson -dialect SQLite -sql "SELECT geometry FROM bcu" ||
  fail "ogr2ogr"
"$bin" kde "${x[@]}" --mask "$tmp/outline.geojson" --bandwidth 300 --cell 50 -o "$tmp/k.tif" 2> "$tmp/err" > /dev/null ||
  fail "kde --mask: $(cat "$tmp/err")"
grep -q "no code" "$tmp/err" && fail "a note on the mask's codes: $(grep 'no code' "$tmp/err")"
"$bin" evaluate "${x[@]}" --crime-type burglary --mask "$tmp/outline.geojson" --methods "kde:h=200,400 grid:cell=100" \
  --train 3m --shares 5% -o "$tmp/ev.csv" --summary "$tmp/sum.csv" --recommend "$tmp/rec.json" -q > /dev/null 2> "$tmp/err" ||
  fail "evaluate: $(cat "$tmp/err")"
$py - "$tmp/sum.csv" "$tmp/rec.json" << 'PY' || fail "the best compared with itself"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
best = [r for r in rows if r["best"] == "1"]
assert len(best) == 1, best
assert best[0]["won"] == best[0]["lost"] == best[0]["tied"] == best[0]["sign_p"] == "", best[0]
others = [r for r in rows if r["best"] == "0"]
assert others and all(int(r["won"]) + int(r["lost"]) + int(r["tied"]) == int(r["periods"]) for r in others)
PY
echo ok

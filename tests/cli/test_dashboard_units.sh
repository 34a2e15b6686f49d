#!/usr/bin/env bash
# dashboard on street segments and hexagons (issue 31): each segment's counts in every period,
# its length, rate per 100 m, change and rank equal an independent nearest-segment join and
# brute force (tests/cli/units/check_dashboard_units.py, numpy); each hexagon's equal an
# independent point-in-polygon count; the planted hot streets come top; --within keeps the
# units in the ward; a pack step with units = "streets" gives the command's board; under
# --publish the attacker's texts and scan routes recover no small count, no segment shorter than
# --min-street-length shows a figure and the linear programs leave each of its counts 3 values;
# options that do not apply to a unit kind are refused, leaving nothing behind.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
S=sample_data
x=("$S/police_export.csv" --crs EPSG:27700 --areas "$S/areas/wards.geojson,as=ward" -q)
net=(--units streets --network "$S/streets.geojson")
run() { "$@" > /dev/null 2> "$tmp/err" || fail "$*: $(cat "$tmp/err")"; }

# Refused: what does not apply to the unit kind; nothing written.
refuse() {  # refuse PATTERN ARGS...: exit 2 naming PATTERN
  local pattern=$1; shift
  "$bin" dashboard "${x[@]}" "$@" -o "$tmp/never.csv" 2> "$tmp/err" > /dev/null
  [ $? -eq 2 ] && grep -q -- "$pattern" "$tmp/err" || fail "not refused ($*): $(cat "$tmp/err")"
  [ -e "$tmp/never.csv" ] && fail "a refused run left an output ($*)"
}
refuse 'per 100 m' "${net[@]}" --population "$S/ward_population.csv"
refuse 'one size' --cell hex:400 --smooth eb
refuse 'one size' --cell 500 --population-field population
refuse 'Most Similar' "${net[@]}" --compare-with "$S/ward_population.csv"
refuse 'units streets' --network "$S/streets.geojson"
refuse 'give --network' --units streets
# A target names a segment by its number: a street's name is shared by its segments.
printf 'theme,area,level\nall,Foxglove Close,10\n' > "$tmp/targets.csv"
"$bin" dashboard "${x[@]}" --themes all "${net[@]}" --targets "$tmp/targets.csv" -o "$tmp/never.csv" 2> "$tmp/err" > /dev/null
[ $? -eq 1 ] && grep -q "segment column" "$tmp/err" && [ ! -e "$tmp/never.csv" ] || fail "a target by street name: $(cat "$tmp/err")"

if ! $py -c 'import numpy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP: /usr/bin/python3 with numpy and osgeo is not installed (the refusals passed; the checks against independent joins need it)"
  exit 77
fi
run "$bin" dashboard "${x[@]}" --themes all "${net[@]}" -o "$tmp/seg.gpkg" --tidy "$tmp/seg_tidy.csv"
run "$bin" dashboard "${x[@]}" --themes all --cell hex:400 -o "$tmp/hex.gpkg"
run "$bin" dashboard "${x[@]}" --crime-type vehicle-crime "${net[@]}" -o "$tmp/veh.csv" --tidy "$tmp/veh_tidy.csv" \
  --series "$tmp/veh_series.csv"
# Published and not, for the attacker: the segments of the ward holding a hot street (St Anne's).
# Its 20 segments shorter than 150 m hold 12-month counts of 0, 1, 2 and 6: published, every
# count of theirs is withheld (--min-street-length; the sample's streets are long, so a longer
# minimum than the default's 100 m gives the check short streets of every kind of count).
mkdir -p "$tmp/pub" "$tmp/open"
for r in pub open; do
  run "$bin" dashboard "${x[@]}" --crime-type vehicle-crime "${net[@]}" --within Z05000019 -o "$tmp/$r/veh.csv" \
    --tidy "$tmp/$r/veh_tidy.csv" --series "$tmp/$r/veh_series.csv" $([ $r = pub ] && echo --publish --min-street-length 150)
done
# The same board whatever the thread count.
run "$bin" dashboard "${x[@]}" --crime-type vehicle-crime "${net[@]}" -o "$tmp/veh1.csv" --threads 1
cmp -s "$tmp/veh.csv" "$tmp/veh1.csv" || fail "the street board differs with --threads 1"
head -1 "$tmp/veh_series.csv" | grep -q '^segment,street,theme,month,count,length_m,per_100m,missing,' \
  || fail "series header: $(head -1 "$tmp/veh_series.csv")"
grep -q 'population\|rate_' <(head -1 "$tmp/veh.csv") && fail "a streets board with residents' columns: $(head -1 "$tmp/veh.csv")"

# --within: square cells whose centre lies in one ward, each named with that ward.
run "$bin" dashboard "${x[@]}" --themes all --cell 500 --within Z05000001 -o "$tmp/within.csv"
ward=$($py -c "import json,sys; f=[f for f in json.load(open(sys.argv[1]))['features'] if f['properties']['code']=='Z05000001']; print(f[0]['properties']['name'])" "$S/areas/wards.geojson")
$py - "$tmp/within.csv" "$ward" << 'EOF' || fail "--within on cells"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["ward"] == sys.argv[2] for r in rows), {r["ward"] for r in rows}
assert "population" not in rows[0] and "rate_12m" not in rows[0], "cells with rates"
print(f"--within: {len(rows)} cells, all in {sys.argv[2]}")
EOF

# A pack's dashboard step on the streets: the same board as the command.
board_pack "$tmp/pack.toml" << EOF
themes = "all"
units = "streets"
network = "$src/$S/streets.geojson"
EOF
run "$bin" pack "$tmp/pack.toml" -o "$tmp/packout"
$py - "$tmp" << 'EOF' || fail "the pack's street board differs from the command's"
import csv, sys
from osgeo import ogr
tmp = sys.argv[1]
pack = {r["segment"]: r for r in csv.DictReader(open(f"{tmp}/packout/board/dashboard-board.csv"))}
ds = ogr.Open(f"{tmp}/seg.gpkg")
layer = ds.GetLayer(0)
n = 0
for f in layer:
    p = pack[str(f.GetField("segment"))]
    for c in ("all_3m", "all_3m_before", "all_12m", "all_12m_before", "all_rank_12m"):
        assert int(p[c]) == f.GetField(c), (f.GetField("segment"), c)
    n += 1
assert n == len(pack), (n, len(pack))
print(f"pack: {n} segments as the command's")
EOF
# The pack's report shows the segments' board, highest 12-month count first, named by street.
run "$bin" report "$tmp/packout" -o "$tmp/packout/report.html"
$py - "$tmp/packout/report.html" "$tmp/seg.gpkg" << 'EOF' || fail "the report's street board"
import re, sys
from osgeo import ogr
html = open(sys.argv[1], encoding="utf-8").read()
at = html.find("Partnership board: last 3 and 12 months, street segments")
assert at >= 0, "no street board section"
cells = re.findall(r"<td[^>]*>([^<]*)</td>", html[at:at + 4000])
ds = ogr.Open(sys.argv[2])
top = max(ds.GetLayer(0), key=lambda f: (f.GetField("all_12m"), -int(f.GetField("segment"))))
assert cells[:2] == [str(top.GetField("segment")), top.GetField("street")], (cells[:4], top.GetField("segment"))
print(f"report: the street board leads with segment {cells[0]} ({cells[1]})")
EOF

check="$py tests/cli/units/check_dashboard_units.py"
$check streets "$tmp/seg.gpkg" "$tmp/seg_tidy.csv" "$S/police_export.csv" 30 2024-12 || fail "segments"
$check hex "$tmp/hex.gpkg" "$S/police_export.csv" 2024-12 || fail "hexagons"
$check hot "$tmp/veh.csv" "$S/truth/hot_streets.csv" 5 || fail "hot streets"
# The attacker (tests/cli/publish_attack.py, routes 1, 2 and 6) on the published street board,
# tidy table and series: texts and ranks, small counts anywhere, and the linear programs over
# the three tables together (months add up to periods, periods to the board).
atk="$py tests/cli/publish_attack.py"
$atk texts "$tmp/pub/veh.csv" "$tmp/open/veh.csv" 5 || fail "published street board: a text or rank gives a hidden count"
$atk scan "$tmp/pub" "$tmp/open" 5 || fail "published street board, tidy or series: a small count"
$atk short "$tmp/pub" "$tmp/open" 150 5 || fail "published street board, tidy or series: a short segment shows a figure"
$py -c "import json, sys; t = sys.argv[1]; json.dump({'name': 'streets', 'n': 5, 'protection': 3, 'min_street_length': 150, 'releases': [{'name': 'board',
  'tables': [{'kind': k, 'pub': f'{t}/pub/veh{s}.csv', 'open': f'{t}/open/veh{s}.csv', 'month': '2024-12'}
             for k, s in (('series', '_series'), ('tidy', '_tidy'), ('board', ''))]}]}, open(f'{t}/lp.json', 'w'))" "$tmp"
$atk intervals "$tmp/lp.json" || fail "published street board, tidy and series: the linear programs narrow a hidden or withheld count"
echo "dashboard units: ok"

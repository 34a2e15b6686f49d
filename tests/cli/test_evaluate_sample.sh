#!/usr/bin/env bash
# evaluate: on the sample's burglary, the planted persistent hot spot H3 is caught (the hit
# rate at 5% of the area is at least nine tenths of H3's share of the test incidents); one
# row's hit count and PAI equal an independent computation (Python: the 50 m study cells
# inside the BCU, grid counts of the 3 months before, ties shared); 1 and 2 threads give the
# same bytes; kde --bandwidth from:FILE takes the recommended bandwidth; bad method lists are
# refused. On the real data (when present): 2024 burglary tests, where most test incidents
# fall on map points training incidents had.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --type offence --crime-type burglary
   --mask sample_data/areas/bcu.geojson)
"$bin" evaluate "${x[@]}" --methods "kde:h=200 grid:cell=50 repeats prospective" --train 3m --shares 1%,5% \
  -o "$tmp/ev.csv" --recommend "$tmp/rec.json" --threads 1 > "$tmp/ev.out" 2> "$tmp/err" || fail "evaluate: $(cat "$tmp/err")"
"$bin" evaluate "${x[@]}" --methods "kde:h=200 grid:cell=50 repeats prospective" --train 3m --shares 1%,5% \
  -o "$tmp/ev2.csv" --threads 2 -q > /dev/null 2> "$tmp/err" || fail "evaluate --threads 2: $(cat "$tmp/err")"
cmp -s "$tmp/ev.csv" "$tmp/ev2.csv" || fail "evaluate differs between 1 and 2 threads"
grep -q "^recommended: " "$tmp/ev.out" || fail "no recommendation: $(cat "$tmp/ev.out")"
$py - "$tmp" << 'EOF' || fail "evaluate on the sample"
import csv, json, math, sys
from collections import defaultdict
from osgeo import ogr
ogr.UseExceptions()
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/ev.csv")))
periods = sorted({r["test_period"] for r in rows})
assert len(periods) == 21, periods  # 2023-04 .. 2024-12: 3 months of training before each
assert len(rows) == 21 * 4 * 2
for r in rows:
    assert float(r["pei"]) <= 1 + 1e-9 and float(r["pei_star"]) <= 1 + 1e-9, r
inc = [r for r in csv.DictReader(open("sample_data/police_export.csv")) if r["offence"] == "Burglary - residential"]
h3 = next(r for r in csv.DictReader(open("sample_data/truth/hotspots.csv")) if r["id"] == "H3")
hx, hy = float(h3["x"]), float(h3["y"])
def month(r):
    return r["committed_from"][:7]
test = [r for r in inc if month(r) in periods]
near = sum(math.hypot(float(r["easting"]) - hx, float(r["northing"]) - hy) < 3 * float(h3["sd_m"]) for r in test)
share = near / len(test)
kde5 = [r for r in rows if r["method"] == "kde h=200" and r["share_pct"] == "5"]
hit = sum(float(r["n"]) for r in kde5) / sum(float(r["N"]) for r in kde5)
assert hit >= 0.9 * share, (hit, share)
# One row by hand: grid counts of 50 m cells, 2024-03..05, tested on 2024-06, at 1%.
bcu_ds = ogr.Open("sample_data/areas/bcu.geojson")
bcu_feature = bcu_ds.GetLayer().GetNextFeature()  # kept: its geometry belongs to it
bcu = bcu_feature.GetGeometryRef().Clone()
xmin, xmax, ymin, ymax = bcu.GetEnvelope()
x0, y1 = math.floor(xmin / 50) * 50, math.ceil(ymax / 50) * 50
cols, rows_n = int(math.ceil(xmax / 50) - x0 / 50), int(y1 / 50 - math.floor(ymin / 50))
inside = set()
for r in range(rows_n):
    y = y1 - (r + 0.5) * 50
    for c in range(cols):
        x = x0 + (c + 0.5) * 50
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        if bcu.Contains(p):
            inside.add((r, c))
def cell(rec):
    return (int((y1 - float(rec["northing"])) // 50), int((float(rec["easting"]) - x0) // 50))
train, tst = defaultdict(float), defaultdict(float)
for rec in inc:
    k = cell(rec)
    if k not in inside:
        continue
    if month(rec) in ("2024-03", "2024-04", "2024-05"):
        train[k] += 1
    elif month(rec) == "2024-06":
        tst[k] += 1
m = len(inside)
k = max(1, round(0.01 * m))
scores = sorted((train.get(c, 0) for c in inside), reverse=True)
cut = scores[k - 1]
above = [c for c in inside if train.get(c, 0) > cut]
tied = [c for c in inside if train.get(c, 0) == cut]
n = sum(tst[c] for c in above) + (k - len(above)) / len(tied) * sum(tst[c] for c in tied)
N = sum(tst.values())
row = next(r for r in rows if r["test_period"] == "2024-06" and r["method"] == "grid cell=50" and r["share_pct"] == "1")
assert abs(float(row["n"]) - n) < 1e-3, (row, n)
assert int(row["N"]) == N, (row, N)
assert abs(float(row["pai"]) - (n / N) / (k / m)) < 1e-3 * float(row["pai"]), (row, (n / N) / (k / m))
rec = json.load(open(f"{d}/rec.json"))
assert rec["kde"]["bandwidth_m"] == 200
EOF
"$bin" kde sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --type offence --bandwidth "from:$tmp/rec.json" \
  --cell 25 --hotspots "$tmp/hot.geojson" -q > /dev/null 2> "$tmp/err" || fail "kde from: $(cat "$tmp/err")"
grep -q '"bandwidth_m":200' "$tmp/hot.geojson" || fail "kde --bandwidth from: did not take 200 m"
for bad in "grid:cell=75" "forest" "kde:k=3" "prospective:decay=-1d"; do
  "$bin" evaluate "${x[@]}" --methods "$bad" -o "$tmp/bad.csv" -q > /dev/null 2> "$tmp/err"
  [ $? -eq 2 ] || fail "--methods $bad was not refused: $(cat "$tmp/err")"
done
"$bin" evaluate "${x[@]}" --train 0m -o "$tmp/bad.csv" -q > /dev/null 2>&1; [ $? -eq 2 ] || fail "--train 0m was not refused"
# Test periods after the data would score nothing: refused, not a table of zeros.
"$bin" evaluate "${x[@]}" --from 2026-01 --to 2026-06 -o "$tmp/late.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "the incidents end in 2024-12" "$tmp/err" || fail "tests after the data: $(cat "$tmp/err")"
[ ! -e "$tmp/late.csv" ] || fail "a refused evaluation left an output"

# change --target: the weighted displacement quotient on constructed counts (target 20 -> 10,
# buffer 10 -> 15, control 100 -> 100: WDQ -0.5, some displacement).
$py - "$tmp" << 'EOF'
import sys
d = sys.argv[1]
rows = ["ref,easting,northing,date"]
def add(n, x, y, date):
    for k in range(n):
        rows.append(f"R{len(rows)},{x + k % 7},{y + k % 5},{date}")
add(20, 500040, 200040, "2023-06-15"); add(10, 500040, 200040, "2024-06-15")
add(10, 500200, 200040, "2023-06-15"); add(15, 500200, 200040, "2024-06-15")
add(100, 502000, 202000, "2023-06-15"); add(100, 502000, 202000, "2024-06-15")
add(7, 500500, 200040, "2023-06-15")  # 400 m away: outside the 250 m buffer, inside the control by default
open(f"{d}/wdq.csv", "w").write("\n".join(rows) + "\n")
open(f"{d}/target.geojson", "w").write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'
    '"features":[{"type":"Feature","properties":{"name":"T1"},"geometry":{"type":"Polygon","coordinates":'
    '[[[500000,200000],[500100,200000],[500100,200100],[500000,200100],[500000,200000]]]}}]}')
open(f"{d}/control.geojson", "w").write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'
    '"features":[{"type":"Feature","properties":{"name":"C"},"geometry":{"type":"Polygon","coordinates":'
    '[[[501500,201500],[502500,201500],[502500,202500],[501500,202500],[501500,201500]]]}}]}')
EOF
"$bin" change "$tmp/wdq.csv" --crs EPSG:27700 --before 2023-01..2023-12 --after 2024-01..2024-12 --target "$tmp/target.geojson" \
  --control "$tmp/control.geojson" --wdq "$tmp/wdq_out.csv" -q > "$tmp/wdq.out" 2> "$tmp/err" || fail "change --target: $(cat "$tmp/err")"
grep -q "^T1,20,10,10,15,100,100,-0.1,0.05,-0.5,\"some displacement" "$tmp/wdq_out.csv" || fail "WDQ: $(cat "$tmp/wdq_out.csv")"
"$bin" change "$tmp/wdq.csv" --crs EPSG:27700 --before 2023-01..2023-12 --after 2024-01..2024-12 --target "$tmp/target.geojson" \
  --wdq "$tmp/wdq_all.csv" -q > /dev/null 2> "$tmp/err" || fail "change --target without --control: $(cat "$tmp/err")"
grep -q "^T1,20,10,10,15,107,100," "$tmp/wdq_all.csv" || fail "WDQ with the default control: $(cat "$tmp/wdq_all.csv")"

real=../shared/data/real
if [ ! -d "$real/crime" ]; then
  echo "skipped the real-data back-test: $real is not there"
else
  "$bin" evaluate "$real"/crime/burglary_2010-12_to_2025-02_nwbcu/202[34]-*.csv \
    --mask "$real/boroughs/nwbcu_union_bng_EPSG27700.geojson" --from 2024-01 --to 2024-12 --train 12m \
    --methods "kde:h=100,300 grid:cell=50" --shares 1% -o "$tmp/real.csv" > "$tmp/real.out" 2> "$tmp/err" \
    || fail "real evaluate: $(cat "$tmp/err")"
  grep -q "12 test periods of 1 month (2024-01 .. 2024-12)" "$tmp/real.out" || fail "real periods: $(head -2 "$tmp/real.out")"
  grep -q "shared anonymous map points" "$tmp/real.out" || fail "the real data's shared map points were not reported"
  echo "real burglary 2024: $(grep '^recommended' "$tmp/real.out")"
fi
echo "evaluate: H3 caught, a row equal to an independent computation, threads, from:FILE, bad methods refused"

#!/usr/bin/env bash
# The dashboard series' change points on the sample: the planted level shift
# (truth/level_shift.csv) is found within one month, every series' changes equal an independent
# optimal partitioning written here (every partition's cost by dynamic programming, no pruning),
# the levels are the segments' means, and the options are checked.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
run() {
  "$bin" dashboard sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
    --month 2024-12 --population sample_data/ward_population.csv --series "$tmp/series$1.csv" "${@:2}" -q \
    > /dev/null 2> "$tmp/err" || fail "dashboard $*: $(cat "$tmp/err")"
}
run 3
run 2 --change-penalty 2 --change-min-months 2
$py - "$tmp" sample_data/truth/level_shift.csv << 'EOF2' || fail "change points differ from the reference"
import csv, math, sys, collections
tmp, truth = sys.argv[1], sys.argv[2]

def optimal(y, beta, ms):
    # F[t]: the best cost of months [0, t); every earlier end s tried (no pruning).
    n = len(y)
    def cost(a, b):
        s = sum(v for v in y[a:b] if v is not None); m = sum(1 for v in y[a:b] if v is not None)
        return 0.0 if m == 0 or s == 0 else -2 * (s * math.log(s / m) - s)
    F = [math.inf] * (n + 1); F[0] = -beta; last = [0] * (n + 1)
    for t in range(1, n + 1):
        for s in range(0, t - ms + 1):
            if s != 0 and s < ms: continue
            v = F[s] + cost(s, t) + beta
            if v < F[t] - 1e-9: F[t], last[t] = v, s
    if F[n] == math.inf: return []
    cuts, t = [], n
    while t > 0:
        if last[t] > 0: cuts.append(last[t])
        t = last[t]
    return sorted(cuts)

for tag, k, ms in (("3", 3, 3), ("2", 2, 2)):
    series = collections.defaultdict(list)
    for r in csv.DictReader(open(f"{tmp}/series{tag}.csv")):
        series[(r["area_code"], r["theme"])].append(r)
    found = 0
    for key, rows in series.items():
        y = [None if r["missing"] == "yes" else float(r["count"]) for r in rows]
        n = sum(v is not None for v in y)
        want = optimal(y, k * math.log(n), ms) if n > 1 and len(y) >= 2 * ms else []
        got = [i for i, r in enumerate(rows) if r["level_change"] == "yes"]
        assert got == want, (tag, key, got, want)
        found += len(got)
        for a, b in zip([0] + got, got + [len(rows)]):
            vals = [v for v in y[a:b] if v is not None]
            for r in rows[a:b]:
                assert abs(float(r["level"]) - sum(vals) / len(vals)) <= 5e-4 * max(1, sum(vals) / len(vals)), (key, r)
    assert found > 0
    if tag == "3":
        print(f"{found} change points in {len(series)} series")

# The planted shift: a change in its ward's burglary series within one month of its start.
rows = list(csv.DictReader(open(f"{tmp}/series3.csv")))
for t in csv.DictReader(open(truth)):
    y0, m0 = map(int, t["first_month"].split("-"))
    hits = [r["month"] for r in rows if r["area_code"] == t["ward_code"] and "burglary" in r["theme"] and r["level_change"] == "yes"]
    near = [m for m in hits if abs((int(m[:4]) * 12 + int(m[5:])) - (y0 * 12 + m0)) <= 1]
    assert near, ("planted shift not found", t, hits)
    print(f"planted {t['first_month']} in {t['ward_code']}: found {near}")
EOF2

# The report's trend chart marks the plant: Elmstead's line has a triangle at 2024-03, and the
# text under the chart names it.
"$bin" dashboard sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
  --crime-type burglary --month 2024-12 --population sample_data/ward_population.csv -o "$tmp/board.gpkg" \
  --series "$tmp/s.csv" --report "$tmp/board.html" -q > /dev/null 2> "$tmp/err" || fail "dashboard --report: $(cat "$tmp/err")"
grep -q "Changes of level (triangles; Poisson change points): Elmstead from 2024-03" "$tmp/board.html" ||
  fail "the report does not name the planted change"
$py - "$tmp/board.html" << 'EOF2' || fail "the trend chart's triangles are not at the planted month"
import json, re, sys
html = open(sys.argv[1]).read()
months = json.loads(re.search(r'"trend":\{"lines":(\[.*?\]),"months":(\[[^\]]*\])', html).group(2))
lines = json.loads(re.search(r'"trend":\{"lines":(\[.*?\]),"months"', html).group(1))
elm = [l for l in lines if l["label"] == "Elmstead"]
assert elm and [months[i] for i in elm[0]["changes"]] == ["2024-03"], elm
EOF2

"$bin" dashboard sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
  --change-penalty 0 -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "change-penalty" "$tmp/err" || fail "--change-penalty 0 accepted: $(cat "$tmp/err")"
"$bin" dashboard sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
  --change-min-months 0 -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "change-min-months" "$tmp/err" || fail "--change-min-months 0 accepted: $(cat "$tmp/err")"
echo ok

#!/usr/bin/env bash
# Every command's report carries its product (issue 33), on the sample, checked on the DOM that
# headless Chromium renders: site (the map of chosen and existing sites with their reach, the
# ranked list, the coverage curve), evaluate (the recommendation in words against the back-test
# file, the test months as the period, no "tied" of the best, the hit-rate chart), walk (the
# route and stops drawn over its network), dashboard (ranks "N of M", figures to one decimal,
# the trend chart's last 24 months and --trend-months).
. "$(dirname "$0")/lib.sh"
cd "$src" || exit 1
py=/usr/bin/python3
ex=(sample_data/police_export.csv --x easting --y northing --crs EPSG:27700 --date committed_from --date-to committed_to
    --type offence --id crime_ref --location street -q)
x=(sample_data/police_export.csv --crs EPSG:27700 -q)
run() { "$bin" "$@" > /dev/null 2> "$tmp/err" || fail "$1 --report: $(cat "$tmp/err")"; }
run site "${ex[@]}" --crime-type violent-crime --candidates sample_data/street_lights.csv --existing sample_data/cameras.csv \
  --radius 75 --count 5 --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/sites.geojson" --report "$tmp/site.html"
run site "${ex[@]}" --crime-type violent-crime --candidates sample_data/street_lights.csv --existing sample_data/cameras.csv \
  --radius 75 --count 5 --coverage network --network sample_data/streets.geojson -o "$tmp/netsites.geojson" \
  --reach "$tmp/reach.geojson" --report "$tmp/sitenet.html"
run evaluate "${x[@]}" --crime-type burglary --mask sample_data/areas/bcu.geojson --methods kde:h=200,400 --train 3m \
  --shares 1%,5% --from 2024-01 -o "$tmp/ev.csv" --summary "$tmp/sum.csv" --recommend "$tmp/rec.json" --report "$tmp/ev.html"
run walk "${ex[@]}" --crime-type violent-crime --night --network sample_data/streets.geojson --start 447067,300681 \
  --max-length 2.5km --return -o "$tmp/walk.geojson" --route "$tmp/route.geojson" --report "$tmp/walk.html"
board=(dashboard "${x[@]}" --areas sample_data/areas/wards.geojson,as=ward --per ward --crime-type burglary --month 2024-12
       --population sample_data/ward_population.csv)
run "${board[@]}" -o "$tmp/board.csv" --series "$tmp/series.csv" --report "$tmp/board.html"
run "${board[@]}" -o "$tmp/board12.csv" --series "$tmp/series12.csv" --report "$tmp/board12.html" --trend-months 12
"$bin" "${board[@]}" -o "$tmp/b.csv" --report "$tmp/b.html" --trend-months -1 > /dev/null 2>&1
[ $? -eq 2 ] && [ ! -e "$tmp/b.html" ] || fail "--trend-months -1 was not refused"

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  echo "skipped: chromium is not installed (apt-get install chromium; scripts/setup.sh --tests does)"
  exit 77
fi
for f in site sitenet ev walk board board12; do
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "file://$tmp/$f.html" \
    > "$tmp/$f.dom" 2> /dev/null || fail "chromium could not load $f.html"
done
$py - "$tmp" << 'EOF' || fail "the commands' reports"
import csv, json, re, sys
d = sys.argv[1]
def dom(f):
    text = open(f"{d}/{f}.dom").read()
    body = re.search(r"<body([^>]*)>", text).group(1)
    assert 'data-ready="1"' in body and "data-errors" not in body and "data-blocked" not in body, (f, body)
    return text
def data(text):
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', text, re.S).group(1))
def section(text, heading):
    part = text[text.index(heading):]
    return part[:part.index("</table>")]
def cells(row):
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]

# site: every site on the map, the chosen in rank order first in the list, the curve.
page = dom("site")
sites = json.load(open(f"{d}/sites.geojson"))["features"]
chosen = sorted((f["properties"] for f in sites if f["properties"]["status"] != "existing"), key=lambda p: p["rank"])
div = re.search(r'<div class="map[^"]*" id="map-violent-crime"([^>]*)>', page)
assert div and f'data-sites="{len(sites)}"' in div.group(1), div and div.group(1)
layer = [l for l in data(page)["themes"][0]["layers"] if l["view"] == "sites"][0]
assert layer["radius"] == 75, layer["radius"]
rows = re.findall(r"<tr>(.*?)</tr>", section(page, "Sites, ranked"), re.S)[1:]
assert len(rows) == min(15, len(sites))
for row, p in zip(rows, chosen):
    c = cells(row)
    assert c[:3] == [str(p["rank"]), p["site"], p["street"]], (c, p)
    assert abs(float(c[6]) - p["covered_pct"]) < 0.01 * max(1, p["covered_pct"]), (c, p)
chart = [c for c in data(page)["themes"][0]["charts"] if c["id"] == "chart-violent-crime-sites"][0]
assert [pt[0] for pt in chart["lines"][0]["points"]] == [p["rank"] for p in chosen]
assert all(abs(pt[1] - p["covered_pct"]) < 1e-3 for pt, p in zip(chart["lines"][0]["points"], chosen))
assert re.search(r'<canvas[^>]*id="chart-violent-crime-sites"[^>]*data-lines="1"', page)
assert not [l for l in data(page)["themes"][0]["layers"] if l["view"] == "reach"]  # circles as the crow flies

# site --coverage network --reach: the streets each site reaches are on the map instead of circles.
page = dom("sitenet")
reach = json.load(open(f"{d}/reach.geojson"))["features"]
div = re.search(r'<div class="map[^"]*" id="map-violent-crime"([^>]*)>', page)
assert div and f'data-reach="{len(reach)}"' in div.group(1), div and div.group(1)
layers = data(page)["themes"][0]["layers"]
assert [l for l in layers if l["view"] == "sites"][0]["radius"] is None
drawn = [l for l in layers if l["view"] == "reach"][0]
assert len(drawn["geojson"]["features"]) == len(reach) >= 5, (len(drawn["geojson"]["features"]), len(reach))
assert "what each site covers" in page
json.dump(drawn["geojson"], open(f"{d}/reach_dom.geojson", "w"))

# evaluate: the sentence's figures from the back-test file, computed here; the tested months.
page = dom("ev")
rows = list(csv.DictReader(open(f"{d}/ev.csv")))
rec = json.load(open(f"{d}/rec.json"))["recommended"]
months = sorted({r["test_period"] for r in rows})
def mean_hit(method, train, share):
    v = [float(r["hit_rate"]) for r in rows if r["method"] == method and r["train_months"] == train and r["share_pct"] == share]
    return 100 * sum(v) / len(v)
head = re.search(r'<p class="headline">(.*?)</p>', page).group(1)
want = f"For burglary, {rec['method']} trained on the {rec['train_months']} month"
assert head.startswith(want), (head, want)
hit = mean_hit(rec["method"], str(rec["train_months"]), "5")
assert f"found {hit:.1f}% of the next month's incidents in 5% of the area" in head, (head, hit)
others = {(r["method"], r["train_months"]) for r in rows} - {(rec["method"], str(rec["train_months"]))}
best_other = max(others, key=lambda o: mean_hit(o[0], o[1], "5"))
assert f"against {mean_hit(*best_other, '5'):.1f}% for {best_other[0]}" in head, (head, best_other)
assert f"use {rec['method']}" in head
assert f"Period of the tests {months[0]} to {months[-1]}" in page, months
assert "of the data" not in page and "Warnings: None" not in page and "<h3>Warnings</h3>" not in page
# The best is never compared with itself: its won, lost and tied cells are empty.
for r in csv.DictReader(open(f"{d}/sum.csv")):
    if r["best"] == "1":
        assert r["won"] == r["lost"] == r["tied"] == "", r
assert re.search(r'<canvas[^>]*id="chart-burglary-backtest"[^>]*data-lines="2"', page)

# walk: route and every stop on the map, over the walk's network, named.
page = dom("walk")
stops = json.load(open(f"{d}/walk.geojson"))["features"]
div = re.search(r'<div class="map[^"]*" id="map-violent-crime"([^>]*)>', page)
assert div and 'data-route="1"' in div.group(1) and f'data-stops="{len(stops)}"' in div.group(1), div and div.group(1)
context = data(page)["context"]
assert [c["file"] for c in context] == ["streets.geojson"] and context[0]["named"], [c["file"] for c in context]
assert "context-label" in page
assert stops[0]["properties"]["name"] in page

# dashboard: ranks "N of M", one decimal, the chart's last 24 months (and 12 with --trend-months 12).
page = dom("board")
table = section(page, "Partnership board")
board = list(csv.DictReader(open(f"{d}/board.csv")))
n = len(board)
assert len(re.findall(rf"<td>\d+ of {n}</td>", table)) == min(12, n), table[:500]
for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
    for c in cells(row):
        assert not re.fullmatch(r"-?\d+\.\d\d+", c), c
top = max(board, key=lambda r: float(r["rate_12m"]))
assert f"<td>{top['area_name']}</td>" in table and f'{float(top["rate_12m"]):.1f}' in table
last = board[0]["month"]  # the chart ends with the board's month, whatever the series holds after it
series_months = sorted({r["month"] for r in csv.DictReader(open(f"{d}/series.csv")) if r["month"] <= last})
def month_number(m):
    y, mo = m.split("-")
    return int(y) * 12 + int(mo) - 1
for f, recent in (("board", 24), ("board12", 12)):
    trend = data(dom(f))["themes"][0]["trend"]["months"]
    assert trend[-1] == series_months[-1], (trend[-1], series_months[-1])
    assert month_number(trend[0]) == month_number(trend[-1]) - (min(recent, len(series_months)) - 1), (f, trend[0])
    assert trend == series_months[-recent:]
assert "The last 12 months" in dom("board12")
EOF
# Every vertex of the reach drawn in the DOM is within 75 m walking of its site: each point joined
# to its nearest street piece, scipy's Dijkstra between the pieces' ends (motorways left out).
$py - "$tmp" << 'EOF' || fail "the site report's reach along the streets"
import json, math, sys
import numpy as np
from osgeo import ogr, osr
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
d = sys.argv[1]
R = 75.0
ds = ogr.Open("sample_data/streets.geojson")
vid, segs = {}, []
for f in ds.GetLayer():
    if f.GetField("highway") in ("motorway", "motorway_link"):
        continue
    g = f.GetGeometryRef()
    pts = [g.GetPoint_2D(i) for i in range(g.GetPointCount())]
    segs += [(vid.setdefault(a, len(vid)), vid.setdefault(b, len(vid)), a, b) for a, b in zip(pts, pts[1:]) if a != b]
A = np.array([s[2] for s in segs]); B = np.array([s[3] for s in segs]); L = np.hypot(*(B - A).T)
u = np.array([s[0] for s in segs]); v = np.array([s[1] for s in segs])
G = coo_matrix((np.concatenate([L, L]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(len(vid),) * 2).tocsr()
def foot(p):
    t = np.clip(((p[0] - A[:, 0]) * (B[:, 0] - A[:, 0]) + (p[1] - A[:, 1]) * (B[:, 1] - A[:, 1])) / L**2, 0, 1)
    off = np.hypot(A[:, 0] + t * (B[:, 0] - A[:, 0]) - p[0], A[:, 1] + t * (B[:, 1] - A[:, 1]) - p[1])
    k = int(np.argmin(off))
    return k, t[k] * L[k], off[k]
wgs, bng = osr.SpatialReference(), osr.SpatialReference()
wgs.ImportFromEPSG(4326); bng.ImportFromEPSG(27700)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); bng.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
to_bng = osr.CoordinateTransformation(wgs, bng)
where = {f["properties"]["site"]: (f["properties"]["x"], f["properties"]["y"])
         for f in json.load(open(f"{d}/netsites.geojson"))["features"]}
worst, n = -math.inf, 0
for f in json.load(open(f"{d}/reach_dom.geojson"))["features"]:
    ks, as_, os_ = foot(where[f["properties"]["site"]])
    dist = dijkstra(G, indices=[segs[ks][0], segs[ks][1]], limit=3 * R)
    for line in f["geometry"]["coordinates"]:
        for lon, lat in line:
            x, y, _ = to_bng.TransformPoint(lon, lat)
            kp, ap, op = foot((x, y))
            assert op < 0.5, (f["properties"], x, y, op)  # on a street
            walk = abs(as_ - ap) if kp == ks else math.inf
            for e, oe in ((0, as_), (1, L[ks] - as_)):
                for w, ow in ((segs[kp][0], ap), (segs[kp][1], L[kp] - ap)):
                    walk = min(walk, oe + dist[e][w] + ow)
            worst = max(worst, os_ + walk - R)
            n += 1
assert n > 50 and -0.5 < worst < 0.5, (n, worst)  # pieces run out at the radius, not short of it
print(f"site report: {n} vertices of the reach drawn, each within {R:g} m walking of its site (at most {worst:+.2f} m)")
EOF
echo "commands' reports: site map, list and curve; evaluate's recommendation and test months; walk map; dashboard ranks, decimals and 24 months"

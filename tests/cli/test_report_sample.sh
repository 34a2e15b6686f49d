#!/usr/bin/env bash
# report: the sample pack's report is one HTML file that needs nothing from the network (no
# external src/href, a content-security policy that forbids requests); in headless Chromium
# it loads with no script error and no request, each theme's map holds as many hotspots,
# Gi* cells, cocooning zones and repeat places as the pack's layers, each table has the
# expected rows (the dashboard's board by rate, its trend chart equal to the series file), the
# marking is on the page, the PNG of a map is not blank; --report on kde and dashboard. Skipped
# (saying so) where chromium is not installed.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
"$bin" pack sample_data/packs/sample.toml -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" --marking "OFFICIAL-SENSITIVE TEST" -o "$tmp/report.html" > /dev/null 2> "$tmp/err" \
  || fail "report: $(cat "$tmp/err")"
html=$tmp/report.html
# Outside the embedded libraries' code, nothing points at the network.
$py - "$html" << 'EOF' || fail "the report refers to something on the network"
import re, sys
page = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", open(sys.argv[1]).read(), flags=re.S)
assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page), re.search(r'.{40}(src|href)="(https?:)?//.{40}', page).group(0)
EOF
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$html" || fail "no content-security policy"
[ "$(grep -o 'OFFICIAL-SENSITIVE TEST' "$html" | wc -l)" -ge 2 ] || fail "the marking is not on the page"
"$bin" report "$tmp/nothing" -o "$tmp/x.html" -q > /dev/null 2> "$tmp/err"; [ $? -eq 1 ] || fail "a folder without a manifest"
grep -q "no manifest.json" "$tmp/err" || fail "no manifest: $(cat "$tmp/err")"

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  echo "skipped the browser checks: chromium is not installed (apt-get install chromium; scripts/setup.sh --tests does)"
  exit 0
fi
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "file://$html" \
  > "$tmp/dom.html" 2> /dev/null || fail "chromium could not load the report"
"$bin" report "$tmp/pack" -o "$tmp/r2.html" --pdf "$tmp/report.pdf" --png "$tmp/maps" -q > /dev/null 2> "$tmp/err" \
  || fail "report --pdf --png: $(cat "$tmp/err")"
head -c 5 "$tmp/report.pdf" | grep -q '%PDF-' || fail "--pdf did not write a PDF"
$py - "$tmp" << 'EOF' || fail "the report in a browser"
import json, re, sys
from osgeo import gdal, ogr
gdal.UseExceptions()
d = sys.argv[1]
dom = open(f"{d}/dom.html").read()
body = re.search(r"<body([^>]*)>", dom).group(1)
assert 'data-ready="1"' in body, body
assert "data-errors" not in body and "data-blocked" not in body, body
assert 'data-requests="0"' in body, body
m = json.load(open(f"{d}/pack/manifest.json"))
# Issue 33: the front page leads (themes, no parameters); the appendix comes last with the
# inputs and parameters, and no absolute path appears anywhere on the page.
front = re.search(r'<section class="page front">(.*?)</section>', dom, re.S).group(1)
assert "Steps and parameters" not in front and "<h3>Inputs</h3>" not in front, "parameters on the front page"
assert all(f'href="#theme-{t["name"]}"' in front for t in m["themes"]), "a theme missing from the front page"
sections = re.findall(r'<section class="page ([a-z]+)"', dom)
assert sections[0] == "front" and sections[-1] == "appendix", sections
appendix = re.search(r'<section class="page appendix" id="appendix">(.*?)</section>', dom, re.S).group(1)
assert "Steps and parameters" in appendix and "<h3>Inputs</h3>" in appendix, "no parameters in the appendix"
assert all(s["name"] in appendix for s in m["steps"]), "a step missing from the appendix"
text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", dom, flags=re.S))
for root in ("/work/", "/tmp/", "/home/", d):
    assert root not in text, f"an absolute path ({root}) on the page"
# Each theme's hotspots table: labels unique, none a bare place type.
for t in m["themes"]:
    sec = re.search(r'<section class="page theme" id="theme-%s">(.*?)(?=<section class="page |$)' % t["name"], dom, re.S).group(1)  # Leaflet's layer list is a section too
    labels = re.findall(r"<td>([HG][0-9]+(?: [^<]*)?)</td>", sec)
    assert labels, f"no hotspot labels in {t['name']}"
    assert len(set(labels)) == len(labels), labels
gpkg = ogr.Open(f"{d}/pack/pack.gpkg")
# How each layer is drawn (steps declare it): hotspot outlines, Gi* classes, cocooning zones, repeat points.
kinds = {("kde", "hotspots"): "outlines", ("gistar", "units"): "classes", ("cocoon", "zones"): "zones", ("repeats", "locations"): "points"}
runs = {s["name"]: s["run"] for s in m["steps"]}
checked = 0
for t in m["themes"]:
    div = re.search(r'<div class="map[^"]*" id="map-%s"([^>]*)>' % t["name"], dom)
    assert div, t["name"]
    attrs = dict(re.findall(r'data-([a-z]+)="(\d+)"', div.group(1)))
    seen = set()
    for o in m["outputs"]:
        kind = kinds.get((runs.get(o.get("step")), o.get("role")))
        if o.get("theme") != t["name"] or not kind or not o["file"].endswith(".gpkg") or kind in seen:
            continue
        seen.add(kind)
        layer = gpkg.GetLayerByName(o["layer"])
        n = sum(1 for f in layer if kind != "classes" or f.GetField("bin") != 0)
        if kind == "points":  # the busiest 50 (--map-places)
            n = min(n, 50)
        assert int(attrs.get(kind, -1)) == n, (t["name"], kind, attrs, n)
        checked += 1
    # The hotspot table: the first 12 of the kde hotspots.
    section = dom[dom.index('id="theme-%s"' % t["name"]):]
    table = section[section.index("Hotspots, ranked"):]
    table = table[:table.index("</table>")]
    rows = next(o["rows"] for o in m["outputs"] if o.get("theme") == t["name"] and o.get("step") == "kde" and o.get("role") == "hotspots")
    assert table.count("<tr>") == 1 + min(12, rows), (t["name"], table.count("<tr>"), rows)
assert checked >= 10, checked
# The dashboard: its board by 12-month rate, and the trend chart drawn with all areas and the
# five areas of highest rate, whose monthly rates equal the series file's.
board_themes = {s["theme"] for s in m["steps"] if s["run"] == "dashboard"}
assert board_themes, "no dashboard step in the sample pack"
for t in board_themes:
    section = dom[dom.index('id="theme-%s"' % t):]
    table = section[section.index("Partnership board"):]
    table = table[:table.index("</table>")]
    import csv
    board = list(csv.DictReader(open(f"{d}/pack/{t}/dashboard-board.csv")))
    assert table.count("<tr>") == 1 + min(12, len(board)), (t, table.count("<tr>"))
    rate = [k for k in board[0] if k.endswith("_rate_12m")][0]
    top = sorted(board, key=lambda r: -float(r[rate]))
    first = re.findall(r"<td>([^<]*)</td>", table)[0]
    assert first == top[0]["area_name"], (first, top[0]["area_name"])
    canvas = re.search(r'<canvas[^>]*id="trend-%s"[^>]*>' % t, dom)
    assert canvas and 'data-lines="6"' in canvas.group(0), canvas
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', open(f"{d}/report.html").read(), re.S).group(1))
    trend = next(x["trend"] for x in data["themes"] if x["id"] == t)
    series = list(csv.DictReader(open(f"{d}/pack/{t}/dashboard-series.csv")))
    months = sorted({r["month"] for r in series})
    assert trend["months"] == months
    for k, month in enumerate(months):  # all areas: their crimes over their residents
        rows = [r for r in series if r["month"] == month and r["missing"] != "yes"]
        whole = 1000 * sum(int(r["count"]) for r in rows) / sum(int(r["population"]) for r in rows)
        assert abs(trend["lines"][0]["data"][k] - whole) < 1e-3, (month, trend["lines"][0]["data"][k], whole)
    assert [l["label"] for l in trend["lines"][1:]] == [r["area_name"] for r in top[:5]]
    line = trend["lines"][1]["data"]
    mine = {r["month"]: float(r["rate_per_1000"]) for r in series if r["area_name"] == top[0]["area_name"]}
    assert all(abs(line[k] - mine[mo]) < 1e-6 for k, mo in enumerate(months))
# A map as PNG (a slide): not blank (density and hotspot outlines in colour; the faintest densities fade out).
png = gdal.Open(f"{d}/maps/map-burglary.png")
r, g, b = (png.GetRasterBand(k).ReadAsArray().astype(int) for k in (1, 2, 3))
coloured = ((r - b) > 60).sum() / r.size
assert coloured > 0.002, coloured
EOF
# --report on commands: the same page from one command's files.
in=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward -q)
"$bin" kde "${in[@]}" --crime-type burglary --from 2024-10 --to 2024-12 --bandwidth 300 -o "$tmp/k_density.tif" \
  --hotspots "$tmp/k.geojson" --report "$tmp/k.html" --marking "OFFICIAL TEST" > /dev/null 2> "$tmp/err" || fail "kde --report: $(cat "$tmp/err")"
"$bin" dashboard "${in[@]}" --crime-type burglary --population sample_data/ward_population.csv -o "$tmp/b.csv" \
  --series "$tmp/s.csv" --report "$tmp/b.html" > /dev/null 2> "$tmp/err" || fail "dashboard --report: $(cat "$tmp/err")"
"$bin" kde "${in[@]}" --bandwidth 300 -o "$tmp/k2.tif" --marking X > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "--marking without --report"
for f in k b; do
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "file://$tmp/$f.html" \
    > "$tmp/$f.dom" 2> /dev/null || fail "chromium could not load $f.html"
done
$py - "$tmp" << 'EOF' || fail "the reports of single commands"
import json, re, sys
d = sys.argv[1]
for f in ("k", "b"):
    dom = open(f"{d}/{f}.dom").read()
    body = re.search(r"<body([^>]*)>", dom).group(1)
    assert 'data-ready="1"' in body and "data-errors" not in body and "data-blocked" not in body, (f, body)
    assert 'data-requests="0"' in body, (f, body)
dom = open(f"{d}/k.dom").read()
assert dom.count("OFFICIAL TEST") >= 2
hotspots = json.load(open(f"{d}/k.geojson"))["features"]
div = re.search(r'<div class="map[^"]*" id="map-burglary"([^>]*)>', dom)
assert div and f'data-outlines="{len(hotspots)}"' in div.group(1), (div and div.group(1), len(hotspots))
table = dom[dom.index("Hotspots, ranked"):]
table = table[:table.index("</table>")]
assert table.count("<tr>") == 1 + min(12, len(hotspots))
assert re.search(r'<canvas[^>]*id="trend-burglary"[^>]*data-lines="6"', open(f"{d}/b.dom").read())
EOF
echo "report: offline, loads without error or request, layers and tables complete, a PDF and map images"

#!/usr/bin/env bash
# report: the sample pack's report is one HTML file that needs nothing from the network (no
# external src/href, a content-security policy that forbids requests); in headless Chromium
# it loads with no script error and no request, each theme's map holds as many hotspots,
# Gi* cells, cocooning zones and repeat places as the pack's layers, each table has the
# expected rows, the marking is on the page, and the PNG of a map is not blank. Skipped
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
assert "data-errors" not in body, body
assert 'data-requests="0"' in body, body
m = json.load(open(f"{d}/pack/manifest.json"))
gpkg = ogr.Open(f"{d}/pack/pack.gpkg")
kinds = {("kde", "hotspots"): "hotspots", ("gistar", "units"): "gistar", ("cocoon", "zones"): "cocoon", ("repeats", "locations"): "repeats"}
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
        n = sum(1 for f in layer if kind != "gistar" or f.GetField("bin") != 0)
        assert int(attrs.get(kind, -1)) == n, (t["name"], kind, attrs, n)
        checked += 1
    # The hotspot table: the first 12 of the kde hotspots.
    section = dom[dom.index('id="theme-%s"' % t["name"]):]
    table = section[section.index("Hotspots, ranked"):]
    table = table[:table.index("</table>")]
    rows = next(o["rows"] for o in m["outputs"] if o.get("theme") == t["name"] and o.get("step") == "kde" and o.get("role") == "hotspots")
    assert table.count("<tr>") == 1 + min(12, rows), (t["name"], table.count("<tr>"), rows)
assert checked >= 10, checked
# A map as PNG: not blank (density and hotspot outlines in colour).
png = gdal.Open(f"{d}/maps/map-burglary.png")
r, g, b = (png.GetRasterBand(k).ReadAsArray().astype(int) for k in (1, 2, 3))
coloured = ((r - b) > 60).sum() / r.size
assert coloured > 0.01, coloured
EOF
echo "report: offline, loads without error or request, layers and tables complete, a PDF and map images"

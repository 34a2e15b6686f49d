#!/usr/bin/env bash
# report's maps, slides and print on the sample pack (tests/cli/report_maps_check.py): by
# default at most two layers drawn per map, no two legend entries of one colour (every layer
# on too), the ward names on every map, the busiest 50 repeat places only, a 1920 x 1080
# slide with its title block (theme, period, marking) and not blank, a PDF whose words all
# lie inside the page and whose maps fill their pages; --context draws a vector file, refuses
# one far away. Skipped (saying so) where chromium is not installed.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "skipped: chromium is not installed (apt-get install chromium)"; exit 77; }
"$bin" pack sample_data/packs/sample.toml -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -o "$tmp/report.html" --png "$tmp/slides" --pdf "$tmp/report.pdf" \
  --context sample_data/streets.geojson -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
dump() { timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --window-size=$2 \
  --dump-dom "file://$tmp/report.html$1" > "$3" 2> /dev/null || fail "chromium could not load the report$1"; }
dump "" 1123,794 "$tmp/dom.html"
dump "#all-layers" 1123,794 "$tmp/all.html"
dump "#only=map-burglary" 1920,1080 "$tmp/slide.html"
wards=$($py -c "import json; print('\n'.join(f['properties']['name'] for f in json.load(open('sample_data/areas/wards.geojson'))['features']))")
mapfile -t names <<< "$wards"
$py tests/cli/report_maps_check.py "$tmp" burglary "October to December 2024" "${names[@]}" || fail "the maps, slides or print"
# The context layer: its streets in the data, with their names.
$py - "$tmp/report.html" << 'PY' || fail "--context"
import json, re, sys
data = json.loads(re.search(r'id="report-data">(.*?)</script>', open(sys.argv[1]).read(), re.S).group(1))
streets = json.load(open("sample_data/streets.geojson"))["features"]
(c,) = data["context"]
assert c["file"] == "streets.geojson" and c["named"], c["file"]
assert len(c["geojson"]["features"]) == len(streets), (len(c["geojson"]["features"]), len(streets))
names = {f["properties"].get("name") for f in c["geojson"]["features"]} - {None}
assert names == {f["properties"]["name"] for f in streets if f["properties"].get("name")}
assert all(set(f["properties"]) <= {"name"} for f in c["geojson"]["features"])  # nothing else travels
PY
grep -q 'context-label' "$tmp/dom.html" || fail "no street name on the maps"
# A context layer 300 km away (the sample's streets moved 300 km east, 100 north) is refused, naming the file; nothing written.
$py - "$tmp/far.geojson" << 'PY'
import json, sys
j = json.load(open("sample_data/streets.geojson"))
for f in j["features"]:
    g = f["geometry"]
    g["coordinates"] = [[x + 300000, y + 100000] for x, y in g["coordinates"]] if g["type"] == "LineString" else \
        [[[x + 300000, y + 100000] for x, y in part] for part in g["coordinates"]]
json.dump(j, open(sys.argv[1], "w"))
PY
"$bin" report "$tmp/pack" -o "$tmp/far.html" --context "$tmp/far.geojson" -q > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "a context layer far away: exit $rc"
grep -q "far.geojson: the layer lies .* km from the data" "$tmp/err" || fail "far away: $(cat "$tmp/err")"
[ ! -e "$tmp/far.html" ] || fail "a report was written beside the refused context layer"
"$bin" report "$tmp/pack" -o "$tmp/none.html" --context "$tmp/missing.gpkg" -q > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -ne 0 ] && grep -q "missing.gpkg" "$tmp/err" || fail "a missing context file: exit $rc, $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -o "$tmp/x.html" --map-places -1 -q > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "--map-places -1"
# On a command: --context needs --report.
"$bin" kde sample_data/police_export.csv --crs EPSG:27700 -o "$tmp/k.tif" --context sample_data/streets.geojson -q \
  > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "context is an option of --report" "$tmp/err" || fail "--context without --report: $(cat "$tmp/err")"
echo "report maps: default layers, colours, ward names, repeat places, slide, print and --context checked"

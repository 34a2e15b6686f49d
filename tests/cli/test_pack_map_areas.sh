#!/usr/bin/env bash
# map in a pack without [[areas]] once wrote its incidents with no area at all (exit 0), where
# the command refuses a run without --areas. The pack is now refused before anything is read
# (exit 2), naming the step's line and what to add, with no folder left; with [[areas]] it runs,
# its incidents styled as points (in their GeoPackage and in the project).
source "$(dirname "$0")/lib.sh"
data=$(cd "$src" && pwd)/sample_data
cat > "$tmp/map.toml" <<EOF2
month = "2024-12"
[inputs]
files = ["$data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "map"
EOF2
"$bin" pack "$tmp/map.toml" -o "$tmp/out" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "a map step without [[areas]] was not refused with exit 2: $(cat "$tmp/err")"
grep -q 'map.toml line 10: step map: map needs area layers' "$tmp/err" || fail "the message names no line: $(cat "$tmp/err")"
grep -q '\[\[areas\]\] path = ' "$tmp/err" || fail "the message does not say what to add: $(cat "$tmp/err")"
[ -e "$tmp/out" ] && fail "a refused pack left its folder"
printf '[[areas]]\npath = "%s"\nas = "ward"\n' "$data/areas/wards.geojson" >> "$tmp/map.toml"
"$bin" pack "$tmp/map.toml" -o "$tmp/out" -q > /dev/null 2> "$tmp/err" || fail "map with [[areas]] failed: $(cat "$tmp/err")"
# The incidents open styled, from their GeoPackage and in the pack's QGIS project alike.
gpkg_style "$tmp/out/burglary/map-incidents.gpkg" > "$tmp/style.txt"
grep -q '<renderer-v2 type="singleSymbol"' "$tmp/style.txt" && grep -q '<symbol type="marker"' "$tmp/style.txt" \
  || fail "no point style inside the pack's incidents: $(head -c 300 "$tmp/style.txt")"
unzip -p "$tmp/out/pack.qgz" '*.qgs' > "$tmp/pack.qgs" || fail "no project in the pack"
/usr/bin/python3 - "$tmp/pack.qgs" << 'PY' || fail "the project's incidents layer is not styled as points"
import sys
import xml.etree.ElementTree as ET
layer = next(l for l in ET.parse(sys.argv[1]).getroot().iter("maplayer") if l.findtext("layername") == "map incidents")
renderer = layer.find("renderer-v2")
assert renderer is not None and renderer.get("type") == "singleSymbol", "no single-symbol renderer"
assert renderer.find(".//symbol").get("type") == "marker", "its symbol is not a point"
PY
echo "ok"

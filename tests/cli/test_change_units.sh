#!/usr/bin/env bash
# change on street segments and hexagons (issue 31): per segment the before and after counts
# equal an independent brute-force nearest-segment join (numpy) of the incidents by the year
# of their start, the unsnapped are reported and equal the join's; per hexagon they equal a
# nearest-centre join, every incident of the two years in one; lines styled by direction;
# options refused. Needs /usr/bin/python3 with numpy and osgeo (skips the joins, saying so).
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 --before 2023-01..2023-12 --after 2024-01..2024-12)
net=(--network sample_data/streets.geojson)
"$bin" change "${x[@]}" --units streets "${net[@]}" -o "$tmp/ch.gpkg" > "$tmp/out" 2> "$tmp/err" \
  || fail "change --units streets: $(cat "$tmp/err")"
grep -q '^street segment ' "$tmp/out" || fail "summary: $(head -3 "$tmp/out")"
unsnapped=$(sed -n 's/.*, \([0-9]*\) unsnapped (on no street).*/\1/p' "$tmp/err")
[ -n "$unsnapped" ] || fail "the unsnapped are not reported: $(cat "$tmp/err")"
ogrinfo -ro -so "$tmp/ch.gpkg" change | grep -q 'Line String' || fail "segments are not lines"
gpkg_style "$tmp/ch.gpkg" > "$tmp/ch.qml"
grep -q 'attr="direction"' "$tmp/ch.qml" && grep -q 'type="line"' "$tmp/ch.qml" || fail "no line style by direction"
"$bin" streets "${x[0]}" --crs EPSG:27700 "${net[@]}" -o "$tmp/seg.gpkg" -q > /dev/null 2>&1 || fail "streets -o"
"$bin" change "${x[@]}" --cell hex:250 -o "$tmp/hex.gpkg" > "$tmp/out" 2> "$tmp/err" || fail "change --cell hex: $(cat "$tmp/err")"
grep -q '^hexagon (q, r)' "$tmp/out" || fail "hex summary: $(head -3 "$tmp/out")"

"$bin" change "${x[@]}" "${net[@]}" --cell 500 -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'units streets' "$tmp/err" || fail "--network without --units streets: $(cat "$tmp/err")"
"$bin" change "${x[@]}" --units streets "${net[@]}" --per ward --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "--units streets with --per accepted"
[ -e "$tmp/x.csv" ] && fail "a refused run left an output"

# In a pack the same keys: change and map on segments, lisa on hexagons, as layers of pack.gpkg.
cat > "$tmp/p.toml" <<TOML
title = "Units"
month = "2024-12"
period = "last 12 months"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
# map needs area layers in a pack as on the command line (its incidents carry their ward).
[[areas]]
path = "$PWD/sample_data/areas/wards.geojson"
as = "ward"
[[theme]]
name = "vehicle"
title = "Vehicle crime"
crime-type = ["vehicle-crime"]
[[step]]
run = "change"
units = "streets"
network = "$PWD/sample_data/streets.geojson"
period = "2023-01..2024-12"
before = "2023-01..2023-12"
after = "2024-01..2024-12"
[[step]]
run = "lisa"
cell = "hex:300"
permutations = 0
[[step]]
run = "map"
units = "streets"
network = "$PWD/sample_data/streets.geojson"
TOML
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" > /dev/null 2> "$tmp/err" || fail "pack with street and hexagon units: $(cat "$tmp/err")"
ogrinfo -ro -q "$tmp/pack/pack.gpkg" > "$tmp/layers"
for l in 'vehicle_change_units (Line String)' 'vehicle_lisa_units (Multi Polygon)' 'vehicle_map_units (Line String)'; do
  grep -qF "$l" "$tmp/layers" || fail "the pack has no layer $l: $(cat "$tmp/layers")"
done

if ! /usr/bin/python3 -c 'import numpy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP (part): /usr/bin/python3 with numpy and osgeo is not installed; the independent joins were not run"
  exit 0
fi
/usr/bin/python3 tests/cli/units/check_change_units.py streets "$tmp/ch.gpkg" "$tmp/seg.gpkg" sample_data/police_export.csv 30 \
  > "$tmp/py" || fail "$(cat "$tmp/py")"
grep -q "unsnapped=$unsnapped\$" "$tmp/py" || fail "unsnapped $unsnapped, the join: $(cat "$tmp/py")"
/usr/bin/python3 tests/cli/units/check_change_units.py hex "$tmp/hex.gpkg" sample_data/police_export.csv || fail "hexagons"
cat "$tmp/py"
echo "change units: ok"

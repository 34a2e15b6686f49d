#!/usr/bin/env bash
# streets on the sample: segment counts equal an independent brute-force nearest-segment join
# (numpy), Gi* z-scores equal a brute-force computation with the junction weights, the
# unsnapped are reported, the hot streets hold the planted ones (sample_data/truth/hot_streets.csv),
# and bad options are refused without leaving a file. Needs /usr/bin/python3 with numpy and
# osgeo for the comparisons (skips them, saying so, when absent).
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
net=(--network sample_data/streets.geojson)

"$bin" streets "${input[@]}" "${net[@]}" --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/seg.gpkg" \
  --hot-streets "$tmp/hot.gpkg" --table "$tmp/hot.csv" > "$tmp/out" 2> "$tmp/err" || fail "streets failed: $(cat "$tmp/err")"
grep -q 'street segments; ' "$tmp/out" || fail "no summary: $(cat "$tmp/out")"
unsnapped=$(sed -n 's/.*, \([0-9]*\) unsnapped.*/\1/p' "$tmp/out")
[ -n "$unsnapped" ] || fail "the unsnapped are not reported"
grep -q 'counted as unsnapped' "$tmp/err" || fail "no warning for the unsnapped"
head -1 "$tmp/hot.csv" | grep -q '^rank,street,ward,segments,length_m,incidents,per_100m,max_z$' || fail "table header: $(head -1 "$tmp/hot.csv")"
ogrinfo -ro -so "$tmp/hot.gpkg" hot_streets | grep -q 'Multi Line String' || fail "hot streets are not lines"
gpkg_style "$tmp/hot.gpkg" > "$tmp/hot.qml"
gpkg_style "$tmp/seg.gpkg" > "$tmp/seg.qml"
grep -q '<renderer-v2' "$tmp/hot.qml" && grep -q '<renderer-v2' "$tmp/seg.qml" || fail "no QGIS styles inside the GeoPackages"

[ -f sample_data/truth/hot_streets.csv ] || fail "no sample_data/truth/hot_streets.csv"
# The planted hot streets (one crime type) are the top hot streets of that type, in no order,
# each in its planted stretch's ward.
type=$(sed -n '2p' sample_data/truth/hot_streets.csv | cut -d, -f2)
planted=$(tail -n +2 sample_data/truth/hot_streets.csv | cut -d, -f1 | sort)
k=$(echo "$planted" | wc -l)
"$bin" streets "${input[@]}" "${net[@]}" --crime-type "$type" --table "$tmp/type.csv" -q > /dev/null 2>&1 || fail "streets --crime-type $type"
top=$(tail -n +2 "$tmp/type.csv" | head -n "$k" | cut -d, -f2 | sort)
[ "$top" = "$planted" ] || fail "the top $k hot streets of $type are $(echo $top), planted $(echo $planted)"

# gistar and trend on street segments: gistar --units streets gives the streets command's
# segments, counts and z-scores (the same weights); trend one row per segment.
"$bin" gistar "${input[@]}" --units streets "${net[@]}" -o "$tmp/gi.csv" -q > /dev/null 2>&1 || fail "gistar --units streets"
"$bin" streets "${input[@]}" "${net[@]}" -o "$tmp/seg.csv" -q > /dev/null 2>&1 || fail "streets -o csv"
diff <(tail -n +2 "$tmp/gi.csv" | cut -d, -f1-4) <(tail -n +2 "$tmp/seg.csv" | cut -d, -f1,2,4,6) > /dev/null \
  || fail "gistar --units streets differs from streets"
"$bin" trend "${input[@]}" --units streets "${net[@]}" -o "$tmp/trend.csv" -q > /dev/null 2>&1 || fail "trend --units streets"
[ "$(wc -l < "$tmp/trend.csv")" -eq "$(wc -l < "$tmp/seg.csv")" ] || fail "trend: not one row per segment"
"$bin" gistar "${input[@]}" "${net[@]}" -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'units streets' "$tmp/err" || fail "--network without --units streets: $(cat "$tmp/err")"
"$bin" gistar "${input[@]}" --units streets -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'give --network' "$tmp/err" || fail "--units streets without --network: $(cat "$tmp/err")"

# In a pack: streets and kde --network in one theme, their lines in the pack's GeoPackage.
cat > "$tmp/p.toml" <<TOML
title = "Streets"
month = "2024-12"
period = "last 12 months"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
[[theme]]
name = "vehicle"
title = "Vehicle crime"
crime-type = ["$type"]
[[step]]
run = "streets"
network = "$PWD/sample_data/streets.geojson"
[[step]]
run = "kde"
bandwidth = 200
network = "$PWD/sample_data/streets.geojson"
lixel = 25
TOML
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" > /dev/null 2> "$tmp/err" || fail "pack with streets: $(cat "$tmp/err")"
ogrinfo -ro -q "$tmp/pack/pack.gpkg" > "$tmp/layers"
for l in 'vehicle_streets_segments (Line String)' 'vehicle_streets_hot_streets (Multi Line String)' 'vehicle_kde_lixels (Line String)'; do
  grep -qF "$l" "$tmp/layers" || fail "the pack has no layer $l: $(cat "$tmp/layers")"
done
grep -q '^== vehicle / streets ==' "$tmp/pack/report.txt" || fail "no streets in the pack's report.txt"
# The report draws the segments by bin, the hot streets, and the lixels by density.
"$bin" report "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
for v in classes outlines lines; do
  grep -q "\"view\":\"$v\"" "$tmp/pack/report.html" || fail "the report does not draw the $v layer"
done

# Bad input: a network option without --network, a tolerance out of range, a bad band.
"$bin" streets "${input[@]}" --table "$tmp/x.csv" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "no --network accepted"
"$bin" streets "${input[@]}" "${net[@]}" --street-tolerance 0 --table "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'street-tolerance' "$tmp/err" || fail "tolerance 0: $(cat "$tmp/err")"
"$bin" streets "${input[@]}" "${net[@]}" --neighbours band:x --table "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "band:x accepted"
[ -e "$tmp/x.csv" ] && fail "a refused run left an output"

if ! /usr/bin/python3 -c 'import numpy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP (part): /usr/bin/python3 with numpy and osgeo is not installed; the brute-force comparisons were not run"
  exit 0
fi
/usr/bin/python3 "$src/tests/cli/streets/check_segments.py" "$tmp/seg.gpkg" sample_data/police_export.csv 30 > "$tmp/py" \
  || fail "$(cat "$tmp/py")"
grep -q "unsnapped=$unsnapped\$" "$tmp/py" || fail "unsnapped differs: $unsnapped vs $(cat "$tmp/py")"
# A walking-distance band changes the weights; the brute force checks the junction ones only.
"$bin" streets "${input[@]}" "${net[@]}" --neighbours band:150 --spatial-weights row -o "$tmp/band.csv" -q > /dev/null 2>&1 \
  || fail "band:150 failed"
cat "$tmp/py"
echo "streets: ok"

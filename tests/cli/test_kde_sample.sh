#!/usr/bin/env bash
# End-to-end kde: the sample export to a GeoTIFF and hotspot polygons that GDAL reads without
# warnings, identical for any thread count, with the documented edge cases.
source "$(dirname "$0")/lib.sh"

cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
areas=(--areas sample_data/areas/wards.geojson,as=ward --areas sample_data/areas/bcu.geojson,as=bcu)
args=(--bandwidth 300 --cell 10 -q)

"$bin" kde "${input[@]}" "${areas[@]}" "${args[@]}" -o "$tmp/d1.tif" --hotspots "$tmp/h1.geojson" --threads 1 \
  > "$tmp/table" 2>"$tmp/err" || fail "kde failed: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "unexpected stderr with --quiet: $(cat "$tmp/err")"
"$bin" kde "${input[@]}" "${areas[@]}" "${args[@]}" -o "$tmp/d2.tif" --hotspots "$tmp/h2.geojson" --threads 2 \
  > /dev/null || fail "kde --threads 2 failed"
cmp -s "$tmp/d1.tif" "$tmp/d2.tif" || fail "rasters differ between 1 and 2 threads"
cmp -s "$tmp/h1.geojson" "$tmp/h2.geojson" || fail "hotspots differ between 1 and 2 threads"
[ -s "$tmp/d1.qml" ] && [ -s "$tmp/h1.qml" ] || fail "no QGIS style beside the outputs"

# GDAL reads both without a warning, with the CRS, nodata and compression we promise.
gdalinfo "$tmp/d1.tif" > "$tmp/info" 2> "$tmp/ierr" || fail "gdalinfo failed"
[ -s "$tmp/ierr" ] && fail "gdalinfo warned: $(cat "$tmp/ierr")"
grep -q 'British National Grid' "$tmp/info" || fail "raster has no BNG CRS"
grep -q 'NoData Value=-9999' "$tmp/info" || fail "raster has no nodata value"
grep -q 'Type=Float32' "$tmp/info" || fail "raster is not Float32"
grep -q 'COMPRESSION=DEFLATE' "$tmp/info" || fail "raster is not deflate-compressed"
grep -q '"bandwidth_m":300' "$tmp/info" || fail "raster metadata lacks the bandwidth"
ogrinfo -ro -al -so "$tmp/h1.geojson" > "$tmp/oinfo" 2> "$tmp/oerr" || fail "ogrinfo failed"
[ -s "$tmp/oerr" ] && fail "ogrinfo warned: $(cat "$tmp/oerr")"
grep -q 'area_m2: Real' "$tmp/oinfo" || fail "area_m2 is not typed as real"
grep -q '"metadata":{' "$tmp/h1.geojson" || fail "no metadata member"
grep -q '"label":"H1 ' "$tmp/h1.geojson" || fail "rank 1 is not labelled H1 <ward>"
grep -q '^1  *H1 ' "$tmp/table" || fail "no hotspot table on stdout"
# GeoPackage output keeps the working CRS.
"$bin" kde "${input[@]}" "${areas[@]}" "${args[@]}" --hotspots "$tmp/h.gpkg" > /dev/null || fail "gpkg output failed"
# (into a file first: grep -q ending early would break ogrinfo's pipe under pipefail)
ogrinfo -ro -so "$tmp/h.gpkg" hotspots > "$tmp/ginfo" 2>&1
grep -q 'British National Grid' "$tmp/ginfo" || fail "gpkg not in BNG"
mkdir -p "$tmp/again"
sleep 1
"$bin" kde "${input[@]}" "${areas[@]}" "${args[@]}" --hotspots "$tmp/again/h.gpkg" --threads 1 > /dev/null || fail "gpkg rerun failed"
cmp -s "$tmp/h.gpkg" "$tmp/again/h.gpkg" || fail "hotspot GeoPackage differs between runs"

# A weights table: every type weighs 2, so raw values double exactly.
printf 'category,weight\n*,2\n' > "$tmp/w.csv"
"$bin" kde "${input[@]}" --bandwidth 300 --cell 50 --output-value raw -q --no-style -o "$tmp/w1.tif" > /dev/null || fail "raw run failed"
"$bin" kde "${input[@]}" --bandwidth 300 --cell 50 --output-value raw -q --no-style --harm-weights "$tmp/w.csv" -o "$tmp/w2.tif" \
  > /dev/null || fail "--harm-weights run failed"
# The old name still works, with a warning, and gives the same raster.
"$bin" kde "${input[@]}" --bandwidth 300 --cell 50 --output-value raw -q --no-style --weights "$tmp/w.csv" -o "$tmp/w2old.tif" \
  > /dev/null 2> "$tmp/err" || fail "--weights (old name) failed"
grep -q -- '--weights is now --harm-weights' "$tmp/err" || fail "no warning for the old name: $(cat "$tmp/err")"
cmp -s "$tmp/w2.tif" "$tmp/w2old.tif" || fail "--weights and --harm-weights differ"
m1=$(gdalinfo -mm "$tmp/w1.tif" | sed -n 's/.*Computed Min\/Max=[^,]*,\([0-9.]*\).*/\1/p')
m2=$(gdalinfo -mm "$tmp/w2.tif" | sed -n 's/.*Computed Min\/Max=[^,]*,\([0-9.]*\).*/\1/p')
awk -v a="$m1" -v b="$m2" 'BEGIN { exit !(a > 0 && (b / a - 2) < 1e-6 && (b / a - 2) > -1e-6) }' || fail "weights: max $m1 -> $m2"
printf 'category,weight\nburglary,3\n' > "$tmp/w3.csv"
"$bin" kde "${input[@]}" --harm-weights "$tmp/w3.csv" -o "$tmp/w3.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "no weight for crime type" "$tmp/err" || fail "missing weight: $(cat "$tmp/err")"
# A Cloud Optimized GeoTIFF when asked.
"$bin" kde "${input[@]}" --bandwidth 300 --cell 50 --cog -q -o "$tmp/cog.tif" > /dev/null || fail "--cog failed"
gdalinfo "$tmp/cog.tif" | grep -q 'LAYOUT=COG' || fail "--cog did not write a COG"
# A bandwidth column: bad values are rejected with their reason.
printf 'easting,northing,committed_from,offence,h\n447000,305000,2024-01-05,Burglary,150\n447100,305000,2024-01-06,Burglary,abc\n' \
  > "$tmp/band.csv"
"$bin" kde "$tmp/band.csv" --crs EPSG:27700 --bandwidth-field h --bandwidth 200 --cell 10 --max-reject-rate 60 \
  --rejects "$tmp/rej.csv" -o "$tmp/band.tif" -q > /dev/null || fail "--bandwidth-field run failed"
grep -q ',2,bad-bandwidth,' "$tmp/rej.csv" || fail "bad bandwidth not rejected: $(cat "$tmp/rej.csv")"

# Dual kernel rate: residents spread like the incidents give the same rate everywhere.
# A 2 km square with 4,000 residents over 400 cells of 100 m, one incident at each cell
# centre: 1 incident per 10 residents = 100 per 1,000, in every cell with enough residents.
cat > "$tmp/square.geojson" <<'JSON'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},
 "features":[{"type":"Feature","properties":{"code":"SQ1","name":"Square","population":4000},
 "geometry":{"type":"Polygon","coordinates":[[[446000,304000],[448000,304000],[448000,306000],[446000,306000],[446000,304000]]]}}]}
JSON
{ echo "easting,northing,committed_from"
  for i in $(seq 0 19); do for j in $(seq 0 19); do echo "$((446050 + 100 * i)),$((304050 + 100 * j)),2024-01-01"; done; done
} > "$tmp/lattice.csv"
"$bin" kde "$tmp/lattice.csv" --crs EPSG:27700 --denominator "$tmp/square.geojson" --bandwidth 300 --cell 100 \
  --extent 446000,304000,448000,306000 -o "$tmp/rate.tif" -q --no-style > /dev/null || fail "--denominator run failed"
mm=$(gdalinfo -mm "$tmp/rate.tif" | sed -n 's/.*Computed Min\/Max=\([0-9.]*\),\([0-9.]*\).*/\1 \2/p')
awk -v m="$mm" 'BEGIN { split(m, v, " "); exit !(v[1] > 99.999 && v[2] < 100.001) }' || fail "rate min/max $mm, expected 100"

# Edge cases.
printf 'easting,northing,committed_from,offence\n' > "$tmp/one.csv"
echo '447000,305000,2024-01-05,Burglary' >> "$tmp/one.csv"
"$bin" kde "$tmp/one.csv" --crs EPSG:27700 --bandwidth 200 --cell 10 -o "$tmp/one.tif" --hotspots "$tmp/one_hot.geojson" \
  -q > /dev/null || fail "one incident with a fixed bandwidth should work"
grep -q '"incidents":1,' "$tmp/one_hot.geojson" || fail "one incident: expected one hotspot holding it"
"$bin" kde "$tmp/one.csv" --crs EPSG:27700 --cell 10 -o "$tmp/auto.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] || fail "auto bandwidth of one incident should exit 1"
grep -q 'give --bandwidth METRES' "$tmp/err" || fail "no advice for auto bandwidth: $(cat "$tmp/err")"
[ -e "$tmp/auto.tif" ] && fail "a failed run left an output"
for i in 1 2 3 4 5; do echo '447000,305000,2024-02-0'$i',Burglary' >> "$tmp/one.csv"; done
"$bin" kde "$tmp/one.csv" --crs EPSG:27700 --bandwidth nrd -o "$tmp/same.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'no spread' "$tmp/err" || fail "all at one point with nrd: $(cat "$tmp/err")"
"$bin" kde "${input[@]}" --from 2030-01 -o "$tmp/none.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'no incidents left' "$tmp/err" || fail "no incidents: $(cat "$tmp/err")"
"$bin" kde "${input[@]}" --bandwidth 5 --cell 10 -o "$tmp/small.tif" 2> "$tmp/err" > /dev/null || fail "small bandwidth run failed"
grep -q 'less than the cell size' "$tmp/err" || fail "no warning for a bandwidth under the cell size"
"$bin" kde "${input[@]}" --bandwidth 200 --cell 0.05 -o "$tmp/huge.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'million cells' "$tmp/err" || fail "huge grid: $(cat "$tmp/err")"
[ -e "$tmp/huge.tif" ] && fail "huge grid left an output"
"$bin" kde "${input[@]}" --threshold top:5 -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "bad --threshold should be a usage error"
"$bin" kde "${input[@]}" -o "$tmp/x.png" -q 2> /dev/null
[ $? -eq 2 ] || fail "a raster that is not .tif should be a usage error"
echo "ok"

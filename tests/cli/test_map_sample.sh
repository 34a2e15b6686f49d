#!/usr/bin/env bash
# End-to-end: map the sample police export and the data.police.uk copy; check outputs,
# accounting, exit codes, and that failures leave no output file.
source "$(dirname "$0")/lib.sh"

cd "$src"
export_args=(sample_data/police_export.csv --x easting --y northing --crs EPSG:27700 --date committed_from
             --date-to committed_to --type offence --id crime_ref --location street)
areas=(--areas sample_data/areas/wards.geojson,as=ward --areas sample_data/areas/bcu.geojson,as=bcu)

"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/inc.csv" --summary "$tmp/sum.csv" -q 2>"$tmp/err" \
  || fail "map on the sample export failed: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "unexpected stderr with --quiet: $(cat "$tmp/err")"
rows=$(($(wc -l < sample_data/police_export.csv) - 1))
out=$(($(wc -l < "$tmp/inc.csv") - 1))
[ "$rows" -eq "$out" ] || fail "export has $rows rows, output $out"
# The ward totals in the summary add up to every incident (none is outside the sample BCU).
ward_total=$(awk -F, '$1=="ward"{s+=$4} END{print s}' "$tmp/sum.csv")
[ "$ward_total" -eq "$rows" ] || fail "ward totals $ward_total != $rows"
grep -q '^bcu,outside' "$tmp/sum.csv" && fail "sample incidents outside the BCU"
[ -s "$tmp/inc.csv.meta.json" ] || fail "no metadata sidecar"

# The data.police.uk copy of the same incidents: same count, month precision.
"$bin" map sample_data/police_uk "${areas[@]}" -o "$tmp/uk.geojson" -q || fail "map on police_uk failed"
n=$(grep -c '"type":"Feature"' "$tmp/uk.geojson")
[ "$n" -eq "$rows" ] || fail "police_uk gave $n features, export $rows"
grep -q '"date_precision":"month"' "$tmp/uk.geojson" || fail "no month precision in police_uk output"
ls sample_data/police_uk | grep -qv '\.csv\.gz$' && fail "reading left files beside the inputs: $(ls sample_data/police_uk | grep -v '\.csv\.gz$' | head -3)"

# Same output whatever the number of threads.
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/t1.csv" --threads 1 -q || fail "threads 1"
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/t2.csv" --threads 2 -q || fail "threads 2"
cmp -s "$tmp/t1.csv" "$tmp/t2.csv" || fail "output differs between 1 and 2 threads"
# GeoPackages too, byte for byte (their time stamps are the data's last day, not the clock).
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/x.gpkg" --threads 1 -q || fail "gpkg threads 1"
mv "$tmp/x.gpkg" "$tmp/first.gpkg"
sleep 1
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/x.gpkg" --threads 2 -q || fail "gpkg threads 2"
cmp -s "$tmp/first.gpkg" "$tmp/x.gpkg" || fail "GeoPackage output differs between runs and thread counts"
# QGIS opens the incidents styled, as every other layer: one small point symbol, kept inside
# the GeoPackage (layer_styles) with none beside it; a GeoJSON gets no .qml.
gpkg_style "$tmp/x.gpkg" > "$tmp/style.txt"
grep -q '<renderer-v2 type="singleSymbol"' "$tmp/style.txt" && grep -q '<symbol type="marker"' "$tmp/style.txt" \
  || fail "no point style inside the incidents GeoPackage: $(head -c 300 "$tmp/style.txt")"
ls "$tmp" | grep -q '\.qml$' && fail "a .qml beside the incidents: $(ls "$tmp" | grep '\.qml$')"
# A valid GeoPackage (GDAL's validator, when python3-gdal has it), whose features are those
# GDAL's own writer makes of them: ogr2ogr copies every feature through GDAL's per-feature
# path, and the two read back alike (attributes, geometry, FIDs, extent, count).
validator=/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py
if [ -f "$validator" ]; then
  /usr/bin/python3 "$validator" "$tmp/x.gpkg" > "$tmp/validate" 2>&1 || fail "validate_gpkg.py: $(head -5 "$tmp/validate")"
else
  echo "note: GDAL's validate_gpkg.py not installed: validation skipped"
fi
ogr2ogr -f GPKG "$tmp/gdal.gpkg" "$tmp/x.gpkg" incidents -preserve_fid || fail "ogr2ogr could not copy the GeoPackage"
ogrinfo -ro -al "$tmp/x.gpkg" incidents | sed 1,3d > "$tmp/ours.txt"
ogrinfo -ro -al "$tmp/gdal.gpkg" incidents | sed 1,3d > "$tmp/gdals.txt"
cmp -s "$tmp/ours.txt" "$tmp/gdals.txt" || fail "GDAL's writer makes other features: $(diff "$tmp/ours.txt" "$tmp/gdals.txt" | head -5)"

# Bad command line: exit 2, nothing written.
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/bad.txt" -q 2>/dev/null
[ $? -eq 2 ] || fail "unknown output format should exit 2"
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/x.csv" --from 2024-13 -q 2>/dev/null
[ $? -eq 2 ] || fail "bad --from should exit 2"
# Processing error: too many rejects (lon/lat columns given metres) -> exit 1, no output.
"$bin" map sample_data/police_export.csv --lon easting --lat northing --date committed_from "${areas[@]}" \
  -o "$tmp/rej.csv" --rejects "$tmp/rejects.csv" -q 2>"$tmp/err"
[ $? -eq 1 ] || fail "metres in lon/lat columns should exit 1"
grep -q "projected" "$tmp/err" || fail "message should say the numbers look projected: $(cat "$tmp/err")"
[ -e "$tmp/rej.csv" ] && fail "an output file was left after a failure"
rejected=$(($(wc -l < "$tmp/rejects.csv") - 1))
[ "$rejected" -eq "$rows" ] || fail "rejects file lists $rejected of $rows rows"
ls -a "$tmp" | grep -q 'tmp-' && fail "temporary file left behind"
# An input is never overwritten.
cp sample_data/ward_population.csv "$tmp/in.csv"
"$bin" map "${export_args[@]}" "${areas[@]}" -o "$tmp/in.csv" --rejects sample_data/police_export.csv -q 2>/dev/null
[ $? -ne 0 ] || fail "writing rejects over an input must fail"
cmp -s sample_data/police_export.csv <(git -C "$src" show HEAD:sample_data/police_export.csv 2>/dev/null || cat sample_data/police_export.csv) \
  || fail "input was modified"
# --within keeps one ward.
"$bin" map "${export_args[@]}" "${areas[@]}" --within Z05000010 -o "$tmp/w.csv" -q || fail "--within"
others=$(tail -n +2 "$tmp/w.csv" | grep -vc ',Z05000010,' || true)
[ "$others" -eq 0 ] || fail "--within kept $others incidents of other wards"
echo "all map checks passed"

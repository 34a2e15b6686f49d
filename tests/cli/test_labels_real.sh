#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real), issue 33: February 2025 burglary
# (kde named "H6 Supermarket" and "H9 Supermarket") and June 2018 (Gi* cells shared kde's
# H-numbers): labels unique per theme, none a bare place type, H for kde and G/C for Gi*
# (tests/cli/check_labels.py).
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ] || [ ! -d "$real/crime/api_street_level_2016-01_to_2018-06_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
wards="$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward"
"$bin" kde "$real/crime/burglary_2010-12_to_2025-02_nwbcu" --from 2025-02 --to 2025-02 --crime-type burglary \
  --areas "$wards" --bandwidth 250 --cell 20 -o "$tmp/b.tif" --hotspots "$tmp/b.csv" -q > /dev/null 2> "$tmp/err" \
  || fail "kde on February 2025 burglary: $(cat "$tmp/err")"
"$bin" kde "$real/crime/api_street_level_2016-01_to_2018-06_nwbcu" --from 2018-06 --to 2018-06 --areas "$wards" \
  --bandwidth 250 --cell 20 -o "$tmp/all.tif" --hotspots "$tmp/all.csv" -q > /dev/null 2> "$tmp/err" \
  || fail "kde on June 2018: $(cat "$tmp/err")"
"$bin" gistar "$real/crime/api_street_level_2016-01_to_2018-06_nwbcu" --from 2018-06 --to 2018-06 --areas "$wards" \
  --cell 200 -o "$tmp/gi.csv" --hotspots "$tmp/gi.geojson" -q > /dev/null 2> "$tmp/err" || fail "gistar on June 2018: $(cat "$tmp/err")"
/usr/bin/python3 "$src/tests/cli/check_labels.py" "H:$tmp/b.csv" > "$tmp/out" || fail "February 2025 burglary: $(cat "$tmp/out")"
/usr/bin/python3 "$src/tests/cli/check_labels.py" "H:$tmp/all.csv" "GC:$tmp/gi.geojson" > "$tmp/out" \
  || fail "June 2018, kde and Gi* together: $(cat "$tmp/out")"
# The month-only data has hotspots at place types: they are named beside a street or a ward.
grep -q '"H[0-9]* near [A-Z][a-z]*.*, ' "$tmp/b.csv" || fail "no hotspot named 'near PLACE TYPE, ...': $(cut -d, -f2 "$tmp/b.csv")"
echo "ok: $(cat "$tmp/out")"

#!/usr/bin/env bash
# End-to-end trend on the sample: quarters of 2023-2024 on 200 m cells; the planted
# clusters (present all along) come out as persistent or intensifying hot spots; too few
# steps are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
"$bin" trend "${input[@]}" --mask sample_data/areas/bcu.geojson --cell 200 --step quarter -o "$tmp/trend.csv" -q \
  > "$tmp/out" || fail "trend failed"
grep -q 'over 8 steps' "$tmp/out" || fail "expected 8 quarters: $(head -1 "$tmp/out")"
# The cell holding each planted centre is a persistent (or intensifying) hot spot.
while IFS=, read -r id cat x y sd n; do
  [ "$id" = id ] && continue
  line=$(awk -F, -v x="$x" -v y="$y" 'NR > 1 && $3 - 100 <= x && x < $3 + 100 && $4 - 100 <= y && y < $4 + 100' "$tmp/trend.csv")
  [ -n "$line" ] || fail "$id: no cell"
  echo "$line" | grep -q 'persistent hot spot\|intensifying hot spot' || fail "$id: $line"
done < sample_data/truth/hotspots.csv
[ -s "$tmp/trend.csv.meta.json" ] || fail "no metadata"
"$bin" trend "${input[@]}" --areas sample_data/areas/wards.geojson,as=ward --per ward --step quarter \
  -o "$tmp/wards.geojson" -q > /dev/null || fail "trend per ward failed"
[ "$(grep -c '"arcgis_category"' "$tmp/wards.geojson")" -eq 21 ] || fail "expected 21 wards"
"$bin" trend "${input[@]}" --cell 200 --step year -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'at least 3' "$tmp/err" || fail "two steps: $(cat "$tmp/err")"
"$bin" trend "${input[@]}" --cell 200 --step fortnight -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "bad --step should be a usage error"
echo ok

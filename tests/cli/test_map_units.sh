#!/usr/bin/env bash
# map --counts on street segments and hexagons (issue 31): per segment the incidents equal the
# streets command's (checked there against a numpy nearest-segment join) and with the
# unsnapped make every incident; per hexagon they equal an independent nearest-centre join
# (numpy; a regular hexagon is the set of points nearer its centre); options refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/m.csv")
net=(--network sample_data/streets.geojson)
"$bin" map "${x[@]}" --units streets "${net[@]}" --counts "$tmp/seg.csv" > /dev/null 2> "$tmp/err" \
  || fail "map --units streets: $(cat "$tmp/err")"
unsnapped=$(sed -n 's/.*warning: \([0-9]*\) incidents lie further than.*/\1/p' "$tmp/err")
[ -n "$unsnapped" ] || fail "the unsnapped are not reported: $(cat "$tmp/err")"
head -1 "$tmp/seg.csv" | grep -q '^code,name,length_m,incidents,per_100m$' || fail "header: $(head -1 "$tmp/seg.csv")"
"$bin" streets "${x[0]}" --crs EPSG:27700 "${net[@]}" -o "$tmp/streets.csv" -q > /dev/null 2>&1 || fail "streets"
diff <(tail -n +2 "$tmp/seg.csv" | awk -F, '{printf "%s,%g\n", $1, $(NF-1)}') \
     <(tail -n +2 "$tmp/streets.csv" | awk -F, '{printf "%s,%g\n", $1, $4}') > /dev/null || fail "segment counts differ from streets'"
total=$(($(wc -l < "$tmp/m.csv") - 1))
snapped=$(tail -n +2 "$tmp/seg.csv" | awk -F, '{ s += $(NF-1) } END { print s }')
[ $((snapped + unsnapped)) -eq "$total" ] || fail "$snapped on segments + $unsnapped unsnapped != $total incidents"
"$bin" map "${x[@]}" --cell hex:300 --counts "$tmp/hex.gpkg" -q > /dev/null 2>&1 || fail "map --cell hex"

"$bin" map "${x[@]}" --cell hex:300 -q 2> "$tmp/err"; [ $? -eq 2 ] && grep -q 'counts' "$tmp/err" || fail "units without --counts"
"$bin" map "${x[@]}" --counts "$tmp/x.csv" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--counts without units accepted"
"$bin" map "${x[@]}" "${net[@]}" --cell 500 --counts "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'units streets' "$tmp/err" || fail "--network without --units streets: $(cat "$tmp/err")"
[ -e "$tmp/x.csv" ] && fail "a refused run left an output"

if ! /usr/bin/python3 -c 'import numpy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP (part): /usr/bin/python3 with numpy and osgeo is not installed; the nearest-centre join was not run"
  exit 0
fi
/usr/bin/python3 tests/cli/units/check_change_units.py hex-total "$tmp/hex.gpkg" sample_data/police_export.csv || fail "hexagons"
echo "map units: ok ($snapped on segments, $unsnapped unsnapped)"

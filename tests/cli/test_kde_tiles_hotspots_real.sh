#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real or GDAL's python): 2019 NW BCU
# burglary at 10 m with the wards, hotspots top:5% and mean+2sd from tiles of 2.5 km equal the
# untiled run's (tests/cli/compare_hotspots.py).
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
py=/usr/bin/python3
$py -c 'from osgeo import gdal, ogr' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo"; exit 77; }
wards=$(ls "$real"/wards/*2018*nwbcu*27700*.geojson 2> /dev/null | head -1)
args=("$real/crime/burglary_2010-12_to_2025-02_nwbcu" --from 2019-01 --to 2019-12 --bandwidth 250 --cell 10 -q)
[ -n "$wards" ] && args+=(--areas "$wards,as=ward")
for threshold in top:5% mean+2sd; do
  "$bin" kde "${args[@]}" --threshold "$threshold" --hotspots "$tmp/whole.gpkg" > /dev/null 2> "$tmp/err" || fail "untiled: $(cat "$tmp/err")"
  "$bin" kde "${args[@]}" --threshold "$threshold" --tile-size 2.5km -o "$tmp/t.vrt" --hotspots "$tmp/tiled.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "tiled: $(cat "$tmp/err")"
  $py "$src/tests/cli/compare_hotspots.py" "$tmp/tiled.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" || fail "$threshold: $(cat "$tmp/cmp")"
  echo "2019 burglary, $threshold, tiles of 2.5 km: $(cat "$tmp/cmp")"
  rm -rf "$tmp/whole.gpkg" "$tmp/tiled.gpkg" "$tmp/t.vrt" "$tmp/t"
done
echo "ok"

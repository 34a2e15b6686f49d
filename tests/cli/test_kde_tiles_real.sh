#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real or GDAL's python): 2019 NW BCU
# burglary at 10 m in tiles of 2.5 km, the gaussian kernel (support 4 h = 400 m, wider than
# a quarter tile): the VRT mosaic equals the single raster bit for bit.
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
py=/usr/bin/python3
$py -c 'from osgeo import gdal; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
args=("$real/crime/burglary_2010-12_to_2025-02_nwbcu" --from 2019-01 --to 2019-12 --kernel gaussian --bandwidth 100 --cell 10 -q)
"$bin" kde "${args[@]}" -o "$tmp/whole.tif" 2> "$tmp/err" || fail "untiled: $(cat "$tmp/err")"
"$bin" kde "${args[@]}" --tile-size 2.5km -o "$tmp/tiles.vrt" 2> "$tmp/err" || fail "tiled: $(cat "$tmp/err")"
$py "$src/tests/cli/compare_mosaic.py" "$tmp/tiles.vrt" "$tmp/whole.tif" 0 > "$tmp/cmp" || fail "mosaic differs: $(cat "$tmp/cmp")"
echo "2019 burglary, tiles of 2.5 km: $(cat "$tmp/cmp")"

#!/usr/bin/env bash
# kde --tile-size --mask on the sample: each tile takes its part of the mask (kept as runs per
# row, never a byte a cell of the grid), so the VRT mosaic equals the masked single raster bit
# for bit (nodata outside the mask), its top and weight held are the single raster's, and the
# hotspots from the tiles (top:P% and share:P%) are the untiled run's. Two cases: the BCU in
# tiles of 2 km (its 159 share:40% hotspots), and one ward (Z05000010, holding the planted H1
# and part of the BCU's edge) in tiles of 250 m, under the 300 m bandwidth, where the mask's
# edge crosses tiles and a hotspot spans several. (The BCU in 250 m tiles, 2,961 of them, took
# 77 s; a ward's 315 tiles assert the same.) A rate in tiles: test_kde_tiles_rate.sh.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal, ogr; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
ogr2ogr -q -f GeoJSON "$tmp/ward.geojson" "$src/sample_data/areas/wards.geojson" -where "code = 'Z05000010'" \
  || fail "cannot cut the ward out of wards.geojson"
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 10 -q
      --areas "$src/sample_data/areas/wards.geojson,as=ward")

for c in "bcu.geojson 2km share:40%" "ward 250m top:5%" "ward 250m share:40%"; do
  read -r mask tile th <<< "$c"
  [ "$mask" = ward ] && mask=$tmp/ward.geojson || mask=$src/sample_data/areas/$mask
  what="--mask $(basename "$mask") --tile-size $tile --threshold $th"
  "$bin" kde "${args[@]}" --mask "$mask" --threshold $th -o "$tmp/whole.tif" --hotspots "$tmp/whole.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "untiled kde $what: $(cat "$tmp/err")"
  rm -rf "$tmp/t" "$tmp/t.vrt"
  "$bin" kde "${args[@]}" --mask "$mask" --threshold $th --tile-size $tile -o "$tmp/t.vrt" --hotspots "$tmp/t.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "kde $what: $(cat "$tmp/err")"
  $py "$src/tests/cli/compare_mosaic.py" "$tmp/t.vrt" "$tmp/whole.tif" 0 > "$tmp/cmp" || fail "$what: masked mosaic differs: $(cat "$tmp/cmp")"
  echo "$what, mosaic: $(cat "$tmp/cmp")"
  $py "$src/tests/cli/compare_hotspots.py" "$tmp/t.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" 2>&1 || fail "$what, hotspots: $(cat "$tmp/cmp")"
  echo "$what, hotspots: $(cat "$tmp/cmp")"
  $py - "$tmp/t.vrt" "$tmp/whole.tif" "$tmp/t.gpkg" "$tmp/whole.gpkg" "${tile%m}" << 'PY' || fail "$what: masked cells, top, study area or tiles"
import json, sys
import numpy as np
from osgeo import gdal, ogr
t, w = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
values = w.GetRasterBand(1).ReadAsArray()
nodata = (values == -9999).sum()
assert nodata > 0, "the mask left no cell out: the test proves nothing"
meta = lambda ds: json.loads(ds.GetMetadataItem("hotspots"))
assert meta(t)["max_value"] == meta(w)["max_value"], (meta(t)["max_value"], meta(w)["max_value"])
assert meta(t)["grid_holds_pct"] == meta(w)["grid_holds_pct"]
def lm(path):
    ds = ogr.Open(path)  # kept while its layer is read
    return json.loads(ds.GetLayer(0).GetMetadataItem("hotspots"))
assert lm(sys.argv[3])["study_area_m2"] == lm(sys.argv[4])["study_area_m2"]
# What the case is there for: tiles the mask's edge crosses (some cells in, some out), and a
# hotspot over a tile edge (its cells summed in several tiles).
x0, cell, _, y0, _, _ = w.GetGeoTransform()
side = int(sys.argv[5].replace("k", "000"))  # "2k" (from 2km) or "250"
n = int(round(side / cell))
rows, cols = values.shape
partial = sum(1 for r in range(0, rows, n) for c in range(0, cols, n)
              if 0 < (values[r:r + n, c:c + n] == -9999).sum() < values[r:r + n, c:c + n].size)
assert partial > 0, "no tile is crossed by the mask's edge"
ds = ogr.Open(sys.argv[4])
spanning = 0
for f in ds.GetLayer(0):
    xmin, xmax, ymin, ymax = f.GetGeometryRef().GetEnvelope()
    spanning += int((xmin - x0) // side != (xmax - x0) // side or (y0 - ymax) // side != (y0 - ymin) // side)
assert spanning > 0, "no hotspot spans a tile edge"
print(f"{nodata} cells outside the mask, {partial} tiles crossed by its edge, {spanning} hotspots over tile edges; "
      "top, weight held and study area equal")
PY
done

echo "ok"

#!/usr/bin/env bash
# kde --tile-size --mask on the sample: each tile takes its part of the mask (kept as runs per
# row, never a byte a cell of the grid), so the VRT mosaic equals the masked single raster bit
# for bit (nodata outside the BCU), its top and weight held are the single raster's, and the
# hotspots from the tiles (top:P% and share:P%) are the untiled run's; tiles of 250 m, under
# the 300 m bandwidth. --denominator with tiles is still refused, saying what to do.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal, ogr; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 10 -q
      --mask "$src/sample_data/areas/bcu.geojson" --areas "$src/sample_data/areas/wards.geojson,as=ward")

for th in top:5% share:40%; do
  "$bin" kde "${args[@]}" --threshold $th -o "$tmp/whole.tif" --hotspots "$tmp/whole.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "untiled kde --mask --threshold $th: $(cat "$tmp/err")"
  "$bin" kde "${args[@]}" --threshold $th --tile-size 250m -o "$tmp/t.vrt" --hotspots "$tmp/t.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "kde --mask --tile-size 250m --threshold $th: $(cat "$tmp/err")"
  $py "$src/tests/cli/compare_mosaic.py" "$tmp/t.vrt" "$tmp/whole.tif" 0 > "$tmp/cmp" || fail "masked mosaic differs: $(cat "$tmp/cmp")"
  echo "$th, mosaic: $(cat "$tmp/cmp")"
  $py "$src/tests/cli/compare_hotspots.py" "$tmp/t.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" 2>&1 || fail "$th hotspots: $(cat "$tmp/cmp")"
  echo "$th, hotspots: $(cat "$tmp/cmp")"
  $py - "$tmp/t.vrt" "$tmp/whole.tif" "$tmp/t.gpkg" "$tmp/whole.gpkg" << 'PY' || fail "$th: masked cells, top or study area differ"
import json, sys
import numpy as np
from osgeo import gdal, ogr
t, w = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
nodata = (w.GetRasterBand(1).ReadAsArray() == -9999).sum()
assert nodata > 0, "the mask left no cell out: the test proves nothing"
meta = lambda ds: json.loads(ds.GetMetadataItem("hotspots"))
assert meta(t)["max_value"] == meta(w)["max_value"], (meta(t)["max_value"], meta(w)["max_value"])
assert meta(t)["grid_holds_pct"] == meta(w)["grid_holds_pct"]
def lm(path):
    ds = ogr.Open(path)  # kept while its layer is read
    return json.loads(ds.GetLayer(0).GetMetadataItem("hotspots"))
assert lm(sys.argv[3])["study_area_m2"] == lm(sys.argv[4])["study_area_m2"]
print(f"{nodata} cells outside the mask; top, weight held and study area equal")
PY
done

"$bin" kde "${args[@]}" --denominator "$src/sample_data/areas/wards.geojson,value=population" --tile-size 1km \
  -o "$tmp/bad.vrt" 2> "$tmp/err"
[ $? -eq 2 ] || fail "--denominator with tiles: exit code not 2"
grep -q "run without --tile-size" "$tmp/err" || fail "--denominator with tiles: $(cat "$tmp/err")"
ls "$tmp" | grep -q '^bad' && fail "--denominator with tiles left something behind"
echo "ok"

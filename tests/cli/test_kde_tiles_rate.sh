#!/usr/bin/env bash
# kde --tile-size with --denominator on the sample: the residents kept as runs per row of each
# ward, the denominator summed tile by tile and its floor's median selected over every tile,
# so the VRT mosaic equals the untiled rate raster bit for bit (its nodata where the floor
# blanks cells, its top), and the hotspots from the tiles are the untiled run's. Two cases: the
# wards' residents with one ward (Z05000010, holding the planted H1) as the mask, in tiles of
# 250 m under the 300 m bandwidth (tile edges through H1, hotspots over tile edges, the mask's
# edge across tiles); the address points as the denominator in tiles of 1 km, no mask, with a
# floor given (--min-denominator) and share:30%. Then a pack's kde step with tile-size and a
# denominator, sharded by tile and merged: the unsharded pack's folder.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal, ogr; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
ogr2ogr -q -f GeoJSON "$tmp/ward.geojson" "$src/sample_data/areas/wards.geojson" -where "code = 'Z05000010'" \
  || fail "cannot cut the ward out of wards.geojson"
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 10 -q
      --areas "$src/sample_data/areas/wards.geojson,as=ward")
cases=("250m top:5% --denominator $src/sample_data/areas/wards.geojson,value=population --mask $tmp/ward.geojson"
       "1km share:30% --denominator-points $src/sample_data/addresses.csv --min-denominator 2")
for c in "${cases[@]}"; do
  read -r tile th rest <<< "$c"
  read -ra more <<< "$rest"
  what="--tile-size $tile --threshold $th ${rest//$src\//}"
  what=${what//$tmp\//}
  "$bin" kde "${args[@]}" "${more[@]}" --threshold $th -o "$tmp/whole.tif" --hotspots "$tmp/whole.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "untiled kde $what: $(cat "$tmp/err")"
  rm -rf "$tmp/t" "$tmp/t.vrt"
  "$bin" kde "${args[@]}" "${more[@]}" --threshold $th --tile-size $tile -o "$tmp/t.vrt" --hotspots "$tmp/t.gpkg" > /dev/null 2> "$tmp/err" \
    || fail "kde $what: $(cat "$tmp/err")"
  $py "$src/tests/cli/compare_mosaic.py" "$tmp/t.vrt" "$tmp/whole.tif" 0 > "$tmp/cmp" || fail "$what: the rate's mosaic differs: $(cat "$tmp/cmp")"
  echo "$what, mosaic: $(cat "$tmp/cmp")"
  $py "$src/tests/cli/compare_hotspots.py" "$tmp/t.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" 2>&1 || fail "$what, hotspots: $(cat "$tmp/cmp")"
  echo "$what, hotspots: $(cat "$tmp/cmp")"
  $py - "$tmp/t.vrt" "$tmp/whole.tif" "$tmp/whole.gpkg" "${tile%m}" << 'PY' || fail "$what: nodata, top, units or tile edges"
import json, sys
import numpy as np
from osgeo import gdal, ogr
t, w = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
values = w.GetRasterBand(1).ReadAsArray()
rate = values[values != -9999]
assert rate.size > 0 and (values == -9999).sum() > 0, "no cell is blank, or every cell is: the floor proves nothing"
meta = lambda ds: json.loads(ds.GetMetadataItem("hotspots"))
assert meta(t)["max_value"] == meta(w)["max_value"], (meta(t)["max_value"], meta(w)["max_value"])
assert abs(meta(w)["max_value"] - float(rate.max())) <= 1e-6 * float(rate.max()), "the top is not the largest cell"
assert "grid_holds_pct" not in meta(t) and "grid_holds_pct" not in meta(w), "a rate holds no weight"
assert "per 1,000" in t.GetRasterBand(1).GetDescription(), t.GetRasterBand(1).GetDescription()
# What the case is there for: hotspots over tile edges, and tiles where some cells are blank.
x0, cell, _, y0, _, _ = w.GetGeoTransform()
side = int(sys.argv[4].replace("k", "000"))
n = int(round(side / cell))
rows, cols = values.shape
partial = sum(1 for r in range(0, rows, n) for c in range(0, cols, n)
              if 0 < (values[r:r + n, c:c + n] == -9999).sum() < values[r:r + n, c:c + n].size)
assert partial > 0, "no tile holds both blank and rate cells"
ds = ogr.Open(sys.argv[3])
spanning = 0
for f in ds.GetLayer(0):
    xmin, xmax, ymin, ymax = f.GetGeometryRef().GetEnvelope()
    spanning += int((xmin - x0) // side != (xmax - x0) // side or (y0 - ymax) // side != (y0 - ymin) // side)
assert spanning > 0, "no hotspot spans a tile edge"
print(f"{(values == -9999).sum()} blank cells, {partial} tiles part blank, {spanning} hotspots over tile edges; top equal")
PY
done

# A pack's kde step with tile-size and a denominator, in 2 shards by tile: every shard finds the
# floor over every tile, so the merged mosaic equals the unsharded pack's (its tiles' bytes).
cat > "$tmp/p.toml" << TOML
month = "2024-12"
period = "last 12 months"
$(sample_inputs 'date = "committed_from"')
[[theme]]
name = "all"
title = "All crime"
[[step]]
run = "kde"
name = "kde-rate"
bandwidth = 300
cell = 50
tile-size = "1km"
denominator = "$src/sample_data/areas/wards.geojson,value=population"
TOML
"$bin" pack "$tmp/p.toml" -o "$tmp/full" -q > /dev/null 2> "$tmp/err" || fail "the unsharded pack failed: $(cat "$tmp/err")"
for i in 1 0; do
  "$bin" pack "$tmp/p.toml" --shard-by tile --shard $i/2 -o "$tmp/s$i" -q > /dev/null 2> "$tmp/err" \
    || fail "shard $i/2 by tile: $(cat "$tmp/err")"
done
"$bin" merge "$tmp/s0" "$tmp/s1" -o "$tmp/merged" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
# The tiles and the VRT byte for byte (compare_packs.sh checks the whole folder, in 45 s).
[ "$(ls "$tmp/full/all/kde-rate-density" | wc -l)" -gt 3 ] || fail "too few tiles in the pack's mosaic: $(ls "$tmp/full/all")"
for f in all/kde-rate-density.vrt all/kde-rate-density.qml $(cd "$tmp/full" && ls all/kde-rate-density/*); do
  cmp -s "$tmp/full/$f" "$tmp/merged/$f" || fail "$f of the merged shards differs from the unsharded pack's"
done
$py - "$tmp/full/all/kde-rate-density.vrt" << 'PY' || fail "the pack's mosaic is not a rate"
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
assert "per 1,000" in ds.GetRasterBand(1).GetDescription(), ds.GetRasterBand(1).GetDescription()
assert (ds.GetRasterBand(1).ReadAsArray() == -9999).sum() > 0, "no cell under the floor"
PY
echo "pack: 2 shards by tile merged equal the unsharded rate in tiles"
echo "ok"

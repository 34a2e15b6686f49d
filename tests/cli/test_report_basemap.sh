#!/usr/bin/env bash
# report --context with a raster base map (docs/report.md "Context without the internet"): a
# GeoTIFF in British National Grid (red west of easting 448000, blue east), the same as MBTiles
# as a GeoPackage of tiles and with a palette (made by GDAL here), and one band of numbers: each is drawn as an
# image reprojected to Web Mercator whose colours lie where they should (the change of colour
# within 2 pixels of where easting 448000 projects, tests/cli/basemap_check.py); a raster
# without a CRS and one 280 km away are refused, naming the file, and no report is written; in
# headless Chromium the map has its base map. Skipped without /usr/bin/python3's GDAL.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py -c "import osgeo, numpy" 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy (apt-get install python3-gdal)"; exit 77; }
"$bin" pack sample_data/packs/sample.toml -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "making the rasters"
import sys
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
t = sys.argv[1]
def make(name, colours, x0=440000.0, crs=27700, dtype=gdal.GDT_Byte):
    w, h, y1, px = 320, 240, 311000.0, 50.0
    ds = gdal.GetDriverByName("GTiff").Create(f"{t}/{name}", w, h, len(colours), dtype)
    ds.SetGeoTransform((x0, px, 0, y1, 0, -px))
    if crs:
        s = osr.SpatialReference(); s.ImportFromEPSG(crs); ds.SetProjection(s.ExportToWkt())
    west = np.arange(w)[None, :] * px + x0 + px / 2 < x0 + 8000
    for b, (l, r) in enumerate(colours):
        ds.GetRasterBand(b + 1).WriteArray(np.where(west, l, r).repeat(h, 0))
make("rb.tif", [(200, 0), (0, 0), (0, 200)])
make("grey.tif", [(10.5, 99.5)], dtype=gdal.GDT_Float32)
make("nocrs.tif", [(200, 0), (0, 0), (0, 200)], crs=None)
make("far.tif", [(200, 0), (0, 0), (0, 200)], x0=740000.0)
make("pal.tif", [(1, 2)])
ct = gdal.ColorTable()
ct.SetColorEntry(1, (200, 0, 0, 255)), ct.SetColorEntry(2, (0, 0, 200, 255))
pal = gdal.Open(f"{t}/pal.tif", 1)
pal.GetRasterBand(1).SetRasterColorTable(ct)
pal = None
gdal.Translate(f"{t}/rb.mbtiles", f"{t}/rb.tif", format="MBTiles")
gdal.Translate(f"{t}/rb_tiles.gpkg", f"{t}/rb.tif", format="GPKG")
PY
# Two reports: the GeoTIFF and the band of numbers (with the streets over them); the MBTiles, the
# GeoPackage of tiles and a paletted GeoTIFF.
"$bin" report "$tmp/pack" -o "$tmp/r1.html" --context "$tmp/rb.tif" --context "$tmp/grey.tif" --context sample_data/streets.geojson \
  -q > /dev/null 2> "$tmp/err" || fail "--context rb.tif grey.tif: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -o "$tmp/r2.html" --context "$tmp/rb.mbtiles" --context "$tmp/rb_tiles.gpkg" --context "$tmp/pal.tif" -q > /dev/null 2> "$tmp/err" \
  || fail "--context rb.mbtiles rb_tiles.gpkg: $(cat "$tmp/err")"
for x in r1:rb.tif r2:rb.mbtiles r2:rb_tiles.gpkg r2:pal.tif; do
  $py tests/cli/basemap_check.py "$tmp/${x%%:*}.html" ${x#*:} 448000 305000 200,0,0 0,0,200 || fail "the base map of ${x#*:}"
done
$py tests/cli/basemap_check.py "$tmp/r1.html" grey.tif 448000 305000 0,0,0 255,255,255 || fail "one band of numbers as grey"
for bad in nocrs:"has no CRS" far:"lies 2[0-9][0-9] km from the data"; do
  why=${bad#*:} bad=${bad%%:*}
  "$bin" report "$tmp/pack" -o "$tmp/r_$bad.html" --context "$tmp/$bad.tif" -q > /dev/null 2> "$tmp/err"
  [ $? -eq 1 ] || fail "--context $bad.tif was not refused"
  grep -q -- "--context $tmp/$bad.tif: .*$why" "$tmp/err" || fail "--context $bad.tif: the message does not name the file and say why: $(cat "$tmp/err")"
  [ ! -e "$tmp/r_$bad.html" ] || fail "--context $bad.tif: a report was written"
done
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then echo "skipped the browser check: chromium is not installed"; exit 0; fi
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "file://$tmp/r1.html" \
  > "$tmp/dom.html" 2> /dev/null || fail "chromium could not load the report"
$py - "$tmp/dom.html" << 'PY' || fail "the base map in the browser"
import re, sys
d = open(sys.argv[1]).read()
maps = re.findall(r'<div[^>]*class="map [^"]*"[^>]*>', d)
assert maps and all('data-basemap="2"' in m for m in maps), f"maps without their base map: {len(maps)}"
assert d.count('leaflet-image-layer') >= len(maps) * 3, "no image overlays for the base maps"
assert 'base map: rb.tif, grey.tif' in d and 'streets.geojson' in d, "the legend does not name the base map and the streets"
assert 'data-errors' not in d and 'data-blocked' not in d, "a script error or a blocked request"
PY
echo "ok: raster base maps drawn beneath, reprojected, refused when unplaceable"

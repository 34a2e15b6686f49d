#!/usr/bin/env bash
# kde --tile-size --hotspots on the sample: the hotspot polygons made from tiles (threshold over
# every tile, groups joined across tile edges) equal the untiled run's, with tiles of 250 m
# (under the 300 m bandwidth) and with a tile edge through the centre of the planted hotspot
# H1 (sample_data/truth/hotspots.csv); mean+Ksd and share:P% as well as top:P%.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal, ogr' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo"; exit 77; }
cmp_py="$src/tests/cli/compare_hotspots.py"
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 10 -q
      --areas "$src/sample_data/areas/wards.geojson,as=ward")

"$bin" kde "${args[@]}" -o "$tmp/whole.tif" --hotspots "$tmp/whole.gpkg" 2> "$tmp/err" || fail "untiled kde: $(cat "$tmp/err")"
"$bin" kde "${args[@]}" --tile-size 250m -o "$tmp/t250.vrt" --hotspots "$tmp/t250.gpkg" 2> "$tmp/err" \
  || fail "kde --tile-size 250m --hotspots: $(cat "$tmp/err")"
$py "$cmp_py" "$tmp/t250.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" || fail "tiles of 250 m: $(cat "$tmp/cmp")"
echo "tiles of 250 m: $(cat "$tmp/cmp")"

# A tile size (40-150 cells) whose column edge passes within a cell of H1's centre; the
# hotspot holding H1 must then reach across that edge.
read -r size edge_x < <($py - "$tmp/whole.tif" "$src/sample_data/truth/hotspots.csv" << 'PY'
import csv, sys
from osgeo import gdal
x0, cell = gdal.Open(sys.argv[1]).GetGeoTransform()[0:2]
h1 = next(r for r in csv.DictReader(open(sys.argv[2])) if r["id"] == "H1")
col = (float(h1["x"]) - x0) / cell
size = next(s for s in range(40, 151) if abs(col - round(col / s) * s) <= 1 and round(col / s) >= 1)
print(size, x0 + round(col / size) * size * cell)
PY
) || fail "no tile size puts an edge through H1"
"$bin" kde "${args[@]}" --tile-size $((size * 10))m -o "$tmp/h1.vrt" --hotspots "$tmp/h1.gpkg" 2> "$tmp/err" \
  || fail "kde --tile-size $((size * 10))m: $(cat "$tmp/err")"
$py "$cmp_py" "$tmp/h1.gpkg" "$tmp/whole.gpkg" > "$tmp/cmp" || fail "edge through H1: $(cat "$tmp/cmp")"
$py - "$tmp/h1.gpkg" "$src/sample_data/truth/hotspots.csv" "$edge_x" << 'PY' || fail "H1's hotspot does not cross the tile edge"
import csv, sys
from osgeo import ogr
h1 = next(r for r in csv.DictReader(open(sys.argv[2])) if r["id"] == "H1")
p = ogr.CreateGeometryFromWkt(f"POINT ({h1['x']} {h1['y']})")
edge = float(sys.argv[3])
ds = ogr.Open(sys.argv[1])  # kept: its layer's features die with it
for f in ds.GetLayer(0):
    g = f.GetGeometryRef()
    if g.Contains(p):
        xmin, xmax = g.GetEnvelope()[0:2]
        sys.exit(0 if xmin < edge < xmax else 1)
sys.exit(1)
PY
echo "tiles of $((size * 10)) m, an edge at x = $edge_x through H1: $(cat "$tmp/cmp")"

# mean+Ksd: mean and sd summed tile by tile (docs/kde.md gives the bound); the same polygons.
"$bin" kde "${args[@]}" --threshold mean+3sd --hotspots "$tmp/msd.gpkg" > /dev/null 2> "$tmp/err" || fail "untiled mean+3sd: $(cat "$tmp/err")"
"$bin" kde "${args[@]}" --threshold mean+3sd --tile-size 1km -o "$tmp/msd.vrt" --hotspots "$tmp/tmsd.gpkg" > /dev/null 2> "$tmp/err" \
  || fail "tiled mean+3sd: $(cat "$tmp/err")"
$py "$cmp_py" "$tmp/tmsd.gpkg" "$tmp/msd.gpkg" > "$tmp/cmp" 2>&1 || fail "mean+3sd: $(cat "$tmp/cmp")"
echo "mean+3sd, tiles of 1 km: $(cat "$tmp/cmp")"

# share:P%: exact sums over the tiles (docs/kde.md); the same cut and polygons, tiles of 250 m.
"$bin" kde "${args[@]}" --threshold share:30% --hotspots "$tmp/share.gpkg" > /dev/null 2> "$tmp/err" || fail "untiled share:30%: $(cat "$tmp/err")"
"$bin" kde "${args[@]}" --threshold share:30% --tile-size 250m -o "$tmp/share.vrt" --hotspots "$tmp/tshare.gpkg" > /dev/null 2> "$tmp/err" \
  || fail "tiled share:30%: $(cat "$tmp/err")"
$py "$cmp_py" "$tmp/tshare.gpkg" "$tmp/share.gpkg" > "$tmp/cmp" 2>&1 || fail "share:30%: $(cat "$tmp/cmp")"
echo "share:30%, tiles of 250 m: $(cat "$tmp/cmp")"
echo "ok"

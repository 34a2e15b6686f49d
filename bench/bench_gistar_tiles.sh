#!/usr/bin/env bash
# Peak memory and wall clock of gistar with its cells and hot spots written, tiled
# (--tile-size 10km: the cells a VRT mosaic of COG tiles, z, p, p_adjusted, bin) against untiled
# (the cells a GeoPackage layer), on bench/make_national.py data (docs/benchmarks.md, "Tiled
# Gi*"): N incidents (default 500,000) over England and Wales, the grid over a 100 km square of
# the Midlands at 100 m (1e6 cells), band 300 m. Checks the two runs' hot spots are equal
# (fields and geometries). Needs /usr/bin/python3 with numpy and GDAL's python and the
# real data (../shared/data/real) for the generator.
# Usage: bench/bench_gistar_tiles.sh [BUILD] [N]
source "$(dirname "$0")/lib.sh"
n=${2:-500000}
py=/usr/bin/python3
machine
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
$py bench/make_national.py "$n" "$out/nat.csv" 1 --year 2024 > /dev/null  # the data of the figures in docs/benchmarks.md
args=("$out/nat.csv" --crs EPSG:27700 --cell 100 --neighbours band:300 --extent 400000,200000,500000,300000 -q --threads 2)
rss() {  # LABEL CMD...: runs CMD under /usr/bin/time -v, prints wall, user time and peak RSS
  local label=$1; shift
  /usr/bin/time -v "$@" 2> "$out/time" > /dev/null || { cat "$out/time" >&2; exit 1; }
  echo "$label: wall $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time"), user $(sed -n 's/.*User time (seconds): //p' "$out/time") s, peak RSS $(awk '/Maximum resident/{printf "%.0f MB", $6/1024}' "$out/time")"
}
echo "$n incidents, 100 km square at 100 m (1e6 cells), band 300 m"
rss "untiled (-o cells.gpkg --hotspots)" "$bin" gistar "${args[@]}" -o "$out/cells.gpkg" --hotspots "$out/whole.gpkg"
rss "tiled 10km (-o cells.vrt --hotspots)" "$bin" gistar "${args[@]}" --tile-size 10km -o "$out/cells.vrt" --hotspots "$out/tiled.gpkg"
rss "untiled, no outputs but hot spots" "$bin" gistar "${args[@]}" --hotspots "$out/whole2.gpkg"
$py - "$out/tiled.gpkg" "$out/whole.gpkg" << 'PY'
import sys
from osgeo import ogr
def rows(path):
    ds = ogr.Open(path)  # kept open while its layer is read
    layer = ds.GetLayer(0)
    return [([f.GetField(i) for i in range(f.GetFieldCount())], bytes(f.GetGeometryRef().ExportToWkb())) for f in layer]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
sys.exit(f"hot spots differ: {len(a)} tiled, {len(b)} untiled") if a != b else print(f"{len(a)} hot and cold spots equal")
PY

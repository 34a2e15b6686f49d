#!/usr/bin/env bash
# Peak memory and wall clock of kde with hotspot polygons, tiled (--tile-size 10km) against
# untiled, on bench/make_national.py data (docs/benchmarks.md, "Tiled kde"): N incidents
# (default 1,000,000) over England and Wales, the surface over a 100 km square of the
# Midlands at 20 m (2.5e7 cells), hotspots top:5%. Checks the two runs' polygons are equal
# (tests/cli/compare_hotspots.py). Needs /usr/bin/python3 with numpy and GDAL's python and
# the real data (../shared/data/real) for the generator. Then a rate per 1,000 residents
# (--denominator, the 2011 LSOAs' usual residents) of the real NW BCU burglaries of 2015-2024,
# masked to the BCU, 10 m cells: untiled against tiles of 2 km (the mosaic compared).
# Usage: bench/bench_kde_tiles.sh [BUILD] [N]
source "$(dirname "$0")/lib.sh"
n=${2:-1000000}
py=/usr/bin/python3
machine
$py bench/make_national.py "$n" "$out/nat.csv" 1 --year 2024 > /dev/null  # the data of the figures in docs/benchmarks.md
args=("$out/nat.csv" --crs EPSG:27700 --bandwidth 250 --cell 20 --extent 400000,200000,500000,300000 -q --threads 2)
rss() {  # LABEL CMD...: runs CMD under /usr/bin/time -v, prints wall and peak RSS
  local label=$1; shift
  /usr/bin/time -v "$@" 2> "$out/time" > /dev/null || { cat "$out/time" >&2; exit 1; }
  echo "$label: wall $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time"), user $(sed -n 's/.*User time (seconds): //p' "$out/time") s, peak RSS $(awk '/Maximum resident/{printf "%.0f MB", $6/1024}' "$out/time")"
}
echo "$n incidents, 100 km square at 20 m, bandwidth 250 m, hotspots top:5%"
rss "untiled (-o mid.tif --hotspots)" "$bin" kde "${args[@]}" -o "$out/mid.tif" --hotspots "$out/whole.gpkg"
rss "tiled 10km (-o mid.vrt --hotspots)" "$bin" kde "${args[@]}" --tile-size 10km -o "$out/mid.vrt" --hotspots "$out/tiled.gpkg"
rss "tiled 10km, surface only (-o mid2.vrt)" "$bin" kde "${args[@]}" --tile-size 10km -o "$out/mid2.vrt"
$py tests/cli/compare_hotspots.py "$out/tiled.gpkg" "$out/whole.gpkg"

real=../shared/data/real
rate=("$real/crime/burglary_2010-12_to_2025-02_nwbcu" --from 2015-01 --to 2024-12 --bandwidth 250 --cell 10 -q
      --threads 2 --mask "$real/boroughs/nwbcu_union_bng_EPSG27700.geojson"
      --denominator "$real/lsoa/lsoa_2011_nwbcu_bng_EPSG27700.geojson,value=USUALRES")
echo "rate per 1,000 residents (521 LSOAs), NW BCU burglary 2015-2024, 10 m cells, hotspots top:5%"
rss "untiled rate (-o rate.tif --hotspots)" "$bin" kde "${rate[@]}" -o "$out/rate.tif" --hotspots "$out/rate_whole.gpkg"
rss "tiled 2km rate (-o rate.vrt --hotspots)" "$bin" kde "${rate[@]}" --tile-size 2km -o "$out/rate.vrt" --hotspots "$out/rate_tiled.gpkg"
rss "tiled 2km rate, surface only, --min-denominator given (no median passes)" "$bin" kde "${rate[@]}" --tile-size 2km \
  --min-denominator 1 -o "$out/rate2.vrt"
$py tests/cli/compare_mosaic.py "$out/rate.vrt" "$out/rate.tif" 0
$py tests/cli/compare_hotspots.py "$out/rate_tiled.gpkg" "$out/rate_whole.gpkg"

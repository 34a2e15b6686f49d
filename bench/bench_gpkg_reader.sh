#!/usr/bin/env bash
# Benchmark (issue 30): kde of 1,000,000 points from a GeoPackage with the SQLite reader
# (io/gpkg_points) against GDAL's Arrow stream (HOTSPOTS_GPKG_READER=gdal), same binary,
# alternating with QGIS's heatmap on the same points and grid (200 m quartic, 10 m cells, raw
# values) so that all three share the machine's load alike. Prints every run's wall and CPU
# (user + sys) seconds, the best of each, the ratios, and whether the rasters are the same.
# QGIS (Debian's qgis, /usr/bin/qgis_process.bin) is skipped, saying so, when missing.
# The points are made once and kept in $BENCH_DIR (default /tmp/hotspots-bench, shared);
# the rasters, timings and QGIS's runtime folder are this run's own (removed at the end), so
# runs side by side do not overwrite each other's files.
# Usage: [BENCH_DIR=DIR] bench/bench_gpkg_reader.sh [BUILD] [runs] [points]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
n=${3:-1000000}
dir=${BENCH_DIR:-/tmp/hotspots-bench}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/xdg"
pts=$dir/points_$n.gpkg
# Made here, then moved in: a run beside this one never reads half-written points.
[ -s "$pts" ] && [ -s "$dir/points_$n.csv" ] || { /usr/bin/python3 bench/make_points.py "$n" "$tmp/p.gpkg" "$tmp/p.csv" &&
  mv "$tmp/p.csv" "$dir/points_$n.csv" && mv "$tmp/p.gpkg" "$pts"; }
qgis=/usr/bin/qgis_process.bin
[ -x "$qgis" ] || { echo "QGIS not installed (apt-get install qgis): QGIS runs skipped"; qgis=""; }
echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
grid=(--bandwidth 200 --cell 10 --output-value raw --no-style -q)
declare -A best_wall best_cpu all
# run LABEL OUTPUT COMMAND...: one timed run, kept if it is the label's best.
run() {
  local label=$1 out=$2; shift 2
  rm -f "$out"
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" > /dev/null 2> "$tmp/stderr" || { cat "$tmp/stderr"; exit 1; }
  read -r wall user sys < "$tmp/time"
  local cpu; cpu=$(echo "$user + $sys" | bc)
  all[$label]+="$wall/$cpu "
  { [ -z "${best_wall[$label]:-}" ] || (( $(echo "$wall < ${best_wall[$label]}" | bc) )); } && best_wall[$label]=$wall
  { [ -z "${best_cpu[$label]:-}" ] || (( $(echo "$cpu < ${best_cpu[$label]}" | bc) )); } && best_cpu[$label]=$cpu
  return 0
}
"$build/hotspots" kde "$pts" "${grid[@]}" -o "$tmp/warm.tif"  # the file into the page cache
for ((r = 0; r < runs; r++)); do
  if [ -n "$qgis" ]; then
    run qgis "$tmp/q.tif" env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" "$qgis" run \
      qgis:heatmapkerneldensityestimation --INPUT="$pts" --RADIUS=200 --PIXEL_SIZE=10 --KERNEL=0 --OUTPUT_VALUE=0 \
      --OUTPUT="$tmp/q.tif"
  fi
  run gdal "$tmp/g.tif" env HOTSPOTS_GPKG_READER=gdal "$build/hotspots" kde "$pts" "${grid[@]}" -o "$tmp/g.tif"
  run sqlite "$tmp/s.tif" env HOTSPOTS_GPKG_READER=sqlite "$build/hotspots" kde "$pts" "${grid[@]}" -o "$tmp/s.tif"
done
for label in qgis gdal sqlite; do
  [ -n "${best_wall[$label]:-}" ] || continue
  printf "%-8s best %6.2f s wall %6.2f s CPU   runs (wall/CPU): %s\n" "$label" "${best_wall[$label]}" "${best_cpu[$label]}" "${all[$label]}"
done
printf "SQLite reader against GDAL's Arrow stream: %.2fx wall, %.2fx CPU\n" \
  "$(echo "${best_wall[gdal]} / ${best_wall[sqlite]}" | bc -l)" "$(echo "${best_cpu[gdal]} / ${best_cpu[sqlite]}" | bc -l)"
if [ -n "$qgis" ]; then
  printf "QGIS against kde: %.0fx (SQLite reader), %.0fx (GDAL's Arrow stream), wall; %.0fx and %.0fx CPU\n" \
    "$(echo "${best_wall[qgis]} / ${best_wall[sqlite]}" | bc -l)" "$(echo "${best_wall[qgis]} / ${best_wall[gdal]}" | bc -l)" \
    "$(echo "${best_cpu[qgis]} / ${best_cpu[sqlite]}" | bc -l)" "$(echo "${best_cpu[qgis]} / ${best_cpu[gdal]}" | bc -l)"
fi
cmp -s "$tmp/g.tif" "$tmp/s.tif" && echo "same raster (byte for byte) from both readers" || echo "RASTERS DIFFER"

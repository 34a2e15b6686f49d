#!/usr/bin/env bash
# Benchmark (issue 30's speed gaps): this build against a base build (e.g. the commit before,
# built in another folder) on the same inputs, runs alternating between the two, so a busy
# machine slows both alike. Knox on 100,000 events x 999 permutations (bench_knox), map of
# 1,000,000 incidents with the 63 NW BCU wards to .gpkg and to .csv, kde of 1,000,000 points
# from a GeoPackage. Prints every run's wall and CPU (user + sys) seconds, the best of each,
# the ratio base/new, and whether the two builds' outputs are the same; then the GeoPackage
# writing against GDAL's own (ogr2ogr of the same rows) and the CSV with --threads 1 and 2.
# Needs ../shared/data/real for map (skipped without it) and python3-gdal for the kde points.
# Usage: bench/bench_speed_gaps.sh BASE_BUILD [BUILD] [runs]   (KNOX_EVENTS=N for another size)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/bench_speed_gaps.sh BASE_BUILD [BUILD] [runs]}
new=${2:-build}
runs=${3:-3}
dir=${BENCH_DIR:-/tmp/hotspots-bench}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare LABEL OUTPUT_BASE OUTPUT_NEW -- COMMAND... (with OUT in the command for the output)
compare() {
  local label=$1 ob=$2 on=$3; shift 4
  local bw="" bc="" nw="" nc="" all_b="" all_n=""
  for ((r = 0; r < runs; r++)); do
    for side in base new; do
      local b=$base out=$ob
      [ $side = new ] && b=$new out=$on
      rm -f "$out"
      local cmd=("${@//BIN/$b/hotspots}")
      cmd=("${cmd[@]//OUT/$out}")
      /usr/bin/time -f "%e %U %S" -o "$tmp/time" "${cmd[@]}" > /dev/null 2> "$tmp/err" || { cat "$tmp/err"; exit 1; }
      read -r wall user sys < "$tmp/time"
      cpu=$(echo "$user + $sys" | bc)
      if [ $side = base ]; then
        all_b+="$wall/$cpu "
        { [ -z "$bw" ] || (( $(echo "$wall < $bw" | bc) )); } && bw=$wall
        { [ -z "$bc" ] || (( $(echo "$cpu < $bc" | bc) )); } && bc=$cpu
      else
        all_n+="$wall/$cpu "
        { [ -z "$nw" ] || (( $(echo "$wall < $nw" | bc) )); } && nw=$wall
        { [ -z "$nc" ] || (( $(echo "$cpu < $nc" | bc) )); } && nc=$cpu
      fi
    done
  done
  printf "%-34s base %6.2f s wall %6.2f s CPU | new %6.2f s wall %6.2f s CPU | ratio %4.1fx wall %4.1fx CPU\n" \
    "$label" "$bw" "$bc" "$nw" "$nc" "$(echo "$bw / $nw" | bc -l)" "$(echo "$bc / $nc" | bc -l)"
  echo "  runs (wall/CPU): base $all_b; new $all_n"
}

echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg)"

# Knox: bench_knox prints its time and a digest of the whole table.
for ((r = 0; r < runs; r++)); do
  for b in "$base" "$new"; do
    printf "knox %-6s " "$([ "$b" = "$base" ] && echo base || echo new)"
    /usr/bin/time -f "(%e s wall, %U s user)" "$b/bench/bench_knox" "${KNOX_EVENTS:-100000}" 2>&1 | tail -2 | tr '\n' ' '
    echo
  done
done

real=../shared/data/real
if [ -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  src=("$real"/crime/burglary_2010-12_to_2025-02_nwbcu/*.csv)
  header=$(head -1 "${src[0]}")
  mkdir "$tmp/monthly"
  { while tail -q -n +2 "${src[@]}"; do :; done; } 2>/dev/null | head -n 1000000 > "$tmp/body" || true
  split -n l/12 -d --additional-suffix=.csv "$tmp/body" "$tmp/monthly/part"
  rm "$tmp/body"
  for f in "$tmp"/monthly/part*.csv; do { echo "$header"; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"; done
  wards="$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward"
  compare "map 1M -> .gpkg" "$tmp/b.gpkg" "$tmp/n.gpkg" -- BIN map "$tmp/monthly" --areas "$wards" -o OUT -q
  ogrinfo -ro -al -mdd all "$tmp/b.gpkg" | grep -v -e '^INFO: Open of' -e '"output":' > "$tmp/b.txt"
  ogrinfo -ro -al -mdd all "$tmp/n.gpkg" | grep -v -e '^INFO: Open of' -e '"output":' > "$tmp/n.txt"
  cmp -s "$tmp/b.txt" "$tmp/n.txt" && echo "  same features, fields, extent and metadata (ogrinfo -al -mdd all)" || echo "  OUTPUTS DIFFER"
  echo "  spatial index: $(sqlite3 "$tmp/n.gpkg" "SELECT rtreecheck('rtree_incidents_geom')" 2>&1)"
  compare "map 1M -> .csv" "$tmp/b.csv" "$tmp/n.csv" -- BIN map "$tmp/monthly" --areas "$wards" -o OUT -q
  cmp -s "$tmp/b.csv" "$tmp/n.csv" && echo "  same bytes" || echo "  OUTPUTS DIFFER"
  # The peer: GDAL's own writer (ogr2ogr, one feature at a time in one transaction) making a
  # GeoPackage of the same 1,000,000 rows with their wards, from the CSV map just wrote (x, y
  # in British National Grid), alternating with map, which also reads its 12 source files.
  for ((r = 0; r < runs; r++)); do
    rm -f "$tmp/o.gpkg" "$tmp/m.gpkg"
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" ogr2ogr -f GPKG "$tmp/o.gpkg" "$tmp/n.csv" -nln incidents \
      -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs EPSG:27700 2> /dev/null
    read -r ow ou os < "$tmp/time"
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$new/hotspots" map "$tmp/monthly" --areas "$wards" -o "$tmp/m.gpkg" -q
    read -r mw mu ms < "$tmp/time"
    printf "map 1M -> .gpkg against ogr2ogr csv -> gpkg: ogr2ogr %6.2f s wall | map %6.2f s wall | ratio %4.1fx (load %s)\n" \
      "$ow" "$mw" "$(echo "$ow / $mw" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  # CSV rows are formatted on --threads threads: the same bytes, and the time with one and two.
  for ((r = 0; r < runs; r++)); do
    for t in 1 2; do
      /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$new/hotspots" map "$tmp/monthly" --areas "$wards" -o "$tmp/t$t.csv" --threads $t -q
      read -r w u s < "$tmp/time"
      printf "map 1M -> .csv --threads %s: %6.2f s wall %6.2f s CPU (load %s)\n" "$t" "$w" "$(echo "$u + $s" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
  cmp -s "$tmp/t1.csv" "$tmp/t2.csv" && cmp -s "$tmp/t1.csv" "$tmp/n.csv" && echo "  same bytes with 1 and 2 threads" || echo "  OUTPUTS DIFFER"
else
  echo "map: skipped (real data not found at $real)"
fi

pts=$dir/points_1000000.gpkg
[ -s "$pts" ] && [ -s "$dir/points_1000000.csv" ] || /usr/bin/python3 bench/make_points.py 1000000 "$pts" "$dir/points_1000000.csv"
compare "kde 1M points from .gpkg" "$tmp/b.tif" "$tmp/n.tif" -- BIN kde "$pts" --bandwidth 200 --cell 10 --output-value raw --no-style -o OUT -q
[ "$(gdalinfo -checksum "$tmp/b.tif" | grep Checksum)" = "$(gdalinfo -checksum "$tmp/n.tif" | grep Checksum)" ] \
  && echo "  same raster checksum" || echo "  OUTPUTS DIFFER"
# The new build's GeoPackage readers (SQLite against GDAL's Arrow stream), alternating with QGIS.
bench/bench_gpkg_reader.sh "$new" "$runs"

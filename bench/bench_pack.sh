#!/usr/bin/env bash
# Benchmark: the real NW BCU pack (docs/packs/nwbcu.toml: 5 themes x kde, kde a year before,
# repeats, Gi*, change, and the board of 3 of them) against the same 28 analyses run as separate commands, one after another (each
# reads its input files again). Whole-process wall time, best of 3 for the pack; the commands
# once each, summed. Needs ../shared/data/real.
# Usage: bench/bench_pack.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/hotspots
real=../shared/data/real
[ -d "$real" ] || { echo "skipped: $real is not there"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }

echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
best=""
for k in 1 2 3; do
  s=$(now)
  "$bin" pack docs/packs/nwbcu.toml -o "$out/pack" --replace -q > /dev/null 2>&1
  t=$(echo "$(now) - $s" | bc)
  echo "  pack run $k: $t s"
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done

burglary=$real/crime/burglary_2010-12_to_2025-02_nwbcu
allcrime=$real/crime/api_street_level_2016-01_to_2018-06_nwbcu
mask=$real/boroughs/nwbcu_union_bng_EPSG27700.geojson
areas=(--areas "$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward"
       --areas "$real/boroughs/nwbcu_boroughs_bng_EPSG27700.geojson,as=borough" -q)
total=0
run() {
  local s t
  s=$(now)
  "$bin" "$@" > /dev/null 2>&1
  t=$(echo "$(now) - $s" | bc)
  total=$(echo "$total + $t" | bc)
}
for theme in burglary:burglary robbery:robbery violence:violent-crime asb:anti-social-behaviour weapons:possession-of-weapons; do
  name=${theme%%:*} type=${theme#*:}
  input=$allcrime
  [ "$name" = burglary ] && input=$burglary
  run kde "$input" "${areas[@]}" --crime-type "$type" --period 2018-04-01..2018-06-30 --bandwidth 250 --cell 20 \
    --mask "$mask" -o "$out/$name-kde.tif" --hotspots "$out/$name-hotspots.gpkg"
  run kde "$input" "${areas[@]}" --crime-type "$type" --period 2017-04-01..2017-06-30 --bandwidth 250 --cell 20 \
    --mask "$mask" -o "$out/$name-kde-last-year.tif" --hotspots "$out/$name-hotspots-last-year.gpkg"
  run repeats "$input" "${areas[@]}" --crime-type "$type" --period 2017-07-01..2018-06-30 --by location \
    -o "$out/$name-repeats.gpkg"
  run gistar "$input" "${areas[@]}" --crime-type "$type" --period 2017-07-01..2018-06-30 --cell 200 --mask "$mask" \
    -o "$out/$name-gistar.gpkg" --hotspots "$out/$name-gistar-hot.gpkg"
  run change "$input" "${areas[@]}" --crime-type "$type" --per ward --before 2017-04-01..2017-06-30 \
    --after 2018-04-01..2018-06-30 -o "$out/$name-change.gpkg"
  case $name in burglary | robbery | violence)
    run dashboard "$input" "${areas[@]}" --crime-type "$type" --period 2016-07-01..2018-06-30 --per ward \
      --population "$real/population/gla_ward_population_density_2011-2050_nwbcu.csv" -o "$out/$name-board.csv" \
      --tidy "$out/$name-tidy.csv" --series "$out/$name-series.csv" ;;
  esac
done
echo "pack (28 steps, 5 themes): best $best s"
echo "the same 28 commands one by one: $total s"
echo "ratio: $(echo "scale=1; $total / $best" | bc)x"

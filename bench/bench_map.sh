#!/usr/bin/env bash
# Benchmark: load and map 1,000,000 incidents in the data.police.uk layout to the 63 NW BCU
# wards, as one file and as 12 monthly files. Prints wall time, rows/s, CPU time (user + sys:
# steadier than the wall on a shared machine) and peak memory.
# Uses ../shared/data/real (rows replicated from the real burglary files); skips without it.
# Usage: bench/bench_map.sh [build/hotspots] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/hotspots}
rows=${2:-1000000}
real=../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=("$real"/crime/burglary_2010-12_to_2025-02_nwbcu/*.csv)
header=$(head -1 "${src[0]}")
{ echo "$header"; while tail -q -n +2 "${src[@]}"; do :; done; } 2>/dev/null | head -n $((rows + 1)) > "$tmp/one.csv" || true
mkdir "$tmp/monthly"
tail -n +2 "$tmp/one.csv" > "$tmp/body"
split -n l/12 -d --additional-suffix=.csv "$tmp/body" "$tmp/monthly/part"
rm "$tmp/body"
for f in "$tmp"/monthly/part*.csv; do { echo "$header"; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"; done
wards="$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward"

run() {  # label, then the command
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$@" > /dev/null 2>&1
  read -r wall kb user sys < "$tmp/time"
  awk -v l="$label" -v w="$wall" -v kb="$kb" -v n="$rows" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-44s %7.2f s  %10.0f rows/s  CPU %6.2f s  peak %6.0f MB\n", l, w, n / w, u + s, kb / 1024 }'
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
echo "rows: $rows (data.police.uk layout, $(du -m "$tmp/one.csv" | cut -f1) MB)"
run "info (read + map), one file" "$bin" info "$tmp/one.csv" --areas "$wards" -q
run "info (read + map), 12 files" "$bin" info "$tmp/monthly" --areas "$wards" -q
run "map -o .csv, 12 files" "$bin" map "$tmp/monthly" --areas "$wards" -o "$tmp/out.csv" -q
run "map -o .gpkg, 12 files" "$bin" map "$tmp/monthly" --areas "$wards" -o "$tmp/out.gpkg" -q
"$bin" info "$tmp/one.csv" --areas "$wards" -q -v 2>&1 | grep -E '\[' | sed 's/^/  stage: /'

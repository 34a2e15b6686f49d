#!/usr/bin/env bash
# Plain CSV read without GDAL (docs/input-formats.md) on real data.police.uk rows: map's CSV
# is the same bytes with 1 and 2 threads (2: the file, over 32 MB, is read in two parts) and
# the same as GDAL's reading of the same rows (a byte-order mark sends a file to GDAL; GDAL
# drops the mark). Skipped without ../shared/data/real.
source "$(dirname "$0")/lib.sh"
real="$src/../shared/data/real"
crime="$real/crime/burglary_2010-12_to_2025-02_nwbcu"
wards="$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward"
if [ ! -d "$crime" ]; then
  echo "SKIP: real data not found at $real (see docs/development.md)"
  exit 77
fi
files=("$crime"/*.csv)
mkdir "$tmp/plain" "$tmp/gdal"
# About 180,000 rows (40 MB): over the 32 MB above which a file is read in parts.
# (The NW BCU's files hold about 110,000 rows: they are repeated, as bench_speed_gaps.sh does.)
{ head -1 "${files[0]}"; while tail -q -n +2 "${files[@]}"; do :; done; } 2>/dev/null | head -n 180001 > "$tmp/plain/burglary.csv"
[ "$(stat -c %s "$tmp/plain/burglary.csv")" -gt $((32 << 20)) ] || fail "the cut is not over 32 MB"
grep -q '"' "$tmp/plain/burglary.csv" && fail "the cut holds quotes: it would not be read as plain CSV"
{ printf '\xEF\xBB\xBF'; cat "$tmp/plain/burglary.csv"; } > "$tmp/gdal/burglary.csv"
"$bin" map "$tmp/plain" --areas "$wards" -o "$tmp/p1.csv" --threads 1 -q || fail "map, 1 thread"
"$bin" map "$tmp/plain" --areas "$wards" -o "$tmp/p2.csv" --threads 2 -q || fail "map, 2 threads"
"$bin" map "$tmp/gdal" --areas "$wards" -o "$tmp/g2.csv" --threads 2 -q || fail "map through GDAL"
[ "$(wc -l < "$tmp/p1.csv")" -gt 170000 ] || fail "expected most of the 180,000 rows mapped, got $(wc -l < "$tmp/p1.csv") lines"
cmp -s "$tmp/p1.csv" "$tmp/p2.csv" || fail "plain CSV: 1 and 2 threads differ"
cmp -s "$tmp/p1.csv" "$tmp/g2.csv" || fail "plain CSV and GDAL's reading differ: $(diff "$tmp/p1.csv" "$tmp/g2.csv" | head -4)"
echo "ok: 180,000 real rows, the same bytes with 1 and 2 threads and through GDAL"

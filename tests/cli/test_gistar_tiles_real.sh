#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real): 2010-2025 NW BCU burglary at 50 m
# with a 250 m band (5 cells), Gi* in tiles of 2 km equals the untiled run's cells byte for byte.
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
args=("$real/crime/burglary_2010-12_to_2025-02_nwbcu" --cell 50 --neighbours band:250 -q)
"$bin" gistar "${args[@]}" -o "$tmp/whole.csv" > /dev/null 2> "$tmp/err" || fail "untiled: $(cat "$tmp/err")"
"$bin" gistar "${args[@]}" --tile-size 2km -o "$tmp/tiled.csv" > /dev/null 2> "$tmp/err" || fail "tiled: $(cat "$tmp/err")"
cmp -s "$tmp/tiled.csv" "$tmp/whole.csv" || fail "the cells differ"
echo "2010-2025 burglary, 50 m cells, band 250 m, tiles of 2 km: $(($(wc -l < "$tmp/whole.csv") - 1)) cells equal"

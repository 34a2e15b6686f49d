#!/usr/bin/env bash
# Issue 26 item 10: --where 'street~(a+)+$' ran without end on a 31-character value
# (catastrophic backtracking in std::regex). RE2 matches in time linear in the value.
source "$(dirname "$0")/lib.sh"
{
  echo "easting,northing,date,street"
  for i in $(seq 1 200); do echo "44$((1000 + i)),30$((1000 + i)),2024-01-0$((i % 9 + 1)),$(printf 'a%.0s' $(seq 1 31))b"; done
  echo "442000,302000,2024-02-01,aaaa"
} > "$tmp/in.csv"
timeout 20 "$bin" map "$tmp/in.csv" --crs EPSG:27700 --areas "$src/sample_data/areas/bcu.geojson" --where 'street~(a+)+$' \
  -o "$tmp/out.csv" -q 2> "$tmp/err"
rc=$?
[ $rc -ne 124 ] || fail "--where 'street~(a+)+\$' ran for 20 s on 201 rows"
[ $rc -eq 0 ] || fail "exit $rc: $(cat "$tmp/err")"
[ "$(($(wc -l < "$tmp/out.csv") - 1))" -eq 1 ] || fail "expected the one row of a's alone: $(cat "$tmp/out.csv")"
echo ok

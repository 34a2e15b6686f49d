#!/usr/bin/env bash
# Benchmark: hotspots evaluate on NW BCU burglary, every month from 2011-12 to 2025-02 (159
# test months), 16 configurations (kde 100/200/300/500 m, grid 50/250 m, repeats, prospective,
# each with 3- and 12-month training), 3 shares. Needs ../shared/data/real (skipped without).
# Whole-process wall time, best of 3, and the -v stages. Target (issue 14): under 10 s.
# Usage: bench/bench_evaluate.sh [build]
source "$(dirname "$0")/lib.sh" "${1:-build}"
real=../shared/data/real
if [ ! -d "$real/crime" ]; then
  echo "skipped: $real is not there"
  exit 0
fi
machine
x=(evaluate "$real/crime/burglary_2010-12_to_2025-02_nwbcu/" --mask "$real/boroughs/nwbcu_union_bng_EPSG27700.geojson"
   --methods "kde:h=100,200,300,500 grid:cell=50,250 repeats prospective:decay=14d,radius=200" --train 3m,12m
   --shares 1%,3%,5% -o "$out/backtest.csv")
best_of 3 "$bin" "${x[@]}" -v
printf '%-52s %7.3f s\n' "whole command (159 months x 16 x 3 shares)" "$best"
grep -E "\] (read|back-tested)" "$out/best_err" | sed 's/^/  /'
head -1 "$out/report"

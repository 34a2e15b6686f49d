#!/usr/bin/env bash
# Benchmark: hotspots site with 33,000 candidate sites (as many as Barnet's street lights) and
# 100,000 incidents (half in 200 Gaussian clusters, half spread) over 12 x 10 km, N = 20,
# radius 75 m: the greedy method and the exact one (GLPK, 60 s limit). Whole-process wall
# time, best of 3 (one run for the exact solver); prints the coverage each reaches and the
# exact solver's gap. Targets: greedy under 2 s, exact (or a reported gap) within 60 s.
# Usage: bench/bench_site.sh [build]
source "$(dirname "$0")/lib.sh" "${1:-build}"
/usr/bin/python3 - "$out" << 'P'
import random, sys
rng = random.Random(11)
d = sys.argv[1]
centres = [(rng.uniform(515000, 527000), rng.uniform(186000, 196000)) for _ in range(200)]
with open(f"{d}/incidents.csv", "w") as f:
    f.write("ref,easting,northing,date\n")
    for i in range(100_000):
        if i % 2:
            cx, cy = centres[rng.randrange(200)]
            x, y = rng.gauss(cx, 120), rng.gauss(cy, 120)
        else:
            x, y = rng.uniform(515000, 527000), rng.uniform(186000, 196000)
        f.write(f"I{i},{x:.1f},{y:.1f},2024-{1 + i % 12:02d}-15\n")
with open(f"{d}/lights.csv", "w") as f:
    f.write("light,easting,northing\n")
    for j in range(33_000):
        f.write(f"L{j},{rng.uniform(515000, 527000):.1f},{rng.uniform(186000, 196000):.1f}\n")
P
machine
x=("$out/incidents.csv" --crs EPSG:27700 --x easting --y northing --date date --candidates "$out/lights.csv" --count 20
   --radius 75 -o "$out/sites.geojson")
run() {  # run LABEL TIMES ARGS...
  local label=$1 times=$2 b="" t s
  shift 2
  for ((r = 0; r < times; ++r)); do
    s=$(now)
    "$bin" site "$@" > "$out/report" 2> "$out/err" || { cat "$out/err" >&2; exit 1; }
    t=$(echo "$(now) - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  printf '%-40s %7.3f s   %s\n' "$label" "$b" "$(grep 'sites cover' "$out/report" | cut -c1-150)"
}
run "greedy (33,000 x 100,000, N = 20)" 3 "${x[@]}" --solver greedy
run "exact (GLPK, 60 s limit)" 1 "${x[@]}" --solver exact

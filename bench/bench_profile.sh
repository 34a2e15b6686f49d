#!/usr/bin/env bash
# Benchmark: hotspots profile on 1,000,000 incidents, 60% of them with a from/to range of up to
# 3 days (police-export style), against `hotspots info` on the same file (the reading alone);
# then kde with --time-rule aoristic against kde by start.
# Whole-process wall time, best of 3. Target: the profile (aoristic shares of every incident
# over the 168 hours of the week, and the seasonal index) under 1 s beyond the reading.
# Usage: bench/bench_profile.sh [build]
source "$(dirname "$0")/lib.sh" "${1:-build}"
/usr/bin/python3 - "$out/incidents.csv" << 'P'
import random, sys
from datetime import datetime, timedelta
rng = random.Random(7)
start = datetime(2019, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("crime_ref,offence,committed_from,committed_to,easting,northing\n")
    for i in range(1_000_000):
        a = start + timedelta(minutes=rng.randrange(6 * 365 * 24 * 60))
        b = (a + timedelta(minutes=rng.randrange(3 * 24 * 60))).strftime("%Y-%m-%dT%H:%M") if rng.random() < 0.6 else ""
        f.write(f"B{i:07d},Burglary,{a:%Y-%m-%dT%H:%M},{b},{rng.uniform(510600, 529580):.1f},{rng.uniform(182450, 198360):.1f}\n")
P
machine
x=("$out/incidents.csv" --crs EPSG:27700 --date committed_from --date-to committed_to --type offence)
best() {  # best LABEL ARGS...
  local label=$1 b="" t s
  shift
  for k in 1 2 3; do
    s=$(now)
    "$bin" "$@" -q > /dev/null 2> "$out/err" || { cat "$out/err" >&2; exit 1; }
    t=$(echo "$(now) - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  printf '%-60s %6.3f s\n' "$label" "$b"
}
best "info (reading 1,000,000 rows)" info "${x[@]}"
best "profile -o week.csv --seasonal (reading, aoristic, seasonal)" profile "${x[@]}" -o "$out/week.csv" --seasonal "$out/s.csv"
# The aoristic time rule: the share of every incident's range in 22:00-05:59, against the
# same coarse density map with incidents kept by their start.
kd=(kde "${x[@]}" --cell 200 --bandwidth 400 --hours 22-06 -o "$out/k.tif")
best "kde --hours 22-06 (by start; 200 m cells)" "${kd[@]}"
best "kde --hours 22-06 --time-rule aoristic (shares of 1,000,000)" "${kd[@]}" --time-rule aoristic

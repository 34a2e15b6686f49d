#!/usr/bin/env bash
# Benchmark: the dashboard of the London-wide MPS ward table (679 wards x 167 months,
# 2010-04 .. 2024-02, 21,118 rows) with 10 themes, whole-process wall time, best of 5, on 1
# and on every thread; and the same with the monthly series written (793,000 rows for 7
# themes). Target: under 1 s. Needs ../shared/data/real.
# Usage: bench/bench_dashboard.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/hotspots
table=../shared/data/real/crime/mps_recorded_crime_aggregates/mps_ward_recorded_crime_monthly_2010-04_to_2024-02_london_all.csv
[ -f "$table" ] || { echo "skipped: $table is not there"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
cat > "$out/themes.toml" << 'T'
[[theme]]
name = "Residential burglary"
minor = ["RES BURGLARY OF A HOME", "RES BURGLARY OF UNCONNECTED BUILDING", "DOMESTIC BURGLARY", "BURGLARY - RESIDENTIAL"]
[[theme]]
name = "Commercial burglary"
minor = ["BURGLARY BUSINESS AND COMMUNITY"]
[[theme]]
name = "Personal robbery"
minor = ["ROBBERY OF PERSONAL PROPERTY"]
[[theme]]
name = "Violence with injury"
minor = ["VIOLENCE WITH INJURY"]
[[theme]]
name = "Violence without injury"
minor = ["VIOLENCE WITHOUT INJURY"]
[[theme]]
name = "Possession of weapons"
major = ["POSSESSION OF WEAPONS"]
[[theme]]
name = "Theft from the person"
minor = ["THEFT FROM THE PERSON"]
[[theme]]
name = "Vehicle offences"
major = ["VEHICLE OFFENCES"]
[[theme]]
name = "Criminal damage"
major = ["ARSON AND CRIMINAL DAMAGE"]
[[theme]]
name = "Drugs"
major = ["DRUG OFFENCES"]
T
echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
run() {  # run LABEL ARGS...: best of 5
  local label=$1 best="" t s
  shift
  for k in 1 2 3 4 5; do
    s=$(now)
    "$bin" dashboard "$table" --themes "$out/themes.toml" --month 2021-11 -q "$@" > /dev/null 2>&1
    t=$(echo "$(now) - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%-44s %6.3f s\n' "$label" "$best"
}
run "board CSV, 1 thread" -o "$out/b1.csv" --threads 1
run "board CSV, $(nproc) threads" -o "$out/b.csv"
run "board CSV and the monthly series, $(nproc) threads" -o "$out/b.csv" --series "$out/s.csv"
cmp -s "$out/b1.csv" "$out/b.csv" && echo "the same board on 1 and $(nproc) threads" || echo "BOARDS DIFFER"

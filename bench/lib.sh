# Shared start of the benchmark scripts: sourced from bench/NAME.sh with the build folder as
# $1 (default build). Moves to the source folder; gives $bin, a temporary folder $out (removed
# on exit), now() (seconds, for timing), machine() (the line each script prints first) and
# best_of (below).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
bin=$build/hotspots
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
machine() {
  echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
}
# best_of N CMD...: runs CMD N times (stdout to $out/report, stderr to $out/err), keeps the
# fastest run's stderr in $out/best_err and its wall time, in seconds, in $best.
best_of() {
  local times=$1 s t r
  shift
  best=""
  for ((r = 0; r < times; ++r)); do
    s=$(now)
    "$@" > "$out/report" 2> "$out/err" || { cat "$out/err" >&2; exit 1; }
    t=$(echo "$(now) - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; cp "$out/err" "$out/best_err"; fi
  done
}

# Shared start of the benchmark scripts: sourced from bench/NAME.sh with the build folder as
# $1 (default build). Moves to the source folder; gives $bin, a temporary folder $out (removed
# on exit), now() (seconds, for timing) and machine() (the line each script prints first).
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

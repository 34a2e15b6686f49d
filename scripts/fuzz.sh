#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, with ASan and UBSan) in build-fuzz and runs each for
# SECONDS (default 600) from its seed corpus in fuzz/corpus/NAME. New inputs go to
# build-fuzz/corpus/NAME (the seeds are never changed); a crash is saved as
# build-fuzz/crash-NAME-* and stops the run with exit 1. Usage: scripts/fuzz.sh [SECONDS] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_csv fuzz_dates fuzz_areas fuzz_pack)

EXTRA_PACKAGES="clang libclang-rt-14-dev" scripts/setup.sh --packages-only
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOTSPOTS_FUZZ=ON \
  -DHOTSPOTS_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

# GDAL, GEOS and PROJ keep caches for the life of the process: not leaks of ours.
export ASAN_OPTIONS=detect_leaks=0
export UBSAN_OPTIONS=print_stacktrace=1
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== $t for $seconds s" >&2
  ( cd build-fuzz && "fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 -timeout=20 \
      -print_final_stats=1 -artifact_prefix="crash-$t-" "corpus/$t" "../fuzz/corpus/$t" ) 2>&1 |
    tee "build-fuzz/$t.log" | grep -E "^#[0-9]+ +DONE|^stat::|ERROR|invariant|Test unit written" >&2 || true
  # libFuzzer exits non-zero on a crash, an invariant broken or a timeout.
  if grep -qE "^==[0-9]+==ERROR|invariant|Test unit written|No such file" "build-fuzz/$t.log"; then
    echo "fuzz.sh: $t failed; see build-fuzz/$t.log" >&2
    exit 1
  fi
done

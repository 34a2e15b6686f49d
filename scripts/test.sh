#!/usr/bin/env bash
# The README's second command: set up, build, and run the whole test suite.
# --sanitize: the same suite on a build with AddressSanitizer and UBSan, in build-sanitize
# (any memory error or undefined behaviour fails its test).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --sanitize ]]; then scripts/setup.sh --tests --packages-only; else scripts/setup.sh --tests; fi
if [[ ${1:-} == --sanitize ]]; then
  # No benchmarks: no test runs them. The fuzz targets are built against a replay main instead
  # (HOTSPOTS_FUZZ_SEEDS, on with the sanitizers): their seed corpora run once as tests.
  # -g1: line tables only, all a sanitizer's stack trace needs (file and line); full -g made
  # each source a third dearer to compile (docs/development.md, "Where CI's time goes").
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
    -DHOTSPOTS_SANITIZE=ON -DHOTSPOTS_BENCH=OFF -DHOTSPOTS_UNITY=ON >/dev/null
  cmake --build build-sanitize -j"$(nproc)"
  cd build-sanitize
  # GDAL, GEOS and PROJ keep caches for the life of the process: not leaks of ours.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # bad_input_long_field is left out: GDAL grows its line buffer a little at a time, and
  # ASan's realloc copies the whole buffer each time (glibc's remaps it), so a 10 MB line
  # takes 8 minutes here against a second in the normal suite. Nothing of ours runs on it
  # that the other cases do not run.
  # clang_syntax is left out too: it compiles with clang, not the sanitizers; the normal suite ran it.
  # So are the tests on the real data (*_real): the same code as the sample's tests, on inputs
  # ten to a hundred times larger, which take a quarter of the sanitized suite's time; the
  # normal suite runs them (docs/reliability.md).
  # The comparisons with R (*_spdep, risk_r) stay: they are the only tests of some options
  # (lisa --smooth eb-local, --variance total), so the only sanitized runs of that code.
  # So are the tests labelled external (tests/CMakeLists.txt): their time goes to Chromium,
  # Slurm, kubectl or the attacker's solvers, not to our code.
  ctest --output-on-failure -j"$(nproc)" --timeout 1800 -LE external -E '^(bad_input_long_field|clang_syntax|.*_real)$'
  exit
fi
cd build
ctest --output-on-failure -j"$(nproc)"

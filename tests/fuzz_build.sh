#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) as scripts/fuzz.sh does, with clang, ASan and UBSan, in
# BUILD (build-fuzz beside the sources, which fuzz.sh shares), and runs each once over its seed
# corpus: so a change that breaks the fuzz build (clang 14 refused steps/evaluate.cpp's capture
# of a structured binding, issue 26 #12) fails the suite. Skipped (77) without clang or its
# libFuzzer runtime (scripts/setup.sh --tests installs them). Usage: fuzz_build.sh BUILD SRC
set -uo pipefail
build=$1
src=$2
command -v clang++ > /dev/null || { echo "skipped: clang++ is not installed (apt-get install clang libclang-rt-14-dev)"; exit 77; }
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' > "$probe/p.cpp"
if ! clang++ -fsanitize=fuzzer "$probe/p.cpp" -o "$probe/p" 2> "$probe/err"; then
  echo "skipped: clang cannot link libFuzzer (apt-get install libclang-rt-14-dev): $(head -c 300 "$probe/err")"; exit 77
fi
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
targets=(fuzz_csv fuzz_dates fuzz_areas fuzz_pack)
CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOTSPOTS_FUZZ=ON \
  -DHOTSPOTS_TESTS=OFF "${launcher[@]}" > "$probe/configure" 2>&1 || { cat "$probe/configure"; echo "FAIL: configure"; exit 1; }
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" > "$probe/build" 2>&1 ||
  { grep -E "error|Error" -A3 "$probe/build" | head -60; echo "FAIL: the fuzz targets do not build with clang"; exit 1; }
export ASAN_OPTIONS=detect_leaks=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  # -runs=0: every seed once, nothing generated.
  if ! "$build/fuzz/$t" -runs=0 "$src/fuzz/corpus/$t" > "$probe/$t.log" 2>&1; then
    tail -30 "$probe/$t.log"
    echo "FAIL: $t on its seeds"
    exit 1
  fi
  echo "$t: $(grep -c . < <(ls "$src/fuzz/corpus/$t")) seeds run"
done
echo ok

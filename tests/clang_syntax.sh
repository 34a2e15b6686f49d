#!/usr/bin/env bash
# Every source of the project, the fuzz targets' too, compiled by clang with the build's own
# flags (syntax and semantics, no code): so a change that clang refuses (clang 14 refused
# steps/evaluate.cpp's capture of a structured binding, issue 26 #12, and with it the fuzz
# build) fails the suite, in a few minutes rather than the half hour of an instrumented build.
# In a unity build (HOTSPOTS_UNITY, as CI builds) each batch is checked whole, as GCC compiles
# it: the headers are parsed once a batch, not once a source (a fifth of the time). A source
# that leans on an include of an earlier one in its batch is not caught here; the default
# build (one source a file, what developers edit with) catches it, and CLANG_SYNTAX_EACH=1
# checks every source alone as well.
# scripts/fuzz.sh still builds and runs the fuzzers. Skipped (77) without clang++.
# Usage: [CLANG_SYNTAX_EACH=1] clang_syntax.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1
src=$2
command -v clang++ > /dev/null || { echo "skipped: clang++ is not installed (apt-get install clang)"; exit 77; }
[ -f "$build/compile_commands.json" ] || { echo "FAIL: no $build/compile_commands.json"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One line a source: its directory and its command with clang++ and -fsyntax-only.
/usr/bin/python3 - "$build/compile_commands.json" "$src" "${CLANG_SYNTAX_EACH:-0}" > "$tmp/commands" << 'PY'
import json, re, shlex, sys
src = sys.argv[2]
each = sys.argv[3] == "1"
entries = []
for e in json.load(open(sys.argv[1])):
    if each and re.search(r"/Unity/unity_[^/]*\.cxx$", e["file"]):
        for inc in re.findall(r'^#include "([^"]+)"', open(e["file"]).read(), re.M):
            entries.append(dict(e, file=inc, command=e["command"].replace(e["file"], inc)))
    else:
        entries.append(e)
steps_flags = None
for e in entries:
    args = shlex.split(e["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        keep.append(a)
    if re.search(r"/steps/|hotspots_steps\.dir/", e["file"]) and steps_flags is None:
        steps_flags = [a for a in keep if a != e["file"]]
    print(e["directory"] + "\t" + " ".join(["clang++", "-fsyntax-only", "-Wno-unknown-warning-option"] + [shlex.quote(a) for a in keep]))
for t in ("fuzz_csv", "fuzz_dates", "fuzz_areas", "fuzz_pack"):
    print(src + "\t" + " ".join(["clang++", "-fsyntax-only"] + [shlex.quote(a) for a in steps_flags] + [f"{src}/fuzz/{t}.cpp"]))
PY
n=$(wc -l < "$tmp/commands")
# Two at a time; the first failure's messages are shown.
failed=0
while IFS=$'\t' read -r dir cmd; do
  printf '%s\t%s\n' "$dir" "$cmd"
done < "$tmp/commands" | xargs -P 2 -d '\n' -n 1 bash -c 'dir=${0%%	*}; cmd=${0#*	}; cd "$dir" && eval "$cmd" > /dev/null 2> >(grep -E "error" -A3 | head -20 >&2) || { echo "FAIL: $cmd" | cut -c1-300 >&2; exit 255; }' 2> "$tmp/errors" || failed=1
if [ $failed -ne 0 ] || grep -q "error" "$tmp/errors"; then
  head -60 "$tmp/errors"
  echo "FAIL: clang refuses part of the project (see above)"
  exit 1
fi
echo "ok: $n sources (or batches of sources) compile with clang"

#!/usr/bin/env bash
# pack --shard i/N and merge on the sample pack: the merged folder equals the unsharded pack
# (compare_packs.sh: files byte for byte, the GeoPackage too, the manifest with timings
# masked), in any order of the shards and for 2 to 4 shards; the report made from it is the same
# HTML; a shard run again is the same bytes; wrong shards are refused naming the folder.
source "$(dirname "$0")/lib.sh"
cd "$src"
pack=sample_data/packs/sample.toml
compare="bash $src/tests/cli/compare_packs.sh"

"$bin" pack "$pack" -o "$tmp/full" -q > /dev/null 2>&1 || fail "the unsharded pack failed"
for n in 2 4; do
  for ((i = n - 1; i >= 0; i--)); do
    "$bin" pack "$pack" --shard $i/$n -o "$tmp/s$n-$i" -q > /dev/null 2> "$tmp/err" || fail "shard $i/$n: $(cat "$tmp/err")"
  done
  # Each shard holds its themes only, round-robin in the file's order, and says so.
  /usr/bin/python3 - "$tmp" $n <<'PY' || fail "shard entries of $n shards"
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
themes = ["burglary", "robbery", "violence", "asb"]
for i in range(n):
    m = json.load(open(f"{tmp}/s{n}-{i}/manifest.json"))
    want = themes[i::n]
    assert m["shard"] == {"index": i, "count": n, "by": "theme", "themes": want}, m["shard"]
    assert sorted({s["theme"] for s in m["steps"]}) == sorted(want), m["steps"]
PY
  folders=()
  for ((i = n - 1; i >= 0; i--)); do folders+=("$tmp/s$n-$i"); done  # the order does not matter
  "$bin" merge "${folders[@]}" -o "$tmp/m$n" -q 2> "$tmp/err" || fail "merge of $n shards: $(cat "$tmp/err")"
  $compare "$tmp/full" "$tmp/m$n" || fail "merged $n shards differ from the unsharded pack"
done
[ -e "$tmp/m2/shard.json" ] && fail "the merged folder kept a shard's shard.json"
/usr/bin/python3 -c 'import json,sys; assert "shard" not in json.load(open(sys.argv[1]))' "$tmp/m2/manifest.json" \
  || fail "the merged manifest still says shard"

# The report is built once, from the merged folder, and equals the unsharded pack's.
"$bin" report "$tmp/full" -o "$tmp/full.html" -q > /dev/null 2>&1 || fail "report of the unsharded pack failed"
"$bin" report "$tmp/m4" -o "$tmp/m4.html" -q > /dev/null 2>&1 || fail "report of the merged pack failed"
cmp -s "$tmp/full.html" "$tmp/m4.html" || fail "the merged pack's report differs"

# A shard run again alone gives the same bytes.
"$bin" pack "$pack" --shard 1/4 -o "$tmp/again" -q > /dev/null 2>&1 || fail "rerunning shard 1/4 failed"
for f in $(cd "$tmp/s4-1" && find . -type f ! -name manifest.json | sort); do
  cmp -s "$tmp/s4-1/$f" "$tmp/again/$f" || fail "$f differs when shard 1/4 is run again"
done

# Wrong shards are refused, naming the folder, and leave no output.
refused() {  # refused PATTERN MERGE_ARGS...
  local pattern=$1
  shift
  "$bin" merge "$@" -o "$tmp/bad" -q > /dev/null 2> "$tmp/err" && fail "merge $* was not refused"
  grep -q -- "$pattern" "$tmp/err" || fail "merge $*: no '$pattern' in: $(cat "$tmp/err")"
  [ -e "$tmp/bad" ] && fail "a refused merge left its folder"
  ls -a "$tmp" | grep -q 'tmp-' && fail "a refused merge left a temporary folder"
  return 0
}
refused "shard 3/4 is missing" "$tmp/s4-0" "$tmp/s4-1" "$tmp/s4-2"
refused "s4-1 .*both shard 1/4" "$tmp/s4-0" "$tmp/s4-1" "$tmp/again" "$tmp/s4-2" "$tmp/s4-3"
refused "s2-1: a shard of a different number of shards" "$tmp/s4-0" "$tmp/s2-1"
refused "full: not a shard" "$tmp/full" "$tmp/s2-1"
refused "nowhere: not a pack folder" "$tmp/nowhere"
"$bin" pack "$pack" --shard 1/2 --month 2024-11 -o "$tmp/nov" -q > /dev/null 2>&1 || fail "shard of November failed"
refused "nov: a shard of a different pack" "$tmp/s2-0" "$tmp/nov"
/usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1])); m["generator"] = "hotspots 0.0.1"
json.dump(m, open(sys.argv[1], "w"))' "$tmp/again/manifest.json"
refused "again: a shard of a different hotspots version" "$tmp/s4-0" "$tmp/again" "$tmp/s4-2" "$tmp/s4-3"

# --shard itself is checked before anything is read.
for bad in 4/4 -1/2 1/0 a/2 1 0/5; do
  "$bin" pack "$pack" --shard "$bad" -o "$tmp/x" -q > /dev/null 2> "$tmp/err"
  [ $? -eq 2 ] && grep -q -- "--shard $bad: " "$tmp/err" || fail "--shard $bad was not refused: $(cat "$tmp/err")"
  [ -e "$tmp/x" ] && fail "--shard $bad left a folder"
done
"$bin" pack "$pack" --shard 0/2 --publish -o "$tmp/x" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'published pack is protected as a whole' "$tmp/err" || fail "a published shard was not refused: $(cat "$tmp/err")"
echo "ok"

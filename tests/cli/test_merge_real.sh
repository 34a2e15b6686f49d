#!/usr/bin/env bash
# The real NW BCU pack (docs/packs/nwbcu.toml) in 3 shards, merged: equal to the unsharded pack
# (compare_packs.sh), and the report made from it the same HTML. Skipped (77) without
# ../shared/data/real beside the project (Open Government Licence data, never copied into it).
source "$(dirname "$0")/lib.sh"
cd "$src"
[ -d ../shared/data/real/crime ] || { echo "skipped: no ../shared/data/real (the real public data; see docs/pack.md)"; exit 77; }
pack=docs/packs/nwbcu.toml
"$bin" pack "$pack" -o "$tmp/full" -q > /dev/null 2>&1 || fail "the unsharded NW BCU pack failed"
for i in 0 1 2; do
  "$bin" pack "$pack" --shard $i/3 -o "$tmp/s$i" -q > /dev/null 2> "$tmp/err" || fail "shard $i/3: $(cat "$tmp/err")"
done
"$bin" merge "$tmp/s1" "$tmp/s2" "$tmp/s0" -o "$tmp/m" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
bash "$src/tests/cli/compare_packs.sh" "$tmp/full" "$tmp/m" || fail "the merged NW BCU pack differs from the unsharded one"
"$bin" report "$tmp/full" -o "$tmp/full.html" -q > /dev/null 2>&1 || fail "report of the unsharded pack failed"
"$bin" report "$tmp/m" -o "$tmp/m.html" -q > /dev/null 2>&1 || fail "report of the merged pack failed"
cmp -s "$tmp/full.html" "$tmp/m.html" || fail "the merged pack's report differs"
echo "ok"

#!/usr/bin/env bash
# Issue 26 item 15: the README's first commands ran a monthly.toml that does not exist and said
# the pack writes "a report" (it writes report.txt; the HTML report is `hotspots report`'s).
# Every pack file a README command names exists, and what it says the pack writes is there.
source "$(dirname "$0")/lib.sh"
cd "$src"
grep -o 'build/hotspots pack [^ ]*\.toml' README.md | awk '{print $3}' | sort -u > "$tmp/packs"
[ -s "$tmp/packs" ] || fail "no pack command in the README"
while read -r p; do [ -f "$p" ] || fail "README runs $p, which does not exist"; done < "$tmp/packs"
grep -q 'report.txt' README.md || fail "the README does not say the pack writes report.txt"
grep -q 'hotspots report' README.md || fail "the README does not say how to make the HTML report"
# What the README's pack command writes, and the report made from it.
"$bin" pack sample_data/packs/sample.toml --month 2024-11 -o "$tmp/out" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
for f in pack.gpkg pack.qgz report.txt manifest.json; do [ -s "$tmp/out/$f" ] || fail "the pack wrote no $f"; done
[ -e "$tmp/out/report.html" ] && fail "the pack wrote report.html itself: the README's report step is then wrong"
"$bin" report "$tmp/out" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
[ -s "$tmp/out/report.html" ] || fail "hotspots report wrote no report.html in the folder"
echo ok

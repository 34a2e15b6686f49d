#!/usr/bin/env bash
# -q/--quiet (issue 37 #4), by the rule of docs/commands.md: it turns progress and notes off on
# stderr; warnings and errors still show; data and summaries stay on stdout. Checked on two
# commands and a pack, each run also without -q so that the check has notes to miss.
source "$(dirname "$0")/lib.sh"
cd "$src"
S=sample_data
# stderr lines that are neither a warning nor an error of the named command
notes() { grep -v "^$1: warning: \|^$1: error" "$2" | grep -c . ; }
check() {  # check NAME ARGS...: the command with and without -q
  local name=$1; shift
  "$bin" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || fail "$name: $(cat "$tmp/$name.err")"
  "$bin" "$@" -q > "$tmp/$name.qout" 2> "$tmp/$name.qerr" || fail "$name -q: $(cat "$tmp/$name.qerr")"
  [ "$(notes "$1" "$tmp/$name.err")" -gt 0 ] || fail "$name: no notes without -q, so nothing to check: $(cat "$tmp/$name.err")"
  [ "$(notes "$1" "$tmp/$name.qerr")" -eq 0 ] || fail "$name -q: notes on stderr: $(cat "$tmp/$name.qerr")"
  cmp -s "$tmp/$name.out" "$tmp/$name.qout" || fail "$name: -q changed stdout (summaries and data stay)"
  grep -c "warning:" "$tmp/$name.err" > "$tmp/w1"; grep -c "warning:" "$tmp/$name.qerr" > "$tmp/w2"
  cmp -s "$tmp/w1" "$tmp/w2" || fail "$name -q: the warnings are not the same as without it"
}
in=("$S/police_export.csv" --crs EPSG:27700)
check kde kde "${in[@]}" --crime-type burglary -o "$tmp/d.tif" --hotspots "$tmp/h.geojson"
check gistar gistar "${in[@]}" --cell 200 --permutations 99 -o "$tmp/g.csv"
sed "s|\"\.\./|\"$src/$S/|g" $S/packs/sample.toml > "$tmp/pack.toml"
check pack pack "$tmp/pack.toml" -o "$tmp/p" --replace
grep -q "warning:" "$tmp/pack.qerr" || fail "pack -q: the sample pack's warnings are gone"
# What stdout holds, with -q as without (issue 30 #2): the pack's summary tables, the text of its
# report.txt, no message. (A batch job sends it to /dev/null: deploy/slurm/.)
grep -q '^== ' "$tmp/pack.qout" || fail "pack -q: no summary table on stdout: $(head -3 "$tmp/pack.qout")"
cmp -s "$tmp/pack.qout" "$tmp/p/report.txt" || fail "pack -q: stdout is not the folder's report.txt"
grep -q '^pack: ' "$tmp/pack.qout" "$tmp/pack.out" && fail "pack: a message on stdout"
echo ok

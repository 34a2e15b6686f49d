#!/usr/bin/env bash
# The attacker's tests of --publish (issue 25) on the real NW BCU pack (docs/packs/nwbcu.toml on
# ../shared/data/real), published and not: no count 1..4 anywhere (route 2), no z-score system
# (3), no p-value inversion (5), the board, tidy table, series and change tables by LP and MILP
# (6), nothing placed or dated in hidden rows (8), metadata (9); the report's JSON is scanned too. Skipped (77) without the data.
source "$(dirname "$0")/lib.sh"
cd "$src"
real=../shared/data/real
[ -d "$real/crime" ] || { echo "skipped: $real is not there (real NW BCU data)"; exit 77; }
py=/usr/bin/python3
atk="$py $src/tests/cli/publish_attack.py"
failed=()
attack() {
  local name=$1; shift
  local t0=$SECONDS
  if "$@" > "$tmp/atk.out" 2>&1; then sed "s/^/  /" "$tmp/atk.out"; else
    echo "ATTACK $name recovered hidden figures:"; sed "s/^/  /" "$tmp/atk.out"; failed+=("$name"); fi
  echo "  ($name: $((SECONDS - t0)) s)"
}
"$bin" pack docs/packs/nwbcu.toml --publish -o "$tmp/pub" -q > /dev/null 2> "$tmp/err" || fail "published pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pub" -o "$tmp/pub/report.html" --marking OFFICIAL -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
"$bin" pack docs/packs/nwbcu.toml -o "$tmp/open" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
$py - "$tmp" << 'PY'
import json, sys
t = sys.argv[1]
tables = []
for th in ("burglary", "robbery", "violence"):
    for kind, f in (("series", "dashboard-series"), ("tidy", "dashboard-tidy"), ("board", "dashboard-board"), ("change", "change-units")):
        tables.append({"kind": kind, "pub": f"{t}/pub/{th}/{f}.csv", "open": f"{t}/open/{th}/{f}.csv", "theme": th, "month": "2018-06"})
json.dump({"name": "nwbcu pack", "n": 5, "protection": 3, "releases": [{"name": "nwbcu", "tables": tables}]}, open(f"{t}/pack.json", "w"))
PY
attack scan $atk scan "$tmp/pub" "$tmp/open" 5
attack zscores $atk zscores "$tmp/pub/pack.gpkg" "$tmp/open/pack.gpkg" 5
attack pvalues $atk pvalues "$tmp/pub" "$tmp/open" 5
attack intervals $atk intervals "$tmp/pack.json"
attack rows $atk rows "$tmp/pub" "$tmp/open" 5 /dev/null
attack metadata $atk metadata "$tmp/pub" "$tmp/open" 5
((${#failed[@]} == 0)) || fail "attacks that recovered hidden figures: ${failed[*]}"
echo "publish attack (real NW BCU): nothing recovered by any route"

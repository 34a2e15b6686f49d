#!/usr/bin/env bash
# Issue 26 item 5: the real pack failed for any recent month ("step kde on theme robbery: no
# incidents left after filtering", exit 1) because one input ends years before the other. A
# step of a theme with no incidents in its period is now skipped with a warning, in the
# manifest (its `skipped` reason) and in the report, and the rest of the pack is made; a pack
# where every step is skipped is an error. [[areas]] from/to are checked against every
# step's period: wholly outside is refused (exit 2), partly outside warned; a pack whose areas
# give no dates gets one warning. On the sample: a second input holding only the first year.
source "$(dirname "$0")/lib.sh"
data=$(cd "$src" && pwd)/sample_data
month=$(sed -n 's/^month = "\([0-9-]*\)".*/\1/p' "$data/packs/sample.toml")
[ -n "$month" ] || fail "no month in sample.toml"
first=$(cut -d, -f3 "$data/police_export.csv" | sed -n '2,$p' | cut -c1-4 | sort | head -1)
# The old input: the sample's rows of its first year only, so it has nothing in the pack month.
awk -F, -v y="$first" 'NR == 1 || substr($3, 1, 4) == y' "$data/police_export.csv" > "$tmp/old.csv"
[ "$(wc -l < "$tmp/old.csv")" -gt 100 ] || fail "the old input is empty"
old_last=$(cut -d, -f3 "$tmp/old.csv" | sed -n '2,$p' | cut -c1-7 | sort | tail -1)
[ "$old_last" \< "$month" ] || fail "the old input reaches the pack month"
period_from=$(date -d "$month-01 -2 months" +%Y-%m-%d)
period_to=$(date -d "$month-01 +1 month -1 day" +%Y-%m-%d)

# pack FILE AREAS-KEYS: a pack of two themes on two inputs (burglary on the whole sample,
# robbery on the old input), kde and change per ward, the wards with AREAS-KEYS.
pack() {
  local layout='crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
id = "crime_ref"'
  cat > "$1" <<EOF
title = "Periods"
month = "$month"
period = "last 3 months"

[inputs.all]
files = ["$data/police_export.csv"]
$layout

[inputs.old]
files = ["$tmp/old.csv"]
$layout

[[areas]]
path = "$data/areas/wards.geojson"
as = "ward"
$2

[[theme]]
name = "burglary"
input = "all"
crime-type = ["burglary"]

[[theme]]
name = "robbery"
input = "old"
crime-type = ["robbery"]

[[step]]
run = "kde"
bandwidth = 300
cell = 50

[[step]]
run = "change"
per = "ward"
EOF
}
undated="no \[\[areas\]\] says when its boundaries were in force"

# 1. The old input's theme is skipped, the rest made: exit 0.
pack "$tmp/p.toml" ""
areas_line=$(grep -n '^\[\[areas\]\]' "$tmp/p.toml" | cut -d: -f1)
"$bin" pack "$tmp/p.toml" -o "$tmp/out" -q > "$tmp/stdout" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "a pack with one theme out of its period: exit $rc: $(cat "$tmp/err")"
grep -q "warning: robbery/kde: skipped: no incidents in $period_from..$period_to: input old holds incidents from .* to $old_last" "$tmp/err" \
  || fail "no warning that robbery/kde was skipped: $(cat "$tmp/err")"
grep -q "warning: robbery/change: skipped: no incidents in its after period $period_from..$period_to" "$tmp/err" \
  || fail "no warning that robbery/change was skipped: $(cat "$tmp/err")"
grep -q "skipped: no incidents" "$tmp/stdout" || fail "report.txt does not say what was skipped"
# No dates on any [[areas]]: one warning for the file, not one per step.
[ "$(grep -c "$undated" "$tmp/err")" -eq 1 ] || fail "expected one warning about undated areas: $(cat "$tmp/err")"
grep -q "p.toml line $areas_line: $undated" "$tmp/err" || fail "the undated-areas warning names no line"
/usr/bin/python3 - "$tmp/out/manifest.json" "$period_from..$period_to" <<'PY' || fail "manifest check failed"
import json, sys
m = json.load(open(sys.argv[1]))
steps = {(s["theme"], s["name"]): s for s in m["steps"]}
assert set(steps) == {(t, n) for t in ("burglary", "robbery") for n in ("kde", "change")}, steps.keys()
for n in ("kde", "change"):
    s = steps[("robbery", n)]
    assert "no incidents" in s.get("skipped", ""), s
    assert sys.argv[2] in s["skipped"], s["skipped"]
    assert s["incidents"] == 0, s
    assert any(w.startswith("skipped: ") for w in s["warnings"]), s["warnings"]
    b = steps[("burglary", n)]
    assert "skipped" not in b and b["incidents"] > 0, b  # a step that ran has no skipped field
themes = {o.get("theme") for o in m["outputs"] if o.get("theme")}
assert themes == {"burglary"}, themes
PY
[ -f "$tmp/out/burglary/kde-density.tif" ] || fail "burglary's density map was not written"
"$bin" report "$tmp/out" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q '<p class="small skipped">Step kde was skipped: no incidents in '"$period_from..$period_to" "$tmp/out/report.html" \
  || fail "the report does not say robbery's kde was skipped"
grep -q '<li>robbery / change: skipped: no incidents' "$tmp/out/report.html" || fail "the report's warnings omit the skip"

# 2. Every step skipped (a month after both inputs): an error naming the period and the dates.
later=$(date -d "$month-01 +5 years" +%Y-%m)
later_from=$(date -d "$later-01 -2 months" +%Y-%m-%d)
"$bin" pack "$tmp/p.toml" --month "$later" -o "$tmp/none" -q > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "a pack with nothing in its period: exit $rc, not 1: $(cat "$tmp/err")"
grep -q "no incidents in the period for any theme" "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
grep -q "$later_from\.\." "$tmp/err" || fail "the message names no period: $(cat "$tmp/err")"
grep -q "input old holds incidents from .* to $old_last" "$tmp/err" || fail "the message gives no input dates: $(cat "$tmp/err")"
[ ! -e "$tmp/none" ] || fail "an output folder was left"

# 3. Boundaries that ended before the data: refused before anything is read, naming the line.
ended=$(date -d "$first-01-01 -1 day" +%Y-%m)
pack "$tmp/a.toml" "from = \"$((first - 10))-05\"
to = \"$ended\""
"$bin" pack "$tmp/a.toml" -o "$tmp/a" -q > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "a period outside the boundaries: exit $rc, not 2: $(cat "$tmp/err")"
grep -q "a.toml line $areas_line: \[\[areas\]\] ward .* wholly outside them" "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
grep -q "$period_from..$period_to" "$tmp/err" || fail "the message names no period: $(cat "$tmp/err")"
grep -q "Add the ward boundaries in force then" "$tmp/err" || fail "the message does not say what to do: $(cat "$tmp/err")"
[ ! -e "$tmp/a" ] || fail "an output folder was left"

# 4. Boundaries that start inside change's earlier period: a warning, and the pack is made.
start=$(date -d "$month-01 -13 months" +%Y-%m)
pack "$tmp/b.toml" "from = \"$start\""
"$bin" pack "$tmp/b.toml" -o "$tmp/b" -q > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "boundaries partly outside a period: exit $rc: $(cat "$tmp/err")"
grep -q "b.toml line $areas_line: \[\[areas\]\] ward .* its before period .* partly outside them" "$tmp/err" \
  || fail "no warning of boundaries partly outside the period: $(cat "$tmp/err")"
[ "$(grep -c "partly outside" "$tmp/err")" -eq 1 ] || fail "the warning is not given once: $(cat "$tmp/err")"
! grep -q "$undated" "$tmp/err" || fail "dated areas still warned as undated"
/usr/bin/python3 - "$tmp/b/manifest.json" <<'PY' || fail "the partial warning is not in the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
s = [s for s in m["steps"] if s["theme"] == "burglary" and s["name"] == "change"][0]
assert any("partly outside" in w for w in s["warnings"]), s["warnings"]
PY
echo "ok"

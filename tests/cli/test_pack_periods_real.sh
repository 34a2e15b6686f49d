#!/usr/bin/env bash
# Issue 26 item 5 on the real NW BCU pack (docs/packs/nwbcu.toml): its all-crime input ends in
# 2018-06 and burglary runs to 2025-02. A month after the 2018 wards were replaced (May 2022)
# is refused before anything is read, saying so; the last month they cover runs with every
# all-crime theme skipped and burglary made. Skipped (77) without the data.
source "$(dirname "$0")/lib.sh"
cd "$src"
real=../shared/data/real
[ -d "$real/crime" ] || { echo "skipped: $real is not there (real NW BCU data)"; exit 77; }
toml=docs/packs/nwbcu.toml
allcrime=$real/crime/api_street_level_2016-01_to_2018-06_nwbcu
burglary=$real/crime/burglary_2010-12_to_2025-02_nwbcu
month_of() { ls "$1" | sed -n 's/^\([0-9]\{4\}-[0-9]\{2\}\)-.*/\1/p' | sort | tail -1; }
allcrime_last=$(month_of "$allcrime")
burglary_last=$(month_of "$burglary")
[ "$allcrime_last" \< "$burglary_last" ] || fail "the all-crime input no longer ends first ($allcrime_last, $burglary_last)"
wards_to=$(awk '/as = "ward"/ { w = 1 } w && /^to = / { gsub(/"/, "", $3); print $3; exit }' "$toml")
[ -n "$wards_to" ] || fail "$toml gives its wards no to = date"
wards_line=$(grep -n '^\[\[areas\]\]' "$toml" | head -1 | cut -d: -f1)

# The burglary input's last month: after the wards, so refused (exit 2) naming the [[areas]].
"$bin" pack "$toml" --month "$burglary_last" -o "$tmp/late" -q > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "--month $burglary_last: exit $rc, not 2: $(cat "$tmp/err")"
grep -q "$toml line $wards_line: \[\[areas\]\] ward .*\.\.$wards_to; .* wholly outside them" "$tmp/err" \
  || fail "--month $burglary_last: unclear message: $(cat "$tmp/err")"
[ ! -e "$tmp/late" ] || fail "an output folder was left"

# The last whole month of the wards: burglary made, every all-crime theme's steps skipped.
month=$(date -d "$wards_to -1 month" +%Y-%m)
"$bin" pack "$toml" --month "$month" -o "$tmp/nwbcu" -q > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "--month $month: exit $rc: $(cat "$tmp/err")"
! grep -q "partly outside\|no \[\[areas\]\] says" "$tmp/err" || fail "--month $month: unexpected warning: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/nwbcu/manifest.json" "$allcrime_last" <<'PY' || fail "manifest check failed"
import json, sys
m = json.load(open(sys.argv[1]))
inputs = {t["name"]: t["input"] for t in m["themes"]}
for s in m["steps"]:
    if inputs[s["theme"]] == "allcrime":
        assert "skipped" in s and f"to {sys.argv[2]}" in s["skipped"], s
    else:
        assert "skipped" not in s and s["incidents"] > 0, s
assert {s["theme"] for s in m["steps"] if "skipped" in s} == {t for t, i in inputs.items() if i == "allcrime"}
assert {o["theme"] for o in m["outputs"] if o.get("theme")} == {"burglary"}
PY
"$bin" report "$tmp/nwbcu" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q '<p class="small skipped">Step kde was skipped: no incidents in' "$tmp/nwbcu/report.html" || fail "the report does not say what was skipped"
echo "ok"

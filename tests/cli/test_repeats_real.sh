#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real): 2017 NW BCU burglary from the
# data.police.uk API files. Month-only dates: day bands are refused; with month bands the
# same-place, same-month cell shows near repeats; repeats reports months and snap points.
source "$(dirname "$0")/lib.sh"
api=$src/../shared/data/real/crime/api_street_level_2016-01_to_2018-06_nwbcu
if [ ! -d "$api" ]; then echo "skipped: real data not found at $api"; exit 77; fi
sel=(--crime-type burglary --from 2017-01 --to 2017-12)

"$bin" nearrepeat "$api" "${sel[@]}" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'month-only' "$tmp/err" || fail "day bands on month-only data: $(cat "$tmp/err")"
"$bin" nearrepeat "$api" "${sel[@]}" --time-unit months --time-bands 0,1,2,3 --permutations 99 -o "$tmp/knox.csv" \
  2> "$tmp/err" > /dev/null || fail "nearrepeat failed: $(cat "$tmp/err")"
grep -q 'read 217465 rows: 217465 loaded, 0 rejected' "$tmp/err" || fail "rows: $(cat "$tmp/err")"
awk -F, '$1 == "same location" && $2 == "0-1 months" { ok = ($6 > 1.2 && $7 <= 0.05) } END { exit !ok }' "$tmp/knox.csv" \
  || fail "same location, same month is not a near repeat: $(grep 'same location' "$tmp/knox.csv")"
"$bin" repeats "$api" "${sel[@]}" --csv "$tmp/rep.csv" > "$tmp/out" 2> "$tmp/err" || fail "repeats failed"
grep -q 'dates are month-only' "$tmp/out" || fail "repeats did not report months"
grep -q 'street point, not a household' "$tmp/err" || fail "no snap-point warning"
[ "$(wc -l < "$tmp/rep.csv")" -gt 1000 ] || fail "too few repeat locations"
echo "ok: $(grep -c . "$tmp/rep.csv") repeat locations"

#!/usr/bin/env bash
# Month-only dates (data.police.uk): defaults follow the time unit, ties within a month are
# called ties, and a month's incident counts as of its last day for cocooning.
source "$(dirname "$0")/lib.sh"
cd "$src"
uk=(sample_data/police_uk --crime-type burglary -q)
"$bin" nearrepeat "${uk[@]}" --time-unit months --time-bands 0,1,2,3 --permutations 19 --chains "$tmp/ch.csv" > /dev/null \
  || fail "nearrepeat in months failed"
grep -q '"chain_time": 0' "$tmp/ch.csv.meta.json" || fail "chain time in months is not 0 (the same month)"
rows=$(($(wc -l < "$tmp/ch.csv") - 1))
[ "$rows" -gt 0 ] || fail "no chains"
# Linked within one month, every member shares its chain's first month: all ties.
untied=$(awk -F, 'NR > 1 && $4 !~ /tie: same month/' "$tmp/ch.csv" | wc -l)
[ "$untied" -eq 0 ] || fail "$untied chain rows in one month are not marked as ties"
# Days data keeps 14 days.
"$bin" nearrepeat sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --permutations 19 -q \
  --chains "$tmp/chd.csv" > /dev/null || fail "nearrepeat in days failed"
grep -q '"chain_time": 14' "$tmp/chd.csv.meta.json" || fail "chain time in days is not 14"

# Cocooning: December's burglaries are recent for --since 2024-12-15, and expire from 31 December.
"$bin" cocoon "${uk[@]}" --since 2024-12-15 --no-style -o "$tmp/z.geojson" > "$tmp/out" 2> /dev/null || fail "cocoon failed"
grep -q '"expires":"2025-01-28"' "$tmp/z.geojson" || fail "month zones do not expire 28 days after the month's end"
grep -q '"expires":"2025-01-29"\|"expires":"2024-12-29"' "$tmp/z.geojson" && fail "a zone expires from the first of the month"
"$bin" cocoon "${uk[@]}" --since 2025-02-15 --no-style -o "$tmp/none.geojson" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'month-only dates; the latest is of 2024-12' "$tmp/err" || fail "no month hint: $(cat "$tmp/err")"
echo "ok"

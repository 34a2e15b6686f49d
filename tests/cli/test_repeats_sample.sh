#!/usr/bin/env bash
# End-to-end repeats, nearrepeat and cocoon on the sample: planted repeat addresses found,
# month-only data refused day bands, chains and zones written, outputs GDAL reads cleanly.
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
wards=(--areas sample_data/areas/wards.geojson,as=ward)

# repeats by address: every planted repeat address is listed with at least its planted count.
"$bin" repeats "${input[@]}" "${wards[@]}" --by address_ref -o "$tmp/rep.geojson" --csv "$tmp/rep.csv" -q \
  > "$tmp/out" 2> "$tmp/err" || fail "repeats failed: $(cat "$tmp/err")"
while IFS=, read -r ref x y count; do
  [ "$ref" = address_ref ] && continue
  line=$(grep ",$ref," "$tmp/rep.csv") || fail "planted repeat $ref not found"
  found=$(echo "$line" | cut -d, -f3)
  [ "$found" -ge "$count" ] || fail "$ref: $found incidents, planted $count"
done < sample_data/truth/repeat_locations.csv
grep -q 'Gini' "$tmp/out" || fail "no concentration summary"
grep -q 'within three weeks' "$tmp/out" || fail "no time-to-repeat summary"
[ -s "$tmp/rep.csv.meta.json" ] || fail "no metadata beside the CSV"
ogrinfo -ro -al -so "$tmp/rep.geojson" > /dev/null 2> "$tmp/oerr" && [ ! -s "$tmp/oerr" ] || fail "ogrinfo: $(cat "$tmp/oerr")"
# data.police.uk: month-only dates and the snap-point warning.
"$bin" repeats sample_data/police_uk --by location -q > "$tmp/out2" 2> "$tmp/err2" || fail "repeats on police_uk failed"
grep -q 'month-only' "$tmp/out2" || fail "month-only data not reported by month"
grep -q 'street point, not a household' "$tmp/err2" || fail "no snap-point warning"

# nearrepeat: day bands refused on month-only data, with the way out.
"$bin" nearrepeat sample_data/police_uk --crime-type burglary -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- '--time-unit months' "$tmp/err" || fail "month-only day bands: $(cat "$tmp/err")"
"$bin" nearrepeat sample_data/police_uk --crime-type burglary --time-unit months --time-bands 0,1,2,3 \
  --permutations 99 -q > /dev/null || fail "month bands failed"
# The export: table, JSON, chains; the same result on 1 and 2 threads.
for t in 1 2; do
  "$bin" nearrepeat "${input[@]}" --crime-type burglary --permutations 199 --threads $t -o "$tmp/k$t.csv" \
    --json "$tmp/k$t.json" --chains "$tmp/chains$t.csv" -q > "$tmp/table$t" || fail "nearrepeat --threads $t failed"
done
cmp -s "$tmp/k1.csv" "$tmp/k2.csv" || fail "Knox table differs between 1 and 2 threads"
cmp -s "$tmp/chains1.csv" "$tmp/chains2.csv" || fail "chains differ between 1 and 2 threads"
grep -q 'same location' "$tmp/table1" || fail "no table printed"
grep -q '"knox_ratio"' "$tmp/k1.json" || fail "no JSON cells"
# Every planted chain comes out whole, in one chain, originator first. The generator puts each
# burglary of a chain within 200 m of the first and 1-14 days (+-3 hours) after the one
# before, so consecutive ones are within 400 m and 15 days.
"$bin" nearrepeat "${input[@]}" --crime-type burglary --permutations 9 --chains "$tmp/chains.csv" \
  --chain-distance 400 --chain-time 15 -q > /dev/null || fail "chains run failed"
awk -F, 'NR > 1 { print $1, $2, $3 }' sample_data/truth/near_repeat_chains.csv > "$tmp/planted"
prev_chain="" out_chain=""
while read -r chain position ref; do
  line=$(grep ",$ref," "$tmp/chains.csv") || fail "planted chain $chain: $ref not in a chain"
  c=$(echo "$line" | cut -d, -f1)
  if [ "$chain" != "$prev_chain" ]; then out_chain=$c; prev_chain=$chain; fi
  [ "$c" = "$out_chain" ] || fail "planted chain $chain is split between chains $out_chain and $c"
done < "$tmp/planted"

# cocoon: zones since a date, with address counts.
"$bin" cocoon "${input[@]}" "${wards[@]}" --since 2024-12-01 --addresses sample_data/addresses.csv \
  -o "$tmp/zones.geojson" -q > "$tmp/zout" || fail "cocoon failed"
ogrinfo -ro -al "$tmp/zones.geojson" > "$tmp/zinfo" 2> "$tmp/zerr" && [ ! -s "$tmp/zerr" ] || fail "ogrinfo zones"
grep -q 'addresses (Integer' "$tmp/zinfo" || fail "zones lack address counts"
grep -q 'expires (Date)' "$tmp/zinfo" || fail "zones lack expiry dates"
"$bin" cocoon "${input[@]}" --since 2030-01-01 -o "$tmp/none.geojson" -q 2> "$tmp/err"
[ $? -eq 1 ] && [ ! -e "$tmp/none.geojson" ] || fail "no incidents since: $(cat "$tmp/err")"
echo ok

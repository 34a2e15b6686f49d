#!/usr/bin/env bash
# End-to-end change: two periods per ward and per cell; a planted doubling in one ward is
# found significant after FDR; overlapping periods are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
wards=(--areas sample_data/areas/wards.geojson,as=ward)
# The sample export, plus 300 extra incidents in 2024 at one point of Queensway's planted hot spot.
cp sample_data/police_export.csv "$tmp/in.csv"
for i in $(seq 1 300); do echo "X$i,Burglary,2024-06-01T12:00,,450865,304343,,Extra Street" >> "$tmp/in.csv"; done
"$bin" change "$tmp/in.csv" --crs EPSG:27700 "${wards[@]}" --per ward --before 2023-01..2023-12 --after 2024-01..2024-12 \
  -o "$tmp/wards.csv" -q > "$tmp/out" || fail "change per ward failed"
[ "$(wc -l < "$tmp/wards.csv")" -eq 22 ] || fail "expected 21 wards"
grep -q '^Z05000017,Queensway,.*,increase$' "$tmp/wards.csv" || fail "the planted increase is not found: $(grep Queensway "$tmp/wards.csv")"
n=$(grep -c ',increase$\|,decrease$' "$tmp/wards.csv")
[ "$n" -le 2 ] || fail "$n wards flagged, expected the planted one (and at most one by chance)"
"$bin" change "$tmp/in.csv" --crs EPSG:27700 --cell 250 --before 2023-01..2023-12 --after 2024-01..2024-12 \
  -o "$tmp/cells.geojson" -q > /dev/null || fail "change per cell failed"
ogrinfo -ro -al -so "$tmp/cells.geojson" > /dev/null 2> "$tmp/err" && [ ! -s "$tmp/err" ] || fail "ogrinfo cells"
# --within narrows the wards reported, and so the false-discovery family, to the borough's:
# the 14 wards of other boroughs would each be 0 -> 0 with p = 1 (issue 12).
"$bin" change "$tmp/in.csv" --crs EPSG:27700 "${wards[@]}" --areas sample_data/areas/boroughs.geojson,as=borough \
  --per ward --within Z09000001 --before 2023-01..2023-12 --after 2024-01..2024-12 -o "$tmp/within.csv" -q > /dev/null ||
  fail "change --within failed"
[ "$(wc -l < "$tmp/within.csv")" -eq 8 ] || fail "expected Westbury's 7 wards, got $(($(wc -l < "$tmp/within.csv") - 1))"
! grep -q ',0,0,' "$tmp/within.csv" || fail "a ward with no incidents in either period is listed"
"$bin" map "$tmp/in.csv" --crs EPSG:27700 "${wards[@]}" --areas sample_data/areas/boroughs.geojson,as=borough \
  --within Z09000001 -o "$tmp/m.csv" --summary "$tmp/summary.csv" -q || fail "map --within failed"
[ "$(grep -c '^ward,' "$tmp/summary.csv")" -eq 7 ] && [ "$(grep -c '^borough,' "$tmp/summary.csv")" -eq 1 ] ||
  fail "map --summary --within lists areas outside it: $(cut -d, -f1-3 "$tmp/summary.csv")"
"$bin" change "$tmp/in.csv" --crs EPSG:27700 --cell 250 --before 2023-01..2024-02 --after 2024-01..2024-12 -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q overlap "$tmp/err" || fail "overlapping periods: $(cat "$tmp/err")"
echo ok

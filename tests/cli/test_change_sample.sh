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
"$bin" change "$tmp/in.csv" --crs EPSG:27700 --cell 250 --before 2023-01..2024-02 --after 2024-01..2024-12 -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q overlap "$tmp/err" || fail "overlapping periods: $(cat "$tmp/err")"
echo ok

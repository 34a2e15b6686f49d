#!/usr/bin/env bash
# Coordinates read in the wrong CRS or with swapped columns stop with a message that names the
# likely mistake, for incidents and for side files, instead of a wrong map with exit 0.
source "$(dirname "$0")/lib.sh"
cd "$src"
wards=sample_data/areas/wards.geojson
# Longitude/latitude columns with a projected --crs.
ogr2ogr -f CSV "$tmp/ll.csv" sample_data/police_export.csv -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing \
  -oo KEEP_GEOM_COLUMNS=NO -s_srs EPSG:27700 -t_srs EPSG:4326 -lco GEOMETRY=AS_XY 2> /dev/null || fail "ogr2ogr failed"
sed -i '1s/^X,Y,/longitude,latitude,/' "$tmp/ll.csv"
"$bin" info "$tmp/ll.csv" --crs EPSG:27700 -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "longitude/latitude columns 'longitude', 'latitude', but --crs EPSG:27700 is in metres" "$tmp/err" \
  || fail "lon/lat read as BNG: $(cat "$tmp/err")"
"$bin" info "$tmp/ll.csv" -q > "$tmp/out" || fail "lon/lat without --crs failed"
grep -q 'source CRS: EPSG:4326' "$tmp/out" || fail "lon/lat not read as EPSG:4326: $(cat "$tmp/out")"

# Swapped columns: no incident in any ward, and with x and y swapped they would be. (Columns
# named for the other axis, --x northing, are refused before reading: bad_inputs/
# swapped_axis_columns.case; here the names say nothing.)
sed '1s/easting/b/; 1s/northing/a/' sample_data/police_export.csv > "$tmp/ab.csv"
sw=("$tmp/ab.csv" --x a --y b --crs EPSG:27700 --date committed_from -q)
"$bin" map "${sw[@]}" --areas "$wards" -o "$tmp/m.csv" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'look swapped' "$tmp/err" || fail "swapped columns mapped: $(cat "$tmp/err")"
[ -e "$tmp/m.csv" ] && fail "swapped columns left an output"
"$bin" kde "${sw[@]}" --mask sample_data/areas/bcu.geojson --bandwidth 300 -o "$tmp/k.tif" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'inside --mask.*look swapped' "$tmp/err" || fail "swapped columns in kde: $(cat "$tmp/err")"
"$bin" info "${sw[@]}" --areas "$wards" > /dev/null 2> "$tmp/err" || fail "info should describe what it reads"
grep -q "warning: 0 of $(($(wc -l < sample_data/police_export.csv) - 1)) incidents fall inside" "$tmp/err" || fail "info did not warn: $(cat "$tmp/err")"

# Side points in longitude/latitude columns are read as such: the same counts as in metres.
ogr2ogr -f CSV "$tmp/addr_ll.csv" sample_data/addresses.csv -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing \
  -oo KEEP_GEOM_COLUMNS=NO -s_srs EPSG:27700 -t_srs EPSG:4326 -lco GEOMETRY=AS_XY 2> /dev/null || fail "ogr2ogr failed"
sed -i '1s/^X,Y,/longitude,latitude,/' "$tmp/addr_ll.csv"
co=(sample_data/police_export.csv --crs EPSG:27700 --since 2024-12-01 -q --no-style)
"$bin" cocoon "${co[@]}" --addresses sample_data/addresses.csv -o "$tmp/c1.geojson" > /dev/null || fail "cocoon (metres)"
"$bin" cocoon "${co[@]}" --addresses "$tmp/addr_ll.csv" -o "$tmp/c2.geojson" > /dev/null || fail "cocoon (lon/lat)"
a1=$(grep -o '"addresses":[0-9][0-9]*' "$tmp/c1.geojson" | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }')
a2=$(grep -o '"addresses":[0-9][0-9]*' "$tmp/c2.geojson" | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }')
[ "$a1" -gt 0 ] && [ "$a1" -eq "$a2" ] || fail "addresses in zones: $a1 from metres, $a2 from lon/lat"
# Degrees in columns named x, y are refused; points far from the incidents are warned of.
sed '1s/^longitude,latitude,/x,y,/' "$tmp/addr_ll.csv" > "$tmp/addr_xy.csv"
"$bin" cocoon "${co[@]}" --addresses "$tmp/addr_xy.csv" -o "$tmp/c3.geojson" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'look like longitude/latitude' "$tmp/err" || fail "degrees as metres: $(cat "$tmp/err")"
awk -F, 'NR == 1 { print; next } { $3 += 100000; print }' OFS=, sample_data/addresses.csv > "$tmp/far.csv"
"$bin" cocoon "${co[@]}" --addresses "$tmp/far.csv" -o "$tmp/c4.geojson" > /dev/null 2> "$tmp/err" || fail "far addresses"
grep -q 'none of the 9000 points of --addresses.*within 5 km' "$tmp/err" || fail "no warning for far points: $(cat "$tmp/err")"
echo "ok"

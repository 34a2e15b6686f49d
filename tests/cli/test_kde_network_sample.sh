#!/usr/bin/env bash
# kde --network on the sample: lixels no longer than --lixel, the density (incidents per km)
# summed over the lixels times their length gives back the incidents on the streets for the
# equal-split continuous kernel (which sends the kernel back at dead ends), a little less for
# the discontinuous one (which loses what passes a dead end) and more for the simple one
# (which counts an incident again on every branch of a junction); misused options refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700 --bandwidth 200)
net=(--network sample_data/streets.geojson)

mass() {  # the layer's sum of density x length, in incidents
  ogrinfo -ro -q -dialect SQLite -sql "SELECT SUM(density * length_m) / 1000.0 AS m, MAX(length_m) AS l FROM lixels" "$1" \
    | sed -n 's/.*m (Real) = \(.*\)/m \1/p; s/.*l (Real) = \(.*\)/l \1/p'
}
"$bin" kde "${input[@]}" "${net[@]}" --lixels "$tmp/c.gpkg" 2> "$tmp/err" || fail "kde --network failed: $(cat "$tmp/err")"
on=$(sed -n 's/.*; \([0-9]*\) of [0-9]* incidents on a street.*/\1/p' "$tmp/err")
[ -n "$on" ] || fail "no count of incidents on the streets: $(cat "$tmp/err")"
grep -q 'counted as unsnapped' "$tmp/err" || fail "the unsnapped are not reported"
gpkg_style "$tmp/c.gpkg" > "$tmp/c.qml"
grep -q '<renderer-v2' "$tmp/c.qml" || fail "no QGIS style inside c.gpkg"
read -r _ m < <(mass "$tmp/c.gpkg" | grep '^m')
read -r _ l < <(mass "$tmp/c.gpkg" | grep '^l')
awk -v m="$m" -v n="$on" 'BEGIN { exit !(m > n * 0.999 && m < n * 1.001) }' || fail "continuous: mass $m for $on incidents"
awk -v l="$l" 'BEGIN { exit !(l <= 10 + 1e-9) }' || fail "a lixel of $l m"
"$bin" kde "${input[@]}" "${net[@]}" --network-kernel discontinuous --lixels "$tmp/d.gpkg" -q 2> /dev/null || fail "discontinuous failed"
read -r _ md < <(mass "$tmp/d.gpkg" | grep '^m')
awk -v m="$md" -v n="$on" 'BEGIN { exit !(m < n && m > n * 0.95) }' || fail "discontinuous: mass $md for $on incidents"
"$bin" kde "${input[@]}" "${net[@]}" --network-kernel simple --lixel 25 --lixels "$tmp/s.gpkg" -q 2> /dev/null || fail "simple failed"
read -r _ ms < <(mass "$tmp/s.gpkg" | grep '^m')
awk -v m="$ms" -v n="$on" 'BEGIN { exit !(m > n * 1.1) }' || fail "simple: mass $ms for $on incidents"
echo "masses: continuous $m, discontinuous $md, simple $ms for $on incidents on the streets"

"$bin" kde "${input[@]}" --lixels "$tmp/x.gpkg" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'give --network' "$tmp/err" || fail "--lixels without --network: $(cat "$tmp/err")"
"$bin" kde "${input[@]}" "${net[@]}" -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'lixels' "$tmp/err" || fail "--network without --lixels: $(cat "$tmp/err")"
"$bin" kde "${input[@]}" "${net[@]}" --lixels "$tmp/x.gpkg" --lixel 0 -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--lixel 0 accepted"
[ -e "$tmp/x.gpkg" ] || [ -e "$tmp/x.tif" ] && fail "a refused run left an output"
echo "kde --network: ok"

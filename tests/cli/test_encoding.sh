#!/usr/bin/env bash
# Text that is not UTF-8 (a Windows-1252 "£", a Latin-1 accent, a Latin-1 file name) is
# converted on reading, said in a warning, and every output is valid UTF-8.
source "$(dirname "$0")/lib.sh"
cd "$src"
name=$(printf "$tmp/caf\xe9.csv")  # a Latin-1 byte in the file name
{ echo "easting,northing,committed_from,offence,street"
  printf '447000,305000,2024-01-05,Burglary,Caf\xe9 Row\n'
  printf '447010,305000,2024-01-06,Burglary,\xa35 Shop\n'
  printf '447020,305000,2024-01-07,Burglary,Plain Street\n'
  printf '447030,305000,2024-01-08,Burglary,Caf\xc3\xa9 Lane\n'
} > "$name"
valid() { /usr/bin/python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2> /dev/null; }
for out in o.geojson o.csv o.gpkg; do
  "$bin" map "$name" --crs EPSG:27700 --areas sample_data/areas/wards.geojson -o "$tmp/$out" 2> "$tmp/err" \
    || fail "map to $out failed: $(cat "$tmp/err")"
  grep -q 'warning: .*: 2 text values were not UTF-8 and were read as Windows-1252' "$tmp/err" \
    || fail "no warning for Windows-1252 text: $(cat "$tmp/err")"
done
valid "$tmp/o.geojson" || fail "GeoJSON output is not UTF-8"
valid "$tmp/o.csv" || fail "CSV output is not UTF-8"
valid "$tmp/o.csv.meta.json" || fail "CSV metadata is not UTF-8"
grep -q 'Café Row' "$tmp/o.csv" && grep -q '£5 Shop' "$tmp/o.csv" && grep -q 'Café Lane' "$tmp/o.csv" \
  || fail "text not converted: $(cat "$tmp/o.csv")"
ogrinfo -ro -al "$tmp/o.gpkg" > "$tmp/info" 2> "$tmp/err"
grep -q '£5 Shop' "$tmp/info" || fail "GeoPackage text: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "sqlite/GDAL complained about the GeoPackage: $(cat "$tmp/err")"
# --encoding latin-1 reads every non-ASCII byte as Latin-1, without a warning.
"$bin" map "$name" --crs EPSG:27700 --areas sample_data/areas/wards.geojson --encoding latin-1 -o "$tmp/l.csv" 2> "$tmp/err" \
  || fail "latin-1 failed"
grep -q 'not UTF-8' "$tmp/err" && fail "warned with an explicit encoding"
grep -q 'CafÃ© Lane' "$tmp/l.csv" || fail "latin-1 did not read the UTF-8 bytes as Latin-1"
echo "ok"

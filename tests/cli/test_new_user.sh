#!/usr/bin/env bash
# What a new user met (issue 18): trivial hotspots dropped and counted, labels that tell
# hotspots in one ward apart, one geometry type per layer, round automatic cells, messages
# that name the file and row, population tables refused with the way out, and metadata that
# summarises many files.
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 -q --no-style)
wards=(--areas sample_data/areas/wards.geojson,as=ward)

# Hotspots: none with fewer than --min-incidents (default 2); --top keeps the first N.
"$bin" kde "${x[@]}" "${wards[@]}" --crime-type burglary --period 2024-10..2024-12 --bandwidth 300 --cell 20 \
  --hotspots "$tmp/h.csv" > "$tmp/table" || fail "kde failed"
/usr/bin/python3 -c 'import csv, sys
sys.exit(any(int(r["incidents"]) < 2 for r in csv.DictReader(open(sys.argv[1]))))' "$tmp/h.csv" ||
  fail "a hotspot with under 2 incidents was kept"
grep -q '^left out: [0-9]* with fewer than 2 incidents' "$tmp/table" || fail "no count of dropped hotspots: $(tail -2 "$tmp/table")"
"$bin" kde "${x[@]}" "${wards[@]}" --crime-type burglary --period 2024-10..2024-12 --bandwidth 300 --cell 20 \
  --top 3 --hotspots "$tmp/h3.csv" > /dev/null || fail "kde --top failed"
[ "$(($(wc -l < "$tmp/h3.csv") - 1))" -eq 3 ] || fail "--top 3 kept $(($(wc -l < "$tmp/h3.csv") - 1))"
"$bin" kde "${x[@]}" --bandwidth 300 --cell 20 --min-incidents 0 --hotspots "$tmp/h0.csv" > /dev/null || fail "--min-incidents 0"
# Labels (docs/labels.md): each names its street and ward, and no two are the same.
/usr/bin/python3 - "$tmp/h.csv" <<'PY' || fail "hotspot labels are not unique street-and-ward names"
import csv, re, sys
labels = [r["label"] for r in csv.DictReader(open(sys.argv[1]))]
names = [re.sub(r"^H[0-9]+ ", "", l) for l in labels]
assert len(set(names)) == len(names), names
assert all(", " in n for n in names), names
PY

# One geometry type per GeoJSON layer, even where some hotspots have several parts.
"$bin" kde "${x[@]}" --bandwidth 120 --cell 10 --threshold top:10% --hotspots "$tmp/m.geojson" > /dev/null || fail "kde geojson"
types=$(grep -o '"type":"[A-Za-z]*Polygon"' "$tmp/m.geojson" | sort -u | wc -l)
[ "$types" -eq 1 ] || fail "a GeoJSON layer mixes $types polygon types"

# Automatic cells are round: 50 m for the sample's 11 km short side (44.1 m before rounding).
"$bin" kde "${x[@]}" --bandwidth 300 -o "$tmp/a.tif" > /dev/null || fail "auto cell failed"
gdalinfo "$tmp/a.tif" | grep -q 'Pixel Size = (50.000000000000000,-50.000000000000000)' || fail "auto cell not 50 m"

# Messages name the file and the row.
printf 'easting,northing,committed_from\n' > "$tmp/header.csv"
"$bin" kde "$tmp/header.csv" --crs EPSG:27700 -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "header.csv: no data rows" "$tmp/err" || fail "header-only: $(cat "$tmp/err")"
printf 'easting,northing,committed_from\n447000,305000,2024-13\n447010,305000,2024-13-01\n447020,305000,2024-01\n' > "$tmp/m13.csv"
"$bin" kde "$tmp/m13.csv" --crs EPSG:27700 -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "m13.csv: 2 of 3 rows rejected, the first row 1 (bad-date" "$tmp/err" || fail "month 13: $(cat "$tmp/err")"
# A population table is not polygons: the message says how to join it.
"$bin" kde "${x[@]}" --denominator sample_data/ward_population.csv -o "$tmp/r.tif" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'a table without geometries.*join' "$tmp/err" || fail "denominator table: $(cat "$tmp/err")"
# Metadata of many files is summarised by folder.
"$bin" map sample_data/police_uk "${wards[@]}" -q -o "$tmp/u.csv" || fail "map police_uk failed"
grep -q '"files": 24' "$tmp/u.csv.meta.json" && grep -q '"folder": "sample_data/police_uk"' "$tmp/u.csv.meta.json" \
  || fail "24 files not summarised by folder"
[ "$(grep -c 'sample-street.csv.gz' "$tmp/u.csv.meta.json")" -le 2 ] || fail "every file is still listed"
echo "ok"

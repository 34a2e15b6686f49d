#!/usr/bin/env bash
# Door rounds in a pack (issue 31): a cocoon step with door-rounds = "csv,gpx,sheet" writes the
# three files in the pack's folder, listing the same doors as the cocoon command with
# --door-list (checked against independent references in test_cocoon_doors.sh); with --publish
# none is written, the run says so, and no address of the lists appears anywhere in the
# published folder. Bad values refused before any incident is read.
source "$(dirname "$0")/lib.sh"
cd "$src"
write_pack() {
  cat > "$tmp/p.toml" <<TOML
title = "Doors"
month = "2024-12"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
[[theme]]
name = "burglary"
title = "Burglary"
crime-type = ["burglary"]
[[step]]
run = "cocoon"
since = "2024-12-01"
addresses = "$PWD/sample_data/addresses.csv"
network = "$PWD/sample_data/streets.geojson"
door-rounds = "$1"
TOML
}
write_pack "csv,gpx,sheet"
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" > /dev/null 2> "$tmp/err" || fail "pack with door rounds: $(cat "$tmp/err")"
for f in doors.csv doors_gpx.gpx doors_sheet.html; do
  found=$(find "$tmp/pack" -name "*$f" | head -1)
  [ -s "$found" ] || fail "the pack has no $f: $(cd "$tmp/pack" && find . -type f | sort | tr '\n' ' ')"
done
list=$(find "$tmp/pack" -name '*doors.csv' | head -1)
echo "door files: $(cd "$tmp/pack" && find . -name "*doors*" | sort | tr "\n" " ")"
"$bin" cocoon sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence \
  --since 2024-12-01 --addresses sample_data/addresses.csv --network sample_data/streets.geojson -o "$tmp/z.gpkg" \
  --door-list "$tmp/doors.csv" -q > /dev/null 2>&1 || fail "cocoon --door-list"
cmp -s "$list" "$tmp/doors.csv" || fail "the pack's door list differs from the cocoon command's"

# Published: no door file, a warning, and no address text of the list anywhere in the folder.
"$bin" pack "$tmp/p.toml" -o "$tmp/pub" --publish > /dev/null 2> "$tmp/err" || fail "pack --publish: $(cat "$tmp/err")"
[ -z "$(find "$tmp/pub" -name '*doors*')" ] || fail "--publish wrote door files: $(find "$tmp/pub" -name '*doors*')"
grep -q 'doors file is not written' "$tmp/err" || fail "no warning that the door lists were withheld: $(cat "$tmp/err")"
col=$(head -1 "$tmp/doors.csv" | tr ',' '\n' | grep -n '^address$' | cut -d: -f1)
[ -n "$col" ] || fail "no address column in the door list: $(head -1 "$tmp/doors.csv")"
tail -n +2 "$tmp/doors.csv" | cut -d, -f"$col" | tr -d '"' | sort -u | head -20 > "$tmp/texts"
[ -s "$tmp/texts" ] || fail "the door list is empty"
if grep -rqF -f "$tmp/texts" "$tmp/pub"; then fail "an address of the door lists is in the published pack"; fi

write_pack "csv,fax"
"$bin" pack "$tmp/p.toml" -o "$tmp/bad" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "door-rounds 'fax'" "$tmp/err" || fail "a bad door-rounds value: $(cat "$tmp/err")"
[ -e "$tmp/bad" ] && fail "a refused pack left a folder"
"$bin" cocoon sample_data/police_export.csv --crs EPSG:27700 --since 2024-12-01 --addresses sample_data/addresses.csv --door-rounds gpx \
  -o "$tmp/x.gpkg" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'door-gpx' "$tmp/err" || fail "--door-rounds gpx without --door-gpx: $(cat "$tmp/err")"
echo "pack doors: ok"

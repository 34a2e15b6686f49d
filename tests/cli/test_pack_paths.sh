#!/usr/bin/env bash
# A pack's file paths are relative to the pack file, for every option that names a file,
# whatever its kind: risk's --factor NAME=FILE once failed ("no such file") when the pack ran
# from another folder, while areas, context and masks were found. Run here from a folder that
# is neither the pack's nor the sample's; the factors' table must equal the command's, run
# from the sample's folder with the same options.
source "$(dirname "$0")/lib.sh"
data=$(cd "$src" && pwd)/sample_data
mkdir -p "$tmp/packs" "$tmp/elsewhere"
ln -s "$data" "$tmp/data"
cat > "$tmp/packs/risk.toml" <<'TOML'
month = "2024-12"
period = "last 12 months"
[inputs]
files = ["../data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
id = "crime_ref"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "risk"
factor = ["premises=../data/licensed_premises.csv"]
mask = "../data/areas/bcu.geojson"
TOML
(cd "$tmp/elsewhere" && "$bin" pack ../packs/risk.toml -o out -q > /dev/null 2> "$tmp/err") \
  || fail "the pack with a relative --factor failed from another folder: $(cat "$tmp/err")"
table=$(ls "$tmp"/elsewhere/out/burglary/risk-factors.csv 2> /dev/null) || fail "no risk-factors.csv in the pack"
grep -q '^premises,' "$table" || fail "the factors' table has no premises row"
(cd "$data" && "$bin" risk police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to \
   --type offence --id crime_ref --crime-type burglary --from 2024-01-01 --to 2024-12-31 \
   --factor premises=licensed_premises.csv --mask areas/bcu.geojson -o "$tmp/cli.csv" -q > /dev/null 2> "$tmp/err") \
  || fail "the risk command failed: $(cat "$tmp/err")"
cmp -s "$table" "$tmp/cli.csv" || fail "the pack's factors differ from the command's: $(diff "$table" "$tmp/cli.csv" | head)"
echo "ok"

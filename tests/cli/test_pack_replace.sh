#!/usr/bin/env bash
# Issue 26 item 6: pack -o FOLDER --replace deleted the inputs when FOLDER held them (-o X,
# -o X/areas, -o X/packs, -o $(pwd)/): exit 0, the CSV, the areas and the pack file gone. An
# output folder that holds an input, the pack file or a side file, or lies inside a folder the
# inputs are read from, is refused before anything is written, and every input is left as it
# was; one beside the pack file (out/ next to monthly.toml) is fine.
source "$(dirname "$0")/lib.sh"
X=$tmp/X
mkdir -p "$X/areas" "$X/packs" "$X/side" "$X/data"
cp "$src/sample_data/police_export.csv" "$X/"
cp "$src/sample_data/police_export.csv" "$X/data/"
cp "$src"/sample_data/areas/*.geojson "$X/areas/"
cp "$src/sample_data/ward_population.csv" "$src/sample_data/addresses.csv" "$X/side/"
# The sample pack, its side file (the dashboard's population table) in a folder of its own.
sed -e 's|"../ward_population.csv"|"../side/ward_population.csv"|' -e 's|"../addresses.csv"|"../side/addresses.csv"|' "$src/sample_data/packs/sample.toml" > "$X/packs/sample.toml"
# The same reading a folder of inputs.
sed -e 's|files = \["../police_export.csv"\]|files = ["../data"]|' "$X/packs/sample.toml" > "$X/packs/folder.toml"
grep -q '"../data"' "$X/packs/folder.toml" || fail "the folder pack reads no folder"
grep -q side/ward_population "$X/packs/sample.toml" || fail "the sample pack has no population table to move"
state() { (cd "$X" && find . -type f -exec md5sum {} + | sort); }
before=$(state)
refused() {  # refused OUTPUT WHAT [PACK]: pack -o OUTPUT --replace stops, names WHAT, and changes nothing
  local out=$1 what=$2 pack=${3:-packs/sample.toml}
  (cd "$X" && "$bin" pack "$pack" -o "$out" --replace -q > /dev/null 2> "$tmp/err")
  local rc=$?
  [ $rc -eq 1 ] || fail "-o $out --replace: exit $rc: $(cat "$tmp/err")"
  grep -q -- "$what" "$tmp/err" || fail "-o $out --replace: the message does not say '$what': $(cat "$tmp/err")"
  [ "$(state)" = "$before" ] || fail "-o $out --replace changed the inputs: $(diff <(echo "$before") <(state))"
  [ -z "$(find "$X" -name '.*tmp*')" ] || fail "-o $out left a temporary folder"
}
refused "$X" "which this run reads; replacing the folder would delete it"
refused "$X/areas" "holds areas/wards.geojson"
refused "areas" "holds areas/wards.geojson"
refused "$X/packs" "holds packs/sample.toml"
refused "$X/side" "holds side/"
refused "$X/" "which this run reads"
refused "$(cd "$X" && pwd)/" "which this run reads"
refused "." "which this run reads"
refused "$X/data/out" "lies inside" packs/folder.toml
refused "$X/data/../data/out" "lies inside" packs/folder.toml
refused "$X/data" "holds data/police_export.csv" packs/folder.toml
# Beside the pack file and beside an input file: written, the inputs untouched.
(cd "$X" && "$bin" pack packs/sample.toml -o packs/out --replace -q > /dev/null 2> "$tmp/err") ||
  fail "-o beside the pack file --replace: $(cat "$tmp/err")"
rm -rf "$X/packs/out"
[ "$(state)" = "$before" ] || fail "a pack written beside its pack file changed the inputs"
# Apart from them all: replaced, and the inputs untouched.
mkdir -p "$tmp/out/old"
(cd "$X" && "$bin" pack packs/sample.toml -o "$tmp/out" --replace -q > /dev/null 2> "$tmp/err") ||
  fail "-o elsewhere --replace: $(cat "$tmp/err")"
[ -f "$tmp/out/manifest.json" ] && [ ! -e "$tmp/out/old" ] || fail "the folder apart was not replaced"
[ "$(state)" = "$before" ] || fail "a pack run changed its inputs"
echo ok

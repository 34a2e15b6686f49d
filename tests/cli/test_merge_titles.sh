#!/usr/bin/env bash
# merge once told a theme's group of the QGIS project from the fixed groups (the area layers,
# the context layers) by its title: a theme titled "Areas" took the area layers' group as its
# own. Shards now say each group's theme by name. Two themes titled "Context" and "Areas", with
# area and context layers, merged from two shards: the folder equals the unsharded pack's
# (compare_packs.sh: every file byte for byte, pack.gpkg and pack.qgz included).
source "$(dirname "$0")/lib.sh"
data=$(cd "$src" && pwd)/sample_data
cat > "$tmp/titles.toml" <<EOF2
month = "2024-12"
context = ["$data/streets.geojson"]
[inputs]
files = ["$data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[areas]]
path = "$data/areas/wards.geojson"
as = "ward"
[[theme]]
name = "burglary"
title = "Context"
crime-type = ["burglary"]
[[theme]]
name = "robbery"
title = "Areas"
crime-type = ["robbery"]
[[step]]
run = "change"
per = "ward"
EOF2
run() { "$bin" pack "$tmp/titles.toml" "$@" -q > /dev/null 2> "$tmp/err" || fail "pack $*: $(cat "$tmp/err")"; }
run -o "$tmp/full"
run --shard 0/2 -o "$tmp/s0"
run --shard 1/2 -o "$tmp/s1"
"$bin" merge "$tmp/s1" "$tmp/s0" -o "$tmp/merged" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
bash "$src/tests/cli/compare_packs.sh" "$tmp/full" "$tmp/merged" || fail "the merged pack differs from the unsharded one"
# The groups, top to bottom: the two themes, then the fixed groups, each once.
/usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [sys.stdout.write(z.read(n).decode()) for n in z.namelist() if n.endswith(".qgs")]' \
  "$tmp/merged/pack.qgz" | grep -o '<layer-tree-group name="[^"]*"' | sed 's/.*name="//; s/"$//' > "$tmp/groups"
printf 'Context\nAreas\nAreas\nContext\n' | cmp -s - <(grep -v '^$' "$tmp/groups") \
  || fail "the merged project's groups are not the themes then the fixed groups: $(tr '\n' ' ' < "$tmp/groups")"
echo "ok"

#!/usr/bin/env bash
# Gi* in tiles in a pack (a gistar step with tile-size: THEME/gistar-units.vrt and its tiles),
# and pack --shard-by tile spreading those tiles: the pack's mosaic equals the untiled gistar
# command's cells (compare_gistar_mosaic.py) and records the largest |z| (max_abs_z); 3 shards
# by tile (shard 2 holds no theme: tiles only), merged in another order, equal the unsharded
# pack byte for byte (compare_packs.sh).
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
{ printf 'month = "2024-12"\nperiod = "last 12 months"\n'; sample_inputs; cat << TOML
[[theme]]
name = "burglary"
title = "Burglary"
crime-type = ["burglary"]
[[theme]]
name = "robbery"
title = "Robbery"
crime-type = ["robbery"]
# 2.5 km tiles of 25 x 25 cells (30 a theme) with a 300 m band: neighbours reach across tile edges.
[[step]]
run = "gistar"
cell = 100
neighbours = "band:300"
tile-size = "2500m"
[[step]]
run = "change"
per = "ward"
TOML
} > "$tmp/p.toml"

"$bin" pack "$tmp/p.toml" -o "$tmp/full" -q > /dev/null 2> "$tmp/err" || fail "the unsharded pack failed: $(cat "$tmp/err")"
[ -s "$tmp/full/burglary/gistar-units.vrt" ] || fail "no Gi* mosaic in the pack: $(ls "$tmp/full/burglary")"
# The pack's mosaic is the untiled run's cells (the same incidents: burglary of 2024).
"$bin" gistar "$src/sample_data/police_export.csv" --crs EPSG:27700 --crime-type burglary --period 2024-01..2024-12 \
  --cell 100 --neighbours band:300 -o "$tmp/whole.csv" -q > /dev/null 2> "$tmp/err" || fail "untiled gistar: $(cat "$tmp/err")"
$py "$src/tests/cli/compare_gistar_mosaic.py" "$tmp/full/burglary/gistar-units.vrt" "$tmp/whole.csv" > "$tmp/cmp" 2>&1 \
  || fail "the pack's Gi* mosaic differs from the untiled cells: $(cat "$tmp/cmp")"
$py - "$tmp/full/burglary/gistar-units.vrt" "$tmp/whole.csv" << 'PY' || fail "max_abs_z"
import csv, json, sys
from osgeo import gdal
meta = json.loads(gdal.Open(sys.argv[1]).GetMetadataItem("hotspots"))
top = max(abs(float(r["z"])) for r in csv.DictReader(open(sys.argv[2])))
assert "max_value" not in meta, meta.get("max_value")
assert abs(meta["max_abs_z"] - top) <= 1e-12 * top, (meta["max_abs_z"], top)
PY
echo "pack: the Gi* mosaic equals the untiled cells ($(cat "$tmp/cmp")); max_abs_z the largest |z|"

for i in 2 0 1; do
  "$bin" pack "$tmp/p.toml" --shard-by tile --shard $i/3 -o "$tmp/s$i" -q > /dev/null 2> "$tmp/err" \
    || fail "shard $i/3 by tile: $(cat "$tmp/err")"
done
$py - "$tmp" << 'PY' || fail "shard entries"
import json, os, sys
tmp = sys.argv[1]
for i in range(3):
    s = json.load(open(f"{tmp}/s{i}/manifest.json"))["shard"]
    assert [t["file"] for t in s["tiles"]] == ["burglary/gistar-units.vrt", "robbery/gistar-units.vrt"], s["tiles"]
    for t in s["tiles"]:
        assert t["of"] > 3 and t["made"] == list(range(i, t["of"], 3)), t
PY
"$bin" merge "$tmp/s1" "$tmp/s2" "$tmp/s0" -o "$tmp/merged" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
bash "$src/tests/cli/compare_packs.sh" "$tmp/full" "$tmp/merged" || fail "the merged shards by tile differ from the unsharded pack"
echo "3 shards by tile of a pack with Gi* in tiles, merged: the unsharded pack byte for byte"

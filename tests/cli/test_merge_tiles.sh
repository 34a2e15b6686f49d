#!/usr/bin/env bash
# pack --shard-by tile and merge: a pack of two themes whose kde is made in 2.5 km tiles, split
# into 3 shards by tile (shard 2 holds no theme: tiles only). Each shard makes the tiles
# t mod 3 = i of every theme and says which in its manifest; the merged folder equals the
# unsharded pack (compare_packs.sh: the VRTs, their tiles and styles, the project, the
# manifest); a shard run again alone gives the same bytes; a missing shard or tile is named;
# a pack without a tiled kde is refused saying what to add; a pack of rasters only (no areas,
# a GeoPackage with no table) merges too.
source "$(dirname "$0")/lib.sh"
compare="bash $src/tests/cli/compare_packs.sh"
cat > "$tmp/p.toml" << TOML
month = "2024-12"
period = "last 3 months"
[inputs]
files = ["$src/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
id = "crime_ref"
[[areas]]
path = "$src/sample_data/areas/wards.geojson"
as = "ward"
[[theme]]
name = "burglary"
title = "Burglary"
crime-type = ["burglary"]
[[theme]]
name = "robbery"
title = "Robbery"
crime-type = ["robbery"]
# In tiles: the shards split its tiles. Its scale is its own, not the untiled kde's.
[[step]]
run = "kde"
name = "kde-tiled"
bandwidth = 300
cell = 50
tile-size = "2500m"
# Whole: made by the theme's shard, as are the ward changes.
[[step]]
run = "kde"
bandwidth = 300
cell = 100
[[step]]
run = "change"
per = "ward"
TOML

"$bin" pack "$tmp/p.toml" -o "$tmp/full" -q > /dev/null 2> "$tmp/err" || fail "the unsharded pack failed: $(cat "$tmp/err")"
for i in 2 1 0; do
  "$bin" pack "$tmp/p.toml" --shard-by tile --shard $i/3 -o "$tmp/s$i" -q > /dev/null 2> "$tmp/err" \
    || fail "shard $i/3 by tile: $(cat "$tmp/err")"
done
# Each shard: its themes round-robin, the tiles t mod 3 = i of both mosaics, and only those files.
/usr/bin/python3 - "$tmp" << 'PY' || fail "shard entries"
import json, os, sys
tmp = sys.argv[1]
for i in range(3):
    m = json.load(open(f"{tmp}/s{i}/manifest.json"))
    s = m["shard"]
    want = ["burglary", "robbery"][i::3]
    assert (s["index"], s["count"], s["by"], s["themes"]) == (i, 3, "tile", want), s
    assert sorted({e["theme"] for e in m["steps"]}) == want, m["steps"]
    assert [t["file"] for t in s["tiles"]] == ["burglary/kde-tiled-density.vrt", "robbery/kde-tiled-density.vrt"], s["tiles"]
    for t in s["tiles"]:
        full = sorted(os.listdir(f"{tmp}/full/{t['file'][:-4]}"))
        assert len(full) > 3, f"only {len(full)} tiles in {t['file']}: make the tiles smaller"
        assert t["of"] == len(full) and t["made"] == list(range(i, t["of"], 3)), t
        have = sorted(os.listdir(f"{tmp}/s{i}/{t['file'][:-4]}"))
        assert have == [full[k] for k in t["made"]], (have, t["made"])
    # Not the theme's shard: the tiles and nothing else of that theme.
    for theme in {"burglary", "robbery"} - set(want):
        assert os.listdir(f"{tmp}/s{i}/{theme}") == ["kde-tiled-density"], os.listdir(f"{tmp}/s{i}/{theme}")
PY
"$bin" merge "$tmp/s2" "$tmp/s0" "$tmp/s1" -o "$tmp/merged" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
$compare "$tmp/full" "$tmp/merged" || fail "the merged shards by tile differ from the unsharded pack"
# The mosaic opens whole in GDAL with every tile (compare_packs compared its bytes).
gdalinfo -checksum "$tmp/merged/robbery/kde-tiled-density.vrt" > "$tmp/info" 2>&1 || fail "merged VRT: $(cat "$tmp/info")"
grep -q "ERROR" "$tmp/info" && fail "merged VRT: $(grep ERROR "$tmp/info")"

# A pack of rasters only (no [[areas]]: its GeoPackage has no table) merges too.
sed -e '/^\[\[areas\]\]/,/^as = /d' -e '/^# Whole:/,$d' "$tmp/p.toml" > "$tmp/r.toml"
"$bin" pack "$tmp/r.toml" -o "$tmp/rfull" -q > /dev/null 2> "$tmp/err" || fail "rasters-only pack: $(cat "$tmp/err")"
for i in 0 1; do
  "$bin" pack "$tmp/r.toml" --shard-by tile --shard $i/2 -o "$tmp/r$i" -q > /dev/null 2> "$tmp/err" || fail "r $i/2: $(cat "$tmp/err")"
done
"$bin" merge "$tmp/r0" "$tmp/r1" -o "$tmp/rmerged" -q 2> "$tmp/err" || fail "merge of a rasters-only pack: $(cat "$tmp/err")"
$compare "$tmp/rfull" "$tmp/rmerged" || fail "the merged rasters-only pack differs"

# A shard run again alone gives the same bytes.
"$bin" pack "$tmp/p.toml" --shard-by tile --shard 1/3 -o "$tmp/again" -q > /dev/null 2>&1 || fail "rerunning shard 1/3 failed"
for f in $(cd "$tmp/s1" && find . -type f ! -name manifest.json | sort); do
  cmp -s "$tmp/s1/$f" "$tmp/again/$f" || fail "$f differs when shard 1/3 is run again"
done

# Missing pieces are named with the command that makes them; nothing is left behind.
refused() {  # refused PATTERN MERGE_ARGS...
  local pattern=$1
  shift
  "$bin" merge "$@" -o "$tmp/bad" -q > /dev/null 2> "$tmp/err"
  [ $? -eq 2 ] || fail "merge $* was not refused with exit 2: $(cat "$tmp/err")"
  grep -q -- "$pattern" "$tmp/err" || fail "merge $*: no '$pattern' in: $(cat "$tmp/err")"
  [ -e "$tmp/bad" ] && fail "a refused merge left its folder"
  return 0
}
refused "shard 2/3 is missing .*pack --shard-by tile --shard 2/3" "$tmp/s0" "$tmp/s1"
tile=$(ls "$tmp/again/robbery/kde-tiled-density" | head -1)
rm "$tmp/again/robbery/kde-tiled-density/$tile"
refused "again: tile $tile of robbery/kde-tiled-density.vrt is missing.*--shard-by tile --shard 1/3" "$tmp/s0" "$tmp/again" "$tmp/s2"
"$bin" pack "$tmp/p.toml" --shard 0/2 -o "$tmp/t0" -q > /dev/null 2>&1 || fail "shard 0/2 by theme failed"
refused "t0: a shard of a different" "$tmp/s0" "$tmp/s1" "$tmp/t0"

# No tiled kde: refused before anything is read, saying what to add.
"$bin" pack "$src/sample_data/packs/sample.toml" --shard-by tile --shard 0/2 -o "$tmp/x" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'shard-by tile: no step of .*tile-size = "10km"' "$tmp/err" \
  || fail "a pack without tiles was not refused: $(cat "$tmp/err")"
[ -e "$tmp/x" ] && fail "the refused pack left a folder"
"$bin" pack "$tmp/p.toml" --shard-by area --shard 0/2 -o "$tmp/x" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'shard-by' "$tmp/err" || fail "--shard-by area was not refused: $(cat "$tmp/err")"
"$bin" pack "$tmp/p.toml" --shard-by tile -o "$tmp/x" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'give --shard i/N too' "$tmp/err" || fail "--shard-by without --shard: $(cat "$tmp/err")"

# deploy/slurm/packs.sbatch (a force-by-force run, one pack file per force) as array task 1 of
# a list of two: the second force's folder only.
cp "$tmp/p.toml" "$tmp/force-a.toml"
cp "$tmp/p.toml" "$tmp/force-b.toml"
printf '%s\n' "$tmp/force-a.toml" "$tmp/force-b.toml" > "$tmp/forces.txt"
HOTSPOTS="$bin" PACKS="$tmp/forces.txt" OUT="$tmp/forces" SLURM_ARRAY_TASK_ID=1 SLURM_CPUS_PER_TASK=1 \
  bash "$src/deploy/slurm/packs.sbatch" > "$tmp/out" 2> "$tmp/err" || fail "packs.sbatch task 1: $(cat "$tmp/err")"
[ -s "$tmp/forces/force-b/manifest.json" ] && [ ! -e "$tmp/forces/force-a" ] || fail "packs.sbatch task 1 made: $(ls "$tmp/forces")"
# Its log holds no summary table (issue 30 #2): they are the folder's report.txt.
[ -s "$tmp/out" ] && fail "packs.sbatch printed to stdout (the Slurm log): $(head -3 "$tmp/out")"
grep -q '^== burglary / kde' "$tmp/forces/force-b/report.txt" || fail "packs.sbatch: no tables in report.txt"
HOTSPOTS="$bin" PACKS="$tmp/forces.txt" OUT="$tmp/forces" SLURM_ARRAY_TASK_ID=2 bash "$src/deploy/slurm/packs.sbatch" 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'has no line 3 for task 2; give --array=0-1' "$tmp/err" || fail "packs.sbatch task 2 of 2: $(cat "$tmp/err")"
echo "ok"

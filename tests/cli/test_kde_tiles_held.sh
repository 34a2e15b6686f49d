#!/usr/bin/env bash
# The weight a tiled kde's grid holds is said as the untiled run says it (issue 30 #1): the
# sample cut to --extent 440000,300000,446000,306000 (6 km square over part of the town, about
# 20% of the kernels' weight inside) prints "the grid holds P% of the total weight W" and the
# under-99% warning untiled, in tiles (kde, and a pack's kde step, the warning in its manifest
# entry) and after hotspots merge of a pack sharded by tile (no shard knows the total), with one
# P, the one the mosaic's grid_holds_pct rounds. The whole extent: no warning.
source "$(dirname "$0")/lib.sh"
extent=440000,300000,446000,306000
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 50)
warning="warning: .*part of the kernels falls outside the grid (--extent)"
# held FILE: the percentage of the one "the grid holds" line in FILE
held() {
  [ "$(grep -c 'the grid holds .*% of the total weight' "$1")" -eq 1 ] || fail "not one 'the grid holds' line in: $(cat "$1")"
  sed -n 's/.*the grid holds \([0-9.]*\)% of the total weight.*/\1/p' "$1"
}
warned() { grep -q -- "$warning" "$1" || fail "$2: no warning in: $(cat "$1")"; }

"$bin" kde "${args[@]}" --extent $extent -o "$tmp/whole.tif" 2> "$tmp/whole.err" || fail "untiled: $(cat "$tmp/whole.err")"
pct=$(held "$tmp/whole.err")
warned "$tmp/whole.err" "untiled"
# About 20%: far below 99, and far above 0 (the extent is not off the data).
awk -v p="$pct" 'BEGIN { exit !(p > 10 && p < 40) }' || fail "untiled holds $pct%, not about 20%"

"$bin" kde "${args[@]}" --extent $extent --tile-size 2km -o "$tmp/t.vrt" 2> "$tmp/t.err" || fail "tiled: $(cat "$tmp/t.err")"
[ "$(held "$tmp/t.err")" = "$pct" ] || fail "tiled holds $(held "$tmp/t.err")%, untiled $pct%"
warned "$tmp/t.err" "tiled"
# The printed figure is the mosaic's own (it has three decimals, the line two: within 0.0051).
vrt=$(gdalinfo "$tmp/t.vrt" | sed -n 's/.*"grid_holds_pct":\([0-9.]*\).*/\1/p')
awk -v v="$vrt" -v p="$pct" 'BEGIN { d = v - p; exit !(v != "" && d <= 0.0051 && d >= -0.0051) }' \
  || fail "the VRT says grid_holds_pct $vrt, the run printed $pct"

# -q: the note goes, the warning stays.
"$bin" kde "${args[@]}" --extent $extent --tile-size 2km -o "$tmp/q.vrt" -q 2> "$tmp/q.err" || fail "tiled -q: $(cat "$tmp/q.err")"
grep -q "the grid holds" "$tmp/q.err" && fail "tiled -q printed the note: $(cat "$tmp/q.err")"
warned "$tmp/q.err" "tiled -q"

# The whole extent holds nearly all of it: the line, no warning.
"$bin" kde "${args[@]}" --tile-size 2km -o "$tmp/full.vrt" 2> "$tmp/full.err" || fail "tiled, whole extent: $(cat "$tmp/full.err")"
awk -v p="$(held "$tmp/full.err")" 'BEGIN { exit !(p >= 99) }' || fail "the whole extent holds $(held "$tmp/full.err")%"
grep -q "warning:" "$tmp/full.err" && fail "the whole extent warned: $(cat "$tmp/full.err")"

# A pack: one theme of the tiled kde, and a second theme of an untiled step, so that two
# shards by tile make the mosaic and only shard 0 runs its theme.
cat > "$tmp/p.toml" << TOML
month = "2024-12"
period = "last 24 months"
[inputs]
files = ["$src/sample_data/police_export.csv"]
crs = "EPSG:27700"
[[theme]]
name = "all"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
extent = "$extent"
tile-size = "2km"
TOML
# The theme "all" holds every incident (all within the last 24 months): the kde's figure.
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" > /dev/null 2> "$tmp/pack.err" || fail "pack: $(cat "$tmp/pack.err")"
grep "all/kde: the grid holds" "$tmp/pack.err" > "$tmp/pack.all" || fail "pack: no line for all/kde: $(cat "$tmp/pack.err")"
[ "$(held "$tmp/pack.all")" = "$pct" ] || fail "the pack's tiled kde holds $(held "$tmp/pack.all")%, kde $pct%"
[ "$(grep -c -- "$warning" "$tmp/pack.err")" -eq 2 ] || fail "pack: not a warning per theme: $(cat "$tmp/pack.err")"
sed '/^tile-size/d' "$tmp/p.toml" > "$tmp/u.toml"
"$bin" pack "$tmp/u.toml" -o "$tmp/upack" > /dev/null 2> "$tmp/upack.err" || fail "untiled pack: $(cat "$tmp/upack.err")"
/usr/bin/python3 - "$tmp/pack/manifest.json" "$tmp/upack/manifest.json" << 'PY' || fail "the pack's manifest warnings"
import json, sys
def warnings(path):
    return {s["theme"]: [w for w in s["warnings"] if "outside the grid" in w] for s in json.load(open(path))["steps"]}
tiled, untiled = warnings(sys.argv[1]), warnings(sys.argv[2])
assert tiled == untiled and all(len(w) == 1 for w in tiled.values()), (tiled, untiled)
PY

# Sharded by tile: no shard prints the figure; merge does, and its manifest is the unsharded one.
for i in 0 1; do
  "$bin" pack "$tmp/p.toml" --shard-by tile --shard $i/2 -o "$tmp/s$i" > /dev/null 2> "$tmp/s$i.err" \
    || fail "shard $i/2: $(cat "$tmp/s$i.err")"
  grep -q "the grid holds\|outside the grid" "$tmp/s$i.err" && fail "shard $i/2 said the weight held: $(cat "$tmp/s$i.err")"
done
"$bin" merge "$tmp/s0" "$tmp/s1" -o "$tmp/merged" 2> "$tmp/merge.err" || fail "merge: $(cat "$tmp/merge.err")"
grep "all/kde: the grid holds" "$tmp/merge.err" > "$tmp/merge.all" || fail "merge: no line for all/kde: $(cat "$tmp/merge.err")"
[ "$(held "$tmp/merge.all")" = "$pct" ] || fail "merge says $(held "$tmp/merge.all")%, kde $pct%"
[ "$(grep -c -- "$warning" "$tmp/merge.err")" -eq 2 ] || fail "merge: not a warning per theme: $(cat "$tmp/merge.err")"
bash "$src/tests/cli/compare_packs.sh" "$tmp/pack" "$tmp/merged" || fail "the merged pack differs from the unsharded one"

# A surface in tiles cannot be published (it is banded whole): refused as the options are
# checked, before any incident is read, by kde and by a pack, with nothing written.
"$bin" kde "${args[@]}" --tile-size 2km --publish -o "$tmp/pub.vrt" -v 2> "$tmp/pub.err"
[ $? -eq 2 ] && grep -q -- "--publish: a surface made in tiles (tile-size) cannot be published" "$tmp/pub.err" \
  || fail "kde --tile-size --publish was not refused: $(cat "$tmp/pub.err")"
grep -q "read 1 files" "$tmp/pub.err" && fail "kde --tile-size --publish read the incidents first: $(cat "$tmp/pub.err")"
[ -e "$tmp/pub.vrt" ] && fail "kde --tile-size --publish wrote its mosaic"
{ echo "publish = true"; cat "$tmp/p.toml"; } > "$tmp/pub.toml"
"$bin" pack "$tmp/pub.toml" -o "$tmp/pubpack" -v > /dev/null 2> "$tmp/pubpack.err"
[ $? -eq 2 ] && grep -q "pub.toml line [0-9]*: step kde on theme all: --publish: a surface made in tiles" "$tmp/pubpack.err" \
  || fail "a published pack with a tiled kde was not refused: $(cat "$tmp/pubpack.err")"
grep -q "read .* rows" "$tmp/pubpack.err" && fail "the published pack read the incidents first: $(cat "$tmp/pubpack.err")"
[ -e "$tmp/pubpack" ] && fail "the published pack left a folder"
echo "ok: untiled, tiled, pack and merge hold $pct%; published tiles refused before reading"

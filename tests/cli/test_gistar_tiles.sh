#!/usr/bin/env bash
# gistar --tile-size on the sample: the cells (count, z, p, adjusted p, bin) and the merged hot
# and cold spots equal the untiled run's, with tiles of 200 m (under the 300 m band) and with a
# tile edge through the planted hotspot H1: as a table (.csv, byte for byte, with 99
# permutations) and as the mosaic of COG tiles (.vrt: the bands z, p, p_adjusted and bin, cell
# for cell, read through GDAL); an interrupt or a failure leaves no tile folder; a layer of every
# cell with --tile-size and --tile-size with --per are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py -c 'from osgeo import gdal; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward
      --mask sample_data/areas/bcu.geojson --cell 100 --neighbours band:300 -q)
features() { $py -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["features"]))' "$1"; }

"$bin" gistar "${args[@]}" -o "$tmp/whole.csv" --hotspots "$tmp/whole.geojson" > /dev/null 2> "$tmp/err" \
  || fail "untiled: $(cat "$tmp/err")"
# Tiles of 200 m (2 x 2 cells, under the band) as a table: several thousand COGs would be slow.
"$bin" gistar "${args[@]}" --tile-size 200m -o "$tmp/t200.csv" --hotspots "$tmp/t200.geojson" > /dev/null 2> "$tmp/err" \
  || fail "tiles of 200 m: $(cat "$tmp/err")"
cmp -s "$tmp/t200.csv" "$tmp/whole.csv" || fail "tiles of 200 m: the cells differ"
[ "$(features "$tmp/t200.geojson")" = "$(features "$tmp/whole.geojson")" ] || fail "tiles of 200 m: the hot spots differ"
echo "tiles of 200 m: the table of cells and $(grep -o '"label"' "$tmp/whole.geojson" | wc -l) hot and cold spots equal"

# The largest tile (3-30 cells, the fewest COGs) whose column edge passes within half a cell of H1's centre.
read -r size < <($py - "$tmp/whole.csv" sample_data/truth/hotspots.csv << 'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
x0 = float(rows[0]["x"]) - (int(rows[0]["col"]) + 0.5) * 100
h1 = next(r for r in csv.DictReader(open(sys.argv[2])) if r["id"] == "H1")
col = (float(h1["x"]) - x0) / 100
print(next(s for s in range(30, 2, -1) if abs(col - round(col / s) * s) <= 0.5 and round(col / s) >= 1))
PY
) || fail "no tile size puts an edge through H1"
"$bin" gistar "${args[@]}" --tile-size $((size * 100))m -o "$tmp/h1.vrt" --hotspots "$tmp/h1spots.geojson" > /dev/null 2> "$tmp/err" \
  || fail "tiles of $((size * 100)) m: $(cat "$tmp/err")"
$py tests/cli/compare_gistar_mosaic.py "$tmp/h1.vrt" "$tmp/whole.csv" > "$tmp/cmp" || fail "tiles of $((size * 100)) m: $(cat "$tmp/cmp")"
[ "$(features "$tmp/h1spots.geojson")" = "$(features "$tmp/whole.geojson")" ] || fail "tiles of $((size * 100)) m: the hot spots differ"
[ -s "$tmp/h1.qml" ] && grep -q 'type="paletted" band="4"' "$tmp/h1.qml" || fail "no style of the bins beside the mosaic"
tiles=$(ls "$tmp/h1"/*.tif | wc -l)
[ "$tiles" -gt 1 ] || fail "$tiles tile"
gdalinfo "$(ls "$tmp/h1"/*.tif | head -1)" | grep -q 'LAYOUT=COG' || fail "a tile is not a COG"
echo "tiles of $((size * 100)) m ($tiles), an edge through H1: $(cat "$tmp/cmp"); hot and cold spots equal"
"$bin" gistar "${args[@]}" --permutations 99 -o "$tmp/pw.csv" > /dev/null 2> "$tmp/err" || fail "untiled permutations: $(cat "$tmp/err")"
"$bin" gistar "${args[@]}" --permutations 99 --tile-size $((size * 100))m --threads 1 -o "$tmp/pt.csv" > /dev/null 2> "$tmp/err" \
  || fail "tiled permutations: $(cat "$tmp/err")"
cmp -s "$tmp/pt.csv" "$tmp/pw.csv" || fail "tiles of $((size * 100)) m with permutations: the cells differ"
echo "tiles of $((size * 100)) m, 99 permutations: the table of cells equal byte for byte"

# Nothing half-written: a failure (the hot spots' file cannot be written) leaves neither the
# mosaic nor its tile folder; an interrupt while the tiles are written leaves the mosaic whole or
# nothing, and no temporary.
mkdir -p "$tmp/fail" "$tmp/fail/spots.geojson"
"$bin" gistar "${args[@]}" --tile-size $((size * 100))m -o "$tmp/fail/m.vrt" --hotspots "$tmp/fail/spots.geojson" > /dev/null 2> "$tmp/err" \
  && fail "a hot spots' path that is a folder was accepted"
[ "$(ls -A "$tmp/fail")" = "spots.geojson" ] || fail "a failed run left $(ls -A "$tmp/fail" | tr '\n' ' ')"
echo "a failed run: nothing left ($(head -c 120 "$tmp/err"))"
for after in 0.4 0.8; do
  rm -rf "$tmp/stop" && mkdir "$tmp/stop"
  "$bin" gistar "${args[@]}" --cell 20 --neighbours band:60 --tile-size 200m -o "$tmp/stop/m.vrt" > /dev/null 2>&1 &
  pid=$!
  sleep "$after"
  kill -TERM "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  left=$(ls -A "$tmp/stop" | tr '\n' ' ')
  case "$left" in
    "") echo "stopped after $after s: nothing left" ;;
    "m m.qml m.vrt ") gdalinfo -checksum "$tmp/stop/m.vrt" > /dev/null 2>&1 || fail "stopped after $after s: the mosaic left does not read"
                      echo "stopped after $after s: the whole mosaic" ;;
    *) fail "stopped after $after s: left $left" ;;
  esac
done

bad() {
  local want=$1; shift
  "$bin" gistar "${args[@]}" "$@" 2> "$tmp/err" > /dev/null && fail "$* accepted"
  [ $? -eq 2 ] && grep -q -- "$want" "$tmp/err" || fail "$*: $(cat "$tmp/err")"
  ls "$tmp" | grep -q '^bad' && fail "$*: left something behind"
  return 0
}
bad "tiles square cells" --per ward --tile-size 1km -o "$tmp/bad.csv"
bad "name it .vrt" --tile-size 1km -o "$tmp/bad.gpkg"
bad "give --tile-size" -o "$tmp/bad.vrt"
echo "ok"

#!/usr/bin/env bash
# kde --tile-size on the sample: the VRT mosaic of COG tiles equals the single raster bit for
# bit (tile sizes that do not divide the grid, one smaller than the bandwidth), opens in GDAL
# with the grid's CRS and geotransform, is the same with 1 or 2 threads, and bad tile sizes
# are refused saying what was meant.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'from osgeo import gdal; import numpy' 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy"; exit 77; }
cmp_py="$src/tests/cli/compare_mosaic.py"
args=("$src/sample_data/police_export.csv" --crs EPSG:27700 --bandwidth 300 --cell 10 -q)

"$bin" kde "${args[@]}" -o "$tmp/whole.tif" 2> "$tmp/err" || fail "untiled kde: $(cat "$tmp/err")"
# 2 km (200 cells) does not divide the grid; 250 m is under the 300 m bandwidth.
for size in 2km 250; do
  "$bin" kde "${args[@]}" --tile-size "$size" -o "$tmp/t$size.vrt" --threads 2 2> "$tmp/err" \
    || fail "kde --tile-size $size: $(cat "$tmp/err")"
  [ -d "$tmp/t$size" ] || fail "no tile folder for $size"
  [ -s "$tmp/t$size.qml" ] || fail "no style beside the mosaic for $size"
  $py "$cmp_py" "$tmp/t$size.vrt" "$tmp/whole.tif" 0 > "$tmp/cmp" || fail "mosaic of $size tiles differs: $(cat "$tmp/cmp")"
  echo "tiles of $size: $(cat "$tmp/cmp")"
done
# Each tile a Cloud-Optimized GeoTIFF (GDAL 3.6 reports the layout).
tile=$(ls "$tmp/t2km"/*.tif | head -1)
gdalinfo "$tile" | grep -q 'LAYOUT=COG' || fail "$tile is not a COG"
n=$(ls "$tmp/t2km"/*.tif | wc -l)
cols=$(gdalinfo "$tmp/whole.tif" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p')
read -r w h <<< "$cols"
[ "$n" -eq $(( ((w + 199) / 200) * ((h + 199) / 200) )) ] || fail "$n tiles of 200 cells for a $w x $h grid"
# The mosaic's metadata: the top value and the weight held, known once every tile is made.
gdalinfo "$tmp/t2km.vrt" | grep -q '"grid_holds_pct":' || fail "mosaic metadata without grid_holds_pct"

# One thread: the same tiles, byte for byte.
"$bin" kde "${args[@]}" --tile-size 2km -o "$tmp/one.vrt" --threads 1 2> "$tmp/err" || fail "1 thread: $(cat "$tmp/err")"
for f in "$tmp/t2km"/*.tif; do cmp -s "$f" "$tmp/one/$(basename "$f")" || fail "$(basename "$f") differs with 1 thread"; done

# A pack's kde step with tile-size: THEME/kde-density.vrt with its tiles (no hotspots asked).
sed -n '1,/^\[\[theme\]\]/p' "$src/sample_data/packs/sample.toml" | sed '/^\[\[areas\]\]/,/^$/d; $d' \
  | sed "s|\.\./police_export.csv|$(cd "$src" && pwd)/sample_data/police_export.csv|" > "$tmp/p.toml"
printf '[[theme]]\nname = "burglary"\ntitle = "Burglary"\ncrime-type = ["burglary"]\n\n[[step]]\nrun = "kde"\nbandwidth = 300\ncell = 20\ntile-size = "2km"\n' >> "$tmp/p.toml"
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" -q 2> "$tmp/err" || fail "pack with tile-size: $(cat "$tmp/err")"
gdalinfo "$tmp/pack/burglary/kde-density.vrt" > "$tmp/info" 2> "$tmp/ierr" || fail "pack mosaic does not open"
grep -q 'EPSG",27700' "$tmp/info" || fail "pack mosaic without its CRS"
[ -s "$tmp/pack/burglary/kde-density/r000_c000.tif" ] || fail "pack mosaic without its tiles"

# Bad sizes: exit 2 and the sizes meant.
bad() {
  local want=$1; shift
  "$bin" kde "${args[@]}" "$@" 2> "$tmp/err" > /dev/null && fail "$* accepted"
  [ $? -eq 2 ] || fail "$*: exit code not 2: $(cat "$tmp/err")"
  grep -q -- "$want" "$tmp/err" || fail "$*: message lacks '$want': $(cat "$tmp/err")"
  ls "$tmp" | grep -q '^bad' && fail "$*: left something behind: $(ls "$tmp")"
  return 0
}
bad "smaller than the 10 m cell" --tile-size 5 -o "$tmp/bad.vrt"
bad "did you mean 1000 m (100 cells) or 1010 m (101 cells)" --tile-size 1005m -o "$tmp/bad.vrt"
bad "give a length" --tile-size 10furlongs -o "$tmp/bad.vrt"
# Tiles dwarfed by their halo (31 cells: 300 m quartic on 10 m cells, plus a cell): at least 21.
bad "at least 210 m (21 cells.*did you mean 20km?" --tile-size 20 -o "$tmp/bad.vrt"
bad "did you mean 30 cells (300m) or 30km?" --tile-size 30 -o "$tmp/bad.vrt"
bad "a halo of 121 cells.*at least 810 m (81 cells" --kernel gaussian --tile-size 250m -o "$tmp/bad.vrt"
bad "name it .vrt" --tile-size 1km -o "$tmp/bad.tif"
bad "give --tile-size" -o "$tmp/bad.vrt"
echo "ok"

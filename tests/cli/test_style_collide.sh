#!/usr/bin/env bash
# Map outputs named alike each open in QGIS with their own style. A GeoPackage keeps its style
# inside (layer_styles, which QGIS applies before any NAME.qml beside it), so "-o x.tif
# --hotspots x.gpkg" writes x.qml for the raster alone; two layers whose styles beside them
# would be one file (x.tif and x.geojson: x.qml) are refused before anything is read; a layer
# written without a style (--no-style, or a product that has none) is not.
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --bandwidth 300 --cell 50 -q)
# The default style of a GeoPackage layer, as QGIS looks it up.
embedded() {
  /usr/bin/python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (q,) in c.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = ? AND useAsDefault", (sys.argv[2],)):
    print(q)' "$1" "$2"
}

# Before: x.qml written twice, the raster's style replaced by the polygons' (or the reverse),
# and no style in x.gpkg.
"$bin" kde "${x[@]}" -o "$tmp/x.tif" --hotspots "$tmp/x.gpkg" > /dev/null || fail "kde -o x.tif --hotspots x.gpkg"
grep -q '<rasterrenderer type="singlebandpseudocolor"' "$tmp/x.qml" || fail "x.qml is not the raster's style"
grep -q '<renderer-v2' "$tmp/x.qml" && fail "x.qml holds a vector style"
embedded "$tmp/x.gpkg" hotspots > "$tmp/inside.qml"
grep -q '<renderer-v2 type="singleSymbol"' "$tmp/inside.qml" && grep -q '<symbol type="fill"' "$tmp/inside.qml" ||
  fail "x.gpkg holds no polygon style for its layer: $(head -c 300 "$tmp/inside.qml")"
grep -q '<rasterrenderer' "$tmp/inside.qml" && fail "x.gpkg holds the raster's style"
ls "$tmp" | grep -q '^x\..*\.qml$\|^x\.gpkg\.qml$' && fail "a style beside the GeoPackage"

# A true clash: refused, naming both options, before reading; nothing written.
"$bin" kde "${x[@]}" -o "$tmp/y.tif" --hotspots "$tmp/y.geojson" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "kde -o y.tif --hotspots y.geojson: exit $rc, expected 2: $(cat "$tmp/err")"
grep -q -- '--output .*y.tif and --hotspots .*y.geojson would both have their QGIS style in .*y.qml; give one of them another name' "$tmp/err" ||
  grep -q -- '--hotspots .*y.geojson and .*--output .*y.tif would both have their QGIS style in .*y.qml; give one of them another name' "$tmp/err" ||
  fail "no message naming both options: $(cat "$tmp/err")"
ls "$tmp" | grep -q '^y\.' && fail "a refused run wrote $(ls "$tmp" | grep '^y\.')"
# A product written without a style (kde's hexagons) has nothing beside it to clash: x.qml is
# the raster's alone.
"$bin" kde "${x[@]}" -o "$tmp/h.tif" --aggregate hex:500 --hexagons "$tmp/h.geojson" > /dev/null 2> "$tmp/err" ||
  fail "kde -o h.tif --hexagons h.geojson refused though the hexagons have no style: $(cat "$tmp/err")"
[ -s "$tmp/h.tif" ] && [ -s "$tmp/h.geojson" ] || fail "kde -o h.tif --hexagons h.geojson did not write both"
grep -q '<rasterrenderer type="singlebandpseudocolor"' "$tmp/h.qml" || fail "h.qml is not the raster's style"
# Without styles there is nothing to clash.
"$bin" kde "${x[@]}" -o "$tmp/z.tif" --hotspots "$tmp/z.geojson" --no-style > /dev/null || fail "--no-style refused"
[ -e "$tmp/z.qml" ] && fail "--no-style wrote z.qml"
# map takes --no-style too: its incidents and counts GeoPackages then hold no style at all.
m=(sample_data/police_uk --areas sample_data/areas/wards.geojson --per wards -q)
"$bin" map "${m[@]}" -o "$tmp/m.gpkg" --counts "$tmp/mc.gpkg" > /dev/null || fail "map -o m.gpkg --counts mc.gpkg"
[ -n "$(embedded "$tmp/m.gpkg" incidents)" ] && [ -n "$(embedded "$tmp/mc.gpkg" units)" ] || fail "map wrote no style without --no-style"
"$bin" map "${m[@]}" -o "$tmp/n.gpkg" --counts "$tmp/nc.gpkg" --no-style > /dev/null || fail "map --no-style refused"
for f in n nc; do
  /usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); sys.exit(1 if c.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", ("layer_styles",)).fetchone()[0] else 0)' "$tmp/$f.gpkg" ||
    fail "map --no-style wrote a layer_styles table in $f.gpkg"
done
# walk's stops and route carry styles, and --no-style leaves them out.
w=(sample_data/police_export.csv --crs EPSG:27700 --crime-type violent-crime --network sample_data/streets.geojson --start 447067,300681 --max-length 2km -q)
"$bin" walk "${w[@]}" -o "$tmp/w.geojson" --route "$tmp/wr.geojson" > /dev/null || fail "walk"
grep -q '<renderer-v2 type="categorizedSymbol" attr="kind"' "$tmp/w.qml" && grep -q '<renderer-v2 type="singleSymbol"' "$tmp/wr.qml" ||
  fail "walk's stops or route have no style"
"$bin" walk "${w[@]}" -o "$tmp/v.geojson" --route "$tmp/vr.geojson" --no-style > /dev/null || fail "walk --no-style refused"
[ -e "$tmp/v.qml" ] || [ -e "$tmp/vr.qml" ] && fail "walk --no-style wrote a style"
echo "ok"

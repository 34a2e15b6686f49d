#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real): 2019 NW BCU burglary from
# data.police.uk gives a raster and hotspots that GDAL opens without warnings, every hotspot
# inside the BCU and named after its wards.
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi

bcu="$real/boroughs/nwbcu_union_bng_EPSG27700.geojson"
"$bin" kde "$real/crime/burglary_2010-12_to_2025-02_nwbcu" --from 2019-01 --to 2019-12 --crime-type burglary \
  --areas "$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson,as=ward" --areas "$bcu,as=bcu,code=name,name=name" \
  --mask "$bcu,code=name,name=name" --bandwidth 250 --cell 10 \
  -o "$tmp/burglary.tif" --hotspots "$tmp/hotspots.geojson" > "$tmp/table" 2> "$tmp/err" \
  || fail "kde on 2019 burglary failed: $(cat "$tmp/err")"
grep -q 'read [0-9]* rows: [0-9]* loaded, 0 rejected' "$tmp/err" || fail "unexpected rejects: $(cat "$tmp/err")"
gdalinfo -stats "$tmp/burglary.tif" > "$tmp/info" 2> "$tmp/ierr" || fail "gdalinfo failed"
[ -s "$tmp/ierr" ] && fail "gdalinfo warned: $(cat "$tmp/ierr")"
ogrinfo -ro -al "$tmp/hotspots.geojson" > "$tmp/oinfo" 2> "$tmp/oerr" || fail "ogrinfo failed"
[ -s "$tmp/oerr" ] && fail "ogrinfo warned: $(cat "$tmp/oerr")"
n=$(grep -c '"rank":' "$tmp/hotspots.geojson")
[ "$n" -ge 5 ] || fail "only $n hotspots"
# Every hotspot lies in the BCU: at least 95% of its area (cells whose centre is inside the
# mask reach half a cell past the boundary), and its label names a ward.
ogr2ogr -f CSV "$tmp/h.csv" "$tmp/hotspots.geojson" -select rank,label,bcu 2> /dev/null || fail "ogr2ogr failed"
awk -F, 'NR > 1 { if (match($0, /\) [0-9]+%/) == 0) { print "no bcu share: " $0; bad = 1 }
                  else { p = substr($0, RSTART + 2, RLENGTH - 3) + 0; if (p < 95) { print "outside: " $0; bad = 1 } }
                  if ($2 !~ /^"?H[0-9]+ (near )?[A-Z]/) { print "label: " $2; bad = 1 } }
         END { exit bad }' "$tmp/h.csv" || fail "hotspot outside the BCU or unlabelled"

# Issue 26 #4: a column named for the other axis is refused; values swapped under neutral names
# are in the Irish Sea, and said to be (without --areas nothing else would notice).
lights=$real/other/barnet_street_lights_SDumarais.csv
if [ -f "$lights" ]; then
  "$bin" kde "$lights" --x Asset_YCords --y Asset_XCords --crs EPSG:27700 --date Asset_ID -o "$tmp/lights.tif" -q \
    2> "$tmp/err"
  [ $? -eq 2 ] && grep -q "'Asset_YCords' is by its name a north-south" "$tmp/err" || fail "--x Asset_YCords: $(cat "$tmp/err")"
  /usr/bin/python3 - "$real/crime/burglary_2010-12_to_2025-02_nwbcu/2018-06-metropolitan-street-burglary-nwbcu.csv" \
    "$tmp/swapped.csv" << 'PY'
import csv, sys
from osgeo import osr
src, dst = osr.SpatialReference(), osr.SpatialReference()
src.ImportFromEPSG(4326); dst.ImportFromEPSG(27700)
src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
t = osr.CoordinateTransformation(src, dst)
out = csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow(["a", "b", "month"])
for r in csv.DictReader(open(sys.argv[1])):
    e, n, _ = t.TransformPoint(float(r["Longitude"]), float(r["Latitude"]))
    out.writerow([round(n), round(e), r["Month"]])  # northing first, under a neutral name
PY
  "$bin" kde "$tmp/swapped.csv" --x a --y b --crs EPSG:27700 --date month --bandwidth 300 --cell 50 -o "$tmp/sea.tif" -q \
    2> "$tmp/err" || fail "kde on the swapped burglaries: $(cat "$tmp/err")"
  grep -q "of the incidents lie in the sea off the British Isles.*look swapped" "$tmp/err" || fail "no word of the sea: $(cat "$tmp/err")"
fi
echo "ok: $n hotspots; $(tail -1 "$tmp/table")"

#!/usr/bin/env bash
# Outputs never overwrite a file that is read (incident files, area layers, masks, address
# points, weights tables; also through a symlink or ..), never two outputs one file; a command's
# outputs appear together; temporaries of killed runs are cleaned up by the next run.
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 -q)
cp sample_data/areas/wards.geojson "$tmp/wards.geojson"
cp sample_data/addresses.csv "$tmp/addresses.csv"
printf 'category,weight\n*,1\n' > "$tmp/w.csv"
ln -s "$tmp/wards.geojson" "$tmp/link.geojson"
mkdir -p "$tmp/sub"
refused() {  # refused WHAT FILE: the command (the rest) exits 2 and FILE is unchanged
  local what=$1 file=$2
  shift 2
  local before
  before=$(sha256sum "$file")
  "$bin" "$@" > /dev/null 2> "$tmp/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2: $(cat "$tmp/err")"
  [ "$(sha256sum "$file")" = "$before" ] || fail "$what: $file was changed"
  grep -q 'rows:' "$tmp/err" && fail "$what: incidents were read before refusing"
  return 0
}
refused "hotspots over --areas" "$tmp/wards.geojson" kde "${x[@]}" --areas "$tmp/wards.geojson,as=ward" --bandwidth 300 \
  --hotspots "$tmp/wards.geojson"
refused "hotspots over --mask through a symlink" "$tmp/wards.geojson" kde "${x[@]}" --mask "$tmp/link.geojson" \
  --bandwidth 300 --hotspots "$tmp/wards.geojson"
refused "map over --areas through .." "$tmp/wards.geojson" map "${x[@]}" --areas "$tmp/wards.geojson" -o "$tmp/sub/../wards.geojson"
ogr2ogr -f GeoJSON "$tmp/addresses.geojson" sample_data/addresses.csv -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing -a_srs EPSG:27700
refused "zones over --addresses" "$tmp/addresses.geojson" cocoon "${x[@]}" --since 2024-12-01 \
  --addresses "$tmp/addresses.geojson" -o "$tmp/addresses.geojson"
grep -q 'is an input' "$tmp/err" || fail "zones over --addresses: $(cat "$tmp/err")"
refused "hotspots over --harm-weights" "$tmp/w.csv" kde "${x[@]}" --harm-weights "$tmp/w.csv" --bandwidth 300 --hotspots "$tmp/w.csv"
refused "-o and --summary one file" "$tmp/wards.geojson" map "${x[@]}" --areas "$tmp/wards.geojson" -o "$tmp/out.csv" \
  --summary "$tmp/out.csv"
grep -q 'both name' "$tmp/err" || fail "no message for two outputs in one file: $(cat "$tmp/err")"
refused "--rejects and -o one file" "$tmp/wards.geojson" map "${x[@]}" --areas "$tmp/wards.geojson" -o "$tmp/out.csv" \
  --rejects "$tmp/out.csv"
[ -e "$tmp/out.csv" ] && fail "a refused command wrote an output"

# A killed run's temporary folder is removed by the next run writing there; a live one stays.
dead=999999
while [ -d "/proc/$dead" ]; do dead=$((dead - 1)); done
mkdir "$tmp/.hotspots-tmp-$dead-abcdef" "$tmp/.hotspots-tmp-1-abcdef"
touch "$tmp/.hotspots-tmp-$dead-abcdef/left.gpkg"
"$bin" map "${x[@]}" --areas sample_data/areas/wards.geojson -o "$tmp/m.csv" || fail "map failed"
[ -e "$tmp/.hotspots-tmp-$dead-abcdef" ] && fail "a dead run's temporary folder was not removed"
[ -d "$tmp/.hotspots-tmp-1-abcdef" ] || fail "a live process's temporary folder was removed"
rmdir "$tmp/.hotspots-tmp-1-abcdef"
ls -a "$tmp" | grep -q 'hotspots-tmp-' && fail "this run left a temporary folder"
echo "ok"

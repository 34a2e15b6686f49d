#!/usr/bin/env bash
# A full disk: every writer (GeoTIFF, GeoPackage, GeoJSON, CSV) fails with exit 1 and a
# message saying so, and leaves no file under the final name and no temporary. Needs to mount
# a small tmpfs (root); skipped (77) when it cannot.
source "$(dirname "$0")/lib.sh"
cd "$src"
disk=$tmp/disk
mkdir -p "$disk"
if ! mount -t tmpfs -o size=200k tmpfs "$disk" 2> /dev/null; then
  echo "skipped: cannot mount a small tmpfs here (needs root)"; exit 77
fi
trap 'umount "$disk" 2> /dev/null; rm -rf "$tmp"' EXIT
x=(sample_data/police_export.csv --crs EPSG:27700 -q)
full() {  # full WHAT OUTPUT: the command (the rest) must fail for lack of space
  local what=$1 out=$2
  shift 2
  "$bin" "$@" > /dev/null 2> "$tmp/err"
  local rc=$?
  [ $rc -eq 1 ] || fail "$what: exit $rc on a full disk: $(cat "$tmp/err")"
  grep -qi 'space\|write failed\|disk full\|disk is full' "$tmp/err" || fail "$what: no word of the full disk: $(cat "$tmp/err")"
  [ -e "$out" ] && fail "$what: $out left on a full disk"
  [ -z "$(ls -A "$disk")" ] || fail "$what: left $(ls -A "$disk")"
  return 0
}
full "GeoTIFF" "$disk/d.tif" kde "${x[@]}" --bandwidth 300 --cell 5 --no-style -o "$disk/d.tif"
full "GeoPackage" "$disk/m.gpkg" map "${x[@]}" --areas sample_data/areas/wards.geojson -o "$disk/m.gpkg"
full "GeoJSON" "$disk/m.geojson" map "${x[@]}" --areas sample_data/areas/wards.geojson -o "$disk/m.geojson"
full "CSV" "$disk/m.csv" map "${x[@]}" --areas sample_data/areas/wards.geojson -o "$disk/m.csv"
echo "ok"

#!/usr/bin/env bash
# compare_packs.sh A B: prints every difference between two pack folders and fails when there is
# one. Files byte for byte (the GeoPackage too: a merged one is written again, from the same
# tables in the same order, and its header's change counter is settled, docs/scale.md; when it
# differs, ogrinfo's text says whether its content does), rasters that differ also as gdalinfo -checksum,
# and the manifest with its timings masked.
# Used by test_merge.sh, test_merge_real.sh and test_slurm.sh.
set -uo pipefail
a=$1
b=$2
bad=0
say() { echo "differs: $*"; bad=1; }
diff <(cd "$a" && find . -type f | sort) <(cd "$b" && find . -type f | sort) > /dev/null || say "the lists of files"
for f in $(cd "$a" && find . -type f | sort); do
  [ -f "$b/$f" ] || continue
  case "$f" in
    ./pack.gpkg)
      if ! cmp -s "$a/$f" "$b/$f"; then
        say "$f (bytes)"
        cmp -s <(ogrinfo -ro -al -mdd all "$a/$f" | grep -v '^INFO: Open of') \
          <(ogrinfo -ro -al -mdd all "$b/$f" | grep -v '^INFO: Open of') || say "$f (ogrinfo -al)"
      fi ;;
    ./manifest.json)
      mask() { /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
m.pop("seconds", None)
for s in m.get("steps", []): s.pop("seconds", None)
print(json.dumps(m, indent=1, sort_keys=True))' "$1"; }
      cmp -s <(mask "$a/$f") <(mask "$b/$f") || say "$f (timings masked)" ;;
    *.tif)
      # The checksum only says whether differing bytes hold differing cells: run on equal files
      # it took over 12 minutes for the real pack with 1 km tiles (1,700 COG tiles), now 10 s.
      if ! cmp -s "$a/$f" "$b/$f"; then
        say "$f"
        cmp -s <(gdalinfo -checksum "$a/$f" | grep Checksum) <(gdalinfo -checksum "$b/$f" | grep Checksum) \
          || say "$f (gdalinfo -checksum)"
      fi ;;
    *) cmp -s "$a/$f" "$b/$f" || say "$f" ;;
  esac
done
exit $bad

#!/usr/bin/env bash
# The sample pack: products equal to the separate commands', byte-identical for any thread
# count and from run to run; bad pack files stop before any incident is read, naming the line;
# no output folder is left by an error or an interrupt; the QGIS project opens headless.
source "$(dirname "$0")/lib.sh"
cd "$src"
pack=sample_data/packs/sample.toml

"$bin" pack "$pack" -o "$tmp/p1" --threads 1 -q > "$tmp/report1" 2> "$tmp/err" || fail "pack failed: $(cat "$tmp/err")"
# Every step and format (GeoPackages included), with more threads than cores too.
for t in 2 8; do
  "$bin" pack "$pack" -o "$tmp/p$t" --threads $t -q > /dev/null 2>&1 || fail "pack with $t threads failed"
  for f in $(cd "$tmp/p1" && find . -type f ! -name manifest.json | sort); do
    cmp -s "$tmp/p1/$f" "$tmp/p$t/$f" || fail "$f differs between 1 and $t threads"
  done
done
strip_times() { /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
m.pop("seconds")
for s in m["steps"]: s.pop("seconds")
print(json.dumps(m, sort_keys=True))' "$1"; }
[ "$(strip_times "$tmp/p1/manifest.json")" = "$(strip_times "$tmp/p2/manifest.json")" ] || fail "manifests differ beyond timings"
cmp -s "$tmp/report1" "$tmp/p1/report.txt" || fail "report.txt is not what the command printed"
for f in pack.qgz pack.gpkg manifest.json burglary/kde-density.tif burglary/kde-density.qml burglary/change-units.csv \
         burglary/nearrepeat-knox.csv burglary/nearrepeat-chains.csv burglary/cocoon-zones.csv asb/gistar-hotspots.csv; do
  [ -s "$tmp/p1/$f" ] || fail "no $f in the pack"
done
ls -a "$tmp" | grep -q 'tmp-' && fail "a temporary folder was left"

# Each product equals the one the separate command writes (same step code, same incidents).
in=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence
    --id crime_ref --location street --areas sample_data/areas/wards.geojson,as=ward,from=2019-05
    --areas sample_data/areas/boroughs.geojson,as=borough --areas sample_data/areas/bcu.geojson,as=bcu -q)
scale=$(/usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
print([s for s in m["steps"] if s["theme"] == "burglary" and s["name"] == "kde"][0]["parameters"]["scale-max"])' \
  "$tmp/p1/manifest.json")
"$bin" kde "${in[@]}" --crime-type burglary --period 2024-10-01..2024-12-31 --bandwidth 300 --cell 20 \
  --mask sample_data/areas/bcu.geojson --scale-max "$scale" -o "$tmp/k.tif" --hotspots "$tmp/k.csv" > /dev/null \
  || fail "kde command failed"
cmp -s "$tmp/k.tif" "$tmp/p1/burglary/kde-density.tif" || fail "pack density differs from kde's"
cmp -s "$tmp/k.qml" "$tmp/p1/burglary/kde-density.qml" || fail "pack density style differs from kde's"
cmp -s "$tmp/k.csv" "$tmp/p1/burglary/kde-hotspots.csv" || fail "pack hotspots differ from kde's"
cmp -s "$tmp/k.csv.meta.json" "$tmp/p1/burglary/kde-hotspots.csv.meta.json" || fail "pack hotspot metadata differs"
"$bin" change "${in[@]}" --crime-type burglary --per ward --before 2023-10-01..2023-12-31 --after 2024-10-01..2024-12-31 \
  -o "$tmp/c.csv" > /dev/null || fail "change command failed"
cmp -s "$tmp/c.csv" "$tmp/p1/burglary/change-units.csv" || fail "pack change table differs from change's"
"$bin" nearrepeat "${in[@]}" --crime-type burglary --period 2024-01-01..2024-12-31 --permutations 99 -o "$tmp/n.csv" \
  --chains "$tmp/ch.csv" > /dev/null || fail "nearrepeat command failed"
cmp -s "$tmp/n.csv" "$tmp/p1/burglary/nearrepeat-knox.csv" || fail "pack Knox table differs"
cmp -s "$tmp/ch.csv" "$tmp/p1/burglary/nearrepeat-chains.csv" || fail "pack chains differ"

# The output folder is never overwritten unless asked, and then only once complete.
"$bin" pack "$pack" -o "$tmp/p1" -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'exists already' "$tmp/err" || fail "an existing folder was not refused: $(cat "$tmp/err")"
"$bin" pack "$pack" -o "$tmp/p1" --replace -q > /dev/null 2>&1 || fail "--replace failed"

# Bad pack files stop before any incident is read, name the line, and leave no folder.
bad() {  # bad NAME EXPECTED_EXIT PATTERN: the pack in $tmp/NAME.toml
  "$bin" pack "$tmp/$1.toml" -o "$tmp/out-$1" -v > /dev/null 2> "$tmp/err"
  local rc=$?
  [ $rc -eq "$2" ] || fail "$1: exit $rc, expected $2: $(cat "$tmp/err")"
  grep -q -- "$3" "$tmp/err" || fail "$1: no '$3' in: $(cat "$tmp/err")"
  grep -q 'rows:' "$tmp/err" && fail "$1: incidents were read before the error"
  [ -e "$tmp/out-$1" ] && fail "$1: an output folder was left"
  ls -a "$tmp" | grep -q 'tmp-' && fail "$1: a temporary folder was left"
  return 0
}
sed 's#"\.\./#"'"$PWD"'/sample_data/#g' "$pack" > "$tmp/base.toml"
sed 's/^per = "ward"$/per = "wardd"/' "$tmp/base.toml" > "$tmp/label.toml"
bad label 2 'line [0-9]*: step change on theme burglary: --per wardd: .*did you mean ward'
sed 's/^bandwidth = 300$/bandwith = 300/' "$tmp/base.toml" > "$tmp/key.toml"
bad key 2 "line [0-9]*: unknown key 'bandwith'.*did you mean 'bandwidth'"
sed 's/^cell = 100$/cell = "a hundred"/' "$tmp/base.toml" > "$tmp/type.toml"
bad type 2 "line [0-9]*: step gistar: cell"
sed 's#^\(mask = ".*\)/areas/bcu.geojson"#\1/areas/nowhere.geojson"#' "$tmp/base.toml" > "$tmp/mask.toml"
bad mask 1 'line [0-9]*: step kde on theme burglary: --mask: .*nowhere.geojson'
sed 's/^crime-type = \["robbery"\]$/crime-type = []/' "$tmp/base.toml" > "$tmp/empty.toml"
bad empty 2 'line [0-9]*: crime-type: an empty list'
sed 's#/areas/wards.geojson"#/areas/wards.gpkg"#' "$tmp/base.toml" > "$tmp/areas.toml"
bad areas 1 'line [0-9]*: \[\[areas\]\] .*wards.gpkg: no such file'

# An interrupt leaves neither the output folder nor a temporary one.
"$bin" pack "$pack" -o "$tmp/int" --threads 1 -q > /dev/null 2>&1 &
pid=$!
sleep 0.8
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || fail "interrupted pack exited $rc (it may have finished before the interrupt)"
[ -e "$tmp/int" ] && fail "an interrupted pack left its output folder"
ls -a "$tmp" | grep -q 'tmp-' && fail "an interrupted pack left a temporary folder"

# The QGIS project opens headless with every layer valid, styled, in place (needs PyQGIS).
if /usr/bin/python3 -c 'import qgis.core' 2> /dev/null; then
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" /usr/bin/python3 "$src/tests/pack/check_qgz.py" "$tmp/p1" \
    435000 295000 460000 315000 > "$tmp/qgis" 2>&1 || fail "QGIS check: $(grep -v '^Warning\|QStandardPaths' "$tmp/qgis")"
  grep -q 'rendered:' "$tmp/qgis" || fail "QGIS did not render"
else
  echo "skipped the QGIS check: PyQGIS is not installed (apt-get install python3-qgis)"
fi
echo "ok"

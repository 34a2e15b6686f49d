#!/usr/bin/env bash
# Issue 25 route 11: `hotspots report FOLDER` reads only files the pack wrote inside FOLDER. A
# manifest whose outputs or areas name a GDAL virtual path (/vsicurl/ to a local server,
# with and without --allow-remote), a path that climbs out with .., an absolute path or a
# connection string, a file that is a symbolic link out of the folder, a theme name that is not
# one (it names --png files), or a .tif that is a VRT pointing elsewhere: refused with exit 1,
# the message naming the manifest and its field, no report written, nothing fetched. A link
# that stays inside the folder, and the pack as written, still make a report.
source "$(dirname "$0")/lib.sh"
cd "$src"
src=$(pwd)
py=/usr/bin/python3
{ printf 'title = "Small"\nmonth = "2024-12"\nperiod = "last 3 months"\n'
  sample_inputs 'date = "committed_from"' 'type = "offence"' 'location = "street"'
  cat << EOF
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
EOF
} > "$tmp/small.toml"
"$bin" pack "$tmp/small.toml" -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -o "$tmp/ok.html" -q > /dev/null 2> "$tmp/err" || fail "the pack's own report: $(cat "$tmp/err")"

# Outside the folder: a CSV of hotspots whose place is a secret, and a copy of the density.
mkdir -p "$tmp/outside"
$py - "$tmp/pack/burglary/kde-hotspots.csv" "$tmp/outside/secret.csv" << 'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for r in rows:
    r["top_location"] = "SECRET-ADDRESS"
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
EOF
cp "$tmp/pack/burglary/kde-density.tif" "$tmp/outside/density.tif"

# A local server holding a copy of the pack: a /vsicurl/ path must not reach it.
cp -r "$tmp/pack" "$tmp/served"
$py -u -m http.server --bind 127.0.0.1 --directory "$tmp/served" 0 > "$tmp/server.out" 2> "$tmp/server.log" &
server=$!
trap 'kill $server 2> /dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q "port" "$tmp/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$tmp/server.out" | head -1)
[ -n "$port" ] || fail "the server did not start"

# case NAME FIELD VALUE [report options]: FOLDER a copy of the pack with the manifest's FIELD
# (outputs[K].file, areas[K].file, themes[K].name; K the output of that file) set to VALUE.
case_of() {
  rm -rf "$tmp/case"
  cp -r "$tmp/pack" "$tmp/case"
  $py - "$tmp/case/manifest.json" "$1" "$2" << 'EOF'
import json, sys
path, field, value = sys.argv[1:]
m = json.load(open(path))
section, key = field.split(".")
name, index = section.rstrip("]").split("[")
if name == "areas" and not m["areas"]:
    m["areas"] = [{"label": "ward"}]
m[name][int(index)][key] = value
json.dump(m, open(path, "w"), indent=1)
EOF
}
output_index() {  # the index of the output with this file (and layer)
  $py -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(next(k for k, o in enumerate(m["outputs"]) if o["file"] == sys.argv[2] and o.get("layer", "") in (sys.argv[3], "")))' \
    "$tmp/pack/manifest.json" "$1" "${2:-}"
}
refused() {  # refused FIELD WORDS [options]: exit 1, the message names the manifest and field
  local field=$1 words=$2
  shift 2
  rm -f "$tmp/r.html"
  "$bin" report "$tmp/case" -o "$tmp/r.html" -q "$@" > /dev/null 2> "$tmp/err"
  local rc=$?
  [ $rc -eq 1 ] || fail "$field: exit $rc, not 1: $(cat "$tmp/err")"
  grep -q "case/manifest.json: $field " "$tmp/err" || fail "$field: the message does not name the manifest and field: $(cat "$tmp/err")"
  grep -q "$words" "$tmp/err" || fail "$field: the message does not say '$words': $(cat "$tmp/err")"
  grep -qs "SECRET-ADDRESS" "$tmp/r.html" && fail "$field: the report embedded a file from outside the folder"
  [ -e "$tmp/r.html" ] && fail "$field: a report was written"
  return 0
}
layer=$(output_index pack.gpkg burglary_kde_hotspots)
table=$(output_index burglary/kde-hotspots.csv)
tif=$(output_index burglary/kde-density.tif)

case_of "outputs[$layer].file" "/vsicurl/http://127.0.0.1:$port/pack.gpkg"
refused "outputs\[$layer\].file" "GDAL virtual path"
refused "outputs\[$layer\].file" "GDAL virtual path" --allow-remote
case_of "outputs[$tif].file" "/vsicurl/http://127.0.0.1:$port/burglary/kde-density.tif"
refused "outputs\[$tif\].file" "GDAL virtual path" --allow-remote
case_of "outputs[$table].file" "../outside/secret.csv"
refused "outputs\[$table\].file" "climbs out of the folder"
case_of "outputs[$table].file" "burglary/../../outside/secret.csv"
refused "outputs\[$table\].file" "climbs out of the folder"
case_of "outputs[$table].file" "$tmp/outside/secret.csv"
refused "outputs\[$table\].file" "absolute path"
case_of "outputs[$table].file" "CSV:$tmp/outside/secret.csv"
refused "outputs\[$table\].file" "holds ':'"
case_of "outputs[$table].file" "http://127.0.0.1:$port/burglary/kde-hotspots.csv"
refused "outputs\[$table\].file" "URL" --allow-remote
case_of "areas[0].file" "../outside/secret.csv"
refused "areas\[0\].file" "climbs out of the folder"
case_of "themes[0].name" "../../x"
refused "themes\[0\].name" "not a theme name"

# A symbolic link out of the folder, the manifest as the pack wrote it.
rm -rf "$tmp/case"
cp -r "$tmp/pack" "$tmp/case"
ln -sf "$tmp/outside/secret.csv" "$tmp/case/burglary/kde-hotspots.csv"
refused "outputs\[$table\].file" "symbolic link"
ln -sfn "$tmp/outside" "$tmp/case/burglary"
refused "outputs\[$table\].file" "symbolic link"

# A link inside the folder is the pack's own file: the report is made.
rm -rf "$tmp/case"
cp -r "$tmp/pack" "$tmp/case"
mv "$tmp/case/burglary/kde-hotspots.csv" "$tmp/case/kept.csv"
ln -s ../kept.csv "$tmp/case/burglary/kde-hotspots.csv"
"$bin" report "$tmp/case" -o "$tmp/r.html" -q > /dev/null 2> "$tmp/err" || fail "a link inside the folder: $(cat "$tmp/err")"

# A .tif that is a VRT of a raster outside: opened as a GeoTIFF only, so it is not read.
rm -rf "$tmp/case"
cp -r "$tmp/pack" "$tmp/case"
gdal_translate -q -of VRT "$tmp/outside/density.tif" "$tmp/case/burglary/kde-density.tif" || fail "gdal_translate"
rm -f "$tmp/r.html"
"$bin" report "$tmp/case" -o "$tmp/r.html" -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] || fail "a VRT named .tif was read"
grep -q "kde-density.tif: cannot open" "$tmp/err" || fail "a VRT named .tif: $(cat "$tmp/err")"
[ -e "$tmp/r.html" ] && fail "a VRT named .tif: a report was written"

kill $server 2> /dev/null
wait $server 2> /dev/null
grep -q '"GET\|"HEAD' "$tmp/server.log" && fail "the report fetched from the server: $(cat "$tmp/server.log")"
echo "report paths: only the pack's own files are read; virtual, remote, climbing, absolute and linked-out paths refused"

#!/usr/bin/env bash
# Short street segments withheld in every published product of street segments, not only the
# dashboard's (docs/publish.md, "Short streets"): streets (segments and hot streets), gistar,
# lisa, change, trend and map --counts with --units streets, and kde's density along the
# streets (--lixels), by command and in a pack. Then what a published release said beside the
# counts: which short segments change lists, the classes of a layer's style (map --counts, the
# dashboard's board, kde's lixels and surface) and the metadata's counts of where incidents fell. The
# attacker's route `short` (tests/cli/publish_attack.py) finds no count, rate, statistic or
# class on any segment shorter than --min-street-length (by its length_m, or its line's length),
# where the unpublished outputs hold counts of 0, 1..4 and 5 or more. Settings as
# test_dashboard_units.sh: the sample's vehicle crime in ward Z05000019 with a 150 m minimum
# (the sample's streets are long).
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
if ! $py -c 'import numpy, scipy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP: /usr/bin/python3 with numpy, scipy and osgeo is not installed (the attacker needs them)"
  exit 77
fi
S=sample_data
x=("$S/police_export.csv" --crs EPSG:27700 --areas "$S/areas/wards.geojson,as=ward" --crime-type vehicle-crime
   --within Z05000019 -q)
net=(--network "$S/streets.geojson")
run() { "$@" > /dev/null 2> "$tmp/err" || fail "$*: $(cat "$tmp/err")"; }

mkdir -p "$tmp/pub" "$tmp/open"
for r in pub open; do
  p=(); [ $r = pub ] && p=(--publish --min-street-length 150)
  o=$tmp/$r
  run "$bin" streets "${x[@]}" "${net[@]}" -o "$o/seg.gpkg" --hot-streets "$o/hot.gpkg" --table "$o/hot.csv" "${p[@]}"
  run "$bin" gistar "${x[@]}" --units streets "${net[@]}" -o "$o/gi.gpkg" "${p[@]}"
  run "$bin" lisa "${x[@]}" --units streets "${net[@]}" --permutations 0 -o "$o/lisa.gpkg" "${p[@]}"
  run "$bin" change "${x[@]}" --units streets "${net[@]}" --before 2023-01..2023-12 --after 2024-01..2024-12 \
    -o "$o/change.gpkg" "${p[@]}"
  run "$bin" trend "${x[@]}" --units streets "${net[@]}" -o "$o/trend.gpkg" "${p[@]}"
  run "$bin" map "${x[@]}" --units streets "${net[@]}" -o "$o/map.csv" --counts "$o/units.gpkg" "${p[@]}"
  run "$bin" kde "${x[@]}" --bandwidth 200 "${net[@]}" --lixels "$o/lix.gpkg" --lixel 200 -o "$o/d.tif" "${p[@]}"
done
atk="$py tests/cli/publish_attack.py"
$atk short "$tmp/pub" "$tmp/open" 150 5 > "$tmp/atk" 2>&1 || fail "a short segment shows a figure: $(cat "$tmp/atk")"
# Every product was checked: each names its short rows.
for t in seg.gpkg:street_segments gi.gpkg lisa.gpkg change.gpkg trend.gpkg units.gpkg; do
  grep -q "$t" "$tmp/atk" || fail "no short segment checked in $t: $(cat "$tmp/atk")"
done

# change lists the segments with an incident in either period: published, a short segment's row
# (even withheld) would say it had one. Every segment is listed instead: the short segments of
# the published change are those of the published gistar layer (every segment of the network),
# where the unpublished change lists only some of them.
$py - "$tmp" << 'PY' || fail "change: which short segments are listed says which had an incident"
import sys
from osgeo import ogr
def short(path, layer):
    ds = ogr.Open(path)
    return {f.GetField("code") for f in ds.GetLayerByName(layer) if f.GetGeometryRef().Length() < 150}
t = sys.argv[1]
every = short(f"{t}/pub/gi.gpkg", "gistar")
listed, opened = short(f"{t}/pub/change.gpkg", "change"), short(f"{t}/open/change.gpkg", "change")
if not opened or opened == every:
    sys.exit(f"the unpublished change lists {len(opened)} of the {len(every)} short segments: nothing to tell apart")
if listed != every:
    sys.exit(f"the published change lists {len(listed)} of the {len(every)} short segments ({len(listed & opened)} "
             f"of the {len(opened)} with an incident)")
PY
# The density along the streets is withheld (a rate with no derivation); its style's classes
# are made from the published densities (none), not from the densest lixel's (with the kernel
# and bandwidth, a lone incident's peak), and the metadata keeps no mass (its incidents on a
# street) or unsnapped count.
for r in pub open; do gpkg_style "$tmp/$r/lix.gpkg" | sed -n 's/.*label="[^"]* - \([^"]*\)".*/\1/p' | tail -1 > "$tmp/top.$r"; done
[ "$(cat "$tmp/top.open")" != "$(cat "$tmp/top.pub")" ] && [ "$(cat "$tmp/top.pub")" = 1 ] \
  || fail "kde --lixels: the published style's top class is $(cat "$tmp/top.pub") (unpublished: $(cat "$tmp/top.open"))"
# The published surface is bands 1..4; its style (d.qml) a ramp over them, not over the
# densities up to the peak.
for r in pub open; do sed -n 's/.*label="\([0-9.]*\)".*/\1/p' "$tmp/$r/d.qml" | sort -g | tail -1 > "$tmp/peak.$r"; done
awk -v p="$(cat "$tmp/peak.pub")" -v o="$(cat "$tmp/peak.open")" 'BEGIN { exit !(p == 4 && o > 4) }' \
  || fail "kde: the published surface's style runs up to $(cat "$tmp/peak.pub") (unpublished: $(cat "$tmp/peak.open"))"
ogrinfo -ro -q -so "$tmp/pub/lix.gpkg" lixels > "$tmp/lixmeta" 2>&1
! grep -q '"mass"\|"unsnapped"' "$tmp/lixmeta" || fail "kde --lixels: the published metadata keeps the mass or the unsnapped"

# Each short segment is its own unknown to the audit, whatever its row's first area column
# says (here the street's name, shared by two segments of Short Close: 60 m each, 3 incidents
# and 0). Given the other segments' counts (10, 12, 8) and the total (33), the two withheld
# counts add up to 3 and each can be 0 to 3 (-vv lists the audit's intervals): 4 values, more
# than --protection 3, so nothing else is hidden. With one place for both (the street's name
# hashed, as before) the audit read each as 0 to infinity: wrong, and blind to the total.
mkdir -p "$tmp/close"
cat > "$tmp/close/net.geojson" << 'JSON'
{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
 "features": [
  {"type": "Feature", "properties": {"name": "Long Road"}, "geometry": {"type": "LineString", "coordinates": [[446000, 300000], [446500, 300000], [447000, 300000]]}},
  {"type": "Feature", "properties": {"name": "Short Close"}, "geometry": {"type": "LineString", "coordinates": [[446500, 300000], [446500, 300060], [446500, 300120]]}},
  {"type": "Feature", "properties": {"name": "Side Lane"}, "geometry": {"type": "LineString", "coordinates": [[446500, 300060], [447000, 300060]]}}]}
JSON
$py - "$tmp/close/incidents.csv" << 'PY'
import sys
rows = [(446500, 300030)] * 3 + [(446200, 300000)] * 10 + [(446800, 300000)] * 12 + [(446800, 300060)] * 8
with open(sys.argv[1], "w") as f:
    f.write("crime_ref,offence,committed_from,committed_to,easting,northing,address_ref,street,knife_enabled,domestic,victim_key,caller_key\n")
    for i, (x, y) in enumerate(rows):
        f.write(f"T{i:05d},Burglary - residential,2024-{1 + i % 12:02d}-10T12:00,,{x},{y},,,N,N,,\n")
PY
run "$bin" streets "$tmp/close/incidents.csv" --crs EPSG:27700 --network "$tmp/close/net.geojson" -vv \
  -o "$tmp/close/seg.csv" --publish --min-street-length 100
[ "$(grep -c 'audit: streets segments, row [34] (Short Close): incidents: x in \[0, 3\]$' "$tmp/err")" = 2 ] \
  || fail "Short Close: the audit's intervals of the two withheld counts are not [0, 3]: $(grep audit: "$tmp/err")"
$py - "$tmp/close/seg.csv" << 'PY' || fail "Short Close: the audit ties two short segments of one street"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = sorted((r["street"], round(float(r["length_m"])), r["incidents"]) for r in rows)
want = [("Long Road", 500, "10"), ("Long Road", 500, "12"), ("Short Close", 60, "x"), ("Short Close", 60, "x"), ("Side Lane", 500, "8")]
if got != want:
    sys.exit(f"published {got}, expected {want}")
PY

# One short segment (60 m, 20 incidents) beside two long ones (10, 12), every incident on a
# street. map --counts and the dashboard's board: their layers' classes run up to the largest
# published count (12), not to the withheld 20; streets: no count of where the incidents fell
# (unsnapped, on streets) in the metadata, which with the step's count and the shown segments
# would give the withheld one.
mkdir -p "$tmp/one"
$py - "$tmp/one/incidents.csv" << 'PY'
import sys
rows = [(446500, 300030)] * 20 + [(446200, 300000)] * 10 + [(446800, 300000)] * 12
with open(sys.argv[1], "w") as f:
    f.write("crime_ref,offence,committed_from,committed_to,easting,northing,address_ref,street,knife_enabled,domestic,victim_key,caller_key\n")
    for i, (x, y) in enumerate(rows):
        f.write(f"T{i:05d},Burglary - residential,2024-{1 + i % 12:02d}-10T12:00,,{x},{y},,,N,N,,\n")
PY
cat > "$tmp/one/net.geojson" << 'JSON'
{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
 "features": [
  {"type": "Feature", "properties": {"name": "Long Road"}, "geometry": {"type": "LineString", "coordinates": [[446000, 300000], [446500, 300000], [447000, 300000]]}},
  {"type": "Feature", "properties": {"name": "Short Close"}, "geometry": {"type": "LineString", "coordinates": [[446500, 300000], [446500, 300060]]}}]}
JSON
for r in pub open; do
  p=(); [ $r = pub ] && p=(--publish --min-street-length 100)
  one=("$tmp/one/incidents.csv" --crs EPSG:27700 --network "$tmp/one/net.geojson" -q "${p[@]}")
  run "$bin" map "${one[@]}" --areas "$S/areas/wards.geojson,as=ward" --units streets -o "$tmp/one/$r.csv" --counts "$tmp/one/map_$r.gpkg"
  run "$bin" streets "${one[@]}" -o "$tmp/one/seg_$r.csv"
  run "$bin" dashboard "${one[@]}" --areas "$S/areas/wards.geojson,as=ward" --units streets --month 2024-12 -o "$tmp/one/board_$r.gpkg"
  for f in map board; do
    gpkg_style "$tmp/one/${f}_$r.gpkg" | sed -n 's/.*label="[^"]* - \([^"]*\)".*/\1/p' | tail -1 > "$tmp/one/$f.top.$r"
  done
done
for f in map board; do
  [ "$(cat "$tmp/one/$f.top.open")" = 20 ] || fail "$f: the unpublished style's top class is $(cat "$tmp/one/$f.top.open"), not 20"
  [ "$(cat "$tmp/one/$f.top.pub")" = 12 ] || fail "$f: the published style's top class is $(cat "$tmp/one/$f.top.pub"), not 12"
done
$py - "$tmp/one/seg_pub.csv" "$tmp/one/seg_open.csv" << 'PY' || fail "streets: the metadata gives the short segment's count back"
import csv, json, sys
def read(path):
    return list(csv.DictReader(open(path))), json.load(open(path + ".meta.json"))
(rows, meta), (opened, _) = read(sys.argv[1]), read(sys.argv[2])
truth = [int(r["incidents"]) for r in opened if float(r["length_m"]) < 100]
shown = sum(int(r["incidents"]) for r in rows if r["incidents"].isdigit())
hidden = [r for r in rows if not r["incidents"].isdigit()]
if truth != [20] or len(hidden) != 1:
    sys.exit(f"expected one withheld short segment of 20, got {truth} and {len(hidden)} hidden")
streets = meta.get("streets", {})
ways = {}
if isinstance(streets.get("incidents_on_streets"), int):
    ways["incidents_on_streets"] = streets["incidents_on_streets"] - shown
if isinstance(meta.get("incidents"), int) and isinstance(streets.get("unsnapped"), int):
    ways["incidents - unsnapped"] = meta["incidents"] - streets["unsnapped"] - shown
if ways:
    sys.exit(f"the withheld count (20) from the metadata: {ways}")
PY

# The same steps in a pack, published.
mkdir -p "$tmp/pk"
for r in pub open; do
  { echo 'month = "2024-12"'; [ $r = pub ] && printf 'publish = true\nmin-street-length = 150\n'; sample_inputs; cat << TOML
[[theme]]
name = "vehicle"
crime-type = ["vehicle-crime"]
within = "Z05000019"
[[step]]
run = "streets"
period = "last 24 months"
network = "$PWD/$S/streets.geojson"
[[step]]
run = "gistar"
period = "last 24 months"
units = "streets"
network = "$PWD/$S/streets.geojson"
[[step]]
run = "lisa"
period = "last 24 months"
units = "streets"
network = "$PWD/$S/streets.geojson"
permutations = 0
TOML
  } > "$tmp/pk/$r.toml"
  run "$bin" pack "$tmp/pk/$r.toml" -o "$tmp/pk/$r"
done
$atk short "$tmp/pk/pub" "$tmp/pk/open" 150 5 > "$tmp/atk" 2>&1 || fail "pack: a short segment shows a figure: $(cat "$tmp/atk")"
for t in streets_segments gistar_units lisa_units; do
  grep -q "$t" "$tmp/atk" || fail "pack: no short segment checked in $t: $(cat "$tmp/atk")"
done
echo "publish streets: ok"

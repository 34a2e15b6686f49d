#!/usr/bin/env bash
# walk --node-crossings: a 9 x 9 grid of whole-street lines (each street one line, sharing
# vertices only at the corners, as a council's centrelines are) around the planted hot spot H1
# falls into 15 pieces without the option, and the message names the remedy; with it the grid is
# one piece and the walk reaches its stops; a bridge line (bridge=yes) over the grid stays apart.
source "$(dirname "$0")/lib.sh"
cd "$src"
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence)
read -r hx hy < <(awk -F, '$1=="H1" {print $3, $4}' sample_data/truth/hotspots.csv)
/usr/bin/python3 - "$tmp/grid.geojson" "$hx" "$hy" << 'EOF' || fail "writing the grid"
import json, sys
out, hx, hy = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
x0, y0, step = hx - 400, hy - 400, 100
feats = []
for k in range(9):
    feats.append({"type": "Feature", "properties": {"highway": "residential", "name": f"Row {k}"},
                  "geometry": {"type": "LineString", "coordinates": [[x0, y0 + k * step], [x0 + 800, y0 + k * step]]}})
    feats.append({"type": "Feature", "properties": {"highway": "residential", "name": f"Column {k}"},
                  "geometry": {"type": "LineString", "coordinates": [[x0 + k * step, y0], [x0 + k * step, y0 + 800]]}})
# A bridge crossing the grid diagonally, tagged as OSM exports tag it.
feats.append({"type": "Feature", "properties": {"highway": "primary", "name": "Viaduct", "bridge": "yes"},
              "geometry": {"type": "LineString", "coordinates": [[x0 - 50, y0 + 30], [x0 + 850, y0 + 770]]}})
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
           "features": feats}, open(out, "w"))
EOF
w=(walk "${x[@]}" --network "$tmp/grid.geojson" --start "$((${hx%.*} - 400)),$((${hy%.*} - 400))" --max-length 6000 --visits 10)
"$bin" "${w[@]}" -o "$tmp/a.geojson" > "$tmp/a.out" 2> "$tmp/err"
rc=$?
grep -q -- "--node-crossings" "$tmp/err" || fail "the message of a grid in pieces does not name --node-crossings: $(cat "$tmp/err")"
grep -q "16 connected pieces" "$tmp/err" || fail "the grid and its bridge should be 16 pieces: $(cat "$tmp/err")"
"$bin" "${w[@]}" --node-crossings -o "$tmp/b.geojson" > "$tmp/b.out" 2> "$tmp/err" || fail "--node-crossings: $(cat "$tmp/err")"
# 9 x 9 meeting points less the 4 shared corners; the viaduct from y0+30 to y0+770 and x0-50 to
# x0+850 passes over rows 1-7 and all 9 columns.
grep -q -- "--node-crossings joined 77 crossings and left 16 apart" "$tmp/err" || fail "crossings: $(cat "$tmp/err")"
grep -q "2 connected pieces" "$tmp/err" || fail "noded, the grid is one piece and the bridge another: $(cat "$tmp/err")"
grep -q -- "--node-crossings" <(grep -i "warning" "$tmp/err") && fail "the remedy is suggested though it is used"
/usr/bin/python3 - "$tmp" "$rc" << 'EOF' || fail "walks"
import json, sys
d, rc = sys.argv[1], int(sys.argv[2])
b = json.load(open(f"{d}/b.geojson"))["features"]
stops = [f for f in b if f["properties"]["kind"] == "stop"]
# Noded, the walk visits its 10 stops, walking inner streets the start's border never reaches.
assert len(stops) == 10, len(stops)
via = lambda f: f["properties"]["via"] or ""
inner = lambda f: not any(s in via(f) for s in ("Row 0", "Row 8", "Column 0", "Column 8")) and via(f) != ""
assert any(inner(f) for f in stops), [f["properties"]["via"] for f in stops]
assert all("Viaduct" not in via(f) for f in stops)
if rc == 0:
    a = [f for f in json.load(open(f"{d}/a.geojson"))["features"] if f["properties"]["kind"] == "stop"]
    assert all(not inner(f) for f in a), [f["properties"]["via"] for f in a]
    assert sum(f["properties"]["incidents"] for f in a) < sum(f["properties"]["incidents"] for f in stops)
EOF
# OpenStreetMap tags read through GDAL's other_tags: across a street running north-south, a
# street (joined), a bridge=yes with layer=1, a tunnel=yes, and a way on layer=-1 (all left apart).
/usr/bin/python3 - "$tmp/levels.osm" "$hx" "$hy" << 'EOF' || fail "writing the OSM file"
import sys
from osgeo import osr
out, hx, hy = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
bng, wgs = osr.SpatialReference(), osr.SpatialReference()
bng.ImportFromEPSG(27700); wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); bng.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
t = osr.CoordinateTransformation(bng, wgs)
nodes, ways = [], []
def way(tags, a, b):
    ids = []
    for x, y in (a, b):
        lon, lat, _ = t.TransformPoint(hx + x, hy + y)
        nodes.append(f' <node id="{len(nodes) + 1}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>')
        ids.append(len(nodes))
    tag = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
    ways.append(f' <way id="{len(ways) + 1}" version="1"><nd ref="{ids[0]}"/><nd ref="{ids[1]}"/>{tag}</way>')
way({"highway": "residential", "name": "North Road"}, (0, -300), (0, 300))
way({"highway": "residential", "name": "Cross Street"}, (-300, -200), (300, -200))
way({"highway": "primary", "name": "Viaduct", "bridge": "yes", "layer": "1"}, (-300, 0), (300, 0))
way({"highway": "primary", "name": "Underpass", "tunnel": "yes", "layer": "-1"}, (-300, 100), (300, 100))
way({"highway": "service", "name": "Deck", "layer": "-1"}, (-300, 200), (300, 200))
open(out, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n' + "\n".join(nodes + ways) + "\n</osm>\n")
EOF
"$bin" walk "${x[@]}" --network "$tmp/levels.osm" --node-crossings --start "${hx%.*},${hy%.*}" --max-length 3000 \
  -o "$tmp/l.geojson" > /dev/null 2> "$tmp/err"
grep -q -- "--node-crossings joined 1 crossings and left 3 apart" "$tmp/err" || fail "OSM bridge, tunnel and layer tags: $(cat "$tmp/err")"

# Without --network the option is refused.
"$bin" walk "${x[@]}" --start 446000,300000 --node-crossings -o "$tmp/c.geojson" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--node-crossings without --network"
echo ok

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
# Without --network the option is refused.
"$bin" walk "${x[@]}" --start 446000,300000 --node-crossings -o "$tmp/c.geojson" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--node-crossings without --network"
echo ok

#!/usr/bin/env bash
# walk: on the sample's street network, the route's legs equal an independent Dijkstra over the
# network's segments; the route stays within --max-length and every stop lies on the network;
# the planted night-time violence hot spot is visited with its planted hours; a return walk
# reaches no more than a one-way walk; the motorway is left out unless asked; the OSM XML copy
# gives the same walk; threads do not change it; a disconnected network and bad places are
# refused. On the real data (when present): a walk from Edgware station on Barnet burglary.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence)
net=(--network sample_data/streets.geojson)
h1=$(awk -F, '$1=="H1" {print $3+400 "," $4-300}' sample_data/truth/hotspots.csv)

"$bin" walk "${x[@]}" "${net[@]}" --crime-type violent-crime --night --start "$h1" --max-length 2500 --return \
  --lights sample_data/street_lights.csv --cameras sample_data/cameras.csv -o "$tmp/night.gpkg" --route "$tmp/route.gpkg" \
  --gpx "$tmp/night.gpx" --sheet "$tmp/night.html" > "$tmp/night.out" 2> "$tmp/err" || fail "walk --night: $(cat "$tmp/err")"
$py - "$tmp" "$h1" << 'EOF' || fail "walk on the sample"
import csv, heapq, math, sys
from osgeo import ogr
ogr.UseExceptions()
d, start = sys.argv[1], tuple(map(float, sys.argv[2].split(",")))
# The network as the sample draws it: segments between street points, the motorway left out.
segs = []
streets = ogr.Open("sample_data/streets.geojson")  # kept open: its features need it
for f in streets.GetLayer():
    if f.GetField("highway") == "motorway":
        continue
    g = f.GetGeometryRef()
    pts = [g.GetPoint_2D(i) for i in range(g.GetPointCount())]
    segs += list(zip(pts, pts[1:]))
def project(p):  # the nearest point of the nearest segment
    best = None
    for a, b in segs:
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
        q = (a[0] + t * dx, a[1] + t * dy)
        dist = math.dist(p, q)
        if best is None or dist < best[0]:
            best = (dist, a, b, q)
    return best
def walk_distance(p, q):  # Dijkstra between two points joined to their nearest segments
    graph = {}
    def link(u, v):
        w = math.dist(u, v)
        graph.setdefault(u, []).append((v, w))
        graph.setdefault(v, []).append((u, w))
    for a, b in segs:
        link(a, b)
    pp, pq = project(p), project(q)
    for _, a, b, r in (pp, pq):
        link(a, r)
        link(r, b)
    if {pp[1], pp[2]} == {pq[1], pq[2]}:  # both on one segment: straight along it
        link(pp[3], pq[3])
    src, dst = pp[3], pq[3]
    dist, heap = {src: 0}, [(0, src)]
    while heap:
        du, u = heapq.heappop(heap)
        if u == dst:
            return du
        if du > dist[u]:
            continue
        for v, w in graph[u]:
            if du + w < dist.get(v, 1e18):
                dist[v] = du + w
                heapq.heappush(heap, (du + w, v))
night = ogr.Open(f"{d}/night.gpkg")
stops = sorted(night.GetLayer(), key=lambda f: f.GetField("order"))
rows = [{k: f.GetField(k) for k in ("order", "kind", "leg_m", "walked_m", "incidents", "peak_hours", "nearest_light")} | {"xy": f.GetGeometryRef().GetPoint_2D()} for f in stops]
assert rows[0]["kind"] == "start" and rows[-1]["kind"] == "end", rows
assert 2 <= len(rows) - 2 <= 8, len(rows)
route_file = ogr.Open(f"{d}/route.gpkg")
route = next(iter(route_file.GetLayer()))
length = route.GetField("length_m")
assert length <= 2500 + 1e-6, length
assert abs(route.GetGeometryRef().Length() - length) < 0.5, (route.GetGeometryRef().Length(), length)
line = route.GetGeometryRef()
assert math.dist(line.GetPoint_2D(0), line.GetPoint_2D(line.GetPointCount() - 1)) < 1e-6
for prev, row in zip(rows, rows[1:]):
    assert project(row["xy"])[0] < 0.01, ("stop off the network", row)
    ref = walk_distance(prev["xy"], row["xy"])
    assert abs(ref - row["leg_m"]) < 0.2, (row, ref)
assert abs(rows[-1]["walked_m"] - length) < 0.5
# The planted hot spot H1 (violence, 22:00-02:59, Friday to Sunday): a stop, busiest of the walk.
h1 = next(r for r in csv.DictReader(open("sample_data/truth/hotspots.csv")) if r["id"] == "H1")
top = max(rows[1:-1], key=lambda r: r["incidents"])
assert math.dist(top["xy"], (float(h1["x"]), float(h1["y"]))) < 250, top
first, last = (int(v) for v in top["peak_hours"].split("-"))
assert first >= 22 or first <= 2, top
assert all(r["nearest_light"] for r in rows[1:-1])
EOF
grep -q "after dark" "$tmp/night.html" || fail "the night walk's sheet does not say after dark"
pages=$(grep -c "<h2>Stop " "$tmp/night.html")
checks=$(grep -c "<td><b>Escape routes</b>" "$tmp/night.html")
stops=$(( $(ogrinfo -so "$tmp/night.gpkg" walk_stops | awk '/Feature Count/ {print $3}') - 2 ))
[ "$pages" -eq "$stops" ] && [ "$checks" -eq "$stops" ] || fail "sheet: $pages stop pages and $checks checklists for $stops stops"
wpts=$(ogrinfo -so "$tmp/night.gpx" waypoints | awk '/Feature Count/ {print $3}')
[ "$wpts" -eq $((stops + 2)) ] || fail "gpx: $wpts waypoints for $stops stops, a start and an end"
ogrinfo -so "$tmp/night.gpx" tracks | grep -q "Feature Count: 1" || fail "gpx: no track"

# One way reaches at least what a return walk does; the same walk on 1 and 2 threads; the OSM copy.
w=(walk "${x[@]}" --start "$h1" --max-length 2000 -q)
"$bin" "${w[@]}" "${net[@]}" --return -o "$tmp/back.geojson" > /dev/null 2> "$tmp/err" || fail "return: $(cat "$tmp/err")"
"$bin" "${w[@]}" "${net[@]}" -o "$tmp/oneway.geojson" --threads 1 > /dev/null 2> "$tmp/err" || fail "one way: $(cat "$tmp/err")"
"$bin" "${w[@]}" "${net[@]}" -o "$tmp/oneway2.geojson" --threads 2 > /dev/null 2> "$tmp/err" || fail "threads 2: $(cat "$tmp/err")"
cmp -s "$tmp/oneway.geojson" "$tmp/oneway2.geojson" || fail "walk differs between 1 and 2 threads"
"$bin" "${w[@]}" --network sample_data/streets.osm -o "$tmp/osm.geojson" > /dev/null 2> "$tmp/err" || fail "osm: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "one way, return and OSM walks"
import json, sys
d = sys.argv[1]
def walk(name):
    return [f["properties"] for f in json.load(open(f"{d}/{name}.geojson"))["features"]]
back, oneway, osm = walk("back"), walk("oneway"), walk("osm")
prize = lambda w: sum(p["prize"] or 0 for p in w)
assert prize(oneway) >= prize(back), (prize(oneway), prize(back))
assert oneway[-1]["kind"] == "stop" and back[-1]["kind"] == "end"
assert [p["name"] for p in osm] == [p["name"] for p in oneway]
assert all(abs(a["walked_m"] - b["walked_m"]) < 0.5 for a, b in zip(osm, oneway)), [(a["walked_m"], b["walked_m"]) for a, b in zip(osm, oneway)]
EOF

# The motorway M99 joins the network only at its ends: a walk between them may use it only when asked.
m=(walk "${x[@]}" "${net[@]}" --start 442500,302000 --end 452500,309000 --max-length 13km -o "$tmp/m.geojson" -q)
"$bin" "${m[@]}" > /dev/null 2> "$tmp/err" && fail "a 13 km walk between the motorway's ends without the motorway"
grep -q "more than --max-length" "$tmp/err" || fail "motorway: $(cat "$tmp/err")"
"$bin" "${m[@]}" --exclude-classes none > /dev/null 2> "$tmp/err" || fail "with the motorway: $(cat "$tmp/err")"
grep -q "M99" "$tmp/m.geojson" || fail "the walk with --exclude-classes none does not use M99"

# A network in two pieces, the start on the one without stops.
cat > "$tmp/two.geojson" << 'EOF'
{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}, "features": [
{"type": "Feature", "properties": {"highway": "residential"}, "geometry": {"type": "LineString", "coordinates": [[446000, 300000], [447500, 300000], [447500, 301500]]}},
{"type": "Feature", "properties": {"highway": "residential"}, "geometry": {"type": "LineString", "coordinates": [[440000, 296000], [440500, 296000]]}}]}
EOF
"$bin" walk "${x[@]}" --network "$tmp/two.geojson" --start 440100,296010 --max-length 30km -o "$tmp/t.geojson" -q > /dev/null 2> "$tmp/err" \
  && fail "a start cut off from every stop"
grep -q "stops can be reached from --start" "$tmp/err" || fail "disconnected: $(cat "$tmp/err")"
[ ! -e "$tmp/t.geojson" ] || fail "a refused walk left an output"
# Bad places.
"$bin" walk "${x[@]}" "${net[@]}" --start somewhere -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--start somewhere"
"$bin" walk "${x[@]}" "${net[@]}" --start sample_data/cameras.csv:C99 -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--start C99"
grep -q "C01" "$tmp/err" || fail "an unknown start does not list the names there are: $(cat "$tmp/err")"
"$bin" walk "${x[@]}" --start sample_data/cameras.csv:C03 --max-length 1500 -o "$tmp/nonet.geojson" -q > /dev/null 2> "$tmp/err" || fail "no network: $(cat "$tmp/err")"
grep -q "no --network" "$tmp/err" || fail "no warning without a network"
$py - "$tmp" << 'EOF' || fail "straight-line walk"
import csv, json, math, sys
from osgeo import ogr, osr
d = sys.argv[1]
c03 = next(r for r in csv.DictReader(open("sample_data/cameras.csv")) if r["camera_id"] == "C03")
feats = json.load(open(f"{d}/nonet.geojson"))["features"]
t = osr.CoordinateTransformation(osr.SpatialReference(wkt=osr.SRS_WKT_WGS84_LAT_LONG), (lambda s: (s.ImportFromEPSG(27700), s)[1])(osr.SpatialReference()))
xy = [(f["properties"]["x"], f["properties"]["y"]) for f in feats]
assert math.dist(xy[0], (float(c03["easting"]), float(c03["northing"]))) < 0.01
for a, b, f in zip(xy, xy[1:], feats[1:]):
    assert abs(f["properties"]["leg_m"] - 1.3 * math.dist(a, b)) < 0.2, f["properties"]
assert feats[-1]["properties"]["walked_m"] <= 1500
EOF

# kde hotspots as the stops: each named by its label.
"$bin" kde "${x[@]}" --crime-type burglary --bandwidth 150 --cell 25 --hotspots "$tmp/hot.geojson" -o "$tmp/kde.tif" -q > /dev/null 2> "$tmp/err" || fail "kde: $(cat "$tmp/err")"
h3=$(awk -F, '$1=="H3" {print $3-500 "," $4}' sample_data/truth/hotspots.csv)
"$bin" walk "${x[@]}" "${net[@]}" --crime-type burglary --stops "$tmp/hot.geojson" --start "$h3" --max-length 3km --return \
  -o "$tmp/hw.geojson" -q > "$tmp/hw.out" 2> "$tmp/err" || fail "walk --stops hotspots: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "walk to kde hotspots"
import csv, json, sys
from osgeo import ogr, osr
ogr.UseExceptions()
d = sys.argv[1]
bng = osr.SpatialReference()
bng.ImportFromEPSG(27700)
wgs = osr.SpatialReference()
wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
polygons = {}
for f in json.load(open(f"{d}/hot.geojson"))["features"]:
    g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
    g.AssignSpatialReference(wgs)
    g.TransformTo(bng)
    polygons[f["properties"]["label"]] = g
burglary = [r for r in csv.DictReader(open("sample_data/police_export.csv")) if r["offence"] == "Burglary - residential"]
stops = [f["properties"] for f in json.load(open(f"{d}/hw.geojson"))["features"] if f["properties"]["kind"] == "stop"]
assert stops, "no stop"
for s in stops:
    assert s["name"] in polygons, s
    inside = sum(polygons[s["name"]].Contains(ogr.CreateGeometryFromWkt(f"POINT ({r['easting']} {r['northing']})")) for r in burglary)
    assert s["incidents"] == inside, (s, inside)
EOF

real=../shared/data/real
if [ ! -d "$real/crime" ]; then
  echo "skipped the real-data walk: $real is not there"
else
  "$bin" walk "$real"/crime/burglary_2010-12_to_2025-02_nwbcu/2024-*.csv \
    --start "$real/other/nwbcu_rail_tube_stations_tfl_api_ridgeview.csv:Edgware" --max-length 3km --return \
    --lights "$real/other/barnet_street_lights_SDumarais.csv" -o "$tmp/real.geojson" --sheet "$tmp/real.html" \
    > "$tmp/real.out" 2> "$tmp/err" || fail "real walk: $(cat "$tmp/err")"
  $py - "$tmp" << 'EOF' || fail "real walk from Edgware"
import json, math, sys
d = sys.argv[1]
feats = json.load(open(f"{d}/real.geojson"))["features"]
lon, lat = feats[0]["geometry"]["coordinates"]
assert abs(lon + 0.274928) < 1e-4 and abs(lat - 51.613653) < 1e-4, (lon, lat)  # Edgware station
stops = [f["properties"] for f in feats if f["properties"]["kind"] == "stop"]
assert 3 <= len(stops) <= 8 and feats[-1]["properties"]["walked_m"] <= 3000
assert all(s["nearest_light"] and s["light_m"] < 300 for s in stops), stops
EOF
  echo "real walk from Edgware: $(tail -1 "$tmp/real.out")"
fi
echo "walk: legs equal a brute-force Dijkstra; within budget; on the network; H1 visited; OSM = GeoJSON"

#!/usr/bin/env bash
# cocoon --door-list: on the sample's burglaries since 2024-12-01, each zone's door list holds
# exactly the address points inside the zone (an independent point-in-polygon with OGR on the
# written zones); the distances from the burgled address equal an independent walk (each point
# joined to its nearest street segment, SciPy's Dijkstra) with --network and the straight line
# without; every round of at most 8 doors is no longer than the best order found by trying every
# permutation; the GPX and sheet list the same doors; with --publish no door file is written.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence --since 2024-12-01
   --addresses sample_data/addresses.csv)
"$bin" cocoon "${x[@]}" -o "$tmp/line.gpkg" --door-list "$tmp/line.csv" -q > /dev/null 2> "$tmp/err" || fail "cocoon --door-list: $(cat "$tmp/err")"
"$bin" cocoon "${x[@]}" -o "$tmp/net.gpkg" --door-list "$tmp/net.csv" --door-gpx "$tmp/net.gpx" --door-sheet "$tmp/net.html" \
  --network sample_data/streets.geojson > /dev/null 2> "$tmp/err" || fail "cocoon --network: $(cat "$tmp/err")"
grep -q "door rounds:" "$tmp/err" || fail "no note of the door rounds: $(cat "$tmp/err")"
"$bin" cocoon "${x[@]}" -o "$tmp/net1.gpkg" --door-list "$tmp/net1.csv" --network sample_data/streets.geojson --threads 1 -q \
  > /dev/null 2>&1 || fail "cocoon --threads 1"
cmp -s "$tmp/net.csv" "$tmp/net1.csv" || fail "the thread count changes the door lists"
$py - "$tmp" << 'EOF' || fail "door lists against independent references"
import csv, itertools, math, sys
import numpy as np
from osgeo import ogr
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
ogr.UseExceptions()
d = sys.argv[1]
addr = {r["address_ref"]: (float(r["easting"]), float(r["northing"]), r["street"]) for r in csv.DictReader(open("sample_data/addresses.csv"))}
crimes = {r["crime_ref"]: (float(r["easting"]), float(r["northing"])) for r in csv.DictReader(open("sample_data/police_export.csv"))}

# The streets, as the walk reads them (motorways left out), for the walking distances.
vid, segs = {}, []
streets = ogr.Open("sample_data/streets.geojson")  # kept open: its features need it
for f in streets.GetLayer():
    if f.GetField("highway") in ("motorway", "motorway_link"):
        continue
    g = f.GetGeometryRef()
    pts = [g.GetPoint_2D(i) for i in range(g.GetPointCount())]
    for a, b in zip(pts, pts[1:]):
        if a != b:
            segs.append((vid.setdefault(a, len(vid)), vid.setdefault(b, len(vid))))
coords = np.zeros((len(vid), 2))
for p, i in vid.items():
    coords[i] = p
S = np.array(segs); A = coords[S[:, 0]]; B = coords[S[:, 1]]; L = np.hypot(*(B - A).T)
G = coo_matrix((np.concatenate([L, L]), (np.concatenate([S[:, 0], S[:, 1]]), np.concatenate([S[:, 1], S[:, 0]]))),
               shape=(len(vid), len(vid))).tocsr()
def foot(p):
    t = np.clip(((p[0] - A[:, 0]) * (B[:, 0] - A[:, 0]) + (p[1] - A[:, 1]) * (B[:, 1] - A[:, 1])) / L**2, 0, 1)
    off = np.hypot(A[:, 0] + t * (B[:, 0] - A[:, 0]) - p[0], A[:, 1] + t * (B[:, 1] - A[:, 1]) - p[1])
    k = int(np.argmin(off))
    return k, t[k] * L[k], off[k]
def walker(points):
    feet = [foot(p) for p in points]
    ends = sorted({int(S[k][e]) for k, _, _ in feet for e in (0, 1)})
    at = {v: i for i, v in enumerate(ends)}
    dist = dijkstra(G, indices=ends)
    def w(i, j):
        (ki, ai, oi), (kj, aj, oj) = feet[i], feet[j]
        along = abs(ai - aj) if ki == kj else math.inf
        for e, oe in ((S[ki][0], ai), (S[ki][1], L[ki] - ai)):
            for y, oy in ((S[kj][0], aj), (S[kj][1], L[kj] - aj)):
                along = min(along, oe + dist[at[int(e)]][y] + oy)
        return oi + along + oj
    return w

def check(kind):
    rows = list(csv.DictReader(open(f"{d}/{kind}.csv")))
    zones = {}
    ds = ogr.Open(f"{d}/{kind}.gpkg")
    for f in ds.GetLayer():
        zones[f.GetField("zone")] = (f.GetGeometryRef().Clone(), f.GetField("addresses"))
    by_zone = {}
    for r in rows:
        by_zone.setdefault(int(r["zone"]), []).append(r)
    small = 0
    for z, (poly, count) in zones.items():
        inside = set()
        for ref, (ax, ay, _) in addr.items():
            pt = ogr.Geometry(ogr.wkbPoint); pt.AddPoint_2D(ax, ay)
            if poly.Intersects(pt):
                inside.add(ref)
        listed = [r["address_ref"] for r in by_zone.get(z, [])]
        assert len(listed) == len(set(listed)) and set(listed) == inside and count == len(inside), (kind, z, len(listed), len(inside), count)
        lst = by_zone.get(z, [])
        if not lst:
            continue
        start = crimes[lst[0]["burglary"]]
        pts = [start] + [addr[r["address_ref"]][:2] for r in lst]
        w = walker(pts) if kind == "net" else (lambda i, j: math.dist(pts[i], pts[j]))
        for k, r in enumerate(lst):
            assert r["address"] == addr[r["address_ref"]][2]
            assert abs(float(r["distance_m"]) - w(0, k + 1)) <= 0.51, (kind, z, r, w(0, k + 1))
        assert [int(r["visit"]) for r in lst] == list(range(1, len(lst) + 1)), (kind, z)
        length = float(lst[-1]["walked_m"])
        assert abs(sum(float(r["leg_m"]) for r in lst) - length) <= 0.5 * len(lst) + 0.5
        if len(lst) <= 8:
            small += 1
            best = min(sum(w(a, b) for a, b in zip((0,) + p, p)) for p in itertools.permutations(range(1, len(lst) + 1)))
            # walked_m is rounded to the metre.
            assert length <= best + 0.51, (kind, z, length, best)
    assert small >= 5, (kind, small)
    return len(rows), small
for kind in ("line", "net"):
    n, small = check(kind)
    print(f"{kind}: {n} doors in the lists; {small} rounds of at most 8 doors checked against every order")
gpx = ogr.Open(f"{d}/net.gpx")
wpts = gpx.GetLayerByName("waypoints").GetFeatureCount()
zones = len({r["zone"] for r in csv.DictReader(open(f"{d}/net.csv"))})
zl = ogr.Open(f"{d}/net.gpkg")
all_zones = zl.GetLayer().GetFeatureCount()
assert wpts == len(list(csv.DictReader(open(f"{d}/net.csv")))) + all_zones, wpts
html = open(f"{d}/net.html").read()
assert html.count('<div class="page">') == all_zones
assert all(r["address_ref"] in html for r in csv.DictReader(open(f"{d}/net.csv")))
EOF
# Published: the zones' layer and every door file withheld, with a warning for each.
"$bin" cocoon "${x[@]}" -o "$tmp/pub.gpkg" --door-list "$tmp/pub.csv" --door-gpx "$tmp/pub.gpx" --door-sheet "$tmp/pub.html" \
  --publish > /dev/null 2> "$tmp/err" || fail "cocoon --publish: $(cat "$tmp/err")"
for f in pub.csv pub.gpx pub.html; do [ ! -e "$tmp/$f" ] || fail "--publish wrote the door file $f"; done
[ "$(grep -c "file is not written" "$tmp/err")" -eq 3 ] || fail "no warning for each door file withheld: $(cat "$tmp/err")"
# Door files need the address points; door options need a door file.
"$bin" cocoon sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence \
  --since 2024-12-01 -o "$tmp/t.gpkg" --door-list "$tmp/t.csv" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--door-list without --addresses"
"$bin" cocoon "${x[@]}" -o "$tmp/t.gpkg" --network sample_data/streets.geojson -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--network without a door file"
"$bin" cocoon "${x[@]}" -o "$tmp/t.gpkg" --door-list "$tmp/t.csv" --address-ref-field nope -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--address-ref-field nope"
grep -q "address_ref" "$tmp/err" || fail "an unknown address field does not list the columns: $(cat "$tmp/err")"
[ ! -e "$tmp/t.gpkg" ] && [ ! -e "$tmp/t.csv" ] || fail "a refused cocoon left an output"
echo ok

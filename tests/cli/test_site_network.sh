#!/usr/bin/env bash
# site --coverage network: on the sample's streets, the incidents the chosen sites and the
# existing cameras cover walking within --radius equal an independent count (python: each point
# joined to its nearest street segment, scipy's Dijkstra between the segments' ends); walking
# covers no more than the crow-fly circles; the options that need each other are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence)
site=(--candidates sample_data/street_lights.csv --existing sample_data/cameras.csv --radius 120 --crime-type violent-crime --count 8)
"$bin" site "${x[@]}" "${site[@]}" --coverage network --network sample_data/streets.geojson -o "$tmp/net.geojson" \
  --curve "$tmp/net.csv" > "$tmp/net.out" 2> "$tmp/err" || fail "site --coverage network: $(cat "$tmp/err")"
grep -q "within it walking along the streets" "$tmp/err" || fail "no note of the coverage along the streets: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" -o "$tmp/line.geojson" --curve "$tmp/line.csv" -q > /dev/null 2> "$tmp/err" || fail "site: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" --coverage network --network sample_data/streets.geojson -o "$tmp/net2.geojson" \
  --threads 1 -q > /dev/null 2> "$tmp/err" || fail "site --threads 1: $(cat "$tmp/err")"
cmp -s <(grep -v '"generator"\|threads' "$tmp/net.geojson") <(grep -v '"generator"\|threads' "$tmp/net2.geojson") || fail "the thread count changes the sites"
$py - "$tmp" << 'EOF' || fail "coverage along the streets against scipy's Dijkstra"
import csv, json, math, sys
import numpy as np
from osgeo import ogr
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
d = sys.argv[1]
R = 120.0
# The streets as segments between their vertices, the motorway left out (site's default classes).
ds = ogr.Open("sample_data/streets.geojson")
vid, segs = {}, []
for f in ds.GetLayer():
    if f.GetField("highway") in ("motorway", "motorway_link"):
        continue
    g = f.GetGeometryRef()
    pts = [g.GetPoint_2D(i) for i in range(g.GetPointCount())]
    for a, b in zip(pts, pts[1:]):
        if a == b:
            continue
        segs.append((vid.setdefault(a, len(vid)), vid.setdefault(b, len(vid)), a, b))
n = len(vid)
A = np.array([s[2] for s in segs]); B = np.array([s[3] for s in segs])
L = np.hypot(*(B - A).T)
G = coo_matrix((np.concatenate([L, L]), (np.array([s[0] for s in segs] + [s[1] for s in segs]),
                np.array([s[1] for s in segs] + [s[0] for s in segs]))), shape=(n, n)).tocsr()
def foot(p):
    t = np.clip(((p[0] - A[:, 0]) * (B[:, 0] - A[:, 0]) + (p[1] - A[:, 1]) * (B[:, 1] - A[:, 1])) / L**2, 0, 1)
    off = np.hypot(A[:, 0] + t * (B[:, 0] - A[:, 0]) - p[0], A[:, 1] + t * (B[:, 1] - A[:, 1]) - p[1])
    k = int(np.argmin(off))
    return k, t[k] * L[k], off[k]
props = [f["properties"] for f in json.load(open(f"{d}/net.geojson"))["features"]]
sites = [(p["x"], p["y"]) for p in props]
inc = [(float(r["easting"]), float(r["northing"])) for r in csv.DictReader(open("sample_data/police_export.csv"))
       if r["offence"] == "Assault ABH"]
feet = {}
covered = set()
for sx, sy in sites:
    ks, as_, os_ = foot((sx, sy))
    su, sv = segs[ks][0], segs[ks][1]
    dist = dijkstra(G, indices=[su, sv], limit=2 * R)
    for i, (px, py_) in enumerate(inc):
        if i in covered or math.hypot(px - sx, py_ - sy) > R:
            continue
        if (px, py_) not in feet:
            feet[(px, py_)] = foot((px, py_))
        kp, ap, op = feet[(px, py_)]
        pu, pv = segs[kp][0], segs[kp][1]
        along = abs(as_ - ap) if kp == ks else math.inf
        for e, oe in ((0, as_), (1, L[ks] - as_)):
            for y, oy in ((pu, ap), (pv, L[kp] - ap)):
                along = min(along, oe + dist[e][y] + oy)
        if os_ + along + op <= R + 1e-6:
            covered.add(i)
curve = list(csv.DictReader(open(f"{d}/net.csv")))
got = int(curve[-1]["incidents_covered"])
assert got == len(covered), (got, len(covered))
line = list(csv.DictReader(open(f"{d}/line.csv")))
assert got < int(line[-1]["incidents_covered"]), (got, line[-1])
print(f"walking within {R:g} m: {got} incidents covered (brute force {len(covered)}); as the crow flies {line[-1]['incidents_covered']}")
EOF
"$bin" site "${x[@]}" "${site[@]}" --coverage network -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--coverage network without --network"
grep -q -- "give --network" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" --network sample_data/streets.geojson -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--network without --coverage network"
"$bin" site "${x[@]}" "${site[@]}" --node-crossings -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--node-crossings without --network"
[ ! -e "$tmp/t.geojson" ] || fail "a refused site left an output"
echo ok

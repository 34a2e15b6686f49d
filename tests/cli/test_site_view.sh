#!/usr/bin/env bash
# site --coverage view: on the sample's streets, the incidents the chosen sites and the
# existing cameras see along the street corridor equal an independent count in python (each
# end put on its nearest street point by looking at every street piece; the sight line sampled
# every 25 cm against its distance to every piece near the site, numpy only, no GEOS); the
# incidents off the street are counted; the options that need each other are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence)
site=(--candidates sample_data/street_lights.csv --existing sample_data/cameras.csv --radius 120 --crime-type violent-crime --count 8)
"$bin" site "${x[@]}" "${site[@]}" --coverage view --network sample_data/streets.geojson -o "$tmp/view.geojson" \
  --curve "$tmp/view.csv" > "$tmp/view.out" 2> "$tmp/err" || fail "site --coverage view: $(cat "$tmp/err")"
grep -q "in sight along the street corridor" "$tmp/err" || fail "no note of the coverage in view: $(cat "$tmp/err")"
grep -q "further than --street-tolerance 30 m from every street" "$tmp/err" || fail "no count of the incidents off the street"
"$bin" site "${x[@]}" "${site[@]}" -o "$tmp/line.geojson" --curve "$tmp/line.csv" -q > /dev/null 2> "$tmp/err" || fail "site: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF2' || fail "coverage in view against a sampled sight line"
import csv, json, math, sys
import numpy as np
from osgeo import ogr
d = sys.argv[1]
R, HALF, TOL = 120.0, 8.0, 30.0
pieces = []
ds = ogr.Open("sample_data/streets.geojson")  # kept: its layer dies with it
for f in ds.GetLayer():
    if f.GetField("highway") in ("motorway", "motorway_link"):
        continue
    g = f.GetGeometryRef()
    pts = [g.GetPoint_2D(i) for i in range(g.GetPointCount())]
    pieces += [(a, b) for a, b in zip(pts, pts[1:]) if a != b]
A = np.array([p[0] for p in pieces]); B = np.array([p[1] for p in pieces])
def dist(P, A, B):  # every point of P (n x 2) to every piece: n x m
    AB = B - A
    t = np.clip(((P[:, None, :] - A[None]) * AB[None]).sum(-1) / (AB ** 2).sum(-1)[None], 0, 1)
    F = A[None] + t[..., None] * AB[None]
    return np.hypot(*(P[:, None, :] - F).transpose(2, 0, 1)), F
def foot(p):
    D, F = dist(np.array([p]), A, B)
    k = int(np.argmin(D[0]))
    return D[0, k], F[0, k]
meta = json.load(open(f"{d}/view.geojson"))
props = [f["properties"] for f in meta["features"]]
inc = [(float(r["easting"]), float(r["northing"])) for r in csv.DictReader(open("sample_data/police_export.csv"))
       if r["offence"] == "Assault ABH"]
feet = {}
def foot_of(p):
    if p not in feet:
        feet[p] = foot(p)
    return feet[p]
covered, edge = set(), set()
for p in props:
    s = (p["x"], p["y"])
    off, eye = foot(s)
    if off > TOL:
        continue
    near = np.minimum(np.hypot(*(A - eye).T), np.hypot(*(B - eye).T)) < R + TOL + 200
    An, Bn = A[near], B[near]
    for i, q in enumerate(inc):
        if math.hypot(q[0] - s[0], q[1] - s[1]) > R:
            continue
        qoff, target = foot_of(q)
        if qoff > TOL:
            continue
        n = max(2, int(math.hypot(*(target - eye)) / 0.25))
        line = eye[None] + np.linspace(0, 1, n + 1)[:, None] * (target - eye)[None]
        worst = dist(line, An, Bn)[0].min(axis=1).max()
        if abs(worst - HALF) < 0.15:
            edge.add(i)
        elif worst <= HALF:
            covered.add(i)
got = int(list(csv.DictReader(open(f"{d}/view.csv")))[-1]["incidents_covered"])
lo, hi = len(covered), len(covered | edge)  # an incident clearly seen by one site is covered
assert lo <= got <= hi, (got, lo, hi)
off_street = sum(foot_of(q)[0] > TOL for q in inc)
assert meta["metadata"]["view"]["incidents_off_street"] == off_street, (meta["metadata"]["view"], off_street)
straight = int(list(csv.DictReader(open(f"{d}/line.csv")))[-1]["incidents_covered"])
assert got < straight, (got, straight)
print(f"in view within {R:g} m: {got} incidents covered (brute force {lo}..{hi}, {len(edge - covered)} only on the corridor's edge); "
      f"as the crow flies {straight}; {off_street} incidents off the street")
EOF2
# The corridor each site sees (--reach): one polygon per site on a street; withheld when published
# (drawn round places chosen for their incidents, as the sites' points are).
"$bin" site "${x[@]}" "${site[@]}" --coverage view --network sample_data/streets.geojson -o "$tmp/p.geojson" \
  --reach "$tmp/reach.geojson" --publish 2> "$tmp/err" > /dev/null || fail "site --publish: $(cat "$tmp/err")"
[ ! -e "$tmp/reach.geojson" ] && grep -q "the reach layer (drawn round incidents or places) is not written" "$tmp/err" \
  || fail "--publish wrote the reach: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" --reach "$tmp/t.geojson" -o "$tmp/t2.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--reach with straight coverage"
"$bin" site "${x[@]}" "${site[@]}" --coverage view -o "$tmp/t.geojson" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--coverage view without --network"
grep -q -- "give --network" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" --coverage network --network sample_data/streets.geojson --corridor-half-width 5 -o "$tmp/t.geojson" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "--corridor-half-width without --coverage view"
grep -q -- "--corridor-half-width is for --coverage view" "$tmp/err" || fail "message: $(cat "$tmp/err")"
"$bin" site "${x[@]}" "${site[@]}" --coverage view --network sample_data/streets.geojson --corridor-half-width 0 -o "$tmp/t.geojson" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "--corridor-half-width 0 accepted"
[ ! -e "$tmp/t.geojson" ] && [ ! -e "$tmp/t2.geojson" ] || fail "a refused site left an output"
echo ok

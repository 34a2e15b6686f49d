"""Independent check of `hotspots change` on street segments and hexagons (/usr/bin/python3).

streets: every incident joined to its nearest segment of the streets layer by brute force over
every piece of every segment (numpy; ties to the lower segment; none beyond the tolerance),
then counted by the year of its start into --before (2023) and --after (2024); each segment's
counts must equal change's row (a segment change leaves out must have none), and the
unsnapped must equal change's metadata.
hex: every incident of either year joined to the nearest centre of change's hexagons (a
regular hexagon is the set of points nearer its centre than any other's); the counts must
equal change's rows, and every incident of the two years must be in one.
Usage: check_change_units.py streets CHANGE.gpkg SEGMENTS.gpkg INCIDENTS.csv TOLERANCE
       check_change_units.py hex CHANGE.gpkg INCIDENTS.csv
       check_change_units.py hex-total MAP_COUNTS.gpkg INCIDENTS.csv  (map --counts: every incident)
"""
import csv
import json
import sys

import numpy as np
from osgeo import ogr


def read_change(path):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    out = {}
    for f in layer:
        c = f.GetGeometryRef().Centroid()
        if f.GetFieldIndex("before") >= 0:
            out[f.GetField("code")] = (f.GetField("before"), f.GetField("after"), (c.GetX(), c.GetY()))
        else:  # map --counts: one count, held as "before"
            out[f.GetField("code")] = (int(f.GetField("incidents")), 0, (c.GetX(), c.GetY()))
    meta = ds.GetMetadataItem("hotspots") or "{}"
    return out, meta


def incidents(path):
    pts, years = [], []
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            pts.append((float(row["easting"]), float(row["northing"])))
            years.append(int(row["committed_from"][:4]))
    return np.array(pts), np.array(years)


def compare(mine, change):
    bad = [(c, mine.get(c, (0, 0)), (b, a)) for c, (b, a, _) in change.items() if mine.get(c, (0, 0)) != (b, a)]
    bad += [(c, v, (0, 0)) for c, v in mine.items() if c not in change and v != (0, 0)]
    if bad:
        sys.exit(f"FAIL: {len(bad)} units differ from the independent join, e.g. {bad[0]}")


mode = sys.argv[1]
change, meta = read_change(sys.argv[2])
if mode == "streets":
    ds = ogr.Open(sys.argv[3])
    lines = {}
    for f in ds.GetLayer(0):
        g = f.GetGeometryRef()
        lines[f.GetField("segment")] = np.array([g.GetPoint_2D(i) for i in range(g.GetPointCount())])
    ids = sorted(lines)
    pts, years = incidents(sys.argv[4])
    tol = float(sys.argv[5])
    a = np.concatenate([lines[k][:-1] for k in ids])
    b = np.concatenate([lines[k][1:] for k in ids])
    owner = np.concatenate([np.full(len(lines[k]) - 1, k) for k in ids])
    d = b - a
    len2 = (d ** 2).sum(axis=1)
    mine, unsnapped = {}, 0
    for start in range(0, len(pts), 400):
        p = pts[start:start + 400]
        t = (p[:, None, 0] - a[None, :, 0]) * d[None, :, 0] + (p[:, None, 1] - a[None, :, 1]) * d[None, :, 1]
        t = np.clip(np.where(len2 > 0, t / np.where(len2 > 0, len2, 1), 0), 0, 1)
        dist = np.hypot(p[:, None, 0] - (a[None, :, 0] + t * d[None, :, 0]), p[:, None, 1] - (a[None, :, 1] + t * d[None, :, 1]))
        best = dist.min(axis=1)
        for i in range(len(p)):
            y = years[start + i]
            if best[i] > tol:
                unsnapped += 1
                continue
            if y not in (2023, 2024):
                continue
            seg = str(owner[dist[i] <= best[i] + 1e-9].min())
            before, after = mine.get(seg, (0, 0))
            mine[seg] = (before + (y == 2023), after + (y == 2024))
    compare(mine, change)
    print(f"change on streets: {len(change)} segments with incidents, counts equal the brute-force join; "
          f"unsnapped={unsnapped}")
else:
    pts, years = incidents(sys.argv[3])
    if mode == "hex-total":  # every incident, whatever its year
        years = np.full(len(years), 2023)
    keep = (years == 2023) | (years == 2024)
    pts, years = pts[keep], years[keep]
    codes = list(change)
    centres = np.array([change[c][2] for c in codes])
    # A point on an edge between two hexagons (equally near both centres, as integer
    # coordinates can be) may go to either: those are checked to have gone to one of the two.
    mine, ambiguous = {}, []
    for start in range(0, len(pts), 2000):
        p = pts[start:start + 2000]
        dist = np.hypot(p[:, None, 0] - centres[None, :, 0], p[:, None, 1] - centres[None, :, 1])
        order = np.argsort(dist, axis=1)[:, :2]
        for i, (k, k2) in enumerate(order):
            y = years[start + i]
            if dist[i, k2] - dist[i, k] < 1e-6:
                ambiguous.append(({codes[k], codes[k2]}, y))
                continue
            before, after = mine.get(codes[k], (0, 0))
            mine[codes[k]] = (before + (y == 2023), after + (y == 2024))
    extra = {c: (b - mine.get(c, (0, 0))[0], a - mine.get(c, (0, 0))[1]) for c, (b, a, _) in change.items()}
    if any(v[0] < 0 or v[1] < 0 for v in extra.values()) or any(c not in change for c in mine):
        sys.exit("FAIL: a hexagon holds fewer incidents than the independent join")
    for cands, y in ambiguous:  # each edge point taken by one of its two hexagons
        c = next((c for c in sorted(cands) if extra[c][int(y == 2024)] > 0), None)
        if c is None:
            sys.exit(f"FAIL: an incident on the edge of {sorted(cands)} is in neither")
        b, a = extra[c]
        extra[c] = (b - (y == 2023), a - (y == 2024))
    if any(v != (0, 0) for v in extra.values()):
        sys.exit(f"FAIL: hexagons' counts differ from the independent join: {[c for c, v in extra.items() if v != (0, 0)][:5]}")
    total = sum(b + a for b, a, _ in change.values())
    if total != len(pts):
        sys.exit(f"FAIL: the hexagons hold {total} incidents of the two years, the file {len(pts)}")
    print(f"{mode}: {len(change)} hexagons, {total} incidents ({len(ambiguous)} on an edge), counts equal "
          "the nearest-centre join")

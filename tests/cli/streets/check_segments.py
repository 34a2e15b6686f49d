"""Independent checks of `hotspots streets` on the sample (run with /usr/bin/python3).

Reads the segments layer it wrote (GeoPackage, British National Grid) and the incidents, and
(1) snaps every incident to the nearest segment by brute force over every piece of every
segment with numpy, ties to the lower segment, none beyond the tolerance; the counts per
segment and the unsnapped must equal the layer's; (2) builds the junction adjacency from the
segments' end coordinates and computes Gi* (Ord and Getis 1995, self included, binary) with
numpy; the z-scores must equal the layer's to 1e-9.
Usage: check_segments.py SEGMENTS.gpkg INCIDENTS.csv TOLERANCE
"""
import csv
import sys

import numpy as np
from osgeo import ogr

seg_path, inc_path, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
ds = ogr.Open(seg_path)
layer = ds.GetLayer(0)
ids, counts, zs, lines = [], [], [], []
for f in layer:
    ids.append(f.GetField("segment"))
    counts.append(f.GetField("incidents"))
    zs.append(f.GetField("z"))
    g = f.GetGeometryRef()
    lines.append(np.array([g.GetPoint_2D(i) for i in range(g.GetPointCount())]))
order = np.argsort(ids)
ids = np.array(ids)[order]
counts = np.array(counts)[order]
zs = np.array(zs)[order]
lines = [lines[i] for i in order]
assert list(ids) == list(range(1, len(ids) + 1)), "segments not numbered 1..n"

a = np.concatenate([l[:-1] for l in lines])
b = np.concatenate([l[1:] for l in lines])
owner = np.concatenate([np.full(len(l) - 1, k) for k, l in enumerate(lines)])
d = b - a
len2 = (d ** 2).sum(axis=1)

pts = []
with open(inc_path, newline="") as fh:
    for row in csv.DictReader(fh):
        pts.append((float(row["easting"]), float(row["northing"])))
pts = np.array(pts)

mine = np.zeros(len(lines))
unsnapped = 0
for start in range(0, len(pts), 400):
    p = pts[start:start + 400]
    t = ((p[:, None, 0] - a[None, :, 0]) * d[None, :, 0] + (p[:, None, 1] - a[None, :, 1]) * d[None, :, 1])
    t = np.clip(np.where(len2 > 0, t / np.where(len2 > 0, len2, 1), 0), 0, 1)
    dist = np.hypot(p[:, None, 0] - (a[None, :, 0] + t * d[None, :, 0]), p[:, None, 1] - (a[None, :, 1] + t * d[None, :, 1]))
    best = dist.min(axis=1)
    for i in range(len(p)):
        if best[i] > tol:
            unsnapped += 1
            continue
        near = owner[dist[i] <= best[i] + 1e-9]
        mine[near.min()] += 1

bad = np.nonzero(mine != counts)[0]
if len(bad):
    sys.exit(f"FAIL: {len(bad)} segments' counts differ from the brute-force join, e.g. segment {ids[bad[0]]}: "
             f"{counts[bad[0]]} vs {mine[bad[0]]}")
print(f"counts: {len(lines)} segments, {int(mine.sum())} incidents snapped, {unsnapped} unsnapped: equal")

# Junction adjacency from the end coordinates (to the millimetre).
ends = {}
for k, l in enumerate(lines):
    for e in (l[0], l[-1]):
        ends.setdefault((round(e[0], 3), round(e[1], 3)), set()).add(k)
n = len(lines)
rows = [set([k]) for k in range(n)]
for segs in ends.values():
    for k in segs:
        rows[k] |= segs
x = counts.astype(float)
mean, sd = x.mean(), x.std()
z = np.zeros(n)
for i in range(n):
    j = np.array(sorted(rows[i]))
    w = len(j)
    den = sd * np.sqrt((n * w - w * w) / (n - 1))
    z[i] = (x[j].sum() - mean * w) / den if den > 0 else 0
worst = np.abs(z - zs).max()
if worst > 1e-9:
    sys.exit(f"FAIL: Gi* z differs from the brute force by {worst}")
print(f"Gi*: z equal to the brute force within {worst:.2e}")
print(f"unsnapped={unsnapped}")

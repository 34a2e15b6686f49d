"""Independent check of `hotspots lisa --units streets` (run with /usr/bin/python3).

Reads the segments layer lisa wrote (GeoPackage), builds the junction adjacency from the
segments' end coordinates (segments sharing an end point, to the millimetre; not the segment
itself), row-standardises it and computes local Moran's I, E[I], Var[I] (conditional on x_i,
spdep's default) and z with numpy, from the formulas of Anselin (1995) and Sokal, Oden and
Thomson (1998). They must equal the layer's to 1e-9 (relative). Writes the neighbour pairs
and the counts for R (spdep) to OUT_PREFIX.nb.csv and OUT_PREFIX.x.csv.
Usage: check_street_moran.py LISA.gpkg OUT_PREFIX
"""
import sys

import numpy as np
from osgeo import ogr

path, prefix = sys.argv[1], sys.argv[2]
ds = ogr.Open(path)
layer = ds.GetLayer(0)
rows = []
for f in layer:
    g = f.GetGeometryRef()
    first, last = g.GetPoint_2D(0), g.GetPoint_2D(g.GetPointCount() - 1)
    rows.append((int(f.GetField("code")), f.GetField("count"), f.GetField("i"), f.GetField("e_i"), f.GetField("var_i"),
                 f.GetField("z"), first, last))
rows.sort()
n = len(rows)
assert [r[0] for r in rows] == list(range(1, n + 1)), "segments not numbered 1..n"
x = np.array([r[1] for r in rows], dtype=float)
ends = {}
for k, r in enumerate(rows):
    for e in (r[6], r[7]):
        ends.setdefault((round(e[0], 3), round(e[1], 3)), set()).add(k)
nbrs = [set() for _ in range(n)]
for segs in ends.values():
    for k in segs:
        nbrs[k] |= segs - {k}

z = x - x.mean()
m2 = (z ** 2).sum() / n
ours = {name: np.array([r[c] for r in rows]) for name, c in (("i", 2), ("e_i", 3), ("var_i", 4), ("z", 5))}
ref = {name: np.zeros(n) for name in ours}
for i in range(n):
    js = sorted(nbrs[i])
    if not js:
        continue
    w = np.full(len(js), 1.0 / len(js))
    wi, si = w.sum(), (w ** 2).sum()
    ref["i"][i] = z[i] / m2 * (w * z[js]).sum()
    ref["e_i"][i] = -z[i] ** 2 * wi / ((n - 1) * m2)
    ref["var_i"][i] = (z[i] / m2) ** 2 * n / (n - 2) * (si - wi ** 2 / (n - 1)) * (m2 - z[i] ** 2 / (n - 1))
    ref["z"][i] = (ref["i"][i] - ref["e_i"][i]) / np.sqrt(ref["var_i"][i]) if ref["var_i"][i] > 0 else 0.0
for name in ours:
    scale = max(1.0, np.abs(ref[name]).max())
    worst = np.abs(ours[name] - ref[name]).max() / scale
    if not worst < 1e-9:
        sys.exit(f"FAIL: {name} differs from the brute force by {worst:.3g} (relative)")
isolated = sum(1 for s in nbrs if not s)
print(f"lisa on {n} segments ({isolated} without a neighbour): I, E[I], Var[I], z equal the brute force")
with open(prefix + ".nb.csv", "w") as fh:
    fh.write("i,j\n")
    for i in range(n):
        for j in sorted(nbrs[i]):
            fh.write(f"{i + 1},{j + 1}\n")
with open(prefix + ".x.csv", "w") as fh:
    fh.write("x,i,z\n")
    for k in range(n):
        fh.write(f"{x[k]!r},{ours['i'][k]!r},{ours['z'][k]!r}\n")

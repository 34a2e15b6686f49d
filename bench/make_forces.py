#!/usr/bin/python3
"""Synthetic police forces for the national data set (docs/scale.md, "43 forces"): the land mask
of make_national.py cut into K areas (43: the forces of England and Wales), a Voronoi diagram of
K seeds placed by the incidents (k-means over a sample of them, so busy places get smaller
forces), clipped to the land mask grown by 15 km (make_national.py moves each incident with its
offset from the BCU's centre, up to about 12 km, so some fall off the rough coast; the margin
keeps every incident in a force). Written as a GeoPackage layer `forces` (EPSG:27700) with
`code` (F01..F43), `force` (its name) and `sample_pct` (the share of the sampled incidents in
it), and a list of the codes, one a line, beside it (OUT.txt). Deterministic for its arguments.
Never commit it: it is derived from the national data set.

Usage: /usr/bin/python3 bench/make_forces.py K OUT.gpkg [INCIDENTS.csv] [SEED]
  INCIDENTS.csv: a make_national.py file (its first 200,000 rows are a random sample: each row
  is drawn independently); without it the seeds are uniform over the land mask.
"""
import importlib.util
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr
from scipy.spatial import cKDTree

gdal.UseExceptions()
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_national", os.path.join(here, "make_national.py"))
national = importlib.util.module_from_spec(spec)
spec.loader.exec_module(national)

MARGIN_M = 15000
SAMPLE = 200_000


def sample_points(path, rng):
    if path is None:
        return national.places(rng, SAMPLE)
    xy = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(3, 4), max_rows=SAMPLE)
    if xy.ndim != 2 or len(xy) == 0:
        sys.exit(f"{path}: no easting, northing rows (give a make_national.py CSV)")
    return xy


def kmeans(points, k, rng, rounds=30):
    """Lloyd's iterations from k distinct sampled points; an emptied centre is re-drawn."""
    centres = points[rng.choice(len(points), k, replace=False)].copy()
    for _ in range(rounds):
        _, nearest = cKDTree(centres).query(points)
        for j in range(k):
            mine = points[nearest == j]
            centres[j] = mine.mean(axis=0) if len(mine) else points[rng.integers(len(points))]
    return centres


def land(margin):
    return polygon(national.LAND).Buffer(margin)


def polygon(points):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in list(points) + [points[0]]:
        ring.AddPoint_2D(float(x), float(y))
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def half_plane(a, b, reach):
    """The side of the bisector of a and b that holds a, as a square-ish polygon `reach` wide."""
    mid, d = (a + b) / 2, (b - a) / np.linalg.norm(b - a)
    along = np.array([-d[1], d[0]])
    return polygon([mid + along * reach, mid + along * reach - d * reach, mid - along * reach - d * reach,
                    mid - along * reach])


def cells(centres, mask):
    """Each centre's Voronoi cell (the points nearer it than any other centre: the intersection of
    the half-planes of its bisectors) clipped to the mask, in the centres' order."""
    reach = 4e6  # beyond England and Wales (about 0.7 x 0.6 million metres)
    out = []
    for j, a in enumerate(centres):
        cell = mask.Clone()
        for k, b in enumerate(centres):
            if k != j:
                cell = cell.Intersection(half_plane(a, b, reach))
        if cell.IsEmpty():
            sys.exit(f"seed {j} has no Voronoi cell inside the mask")
        out.append(cell)
    return out


def write(path, polygons, shares):
    if os.path.exists(path):
        os.remove(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(27700)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer("forces", srs, ogr.wkbMultiPolygon)
    for name, kind in (("code", ogr.OFTString), ("force", ogr.OFTString), ("sample_pct", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for j, (poly, share) in enumerate(zip(polygons, shares)):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("code", f"F{j + 1:02d}")
        f.SetField("force", f"Synthetic force {j + 1:02d}")
        f.SetField("sample_pct", round(100 * share, 3))
        f.SetGeometry(ogr.ForceToMultiPolygon(poly))
        layer.CreateFeature(f)
    ds = None
    with open(os.path.splitext(path)[0] + ".txt", "w", encoding="utf-8") as f:
        f.writelines(f"F{j + 1:02d}\n" for j in range(len(polygons)))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    k, out = int(sys.argv[1]), sys.argv[2]
    incidents = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    if not 1 <= k <= 999:
        sys.exit(f"K {k}: give 1 to 999 forces")
    rng = np.random.default_rng(seed)
    points = sample_points(incidents, rng)
    if len(points) < k:
        sys.exit(f"{len(points)} sampled points for {k} forces: give more incidents")
    # Sorted north to south, then west to east, so F01 is in the north whatever the seeds' order.
    centres = kmeans(points, k, rng)
    centres = centres[np.lexsort((centres[:, 0], -np.round(centres[:, 1], -4)))]
    polygons = cells(centres, land(MARGIN_M))
    _, nearest = cKDTree(centres).query(points)
    shares = np.bincount(nearest, minlength=k) / len(points)
    write(out, polygons, shares)
    area = [p.GetArea() / 1e6 for p in polygons]
    print(f"{k} forces of {min(area):.0f} to {max(area):.0f} km2, {100 * shares.min():.1f}% to {100 * shares.max():.1f}% "
          f"of the {len(points)} sampled incidents each: {out} (codes in {os.path.splitext(out)[0]}.txt)")


if __name__ == "__main__":
    main()

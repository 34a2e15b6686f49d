#!/usr/bin/python3
"""Synthetic incidents for the KDE benchmark: N points over the NW BCU extent (British
National Grid), 70% in 400 clusters of different sizes and 30% spread evenly, with exact
(not snapped) coordinates like a police export. Writes a GeoPackage and a CSV with the same
rows. Deterministic for a given N and seed. Needs Debian's python3-gdal.

Usage: bench/make_points.py N out.gpkg [out.csv] [seed]
"""
import csv
import random
import sys

from osgeo import gdal, ogr, osr

XMIN, YMIN, XMAX, YMAX = 510600.0, 182450.0, 529580.0, 198360.0  # the BCU's bounding box


def points(n, seed):
    rng = random.Random(seed)
    clusters = [(rng.uniform(XMIN, XMAX), rng.uniform(YMIN, YMAX), rng.uniform(40, 400),
                 rng.paretovariate(1.2)) for _ in range(400)]
    total = sum(c[3] for c in clusters)
    cumulative, acc = [], 0.0
    for c in clusters:
        acc += c[3] / total
        cumulative.append(acc)
    for i in range(n):
        if rng.random() < 0.3:
            x, y = rng.uniform(XMIN, XMAX), rng.uniform(YMIN, YMAX)
        else:
            u = rng.random()
            lo, hi = 0, len(cumulative) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if cumulative[mid] < u:
                    lo = mid + 1
                else:
                    hi = mid
            cx, cy, sd, _ = clusters[lo]
            x = min(max(rng.gauss(cx, sd), XMIN), XMAX)
            y = min(max(rng.gauss(cy, sd), YMIN), YMAX)
        month = 1 + i % 12
        yield i + 1, round(x, 1), round(y, 1), f"2024-{month:02d}-{1 + i % 28:02d}"


def main():
    n, gpkg = int(sys.argv[1]), sys.argv[2]
    csv_path = sys.argv[3] if len(sys.argv) > 3 else None
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    gdal.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(27700)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
    layer = ds.CreateLayer("incidents", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("crime_ref", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("offence", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("committed_from", ogr.OFTString))
    defn = layer.GetLayerDefn()
    out = open(csv_path, "w", newline="") if csv_path else None
    writer = csv.writer(out) if out else None
    if writer:
        writer.writerow(["crime_ref", "offence", "committed_from", "easting", "northing"])
    ds.StartTransaction()
    for i, x, y, date in points(n, seed):
        f = ogr.Feature(defn)
        f.SetField(0, f"B{i:07d}")
        f.SetField(1, "Burglary")
        f.SetField(2, date)
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        layer.CreateFeature(f)
        if writer:
            writer.writerow([f"B{i:07d}", "Burglary", date, x, y])
    ds.CommitTransaction()
    ds = None
    if out:
        out.close()


if __name__ == "__main__":
    main()

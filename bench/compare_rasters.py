#!/usr/bin/python3
"""Compares two single-band rasters on the same grid: prints the grid check, the largest
absolute difference (nodata counted as 0), where it is, and the largest relative difference among cells above 1% of
the maximum. Needs Debian's python3-gdal (and numpy).

With a points CSV (easting and northing in columns 4 and 5, as bench/make_points.py writes)
and a radius, the cell with the largest difference is also computed by brute force: the raw
quartic sum over every point, to say which raster is right.

Usage: bench/compare_rasters.py ours.tif theirs.tif [points.csv radius]
"""
import sys

import numpy as np
from osgeo import gdal


def read(ds):
    """The band as float64, nodata as 0: QGIS leaves cells no kernel reaches as nodata."""
    band = ds.GetRasterBand(1)
    v = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        v[v == nodata] = 0.0
    return v


def main():
    gdal.UseExceptions()
    a_ds, b_ds = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
    if a_ds.GetGeoTransform() != b_ds.GetGeoTransform() or \
            (a_ds.RasterXSize, a_ds.RasterYSize) != (b_ds.RasterXSize, b_ds.RasterYSize):
        print(f"grids differ: {a_ds.GetGeoTransform()} {a_ds.RasterXSize}x{a_ds.RasterYSize} vs "
              f"{b_ds.GetGeoTransform()} {b_ds.RasterXSize}x{b_ds.RasterYSize}")
        return 1
    a, b = read(a_ds), read(b_ds)
    d = np.abs(a - b)
    i = np.unravel_index(np.argmax(d), d.shape)
    big = np.maximum(np.abs(a), np.abs(b)) > 0.01 * max(np.abs(a).max(), np.abs(b).max())
    rel = (d[big] / np.maximum(np.abs(a[big]), np.abs(b[big]))).max() if big.any() else 0.0
    print(f"same grid {a_ds.RasterXSize} x {a_ds.RasterYSize}; max |a-b| = {d.max():.6g} at row {i[0]} col {i[1]} "
          f"(a={a[i]:.6g}, b={b[i]:.6g}); max of a {a.max():.6g}, of b {b.max():.6g}; "
          f"max relative difference where > 1% of max: {rel:.3g}")
    if len(sys.argv) > 4:
        t = a_ds.GetGeoTransform()
        cx, cy = t[0] + (i[1] + 0.5) * t[1], t[3] + (i[0] + 0.5) * t[5]
        pts = np.loadtxt(sys.argv[3], delimiter=",", skiprows=1, usecols=(3, 4))
        h = float(sys.argv[4])
        d2 = (pts[:, 0] - cx) ** 2 + (pts[:, 1] - cy) ** 2
        near = d2 <= h * h
        brute = ((1 - d2[near] / (h * h)) ** 2).sum()
        print(f"  brute force at that cell centre ({cx}, {cy}): {brute:.6g} from {near.sum()} points "
              f"(first raster off by {abs(a[i] - brute):.3g}, second by {abs(b[i] - brute):.3g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

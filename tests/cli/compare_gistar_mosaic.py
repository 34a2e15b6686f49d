#!/usr/bin/python3
"""Compares gistar's tiled mosaic (bands z, p, p_adjusted, bin) with the untiled run's table of
cells, cell for cell: each cell of the table holds its values (rounded to Float32, as every
GeoTIFF band is) and every other cell is nodata. Prints what it compared; exits 1 on any
difference. Usage: compare_gistar_mosaic.py MOSAIC.vrt CELLS.csv"""
import csv
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
mosaic = gdal.Open(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2])))
if mosaic.RasterCount != 4:
    sys.exit(f"{mosaic.RasterCount} bands, not 4 (z, p, p_adjusted, bin)")
x0, cell, _, y0, _, _ = mosaic.GetGeoTransform()
names = ["z", "p", "p_adjusted", "bin"]
bands = [mosaic.GetRasterBand(b + 1) for b in range(4)]
nodata = bands[0].GetNoDataValue()
values = [b.ReadAsArray().astype(np.float64) for b in bands]
seen = np.zeros(values[0].shape, dtype=bool)
problems = []
for r in rows:
    row, col = int(r["row"]), int(r["col"])
    # The table's centre must be the mosaic's cell centre: the grids are one.
    if abs(x0 + (col + 0.5) * cell - float(r["x"])) > 1e-6 or abs(y0 - (row + 0.5) * cell - float(r["y"])) > 1e-6:
        problems.append(f"cell {row},{col}: centre not at the mosaic's")
    seen[row, col] = True
    for name, v in zip(names, values):
        want = float(np.float32(float(r[name])))
        if v[row, col] != want:
            problems.append(f"cell {row},{col} {name}: {v[row, col]!r} in the mosaic, {want!r} in the table")
others = [v[~seen] for v in values]
if any((o != nodata).any() for o in others):
    problems.append(f"{sum(int((o != nodata).sum()) for o in others)} values outside the table's cells are not nodata")
if problems:
    sys.exit(f"{len(problems)} differences, first: " + "; ".join(problems[:5]))
hot = int((values[3][seen] >= 2).sum())
cold = int((values[3][seen] <= -2).sum())
print(f"{len(rows)} cells x 4 bands equal ({hot} hot and {cold} cold at 95% or better), {int((~seen).sum())} nodata")

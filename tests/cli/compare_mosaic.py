#!/usr/bin/python3
"""Compares a VRT mosaic of tiles with the single raster of the same surface: the same size,
geotransform and CRS, and the cells' values; prints max |difference| / max value and exits 1
when it is above the bound given (0 for bit-identical). Usage: compare_mosaic.py MOSAIC.vrt WHOLE.tif BOUND"""
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
mosaic, whole, bound = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2]), float(sys.argv[3])
problems = []
if (mosaic.RasterXSize, mosaic.RasterYSize) != (whole.RasterXSize, whole.RasterYSize):
    problems.append(f"size {mosaic.RasterXSize}x{mosaic.RasterYSize}, not {whole.RasterXSize}x{whole.RasterYSize}")
if mosaic.GetGeoTransform() != whole.GetGeoTransform():
    problems.append(f"geotransform {mosaic.GetGeoTransform()}, not {whole.GetGeoTransform()}")
a, b = mosaic.GetSpatialRef(), whole.GetSpatialRef()
if a is None or not a.IsSame(b) or a.GetAuthorityCode(None) != b.GetAuthorityCode(None):
    problems.append("CRS differs")
if mosaic.GetRasterBand(1).GetNoDataValue() != whole.GetRasterBand(1).GetNoDataValue():
    problems.append("nodata differs")
if problems:
    sys.exit("; ".join(problems))
x = mosaic.GetRasterBand(1).ReadAsArray().astype(np.float64)
y = whole.GetRasterBand(1).ReadAsArray().astype(np.float64)
top = np.abs(y).max()
rel = np.abs(x - y).max() / top if top > 0 else np.abs(x - y).max()
print(f"{x.size} cells, max value {top:.6g}, max |mosaic - whole| / max = {rel:.3g}, cells differing {(x != y).sum()}")
sys.exit(0 if rel <= bound else 1)

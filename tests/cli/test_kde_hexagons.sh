#!/usr/bin/env bash
# kde --aggregate hex:SIZE: on the sample, each hexagon's value equals the mean of the density
# raster's cells whose centres lie inside its written polygon, and its `cells` their number
# (an independent computation: /usr/bin/python3 with GDAL and numpy, point in polygon by the
# hexagon's edges); every cell with a value is in exactly one hexagon; each hexagon has the
# area (sqrt 3 / 2) size^2; the hexagons tile the plane: their union is one polygon without
# holes whose area is their summed area (no gaps, no overlaps; neighbours share their corners
# exactly, as written). Pointy-topped, and flat-topped
# inside a mask (its nodata cells left out). Bad combinations are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --crime-type burglary --bandwidth 300 --cell 20)
"$bin" kde "${x[@]}" -o "$tmp/a.tif" --aggregate hex:200 --hexagons "$tmp/a.gpkg" -q 2> "$tmp/err" \
  || fail "kde --aggregate hex:200: $(cat "$tmp/err")"
"$bin" kde "${x[@]}" --mask sample_data/areas/bcu.geojson -o "$tmp/b.tif" --aggregate hex:150:flat --hexagons "$tmp/b.gpkg" -q \
  2> "$tmp/err" || fail "kde --aggregate hex:150:flat: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "hexagon means against the raster"
import math, sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions(); ogr.UseExceptions()
d = sys.argv[1]
for name, size in (("a", 200.0), ("b", 150.0)):
    ras = gdal.Open(f"{d}/{name}.tif")
    band = ras.GetRasterBand(1)
    v = band.ReadAsArray().astype(float)
    nodata = band.GetNoDataValue()
    valid = ~np.isnan(v) if nodata is None or math.isnan(nodata) else (v != nodata) & ~np.isnan(v)
    x0, dx, _, y0, _, dy = ras.GetGeoTransform()
    cx = x0 + (np.arange(v.shape[1]) + 0.5) * dx
    cy = y0 + (np.arange(v.shape[0]) + 0.5) * dy
    strict, touched = np.zeros(v.shape, dtype=int), np.zeros(v.shape, dtype=int)
    on_edges = total = 0
    ds = ogr.Open(f"{d}/{name}.gpkg")
    lyr = ds.GetLayer()
    area = math.sqrt(3) / 2 * size * size
    every = ogr.Geometry(ogr.wkbMultiPolygon)
    n = 0
    for f in lyr:
        g = f.GetGeometryRef()
        poly = g.GetGeometryRef(0) if g.GetGeometryType() in (ogr.wkbMultiPolygon, ogr.wkbMultiPolygon25D) else g
        assert abs(poly.GetArea() - area) < 1e-6 * area and abs(f.GetField("area_m2") - area) < 1e-6 * area
        every.AddGeometry(poly.Clone())  # as written: neighbours share their corners exactly
        ring = np.array(poly.GetGeometryRef(0).GetPoints())[:, :2]
        if np.cross(ring[1] - ring[0], ring[2] - ring[1]) < 0: ring = ring[::-1]  # counter-clockwise
        xmin, ymin = ring.min(0); xmax, ymax = ring.max(0)
        cols = np.nonzero((cx >= xmin) & (cx <= xmax))[0]
        rows = np.nonzero((cy >= ymin) & (cy <= ymax))[0]
        X, Y = np.meshgrid(cx[cols], cy[rows])
        inside = np.ones(X.shape, dtype=bool)
        on = np.ones(X.shape, dtype=bool)  # inside or on an edge
        for a, b in zip(ring[:-1], ring[1:]):
            side = (b[0] - a[0]) * (Y - a[1]) - (b[1] - a[1]) * (X - a[0])
            inside &= side > 1e-6 * size
            on &= side > -1e-6 * size
        sub = np.ix_(rows, cols)
        take, edge = inside & valid[sub], on & ~inside & valid[sub]
        strict[sub] += take
        touched[sub] += edge
        cells = f.GetField("cells")
        # A centre on an edge between two hexagons goes to one of them (either is right).
        assert take.sum() <= cells <= take.sum() + edge.sum(), (name, f.GetField("code"), take.sum(), edge.sum(), cells)
        if edge.any():
            on_edges += 1
        else:
            mean = v[sub][take].mean()
            # The raster is Float32: its cells are the doubles kde averaged, rounded to 24 bits.
            top = np.abs(v[sub][take]).max()
            assert abs(mean - f.GetField("value")) <= 1e-6 * top, (name, f.GetField("code"), mean, f.GetField("value"))
        total += cells
        n += 1
    # Every centre with a value is inside one hexagon, or on an edge (of two, or of one when the
    # other holds no other cell and is not written); and counted once.
    ok = (strict == 1) & (touched == 0) | (strict == 0) & (touched >= 1)
    assert ok[valid].all() and (strict[~valid] == 0).all(), (name, "a cell centre in no hexagon, or in two")
    assert total == valid.sum(), (name, total, valid.sum())
    assert on_edges < n / 2, (name, on_edges, "too few hexagons compared exactly")
    union = every.UnionCascaded()
    assert union.GetGeometryType() in (ogr.wkbPolygon, ogr.wkbPolygon25D), (name, union.GetGeometryName(), "hexagons in pieces")
    assert union.GetGeometryCount() == 1, (name, union.GetGeometryCount() - 1, "holes: a gap between hexagons")
    assert abs(union.GetArea() - n * area) < 1e-6 * n * area, (name, union.GetArea(), n * area, "overlapping hexagons")
    assert n == lyr.GetFeatureCount() and n > 100, n
    print(f"{name}: {n} hexagons of {size:g} m ({n - on_edges} without a cell centre on an edge, each the mean of its cells "
          "in the raster); every cell in one; they tile without gaps or overlaps")
EOF
# Refused (exit 2, nothing written): the size without the file, the file without the size,
# hexagons under twice the cell, a square size, tiles.
for bad in "--aggregate hex:200" "--hexagons $tmp/bad.gpkg" "--aggregate hex:30 --hexagons $tmp/bad.gpkg" \
           "--aggregate 200 --hexagons $tmp/bad.gpkg" "--aggregate hex:200 --hexagons $tmp/bad.gpkg --tile-size 2km"; do
  # shellcheck disable=SC2086
  "$bin" kde "${x[@]}" -o "$tmp/bad.vrt" $bad -q 2> "$tmp/err"
  [ $? -eq 2 ] || fail "kde $bad: not refused: $(cat "$tmp/err")"
  [ ! -e "$tmp/bad.gpkg" ] && [ ! -e "$tmp/bad.vrt" ] || fail "kde $bad left a file"
done
echo "ok"

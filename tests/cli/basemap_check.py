#!/usr/bin/python3
"""Checks the raster base map of a report (--context FILE.tif / .mbtiles / .gpkg of tiles):

  basemap_check.py REPORT.html FILE SPLIT_X Y LEFT_RGB RIGHT_RGB

The report's data holds one image for FILE; its PNG, stretched between its corners in Web
Mercator as Leaflet draws it, shows LEFT_RGB west of the British National Grid easting SPLIT_X
and RIGHT_RGB east of it along northing Y, and the colour changes within 2 pixels of where
SPLIT_X projects (the reprojection is right, not only the colours). Projections by osr,
independently of the engine."""
import base64
import json
import re
import sys

from osgeo import gdal, osr

gdal.UseExceptions()
report, name, split, y = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
left, right = (tuple(int(v) for v in a.split(",")) for a in sys.argv[5:7])
text = open(report, encoding="utf-8").read()
data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', text, re.S).group(1))
images = [c for c in data["context"] if c.get("image") and c["file"] == name]
assert len(images) == 1, f"{name}: {len(images)} images in the report's context"
img = images[0]["image"]
assert set(images[0]) == {"file", "image"}, f"{name}: more than the image travels into the page: {sorted(images[0])}"
gdal.FileFromMemBuffer("/vsimem/b.png", base64.b64decode(img["png"]))
ds = gdal.Open("/vsimem/b.png")
w, h = ds.RasterXSize, ds.RasterYSize
assert ds.RasterCount in (2, 4), f"{name}: {ds.RasterCount} bands: no alpha"
px = [ds.GetRasterBand(b + 1).ReadAsArray() for b in range(ds.RasterCount)]
(s, wl), (n, e) = img["bounds"]
bng, merc, ll = osr.SpatialReference(), osr.SpatialReference(), osr.SpatialReference()
bng.ImportFromEPSG(27700), merc.ImportFromEPSG(3857), ll.ImportFromEPSG(4326)
for r in (bng, merc, ll):
    r.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
to_merc = osr.CoordinateTransformation(ll, merc)
x0, y0, _ = to_merc.TransformPoint(wl, s)
x1, y1, _ = to_merc.TransformPoint(e, n)
bng_merc = osr.CoordinateTransformation(bng, merc)


def pixel(ex, ny):
    mx, my, _ = bng_merc.TransformPoint(ex, ny)
    return (mx - x0) / (x1 - x0) * w, (y1 - my) / (y1 - y0) * h


def rgb(col, row):
    c, r = int(col), int(row)
    v = tuple(int(p[r, c]) for p in px)
    return (v[0], v[0], v[0]) if len(v) == 2 else v[:3]


problems = []
cx, cy = pixel(split, y)
for dx, want in ((-3000, left), (3000, right)):
    c, r = pixel(split + dx, y)
    got = rgb(c, r)
    if max(abs(a - b) for a, b in zip(got, want)) > 12:
        problems.append(f"{name}: at easting {split + dx:.0f} the image is {got}, not {want}")
row = int(cy)
cols = [c for c in range(1, w) if rgb(c - 1, row) != rgb(c, row) and max(abs(a - b) for a, b in zip(rgb(c - 1, row), rgb(c, row))) > 40]
near = [c for c in cols if abs(c - cx) < 6]
if not near or min(abs(c - cx) for c in near) > 2:
    problems.append(f"{name}: the colour changes at columns {cols[:6]} of row {row}, the split projects to {cx:.1f}")
for p in problems:
    print("BASEMAP:", p)
print(f"{name}: {w} x {h} pixels, the split at column {cx:.1f}" + ("" if problems else ": colours and place right"))
sys.exit(1 if problems else 0)

#!/usr/bin/env bash
# compare on the sample: the dual surface equals the difference (and log ratio) of two kde runs
# on the same extent, cell and bandwidth, cell by cell; the agreement table equals counts made
# here from the classes raster (shares, Jaccard, Cohen's kappa, fuzzy kappa by its definition); a map compared with itself
# agrees fully (kappa 1); options given alone are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
input=(sample_data/police_export.csv --crs EPSG:27700)
grid=(--extent 440000,298000,456000,312000 --cell 50 --bandwidth 300)
"$bin" compare "${input[@]}" "${grid[@]}" --after 2024-12..2024-12 --before 2024-11..2024-11 -o "$tmp/dual.tif" \
  --classes "$tmp/classes.tif" --csv "$tmp/agree.csv" -q > "$tmp/out" || fail "compare failed"
grep -q "Cohen's kappa" "$tmp/out" || fail "no summary: $(cat "$tmp/out")"
"$bin" compare "${input[@]}" "${grid[@]}" --after 2024-12..2024-12 --before 2024-11..2024-11 --surface log-ratio \
  -o "$tmp/log.tif" -q > /dev/null || fail "compare --surface log-ratio failed"
for m in 2024-12 2024-11; do
  "$bin" kde "${input[@]}" "${grid[@]}" --period $m..$m -o "$tmp/kde$m.tif" -q > /dev/null || fail "kde $m failed"
done
$py - "$tmp" << 'PY' || fail "the dual surface or the agreement differs from the reference"
import sys, csv
import numpy as np
from osgeo import gdal
t = sys.argv[1]
def band(name):
    d = gdal.Open(f"{t}/{name}.tif"); b = d.GetRasterBand(1); v = b.ReadAsArray().astype(float)
    nd = b.GetNoDataValue()
    if nd is not None: v[v == nd] = np.nan
    return v
a, b, dual, lr, cls = band("kde2024-12"), band("kde2024-11"), band("dual"), band("log"), band("classes")
assert a.shape == dual.shape, (a.shape, dual.shape)
diff = np.nanmax(np.abs(dual - (a - b)))
print("largest difference from kde A - kde B:", diff)
assert diff < 1e-3 * np.nanmax(np.abs(a)), diff   # Float32 rasters
floor_a, floor_b = 0.05 * np.median(a[a > 0]), 0.05 * np.median(b[b > 0])
ok = (a > floor_a) & (b > floor_b)
want = np.log(a[ok] / b[ok])
assert np.nanmax(np.abs(lr[ok] - want)) < 1e-4, np.nanmax(np.abs(lr[ok] - want))
assert np.all(np.isnan(lr[~ok & ~np.isnan(a)]))
valid = ~np.isnan(cls)
n = valid.sum(); ha = cls == 1; hb = cls == 2; both = cls == 3
na, nb, nboth = (ha | both).sum(), (hb | both).sum(), both.sum()
po = ((cls == 0) | both)[valid].mean()
pe = (na / n) * (nb / n) + (1 - na / n) * (1 - nb / n)
row = next(csv.DictReader(open(f"{t}/agree.csv")))
print("kappa", (po - pe) / (1 - pe), "table", row["kappa"])
assert int(row["cells"]) == n
assert abs(float(row["kappa"]) - (po - pe) / (1 - pe)) < 1e-4
assert abs(float(row["jaccard"]) - nboth / (na + nb - nboth)) < 1e-4
assert abs(float(row["a_in_b"]) - nboth / na) < 1e-4
# Fuzzy kappa by its definition (Hagen 2003, Hagen-Zanker 2009), halving distance 50 m on 50 m
# cells, credit 2^(-d/50) up to 200 m: each cell's credit for a category is the largest over
# the cells of that category around it; E from every pair of cells of the two distributions.
cell, h = 50.0, 50.0
A = np.where(valid, (ha | both).astype(int), -1); B = np.where(valid, (hb | both).astype(int), -1)
def credit(m, c):
    out = np.zeros(m.shape)
    R = int(4 * h / cell); rows, cols = m.shape
    for dr in range(-R, R + 1):
        for dc in range(-R, R + 1):
            d = cell * np.hypot(dr, dc)
            if d > 4 * h: continue
            src = np.full(m.shape, -1)
            src[max(0, -dr):rows - max(0, dr), max(0, -dc):cols - max(0, dc)] = \
                m[max(0, dr):rows - max(0, -dr), max(0, dc):cols - max(0, -dc)]
            out = np.maximum(out, np.where(src == c, 2.0 ** (-d / h), 0.0))
    return out
muA = [credit(A, c) for c in (0, 1)]; muB = [credit(B, c) for c in (0, 1)]
S = np.minimum(np.choose(np.clip(B, 0, 1), muA), np.choose(np.clip(A, 0, 1), muB))[valid]
P = S.mean()
E = 0.0
for ca in (0, 1):
    for cb in (0, 1):
        x = muB[ca][valid & (B == cb)]; y = muA[cb][valid & (A == ca)]
        if len(x) == 0 or len(y) == 0: continue
        xv, xn = np.unique(x, return_counts=True); yv, yn = np.unique(y, return_counts=True)
        emin = (np.minimum.outer(xv, yv) * np.outer(xn, yn)).sum() / (len(x) * len(y))
        E += (A[valid] == ca).mean() * (B[valid] == cb).mean() * emin
fk = (P - E) / (1 - E)
print("fuzzy kappa", fk, "table", row["fuzzy_kappa"], "similarity", P, row["fuzzy_similarity"])
assert abs(float(row["fuzzy_similarity"]) - P) < 1e-4
assert abs(float(row["fuzzy_kappa"]) - fk) < 1e-4
assert float(row["fuzzy_kappa"]) > float(row["kappa"])  # nearby hot cells earn credit
PY
"$bin" compare "${input[@]}" "${grid[@]}" --after 2024-12..2024-12 --before 2024-12..2024-12 --csv "$tmp/same.csv" -q > /dev/null ||
  fail "compare with itself failed"
[ "$(awk -F, 'NR == 2 { print $10 }' "$tmp/same.csv")" = "1.0000" ] || fail "a map against itself: kappa $(cat "$tmp/same.csv")"
[ "$(awk -F, 'NR == 2 { print $12 }' "$tmp/same.csv")" = "1.0000" ] || fail "a map against itself: fuzzy kappa $(cat "$tmp/same.csv")"
# Two maps made elsewhere (kde's and Gi*'s hotspots of 2024) on the BCU's 25 m cells: the shares
# agree with the polygons' own areas (OGR's intersection), within the cells' rounding.
year=(--period 2024-01..2024-12 --mask sample_data/areas/bcu.geojson)
"$bin" kde "${input[@]}" "${year[@]}" --bandwidth 300 --cell 50 --hotspots "$tmp/kde.geojson" -q > /dev/null || fail "kde hotspots"
"$bin" gistar "${input[@]}" "${year[@]}" --cell 100 --hotspots "$tmp/gi.geojson" -q > /dev/null || fail "gistar hotspots"
"$bin" compare "${input[@]}" "${year[@]}" --a-map "$tmp/kde.geojson" --b-map "$tmp/gi.geojson" --cell 25 \
  --csv "$tmp/maps.csv" -q > /dev/null || fail "compare --a-map --b-map failed"
$py - "$tmp" << 'PY' || fail "the maps' shares differ from their polygons' areas"
import sys, csv
from osgeo import ogr, osr
t = sys.argv[1]
def projected(path):
    # GeoJSON is WGS84 (RFC 7946): measure in the British National Grid. Keep the data source
    # open while its features are read.
    ds = ogr.Open(path)
    g = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in ds.GetLayer():
        g = g.Union(f.GetGeometryRef().Clone())
    src = osr.SpatialReference(); src.ImportFromEPSG(4326); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference(); dst.ImportFromEPSG(27700); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g.Transform(osr.CoordinateTransformation(src, dst))
    return g
a, b = projected(f"{t}/kde.geojson"), projected(f"{t}/gi.geojson")
both = a.Intersection(b).GetArea()
row = next(csv.DictReader(open(f"{t}/maps.csv")))
print("a_in_b", both / a.GetArea(), row["a_in_b"], "b_in_a", both / b.GetArea(), row["b_in_a"])
assert abs(both / a.GetArea() - float(row["a_in_b"])) < 0.05
assert abs(both / b.GetArea() - float(row["b_in_a"])) < 0.05
assert abs(a.GetArea() / 1e4 - float(row["a_hot_ha"])) < 0.05 * a.GetArea() / 1e4
PY
"$bin" compare "${input[@]}" "${year[@]}" --a-map "$tmp/kde.geojson" --b-map "$tmp/kde.geojson" --csv "$tmp/self.csv" -q \
  > /dev/null || fail "a map against itself"
[ "$(awk -F, 'NR == 2 { print $10 }' "$tmp/self.csv")" = "1.0000" ] || fail "a map against itself: $(cat "$tmp/self.csv")"
"$bin" compare "${input[@]}" --a-map "$tmp/kde.geojson" --b-map "$tmp/gi.geojson" --csv "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'need the study area' "$tmp/err" || fail "maps without a study area: $(cat "$tmp/err")"

"$bin" compare "${input[@]}" --after 2024-12..2024-12 -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'give --after and --before together' "$tmp/err" || fail "--after alone: $(cat "$tmp/err")"
"$bin" compare "${input[@]}" -o "$tmp/x.tif" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'say what maps A and B hold' "$tmp/err" || fail "no maps: $(cat "$tmp/err")"
[ -e "$tmp/x.tif" ] && fail "a refused run left an output"
echo ok

#!/usr/bin/env bash
# gistar --cell hex:SIZE: on the sample, each hexagon's count equals an independent
# point-in-polygon count with OGR on the written hexagons (a point on a shared edge counted in
# one of the hexagons that touch it), for pointy- and flat-topped hexagons; every incident is
# counted once; each hexagon's area is (sqrt 3 / 2) size^2; the planted violence hot spot H1 lies
# in a hot hexagon; trend counts the same; steps without hexagons and bad specs are refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence --crime-type violent-crime)
for shape in hex:150 hex:120:flat; do
  "$bin" gistar "${x[@]}" --cell $shape -o "$tmp/${shape//:/_}.gpkg" -q > /dev/null 2> "$tmp/err" || fail "gistar --cell $shape: $(cat "$tmp/err")"
done
$py - "$tmp" << 'EOF' || fail "hexagon counts against OGR's point-in-polygon"
import csv, math, sys
from osgeo import ogr
ogr.UseExceptions()
d = sys.argv[1]
pts = [(float(r["easting"]), float(r["northing"])) for r in csv.DictReader(open("sample_data/police_export.csv"))
       if r["offence"] == "Assault ABH"]
h1 = next(r for r in csv.DictReader(open("sample_data/truth/hotspots.csv")) if r["id"] == "H1")
for name, size in (("hex_150", 150), ("hex_120_flat", 120)):
    ds = ogr.Open(f"{d}/{name}.gpkg")
    lyr = ds.GetLayer()
    total, n = 0, 0
    hot_h1 = False
    for f in lyr:
        g = f.GetGeometryRef()
        assert abs(g.GetArea() - math.sqrt(3) / 2 * size * size) < 1e-6 * size * size, g.GetArea()
        env = g.GetEnvelope()
        strict = on = 0
        for x, y in pts:
            if env[0] <= x <= env[1] and env[2] <= y <= env[3]:
                p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(x, y)
                if g.Contains(p): strict += 1
                elif g.Intersects(p): on += 1
        c = f.GetField("count")
        assert strict <= c <= strict + on, (name, f.GetField("code"), c, strict, on)
        total += c
        n += 1
        p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(float(h1["x"]), float(h1["y"]))
        if g.Intersects(p) and f.GetField("bin") == 3:
            hot_h1 = True
    assert total == len(pts), (name, total, len(pts))
    assert hot_h1, name
    print(f"{name}: {n} hexagons, {total} incidents, each count within OGR's point-in-polygon")
EOF
# trend on the same hexagons counts the same incidents in each.
"$bin" trend "${x[@]}" --cell hex:150 -o "$tmp/trend.gpkg" -q > /dev/null 2> "$tmp/err" || fail "trend --cell hex:150: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "trend's hexagons"
import sys
from osgeo import ogr
d = sys.argv[1]
a, b = ogr.Open(f"{d}/hex_150.gpkg"), ogr.Open(f"{d}/trend.gpkg")
g = {f.GetField("code"): f.GetField("count") for f in a.GetLayer()}
t = {f.GetField("code"): f.GetField("count") for f in b.GetLayer()}
assert g == t, (len(g), len(t))
EOF
"$bin" change sample_data/police_export.csv --crs EPSG:27700 --date committed_from --date-to committed_to --type offence \
  --before 2023-01..2023-12 --after 2024-01..2024-12 --cell hex:100 -o "$tmp/change_hex.gpkg" -q 2> "$tmp/err" || fail "change --cell hex: $(cat "$tmp/err")"  # issue 31: change takes hexagons (test_change_units.sh)
"$bin" gistar "${x[@]}" --cell hex:0 -o "$tmp/t.gpkg" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--cell hex:0"
"$bin" gistar "${x[@]}" --cell hex:100:round -o "$tmp/t.gpkg" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--cell hex:100:round"
"$bin" gistar "${x[@]}" --cell hex:100 --hotspots "$tmp/h.gpkg" -o "$tmp/t.gpkg" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "--hotspots with hexagons"
"$bin" gistar "${x[@]}" --cell hex:100 --neighbours knn:6 -o "$tmp/t.gpkg" -q 2> "$tmp/err"; [ $? -eq 2 ] || fail "knn on hexagons"
[ ! -e "$tmp/t.gpkg" ] || fail "a refused gistar left an output"
echo ok

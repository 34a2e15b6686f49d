#!/usr/bin/env bash
# --publish: with a planted refuge (12 incidents inside a sensitive site) and a planted small
# cluster (3 incidents), the published outputs show neither: the refuge's incidents are removed
# before the computation (said in the log and the metadata), no hotspot and no density is at
# the refuge, no count below 5 appears in any attribute or table, point layers are not
# written unless --keep-points, surfaces are 100 m cells, polygons at least a cell square;
# the same run without --publish shows the refuge's hotspot; options of --publish alone are
# refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py - "$tmp" << 'EOF'
import random, sys
d = sys.argv[1]
rng = random.Random(4)
rows = ["ref,easting,northing,date,type"]
def add(n, x, y, sd):
    for _ in range(n):
        rows.append(f"R{len(rows)},{rng.gauss(x, sd):.1f},{rng.gauss(y, sd):.1f},2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},Burglary")
add(60, 500000, 200000, 40)   # a hot spot
add(3, 502000, 200000, 3)     # a small cluster
add(12, 504000, 200000, 5)    # inside the refuge
for k in range(4):            # a repeat address
    rows.append(f"R{len(rows)},502500.0,201000.0,2024-0{k + 1}-10,Burglary")
while len(rows) < 1 + 60 + 3 + 12 + 4 + 30:  # background, away from the refuge
    x, y = rng.uniform(498000, 506000), rng.uniform(198000, 202000)
    if abs(x - 504000) > 600 or abs(y - 200000) > 600:
        rows.append(f"R{len(rows)},{x:.1f},{y:.1f},2024-06-15,Burglary")
open(f"{d}/inc.csv", "w").write("\n".join(rows) + "\n")
open(f"{d}/refuge.geojson", "w").write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},'
    '"features":[{"type":"Feature","properties":{"name":"site"},"geometry":{"type":"Polygon","coordinates":'
    '[[[503950,199950],[504050,199950],[504050,200050],[503950,200050],[503950,199950]]]}}]}')
EOF
x=("$tmp/inc.csv" --crs EPSG:27700 --date date --type type)
"$bin" kde "${x[@]}" --bandwidth 200 --cell 20 --hotspots "$tmp/open.geojson" -o "$tmp/open.tif" -q > /dev/null 2> "$tmp/err" \
  || fail "kde: $(cat "$tmp/err")"
"$bin" kde "${x[@]}" --bandwidth 200 --cell 20 --hotspots "$tmp/pub.geojson" -o "$tmp/pub.tif" --publish \
  --sensitive-sites "$tmp/refuge.geojson" > /dev/null 2> "$tmp/err" || fail "kde --publish: $(cat "$tmp/err")"
grep -q "12 incidents inside --sensitive-sites" "$tmp/err" || fail "the removed incidents are not reported: $(cat "$tmp/err")"
"$bin" repeats "${x[@]}" -o "$tmp/rep.geojson" --publish > /dev/null 2> "$tmp/err" || fail "repeats --publish: $(cat "$tmp/err")"
[ ! -e "$tmp/rep.geojson" ] || fail "a point layer was published"
grep -q "not written; --keep-points keeps it" "$tmp/err" || fail "no word of the dropped layer: $(cat "$tmp/err")"
"$bin" change "${x[@]}" --cell 500 --before 2024-01..2024-06 --after 2024-07..2024-12 -o "$tmp/change.csv" --publish \
  > /dev/null 2> "$tmp/err" || fail "change --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "published outputs"
import csv, json, math, sys
from osgeo import gdal
gdal.UseExceptions()
d = sys.argv[1]
near = lambda f, x, y, r: math.hypot(f["properties"]["peak_x"] - x, f["properties"]["peak_y"] - y) < r
opened = json.load(open(f"{d}/open.geojson"))["features"]
assert any(near(f, 504000, 200000, 150) for f in opened), "the open map should show the refuge"
assert any(near(f, 502000, 200000, 150) for f in opened), "the open map should show the small cluster"
pub = json.load(open(f"{d}/pub.geojson"))
meta = pub["metadata"]["published"]
assert meta["removed_in_sensitive_sites"] == 12 and "statement" in meta, meta
for f in pub["features"]:
    p = f["properties"]
    assert not (p["peak_x"] and near(f, 504000, 200000, 300)), p
    for k, v in p.items():
        if isinstance(v, int) and k not in ("rank",):
            assert not 1 <= v < 5, (k, v)
        if isinstance(v, str) and v.isdigit():
            assert not 1 <= int(v) < 5, (k, v)
    assert p["area_m2"] >= 100 * 100, p
small = [f["properties"] for f in pub["features"] if near(f, 502000, 200000, 150)]
assert all(p["incidents"] == "<5" for p in small), small
ras = gdal.Open(f"{d}/pub.tif")
gt = ras.GetGeoTransform()
assert gt[1] >= 100, gt
band = ras.GetRasterBand(1)
col, row = int((504000 - gt[0]) / gt[1]), int((200000 - gt[3]) / gt[5])
v = band.ReadAsArray(col, row, 1, 1)[0][0]
assert v == band.GetNoDataValue() or v == 0, v
rows = list(csv.DictReader(open(f"{d}/change.csv")))
for r in rows:
    for k in ("before", "after"):
        assert r[k] in ("<5", "x", "0") or int(r[k]) >= 5, r
    if {"<5", "x"} & {r["before"], r["after"]}:
        assert r["difference"] == "" and r["change_pct"] == "", r
assert any("<5" in (r["before"], r["after"]) for r in rows)
# Secondary suppression in a layer: a column with one hidden count hides another, so the
# total of the column cannot give it back.
for k in ("before", "after"):
    assert sum(r[k] in ("<5", "x") for r in rows) != 1, k
EOF
"$bin" nearrepeat "${x[@]}" --chains "$tmp/chains.csv" --permutations 9 --publish -q > /dev/null 2> "$tmp/err" \
  || fail "nearrepeat --publish: $(cat "$tmp/err")"
[ ! -e "$tmp/chains.csv" ] || fail "near-repeat chains (incident places) were published"
"$bin" cocoon "${x[@]}" --since 2024-06-01 -o "$tmp/zones.geojson" --publish -q > /dev/null 2> "$tmp/err" \
  || fail "cocoon --publish: $(cat "$tmp/err")"
[ ! -e "$tmp/zones.geojson" ] || fail "cocooning zones (circles round burglaries) were published"
"$bin" repeats "${x[@]}" -o "$tmp/rep.geojson" --publish --keep-points -q > /dev/null 2> "$tmp/err" || fail "--keep-points: $(cat "$tmp/err")"
[ -e "$tmp/rep.geojson" ] || fail "--keep-points did not keep the points"
grep -q '"incidents":"<5"' "$tmp/rep.geojson" || grep -q '"count":"<5"' "$tmp/rep.geojson" || fail "kept points without suppressed counts: $(head -c 600 "$tmp/rep.geojson")"
"$bin" kde "${x[@]}" --bandwidth 200 -o "$tmp/x.tif" --suppress-below 10 -q > /dev/null 2>&1; [ $? -eq 2 ] || fail "--suppress-below without --publish"
# A ward table with its BCU total: no hidden count can be had back by subtraction.
"$bin" map sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward \
  --areas sample_data/areas/bcu.geojson,as=bcu --summary "$tmp/summary.csv" -o "$tmp/m.gpkg" --publish -q > /dev/null 2> "$tmp/err" \
  || fail "map --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "secondary suppression"
import csv, sys
rows = list(csv.DictReader(open(f"{sys.argv[1]}/summary.csv")))
counts = [k for k in rows[0] if k not in ("layer", "code", "name")]
hidden = lambda v: v in ("<5", "x")
assert any(hidden(r[k]) for r in rows for k in counts)
for r in rows:  # no row with a single hidden count
    assert sum(hidden(r[k]) for k in counts) != 1, r
for k in counts:  # no column with a single hidden count
    assert sum(hidden(r[k]) for r in rows) != 1, k
for r in rows:
    for k in counts:
        assert hidden(r[k]) or r[k] == "0" or int(r[k]) >= 5, (r["name"], k, r[k])
EOF
# A pack does not publish yet, and says so rather than look published.
sed -n 1,49p sample_data/packs/sample.toml | sed "s|\"\.\./|\"$src/sample_data/|g" > "$tmp/pack.toml"
printf '[[step]]\nrun = "kde"\nbandwidth = 300\npublish = true\n' >> "$tmp/pack.toml"
"$bin" pack "$tmp/pack.toml" -o "$tmp/pack" -q > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "a pack with publish = true ran"
grep -q "a pack does not publish" "$tmp/err" || fail "pack publish: $(cat "$tmp/err")"
echo "publish: refuge and small counts hidden, points dropped, surfaces coarsened"

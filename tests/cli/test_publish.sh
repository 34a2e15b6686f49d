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
"$bin" kde "${x[@]}" --bandwidth 200 --cell 20 --hotspots "$tmp/open.geojson" -o "$tmp/open_density.tif" -q > /dev/null 2> "$tmp/err" \
  || fail "kde: $(cat "$tmp/err")"
"$bin" kde "${x[@]}" --bandwidth 200 --cell 20 --hotspots "$tmp/pub.geojson" -o "$tmp/pub_density.tif" --publish \
  --sensitive-sites "$tmp/refuge.geojson" --report "$tmp/pub.html" > "$tmp/out" 2> "$tmp/err" || fail "kde --publish: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "kde --publish printed its summary (counts before suppression)"
grep -q "Prepared for publication.*incidents inside sensitive sites removed" "$tmp/pub.html" \
  || fail "the command's report does not carry the statement"
# How many incidents the refuge held is the count it is there to protect: said to the analyst
# (stderr), never published.
! grep -q "12 incidents" "$tmp/pub.html" || fail "the report publishes the refuge's count"
grep -q "12 incidents inside --sensitive-sites" "$tmp/err" || fail "the removed incidents are not reported: $(cat "$tmp/err")"
"$bin" repeats "${x[@]}" -o "$tmp/rep.geojson" --publish > /dev/null 2> "$tmp/err" || fail "repeats --publish: $(cat "$tmp/err")"
[ ! -e "$tmp/rep.geojson" ] || fail "a point layer was published"
grep -q "not written; --keep-points keeps it" "$tmp/err" || fail "no word of the dropped layer: $(cat "$tmp/err")"
"$bin" change "${x[@]}" --cell 500 --before 2024-01..2024-06 --after 2024-07..2024-12 -o "$tmp/change.csv" --publish \
  > /dev/null 2> "$tmp/err" || fail "change --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "published outputs"
import csv, json, math, re, sys
from osgeo import gdal
gdal.UseExceptions()
d = sys.argv[1]
near = lambda f, x, y, r: math.hypot(f["properties"]["peak_x"] - x, f["properties"]["peak_y"] - y) < r
opened = json.load(open(f"{d}/open.geojson"))["features"]
assert any(near(f, 504000, 200000, 150) for f in opened), "the open map should show the refuge"
assert any(near(f, 502000, 200000, 150) for f in opened), "the open map should show the small cluster"
pub = json.load(open(f"{d}/pub.geojson"))
meta = pub["metadata"]["published"]
assert meta["sensitive_sites"] is True and "statement" in meta and "removed_in_sensitive_sites" not in meta, meta
assert "12 incidents" not in meta["statement"], meta
for f in pub["features"]:
    p = f["properties"]
    assert not (p["peak_x"] and near(f, 504000, 200000, 300)), p
    for k, v in p.items():
        if isinstance(v, int) and k not in ("rank",):
            assert not 1 <= v < 5, (k, v)
        if isinstance(v, str) and v.isdigit():
            assert not 1 <= int(v) < 5, (k, v)
        if isinstance(v, str):  # counts inside texts ("burglary (3)") too
            assert not re.search(r"\(([1-4])\)", v), (k, v)
    assert p["area_m2"] >= 100 * 100, p
# The small cluster's hotspot is there with its count hidden, and nothing that places or dates
# its incidents (peak, dates, street), only its unit: label, wards, polygon.
placed = [f for f in pub["features"] if f["properties"]["peak_x"] is not None]
assert not any(near(f, 502000, 200000, 150) for f in placed), "a hidden hotspot kept its peak"
small = [f["properties"] for f in pub["features"] if f["properties"]["incidents"] in ("<5", "x")]
assert small, "the small cluster's hotspot should be listed with its count hidden"
for p in small:
    for k in ("peak_x", "peak_y", "first_date", "last_date", "top_location", "share_pct", "pai"):
        assert p[k] is None, (k, p)
    assert p["label"] and p["area_m2"], p
ras = gdal.Open(f"{d}/pub_density.tif")
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
# A run on a handful of incidents: its metadata's own counts are hidden too.
"$bin" kde "${x[@]}" --period 2024-01-10..2024-01-10 --bandwidth 200 --cell 20 --hotspots "$tmp/few.geojson" \
  -o "$tmp/few_density.tif" --publish -q > /dev/null 2> "$tmp/err" || fail "kde on a few incidents: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "the metadata of a published run on a few incidents"
import csv, json, sys
from osgeo import gdal
d = sys.argv[1]
n = sum(1 for r in csv.DictReader(open(f"{d}/inc.csv")) if r["date"] == "2024-01-10")
assert 1 <= n < 5, n
for meta in (json.load(open(f"{d}/few.geojson"))["metadata"], json.loads(gdal.Open(f"{d}/few_density.tif").GetMetadataItem("hotspots") or "{}")):
    assert meta["incidents"] == "<5", meta.get("incidents")
    assert meta.get("total_weight", "<5") == "<5", meta.get("total_weight")
EOF
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
# A published pack: a refuge round the sample's busiest burglary spot, every product through
# the same rules, the statement in the manifest and on the report's front page.
sed "s|\"\.\./|\"$PWD/sample_data/|g" sample_data/packs/sample.toml > "$tmp/pack.toml"
printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[450770,304250],[450970,304250],[450970,304450],[450770,304450],[450770,304250]]]}}]}' \
  > "$tmp/refuge2.geojson"
{ echo 'publish = true'; echo "sensitive-sites = \"$tmp/refuge2.geojson\""; cat "$tmp/pack.toml"; } > "$tmp/pub.toml"
"$bin" pack "$tmp/pub.toml" -o "$tmp/pubpack" > "$tmp/pubout" 2> "$tmp/packerr" || fail "published pack: $(cat "$tmp/packerr")"
[ ! -s "$tmp/pubout" ] || fail "a published pack printed its summary (counts before suppression)"
"$bin" report "$tmp/pubpack" -o "$tmp/pubreport.html" -q > /dev/null 2> "$tmp/err" || fail "report of a published pack: $(cat "$tmp/err")"
grep -q "Prepared for publication" "$tmp/pubreport.html" || fail "the report does not say it was prepared for publication"
$py - "$tmp" "$PWD" << 'EOF' || fail "the published pack"
import csv, json, os, re, sys
from osgeo import ogr
d, src = sys.argv[1], sys.argv[2]
m = json.load(open(f"{d}/pubpack/manifest.json"))
pub = m["published"]
# The refuge's incidents, counted independently from the export.
inside = sum(1 for r in csv.DictReader(open(f"{src}/sample_data/police_export.csv"))
             if 450770 <= float(r["easting"]) <= 450970 and 304250 <= float(r["northing"]) <= 304450)
said = re.search(r"(\d+) incidents inside --sensitive-sites", open(f"{d}/packerr").read())
assert inside > 20 and said and int(said.group(1)) == inside, (inside, said and said.group(0))
assert "removed_in_sensitive_sites" not in pub and "removed_in_sensitive_sites" not in m["inputs"][0], (pub, m["inputs"][0])
assert str(inside) not in json.dumps(pub), pub
files = {o["file"] for o in m["outputs"]}
assert "report.txt" not in files and not os.path.exists(f"{d}/pubpack/report.txt")
assert not any(f.startswith("rejects") for f in os.listdir(f"{d}/pubpack")), os.listdir(f"{d}/pubpack")
for s in m["steps"]:
    assert s["incidents"] in ("<5", "x") or int(s["incidents"]) == 0 or int(s["incidents"]) >= 5, s
small = re.compile(r"\(([1-4])\)")
def check(where, k, v):
    # Differences of two shown counts are not counts (and tell nothing the two do not).
    if v is None or any(w in k for w in ("change", "difference", "ratio", "pct", "rate", "share", "mean", "median", "rank")) or \
            k.startswith("mk_") or k.endswith("_z") or k.endswith("_p") or k in ("population", "rank", "unit", "position", "chain", "sites", "stops", "row", "col", "bin", "year", "month", "order", "cells", "periods", "hot_steps",
                          "cold_steps", "months_active", "population_year", "rank_3m", "rank_12m", "rank_3m_before",
                          "rank_12m_before", "rank_3m_of", "rank_12m_of", "rank_within_3m", "rank_within_12m",
                          "rank_within_3m_before", "rank_within_12m_before", "rank_within_3m_of", "rank_within_12m_of"):
        return
    if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
        assert not 1 <= int(v) < 5, (where, k, v)
    if isinstance(v, str):
        assert not small.search(v), (where, k, v)
for root, _, names in os.walk(f"{d}/pubpack"):
    for n in names:
        if n.endswith(".csv"):
            for r in csv.DictReader(open(os.path.join(root, n))):
                for k, v in r.items():
                    if k not in ("p", "p_value", "p_adjusted", "z", "permuted_median"): check(n, k, v)
gpkg = ogr.Open(f"{d}/pubpack/pack.gpkg")
for i in range(gpkg.GetLayerCount()):
    layer = gpkg.GetLayerByIndex(i)
    if layer.GetFeatureCount() == 0 or layer.GetName() == "layer_styles":
        continue
    assert layer.GetGeomType() not in (ogr.wkbPoint, ogr.wkbMultiPoint), layer.GetName()
    assert "repeats_locations" not in layer.GetName() and "cocoon_zones" not in layer.GetName(), layer.GetName()
    names = [layer.GetLayerDefn().GetFieldDefn(k).GetName() for k in range(layer.GetLayerDefn().GetFieldCount())]
    for f in layer:
        for k in names:
            if k not in ("p", "p_value", "p_adjusted", "z", "code"): check(layer.GetName(), k, f.GetField(k))
EOF
# hotspots pack --publish is publish = true; keys of publish without it are refused, naming the line.
"$bin" pack "$tmp/pack.toml" --publish -o "$tmp/pubpack2" -q > /dev/null 2>&1 || fail "pack --publish"
grep -q '"published"' "$tmp/pubpack2/manifest.json" || fail "pack --publish did not publish"
{ echo 'suppress-below = 10'; cat "$tmp/pack.toml"; } > "$tmp/half.toml"
"$bin" pack "$tmp/half.toml" -o "$tmp/half" -q > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "suppress-below without publish ran"
grep -q "line 1: suppress-below is an option of publish" "$tmp/err" || fail "suppress-below alone: $(cat "$tmp/err")"
{ cat "$tmp/pack.toml"; printf '[[step]]\nrun = "kde"\nname = "k2"\nbandwidth = 300\npublish = true\n'; } > "$tmp/half.toml"
"$bin" pack "$tmp/half.toml" -o "$tmp/half" -q > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "publish in a step ran"
grep -q "publish is a top-level key of the pack file" "$tmp/err" || fail "publish in a step: $(cat "$tmp/err")"

# Issue 26 #11: a number in a text too large for a count ("Unit (123456789012345678901)") made
# every --publish run fail with "stoll"; it is no small count, and stays as it is.
/usr/bin/python3 - sample_data/police_export.csv "$tmp/unit.csv" << 'EOF'
import csv, sys
rows = csv.reader(open(sys.argv[1]))
out = csv.writer(open(sys.argv[2], "w", newline=""))
head = next(rows)
out.writerow(head)
s = head.index("street")
for i, r in enumerate(rows):
    if i % 3 == 0:
        r[s] = "Unit (123456789012345678901)"
    out.writerow(r)
EOF
"$bin" kde "$tmp/unit.csv" --crs EPSG:27700 --bandwidth 300 --cell 50 -o "$tmp/unit.tif" --hotspots "$tmp/unit_h.csv" \
  --publish -q > /dev/null 2> "$tmp/err" || fail "--publish with a huge number in a location: $(cat "$tmp/err")"
grep -q "H1 Unit (123456789012345678901)" "$tmp/unit_h.csv" || fail "the location's number was changed: $(head -2 "$tmp/unit_h.csv")"
echo "publish: refuge and small counts hidden, points dropped, surfaces coarsened; a published pack and its report"

#!/usr/bin/env bash
# A pack's context layers (context = [...] in the pack file, pack --context; docs/pack.md): on a
# small pack of the sample (two themes, one kde step) with a vector layer the test makes (the
# sample's streets in WGS84, their names in road_name, a field that must not travel, one street
# 60 km away) and a raster (red west of easting 448000, blue east): the key is read relative to
# the pack file; the folder keeps a cut of each in context/ (names only, the far street left
# out, the raster's colours where they were); the manifest names each file relative to the pack
# file with its size and checksum; the QGIS project ends with a Context group of relative paths
# that exist, styled grey with name labels; a published pack keeps the same copies; the report
# draws both beneath every theme's map (in headless Chromium when installed) and lists them in its
# appendix, and refuses a manifest whose copy lies outside the folder; a missing file, a
# layer without CRS and one far away are refused with exit 2 before any output; -o a folder
# holding a context file with --replace is refused; 2 shards merged
# equal the unsharded folder. Skipped without /usr/bin/python3's GDAL.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py -c "import osgeo, numpy" 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or numpy (apt-get install python3-gdal)"; exit 77; }
mkdir -p "$tmp/ctx" "$tmp/packs"
$py - "$tmp/ctx" << 'PY' || fail "making the context files"
import json, sys
import numpy as np
from osgeo import gdal, ogr, osr
gdal.UseExceptions()
t = sys.argv[1]
bng, wgs = osr.SpatialReference(), osr.SpatialReference()
bng.ImportFromEPSG(27700), wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(bng, wgs)
streets = json.load(open("sample_data/streets.geojson"))["features"]
def roads(name, srs, shift=0.0):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(f"{t}/{name}")
    lyr = ds.CreateLayer("roads", srs, ogr.wkbLineString)
    for f in ("road_name", "secret"):
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    far = [[446000 + 60000, 300000], [447000 + 60000, 300000]]
    for k, s in enumerate(streets + [{"properties": {"name": "Far Road"}, "geometry": {"type": "LineString", "coordinates": far}}]):
        g = ogr.CreateGeometryFromJson(json.dumps(s["geometry"]))
        if shift:
            for i in range(g.GetPointCount()):
                g.SetPoint_2D(i, g.GetX(i) + shift, g.GetY(i))
        if srs is not None:
            g.Transform(ct)
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(g)
        if s["properties"].get("name"):
            f["road_name"] = s["properties"]["name"]
        f["secret"] = f"crime ref {k}"
        lyr.CreateFeature(f)
roads("roads.gpkg", wgs)
roads("nocrs.gpkg", None)
w, h, px, x0, y1 = 320, 240, 50.0, 440000.0, 311000.0
ds = gdal.GetDriverByName("GTiff").Create(f"{t}/base.tif", w, h, 3, gdal.GDT_Byte)
ds.SetGeoTransform((x0, px, 0, y1, 0, -px)), ds.SetProjection(bng.ExportToWkt())
west = (np.arange(w)[None, :] * px + x0 + px / 2 < 448000).repeat(h, 0)
for b, (l, r) in enumerate([(200, 0), (0, 0), (0, 200)]):
    ds.GetRasterBand(b + 1).WriteArray(np.where(west, l, r))
ds = None
# The same roads 300 km east: the right CRS, the wrong place.
src = ogr.Open(f"{t}/roads.gpkg")
far = ogr.GetDriverByName("GPKG").CreateDataSource(f"{t}/far.gpkg")
lyr = far.CreateLayer("roads", wgs, ogr.wkbLineString)
for f in src.GetLayer(0):
    g = f.GetGeometryRef().Clone()
    for i in range(g.GetPointCount()):
        g.SetPoint_2D(i, g.GetX(i) + 4.3, g.GetY(i))
    o = ogr.Feature(lyr.GetLayerDefn()); o.SetGeometry(g); lyr.CreateFeature(o)
PY
pack_file() {  # pack_file NAME CONTEXT: a pack of two themes whose context key is CONTEXT
  { cat << TOML
title = "Context pack"
month = "2024-12"
period = "last 3 months"
context = $2
TOML
    sample_inputs 'date = "committed_from"' 'type = "offence"'
    cat << TOML
[[areas]]
path = "$src/sample_data/areas/boroughs.geojson"
as = "borough"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[theme]]
name = "robbery"
crime-type = ["robbery"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
TOML
  } > "$tmp/packs/$1.toml"
}
# The key relative to the pack file (its folder is $tmp/packs), the raster from the command line.
pack_file ctx '["../ctx/roads.gpkg"]'
"$bin" pack "$tmp/packs/ctx.toml" --context "$tmp/ctx/base.tif" -o "$tmp/full" -q > /dev/null 2> "$tmp/err" \
  || fail "pack with context: $(cat "$tmp/err")"
"$bin" pack "$tmp/packs/ctx.toml" --context "$tmp/ctx/base.tif" --publish -o "$tmp/pub" -q > /dev/null 2> "$tmp/err" \
  || fail "published pack with context: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "the context copies, manifest or project"
import hashlib, json, os, re, sys, zipfile
import numpy as np
from osgeo import gdal, ogr, osr
gdal.UseExceptions()
t = sys.argv[1]
streets = json.load(open("sample_data/streets.geojson"))["features"]
want_names = sorted(s["properties"]["name"] for s in streets if s["properties"].get("name"))
for folder in ("full", "pub"):
    d = f"{t}/{folder}"
    m = json.load(open(f"{d}/manifest.json"))
    ctx = m["context"]
    assert [c["file"] for c in ctx] == ["../ctx/roads.gpkg", os.path.relpath(f"{t}/ctx/base.tif", f"{t}/packs")], ctx
    for c, f in zip(ctx, ("roads.gpkg", "base.tif")):
        data = open(f"{t}/ctx/{f}", "rb").read()
        assert c["bytes"] == len(data) and c["sha256"] == hashlib.sha256(data).hexdigest(), c
    assert [c["copy"] for c in ctx] == ["context/roads.gpkg", "context/base.tif"], ctx
    outs = {o["file"]: o for o in m["outputs"]}
    for c in ctx:
        assert c["copy"] in outs and outs[c["copy"]]["sha256"] == hashlib.sha256(open(f"{d}/{c['copy']}", "rb").read()).hexdigest()
    # The vector copy: the streets in the pack's CRS with their names only; the far one left out.
    v = ogr.Open(f"{d}/context/roads.gpkg")
    assert v.GetLayerCount() == 1
    lyr = v.GetLayer(0)
    defn = lyr.GetLayerDefn()
    assert [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())] == ["name"], "fields other than name were copied"
    assert lyr.GetSpatialRef().GetAuthorityCode(None) == "27700"
    names = sorted(f["name"] for f in lyr if f["name"])
    assert lyr.GetFeatureCount() == len(streets) and names == want_names, (lyr.GetFeatureCount(), len(streets))
    # A street's first vertex back in British National Grid, within a metre of the sample's.
    lyr.ResetReading()
    firsts = {f["name"]: f.GetGeometryRef().GetGeometryRef(0).GetPoint_2D(0) for f in lyr if f["name"]}
    s0 = next(s for s in streets if s["properties"].get("name"))
    x, y = firsts[s0["properties"]["name"]]
    assert abs(x - s0["geometry"]["coordinates"][0][0]) < 1 and abs(y - s0["geometry"]["coordinates"][0][1]) < 1, (x, y)
    # The raster copy: red west of easting 448000, blue east, transparent nowhere inside.
    r = gdal.Open(f"{d}/context/base.tif")
    gt = r.GetGeoTransform()
    assert r.RasterCount == 4 and r.GetRasterBand(4).GetColorInterpretation() == gdal.GCI_AlphaBand
    px = np.stack([r.GetRasterBand(b + 1).ReadAsArray() for b in range(4)])
    def at(e, n):
        return tuple(int(v) for v in px[:, int((n - gt[3]) / gt[5]), int((e - gt[0]) / gt[1])])
    assert at(445000, 305000) == (200, 0, 0, 255) and at(451000, 305000) == (0, 0, 200, 255), (at(445000, 305000), at(451000, 305000))
    # The project: a Context group last, its layers' paths relative to the project and there.
    with zipfile.ZipFile(f"{d}/pack.qgz") as z:
        qgs = z.read("pack.qgs").decode()
    import xml.etree.ElementTree as ET
    root = ET.fromstring(qgs)  # well-formed: QGIS is not installed here to open it
    assert [g.get("name") for g in root.find("layer-tree-group").findall("layer-tree-group")][-1] == "Context"
    labels = [l for l in root.iter("maplayer") if l.findtext("layername") == "roads"][0].find(".//text-style")
    assert labels is not None and labels.get("fieldName") == "name"
    groups = re.findall(r'<layer-tree-group name="([^"]*)"', qgs)
    assert groups[-2:] == ["Areas", "Context"], groups
    ctx_tree = qgs[qgs.index('<layer-tree-group name="Context"'):]
    sources = re.findall(r'source="([^"]*)"', ctx_tree[:ctx_tree.index("</layer-tree-group>")])
    assert sources == ["./context/roads.gpkg|layername=roads", "./context/base.tif"], sources
    for s in sources:
        assert os.path.isfile(os.path.join(d, s.split("|")[0])), s
    layers = {re.search(r"<layername>(.*?)</layername>", x).group(1): x for x in re.findall(r"<maplayer .*?</maplayer>", qgs, re.S)}
    roads, base = layers["roads"], layers["base"]
    assert 'type="vector" geometry="Line"' in roads and 'fieldName="name"' in roads and "166,166,166,255" in roads, "roads not grey and named"
    assert 'type="raster"' in base and "<provider>gdal</provider>" in base
# Published: the same copies, nothing added.
for c in ("context/roads.gpkg", "context/base.tif"):
    assert open(f"{t}/full/{c}", "rb").read() == open(f"{t}/pub/{c}", "rb").read(), f"{c} differs when published"
PY
# The report: both drawn beneath every theme's map.
"$bin" report "$tmp/full" -o "$tmp/report.html" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
$py - "$tmp/report.html" << 'PY' || fail "the report's context"
import json, re, sys
data = json.loads(re.search(r'id="report-data">(.*?)</script>', open(sys.argv[1]).read(), re.S).group(1))
files = [c["file"] for c in data["context"]]
assert files == ["roads.gpkg", "base.tif"], files
assert data["context"][0]["named"] and data["context"][1]["image"]["png"]
PY
grep -q '<td>../ctx/roads.gpkg</td><td>vector</td><td>context/roads.gpkg</td>' "$tmp/report.html" \
  || fail "the appendix does not list the context layer as the pack file names it"
# A manifest that sends the report out of the folder through a context copy is refused.
cp -r "$tmp/full" "$tmp/tampered"
$py -c 'import json, sys; p = sys.argv[1]; m = json.load(open(p)); m["context"][0]["copy"] = "../ctx/roads.gpkg"; json.dump(m, open(p, "w"))' \
  "$tmp/tampered/manifest.json"
"$bin" report "$tmp/tampered" -o "$tmp/tampered.html" -q > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "context\[0\].copy" "$tmp/err" && [ ! -e "$tmp/tampered.html" ] \
  || fail "a context copy outside the folder: exit $rc, $(cat "$tmp/err")"
chromium=$(command -v chromium || true)
if [ -n "$chromium" ]; then
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --window-size=1123,794 \
    --dump-dom "file://$tmp/report.html" > "$tmp/dom.html" 2> /dev/null || fail "chromium could not load the report"
  $py - "$tmp/dom.html" << 'PY' || fail "the context in the browser"
import re, sys
d = open(sys.argv[1]).read()
starts = [m.start() for m in re.finditer(r'<div[^>]*class="map [^"]*"', d)]
assert len(starts) == 2, f"{len(starts)} maps, not one per theme"
for k, s in enumerate(starts):
    m = d[s:starts[k + 1] if k + 1 < len(starts) else len(d)]
    pane = re.search(r'class="leaflet-pane leaflet-context-pane"(.*?)class="leaflet-pane leaflet-density-pane"', m, re.S)
    assert pane and pane.group(1).count("<path") > 10, f"map {k}: no context lines in its context pane"
    assert "leaflet-image-layer" in m, f"map {k}: no base map image"
    assert 'data-basemap="1"' in m, f"map {k}: no base map"
assert "roads.gpkg" in d and "base map: base.tif" in d, "the legend does not name the context layers"
assert "data-errors" not in d and "data-blocked" not in d, "a script error or a blocked request"
PY
else
  echo "skipped the browser check: chromium is not installed"
fi
# Refused before any output, exit 2, naming the key's line and the file.
refused() {  # refused CONTEXT PATTERN
  pack_file bad "$1"
  "$bin" pack "$tmp/packs/bad.toml" -o "$tmp/bad" -q > /dev/null 2> "$tmp/err"; rc=$?
  [ $rc -eq 2 ] || fail "context = $1: exit $rc, not 2: $(cat "$tmp/err")"
  grep -q "bad.toml line 4: context .*$2" "$tmp/err" || fail "context = $1: the message does not name the key, file and why: $(cat "$tmp/err")"
  [ ! -e "$tmp/bad" ] || fail "context = $1: an output folder was written"
  ls -a "$tmp" | grep -q 'tmp-' && fail "context = $1: a temporary folder was left"
  return 0
}
refused '["../ctx/missing.gpkg"]' "ctx/missing.gpkg: no such file"
refused '["../ctx/nocrs.gpkg"]' "nocrs.gpkg: the layer has no CRS"
refused '["../ctx/far.gpkg"]' "far.gpkg: the layer lies 2[0-9][0-9] km from the data"
# --replace never deletes a context file: a folder holding one is refused as an output.
"$bin" pack "$tmp/packs/ctx.toml" -o "$tmp/ctx" --replace -q > /dev/null 2> "$tmp/err" && fail "-o the context's folder --replace was not refused"
grep -q "holds .*roads.gpkg, which this run reads" "$tmp/err" && [ -f "$tmp/ctx/roads.gpkg" ] \
  || fail "-o the context's folder --replace: $(cat "$tmp/err")"
# Two shards merged equal the unsharded folder (its context copies and project group too).
for i in 0 1; do
  "$bin" pack "$tmp/packs/ctx.toml" --context "$tmp/ctx/base.tif" --shard $i/2 -o "$tmp/s$i" -q > /dev/null 2> "$tmp/err" \
    || fail "shard $i/2: $(cat "$tmp/err")"
done
"$bin" merge "$tmp/s1" "$tmp/s0" -o "$tmp/merged" -q 2> "$tmp/err" || fail "merge: $(cat "$tmp/err")"
bash tests/cli/compare_packs.sh "$tmp/full" "$tmp/merged" || fail "the merged shards differ from the unsharded pack"
echo "ok: context layers named once in a pack: copied, in the manifest, the project and every map; refused when unplaceable"

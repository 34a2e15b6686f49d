#!/usr/bin/env bash
# risk: the planted risk factor of the sample (truth/risk_factor.csv) is selected with its
# expected relative risk inside its interval and the decoy is not; line and polygon factors are
# measured as an independent distance computation (numpy, GDAL's ogr) says; the outputs are the
# same on 1 and 2 threads; bad factor files are refused with a message naming them.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
$py -c 'import numpy; from osgeo import ogr' 2>/dev/null || { echo "skipped: $py lacks numpy or osgeo (apt-get install python3-numpy python3-gdal)"; exit 77; }
s=$src/sample_data
x=("$s/police_export.csv" --crs EPSG:27700 --crime-type public-order --mask "$s/areas/bcu.geojson")

# A polygon factor: five 150 m squares around the first five decoy points.
$py - "$s/decoy_points.csv" "$tmp/parks.geojson" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))[:5]
feats = []
for r in rows:
    x, y = float(r["easting"]), float(r["northing"])
    ring = [[x - 75, y - 75], [x + 75, y - 75], [x + 75, y + 75], [x - 75, y + 75], [x - 75, y - 75]]
    feats.append({"type": "Feature", "properties": {"id": r["decoy_id"]}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
           "features": feats}, open(sys.argv[2], "w"))
PY
factors=(--factor "licensed_premises=$s/licensed_premises.csv" --factor "decoy_points=$s/decoy_points.csv"
         --factor "streets=$s/streets.geojson" --factor "parks=$tmp/parks.geojson")
for t in 1 2; do
  mkdir -p "$tmp/t$t"
  "$bin" risk "${x[@]}" "${factors[@]}" --threads $t -o "$tmp/t$t/factors.csv" --cells "$tmp/t$t/cells.csv" \
    --risk-surface "$tmp/t$t/surface.tif" --places "$tmp/t$t/places.geojson" > "$tmp/t$t/out" 2> "$tmp/err" \
    || fail "risk on the sample ($t threads): $(cat "$tmp/err")"
done
for f in factors.csv cells.csv places.geojson out; do
  cmp -s "$tmp/t1/$f" "$tmp/t2/$f" || fail "$f differs between 1 and 2 threads"
done
[ "$(gdalinfo -checksum "$tmp/t1/surface.tif" | grep Checksum)" = "$(gdalinfo -checksum "$tmp/t2/surface.tif" | grep Checksum)" ] \
  || fail "the surface differs between 1 and 2 threads"
echo "ok: the same outputs on 1 and 2 threads"

# The plant: selected, the expected relative risk inside its interval; the decoy left out.
$py - "$tmp/t1/factors.csv" "$s/truth/risk_factor.csv" <<'PY' || fail "planted factor: $(cat "$tmp/t1/factors.csv")"
import csv, sys
rows = {r["factor"]: r for r in csv.DictReader(open(sys.argv[1]))}
truth = next(csv.DictReader(open(sys.argv[2])))
p, d = rows[truth["factor"]], rows[truth["decoy"]]
rr = float(truth["relative_risk"])
assert p["selected"] == "yes" and p["fit"] == "final model", p
assert p["measure"] == "within 100 m", p
assert float(p["ci_low"]) <= rr <= float(p["ci_high"]), (rr, p)
assert d["selected"] == "no", d
print(f"ok: licensed premises selected, relative risk {float(p['relative_risk']):.2f} "
      f"({float(p['ci_low']):.2f}-{float(p['ci_high']):.2f}) holds the planted {rr:.2f}; decoy left out ({d['note']})")
PY

# Lines and polygons: each cell's measure against distances computed here (numpy for the
# streets' segments, ogr for the squares), for the measure the table names.
$py - "$tmp/t1/factors.csv" "$tmp/t1/cells.csv" "$s/streets.geojson" "$tmp/parks.geojson" <<'PY' || fail "line or polygon measures differ"
import csv, json, sys
import numpy as np
from osgeo import ogr
factors = {r["factor"]: r for r in csv.DictReader(open(sys.argv[1]))}
cells = list(csv.DictReader(open(sys.argv[2])))
xy = np.array([[float(c["x"]), float(c["y"])] for c in cells])
def segments(path):
    segs = []
    for f in json.load(open(path))["features"]:
        g = f["geometry"]
        lines = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        for line in lines:
            for a, b in zip(line[:-1], line[1:]):
                segs.append(a + b)
    return np.array(segs, dtype=float)
def line_distance(segs):
    best = np.full(len(xy), np.inf)
    for k in range(0, len(segs), 200):
        s = segs[k:k + 200]
        ax, ay, bx, by = (s[:, i][None, :] for i in range(4))
        ex, ey = bx - ax, by - ay
        l2 = ex * ex + ey * ey
        t = np.where(l2 > 0, ((xy[:, :1] - ax) * ex + (xy[:, 1:] - ay) * ey) / np.where(l2 > 0, l2, 1), 0).clip(0, 1)
        d = np.hypot(xy[:, :1] - (ax + t * ex), xy[:, 1:] - (ay + t * ey)).min(axis=1)
        best = np.minimum(best, d)
    return best
def polygon_distance(path):
    ds = ogr.Open(path)
    geoms = [f.GetGeometryRef().Clone() for f in ds.GetLayer()]
    out = np.empty(len(xy))
    for i, (px, py_) in enumerate(xy):
        pt = ogr.CreateGeometryFromWkt(f"POINT ({px} {py_})")
        out[i] = min(g.Distance(pt) for g in geoms)
    return out
checked = 0
for name, dist in (("streets", lambda: line_distance(segments(sys.argv[3]))), ("parks", lambda: polygon_distance(sys.argv[4]))):
    f = factors[name]
    assert f["measure"].startswith("within "), f"{name}: measured as {f['measure']}; this check needs proximity"
    d = float(f["distance_m"])
    want = dist() <= d + 1e-9
    got = np.array([c[name] == "1" for c in cells])
    bad = np.nonzero(want != got)[0]
    assert len(bad) == 0, f"{name} within {d:g} m: {len(bad)} cells differ, first {cells[bad[0]]}"
    assert 0 < got.sum() < len(cells), f"{name}: the same in every cell"
    checked += 1
    print(f"ok: {name} within {d:g} m: {got.sum()} of {len(cells)} cells, as the direct distances say")
PY

# The places: each names its drivers, and they are the selected factors.
$py - "$tmp/t1/places.geojson" "$tmp/t1/factors.csv" <<'PY' || fail "places"
import csv, json, sys
sel = {r["factor"] for r in csv.DictReader(open(sys.argv[2])) if r["selected"] == "yes"}
feats = json.load(open(sys.argv[1]))["features"]
assert feats, "no top risk places"
for f in feats:
    drivers = set(f["properties"]["drivers"].split(", "))
    assert drivers and drivers <= sel, (drivers, sel)
scores = [f["properties"]["score"] for f in feats]
assert scores == sorted(scores, reverse=True), "places not ranked by score"
print(f"ok: {len(feats)} top risk places, each with its drivers")
PY

# Bad factor files: refused, the option and file named, nothing written.
bad() {  # name, expected code, pattern, then the factor arguments
  local what=$1 code=$2 pattern=$3
  shift 3
  "$bin" risk "${x[@]}" "$@" -o "$tmp/bad.csv" --risk-surface "$tmp/bad.tif" > /dev/null 2> "$tmp/err"
  local rc=$?
  [ $rc -eq "$code" ] || fail "$what: exit $rc, not $code: $(cat "$tmp/err")"
  grep -q -- "$pattern" "$tmp/err" || fail "$what: message '$(cat "$tmp/err")' lacks '$pattern'"
  [ ! -e "$tmp/bad.csv" ] && [ ! -e "$tmp/bad.tif" ] || fail "$what: a refused run wrote an output"
}
printf 'premises_id,name,easting,northing\n' > "$tmp/empty.csv"
printf 'premises_id,name\nP1,The Arms\n' > "$tmp/nocoords.csv"
awk -F, 'NR == 1 { print; next } { $3 += 200000; print }' OFS=, "$s/licensed_premises.csv" > "$tmp/far.csv"
bad "wrong CRS" 1 "factor pubs.*cannot be placed" --factor "pubs=$s/licensed_premises.csv" --factor-crs EPSG:4326
bad "far away" 1 "factor pubs=.*none of it lies within 5 km" --factor "pubs=$tmp/far.csv"
bad "empty" 1 "factor pubs.*no point features" --factor "pubs=$tmp/empty.csv"
bad "no coordinate columns" 1 "factor pubs.*no coordinate columns" --factor "pubs=$tmp/nocoords.csv"
bad "no name" 2 "NAME=FILE" --factor "$s/licensed_premises.csv"
bad "name twice" 2 "given twice" --factor "a=$s/licensed_premises.csv" --factor "a=$s/decoy_points.csv"
bad "distance out of range" 2 "distances" --factor "a=$s/licensed_premises.csv" --distances 100,0
echo "ok: bad factor files and options refused"

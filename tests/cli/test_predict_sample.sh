#!/usr/bin/env bash
# predict on the sample: the back-test's mean PAI of every candidate half-life x half-distance
# equals evaluate's prospective figure for the same decay, radius, months and share, and the
# chosen pair has the highest (the first on a tie); the chosen pair's PAI month by month equals
# evaluate's; the zones cover the --share share of the study area within one cell; the
# planted hot spots (sample_data/truth) are the top zones; 1 and 2 threads write the same bytes;
# bad options and too few months are refused with nothing written; a pack refreshes the zones.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
x=(sample_data/police_export.csv --crs EPSG:27700 --date committed_from --type offence
   --mask sample_data/areas/bcu.geojson)
b=("${x[@]}" --crime-type burglary --half-lives 7,28 --half-distances 50,100,200 --test-months 4 --as-of 2024-10)
"$bin" predict "${b[@]}" --summary "$tmp/sum.csv" --backtest "$tmp/bt.csv" --zones "$tmp/zones.gpkg" \
  -o "$tmp/surface.tif" --threads 1 > "$tmp/out" 2> "$tmp/err" || fail "predict: $(cat "$tmp/err")"
"$bin" predict "${b[@]}" --summary "$tmp/sum2.csv" --backtest "$tmp/bt2.csv" --zones "$tmp/zones2.gpkg" \
  --threads 2 -q > /dev/null 2> "$tmp/err" || fail "predict --threads 2: $(cat "$tmp/err")"
for f in sum bt zones; do
  ext=csv; [ $f = zones ] && ext=gpkg
  cmp -s "$tmp/$f.$ext" "$tmp/${f}2.$ext" || fail "predict: $f.$ext differs between 1 and 2 threads"
done
grep -q "^prediction for 2024-10: half-life" "$tmp/out" || fail "no parameters stated: $(cat "$tmp/out")"
# evaluate with the same candidates, as decay (e-folding days, as predict's summary gives them)
# and radius, on the same test months, window and share.
decays=$($py -c "import csv; print(','.join(sorted({r['decay_days'] for r in csv.DictReader(open('$tmp/sum.csv'))}, key=float)))")
"$bin" evaluate "${x[@]}" --crime-type burglary --methods "prospective:decay=${decays//,/d,}d,radius=100,200,400" \
  --train 3m --shares 5% --from 2024-06 --to 2024-09 -o "$tmp/ev.csv" --summary "$tmp/evs.csv" -q > /dev/null 2> "$tmp/err" \
  || fail "evaluate: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "predict against evaluate"
import csv, math, sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions(); ogr.UseExceptions()
d = sys.argv[1]
summ = list(csv.DictReader(open(f"{d}/sum.csv")))
assert len(summ) == 6, summ
evs = {(r["method"]): r for r in csv.DictReader(open(f"{d}/evs.csv"))}
for r in summ:
    key = f"prospective decay={float(r['decay_days']):g}d radius={float(r['radius_m']):g}"
    e = evs[key]
    assert abs(float(e["mean_pai"]) - float(r["mean_pai"])) <= 1e-5 * max(1, float(e["mean_pai"])), (r, e)
    assert abs(float(e["mean_hit_rate"]) - float(r["mean_hit_rate"])) <= 1e-5, (r, e)
    assert r["first_test"] == "2024-06" and r["last_test"] == "2024-09" and r["months"] == "4", r
pais = [float(r["mean_pai"]) for r in summ]
chosen = [i for i, r in enumerate(summ) if r["chosen"] == "1"]
assert chosen == [pais.index(max(pais))], (chosen, pais)
c = summ[chosen[0]]
key = f"prospective decay={float(c['decay_days']):g}d radius={float(c['radius_m']):g}"
ev = {r["test_period"]: r for r in csv.DictReader(open(f"{d}/ev.csv")) if r["method"] == key}
bt = list(csv.DictReader(open(f"{d}/bt.csv")))
assert [r["test_month"] for r in bt] == ["2024-06", "2024-07", "2024-08", "2024-09"], bt
for r in bt:
    e = ev[r["test_month"]]
    assert abs(float(e["pai"]) - float(r["pai"])) <= 1e-5 * max(1, float(e["pai"])) and e["N"] == r["N"], (r, e)
# Coverage: the zones' area against the study area (the surface's cells with a value).
ds = gdal.Open(f"{d}/surface.tif")
a = ds.GetRasterBand(1).ReadAsArray()
nd = ds.GetRasterBand(1).GetNoDataValue()
study = int(np.sum(np.isfinite(a) & (a != nd) if nd is not None else np.isfinite(a)))
zds = ogr.Open(f"{d}/zones.gpkg")  # kept open: the features' geometries belong to it
zl = zds.GetLayer()
zones = [(f["rank"], f["label"], f["area_m2"], f.GetGeometryRef().Clone()) for f in zl]
covered = sum(z[2] for z in zones) / 2500
assert abs(covered - 0.05 * study) <= 1, (covered, study)
assert all(z[1].startswith(f"P{z[0]}") for z in zones), [z[1] for z in zones]
# The planted burglary hot spot H3 is in the top zone.
h3 = next(r for r in csv.DictReader(open("sample_data/truth/hotspots.csv")) if r["id"] == "H3")
p = ogr.CreateGeometryFromWkt(f"POINT ({h3['x']} {h3['y']})")
top = min(zones, key=lambda z: z[0])
assert top[3].Contains(p), (top[1], top[3].Distance(p))
PY
# Every type: each planted hot spot lies in one of the top zones, one each.
"$bin" predict "${x[@]}" --half-life 14 --half-distance 100 --zones "$tmp/all.gpkg" -o "$tmp/all.tif" --report "$tmp/r.html" -q \
  > /dev/null 2> "$tmp/err" || fail "predict, every type: $(cat "$tmp/err")"
grep -q "Prediction zones, ranked" "$tmp/r.html" && grep -q "P1 " "$tmp/r.html" || fail "the report has no zones"
# The surface's legend names a score, not kde's incidents per km2.
grep -q '"units":"prospective score"' "$tmp/r.html" || fail "the report's surface is not named a prospective score"
$py - "$tmp" << 'PY' || fail "planted hot spots"
import csv, sys
from osgeo import ogr
ogr.UseExceptions()
ds = ogr.Open(f"{sys.argv[1]}/all.gpkg")  # kept open: the features' geometries belong to it
zs = [(f["rank"], f.GetGeometryRef().Clone()) for f in ds.GetLayer()]
planted = list(csv.DictReader(open("sample_data/truth/hotspots.csv")))
ranks = set()
for h in planted:
    p = ogr.CreateGeometryFromWkt(f"POINT ({h['x']} {h['y']})")
    inside = [r for r, z in zs if z.Contains(p)]
    assert inside, (h["id"], min(z.Distance(p) for _, z in zs))
    ranks.add(inside[0])
# The six planted hot spots are the six top zones.
assert ranks == set(range(1, len(planted) + 1)), ranks
PY
# --estimate knox: the half-distance and half-life are the upper edges of the furthest
# significant (p <= 0.05, ratio > 1) distance and time bands of nearrepeat's table, same bands,
# permutations and seed.
"$bin" predict "${x[@]}" --crime-type burglary --estimate knox --permutations 99 --summary "$tmp/knox_sum.csv" -q \
  > /dev/null 2> "$tmp/err" || fail "predict --estimate knox: $(cat "$tmp/err")"
"$bin" nearrepeat "${x[@]:0:7}" --crime-type burglary --permutations 99 -o "$tmp/knox.csv" -q > /dev/null 2> "$tmp/err" \
  || fail "nearrepeat: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "predict --estimate knox against nearrepeat"
import csv, re, sys
d = sys.argv[1]
space = time = 0
for r in csv.DictReader(open(f"{d}/knox.csv")):
    ds, dt = re.match(r"(\d+)-(\d+) m", r["distance"]), re.match(r"(\d+)-(\d+) days", r["time"])
    if ds and dt and float(r["p_value"]) <= 0.05 and float(r["knox_ratio"]) > 1:
        space, time = max(space, float(ds.group(2))), max(time, float(dt.group(2)))
s = next(csv.DictReader(open(f"{d}/knox_sum.csv")))
assert space > 0 and time > 0, "no significant band in nearrepeat's table"
assert (float(s["half_distance_m"]), float(s["half_life_days"])) == (space, time), (s, space, time)
PY
# Bad options: exit 2, the option named, nothing written.
for bad in "--share 0" "--share 1.5" "--half-life -3" "--half-distances 50,x" "--as-of 2024" "--estimate guess"; do
  "$bin" predict "${x[@]}" $bad -o "$tmp/bad.tif" > /dev/null 2> "$tmp/err"
  rc=$?
  [ $rc -eq 2 ] || fail "predict $bad: exit $rc, not 2"
  opt=${bad%% *}
  grep -q -- "$opt" "$tmp/err" || fail "predict $bad: the message does not name $opt: $(cat "$tmp/err")"
  [ ! -e "$tmp/bad.tif" ] || fail "predict $bad: wrote a file"
done
# Too few months (the sample starts in 2023-01; 24 test months and their training reach back before it):
# a message saying what to do, nothing written.
# --from does not shorten the history, and says so.
"$bin" predict "${x[@]}" --crime-type burglary --half-life 14 --half-distance 100 --test-months 24 --from 2024-01 \
  -o "$tmp/few.tif" > /dev/null 2> "$tmp/err" && fail "predict with too few months succeeded"
grep -q "too few months.*give fewer --test-months" "$tmp/err" || fail "too few months: $(cat "$tmp/err")"
grep -q -- "--from 2024-01 filters nothing here" "$tmp/err" || fail "--from: no note that it filters nothing: $(cat "$tmp/err")"
[ ! -e "$tmp/few.tif" ] || fail "too few months: wrote a file"
# A pack step: the zones for the month after the pack month.
cat > "$tmp/p.toml" << TOML
month = "2024-08"
period = "last 12 months"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "predict"
mask = "$PWD/sample_data/areas/bcu.geojson"
half-life = 14
half-distance = 100
TOML
"$bin" pack "$tmp/p.toml" -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack with predict: $(cat "$tmp/err")"
z=$tmp/pack/burglary/predict-zones.csv
[ -s "$z" ] && head -1 "$z" | grep -q "^rank,label," || fail "the pack wrote no zones: $(find "$tmp/pack" -type f)"
grep -q '"as_of": *"2024-09"' "$z.meta.json" || fail "the pack's zones are not for 2024-09"
echo "predict on the sample: matches evaluate, covers the share, finds the planted hot spots"

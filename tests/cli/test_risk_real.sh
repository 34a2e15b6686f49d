#!/usr/bin/env bash
# risk on real data (docs/risk.md): 2017 NW BCU robbery (data.police.uk) with the 74 TfL rail and
# tube stations of ../shared/data/real. The stations' measure over the cells equals a direct
# count (stations projected with GDAL's osr, distances with numpy); they are selected with a
# relative risk above 1; with R and MASS, glm.nb on the cell table gives the same coefficients
# and SEs (to 1e-6). Skips (77) when the data is absent.
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
real=$src/../shared/data/real
api=$real/crime/api_street_level_2016-01_to_2018-06_nwbcu
stations=$real/other/nwbcu_rail_tube_stations_tfl_api_ridgeview.csv
bcu=$real/boroughs/nwbcu_union_bng_EPSG27700.geojson
for f in "$api" "$stations" "$bcu"; do [ -e "$f" ] || { echo "skipped: $f not found (real data absent)"; exit 77; }; done
$py -c 'import numpy; from osgeo import osr' 2>/dev/null || { echo "skipped: $py lacks numpy or osgeo"; exit 77; }
"$bin" risk "$api" --crime-type robbery --from 2017-01 --to 2017-12 --factor "stations=$stations" --mask "$bcu" \
  -o "$tmp/f.csv" --cells "$tmp/c.csv" > "$tmp/out" 2> "$tmp/err" || fail "risk on real robbery: $(cat "$tmp/err")"
$py - "$tmp" "$stations" <<'PY' || fail "real: $(cat "$tmp/f.csv")"
import csv, json, sys
import numpy as np
from osgeo import osr
t, stations = sys.argv[1:3]
f = next(csv.DictReader(open(t + "/f.csv")))
assert f["factor"] == "stations" and f["selected"] == "yes" and float(f["ci_low"]) > 1, f
wgs, bng = osr.SpatialReference(), osr.SpatialReference()
wgs.ImportFromEPSG(4326); bng.ImportFromEPSG(27700)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
tr = osr.CoordinateTransformation(wgs, bng)
st = np.array([tr.TransformPoint(float(r["lon"]), float(r["lat"]))[:2] for r in csv.DictReader(open(stations))])
cells = list(csv.DictReader(open(t + "/c.csv")))
xy = np.array([[float(c["x"]), float(c["y"])] for c in cells])
d = float(f["distance_m"])
near = np.zeros(len(xy), dtype=int)
for sx, sy in st:
    near += np.hypot(xy[:, 0] - sx, xy[:, 1] - sy) <= d
want = near > 0 if f["measure"].startswith("within") else near > near.mean() + 2 * near.std()
got = np.array([c["stations"] == "1" for c in cells])
assert (want == got).all(), f"{(want != got).sum()} cells differ from the direct count"
fit = json.load(open(t + "/c.csv.meta.json"))["fit"]
print(f"ok: real robbery 2017: {fit['incidents_in_cells']} robberies in {fit['cells']} cells, {fit['family']}; "
      f"stations {f['measure']} ({got.sum()} cells, as the direct count): relative risk {float(f['relative_risk']):.2f} "
      f"({float(f['ci_low']):.2f}-{float(f['ci_high']):.2f})")
with open(t + "/want_r", "w") as out:
    out.write(f"{fit['intercept']!r},{fit['intercept_se']!r},{f['coefficient']},{f['se']},{fit['theta']!r}\n")
PY
if ! command -v Rscript > /dev/null || ! Rscript -e 'library(MASS)' > /dev/null 2>&1; then
  echo "skipped the comparison with R: no Rscript or MASS"; exit 0
fi
Rscript -e '
suppressMessages(library(MASS))
a <- commandArgs(TRUE)
d <- read.csv(a[1])
ctl <- glm.control(epsilon = 1e-12, maxit = 100)
m <- glm.nb(count ~ stations, data = d, control = ctl)
m <- glm.nb(count ~ stations, data = d, control = ctl, start = coef(m), init.theta = m$theta)  # SEs at the converged means
co <- summary(m)$coefficients
cat(sprintf("%.12g,%.12g,%.12g,%.12g,%.12g\n", co[1, 1], co[1, 2], co[2, 1], co[2, 2], m$theta))' "$tmp/c.csv" > "$tmp/r" 2> "$tmp/rerr" \
  || fail "R: $(cat "$tmp/rerr")"
$py - "$tmp/want_r" "$tmp/r" <<'PY' || fail "real: differs from R's glm.nb"
import sys
ours = [float(v) for v in open(sys.argv[1]).read().split(",")]
r = [float(v) for v in open(sys.argv[2]).read().split(",")]
for name, a, b in zip(("intercept", "its SE", "stations", "its SE"), ours, r):
    assert abs(a - b) <= 1e-6, (name, a, b)
# MASS::theta.ml stops its Newton steps at a change of eps^(1/4) (1.2e-4): theta to 1e-4 relative.
assert abs(ours[4] - r[4]) <= 1e-4 * r[4], ("theta", ours[4], r[4])
print(f"ok: glm.nb on the cell table gives the same coefficients and SEs (largest difference "
      f"{max(abs(a - b) for a, b in zip(ours[:4], r[:4])):.1e}), theta {r[4]:.4f}")
PY

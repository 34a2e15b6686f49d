#!/usr/bin/env bash
# risk's final model against R: the cell table the command writes (--cells), refitted with
# glm(family = poisson) or MASS::glm.nb on the selected factors' columns, gives the same
# intercept, coefficients and standard errors (to 1e-6) and theta (to 1e-4 relative). Skips (77) without R or MASS.
source "$(dirname "$0")/lib.sh"
command -v Rscript > /dev/null || { echo "skipped: no Rscript (scripts/setup.sh --tests installs R and MASS)"; exit 77; }
Rscript -e 'library(MASS)' > /dev/null 2>&1 || { echo "skipped: R has no MASS (r-cran-mass)"; exit 77; }
py=/usr/bin/python3
s=$src/sample_data
# The R side: refit on the cell table and print "name,coefficient,se" (theta last).
cat > "$tmp/refit.R" <<'R'
suppressMessages(library(MASS))
a <- commandArgs(TRUE)
d <- read.csv(a[1])
terms <- strsplit(a[2], ",")[[1]]
f <- as.formula(paste("count ~", paste(terms, collapse = " + ")))
ctl <- glm.control(epsilon = 1e-12, maxit = 100)
m <- if (a[3] == "nb") glm.nb(f, data = d, control = ctl) else glm(f, family = poisson, data = d, control = ctl)
# R's standard errors come from the weights of its last iteration, one step behind its
# coefficients (a deviance change of 1e-12 leaves steps of about 1e-6): a second fit started
# where the first ended takes them at the converged means, as hotspots does.
m <- if (a[3] == "nb") glm.nb(f, data = d, control = ctl, start = coef(m), init.theta = m$theta) else
  glm(f, family = poisson, data = d, control = ctl, start = coef(m))
co <- summary(m)$coefficients
for (i in 1:nrow(co)) cat(sprintf("%s,%.12g,%.12g\n", rownames(co)[i], co[i, 1], co[i, 2]))
if (a[3] == "nb") cat(sprintf("theta,%.12g,0\n", m$theta))
R
check() {  # label, then risk's own options
  local label=$1
  shift
  "$bin" risk "$s/police_export.csv" --crs EPSG:27700 --mask "$s/areas/bcu.geojson" "$@" -o "$tmp/f.csv" --cells "$tmp/c.csv" -q \
    > /dev/null 2> "$tmp/err" || fail "$label: $(cat "$tmp/err")"
  $py - "$tmp" > "$tmp/args" <<'PY'
import csv, json, sys
t = sys.argv[1]
rows = [r for r in csv.DictReader(open(t + "/f.csv")) if r["selected"] == "yes"]
fit = json.load(open(t + "/c.csv.meta.json"))["fit"]
with open(t + "/ours", "w") as out:
    out.write(f"(Intercept),{fit['intercept']!r},{fit['intercept_se']!r}\n")
    for r in rows: out.write(f"{r['factor']},{r['coefficient']},{r['se']}\n")
    if fit["family"] == "negative binomial": out.write(f"theta,{fit['theta']!r},0\n")
print(",".join(r["factor"] for r in rows), "nb" if fit["family"] == "negative binomial" else "poisson")
PY
  read -r terms family < "$tmp/args"
  [ -n "$terms" ] || fail "$label: no factor selected, nothing to compare"
  Rscript "$tmp/refit.R" "$tmp/c.csv" "$terms" "$family" > "$tmp/r" 2> "$tmp/rerr" || fail "$label: R: $(cat "$tmp/rerr")"
  $py - "$tmp/ours" "$tmp/r" "$label ($family: $terms)" <<'PY' || fail "$label: differs from R"
import sys
read = lambda p: {l.split(",")[0]: tuple(map(float, l.strip().split(",")[1:])) for l in open(p) if l.strip()}
ours, r = read(sys.argv[1]), read(sys.argv[2])
assert ours.keys() == r.keys(), (ours.keys(), r.keys())
worst = 0
for k in ours:
    # MASS::theta.ml stops its Newton steps at a change of eps^(1/4) (1.2e-4): theta to 1e-4 relative.
    tol = 1e-4 * abs(r[k][0]) if k == "theta" else 1e-6
    for a, b in zip(ours[k], r[k]):
        assert abs(a - b) <= tol, f"{k}: ours {ours[k]}, R {r[k]}"
        if k != "theta": worst = max(worst, abs(a - b))
print(f"ok: {sys.argv[3]}: {len(ours)} figures equal R's, largest coefficient or SE difference {worst:.1e}")
PY
}
check "sample public order" --crime-type public-order --factor "licensed_premises=$s/licensed_premises.csv" \
  --factor "decoy_points=$s/decoy_points.csv" --factor "streets=$s/streets.geojson"
check "sample public order, Poisson" --crime-type public-order --model poisson --factor "licensed_premises=$s/licensed_premises.csv" \
  --factor "streets=$s/streets.geojson"
check "sample violence, street lights" --crime-type violent-crime --factor "lights=$s/street_lights.csv" \
  --factor "cameras=$s/cameras.csv" --distances 50,100

#!/usr/bin/env bash
# hotspots' Poisson and negative binomial regressions against R's glm(family = poisson) and
# MASS::glm.nb on the same simulated cell tables (risk terrain, docs/risk.md): coefficients and
# standard errors to 1e-6, theta and the log-likelihoods too (theta's SE to 1e-3: see below). Skips (77) without Rscript or MASS.
set -uo pipefail
fit=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v Rscript > /dev/null || { echo "SKIP: no Rscript (scripts/setup.sh --tests installs R and MASS)"; exit 77; }
Rscript -e 'library(MASS)' > /dev/null 2>&1 || { echo "SKIP: R has no MASS (r-cran-mass)"; exit 77; }
py=/usr/bin/python3
# Cell tables as risk terrain makes them: 0/1 factors (within d metres, density above a
# threshold), one planted with relative risk e^0.8, one of e^0.4, a decoy; NB2 counts
# (theta 1.5) and Poisson counts.
$py - "$tmp" << 'PY'
import numpy as np, sys
tmp = sys.argv[1]
rng = np.random.default_rng(29)
for name, n, nb in (("nb", 3000, True), ("pois", 2000, False), ("small", 150, True)):
    x = np.column_stack([rng.random(n) < 0.2, rng.random(n) < 0.15, rng.random(n) < 0.3]).astype(int)
    mu = np.exp(-0.7 + 0.8 * x[:, 0] + 0.4 * x[:, 1])
    y = rng.negative_binomial(1.5, 1.5 / (1.5 + mu)) if nb else rng.poisson(mu)
    with open(f"{tmp}/{name}.csv", "w") as f:
        f.write("y,near,dense,decoy\n")
        for yi, xi in zip(y, x): f.write(f"{yi},{xi[0]},{xi[1]},{xi[2]}\n")
PY
for t in nb pois small; do
  "$fit" "$tmp/$t.csv" > "$tmp/$t.ours" || { echo "FAIL: glm_reference on $t"; exit 1; }
  Rscript -e '
suppressMessages(library(MASS))
a <- commandArgs(TRUE)
d <- read.csv(a[1])
ctl <- glm.control(epsilon = 1e-12, maxit = 100)
p <- summary(glm(y ~ near + dense + decoy, family = poisson, data = d, control = ctl))$coefficients
m <- glm.nb(y ~ near + dense + decoy, data = d, control = ctl)
nb <- summary(m)$coefficients
for (i in 1:nrow(p)) cat(sprintf("poisson,%d,%.12g,%.12g\n", i - 1, p[i, 1], p[i, 2]))
for (i in 1:nrow(nb)) cat(sprintf("negbin,%d,%.12g,%.12g\n", i - 1, nb[i, 1], nb[i, 2]))
cat(sprintf("theta,0,%.12g,%.12g\n", m$theta, m$SE.theta))
pl <- logLik(glm(y ~ near + dense + decoy, family = poisson, data = d, control = ctl))
cat(sprintf("loglik,0,%.12g,%.12g\n", pl, logLik(m)))
' "$tmp/$t.csv" > "$tmp/$t.r" 2> /dev/null || { echo "FAIL: R on $t"; exit 1; }
  $py - "$tmp/$t.ours" "$tmp/$t.r" "$t" << 'PY' || exit 1
import sys
def read(p): return {(l.split(",")[0], l.split(",")[1]): tuple(map(float, l.split(",")[2:])) for l in open(p) if l.strip()}
ours, r, name = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
if name == "pois":
    # Poisson counts have no overdispersion: theta runs off to infinity (R warns that glm.nb's
    # alternation limit was reached); hotspots refuses the negative binomial and keeps Poisson.
    assert ("negbin_refused", "0") in ours, "a negative binomial fitted to Poisson counts"
    r = {k: v for k, v in r.items() if k[0] == "poisson"}
    ours = {k: v for k, v in ours.items() if k[0] == "poisson"}
assert ours.keys() == r.keys(), (ours.keys(), r.keys())
worst = 0
for k in r:
    for a, b in zip(ours[k], r[k]):
        # Coefficients and SEs to 1e-6; theta and the log-likelihoods relative to 1e-6.
        tol = 1e-6 * (max(1, abs(b)) if k[0] in ("theta", "loglik") else 1)
        if k[0] == "theta" and (a, b) == (ours[k][1], r[k][1]):
            # theta's SE: theta.ml takes the information at the iterate before its last Newton
            # step (it stops when the step is below 1.2e-4); hotspots at the converged theta.
            tol = 1e-3 * abs(b)
        if abs(a - b) > tol:
            print(f"FAIL: {name} {k}: hotspots {a!r}, R {b!r}"); sys.exit(1)
        if tol < 1e-5: worst = max(worst, abs(a - b) / (max(1, abs(b)) if k[0] in ("theta", "loglik") else 1))
print(f"{name}: equal to R (largest difference {worst:.2g})")
PY
done
echo ok

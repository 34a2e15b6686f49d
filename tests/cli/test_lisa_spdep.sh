#!/usr/bin/env bash
# lisa and its empirical Bayes rates against R's spdep (skipped, exit 77, without Rscript and
# spdep): I, E[I], Var[I] and z equal spdep::localmoran (conditional and total variance) to
# 1e-9 on the sample's wards, counts and rates; EB rates equal EBest and EBlocal to 1e-9; the
# permutation pseudo p-values are within Monte Carlo error of localmoran_perm; the dashboard's
# --smooth eb equals EBest on the sample board; and the lisa checks again on the 63 NW BCU wards of 2018 with a year of real burglary and the GLA populations (skipped
# there, with a note, without ../shared/data/real).
source "$(dirname "$0")/lib.sh"
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressMessages(library(spdep))' 2> /dev/null; then
  echo "skipped: Rscript with the spdep package is not installed (apt-get install r-cran-spdep)"; exit 77
fi
cd "$src"
cat > "$tmp/check.R" << 'R'
# Args: wards file, code field, our analytic CSV (conditional), (total), rates CSV (eb), (eb-local), (eb-local-marshall).
suppressMessages({library(spdep); library(sf)})
a <- commandArgs(trailingOnly = TRUE)
w <- st_read(a[1], quiet = TRUE)
code <- w[[a[2]]]
nb <- poly2nb(w, queen = TRUE)
lw <- nb2listw(nb, style = "W")
worst <- 0
same <- function(ours, theirs, what) {
  d <- max(abs(ours - theirs))
  if (!(d < 1e-9 * max(1, max(abs(theirs))))) stop(sprintf("%s differs by %g", what, d))
  worst <<- max(worst, d / max(1, max(abs(theirs))))
}
check_moran <- function(d, x, conditional) {
  lm <- localmoran(x, lw, conditional = conditional)
  same(d$i, lm[, "Ii"], "I"); same(d$e_i, lm[, "E.Ii"], "E[I]"); same(d$var_i, lm[, "Var.Ii"], "Var[I]")
  same(d$z, lm[, "Z.Ii"], "z")
  # Quadrants (spdep's "pysal" kind) where spdep's own p < 0.05.
  q <- as.character(attr(lm, "quadr")$pysal)
  q <- ifelse(lm[, 5] < 0.05, c("Low-Low" = "LL", "High-Low" = "HL", "Low-High" = "LH", "High-High" = "HH")[q], "not significant")
  if (any(q != d$quadrant)) stop("quadrants differ")
}
rd <- function(f) { d <- read.csv(f, stringsAsFactors = FALSE); d[match(code, d$code), ] }
d <- rd(a[3]); check_moran(d, d$count, TRUE)
d <- rd(a[4]); check_moran(d, d$count, FALSE)
d <- rd(a[5]); pop <- d$population
same(d$rate_smoothed, EBest(d$count, pop)$estmm * 1000, "EBest")
ebi <- suppressMessages(EBImoran.mc(d$count, pop, lw, nsim = 9))$statistic
ours <- jsonlite::fromJSON(paste0(a[5], ".meta.json"))$eb_moran_i
same(ours, ebi, "EBImoran")
check_moran(d, EBest(d$count, pop)$estmm * 1000, TRUE)
d <- rd(a[6])
same(d$rate_smoothed, EBlocal(d$count, pop, nb)$est * 1000, "EBlocal")
check_moran(d, EBlocal(d$count, pop, nb)$est * 1000, TRUE)
d <- rd(a[7])
same(d$rate_smoothed, EBlocal(d$count, pop, nb, geoda = TRUE)$est * 1000, "EBlocal(geoda = TRUE)")
cat(sprintf("%d wards, largest relative difference %.2g\n", length(code), worst))
R
cat > "$tmp/perm.R" << 'R'
# Args: wards file, code field, our CSV from --resample with; prints the worst distance in sds.
suppressMessages({library(spdep); library(sf)})
a <- commandArgs(trailingOnly = TRUE)
w <- st_read(a[1], quiet = TRUE)
d <- read.csv(a[3], stringsAsFactors = FALSE); d <- d[match(w[[a[2]]], d$code), ]
lw <- nb2listw(poly2nb(w, queen = TRUE), style = "W")
ref_n <- 99999; ours_n <- as.numeric(a[4])
lp <- localmoran_perm(d$count, lw, nsim = ref_n, iseed = 1)
ref <- lp[, "Pr(folded) Sim"]
# Both are estimates of the same folded share: the binomial sds of each, added.
sd <- sqrt(pmax(ref * (1 - ref), 1e-4) / ours_n) + sqrt(pmax(ref * (1 - ref), 1e-4) / ref_n)
k <- abs(d$p - ref) / sd
if (any(k > 4)) stop(sprintf("pseudo p more than 4 sd from spdep's: %s", paste(d$code[k > 4], collapse = " ")))
cat(sprintf("pseudo p within %.1f sd of localmoran_perm (largest |difference| %.4f)\n", max(k), max(abs(d$p - ref))))
R

# Args: label, wards file, code field, population field, lisa's input arguments...
compare() {
  local label=$1 wards=$2 code=$3 popfield=$4; shift 4
  local areas=(--areas "$wards,as=ward" --per ward --neighbours queen --spatial-weights row)
  local common=("$@" "${areas[@]}" --permutations 0 --adjust none -q)
  "$bin" lisa "${common[@]}" -o "$tmp/$label-cond.csv" > /dev/null || fail "$label: lisa failed"
  "$bin" lisa "${common[@]}" --variance total -o "$tmp/$label-total.csv" > /dev/null || fail "$label: lisa total"
  "$bin" lisa "${common[@]}" --population-field "$popfield" --smooth eb -o "$tmp/$label-eb.csv" > /dev/null || fail "$label: eb"
  "$bin" lisa "${common[@]}" --population-field "$popfield" --smooth eb-local -o "$tmp/$label-ebl.csv" > /dev/null ||
    fail "$label: eb-local"
  "$bin" lisa "${common[@]}" --population-field "$popfield" --smooth eb-local-marshall -o "$tmp/$label-ebm.csv" > /dev/null ||
    fail "$label: eb-local-marshall"
  Rscript "$tmp/check.R" "$wards" "$code" "$tmp/$label-cond.csv" "$tmp/$label-total.csv" "$tmp/$label-eb.csv" \
    "$tmp/$label-ebl.csv" "$tmp/$label-ebm.csv" > "$tmp/out" 2>&1 || fail "$label: $(cat "$tmp/out")"
  echo "$label: spdep localmoran, EBest, EBlocal: $(tail -1 "$tmp/out")"
  "$bin" lisa "$@" "${areas[@]}" --permutations 9999 --resample with --adjust none -q -o "$tmp/$label-perm.csv" > /dev/null ||
    fail "$label: permutations"
  Rscript "$tmp/perm.R" "$wards" "$code" "$tmp/$label-perm.csv" 9999 > "$tmp/out" 2>&1 || fail "$label: $(cat "$tmp/out")"
  echo "$label: $(tail -1 "$tmp/out")"
}

compare sample sample_data/areas/wards.geojson code population sample_data/police_export.csv --crs EPSG:27700

# The dashboard's --smooth eb: each window's smoothed rates equal EBest over the reported wards.
"$bin" dashboard sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward --per ward \
  --crime-type burglary --month 2024-12 --population sample_data/ward_population.csv --smooth eb -o "$tmp/board.csv" -q \
  > /dev/null || fail "dashboard --smooth eb"
Rscript - "$tmp/board.csv" > "$tmp/out" 2>&1 << 'R' || fail "dashboard EB: $(cat "$tmp/out")"
suppressMessages(library(spdep))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
worst <- 0
for (span in c("3m", "3m_before", "12m", "12m_before")) {
  ours <- d[[paste0("rate_", span, "_smoothed")]]
  theirs <- EBest(d[[paste0("count_", span)]], d$population)$estmm * 1000
  worst <- max(worst, abs(ours - theirs) / max(theirs))
}
if (!(worst < 1e-9)) stop(sprintf("smoothed rates differ from EBest by %g", worst))
cat(sprintf("%d wards x 4 windows, largest relative difference %.2g\n", nrow(d), worst))
R
echo "dashboard --smooth eb: EBest: $(tail -1 "$tmp/out")"

real=$src/../shared/data/real
if [ -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  # The 2018 wards with the GLA's 2019 population joined on their code (a temporary copy only).
  /usr/bin/python3 - "$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson" \
    "$real/population/gla_ward_population_density_2011-2050_nwbcu.csv" "$tmp/wards.geojson" << 'PY' || fail "joining populations"
import csv, json, sys
pop = {r["Code"]: float(r["Population"]) for r in csv.DictReader(open(sys.argv[2])) if r["Year"] == "2019"}
g = json.load(open(sys.argv[1]))
for f in g["features"]:
    f["properties"]["population"] = pop[f["properties"]["GSS_CODE"]]
json.dump(g, open(sys.argv[3], "w"))
PY
  compare nwbcu "$tmp/wards.geojson" GSS_CODE population "$real/crime/burglary_2010-12_to_2025-02_nwbcu" \
    --from 2019-01 --to 2019-12 --crime-type burglary
else
  echo "note: real data not found at $real; the NW BCU comparison was skipped"
fi
echo ok

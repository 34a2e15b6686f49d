#!/usr/bin/env bash
# End-to-end gistar on the sample: cells and wards, merged hot spots over the planted
# clusters, a constant field refused; and, when R's spdep is installed, z-scores equal to
# spdep's localG (binary queen weights, self included) to 1e-9 and permutation p-values twice
# localG_perm's folded ones within Monte Carlo error.
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
wards=(--areas sample_data/areas/wards.geojson,as=ward)

"$bin" gistar "${input[@]}" "${wards[@]}" --mask sample_data/areas/bcu.geojson --cell 100 -o "$tmp/cells.gpkg" \
  --hotspots "$tmp/hot.geojson" -q > "$tmp/out" || fail "gistar on cells failed"
grep -q 'hot spots (FDR-adjusted p): 99%' "$tmp/out" || fail "no summary: $(cat "$tmp/out")"
ogrinfo -ro -al -so "$tmp/cells.gpkg" > "$tmp/info" 2> "$tmp/err" && [ ! -s "$tmp/err" ] || fail "ogrinfo cells"
grep -q 'p_adjusted: Real' "$tmp/info" || fail "cells lack p_adjusted"
n=$(grep -c '"type":"hot"' "$tmp/hot.geojson")
[ "$n" -ge 6 ] || fail "only $n merged hot spots for 6 planted clusters"
grep -q '"label":"G1 ' "$tmp/hot.geojson" || fail "hot spots not labelled"
"$bin" gistar "${input[@]}" "${wards[@]}" --per ward --neighbours rook --spatial-weights row -o "$tmp/wards.csv" -q > /dev/null \
  || fail "gistar per ward failed"
[ "$(wc -l < "$tmp/wards.csv")" -eq 22 ] || fail "expected 21 wards"
"$bin" gistar "${input[@]}" "${wards[@]}" --per ward --neighbours knn:4 -o "$tmp/knn.csv" -q > /dev/null || fail "knn failed"
# Three cells with one incident each: a constant field, refused.
printf 'easting,northing,committed_from\n447050,305050,2024-01-01\n447150,305050,2024-01-02\n447250,305050,2024-01-03\n' > "$tmp/one.csv"
"$bin" gistar "$tmp/one.csv" --crs EPSG:27700 --cell 100 -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'same value' "$tmp/err" || fail "constant field: $(cat "$tmp/err")"
[ -e "$tmp/x.csv" ] && fail "a failed run left an output"

if command -v Rscript > /dev/null && Rscript -e 'suppressMessages(library(spdep))' 2> /dev/null; then
  "$bin" gistar "${input[@]}" --cell 200 -o "$tmp/g.csv" -q > /dev/null || fail "gistar 200 m failed"
  cat > "$tmp/check.R" <<'R'
suppressMessages(library(spdep))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
nr <- max(d$row) + 1; nc <- max(d$col) + 1
nb <- cell2nb(nr, nc, type = "queen")
rc <- do.call(rbind, strsplit(attr(nb, "region.id"), ":"))
ours <- (as.integer(rc[, 2]) - 1) * nc + as.integer(rc[, 1])
g <- as.numeric(localG(d$count[ours], nb2listw(include.self(nb), style = "B")))
cat(max(abs(g - d$z[ours])), "\n")
R
  diff=$(Rscript "$tmp/check.R" "$tmp/g.csv")
  awk -v d="$diff" 'BEGIN { exit !(d < 1e-9) }' || fail "z differs from spdep by $diff"
  # The permutation p (issue 37 #1): ours is two-sided, min(1, 2 (min(G, L) + 1) / (N + 1));
  # spdep's localG_perm "Pr(folded) Sim" the one-sided (min(G, N - G) + 1) / (N + 1). Given the
  # neighbours without the cell (Gi: the same ranks as Gi* with the cell's own value fixed, as
  # ours keeps it), on the hot side (Gi above its permutation mean) ours is twice spdep's within
  # Monte Carlo error; nowhere above 1.
  "$bin" gistar "${input[@]}" --cell 200 --permutations 4999 --seed 3 -o "$tmp/gp.csv" -q > /dev/null ||
    fail "gistar --permutations failed"
  cat > "$tmp/perm.R" <<'R'
suppressMessages(library(spdep))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
nr <- max(d$row) + 1; nc <- max(d$col) + 1
nb <- cell2nb(nr, nc, type = "queen")
rc <- do.call(rbind, strsplit(attr(nb, "region.id"), ":"))
ours <- (as.integer(rc[, 2]) - 1) * nc + as.integer(rc[, 1])
d <- d[ours, ]
n_ref <- 1999; n_ours <- 4999
g <- localG_perm(d$count, nb2listw(nb, style = "B"), nsim = n_ref, iseed = 1)
it <- attr(g, "internals")
ref <- it[, "Pr(folded) Sim"]
hot <- it[, "Gi"] > it[, "E.Gi"] & ref < 0.25
if (any(d$p > 1)) stop("a p above 1")
if (sum(hot) < 20) stop(sprintf("only %d hot-side cells to compare", sum(hot)))
sd <- sqrt(pmax(ref * (1 - ref), 1e-4) / n_ours) + sqrt(pmax(ref * (1 - ref), 1e-4) / n_ref)
k <- abs(d$p[hot] / 2 - ref[hot]) / sd[hot]
if (any(k > 4.5)) stop(sprintf("%d cells' p / 2 more than 4.5 sd from spdep's folded p (largest %.1f)", sum(k > 4.5), max(k)))
cat(sprintf("%d hot-side cells: p / 2 within %.1f sd of spdep's Pr(folded) Sim (largest |difference| %.4f)\n",
            sum(hot), max(k), max(abs(d$p[hot] / 2 - ref[hot]))))
R
  Rscript "$tmp/perm.R" "$tmp/gp.csv" > "$tmp/perm.out" 2>&1 || fail "permutation p against spdep: $(cat "$tmp/perm.out")"
  echo "ok (spdep: max difference $diff; $(tail -1 "$tmp/perm.out"))"
else
  echo "ok (R spdep not installed: comparison skipped)"
fi

#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real or without R's dbscan package): a
# year of NW BCU burglary (data.police.uk, 2024) clustered by DBSCAN at the k-distance knee and
# by HDBSCAN, labels equal to R's dbscan::dbscan and dbscan::hdbscan up to renumbering
# (adjusted Rand index 1). The snap points repeat, so many incidents share coordinates.
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real/crime/burglary_2010-12_to_2025-02_nwbcu
if [ ! -f "$real/2024-01-metropolitan-street-burglary-nwbcu.csv" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressMessages(library(dbscan))' 2> /dev/null; then
  echo "skipped: Rscript with the dbscan package (r-cran-dbscan) is not installed"; exit 77
fi
cat > "$tmp/check.R" << 'R'
suppressMessages(library(dbscan))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[2])
x <- cbind(d$x, d$y)
ari <- function(u, v) {
  t <- table(u, v); s <- sum(choose(t, 2)); p <- sum(choose(rowSums(t), 2)); q <- sum(choose(colSums(t), 2))
  e <- p * q / choose(length(u), 2); (s - e) / ((p + q) / 2 - e)
}
r <- if (a[1] == "dbscan") dbscan(x, eps = as.numeric(a[3]), minPts = as.integer(a[4]))$cluster else
  hdbscan(x, minPts = as.integer(a[3]))$cluster
cat(ari(r, d$cluster), max(r), sum(r == 0), "\n")
R
year=(--period 2024-01..2024-12)
"$bin" cluster "$real" "${year[@]}" -o "$tmp/d.geojson" --incidents "$tmp/d.csv" -q > "$tmp/d.out" 2> /dev/null ||
  fail "dbscan on a year of burglary"
eps=$(sed -n 's/^DBSCAN: eps \([0-9.]*\) m.*/\1/p' "$tmp/d.out")
mp=$(sed -n 's/.*min-points \([0-9]*\).*/\1/p' "$tmp/d.out")
got=$(Rscript "$tmp/check.R" dbscan "$tmp/d.csv" "$eps" "$mp")
[ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "dbscan (eps $eps, minPts $mp): adjusted Rand index with R: $got"
echo "ok dbscan at the knee (eps $eps m, minPts $mp): ARI clusters noise = $got"
"$bin" cluster "$real" "${year[@]}" --eps 150.5 --min-points 15 -o "$tmp/e.geojson" --incidents "$tmp/e.csv" -q > /dev/null ||
  fail "dbscan 150.5 m"
got=$(Rscript "$tmp/check.R" dbscan "$tmp/e.csv" 150.5 15)
[ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "dbscan 150.5 m: adjusted Rand index with R: $got"
echo "ok dbscan 150.5 m, minPts 15: ARI clusters noise = $got"
for mp in 9 20; do
  "$bin" cluster "$real" "${year[@]}" --method hdbscan --min-points $mp -o "$tmp/h.geojson" --incidents "$tmp/h.csv" -q \
    > /dev/null || fail "hdbscan minPts $mp"
  got=$(Rscript "$tmp/check.R" hdbscan "$tmp/h.csv" $mp)
  [ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "hdbscan minPts $mp: adjusted Rand index with R: $got"
  echo "ok hdbscan minPts $mp: ARI clusters noise = $got"
done

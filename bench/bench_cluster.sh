#!/usr/bin/env bash
# Benchmark: hotspots cluster --method hdbscan against R's dbscan::hdbscan on NW BCU burglary
# (data.police.uk): one year (2024) and three years (2022-2024), whole-process times and their
# ratio, labels compared (adjusted Rand index); then hotspots alone on all 2010-12..2025-02
# incidents and the space-time scan on a year (R's hdbscan holds the n x n distance matrix twice: 2 x 8 n^2 / 2 bytes, about
# 99 GB for 111,475 incidents). Needs ../shared/data/real (skips without it) and r-cran-dbscan.
# Usage: bench/bench_cluster.sh [build]
source "$(dirname "$0")/lib.sh"
real=../shared/data/real/crime/burglary_2010-12_to_2025-02_nwbcu
if [ ! -d "$real" ]; then echo "skipped: real data not found at $real"; exit 0; fi
machine
cat > "$out/r.R" << 'R'
suppressMessages(library(dbscan))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1]); x <- cbind(d$x, d$y)
t0 <- Sys.time(); r <- hdbscan(x, minPts = as.integer(a[2])); el <- as.numeric(Sys.time() - t0, units = "secs")
t <- table(r$cluster, d$cluster); s <- sum(choose(t, 2)); p <- sum(choose(rowSums(t), 2)); q <- sum(choose(colSums(t), 2))
e <- p * q / choose(nrow(d), 2)
cat(el, (s - e) / ((p + q) / 2 - e), "\n")
R
# Both read the same CSV of the period's incidents (x, y in metres): whole-process times.
for period in 2024-01..2024-12 2022-01..2024-12; do
  "$bin" cluster "$real" --period $period --eps 100.5 -o "$out/d.geojson" --incidents "$out/in.csv" -q > /dev/null 2>&1
  n=$(($(wc -l < "$out/in.csv") - 1))
  best_of 1 "$bin" cluster "$out/in.csv" --x x --y y --date date --crs EPSG:27700 --method hdbscan --min-points 10 \
    -o "$out/h.geojson" --incidents "$out/h.csv" -q
  ours=$best
  if command -v Rscript > /dev/null; then
    s=$(now)
    read -r theirs ari <<< "$(Rscript "$out/r.R" "$out/h.csv" 10)"
    whole=$(echo "$(now) - $s" | bc)
    echo "hdbscan minPts 10, $period ($n incidents): hotspots $ours s, R $whole s (dbscan::hdbscan() alone $theirs s)," \
      "ratio $(echo "scale=1; $whole / $ours" | bc), adjusted Rand index $ari"
  else
    echo "hdbscan minPts 10, $period ($n incidents): hotspots $ours s (R not installed)"
  fi
done
/usr/bin/time -f "%e %U %M" -o "$out/time" "$bin" cluster "$real" --method hdbscan --min-points 10 -o "$out/all.geojson" -q \
  > /dev/null 2>&1
read -r wall cpu kb < "$out/time"
echo "hdbscan minPts 10, all 2010-12..2025-02 (111,475 incidents): hotspots $wall s ($cpu s of CPU), peak $((kb / 1024)) MB;" \
  "R: not run (its distance matrices would need about 99 GB)"
# The space-time scan on a year of burglary (month-only dates), 999 permutations.
/usr/bin/time -f "%e %U %M" -o "$out/time" "$bin" scan "$real" --period 2024-01..2024-12 --time-unit months --max-duration 3 \
  --max-radius 500 -o "$out/scan.geojson" -q > /dev/null 2>&1
read -r wall cpu kb < "$out/time"
echo "scan, 2024 (5,479 incidents, months, radius 500 m, 999 permutations): $wall s ($cpu s of CPU), peak $((kb / 1024)) MB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

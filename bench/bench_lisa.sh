#!/usr/bin/env bash
# Benchmark: hotspots lisa against R spdep's localmoran_perm on 25 m cells over the NW BCU
# (the BCU's outline as mask) with a year of real burglary (2019): queen neighbours, row-
# standardised weights, 999 conditional permutations, one run each. Prints both times and
# their ratio, and the largest difference of I (analytic) as a check that both saw the same
# cells. Needs ../shared/data/real (skips without it) and, for R, Debian's r-cran-spdep.
# Usage: bench/bench_lisa.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
real=../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then echo "skipped: real data not found at $real"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(date -u +%F)"
/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$build/hotspots" lisa "$real/crime/burglary_2010-12_to_2025-02_nwbcu" \
  --crime-type burglary --from 2019-01 --to 2019-12 --mask "$real/boroughs/nwbcu_union_bng_EPSG27700.geojson" \
  --cell 25 --permutations 999 -o "$tmp/lisa.csv" -q > "$tmp/out" 2> /dev/null
read -r ours kb user sys < "$tmp/time"
cells=$(head -1 "$tmp/out" | cut -d' ' -f1)
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
echo "hotspots lisa, 25 m: $cells cells, 999 permutations: $ours s wall, $cpu s CPU (whole process), peak $((kb / 1024)) MB"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressMessages(library(spdep))' 2> /dev/null; then
  echo "R spdep not installed (apt-get install r-cran-spdep): comparison skipped"; exit 0
fi
cat > "$tmp/r.R" << 'R'
suppressMessages(library(spdep))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
# Queen neighbours among the cells present, from their row and column.
key <- paste(d$row, d$col)
pairs <- do.call(rbind, lapply(list(c(-1, -1), c(-1, 0), c(-1, 1), c(0, -1), c(0, 1), c(1, -1), c(1, 0), c(1, 1)),
  function(o) { j <- match(paste(d$row + o[1], d$col + o[2]), key); k <- !is.na(j); cbind(which(k), j[k]) }))
nb <- split(pairs[, 2], factor(pairs[, 1], levels = seq_len(nrow(d))))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else sort(as.integer(v)))
names(nb) <- NULL
class(nb) <- "nb"; attr(nb, "region.id") <- as.character(seq_len(nrow(d)))
lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
t0 <- Sys.time(); c0 <- proc.time()
lp <- localmoran_perm(d$count, lw, nsim = 999, iseed = 1, zero.policy = TRUE)
t1 <- Sys.time(); c1 <- proc.time()
cpu <- sum((c1 - c0)[c("user.self", "sys.self")])
cat(sprintf("%.1f %.1f %.3g\n", as.numeric(t1 - t0, units = "secs"), cpu, max(abs(lp[, "Ii"] - d$i))))
R
read -r theirs rcpu diff < <(Rscript "$tmp/r.R" "$tmp/lisa.csv")
echo "R spdep $(Rscript -e 'cat(as.character(packageVersion("spdep")))') localmoran_perm, same cells and weights, nsim 999: $theirs s wall, $rcpu s CPU (the statistic alone; reading and weights excluded); largest I difference $diff"
awk -v a="$theirs" -v b="$ours" -v c="$rcpu" -v d="$cpu" 'BEGIN { printf "ratio R / hotspots: %.0fx wall, %.0fx CPU\n", a / b, c / d }'

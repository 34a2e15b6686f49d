#!/usr/bin/env bash
# Benchmark: hotspots gistar against R spdep's localG (binary queen weights, the cell itself
# included) on the 2010-2025 NW BCU burglary counts over the BCU's bounding box: z-scores
# compared cell by cell at 50 m, whole-process time at 50 m and 25 m (about 480,000 cells).
# Needs ../shared/data/real (skips without it) and, for the comparison, Debian's r-cran-spdep.
# Usage: bench/bench_gistar.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
real=../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then echo "skipped: real data not found at $real"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extent=510600,182450,529580,198360  # the NW BCU's bounding box, rounded out
echo "machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(date -u +%F)"
for cell in 50 25; do
  best=""
  for k in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$build/hotspots" gistar "$real/crime/burglary_2010-12_to_2025-02_nwbcu" \
      --extent "$extent" --cell $cell -o "$tmp/gi$cell.csv" -q > "$tmp/out$cell"
    read -r wall kb < "$tmp/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
  done
  echo "hotspots gistar, $cell m: $(head -1 "$tmp/out$cell" | cut -d' ' -f1) cells, best of 3 $best s, peak $((kb / 1024)) MB"
done
if command -v Rscript > /dev/null; then
  cat > "$tmp/check.R" <<'R'
suppressMessages(library(spdep))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
nr <- max(d$row) + 1; nc <- max(d$col) + 1
t0 <- Sys.time()
nb <- cell2nb(nr, nc, type = "queen")
rc <- do.call(rbind, strsplit(attr(nb, "region.id"), ":"))
ours <- (as.integer(rc[, 2]) - 1) * nc + as.integer(rc[, 1])
g <- as.numeric(localG(d$count[ours], nb2listw(include.self(nb), style = "B")))
t1 <- Sys.time()
cat(sprintf("R spdep %s localG, %d cells: %.1f s (weights and Gi*, reading excluded); max |z difference| = %.3g\n",
            packageVersion("spdep"), length(g), as.numeric(t1 - t0, units = "secs"), max(abs(g - d$z[ours]))))
R
  Rscript "$tmp/check.R" "$tmp/gi50.csv"
else
  echo "Rscript not installed (apt-get install r-cran-spdep): comparison skipped"
fi

#!/usr/bin/env bash
# lisa on street segments and hexagons (issue 31): with --units streets the counts are the
# streets command's (itself checked against a brute-force nearest-segment join in
# test_streets_sample.sh), I, E[I], Var[I] and z equal a numpy brute force with the junction
# weights built from the segments' end coordinates, and (when Rscript and spdep are installed)
# spdep::localmoran with the same neighbour list; hexagons count every incident once. Needs
# /usr/bin/python3 with numpy and osgeo for the comparisons (skips them, saying so, when absent).
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700 --crime-type vehicle-crime)
net=(--network sample_data/streets.geojson)

"$bin" lisa "${input[@]}" --units streets "${net[@]}" --permutations 0 --adjust none -o "$tmp/lisa.gpkg" \
  > "$tmp/out" 2> "$tmp/lisa.err" || fail "lisa --units streets: $(cat "$tmp/lisa.err")"
grep -q 'street segments (junction neighbours' "$tmp/out" || fail "summary: $(cat "$tmp/out")"
grep -q 'counted as unsnapped' "$tmp/lisa.err" || fail "the unsnapped are not reported: $(cat "$tmp/lisa.err")"
ogrinfo -ro -so "$tmp/lisa.gpkg" lisa | grep -q 'Line String' || fail "segments are not lines"
gpkg_style "$tmp/lisa.gpkg" > "$tmp/lisa.qml"
grep -q 'attr="quadrant"' "$tmp/lisa.qml" || fail "no line style by quadrant"
"$bin" streets "${input[@]}" "${net[@]}" -o "$tmp/seg.csv" -q > /dev/null 2>&1 || fail "streets -o csv"
ogr2ogr -f CSV "$tmp/lisa.csv" "$tmp/lisa.gpkg" -sql 'SELECT code, count FROM lisa' 2> /dev/null || fail "ogr2ogr"
diff <(tail -n +2 "$tmp/lisa.csv" | tr -d '"' | sort -t, -k1,1n | awk -F, '{printf "%s,%g\n", $1, $2}') \
     <(tail -n +2 "$tmp/seg.csv" | cut -d, -f1,4 | sort -t, -k1,1n | awk -F, '{printf "%s,%g\n", $1, $2}') > /dev/null \
  || fail "lisa's segment counts differ from the streets command's"

# Hexagons: every incident of the extent in exactly one hexagon.
"$bin" lisa "${input[@]}" --cell hex:300 --permutations 0 -o "$tmp/hex.gpkg" > "$tmp/out" 2> "$tmp/err" \
  || fail "lisa --cell hex: $(cat "$tmp/err")"
grep -q 'hexagons of 300 m' "$tmp/out" || fail "hex summary: $(cat "$tmp/out")"
total=$(sed -n 's/.* of \([0-9]*\) incidents on a street.*/\1/p' "$tmp/lisa.err")
hexsum=$(ogrinfo -ro -q "$tmp/hex.gpkg" -sql 'SELECT CAST(SUM(count) AS INTEGER) AS s FROM lisa' | sed -n 's/^ *s (Integer[0-9]*) = //p')
[ "$hexsum" = "$total" ] || fail "hexagons hold $hexsum incidents, map wrote $total"

# Refused: --network without --units streets, knn on streets, --population-field on streets.
"$bin" lisa "${input[@]}" "${net[@]}" -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'units streets' "$tmp/err" || fail "--network alone: $(cat "$tmp/err")"
"$bin" lisa "${input[@]}" --units streets "${net[@]}" --neighbours knn:4 -o "$tmp/x.csv" -q 2> "$tmp/err"
[ $? -eq 2 ] || fail "knn on streets accepted"
[ -e "$tmp/x.csv" ] && fail "a refused run left an output"

if ! /usr/bin/python3 -c 'import numpy, osgeo.ogr' 2> /dev/null; then
  echo "SKIP (part): /usr/bin/python3 with numpy and osgeo is not installed; the brute-force comparison was not run"
  exit 0
fi
/usr/bin/python3 tests/cli/lisa/check_street_moran.py "$tmp/lisa.gpkg" "$tmp/ref" || fail "brute force"
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressMessages(library(spdep))' 2> /dev/null; then
  echo "SKIP (part): Rscript with spdep is not installed; the spdep comparison was not run"
  exit 0
fi
Rscript - "$tmp/ref" << 'R' || fail "spdep comparison"
suppressMessages(library(spdep))
p <- commandArgs(trailingOnly = TRUE)[1]
pairs <- read.csv(paste0(p, ".nb.csv")); d <- read.csv(paste0(p, ".x.csv"))
n <- nrow(d)
nb <- lapply(seq_len(n), function(i) { j <- pairs$j[pairs$i == i]; if (length(j)) as.integer(j) else 0L })
class(nb) <- "nb"; attr(nb, "region.id") <- as.character(seq_len(n))
lm <- localmoran(d$x, nb2listw(nb, style = "W", zero.policy = TRUE), zero.policy = TRUE)
for (k in c("Ii", "Z.Ii")) {
  ours <- if (k == "Ii") d$i else d$z
  ref <- lm[, k]; ref[is.na(ref)] <- 0
  worst <- max(abs(ours - ref)) / max(1, max(abs(ref)))
  if (!(worst < 1e-9)) stop(sprintf("%s differs from spdep by %g", k, worst))
}
cat(sprintf("spdep::localmoran on the same %d segments: I and z equal\n", n))
R
echo "lisa streets: ok"

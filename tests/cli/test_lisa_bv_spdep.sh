#!/usr/bin/env bash
# The bivariate local Moran's I of lisa against R's spdep::localmoran_bv (skipped, exit 77,
# without Rscript and spdep): I^B to 1e-9 and the folded pseudo p-values within Monte Carlo
# error, on the sample's 21 wards for 2024 against 2023 (--second-period), burglary against
# robbery (--second-type, whose counts are checked against the export) and against street
# lights per km2 (--second-points, the points counted and the areas measured again in R with sf),
# and on the 63 NW BCU wards of 2018 for burglary in 2019 against 2018 (skipped, with a note,
# without ../shared/data/real).
source "$(dirname "$0")/lib.sh"
if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressMessages(library(spdep))' 2> /dev/null; then
  echo "skipped: Rscript with the spdep package is not installed (apt-get install r-cran-spdep)"; exit 77
fi
cd "$src"
ours_n=9999
cat > "$tmp/check.R" << 'R'
# Args: wards file, code field, our CSV, our permutations, column of y, [points file].
suppressMessages({library(spdep); library(sf)})
a <- commandArgs(trailingOnly = TRUE)
w <- st_read(a[1], quiet = TRUE)
d <- read.csv(a[3], stringsAsFactors = FALSE); d <- d[match(w[[a[2]]], d$code), ]
lw <- nb2listw(poly2nb(w, queen = TRUE), style = "W")
y <- d[[a[5]]]
if (length(a) > 5) {
  # Points per km2 counted here, not taken from our output.
  p <- read.csv(a[6]); p <- st_as_sf(p, coords = c("easting", "northing"), crs = st_crs(w))
  y2 <- lengths(st_intersects(w, p)) / (as.numeric(st_area(w)) / 1e6)
  if (max(abs(y2 - y)) > 1e-6 * max(y2)) stop(sprintf("points per km2 differ by %g", max(abs(y2 - y))))
  y <- y2
}
ref_n <- 99999; ours_n <- as.numeric(a[4])
bv <- localmoran_bv(d$count, y, lw, nsim = ref_n, iseed = 1)
d_i <- max(abs(d$i - bv[, "Ibvi"])) / max(1, max(abs(bv[, "Ibvi"])))
if (!(d_i < 1e-9)) stop(sprintf("I differs from localmoran_bv's Ibvi by %g", d_i))
ref <- bv[, "Pr(folded) Sim"]
sd <- sqrt(pmax(ref * (1 - ref), 1e-4) / ours_n) + sqrt(pmax(ref * (1 - ref), 1e-4) / ref_n)
k <- abs(d$p - ref) / sd
if (any(k > 4)) stop(sprintf("pseudo p more than 4 sd from spdep's: %s", paste(d$code[k > 4], collapse = " ")))
# The permutation moments (spdep's E.Ibvi, Var.Ibvi) are estimates too: within 5% of the spread.
e <- max(abs(d$e_i - bv[, "E.Ibvi"]) / sqrt(bv[, "Var.Ibvi"]))
if (e > 0.1) stop(sprintf("E[I] differs from spdep's by %.2f of its sd", e))
cat(sprintf("%d wards: Ibvi within %.1g, pseudo p within %.1f sd (largest |difference| %.4f), E[I] within %.3f sd\n",
            nrow(d), d_i, max(k), max(abs(d$p - ref)), e))
R

# Args: label, wards, code field, y column, [points file], lisa's input arguments...
compare() {
  local label=$1 wards=$2 code=$3 ycol=$4 points=$5; shift 5
  "$bin" lisa "$@" --areas "$wards,as=ward" --per ward --neighbours queen --spatial-weights row \
    --permutations $ours_n --resample with --adjust none -q -o "$tmp/$label.csv" > /dev/null || fail "$label: lisa failed"
  Rscript "$tmp/check.R" "$wards" "$code" "$tmp/$label.csv" $ours_n "$ycol" $points > "$tmp/out" 2>&1 ||
    fail "$label: $(cat "$tmp/out")"
  echo "$label: localmoran_bv: $(tail -1 "$tmp/out")"
}

sample=(sample_data/police_export.csv --crs EPSG:27700 --period 2024-01..2024-12)
compare sample-periods sample_data/areas/wards.geojson code count_second "" "${sample[@]}" --second-period 2023-01..2023-12
compare sample-types sample_data/areas/wards.geojson code count_second "" "${sample[@]}" --crime-type burglary \
  --second-type robbery
# The second variable's counts are the export's robberies of 2024, every one in a ward.
want=$(awk -F, 'NR > 1 && $2 ~ /^Robbery/ && $3 ~ /^2024/' sample_data/police_export.csv | wc -l)
got=$(/usr/bin/python3 -c "import csv,sys; print(round(sum(float(r['count_second']) for r in csv.DictReader(open(sys.argv[1])))))" \
  "$tmp/sample-types.csv")
[ "$got" -eq "$want" ] || fail "--second-type robbery counts $got, the export has $want robberies in 2024"
compare sample-lights sample_data/areas/wards.geojson code points_per_km2 sample_data/street_lights.csv "${sample[@]}" \
  --second-points sample_data/street_lights.csv

# Same periods given the other way round must not pass silently: they overlap.
"$bin" lisa "${sample[@]}" --second-period 2024-06..2024-07 --per ward --areas sample_data/areas/wards.geojson,as=ward \
  -o "$tmp/x.csv" > "$tmp/out" 2>&1 && fail "overlapping periods accepted"
grep -q "overlaps" "$tmp/out" || fail "overlapping periods: $(cat "$tmp/out")"
[ ! -e "$tmp/x.csv" ] || fail "overlapping periods left an output"

real=$src/../shared/data/real
if [ -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  compare nwbcu "$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson" GSS_CODE count_second "" \
    "$real/crime/burglary_2010-12_to_2025-02_nwbcu" --crime-type burglary --period 2019-01..2019-12 \
    --second-period 2018-01..2018-12
else
  echo "note: real data not found at $real; the NW BCU comparison was skipped"
fi
echo ok

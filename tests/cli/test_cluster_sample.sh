#!/usr/bin/env bash
# cluster on the sample: HDBSCAN finds each planted hotspot H1-H6 as its own cluster of the
# planted type; ST-DBSCAN splits what DBSCAN joins; bad options refused; and, when R's dbscan
# package is installed, labels equal dbscan::dbscan and dbscan::hdbscan up to renumbering
# (adjusted Rand index 1, border points included).
source "$(dirname "$0")/lib.sh"
cd "$src"
input=(sample_data/police_export.csv --crs EPSG:27700)
py=/usr/bin/python3

"$bin" cluster "${input[@]}" --method hdbscan -o "$tmp/h.geojson" --incidents "$tmp/h.csv" -q > "$tmp/out" ||
  fail "hdbscan on the sample failed"
grep -q '^HDBSCAN: min-points 10 (ln n)' "$tmp/out" || fail "no summary: $(cat "$tmp/out")"
[ -s "$tmp/h.geojson" ] || fail "no cluster outlines"
# Each planted hotspot: the incidents within one sd of its centre fall mostly (>= 60%) in one
# cluster, a different one for each hotspot, whose dominant type is the planted one.
$py - sample_data/truth/hotspots.csv "$tmp/h.csv" "$tmp/h.geojson" << 'PY' || fail "planted hotspots not found as clusters"
import csv, json, sys, collections
truth = list(csv.DictReader(open(sys.argv[1])))
pts = list(csv.DictReader(open(sys.argv[2])))
types = {f["properties"]["cluster"]: f["properties"]["dominant_type"] for f in json.load(open(sys.argv[3]))["features"]}
seen = set()
for h in truth:
    x, y, sd = float(h["x"]), float(h["y"]), float(h["sd_m"])
    near = [p for p in pts if (float(p["x"]) - x) ** 2 + (float(p["y"]) - y) ** 2 <= sd * sd]
    c, k = collections.Counter(p["cluster"] for p in near if p["cluster"] != "0").most_common(1)[0]
    share = k / len(near)
    print(h["id"], "cluster", c, f"{share:.2f}", types[int(c)])
    assert share >= 0.6 and c not in seen and types[int(c)] == h["category"], h["id"]
    seen.add(c)
PY

# The same place a year apart: DBSCAN joins, ST-DBSCAN (7 days) does not.
{ echo "easting,northing,committed_from"
  for k in 0 1 2 3 4 5; do echo "44700$k,30500$k,2024-01-0$((k + 1))"; echo "44700$k,30501$k,2025-01-0$((k + 1))"; done
} > "$tmp/twice.csv"
"$bin" cluster "$tmp/twice.csv" --crs EPSG:27700 --eps 30 --min-points 4 -o "$tmp/a.geojson" -q | grep -q '^1 clusters' ||
  fail "DBSCAN should join the two years"
"$bin" cluster "$tmp/twice.csv" --crs EPSG:27700 --eps 30 --min-points 4 --eps-days 7 -o "$tmp/b.geojson" -q |
  grep -q '^2 clusters' || fail "ST-DBSCAN should keep the two years apart"
"$bin" cluster "${input[@]}" --method hdbscan --eps 50 -o "$tmp/x.geojson" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'eps applies to --method dbscan' "$tmp/err" || fail "--eps with hdbscan: $(cat "$tmp/err")"
[ -e "$tmp/x.geojson" ] && fail "a refused run left an output"
"$bin" cluster "${input[@]}" --min-points 1 -o "$tmp/x.geojson" -q 2> /dev/null
[ $? -eq 2 ] || fail "--min-points 1 accepted"

if command -v Rscript > /dev/null && Rscript -e 'suppressMessages(library(dbscan))' 2> /dev/null; then
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
  # R's input is the written x, y (to 0.01 m), the same points in the same order.
  for args in "--eps 45.3 --min-points 12" "--eps 120.7 --min-points 5"; do
    read -r eps mp <<< "$(echo "$args" | awk '{print $2, $4}')"
    "$bin" cluster "${input[@]}" $args -o "$tmp/d.geojson" --incidents "$tmp/d.csv" -q > /dev/null || fail "dbscan $args"
    got=$(Rscript "$tmp/check.R" dbscan "$tmp/d.csv" "$eps" "$mp")
    [ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "dbscan $args: adjusted Rand index with R: $got"
    echo "ok dbscan $args: ARI clusters noise = $got"
  done
  # The knee's eps, read back from the summary.
  "$bin" cluster "${input[@]}" -o "$tmp/k.geojson" --incidents "$tmp/k.csv" -q > "$tmp/k.out" 2> /dev/null || fail "auto eps"
  eps=$(sed -n 's/^DBSCAN: eps \([0-9.]*\) m.*/\1/p' "$tmp/k.out")
  got=$(Rscript "$tmp/check.R" dbscan "$tmp/k.csv" "$eps" 10)
  [ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "dbscan at the knee ($eps m): $got"
  # R's hdbscan holds the whole distance matrix: half a year (about 10,000 incidents) keeps it
  # under 1 GB.
  "$bin" cluster "${input[@]}" --period 2024-07..2024-12 --method hdbscan --min-points 8 -o "$tmp/h2.geojson" \
    --incidents "$tmp/h2.csv" -q > /dev/null || fail "hdbscan on half a year"
  got=$(Rscript "$tmp/check.R" hdbscan "$tmp/h2.csv" 8)
  [ "$(echo "$got" | awk '{print $1}')" = 1 ] || fail "hdbscan: adjusted Rand index with R: $got"
  echo "ok hdbscan (half a year, minPts 8): ARI clusters noise = $got"
else
  echo "ok (R's dbscan package not installed: the comparison with R is skipped)"
fi

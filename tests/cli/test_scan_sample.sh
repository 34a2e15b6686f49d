#!/usr/bin/env bash
# scan on the sample's burglaries of July-September 2023: 10 burglaries planted here within
# 150 m and 7 days (a series; the sample's own near-repeat chains, 3-5 burglaries over weeks,
# are too weak to stand out) are the most likely cluster with p < 0.05; with the times of the
# same incidents permuted (20 seeds), the most likely cluster has p < 0.05 in at most one.
# Plus the outputs, the same result for 1 and 2 threads, and month-only data refused in days.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py - sample_data/police_export.csv "$tmp" << 'PY' || fail "could not make the inputs"
import csv, random, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["offence"].startswith("Burglary")
        and "2023-07" <= r["committed_from"][:7] <= "2023-09"]
fields = list(rows[0].keys())
def write(name, rs):
    with open(f"{sys.argv[2]}/{name}.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fields); w.writeheader(); w.writerows(rs)
rng = random.Random(32)
plant = []
for k in range(10):
    r = dict(rows[0]); r["crime_ref"] = f"PLANT{k}"; r["committed_to"] = ""
    r["easting"] = str(448000 + rng.randint(-100, 100)); r["northing"] = str(303000 + rng.randint(-100, 100))
    r["committed_from"] = f"2023-08-{10 + rng.randint(0, 6):02d}T12:00"
    plant.append(r)
write("planted", rows + plant)
for s in range(20):
    times = [r["committed_from"] for r in rows]
    random.Random(s).shuffle(times)
    write(f"null{s}", [dict(r, committed_from=t, committed_to="") for r, t in zip(rows, times)])
PY
opts=(--crs EPSG:27700 --date committed_from --max-radius 500 --max-duration 14)
"$bin" scan "$tmp/planted.csv" "${opts[@]}" --permutations 199 -o "$tmp/s.geojson" --csv "$tmp/s.csv" -q > "$tmp/out" ||
  fail "scan on the planted sample failed"
cat "$tmp/out"
read -r x y start end obs p <<< "$(awk -F, 'NR == 2 { print $3, $4, $6, $7, $9, $13 }' "$tmp/s.csv")"
awk -v x="$x" -v y="$y" -v p="$p" -v o="$obs" 'BEGIN { exit !((x - 448000) ^ 2 + (y - 303000) ^ 2 < 150 ^ 2 && p < 0.05 && o >= 8) }' ||
  fail "the planted series is not the most likely cluster with p < 0.05: $(sed -n 2p "$tmp/s.csv")"
[[ "$start" > "2023-08-09" && "$end" < "2023-08-17" ]] || fail "the cluster's days $start..$end miss the plant"
grep -q '"p_value"' "$tmp/s.geojson" || fail "no circles"
"$bin" scan "$tmp/planted.csv" "${opts[@]}" --permutations 199 --threads 1 --csv "$tmp/s1.csv" -q > /dev/null || fail "1 thread"
cmp -s <(grep -v '^#' "$tmp/s.csv") <(grep -v '^#' "$tmp/s1.csv") || fail "1 and 2 threads differ"

found=0; ps=""
for s in $(seq 0 19); do
  "$bin" scan "$tmp/null$s.csv" "${opts[@]}" --permutations 999 --seed $((s + 1)) --csv "$tmp/n.csv" -q > /dev/null ||
    fail "scan on null sample $s failed"
  p=$(awk -F, 'NR == 2 { print $13 }' "$tmp/n.csv"); ps="$ps $p"
  if awk -v p="$p" 'BEGIN { exit !(p < 0.05) }'; then found=$((found + 1)); fi
done
echo "null samples with p < 0.05: $found of 20 (p:$ps)"
[ "$found" -le 1 ] || fail "$found of 20 null samples have a cluster with p < 0.05"

"$bin" scan sample_data/police_uk --crime-type burglary -o "$tmp/x.geojson" -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'time-unit months' "$tmp/err" || fail "month-only data in days: $(cat "$tmp/err")"
[ -e "$tmp/x.geojson" ] && fail "a refused run left an output"
echo ok

#!/usr/bin/env bash
# scan on the sample's burglaries of the quarter around its planted space-time cluster
# (truth/space_time_cluster.csv: 14 burglaries within 150 m in 10 days): the most likely
# cluster overlaps the plant in space and time with p < 0.05; with the times of the same
# incidents permuted (20 seeds), the most likely cluster has p < 0.05 in at most one. Plus the
# outputs, the same result for 1 and 2 threads, and month-only data refused in days.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
read -r cx cy radius first last < <(awk -F, 'NR == 2 { print $3, $4, $5, $6, $7 }' sample_data/truth/space_time_cluster.csv)
[ -n "$last" ] || fail "no planted cluster in sample_data/truth/space_time_cluster.csv"
$py - sample_data/police_export.csv "$tmp" "$first" << 'PY' || fail "could not make the inputs"
import csv, datetime, random, sys
month = datetime.date.fromisoformat(sys.argv[3]).replace(day=1)
lo = (month - datetime.timedelta(days=1)).strftime("%Y-%m")
hi = (month + datetime.timedelta(days=40)).strftime("%Y-%m")
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["offence"].startswith("Burglary")
        and lo <= r["committed_from"][:7] <= hi]
fields = list(rows[0].keys())
def write(name, rs):
    with open(f"{sys.argv[2]}/{name}.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fields); w.writeheader(); w.writerows(rs)
write("planted", rows)
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
awk -v x="$x" -v y="$y" -v p="$p" -v o="$obs" -v cx="$cx" -v cy="$cy" -v r="$radius" \
  'BEGIN { exit !((x - cx) ^ 2 + (y - cy) ^ 2 < (2 * r) ^ 2 && p < 0.05 && o >= 10) }' ||
  fail "the planted cluster is not the most likely cluster with p < 0.05: $(sed -n 2p "$tmp/s.csv")"
[[ ! "$end" < "$first" && ! "$start" > "$last" ]] || fail "the cluster's days $start..$end miss the plant's $first..$last"
echo "most likely cluster: $(sed -n 2p "$tmp/s.csv") (planted: $cx $cy, $first..$last)"
grep -q '"p_value"' "$tmp/s.geojson" || fail "no circles"
"$bin" scan "$tmp/planted.csv" "${opts[@]}" --permutations 199 --threads 1 --csv "$tmp/s1.csv" -q > /dev/null || fail "1 thread"
cmp -s <(grep -v '^#' "$tmp/s.csv") <(grep -v '^#' "$tmp/s1.csv") || fail "1 and 2 threads differ"

found=0; ps=""
for s in $(seq 0 19); do
  "$bin" scan "$tmp/null$s.csv" "${opts[@]}" --permutations 199 --seed $((s + 1)) --csv "$tmp/n.csv" -q > /dev/null ||
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

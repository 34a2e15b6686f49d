#!/usr/bin/env bash
# A back-test per force (issue 30, docs/scale.md "A back-test per force"): evaluate --mask-code
# scores one polygon of a --mask layer exactly as a file holding only that polygon does; the
# sample's three boroughs stand for forces. deploy/slurm/evaluate-forces.sbatch's tasks (force
# t div N, shard t mod N), run here without Slurm in a shuffled order as GNU parallel or a
# Kubernetes Indexed Job would, and evaluate-forces-merge.sbatch's tasks make each force's
# back-test, summary and recommendation byte for byte as the force's unsharded run does. Each
# test incident counts in exactly one force (their N add up to the whole layer's). An unknown
# code is refused (exit 2, naming the codes), writing nothing.
source "$(dirname "$0")/lib.sh"
cd "$src"
S=sample_data
common=("$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type burglary
        --methods "kde:h=200 grid:cell=250 repeats" --train 3m --from 2024-01)
forces=(Z09000001 Z09000002 Z09000003)
printf '%s\n' "${common[@]}" --mask "$PWD/$S/areas/boroughs.geojson" > "$tmp/args"
printf '%s\n' "${forces[@]}" > "$tmp/forces"
export HOTSPOTS=$bin ARGS=$tmp/args FORCES=$tmp/forces OUT=$tmp/out SHARDS=2 SLURM_CPUS_PER_TASK=1
for t in 3 0 5 1 4 2; do
  SLURM_ARRAY_TASK_ID=$t bash deploy/slurm/evaluate-forces.sbatch 2> "$tmp/err" || fail "evaluate task $t: $(cat "$tmp/err")"
done
[ -f "$tmp/out/Z09000002/part-1.json" ] || fail "task 3 did not write force 2's shard 1"
for f in 2 0 1; do
  SLURM_ARRAY_TASK_ID=$f bash deploy/slurm/evaluate-forces-merge.sbatch 2> "$tmp/err" || fail "merge task $f: $(cat "$tmp/err")"
done
SLURM_ARRAY_TASK_ID=6 bash deploy/slurm/evaluate-forces.sbatch 2> "$tmp/err" && fail "task 6 of 3 forces x 2 shards accepted"
grep -q "only 3 forces x 2 shards" "$tmp/err" || fail "task 6: $(cat "$tmp/err")"

ev=("$bin" evaluate "${common[@]}" -q)
for code in "${forces[@]}"; do
  w=$tmp/whole_$code
  "${ev[@]}" --mask "$PWD/$S/areas/boroughs.geojson" --mask-code "$code" -o "$w.csv" --summary "${w}_summary.csv" \
    --recommend "$w.json" > /dev/null 2> "$tmp/err" || fail "unsharded $code: $(cat "$tmp/err")"
  m=$tmp/out/$code
  for pair in ".csv:backtest.csv" ".csv.meta.json:backtest.csv.meta.json" "_summary.csv:summary.csv" ".json:best.json"; do
    cmp -s "$w${pair%%:*}" "$m/${pair#*:}" || fail "$code: ${pair#*:} differs from the unsharded run's: $(diff "$w${pair%%:*}" "$m/${pair#*:}" | head -4)"
  done
done

# --mask-code equals a mask file of that polygon alone (the rows; the metadata names the mask).
ogr2ogr -f GeoJSON "$tmp/b2.geojson" "$S/areas/boroughs.geojson" -where "code = 'Z09000002'" 2> "$tmp/err" \
  || fail "ogr2ogr: $(cat "$tmp/err")"
"${ev[@]}" --mask "$tmp/b2.geojson" -o "$tmp/alone.csv" --summary "$tmp/alone_summary.csv" > /dev/null 2> "$tmp/err" \
  || fail "one borough's file: $(cat "$tmp/err")"
cmp -s "$tmp/alone.csv" "$tmp/whole_Z09000002.csv" || fail "--mask-code Z09000002 differs from a mask of that borough alone"
cmp -s "$tmp/alone_summary.csv" "$tmp/whole_Z09000002_summary.csv" || fail "--mask-code's summary differs from the borough alone"

# Every test incident inside the layer counts in one force: the forces' N per test month add up
# to the run over all three boroughs (their cells lie on one lattice, each centre in one).
"${ev[@]}" --mask "$S/areas/boroughs.geojson" -o "$tmp/all.csv" > /dev/null 2> "$tmp/err" || fail "all boroughs: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp" "${forces[@]}" << 'PY' || fail "the forces' test incidents do not add up to the whole layer's"
import csv, sys
tmp, codes = sys.argv[1], sys.argv[2:]
def totals(path):
    return {r["test_period"]: float(r["N"]) for r in csv.DictReader(open(path))}
whole = totals(f"{tmp}/all.csv")
parts = [totals(f"{tmp}/whole_{c}.csv") for c in codes]
assert all(min(p.values()) > 0 for p in parts), "a borough with no test incidents proves nothing"
for month, n in whole.items():
    assert sum(p[month] for p in parts) == n, (month, n, [p[month] for p in parts])
PY

"${ev[@]}" --mask "$S/areas/boroughs.geojson" --mask-code Z0900000 -o "$tmp/x.csv" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "an unknown --mask-code was not refused with exit 2"
grep -q "no polygon of --mask .* has that code (its codes, from field code, begin Z09000001" "$tmp/err" || fail "$(cat "$tmp/err")"
[ -e "$tmp/x.csv" ] && fail "an unknown --mask-code wrote an output"
echo ok

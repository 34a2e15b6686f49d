#!/usr/bin/env bash
# A back-test per force on Slurm, as deploy/slurm/submit-forces.sh submits it (docs/scale.md):
# one job array of 3 forces (the sample's boroughs) x 2 shards and a merge array (one task a
# force) that waits for all of it (afterok), on the single-node Slurm of slurm_cluster.sh. Each
# force's merged back-test, summary and recommendation must equal its unsharded evaluate byte for
# byte. Skipped (77), saying why, where Slurm cannot start (slurm_cluster.sh).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/slurm_cluster.sh"

S=sample_data
common=("$PWD/$S/police_export.csv" --crs EPSG:27700 --date committed_from --type offence --crime-type burglary
        --methods "kde:h=200 grid:cell=250 repeats" --train 3m --from 2024-01 --mask "$PWD/$S/areas/boroughs.geojson")
forces=(Z09000001 Z09000002 Z09000003)
printf '%s\n' "${common[@]}" > "$tmp/args"
printf '%s\n' "${forces[@]}" > "$tmp/forces"
ids=$(bash deploy/slurm/submit-forces.sh "$bin" "$tmp/args" "$tmp/forces" "$s/out" 2 2> "$tmp/err") \
  || fail "submit-forces.sh: $(cat "$tmp/err")"
read -r array merge <<< "$ids"
[ -n "$merge" ] || fail "submit-forces.sh printed no merge job: $ids"
dep=$(scontrol show job "$merge" | grep -o 'Dependency=[^ ]*' | head -1)
[[ $dep == *"afterok:$array"* ]] || fail "the merge array does not wait for the evaluate array ($dep)"
slurm_wait 300
# Slurm's own log of each task (%x-%A_%a.log): the array held 3 forces x 2 shards, the merge 3.
logs=$(cd "$s/out" && ls hotspots-evaluate-"${array}"_*.log | sed 's/.*_//; s/\.log//' | sort -n | tr '\n' ' ')
[ "$logs" = "0 1 2 3 4 5 " ] || fail "the evaluate array ran the tasks '$logs', not 0..5 (3 forces x 2 shards)"
logs=$(cd "$s/out" && ls hotspots-evaluate-merge-"${merge}"_*.log | wc -l)
[ "$logs" -eq 3 ] || fail "the merge array ran $logs tasks, not one a force"
for code in "${forces[@]}"; do
  m=$s/out/$code
  [ -f "$m/best.json" ] || fail "no merged back-test of $code: $(tail -3 "$s"/out/*.log 2> /dev/null)"
  w=$tmp/whole_$code
  "$bin" evaluate "${common[@]}" --mask-code "$code" -o "$w.csv" --summary "${w}_summary.csv" --recommend "$w.json" -q \
    > /dev/null 2> "$tmp/err" || fail "unsharded $code: $(cat "$tmp/err")"
  for pair in ".csv:backtest.csv" ".csv.meta.json:backtest.csv.meta.json" "_summary.csv:summary.csv" ".json:best.json"; do
    cmp -s "$w${pair%%:*}" "$m/${pair#*:}" || fail "$code on Slurm: ${pair#*:} differs from the unsharded run's"
  done
done
echo "ok"

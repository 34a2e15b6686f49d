#!/usr/bin/env bash
# Benchmark (issue 30): a back-test of every one of K synthetic forces (bench/make_forces.py over a
# bench/make_national.py file), each split into N shards, as ONE Slurm job array of K x N tasks
# plus the merge array (deploy/slurm/submit-forces.sh), on the single-node Slurm the tests start
# (tests/cli/slurm_cluster.sh: needs root, slurm-wlm and munge; skipped without). Each task runs
# through /usr/bin/time: it prints the whole wall time, the CPU seconds summed over the tasks,
# each kind of task's wall, CPU and peak-memory range, and checks that two forces' merged
# back-tests equal their unsharded runs byte for byte.
# Usage: bench/bench_evaluate_forces.sh [build] NATIONAL.csv [K=43] [N=2] [evaluate options...]
source "$(dirname "$0")/lib.sh" "${1:-build}"
national=$(realpath "${2:?give a bench/make_national.py CSV}")
nforces=${3:-43} shards=${4:-2}
shift $(($# < 4 ? $# : 4))
extra=("$@")
bin=$(realpath "$bin") src=$PWD tmp=$out
fail() { echo "FAIL: $*"; exit 1; }
source tests/cli/slurm_cluster.sh
machine
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine)"
/usr/bin/python3 bench/make_forces.py "$nforces" "$out/forces.gpkg" "$national" 1
# Every task through /usr/bin/time: job name, task, wall, user, system, peak RSS (KB).
cat > "$out/timed" << SH
#!/bin/bash
exec /usr/bin/time -a -o "$s/out/times.txt" -f "\$SLURM_JOB_NAME \$SLURM_ARRAY_TASK_ID %e %U %S %M" "$bin" "\$@"
SH
chmod +x "$out/timed"
printf '%s\n' "$national" --crs EPSG:27700 --date committed_from --type offence --x easting --y northing --train 3m \
  --mask "$out/forces.gpkg" "${extra[@]}" > "$out/args"
start=$(now)
ids=$(bash deploy/slurm/submit-forces.sh "$out/timed" "$out/args" "$out/forces.txt" "$s/out" "$shards")
slurm_wait 7200
wall=$(echo "$(now) - $start" | bc)
read -r array merge <<< "$ids"
for f in $(seq 0 $((nforces - 1))); do
  [ -f "$s/out/$(sed -n "$((f + 1))p" "$out/forces.txt")/best.json" ] || fail "force $f has no merged back-test: $(tail -3 "$s"/out/*.log)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$s/out/times.txt" "$wall" "$nforces" "$shards" << 'PY'
import sys, collections
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
wall, k, n = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
kinds = collections.defaultdict(list)
for name, task, e, u, s, m in rows:
    kinds[name].append((float(e), float(u) + float(s), int(m) / 1024))
cpu = sum(c for v in kinds.values() for _, c, _ in v)
print(f"{k} forces x {n} shards = {k * n} evaluate tasks + {k} merges, through Slurm: {wall:.0f} s wall, {cpu:.0f} CPU s")
for name, v in sorted(kinds.items()):
    e, c, m = zip(*v)
    print(f"  {name}: {len(v)} tasks, wall {min(e):.1f}-{max(e):.1f} s, CPU {min(c):.1f}-{max(c):.1f} s "
          f"(sum {sum(c):.0f}), peak memory {min(m):.0f}-{max(m):.0f} MB")
PY
# Two forces (the first and the last) unsharded, against their merged outputs.
for code in $(sed -n '1p;$p' "$out/forces.txt"); do
  mapfile -t args < "$out/args"
  /usr/bin/time -f "%e %U %S %M" -o "$out/t1" "$bin" evaluate "${args[@]}" --mask-code "$code" -o "$out/w.csv" \
    --summary "$out/w_summary.csv" --recommend "$out/w.json" -q > /dev/null
  for pair in ".csv:backtest.csv" ".csv.meta.json:backtest.csv.meta.json" "_summary.csv:summary.csv" ".json:best.json"; do
    cmp -s "$out/w${pair%%:*}" "$s/out/$code/${pair#*:}" || fail "$code: merged ${pair#*:} differs from the unsharded run's"
  done
  read -r e u sy m < "$out/t1"
  printf '  %s unsharded: %s s wall, %.1f CPU s, %.0f MB; merged shards equal it byte for byte\n' "$code" "$e" \
    "$(echo "$u + $sy" | bc)" "$(echo "$m / 1024" | bc -l)"
done

#!/usr/bin/env bash
# The sample pack through Slurm as deploy/slurm/submit.sh submits it: a job array of 3 shards and
# a merge job that waits for them (afterok), on a single-node Slurm started here (munged,
# slurmctld and slurmd on localhost, their own config, state, spool, logs and munge key in a
# temporary folder, on free ports). The merged folder must equal the unsharded pack
# (compare_packs.sh; the pack file named by its full path in both, as submit.sh names it). The daemons are stopped whatever happens. Skipped (77), saying why, without
# slurm-wlm and munge (scripts/setup.sh --tests installs them), or not as root, or when Slurm
# does not start.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/slurm_cluster.sh"

# The pack as a job array and the dependent merge, as a user would submit it.
ids=$(bash deploy/slurm/submit.sh "$bin" sample_data/packs/sample.toml "$s/out" 3 2> "$tmp/err") \
  || fail "submit.sh: $(cat "$tmp/err")"
read -r array merge <<< "$ids"
[ -n "$merge" ] || fail "submit.sh printed no merge job: $ids"
dep=$(scontrol show job "$merge" | grep -o 'Dependency=[^ ]*')
[[ $dep == *"afterok:$array"* ]] || fail "the merge job does not wait for the array ($dep)"
for ((k = 0; k < 600; k++)); do
  [ -z "$(squeue -h -o %i 2> /dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -o %i)" ] || fail "the jobs did not finish in 5 minutes: $(squeue)"
[ -d "$s/out/pack" ] || fail "no merged pack: $(cat "$s"/out/*.log 2> /dev/null | tail -5)"
"$bin" pack "$PWD/sample_data/packs/sample.toml" -o "$tmp/full" -q > /dev/null 2>&1 || fail "the unsharded pack failed"
bash tests/cli/compare_packs.sh "$tmp/full" "$s/out/pack" || fail "the pack merged on Slurm differs from the unsharded pack"
for i in 0 1 2; do
  /usr/bin/python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["shard"]["index"] == int(sys.argv[2])' \
    "$s/out/shard-$i/manifest.json" $i || fail "shard-$i is not shard $i"
done
echo "ok"

#!/usr/bin/env bash
# The sample pack through Slurm as deploy/slurm/submit.sh submits it: a job array of 3 shards and
# a merge job that waits for them (afterok), on a single-node Slurm started here (munged,
# slurmctld and slurmd on localhost, their own config, state, spool, logs and munge key in a
# temporary folder, on free ports). The merged folder must equal the unsharded pack
# (compare_packs.sh; the pack file named by its full path in both, as submit.sh names it). The daemons are stopped whatever happens. Skipped (77), saying why, without
# slurm-wlm and munge (scripts/setup.sh --tests installs them), or not as root, or when Slurm
# does not start.
source "$(dirname "$0")/lib.sh"
skip() { echo "skipped: $*"; exit 77; }
for d in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$d" > /dev/null || [ -x "/usr/sbin/$d" ] || skip "no $d (apt-get install slurm-wlm munge)"
done
[ "$(id -u)" -eq 0 ] || skip "slurmd runs jobs as their users: this test starts it as root"
export PATH=$PATH:/usr/sbin
cd "$src"
s=$tmp/slurm
mkdir -p "$s"/{state,spool,log,munge,out}
chmod 700 "$s/munge"
pids=()
stop() {  # the daemons started here, by their ids
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
  rm -rf "$tmp"
}
trap stop EXIT

# munge: a key of our own, its socket in the temporary folder.
dd if=/dev/urandom of="$s/munge/key" bs=1024 count=1 status=none && chmod 400 "$s/munge/key"
munged -F -f --key-file="$s/munge/key" --socket="$s/munge/sock" --pid-file="$s/munge/pid" \
  --log-file="$s/log/munged.log" --seed-file="$s/munge/seed" > /dev/null 2>&1 &
pids+=($!)

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
host=$(hostname -s)
cat > "$s/slurm.conf" <<CONF
ClusterName=hotspotstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$s/munge/sock
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$s/slurm.conf
for ((k = 0; k < 50; k++)); do [ -S "$s/munge/sock" ] && break; sleep 0.1; done
[ -S "$s/munge/sock" ] || skip "munged did not start: $(tail -3 "$s/log/munged.log" 2> /dev/null)"
slurmctld -D -i -f "$SLURM_CONF" > "$s/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$host" -f "$SLURM_CONF" > "$s/log/slurmd.out" 2>&1 &
pids+=($!)
up=0
for ((k = 0; k < 100; k++)); do
  if sinfo -h -o '%t' 2> /dev/null | grep -q '^idle'; then up=1; break; fi
  sleep 0.2
done
[ $up -eq 1 ] || skip "Slurm did not start here: $(tail -3 "$s/log/slurmctld.log" "$s/log/slurmd.log" 2> /dev/null | tr '\n' ' ')"

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

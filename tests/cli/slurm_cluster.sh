# A single-node Slurm for the tests that submit to it (sourced after lib.sh, from the source
# folder): munged with a key of its own, slurmctld and slurmd on 127.0.0.1 on free ports, their
# config, state, spool and logs under $tmp/slurm ($s); SLURM_CONF exported. The daemons are
# stopped (by their ids) and $tmp removed on exit. Skips the test (77), saying why, without
# slurm-wlm and munge (scripts/setup.sh --tests installs them), when not root, or when Slurm
# does not start.
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


# slurm_wait SECONDS: until the queue is empty; fails naming what is left.
slurm_wait() {
  local k
  for ((k = 0; k < $1 * 2; k++)); do
    [ -z "$(squeue -h -o %i 2> /dev/null)" ] && return 0
    sleep 0.5
  done
  fail "the jobs did not finish in $1 s: $(squeue)"
}

#!/usr/bin/env bash
# deploy/ refuses before it starts: pack --check checks a pack and its --shard and writes
# nothing; deploy/slurm/submit.sh refuses a bad N, or more shards than themes, before anything
# is queued (an sbatch stand-in records what would have been submitted) and otherwise submits
# the array and a merge that waits for it; submit-forces.sh checks each force's task
# (evaluate --check) and queues nothing for a code the mask lacks; deploy/parallel.sh refuses the same before any shard
# starts, and runs a pack whose path has a space in it (GNU parallel re-splits a command's words
# unless told not to), with MONTH, into a merged folder equal to the unsharded pack.
source "$(dirname "$0")/lib.sh"
mkdir -p "$tmp/pack dir" "$tmp/bin"
pack="$tmp/pack dir/p.toml"
cat > "$pack" << TOML
month = "2024-10"
period = "last 3 months"
$(sample_inputs 'date = "committed_from"' 'type = "offence"')
from = "2019-05"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[theme]]
name = "robbery"
crime-type = ["robbery"]
[[step]]
run = "change"
per = "ward"
TOML

# pack --check: checked, nothing written; a shard the pack cannot have refused (exit 2).
"$bin" pack "$pack" --check --shard 1/2 -o "$tmp/checked" -q || fail "pack --check --shard 1/2"
[ ! -e "$tmp/checked" ] || fail "pack --check wrote $tmp/checked"
"$bin" pack "$pack" --check --shard 2/3 -q 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'the pack has 2 themes' "$tmp/err" || fail "pack --check --shard 2/3: $(cat "$tmp/err")"

# submit.sh, with an sbatch that records its arguments and answers a job id.
cat > "$tmp/bin/sbatch" << 'SH'
#!/bin/bash
echo "$*" >> "$SBATCH_LOG"
echo $((40 + $(wc -l < "$SBATCH_LOG")))
SH
chmod +x "$tmp/bin/sbatch"
export SBATCH_LOG=$tmp/sbatch.log
for n in 3 abc 0; do
  PATH=$tmp/bin:$PATH bash "$src/deploy/slurm/submit.sh" "$bin" "$pack" "$tmp/slurm" "$n" 2> "$tmp/err"
  [ $? -eq 2 ] || fail "submit.sh with N=$n: not refused: $(cat "$tmp/err")"
done
[ ! -e "$SBATCH_LOG" ] || fail "submit.sh queued jobs it should have refused: $(cat "$SBATCH_LOG")"
SHARD_BY=tile PATH=$tmp/bin:$PATH bash "$src/deploy/slurm/submit.sh" "$bin" "$pack" "$tmp/slurm" 2 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'no step of .* makes its surface in tiles' "$tmp/err" || fail "submit.sh by tile without tiles: $(cat "$tmp/err")"
ids=$(PATH=$tmp/bin:$PATH bash "$src/deploy/slurm/submit.sh" "$bin" "$pack" "$tmp/slurm" 2 2024-11) || fail "submit.sh N=2"
[ "$ids" = "41 42" ] || fail "submit.sh printed '$ids', not the array's and the merge's ids"
grep -q -- '--array=0-1 .*pack-shard.sbatch$' "$SBATCH_LOG" && grep -q -- '--dependency=afterok:41 .*merge.sbatch$' "$SBATCH_LOG" \
  || fail "submit.sh submitted: $(cat "$SBATCH_LOG")"

# submit-forces.sh checks every force's task (evaluate --check) before queuing: a code the mask
# lacks queues nothing (exit 2, the code named); good codes queue the two arrays, and the check
# wrote nothing.
rm -f "$SBATCH_LOG"
printf '%s\n' "$src/sample_data/police_export.csv" --crs EPSG:27700 --mask "$src/sample_data/areas/boroughs.geojson" \
  --methods grid:cell=100 --train 3m > "$tmp/args"
printf 'Z09000001\nZ09000009\n' > "$tmp/forces"
PATH=$tmp/bin:$PATH bash "$src/deploy/slurm/submit-forces.sh" "$bin" "$tmp/args" "$tmp/forces" "$tmp/fout" 2 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'force Z09000009' "$tmp/err" && grep -q -- '--mask-code Z09000009' "$tmp/err" \
  || fail "submit-forces.sh with a code the mask lacks: $(cat "$tmp/err")"
[ ! -e "$SBATCH_LOG" ] || fail "submit-forces.sh queued jobs for a bad code: $(cat "$SBATCH_LOG")"
printf 'Z09000001\nZ09000002\n' > "$tmp/forces"
ids=$(PATH=$tmp/bin:$PATH bash "$src/deploy/slurm/submit-forces.sh" "$bin" "$tmp/args" "$tmp/forces" "$tmp/fout" 2) \
  || fail "submit-forces.sh with good codes"
[ "$ids" = "41 42" ] && grep -q -- '--array=0-3 .*evaluate-forces.sbatch$' "$SBATCH_LOG" || fail "submit-forces.sh: $ids $(cat "$SBATCH_LOG")"
[ -z "$(ls -A "$tmp/fout")" ] || fail "the checks wrote into OUT: $(ls -R "$tmp/fout")"

# parallel.sh (GNU parallel when installed, else xargs): refuses first, then shards and merges.
bash "$src/deploy/parallel.sh" "$bin" "$pack" "$tmp/par" 3 2> "$tmp/err"
[ $? -eq 2 ] && [ ! -e "$tmp/par" ] && [ "$(grep -c 'the pack has 2 themes' "$tmp/err")" -eq 1 ] \
  || fail "parallel.sh with 3 shards of 2 themes: $(cat "$tmp/err")"
MONTH=2024-11 bash "$src/deploy/parallel.sh" "$bin" "$pack" "$tmp/par" 2 1 > /dev/null 2> "$tmp/err" \
  || fail "parallel.sh: $(cat "$tmp/err")"
"$bin" pack "$pack" --month 2024-11 -o "$tmp/whole" -q > /dev/null 2>&1 || fail "the unsharded pack failed"
bash "$src/tests/cli/compare_packs.sh" "$tmp/whole" "$tmp/par/pack" || fail "parallel.sh's merged pack differs"
echo "ok"

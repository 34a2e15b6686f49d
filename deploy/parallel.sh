#!/bin/bash
# One big machine: the N shards side by side (GNU parallel, else xargs -P), then the merge.
#   deploy/parallel.sh HOTSPOTS PACK.toml OUT N [THREADS_PER_SHARD]
# With C cores, N shards of C/N threads each. A shard that fails stops the merge; run it again
# alone (same bytes) and merge. SHARD_BY=tile splits the tiles of the pack's tiled kde too
# (docs/scale.md).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 HOTSPOTS PACK.toml OUT N [THREADS_PER_SHARD]" >&2; exit 2; }
bin=$1 pack=$2 out=$3 n=$4 threads=${5:-0} by=${SHARD_BY:-theme}
mkdir -p "$out"
if command -v parallel > /dev/null; then
  parallel --halt now,fail=1 -j "$n" "$bin" pack "$pack" --shard-by "$by" --shard {}/"$n" -o "$out/shard-{}" --replace --threads "$threads" -q \
    ::: $(seq 0 $((n - 1)))
else
  seq 0 $((n - 1)) | xargs -P "$n" -I{} "$bin" pack "$pack" --shard-by "$by" --shard {}/"$n" -o "$out/shard-{}" --replace --threads "$threads" -q
fi
shards=()
for ((i = 0; i < n; i++)); do shards+=("$out/shard-$i"); done
"$bin" merge "${shards[@]}" -o "$out/pack" --replace -q

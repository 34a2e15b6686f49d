#!/bin/bash
# One big machine: the N shards side by side (GNU parallel, else xargs -P), then the merge.
#   deploy/parallel.sh HOTSPOTS PACK.toml OUT N [THREADS_PER_SHARD]
# With C cores, N shards of C/N threads each. A shard that fails stops the merge; run it again
# alone (same bytes) and merge. SHARD_BY=tile splits the tiles of the pack's tiled kde too
# (docs/scale.md); MONTH=YYYY-MM makes that month's pack (pack --month) instead of the file's.
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 HOTSPOTS PACK.toml OUT N [THREADS_PER_SHARD]" >&2; exit 2; }
bin=$1 pack=$2 out=$3 n=$4 threads=${5:-0} by=${SHARD_BY:-theme}
month=()
[ -z "${MONTH:-}" ] || month=(--month "$MONTH")
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "N '$n': give the number of shards (1 or more)" >&2; exit 2; }
# One message, not N: a pack or N the shards would refuse is refused before any shard starts.
"$bin" pack "$pack" "${month[@]}" --shard-by "$by" --shard "$((n - 1))/$n" --check -q || exit 2
mkdir -p "$out"
# moreutils has a parallel of its own, with other options: GNU's only.
if parallel --version 2> /dev/null | grep -q '^GNU parallel'; then
  # -q: each argument stays one word (without it parallel joins them for a shell, and a path with
  # a space in it breaks in two).
  parallel -q --halt now,fail=1 -j "$n" "$bin" pack "$pack" "${month[@]}" --shard-by "$by" --shard {}/"$n" -o "$out/shard-{}" \
    --replace --threads "$threads" -q ::: $(seq 0 $((n - 1)))
else
  seq 0 $((n - 1)) | xargs -P "$n" -I{} "$bin" pack "$pack" "${month[@]}" --shard-by "$by" --shard {}/"$n" -o "$out/shard-{}" --replace --threads "$threads" -q
fi
shards=()
for ((i = 0; i < n; i++)); do shards+=("$out/shard-$i"); done
"$bin" merge "${shards[@]}" -o "$out/pack" --replace -q

#!/usr/bin/env bash
# The committed sample_data/ is exactly what the generator makes with its recorded seed.
source "$(dirname "$0")/lib.sh"
seed=$(cat "$src/sample_data/truth/seed.txt")
"$bin" sample -o "$tmp/s" --seed "$seed" -q || { echo "FAIL: sample failed"; exit 1; }
for f in $(cd "$tmp/s" && find . -type f | sort); do
  cmp -s "$tmp/s/$f" "$src/sample_data/$f" || { echo "FAIL: $f differs from the generator's output (regenerate with: hotspots sample -o sample_data --seed $seed)"; exit 1; }
done
size=$(du -sk "$src/sample_data" | cut -f1)
[ "$size" -lt 5120 ] || { echo "FAIL: sample_data is ${size} kB, over 5 MB"; exit 1; }
echo "sample data reproducible (${size} kB)"

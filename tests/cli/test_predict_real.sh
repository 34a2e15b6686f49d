#!/usr/bin/env bash
# predict on the real NW BCU burglary (data.police.uk, ../shared/data/real; skipped when absent):
# zones for February 2025 from 2024-01..2025-01, the default back-tested estimate. The chosen
# pair has the highest mean PAI of the 16 candidates, its PAI month by month equals evaluate's
# for the same decay, radius, months and share, the zones cover 5% of the BCU within one cell,
# and they forecast better than chance in the back-test and in February 2025 itself (PAI > 2).
# The figures are those of docs/predict.md.
source "$(dirname "$0")/lib.sh"
cd "$src"
real=../shared/data/real
if [ ! -d "$real/crime/burglary_2010-12_to_2025-02_nwbcu" ]; then
  echo "skipped: $real/crime/burglary_2010-12_to_2025-02_nwbcu is not there (see docs/predict.md)"
  exit 77
fi
py=/usr/bin/python3
files=("$real"/crime/burglary_2010-12_to_2025-02_nwbcu/202[45]-*.csv)
mask=$real/boroughs/nwbcu_union_bng_EPSG27700.geojson
"$bin" predict "${files[@]}" --mask "$mask" --as-of 2025-02 --summary "$tmp/sum.csv" --backtest "$tmp/bt.csv" \
  --zones "$tmp/zones.gpkg" > "$tmp/out" 2> "$tmp/err" || fail "predict: $(cat "$tmp/err")"
decay=$($py -c "import csv; print(next(r['decay_days'] for r in csv.DictReader(open('$tmp/sum.csv')) if r['chosen'] == '1'))")
radius=$($py -c "import csv; print(next(r['radius_m'] for r in csv.DictReader(open('$tmp/sum.csv')) if r['chosen'] == '1'))")
"$bin" evaluate "${files[@]}" --mask "$mask" --methods "prospective:decay=${decay}d,radius=$radius" --train 3m --shares 5% \
  --from 2024-08 --to 2025-01 -o "$tmp/ev.csv" -q > /dev/null 2> "$tmp/err" || fail "evaluate: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "predict on the real data"
import csv, sys
from osgeo import ogr
ogr.UseExceptions()
d = sys.argv[1]
summ = list(csv.DictReader(open(f"{d}/sum.csv")))
assert len(summ) == 16, len(summ)
pais = [float(r["mean_pai"]) for r in summ]
chosen = [i for i, r in enumerate(summ) if r["chosen"] == "1"]
assert chosen == [pais.index(max(pais))], (chosen, pais)
ev = {r["test_period"]: r for r in csv.DictReader(open(f"{d}/ev.csv"))}
bt = list(csv.DictReader(open(f"{d}/bt.csv")))
assert len(bt) == 6 and bt[0]["test_month"] == "2024-08", bt
for r in bt:
    e = ev[r["test_month"]]
    assert abs(float(e["pai"]) - float(r["pai"])) <= 1e-5 * float(e["pai"]) and e["N"] == r["N"], (r, e)
    assert float(r["pai"]) > 2, r
ds = ogr.Open(f"{d}/zones.gpkg")
area = sum(f["area_m2"] for f in ds.GetLayer())
assert abs(area / 2500 - 0.05 * 72186) <= 1, area  # 72,186 cells of 50 m in the BCU (docs/evaluate.md)
PY
grep -q "^in 2025-02 itself (in the data): hit rate" "$tmp/out" || fail "no realised figures: $(cat "$tmp/out")"
realised=$(sed -n 's/^in 2025-02 itself.*PAI \([0-9.]*\)$/\1/p' "$tmp/out")
$py -c "import sys; sys.exit(0 if float('$realised') > 2 else 1)" || fail "February 2025: PAI $realised"
head -4 "$tmp/out"

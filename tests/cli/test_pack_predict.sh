#!/usr/bin/env bash
# predict in a pack: the pack gives every step its period, by default its month alone, and
# predict then had one month of incidents where its back-test needs --train-months +
# --test-months (exit 1, "too few months"). The period now names the last month of history:
# the zones are for the month after it, with the back-test reaching back before it, as
# evaluate's training windows do. The pack's zones equal the command's with --as-of the month
# after the pack's; a pack of an earlier month predicts the month after it.
source "$(dirname "$0")/lib.sh"
data=$(cd "$src" && pwd)/sample_data
month=$(sed -n 's/^month = "\([0-9-]*\)".*/\1/p' "$data/packs/sample.toml")
next=$(date -d "$month-01 +1 month" +%Y-%m)
layout=(--crs EPSG:27700 --date committed_from --date-to committed_to --type offence --id crime_ref)
cat > "$tmp/predict.toml" <<EOF2
month = "$month"
[inputs]
files = ["$data/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
date-to = "committed_to"
type = "offence"
id = "crime_ref"
[[theme]]
name = "burglary"
crime-type = ["burglary"]
[[step]]
run = "predict"
mask = "$data/areas/bcu.geojson"
cell = 100
half-lives = "14,28"
half-distances = "100,200"
EOF2
"$bin" pack "$tmp/predict.toml" -o "$tmp/out" -q > /dev/null 2> "$tmp/err" || fail "predict in a pack of its month failed: $(cat "$tmp/err")"
zones=$tmp/out/burglary/predict-summary.csv
[ -f "$zones" ] || fail "no predict-summary.csv: $(ls "$tmp/out/burglary")"
"$bin" predict "$data/police_export.csv" "${layout[@]}" --crime-type burglary --mask "$data/areas/bcu.geojson" --cell 100 \
  --half-lives 14,28 --half-distances 100,200 --as-of "$next" --summary "$tmp/cli.csv" --backtest "$tmp/cli-bt.csv" -o "$tmp/cli.tif" -q > /dev/null 2> "$tmp/err" \
  || fail "the predict command failed: $(cat "$tmp/err")"
cmp -s "$tmp/out/burglary/predict-backtest.csv" "$tmp/cli-bt.csv" || fail "the pack's back-test differs from the command's"
cmp -s "$zones" "$tmp/cli.csv" || fail "the pack's prediction differs from predict --as-of $next: $(diff "$zones" "$tmp/cli.csv" | head)"
grep -q "prediction for $next:" "$tmp/out/report.txt" || fail "the pack's zones are not for $next: $(head -3 "$tmp/out/report.txt")"
# The period recorded is the month predicted (the pack's period is the last month of history),
# in the manifest's step and in every output's metadata, the command's as the pack's; the
# months weighed run from the back-test's first training month (8 months before the pack's:
# 6 test months, each after 3 of training) to the pack's.
/usr/bin/python3 - "$tmp" "$month" "$next" << 'PY' || fail "the period recorded is not the month predicted"
import calendar, json, sys
tmp, month, nxt = sys.argv[1:]
def span(first, last):
    y, m = map(int, last.split("-"))
    return f"{first}-01 .. {last}-{calendar.monthrange(y, m)[1]:02d}"
y, m = map(int, month.split("-"))
k = y * 12 + m - 1 - 8
first = f"{k // 12:04d}-{k % 12 + 1:02d}"
step = json.load(open(f"{tmp}/out/manifest.json"))["steps"][0]
assert step["period"] == f"for {nxt}, from the incidents of {first} to {month}", step.get("period")
for meta in (f"{tmp}/out/burglary/predict-summary.csv.meta.json", f"{tmp}/cli.csv.meta.json"):
    got = json.load(open(meta))
    assert got["period"] == span(nxt, nxt), (meta, got["period"])
    assert got["history"] == span(first, month), (meta, got["history"])
    assert got["parameters"]["as_of"] == nxt, (meta, got["parameters"]["as_of"])
PY
# A pack of an earlier month: the zones are for the month after it, not after the data.
earlier=$(date -d "$month-01 -6 months" +%Y-%m)
after_earlier=$(date -d "$month-01 -5 months" +%Y-%m)
"$bin" pack "$tmp/predict.toml" --month "$earlier" -o "$tmp/old" -q > /dev/null 2> "$tmp/err" \
  || fail "predict in a pack of $earlier failed: $(cat "$tmp/err")"
grep -q "prediction for $after_earlier:" "$tmp/old/report.txt" || fail "the $earlier pack's zones are not for $after_earlier"
tail -1 "$tmp/old/burglary/predict-backtest.csv" | grep -q "^$earlier," || fail "the $earlier pack's back-test does not end with $earlier"
echo "ok"

#!/usr/bin/env bash
# report: the sample pack's front page leads (docs/report.md "Front page"): each theme's top
# hotspots with their label, incidents, the earlier period's incidents and class, the wards with
# a significant change and the board's lines, all recomputed independently from the pack's files
# (tests/cli/report_front_check.py: OGR overlaps, scipy's exact test), before the first map in
# the page and in the DOM headless Chromium renders. A pack whose earlier kde step is skipped,
# with no change or board step, says so in a line for each. Browser check skipped (saying so)
# without chromium; the whole test without /usr/bin/python3's GDAL and scipy.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
$py -c "import osgeo, scipy" 2> /dev/null || { echo "skipped: /usr/bin/python3 has no osgeo or scipy (apt-get install python3-gdal python3-scipy)"; exit 77; }
"$bin" pack sample_data/packs/sample.toml -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
dom=
chromium=$(command -v chromium || true)
if [ -n "$chromium" ]; then
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "file://$tmp/pack/report.html" \
    > "$tmp/dom.html" 2> /dev/null || fail "chromium could not load the report"
  dom=$tmp/dom.html
else
  echo "skipped the browser check: chromium is not installed (apt-get install chromium)"
fi
$py tests/cli/report_front_check.py "$tmp/pack" "$tmp/pack/report.html" $dom || fail "the sample pack's front page"
# The burglary lead names its top hotspot and the planted Queensway cluster's ward first on the board.
grep -q '<tr data-label="H1 Market Close, Queensway">' "$tmp/pack/report.html" || fail "burglary's top hotspot is not H1 Market Close, Queensway"

# Only what the steps made: the earlier kde skipped (no incidents in 2009), no change, no board.
S=$PWD/sample_data
cat > "$tmp/mini.toml" << TOML
title = "Mini"
month = "2024-12"
period = "last 3 months"
[inputs]
files = ["$S/police_export.csv"]
crs = "EPSG:27700"
date = "committed_from"
type = "offence"
location = "street"
[[theme]]
name = "robbery"
crime-type = ["robbery"]
[[step]]
run = "kde"
bandwidth = 300
cell = 50
[[step]]
run = "kde"
name = "kde-old"
period = "2009-01..2009-03"
bandwidth = 300
cell = 50
TOML
"$bin" pack "$tmp/mini.toml" -o "$tmp/mini" -q > /dev/null 2> "$tmp/err" || fail "mini pack: $(cat "$tmp/err")"
"$bin" report "$tmp/mini" -q > /dev/null 2> "$tmp/err" || fail "mini report: $(cat "$tmp/err")"
$py tests/cli/report_front_check.py "$tmp/mini" "$tmp/mini/report.html" || fail "the mini pack's front page"
for line in "No change or class: step kde-old (of an earlier period) was skipped: no incidents in 2009-01-01..2009-03-31" \
            "Change by area: no step of this theme makes them." "The partnership board's lines: no step of this theme makes them." ; do
  grep -qF "$line" "$tmp/mini/report.html" || fail "the mini pack's front page does not say: $line"
done
grep -q 'class="cls ' "$tmp/mini/report.html" && fail "a class without an earlier period"
echo "ok: front pages lead with what the steps made, and say what they did not"

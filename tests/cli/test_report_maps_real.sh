#!/usr/bin/env bash
# report's maps, slides and print on the real NW BCU pack (docs/packs/nwbcu.toml, June 2018):
# the checks of tests/cli/report_maps_check.py (at most two layers drawn by default, legends
# without a repeated colour, every ward named on every map, the busiest 50 of the thousands
# of repeat places, a burglary slide with its title block, a PDF inside its pages with maps
# that fill them) and the front page's leads (tests/cli/report_front_check.py). Skipped (77) without ../shared/data/real or chromium.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
real=../shared/data/real
[ -d "$real/crime" ] || { echo "skipped: $real is not there (real NW BCU data)"; exit 77; }
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "skipped: chromium is not installed (apt-get install chromium)"; exit 77; }
"$bin" pack docs/packs/nwbcu.toml -o "$tmp/pack" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
"$bin" report "$tmp/pack" -o "$tmp/report.html" --png "$tmp/slides" --pdf "$tmp/report.pdf" -q > /dev/null 2> "$tmp/err" \
  || fail "report: $(cat "$tmp/err")"
dump() { timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --window-size=$2 \
  --dump-dom "file://$tmp/report.html$1" > "$3" 2> /dev/null || fail "chromium could not load the report$1"; }
dump "" 1123,794 "$tmp/dom.html"
dump "#all-layers" 1123,794 "$tmp/all.html"
dump "#only=map-burglary" 1920,1080 "$tmp/slide.html"
wards=$($py -c "
import json, sys
j = json.load(open('$real/wards/wards_2018_nwbcu_bng_EPSG27700.geojson'))
print('\n'.join(sorted({f['properties']['NAME'] for f in j['features']})))")
mapfile -t names <<< "$wards"
[ "${#names[@]}" -ge 60 ] || fail "the ward names: ${#names[@]}"
$py tests/cli/report_maps_check.py "$tmp" burglary "April to June 2018" "${names[@]}" || fail "the maps, slides or print"
$py tests/cli/report_front_check.py "$tmp/pack" "$tmp/report.html" "$tmp/dom.html" || fail "the front page (issue 33)"
echo "report maps on the real pack: default layers, colours, ${#names[@]} ward names, repeat places, slide and print checked"

#!/usr/bin/env bash
# The real NW BCU pack (docs/packs/nwbcu.toml) on ../shared/data/real: every row of both
# inputs accounted for, every step on every theme, change tables that add up, and a QGIS
# project that opens with every layer inside the BCU. Skipped (77) without the data.
source "$(dirname "$0")/lib.sh"
cd "$src"
real=../shared/data/real
[ -d "$real/crime" ] || { echo "skipped: $real is not there (real NW BCU data)"; exit 77; }

"$bin" pack docs/packs/nwbcu.toml -o "$tmp/nwbcu" -q > "$tmp/report" 2> "$tmp/err" || fail "pack failed: $(cat "$tmp/err")"
# Every data row of both folders read (no row of these files spans two lines).
rows=0
for d in burglary_2010-12_to_2025-02_nwbcu api_street_level_2016-01_to_2018-06_nwbcu; do
  for f in "$real/crime/$d"/*.csv; do rows=$((rows + $(wc -l < "$f") - 1)); done
done
/usr/bin/python3 - "$tmp/nwbcu/manifest.json" "$rows" <<'PY' || fail "manifest check failed"
import json, sys
m = json.load(open(sys.argv[1]))
rows = sum(i["rows"] for i in m["inputs"])
assert rows == int(sys.argv[2]), f"manifest reads {rows} rows, the files have {sys.argv[2]}"
assert all(i["loaded"] + i["rejected"] == i["rows"] for i in m["inputs"])
assert len(m["steps"]) == 20, len(m["steps"])
assert {s["theme"] for s in m["steps"]} == {"burglary", "robbery", "violence", "asb", "weapons"}
assert all(len(f["sha256"]) == 64 for i in m["inputs"] for f in i["files"])
assert m["seconds"]["total"] > 0
print("manifest:", rows, "rows,", len(m["steps"]), "steps,", len(m["outputs"]), "outputs")
PY
# The ward table of each theme adds up to the theme's incidents in the two periods.
for theme in burglary robbery violence asb weapons; do
  f=$tmp/nwbcu/$theme/change-units.csv
  [ -s "$f" ] || fail "no change table for $theme"
  sums=$(awk -F, 'NR > 1 { b += $3; a += $4 } END { print b, a }' "$f")
  line=$(grep -A1 "== $theme / change ==" "$tmp/report" | tail -1)
  before=$(echo "$line" | sed -n 's/^all: \([0-9]*\) -> \([0-9]*\).*/\1 \2/p')
  [ "$sums" = "$before" ] || fail "$theme: wards add up to '$sums', the report says '$before'"
done
if /usr/bin/python3 -c 'import qgis.core' 2> /dev/null; then
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" /usr/bin/python3 "$src/tests/pack/check_qgz.py" "$tmp/nwbcu" \
    502000 175000 535000 202000 > "$tmp/qgis" 2>&1 || fail "QGIS check: $(grep -v '^Warning\|QStandardPaths' "$tmp/qgis")"
else
  echo "skipped the QGIS check: PyQGIS is not installed (apt-get install python3-qgis)"
fi
echo "ok"

#!/usr/bin/env bash
# The real NW BCU pack (docs/packs/nwbcu.toml) on ../shared/data/real: every row of both
# inputs accounted for, every step on every theme, change tables that add up, the board's
# wards equal to the change table's, a report that loads with its three trend charts, a
# published pack without small counts, and a QGIS project that opens with every layer inside
# the BCU. Skipped (77) without the data.
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
assert len(m["steps"]) == 28, len(m["steps"])  # 5 themes x (kde, kde-last-year, repeats, gistar, change) + 3 dashboards
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
# The dashboard's wards add up to the change step's wards over the same 3 months.
/usr/bin/python3 - "$tmp/nwbcu" <<'PY' || fail "board check failed"
import csv, sys
d = sys.argv[1]
for theme in ("burglary", "robbery", "violence"):
    board = list(csv.DictReader(open(f"{d}/{theme}/dashboard-board.csv")))
    change = {r["code"]: int(r["after"]) for r in csv.DictReader(open(f"{d}/{theme}/change-units.csv"))}
    key = [k for k in board[0] if k.endswith("_3m") and not k.endswith("before_3m")][0]
    got = {r["area_code"]: r[key] for r in board}
    assert len(got) == 63, len(got)
    for code, n in got.items():  # a ward with missing data has no 3-month figure
        assert n == "" or int(n) == change[code], (theme, code, n, change[code])
PY
# Its report, and the same pack published: no count from 1 to 4 in a ward table.
"$bin" report "$tmp/nwbcu" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
if command -v chromium > /dev/null; then
  timeout 180 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom \
    "file://$tmp/nwbcu/report.html" > "$tmp/dom.html" 2> /dev/null || fail "chromium could not load the report"
  grep -q '<body data-requests="0" data-ready="1">' "$tmp/dom.html" || fail "the report: $(grep -o '<body[^>]*>' "$tmp/dom.html")"
  [ "$(grep -o 'id="trend-[a-z]*"[^>]*data-lines="6"' "$tmp/dom.html" | wc -l)" -eq 3 ] || fail "three trend charts expected"
else
  echo "skipped the browser check of the report: chromium is not installed"
fi
"$bin" pack docs/packs/nwbcu.toml --publish -o "$tmp/public" -q > /dev/null 2> "$tmp/err" || fail "published pack: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/public" <<'PY' || fail "published ward tables"
import csv, glob, sys
for f in glob.glob(f"{sys.argv[1]}/*/change-units.csv") + glob.glob(f"{sys.argv[1]}/*/dashboard-board.csv"):
    for r in csv.DictReader(open(f)):
        # The board's count columns are keyed by the theme's types (burglary_3m), not selected_3m.
        keys = [k for k in r if k in ("before", "after") or (k.endswith(("_3m", "_12m", "_3m_before", "_12m_before"))
                                                             and not any(w in k for w in ("rate", "change", "rank")))]
        assert keys, (f, list(r))
        for k in keys:
            v = r.get(k)
            assert v in ("", "0", "<5", "x") or int(v) >= 5, (f, k, v)
PY
# Issue 26 #15: docs/pack.md says how many burglary hotspots the project opens with (it said
# 87; --min-incidents 2 leaves 73).
said=$(sed -n 's/.*burglary density map with its \([0-9]*\) hotspots.*/\1/p' "$src/docs/pack.md")
got=$(ogrinfo -ro -q "$tmp/nwbcu/pack.gpkg" -sql "SELECT COUNT(*) AS n FROM burglary_kde_hotspots" | sed -n 's/.*n (Integer) = //p')
[ -n "$said" ] && [ "$said" = "$got" ] || fail "docs/pack.md says $said burglary hotspots; the pack has $got"
if /usr/bin/python3 -c 'import qgis.core' 2> /dev/null; then
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" /usr/bin/python3 "$src/tests/pack/check_qgz.py" "$tmp/nwbcu" \
    502000 175000 535000 202000 > "$tmp/qgis" 2>&1 || fail "QGIS check: $(grep -v '^Warning\|QStandardPaths' "$tmp/qgis")"
else
  echo "skipped the QGIS check: PyQGIS is not installed (apt-get install python3-qgis)"
fi
echo "ok"

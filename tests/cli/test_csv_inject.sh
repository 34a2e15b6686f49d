#!/usr/bin/env bash
# Issue 25 route 10, spreadsheets: a street, ward or theme name such as =HYPERLINK(...) or
# @SUM(...) must not run as a formula when a CSV output is opened in Excel. With the payload
# data of inject_data.py, every CSV that map, gistar (its pre-formatted lines, also
# published), change, repeats, kde and dashboard (board, tidy, series) and a pack write is
# read back: no text field starts with =, +, -, @, a tab or a carriage return unless it is a
# plain number, the payloads are there with a leading ' (so the test reached them), and
# negative numbers (change's differences, Gi* z-scores) are written as they are (-3, not '-3).
# The dashboard's XLSX holds text cells only (shared strings, no formula), which a
# spreadsheet shows as text. The report reads the CSV back as the names were.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
d=$tmp/data
$py tests/cli/inject_data.py sample_data "$d" || fail "inject_data.py"
name() { $py -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$d/names.json" "$1"; }
inc=$d/$(name incidents)
wards=$d/$(name wards)
pop=$d/$(name population)
label=$(name command_label)
in=("$inc" --crs EPSG:27700 --date committed_from --date-to committed_to --type offence --id crime_ref --location street
    --areas "$wards,as=$label" -q)
# Dashboard themes named and keyed by formulas.
cat > "$d/formula-themes.toml" << 'EOF'
[[theme]]
name = "@SUM(1+1)"
key = "=HYPERLINK(\"http://127.0.0.1:9/x\";\"theme\")"
categories = ["burglary"]

[[theme]]
name = "-2+3"
key = "+cmd|' /C calc'!A0"
categories = ["violent-crime"]
EOF
o=$tmp/out
mkdir -p "$o"
run() {
  local what=$1
  shift
  "$bin" "$@" > /dev/null 2> "$tmp/err" || fail "$what: $(cat "$tmp/err")"
}
run map map "${in[@]}" -o "$o/map.csv" --summary "$o/summary.csv"
run gistar gistar "${in[@]}" --crime-type burglary --per "$label" -o "$o/gistar.csv"
run "gistar --publish" gistar "${in[@]}" --crime-type burglary --per "$label" -o "$o/gistar-published.csv" --publish
run change change "${in[@]}" --crime-type burglary --per "$label" --before 2023-01..2023-12 --after 2024-01..2024-12 \
  -o "$o/change.csv"
run repeats repeats "${in[@]}" --crime-type burglary --by location --csv "$o/repeats.csv"
run kde kde "${in[@]}" --crime-type burglary --bandwidth 300 --cell 50 -o "$o/k.tif" --hotspots "$o/hotspots.csv"
run dashboard dashboard "${in[@]}" --themes "$d/formula-themes.toml" --per "$label" --population "$pop" -o "$o/board.csv" \
  --tidy "$o/tidy.csv" --series "$o/series.csv" --report "$tmp/board.html"
run "dashboard xlsx" dashboard "${in[@]}" --themes "$d/formula-themes.toml" --per "$label" --population "$pop" \
  -o "$o/board.xlsx"
run pack pack "$d/pack.toml" -o "$o/pack" -q

$py - "$o" << 'EOF' || fail "a CSV cell would run as a formula"
import csv, glob, re, sys, zipfile
o = sys.argv[1]
number = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
files = sorted(glob.glob(f"{o}/*.csv") + glob.glob(f"{o}/pack/**/*.csv", recursive=True))
assert len(files) >= 15, files
neutralised, negative = {}, {}
for f in files:
    rows = list(csv.reader(open(f, newline="", encoding="utf-8")))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            where = f"{f[len(o) + 1:]} row {r} column {rows[0][c] if c < len(rows[0]) else c}"
            if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert number.fullmatch(v), (where, "would run as a formula", v)
                if v.startswith("-"):
                    negative.setdefault(f, []).append(v)
            if v.startswith("'") and re.match(r"'[=+\-@]", v):
                neutralised.setdefault(f, v)
    # Negative numbers are written bare: not quoted, no apostrophe.
    text = open(f, encoding="utf-8").read()
    assert not re.search(r"(^|,)\"?'-\d+(\.\d+)?\"?(,|$)", text, re.M), (f, "a negative number was neutralised")
def name(f):
    return f"{o}/{f}"
# The payloads reached the files, neutralised: streets and ward names, Gi*'s lines (also
# published), the board's theme names, the series' theme keys.
for f in ("map.csv", "summary.csv", "gistar.csv", "gistar-published.csv", "change.csv", "repeats.csv", "hotspots.csv",
          "board.csv", "tidy.csv", "series.csv"):
    assert name(f) in neutralised, (f, "no neutralised payload: the test did not reach it")
series = list(csv.DictReader(open(name("series.csv"), newline="", encoding="utf-8")))
assert {r["theme"] for r in series} == {"'=HYPERLINK(\"http://127.0.0.1:9/x\";\"theme\")", "'+cmd|' /C calc'!A0"}, \
    {r["theme"] for r in series}
board = list(csv.DictReader(open(name("board.csv"), newline="", encoding="utf-8")))
assert {r["theme_name"] for r in board} == {"'@SUM(1+1)", "'-2+3"}, {r["theme_name"] for r in board}
assert any(f.endswith("/pack/burglary/kde-hotspots.csv") for f in neutralised), "the pack's CSV"
# -3 stays -3: change's differences and Gi*'s z-scores hold negative numbers, written bare.
for f in ("change.csv", "gistar.csv"):
    assert name(f) in negative, (f, "no negative number to check")
assert any(re.fullmatch(r"-\d+", v) for v in negative[name("change.csv")]), "change.csv: no negative difference such as -3"
print("neutralised:", len(neutralised), "files; negative numbers kept, such as", negative[name("change.csv")][:3])
# The XLSX: text cells are shared strings, never formulas; the names as they are.
x = zipfile.ZipFile(name("board.xlsx"))
sheets = [n for n in x.namelist() if n.startswith("xl/worksheets/")]
assert sheets and not any(re.search(r"<f[ >]", x.read(n).decode()) for n in sheets), "a formula in the XLSX"
strings = x.read("xl/sharedStrings.xml").decode()
assert "<t>@SUM(1+1)</t>" in strings and "=HYPERLINK(" in strings, "the XLSX does not hold the names as text"
EOF
# The report reads the CSV back as the names were (HTML-escaped, not neutralised).
grep -q "<td>@SUM(1+1)</td>" "$tmp/board.html" || fail "the report's board does not show the theme's name as it is"
grep -q "'@SUM" "$tmp/board.html" && fail "the report shows the CSV's neutralising '"
echo "CSV: formulas neutralised with a leading ', numbers kept; XLSX: text cells only"

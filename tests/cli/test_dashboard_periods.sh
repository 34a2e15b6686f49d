#!/usr/bin/env bash
# dashboard --financial-year and --season (issue 28): the financial year to date against the
# same months a year earlier, and seasons' ISO-week counts against the same weeks of earlier
# years, checked against counts made here with Python's csv module, datetime.isocalendar and
# scipy's binomtest; a year's first month, a leap February and years before the data.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
inc=(sample_data/police_export.csv --crs EPSG:27700)
wards=(--areas sample_data/areas/wards.geojson,as=ward)
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Knife crime"
where = ["knife_enabled=Y"]

[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]
EOF
run() {  # NAME MONTH [options...]
  local name=$1 month=$2
  shift 2
  "$bin" dashboard "${inc[@]}" "${wards[@]}" --themes "$tmp/themes.toml" --month "$month" \
    --population sample_data/ward_population.csv -o "$tmp/$name.csv" "$@" -q > /dev/null 2> "$tmp/err" ||
    fail "dashboard $name: $(cat "$tmp/err")"
}
run fy 2024-12 --financial-year --season summer=W22-W35 --season winter=12-01..01-31 --season-years 2 --weekly "$tmp/weekly.csv"
run leap 2024-02 --financial-year
run calendar 2024-03 --financial-year --year-start 1
"$bin" map "${inc[@]}" "${wards[@]}" -o "$tmp/mapped.csv" -q || fail "map"

$py - "$tmp" << 'EOF' || fail "the financial year to date differs from the reference"
import csv, sys, collections, datetime
from scipy.stats import binomtest
tmp = sys.argv[1]
ward = {r["id"]: r["ward_code"] for r in csv.DictReader(open(f"{tmp}/mapped.csv"))}
rules = {"knife-crime": lambda r: r["knife_enabled"] == "Y",
         "residential-burglary": lambda r: r["offence"] == "Burglary - residential"}
n = collections.Counter()
for r in csv.DictReader(open("sample_data/police_export.csv")):
    w = ward.get(r["crime_ref"], "")
    for t, rule in rules.items():
        if w and rule(r):
            n[(w, t, r["committed_from"][:7])] += 1
def months(a, b):
    y, m = map(int, a.split("-")); out = []
    while f"{y:04d}-{m:02d}" <= b:
        out.append(f"{y:04d}-{m:02d}"); m += 1
        if m == 13: y, m = y + 1, 1
    return out
def days(a, b):
    y1, m1 = map(int, a.split("-")); y2, m2 = map(int, b.split("-"))
    end = datetime.date(y2 + (m2 == 12), m2 % 12 + 1, 1)
    return (end - datetime.date(y1, m1, 1)).days
pop = {r["code"]: float(r["population"]) for r in csv.DictReader(open("sample_data/ward_population.csv"))}
def check(name, now, before, before_in_data):
    rows = list(csv.DictReader(open(f"{tmp}/{name}.csv")))
    assert len(rows) == 42, len(rows)
    for r in rows:
        key = (r["area_code"], r["theme"])
        assert (r["fytd_from"], r["fytd_to"]) == now, (name, r["fytd_from"], r["fytd_to"])
        a = sum(n[key + (m,)] for m in months(*now))
        assert int(r["count_fytd"]) == a, (name, key, r["count_fytd"], a)
        assert abs(float(r["rate_fytd"]) - a / pop[r["area_code"]] * 1000) < 1e-9
        if not before_in_data:
            assert r["count_fytd_before"] == "" and r["p_fytd"] == "", (name, key)
            continue
        b = sum(n[key + (m,)] for m in months(*before))
        assert int(r["count_fytd_before"]) == b, (name, key, r["count_fytd_before"], b)
        if a + b:
            p = binomtest(a, a + b, days(*now) / (days(*now) + days(*before))).pvalue
            assert abs(float(r["p_fytd"]) - p) < 1e-9 * max(1, p), (name, key, r["p_fytd"], p)
        if b:
            assert abs(float(r["change_fytd_pct"]) - 100 * (a - b) / b) < 1e-9
check("fy", ("2024-04", "2024-12"), ("2023-04", "2023-12"), True)
check("leap", ("2023-04", "2024-02"), ("2022-04", "2023-02"), False)  # a year earlier is before the data
check("calendar", ("2024-01", "2024-03"), ("2023-01", "2023-03"), True)  # 91 days (29 February) against 90
EOF

$py - "$tmp" << 'EOF' || fail "the seasons' weeks differ from the reference"
import csv, sys, collections, datetime
tmp = sys.argv[1]
ward = {r["id"]: r["ward_code"] for r in csv.DictReader(open(f"{tmp}/mapped.csv"))}
rules = {"knife-crime": lambda r: r["knife_enabled"] == "Y",
         "residential-burglary": lambda r: r["offence"] == "Burglary - residential"}
n = collections.Counter()
for r in csv.DictReader(open("sample_data/police_export.csv")):
    w = ward.get(r["crime_ref"], "")
    y, wk, _ = datetime.date.fromisoformat(r["committed_from"][:10]).isocalendar()
    for t, rule in rules.items():
        if w and rule(r):
            n[(w, t, f"{y:04d}-W{wk:02d}")] += 1
rows = list(csv.DictReader(open(f"{tmp}/weekly.csv")))
first, last = datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)
weeks = collections.defaultdict(set)
counted = 0
for r in rows:
    y, w = int(r["week"][:4]), int(r["week"][6:])
    monday = datetime.date.fromisocalendar(y, w, 1)
    assert r["week_start"] == monday.isoformat() and r["week_end"] == (monday + datetime.timedelta(6)).isoformat(), r
    weeks[(r["season"], int(r["years_before"]))].add(r["week"])
    if monday < first:
        assert r["count"] == "" and r["missing"] == "before the data", r
    elif monday + datetime.timedelta(6) > last:
        assert r["count"] == "" and r["missing"] == "after the month", r
    else:
        assert int(r["count"]) == n[(r["area_code"], r["theme"], r["week"])], (r, n[(r["area_code"], r["theme"], r["week"])])
        counted += 1
assert counted > 1000, counted
# The summer of 2024 is ISO weeks 22-35; the same weeks of 2023 and 2022.
assert weeks[("summer", 0)] == {f"2024-W{w:02d}" for w in range(22, 36)}, sorted(weeks[("summer", 0)])
assert weeks[("summer", 1)] == {f"2023-W{w:02d}" for w in range(22, 36)}
assert ("summer", 3) not in weeks  # --season-years 2
# Winter from 1 December 2024 (a Sunday: week 48) to 31 January 2025 (week 5): the season of
# 2024, this one, runs past the month and is left empty there.
assert weeks[("winter", 0)] == {"2024-W48", "2024-W49", "2024-W50", "2024-W51", "2024-W52"} | \
    {f"2025-W{w:02d}" for w in range(1, 6)}, sorted(weeks[("winter", 0)])
assert weeks[("winter", 1)] == {f"2023-W{w:02d}" for w in range(48, 53)} | {f"2024-W{w:02d}" for w in range(1, 6)}
EOF

# A pack's dashboard step: the same year to date and weeks as the command.
board_pack "$tmp/pack.toml" << EOF
themes = "$tmp/themes.toml"
population = "$src/sample_data/ward_population.csv"
financial-year = true
season = ["summer=W22-W35", "winter=12-01..01-31"]
season-years = 2
EOF
"$bin" pack "$tmp/pack.toml" -o "$tmp/packout" > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "the pack's periods differ from the command's"
import csv, sys
tmp = sys.argv[1]
pack = {r["area_code"]: r for r in csv.DictReader(open(f"{tmp}/packout/board/dashboard-board.csv"))}
for r in csv.DictReader(open(f"{tmp}/fy.csv")):
    p = pack[r["area_code"]]
    assert p[r["theme"] + "_fytd"] == r["count_fytd"] and p[r["theme"] + "_fytd_before"] == r["count_fytd_before"], r["area_code"]
a = open(f"{tmp}/packout/board/dashboard-weekly.csv").read()
b = open(f"{tmp}/weekly.csv").read()
assert a == b, (len(a), len(b))
EOF

# Mistakes stop before reading.
"$bin" dashboard "${inc[@]}" "${wards[@]}" --season summer=W22 --weekly "$tmp/w.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "W22-W35" "$tmp/err" || fail "bad --season: $(cat "$tmp/err")"
"$bin" dashboard "${inc[@]}" "${wards[@]}" --season summer=W22-W35 -o "$tmp/x.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "give --weekly" "$tmp/err" || fail "--season without --weekly: $(cat "$tmp/err")"
"$bin" dashboard "${inc[@]}" "${wards[@]}" --year-start 13 --financial-year -o "$tmp/x.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--year-start 13: $(cat "$tmp/err")"
echo ok

#!/usr/bin/env bash
# dashboard on the sample: figures checked against a count made here from the mapped incidents;
# incidents and the count table made from them give the same dashboard; --within narrows the
# areas; every output format opens; bad options stop before reading.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
wards=(--areas sample_data/areas/wards.geojson,as=ward --areas sample_data/areas/boroughs.geojson,as=borough)
inc=(sample_data/police_export.csv --crs EPSG:27700)
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]
minor = ["Burglary - residential"]

[[theme]]
name = "Violence with injury"
types = ["Assault ABH"]
minor = ["Assault ABH"]
EOF

"$bin" dashboard "${inc[@]}" "${wards[@]}" --per ward --themes "$tmp/themes.toml" --month 2024-12 \
  --population sample_data/ward_population.csv -o "$tmp/inc.csv" --tidy "$tmp/tidy.csv" --series "$tmp/series.csv" \
  > "$tmp/out" 2> "$tmp/err" || fail "dashboard on incidents: $(cat "$tmp/err")"
grep -q "Residential burglary (rank 1 = lowest rate)" "$tmp/out" || fail "no printed table: $(head "$tmp/out")"

# An independent count: each incident's ward from map, months from its start.
"$bin" map "${inc[@]}" --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/mapped.csv" -q || fail "map"
$py - "$tmp" << 'EOF' || fail "figures differ from the independent count"
import csv, sys, collections
tmp = sys.argv[1]
count = collections.Counter()
for r in csv.DictReader(open(f"{tmp}/mapped.csv")):
    count[(r["ward_code"], r["crime_type"], r["date_from"][:7])] += 1
def window(code, t, months):
    return sum(count[(code, t, m)] for m in months)
def months(a, b):
    y, m = map(int, a.split("-")); out = []
    while f"{y:04d}-{m:02d}" <= b:
        out.append(f"{y:04d}-{m:02d}"); m += 1
        if m == 13: y, m = y + 1, 1
    return out
pop = {r["code"]: float(r["population"]) for r in csv.DictReader(open("sample_data/ward_population.csv"))}
types = {"residential-burglary": "Burglary - residential", "violence-with-injury": "Assault ABH"}
rows = list(csv.DictReader(open(f"{tmp}/inc.csv")))
assert len(rows) == 21 * 2, len(rows)
rates = collections.defaultdict(dict)
for r in rows:
    t = types[r["theme"]]
    c = r["area_code"]
    expect = {"count_month": window(c, t, ["2024-12"]),
              "count_3m": window(c, t, months("2024-10", "2024-12")),
              "count_3m_before": window(c, t, months("2023-10", "2023-12")),
              "count_12m": window(c, t, months("2024-01", "2024-12")),
              "count_12m_before": window(c, t, months("2023-01", "2023-12"))}
    for k, v in expect.items():
        assert int(r[k]) == v, (c, r["theme"], k, r[k], v)
    rate = expect["count_12m"] / pop[c] * 1000
    assert abs(float(r["rate_12m"]) - rate) < 1e-9 * max(1, rate), (c, r["rate_12m"], rate)
    rates[r["theme"]][c] = (rate, int(r["rank_12m"]))
# Ranks: 1 + the number of wards with a lower rate (ties share).
for theme, by in rates.items():
    for c, (rate, rank) in by.items():
        assert rank == 1 + sum(1 for o, (x, _) in by.items() if x < rate), (theme, c, rank)
# The tidy table has the same counts; the series sums to the 12 months.
tidy = {(r["area_code"], r["theme"], r["period"]): r for r in csv.DictReader(open(f"{tmp}/tidy.csv"))}
series = collections.Counter()
for r in csv.DictReader(open(f"{tmp}/series.csv")):
    if "2024-01" <= r["month"] <= "2024-12":
        series[(r["area_code"], r["theme"])] += int(r["count"])
for r in rows:
    assert int(float(tidy[(r["area_code"], r["theme"], "12m")]["count"])) == int(r["count_12m"])
    assert series[(r["area_code"], r["theme"])] == int(r["count_12m"])
EOF

# Planted truth: the ward of the planted burglary hot spot (H3) has the highest burglary rate.
h3=$(awk -F, '$1 == "H3" {print $3 "," $4}' sample_data/truth/hotspots.csv)
printf 'easting,northing,date\n%s,2024-01\n' "$h3" > "$tmp/h3.csv"
"$bin" map "$tmp/h3.csv" --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward -o "$tmp/h3_ward.csv" -q ||
  fail "map the planted point"
ward=$($py -c "import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))['ward_code'])" "$tmp/h3_ward.csv")
grep -q "^$ward,[^,]*,,residential-burglary,.*" "$tmp/inc.csv" || fail "no row for the planted ward $ward"
$py - "$tmp/inc.csv" "$ward" << 'EOF' || fail "the planted burglary ward is not ranked highest"
import csv, sys
r = next(r for r in csv.DictReader(open(sys.argv[1])) if r["area_code"] == sys.argv[2] and r["theme"] == "residential-burglary")
assert r["rank_12m"] == "21" and r["rank_12m_of"] == "21", (r["rank_12m"], r["rank_12m_of"])
EOF

# The same counts as a long table: the same dashboard.
$py - "$tmp" << 'EOF' || fail "cannot make the count table"
import csv, sys, collections
tmp = sys.argv[1]
n = collections.Counter(); names = {}
for r in csv.DictReader(open(f"{tmp}/mapped.csv")):
    if r["ward_code"]:
        n[(r["ward_code"], r["crime_type"], r["date_from"][:7])] += 1
        names[r["ward_code"]] = r["ward_name"]
with open(f"{tmp}/long.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["area_code", "area_name", "category", "month", "count"])
    for (code, t, m), c in sorted(n.items()):
        w.writerow([code, names[code], t, m, c])
EOF
"$bin" dashboard "$tmp/long.csv" --themes "$tmp/themes.toml" --month 2024-12 --population sample_data/ward_population.csv \
  -o "$tmp/table.csv" -q > /dev/null 2> "$tmp/err" || fail "dashboard on the count table: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "incidents and their count table give different dashboards"
import csv, sys
tmp = sys.argv[1]
skip = {"group"}
def load(p):
    return {(r["area_code"], r["theme"]): {k: v for k, v in r.items() if k not in skip} for r in csv.DictReader(open(p))}
a, b = load(f"{tmp}/inc.csv"), load(f"{tmp}/table.csv")
assert a.keys() == b.keys(), (len(a), len(b))
for k in a:
    for col in a[k]:
        assert a[k][col] == b[k][col], (k, col, a[k][col], b[k][col])
EOF

# The wards' own population field gives the same rates as the population table.
"$bin" dashboard "${inc[@]}" "${wards[@]}" --per ward --themes "$tmp/themes.toml" --month 2024-12 \
  --population-field population -o "$tmp/field.csv" -q > /dev/null || fail "dashboard --population-field"
$py - "$tmp" << 'EOF' || fail "--population-field and --population differ"
import csv, sys
a = {(r["area_code"], r["theme"]): r["rate_12m"] for r in csv.DictReader(open(f"{sys.argv[1]}/inc.csv"))}
b = {(r["area_code"], r["theme"]): r["rate_12m"] for r in csv.DictReader(open(f"{sys.argv[1]}/field.csv"))}
assert a == b and all(a.values())
EOF

# --within: the borough's 7 wards, ranked among all 21 and among the 7.
"$bin" dashboard "${inc[@]}" "${wards[@]}" --per ward --themes "$tmp/themes.toml" --month 2024-12 --within Z09000001 \
  -o "$tmp/within.csv" -q > /dev/null || fail "dashboard --within"
$py - "$tmp" << 'EOF' || fail "--within"
import csv, sys
rows = list(csv.DictReader(open(f"{sys.argv[1]}/within.csv")))
assert len(rows) == 7 * 2, len(rows)
assert all(r["rank_12m_of"] == "21" and r["rank_within_12m_of"] == "7" for r in rows)
assert all(1 <= int(r["rank_within_12m"]) <= 7 for r in rows)
EOF

# Every format opens; the map layer has one feature per ward and a style beside it.
for f in board.xlsx board.gpkg board.geojson; do
  "$bin" dashboard "${inc[@]}" "${wards[@]}" --per ward --themes "$tmp/themes.toml" --month 2024-12 -o "$tmp/$f" -q \
    > /dev/null || fail "dashboard -o $f"
  n=$(ogrinfo -ro -al -so "$tmp/$f" 2> /dev/null | sed -n '/^Layer name: layer_styles/q; s/^Feature Count: //p')
  [ "$n" = 21 ] || [ "$f" = board.xlsx -a "$n" = 42 ] || fail "$f holds $n features"
done
[ -s "$tmp/board.qml" ] && grep -q graduatedSymbol "$tmp/board.qml" || fail "no choropleth style beside board.geojson"
ogrinfo -ro -q "$tmp/board.gpkg" -sql "SELECT styleQML FROM layer_styles WHERE useAsDefault" > "$tmp/inside.txt"
grep -q graduatedSymbol "$tmp/inside.txt" || fail "no choropleth style inside board.gpkg"

# A pack step: each pack theme's incidents are its one theme; the same figures as the command.
{ echo 'month = "2024-12"'
  sample_inputs 'date = "committed_from"' 'date-to = "committed_to"' 'type = "offence"'
  cat << EOF
[[theme]]
name = "burglary"
crime-type = ["Burglary - residential"]
[[step]]
run = "dashboard"
period = "last 24 months"
per = "ward"
population = "$src/sample_data/ward_population.csv"
EOF
} > "$tmp/pack.toml"
"$bin" pack "$tmp/pack.toml" -o "$tmp/packout" > /dev/null 2> "$tmp/err" || fail "pack with a dashboard step: $(cat "$tmp/err")"
# Issue 26 #14: the pack's month is the dashboard's reporting month, not "not given".
grep -q "month not given" "$tmp/err" && fail "the pack month was not the dashboard's: $(grep 'month not given' "$tmp/err")"
"$bin" dashboard "${inc[@]}" --areas sample_data/areas/wards.geojson,as=ward --crime-type "Burglary - residential" \
  --date committed_from --date-to committed_to --type offence --from 2023-01 --to 2024-12 --month 2024-12 \
  --population sample_data/ward_population.csv -o "$tmp/cmd.csv" -q > /dev/null 2>&1 || fail "the same as a command"
$py - "$tmp" << 'EOF' || fail "the pack's dashboard differs from the command's"
import csv, sys
tmp = sys.argv[1]
# The pack writes the map layout (one row per ward, the theme's figures as columns).
pack_cols = ["area_code", "burglary-residential_3m", "burglary-residential_3m_before", "burglary-residential_12m",
            "burglary-residential_12m_before", "burglary-residential_rate_12m", "burglary-residential_rank_12m"]
cols = ["area_code", "count_3m", "count_3m_before", "count_12m", "count_12m_before", "rate_12m", "rank_12m"]
a = [[r[c] for c in pack_cols] for r in csv.DictReader(open(f"{tmp}/packout/burglary/dashboard-board.csv"))]
b = [[r[c] for c in cols] for r in csv.DictReader(open(f"{tmp}/cmd.csv"))]
assert len(a) == 21 and a == b, (len(a), len(b), a[:2], b[:2])
EOF

# Mistakes stop before reading, with exit 2.
"$bin" dashboard "${inc[@]}" "${wards[@]}" --month 2024-13 -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "YYYY-MM" "$tmp/err" || fail "bad --month: $(cat "$tmp/err")"
"$bin" dashboard "${inc[@]}" --month 2024-12 -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "need --areas" "$tmp/err" || fail "incidents without areas: $(cat "$tmp/err")"
"$bin" dashboard "$tmp/long.csv" --within Nowhere -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "Nowhere" "$tmp/err" || fail "unknown --within: $(cat "$tmp/err")"
"$bin" dashboard "$tmp/long.csv" --themes boards -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "did you mean board" "$tmp/err" || fail "--themes boards: $(cat "$tmp/err")"
"$bin" dashboard "$tmp/long.csv" --from 2024-01 -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "follow from --month" "$tmp/err" || fail "--from with a count table: $(cat "$tmp/err")"
echo ok

#!/usr/bin/env bash
# dashboard --targets and --compare-with on the sample (issue 28): each line's red/amber/green
# status follows the rule of docs/dashboard.md (checked here from the board's own figures), a
# ward's own target wins over the theme's "*" one, and a ward's rank among its group of wards
# is by rate (every ward has residents), equal to a count made here.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
cat > "$tmp/themes.toml" << 'EOF'
[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]

[[theme]]
name = "Violence with injury"
types = ["Assault ABH"]
EOF
cat > "$tmp/targets.csv" << 'EOF'
theme,area,change,level
residential-burglary,*,-5,
violence-with-injury,*,0,
residential-burglary,Z05000003,,60
EOF
cat > "$tmp/msg.csv" << 'EOF'
area,peer,group
Z05000001,Z05000002,
Z05000001,Z05000003,
Z05000001,Z05000004,
Z05000001,Z05000005,
EOF
args=(sample_data/police_export.csv --crs EPSG:27700 --areas sample_data/areas/wards.geojson,as=ward --themes "$tmp/themes.toml"
      --month 2024-12 --population sample_data/ward_population.csv)
"$bin" dashboard "${args[@]}" --targets "$tmp/targets.csv" --amber-margin 10 --compare-with "$tmp/msg.csv" \
  -o "$tmp/board.csv" -q > /dev/null 2> "$tmp/err" || fail "dashboard --targets: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "targets or group ranks differ from the rule"
import csv, sys, collections
tmp = sys.argv[1]
rows = list(csv.DictReader(open(f"{tmp}/board.csv")))
status = collections.Counter()
for r in rows:
    if r["theme"] == "residential-burglary" and r["area_code"] == "Z05000003":
        n = int(r["count_12m"])
        want = "green" if n <= 60 else "amber" if n <= 66 else "red"
        assert r["target"] == "60 in 12 months", r["target"]
    else:
        t = -5 if r["theme"] == "residential-burglary" else 0
        c = float(r["change_12m_pct"])
        want = "green" if c <= t else "amber" if c <= t + 10 else "red"
    assert r["target_status"] == want, (r["area_code"], r["theme"], r["target_status"], want, r["target_rule"])
    status[want] += 1
assert len(status) >= 2, status  # the test sees more than one colour
pop = {r["code"]: float(r["population"]) for r in csv.DictReader(open("sample_data/ward_population.csv"))}
members = ["Z05000001", "Z05000002", "Z05000003", "Z05000004", "Z05000005"]
by = {(r["area_code"], r["theme"]): r for r in rows}
for theme in ("residential-burglary", "violence-with-injury"):
    r = by[("Z05000001", theme)]
    assert r["compare_group"] == "most similar group of Z05000001" and r["rank_group_basis"] == "rate"
    for span in ("3m", "12m"):
        rate = {m: int(by[(m, theme)][f"count_{span}"]) / pop[m] for m in members}
        want = 1 + sum(1 for m in members if rate[m] < rate["Z05000001"])
        assert int(r[f"rank_group_{span}"]) == want and r[f"rank_group_{span}_of"] == "5", (theme, span, r[f"rank_group_{span}"], want)
    assert by[("Z05000002", theme)]["rank_group_12m"] == ""  # no group of its own
EOF
# In a pack: the map layout's columns, and the report's board table shows them.
board_pack "$tmp/pack.toml" << EOF
themes = "$tmp/themes.toml"
population = "$src/sample_data/ward_population.csv"
financial-year = true
targets = "$tmp/targets.csv"
amber-margin = 10
compare-with = "$tmp/msg.csv"
EOF
"$bin" pack "$tmp/pack.toml" -o "$tmp/packout" -q > /dev/null 2> "$tmp/err" || fail "pack: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "the pack's board differs from the command's"
import csv, sys
tmp = sys.argv[1]
pack = {r["area_code"]: r for r in csv.DictReader(open(f"{tmp}/packout/board/dashboard-board.csv"))}
for r in csv.DictReader(open(f"{tmp}/board.csv")):
    p = pack[r["area_code"]]
    assert p[r["theme"] + "_target_status"] == r["target_status"], (r["area_code"], r["theme"])
    assert p[r["theme"] + "_rank_group_12m"] == r["rank_group_12m"], (r["area_code"], r["theme"])
EOF
"$bin" report "$tmp/packout" -o "$tmp/report.html" -q > /dev/null 2>&1 || fail "report"
for c in fytd change_fytd_pct rank_group_12m target_status; do
  grep -q "<th>$c</th>" "$tmp/report.html" || fail "the report's board table has no $c"
done

printf 'theme,area,change\nburglary-resi,*,-5\n' > "$tmp/bad.csv"
"$bin" dashboard "${args[@]}" --targets "$tmp/bad.csv" -o "$tmp/x.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "row 1: no theme 'burglary-resi'" "$tmp/err" || fail "unknown theme: $(cat "$tmp/err")"
printf 'area,peer\nZ05000001,Nowhere\n' > "$tmp/badmsg.csv"
"$bin" dashboard "${args[@]}" --compare-with "$tmp/badmsg.csv" -o "$tmp/y.csv" -q > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "'Nowhere' (a peer of Z05000001) is no area" "$tmp/err" || fail "unknown peer: $(cat "$tmp/err")"
[ -e "$tmp/y.csv" ] && fail "a partial board was left"
echo ok

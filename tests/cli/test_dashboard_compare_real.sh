#!/usr/bin/env bash
# Real data (skipped, exit 77, without ../shared/data/real): --compare-with ranks Barnet, Brent
# and Harrow among groups of similar boroughs from the MPS borough table, each rank equal to a
# hand count made here from the table (1 + the group's boroughs with fewer crimes).
source "$(dirname "$0")/lib.sh"
real=$src/../shared/data/real
table=$real/crime/mps_recorded_crime_aggregates/mps_borough_recorded_crime_monthly_2010-04_to_2024-02_london_all.csv
if [ ! -f "$table" ]; then
  echo "skipped: real data not found at $real"; exit 77
fi
py=/usr/bin/python3
# Groups of the kind the boards use (outer boroughs of similar size and mix; the test needs
# groups, not the Home Office's own list).
cat > "$tmp/msg.csv" << 'EOF'
area,peer,group
Barnet,Bromley,Barnet MSG
Barnet,Croydon,Barnet MSG
Barnet,Ealing,Barnet MSG
Barnet,Enfield,Barnet MSG
Barnet,Hillingdon,Barnet MSG
Barnet,Hounslow,Barnet MSG
Barnet,Redbridge,Barnet MSG
Brent,Ealing,Brent MSG
Brent,Haringey,Brent MSG
Brent,Newham,Brent MSG
Brent,Waltham Forest,Brent MSG
Harrow,Bexley,Harrow MSG
Harrow,Kingston upon Thames,Harrow MSG
Harrow,Sutton,Harrow MSG
Harrow,Richmond upon Thames,Harrow MSG
EOF
"$bin" dashboard "$table" --month 2021-11 --within Barnet,Brent,Harrow --compare-with "$tmp/msg.csv" -o "$tmp/board.csv" -q \
  > /dev/null 2> "$tmp/err" || fail "dashboard --compare-with: $(cat "$tmp/err")"
$py - "$table" "$tmp" << 'EOF' || fail "group ranks differ from the hand count"
import csv, sys, collections
table, tmp = sys.argv[1], sys.argv[2]
minor = {"residential-burglary": {"RES BURGLARY OF A HOME", "RES BURGLARY OF UNCONNECTED BUILDING", "DOMESTIC BURGLARY",
                                  "BURGLARY - RESIDENTIAL"},
         "personal-robbery": {"ROBBERY OF PERSONAL PROPERTY"}}
months = {"3m": ["202109", "202110", "202111"], "12m": [f"2020{m:02d}" for m in (12,)] + [f"2021{m:02d}" for m in range(1, 12)]}
n = collections.Counter()
for r in csv.DictReader(open(table)):
    for theme, texts in minor.items():
        if r["minortext"].strip().upper() in texts:
            for span, ms in months.items():
                n[(r["boroughname"].strip(), theme, span)] += sum(int(r[m]) for m in ms)
groups = collections.defaultdict(list)
for r in csv.DictReader(open(f"{tmp}/msg.csv")):
    groups[r["area"]].append(r["peer"])
checked = 0
for r in csv.DictReader(open(f"{tmp}/board.csv")):
    if r["theme"] not in minor:
        continue
    members = [r["area_name"]] + groups[r["area_name"]]
    assert r["compare_group"] == r["area_name"] + " MSG" and r["rank_group_basis"] == "count", r["compare_group"]
    for span in ("3m", "12m"):
        mine = n[(r["area_name"], r["theme"], span)]
        want = 1 + sum(1 for m in members if n[(m, r["theme"], span)] < mine)
        assert int(r[f"rank_group_{span}"]) == want and int(r[f"rank_group_{span}_of"]) == len(members), \
            (r["area_name"], r["theme"], span, r[f"rank_group_{span}"], want)
        checked += 1
assert checked == 3 * 2 * 2, checked
EOF
echo ok

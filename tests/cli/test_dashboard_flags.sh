#!/usr/bin/env bash
# dashboard flag themes (issue 28): themes selecting incidents by the export's flag columns
# (knife_enabled, domestic) give the counts of a plain CSV filter, alone, with types and with
# --where; a pack's dashboard step takes the same themes file; a misspelt flag value is named.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
inc=(sample_data/police_export.csv --crs EPSG:27700)
wards=(--areas sample_data/areas/wards.geojson,as=ward)
cat > "$tmp/flags.toml" << 'EOF'
[[theme]]
name = "Knife crime"
where = ["knife_enabled=Y"]

[[theme]]
name = "Knife crime with injury"
types = ["Assault ABH"]
where = ["knife_enabled=Y"]

[[theme]]
name = "DA VWI"
types = ["Assault ABH"]
where = ["domestic=Y"]

[[theme]]
name = "Domestic abuse"
where = ["domestic=Y"]

[[theme]]
name = "Residential burglary"
types = ["Burglary - residential"]
EOF

"$bin" dashboard "${inc[@]}" "${wards[@]}" --themes "$tmp/flags.toml" --month 2024-12 -o "$tmp/board.csv" \
  > "$tmp/out" 2> "$tmp/err" || fail "dashboard with flag themes: $(cat "$tmp/err")"
"$bin" dashboard "${inc[@]}" "${wards[@]}" --themes "$tmp/flags.toml" --month 2024-12 --where domestic=Y \
  -o "$tmp/domestic.csv" -q > /dev/null 2> "$tmp/err" || fail "flag themes with --where: $(cat "$tmp/err")"
# Each incident's ward, from map; the flags from the export itself, read with the csv module.
"$bin" map "${inc[@]}" "${wards[@]}" -o "$tmp/mapped.csv" -q || fail "map"
$py - "$tmp" << 'EOF' || fail "flag themes' counts differ from a plain CSV filter"
import csv, sys, collections
tmp = sys.argv[1]
ward = {r["id"]: r["ward_code"] for r in csv.DictReader(open(f"{tmp}/mapped.csv"))}
rules = {
    "knife-crime": lambda r: r["knife_enabled"] == "Y",
    "knife-crime-with-injury": lambda r: r["knife_enabled"] == "Y" and r["offence"] == "Assault ABH",
    "da-vwi": lambda r: r["domestic"] == "Y" and r["offence"] == "Assault ABH",
    "domestic-abuse": lambda r: r["domestic"] == "Y",
    "residential-burglary": lambda r: r["offence"] == "Burglary - residential",
}
windows = {"count_month": ("2024-12", "2024-12"), "count_3m": ("2024-10", "2024-12"),
           "count_3m_before": ("2023-10", "2023-12"), "count_12m": ("2024-01", "2024-12"),
           "count_12m_before": ("2023-01", "2023-12")}
rows = list(csv.DictReader(open("sample_data/police_export.csv")))
def expected(extra):
    n = collections.Counter()
    for r in rows:
        w = ward.get(r["crime_ref"], "")
        if not w or not extra(r):
            continue
        for theme, rule in rules.items():
            if rule(r):
                for col, (a, b) in windows.items():
                    if a <= r["committed_from"][:7] <= b:
                        n[(w, theme, col)] += 1
    return n
def check(path, extra):
    n = expected(extra)
    got = list(csv.DictReader(open(path)))
    # A theme nothing matches is left out (with --where domestic=Y, residential burglary).
    themes = {t for (_, t, _) in n}
    assert {r["theme"] for r in got} == themes, ({r["theme"] for r in got}, themes)
    assert len(got) == 21 * len(themes), len(got)
    for r in got:
        for col in windows:
            assert int(r[col]) == n[(r["area_code"], r["theme"], col)], (path, r["area_code"], r["theme"], col, r[col])
    return sum(int(r["count_12m"]) for r in got if r["theme"] == "knife-crime")
knife = check(f"{tmp}/board.csv", lambda r: True)
both = check(f"{tmp}/domestic.csv", lambda r: r["domestic"] == "Y")
assert 0 < both < knife, (both, knife)
EOF

# A pack's dashboard step takes the themes file: the same figures as the command.
board_pack "$tmp/pack.toml" << EOF
per = "ward"
themes = "$tmp/flags.toml"
EOF
"$bin" pack "$tmp/pack.toml" -o "$tmp/packout" > /dev/null 2> "$tmp/err" || fail "pack with flag themes: $(cat "$tmp/err")"
$py - "$tmp" << 'EOF' || fail "the pack's flag themes differ from the command's"
import csv, sys
tmp = sys.argv[1]
pack = {r["area_code"]: r for r in csv.DictReader(open(f"{tmp}/packout/board/dashboard-board.csv"))}
n = 0
for r in csv.DictReader(open(f"{tmp}/board.csv")):
    for p in ("3m", "3m_before", "12m", "12m_before"):
        assert pack[r["area_code"]][f"{r['theme']}_{p}"] == r[f"count_{p}"], (r["area_code"], r["theme"], p)
        n += 1
assert n == 21 * 5 * 4, n
EOF

# The shipped example reads and gives every one of its themes on the sample.
"$bin" dashboard "${inc[@]}" "${wards[@]}" --themes docs/board-themes.toml --month 2024-12 -o "$tmp/shipped.csv" -q \
  > /dev/null 2> "$tmp/err" || fail "docs/board-themes.toml: $(cat "$tmp/err")"
[ "$(cut -d, -f4 "$tmp/shipped.csv" | sort -u | grep -vc '^theme$')" = 8 ] || fail "docs/board-themes.toml: not 8 themes"

# A flag value the column does not hold is named with the values it does hold; a theme
# condition on a column the export lacks stops the run naming it.
printf '[[theme]]\nname = "Knife"\nwhere = ["knife_enabled=Yes"]\n[[theme]]\nname = "B"\ntypes = ["Burglary - residential"]\n' \
  > "$tmp/misspelt.toml"
"$bin" dashboard "${inc[@]}" "${wards[@]}" --themes "$tmp/misspelt.toml" -o "$tmp/m.csv" > /dev/null 2> "$tmp/err" ||
  fail "a theme matching nothing is left out, not an error: $(cat "$tmp/err")"
grep -q "theme 'Knife': nothing in the data matches.*'knife_enabled=Yes': its column holds 'N' ([0-9]*), 'Y'" "$tmp/err" ||
  fail "misspelt flag value: $(cat "$tmp/err")"
printf '[[theme]]\nname = "Gun"\nwhere = ["gun_discharge=Y"]\n' > "$tmp/nocolumn.toml"
"$bin" dashboard "${inc[@]}" "${wards[@]}" --themes "$tmp/nocolumn.toml" -o "$tmp/n.csv" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "gun_discharge=Y: there is no column 'gun_discharge'" "$tmp/err" || fail "no column: $(cat "$tmp/err")"
[ -e "$tmp/n.csv" ] && fail "a partial board was left"
echo ok

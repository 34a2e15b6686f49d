#!/usr/bin/env bash
# A step known only to the registry (tests/cli/probe_main.cpp adds "probe" with add_step) is a
# command with --help, is listed by docs --commands (the smoke test's list), gets an options
# section from docs --write, runs as a pack step, appears in the pack's report under its
# declared title, and is published by its columns' roles: its oddly named count column is
# suppressed, its small bucket numbers (identifiers) are not.
# Usage: probe_step.sh PROBE_BINARY SOURCE_DIR
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
"$bin" docs --commands > "$tmp/commands"
grep -qx probe "$tmp/commands" || fail "docs --commands does not list the probe step"
"$bin" --help > "$tmp/all" 2>&1
grep -q "^  probe " "$tmp/all" || fail "hotspots --help does not list probe: $(cat "$tmp/all")"
"$bin" probe --help > "$tmp/help" || fail "probe --help"
grep -q -- '--output' "$tmp/help" && grep -q -- '--publish' "$tmp/help" && grep -q -- '--crime-type' "$tmp/help" \
  || fail "probe --help lacks its own, the common or the front-end's options: $(cat "$tmp/help")"

# The docs: stale without a section; --write adds one; then current.
cp docs/commands.md docs/pack.md "$tmp/"
"$bin" docs --check "$tmp/commands.md" --check "$tmp/pack.md" > /dev/null 2> "$tmp/err" && fail "the docs check passed without a probe section"
grep -q "options:probe" "$tmp/err" || fail "the docs check does not name the missing section: $(cat "$tmp/err")"
"$bin" docs --write "$tmp/commands.md" --write "$tmp/pack.md" 2> /dev/null
grep -q '<!-- options:probe -->' "$tmp/commands.md" && grep -q '### hotspots probe' "$tmp/commands.md" \
  || fail "docs --write added no probe section"
"$bin" docs --check "$tmp/commands.md" --check "$tmp/pack.md" 2> "$tmp/err" || fail "docs still stale: $(cat "$tmp/err")"
"$bin" docs --schema > "$tmp/schema.json"
grep -q '"const": "probe"' "$tmp/schema.json" || fail "the pack schema has no probe step"

# A pack step, and its report.
cat > "$tmp/pack.toml" << TOML
month = "2024-12"
period = "last 12 months"
[inputs]
files = ["$PWD/sample_data/police_export.csv"]
crs = "EPSG:27700"
[[theme]]
name = "all"
[[step]]
run = "probe"
TOML
"$bin" pack "$tmp/pack.toml" -o "$tmp/pk" -q > "$tmp/out" 2> "$tmp/err" || fail "the pack with a probe step: $(cat "$tmp/err")"
grep -q "categories" "$tmp/out" || fail "the pack's summary lacks the probe's: $(cat "$tmp/out")"
[ -s "$tmp/pk/all/probe-tallies.csv" ] || fail "no all/probe-tallies.csv: $(ls -R "$tmp/pk")"
"$bin" report "$tmp/pk" -q > /dev/null 2> "$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q "<h3>Probe tallies</h3>" "$tmp/pk/report.html" || fail "the report does not list the probe's table"

# Published by role: 1..4 hidden in the count column whatever its name; buckets kept.
"$bin" probe sample_data/police_export.csv --crs EPSG:27700 --from 2024-12 --to 2024-12 -o "$tmp/open.csv" -q > /dev/null \
  || fail "probe"
"$bin" probe sample_data/police_export.csv --crs EPSG:27700 --from 2024-12 --to 2024-12 -o "$tmp/pub.csv" --publish -q \
  > /dev/null 2> "$tmp/err" || fail "probe --publish: $(cat "$tmp/err")"
$py - "$tmp" << 'PY' || fail "the probe's published table"
import csv, sys
d = sys.argv[1]
open_rows = list(csv.DictReader(open(f"{d}/open.csv")))
pub = list(csv.DictReader(open(f"{d}/pub.csv")))
small = [r for r in open_rows if 1 <= int(r["tally_of_things"]) < 5]
assert small, "the test needs a category with 1-4 incidents in the month: %s" % open_rows
assert [r["bucket"] for r in pub] == [r["bucket"] for r in open_rows], "bucket ids changed"
assert any(int(r["bucket"]) < 5 for r in pub), pub
for o, p in zip(open_rows, pub):
    if 1 <= int(o["tally_of_things"]) < 5:
        assert p["tally_of_things"] == "<5" and p["share_of_all"] == "", (o, p)
    else:
        assert p["tally_of_things"] in (o["tally_of_things"], "x"), (o, p)
PY
echo "probe step: known to the CLI, the docs, the pack, the report and publishing from the registry alone"

#!/usr/bin/env bash
# The smoke test of every command, from the registry (hotspots docs --commands): each answers
# --help and has a section in docs/commands.md.
source "$(dirname "$0")/lib.sh"
cd "$src"
mapfile -t commands < <("$bin" docs --commands)
[ "${#commands[@]}" -ge 18 ] || fail "docs --commands lists ${#commands[@]} commands: ${commands[*]}"
for c in "${commands[@]}"; do
  "$bin" "$c" --help > "$tmp/help" 2>&1 || fail "$c --help: exit $?: $(cat "$tmp/help")"
  grep -q -- "--help" "$tmp/help" || fail "$c --help printed no options"
  grep -q "hotspots $c\b" docs/commands.md || fail "docs/commands.md has no section for hotspots $c"
done
echo "ok: ${#commands[@]} commands answer --help and have a section in docs/commands.md"

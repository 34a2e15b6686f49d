#!/usr/bin/env bash
# Issue 26 item 7: a disk filling while chromium writes report --pdf or --png gave exit 0 and
# "wrote": the PDF cut short (no %%EOF), the PNGs of 0 bytes. Now each file chromium writes is
# checked before anything is moved into place, and a failure leaves nothing: not the PDF, not
# the PNGs, not the HTML written with them. Needs to mount a small tmpfs (root) and chromium;
# skipped (77) without them.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/chromium ] || { echo "skipped: chromium is not installed"; exit 77; }
disk=$tmp/disk
mkdir -p "$disk"
if ! mount -t tmpfs -o size=2000k tmpfs "$disk" 2> /dev/null; then
  echo "skipped: cannot mount a small tmpfs here (needs root)"; exit 77
fi
trap 'umount "$disk" 2> /dev/null; rm -rf "$tmp"' EXIT
"$bin" pack "$src/sample_data/packs/sample.toml" -o "$tmp/pack" -q > /dev/null 2>&1 || fail "the sample pack"
# The report's HTML (1.4 MB) fits; the PDF (1.2 MB) or the four PNGs (1 MB) with it do not.
full() {  # full WHAT ARGS...: report must fail for lack of space and leave the disk empty
  local what=$1
  shift
  "$bin" report "$tmp/pack" -o "$disk/r.html" "$@" -q > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  [ $rc -eq 1 ] || fail "$what: exit $rc on a full disk: $(cat "$tmp/out" "$tmp/err")"
  grep -q "disk full" "$tmp/err" || fail "$what: no word of the full disk: $(cat "$tmp/err")"
  grep -q "^wrote" "$tmp/out" && fail "$what: said it wrote: $(cat "$tmp/out")"
  [ -z "$(ls -A "$disk")" ] || fail "$what: left $(ls -A "$disk")"
  return 0
}
full "--pdf" --pdf "$disk/r.pdf"
full "--png" --png "$disk/maps"
# With room, the same run writes whole files.
umount "$disk"
mount -t tmpfs -o size=20m tmpfs "$disk" || fail "mount"
"$bin" report "$tmp/pack" -o "$disk/r.html" --pdf "$disk/r.pdf" --png "$disk/maps" -q > /dev/null 2> "$tmp/err" ||
  fail "report with room: $(cat "$tmp/err")"
tail -c 1024 "$disk/r.pdf" | grep -q '%%EOF' || fail "the PDF has no %%EOF"
for p in "$disk"/maps/*.png; do
  [ "$(tail -c 4 "$p" | od -An -tx1 | tr -d ' \n')" = "ae426082" ] ||
    fail "$p does not end with IEND"
done
echo ok

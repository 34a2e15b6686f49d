#!/usr/bin/env bash
# Every command's outputs are the same under a German locale (decimal comma, other collation
# and dates) as under C: the golden hashes must match with hotspots run in de_DE.UTF-8. The
# locale is compiled into the temporary folder (no root needed); skipped without the
# `locales` package's definitions.
source "$(dirname "$0")/lib.sh"
if ! command -v localedef >/dev/null || [ ! -e /usr/share/i18n/locales/de_DE ]; then
  echo "skipped: no de_DE locale definition (install the locales package)"
  exit 77
fi
localedef -i de_DE -f UTF-8 "$tmp/de_DE.UTF-8" 2>/dev/null || [ -d "$tmp/de_DE.UTF-8" ] || fail "localedef failed"
export LOCPATH=$tmp
# The locale really is in force: printf writes a decimal comma.
[ "$(LC_ALL=de_DE.UTF-8 /usr/bin/printf '%.1f' 1.5)" = "1,5" ] || fail "de_DE.UTF-8 is not in force"
HOTSPOTS_LOCALE=de_DE.UTF-8 bash "$src/tests/golden/run.sh" "$bin" "$src" || fail "outputs differ under de_DE.UTF-8"
echo "ok: outputs under de_DE.UTF-8 equal the golden ones"

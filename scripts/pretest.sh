#!/usr/bin/env bash
# Runs first in `npm test`: the browser tests need Chromium, the XLSX and PDF checks LibreOffice and
# pdftoppm. When one is missing, install it if we may (root with apt-get), else stop at once with the
# command to run, instead of letting the tests fail one by one.
set -euo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

# fonts-dejavu-core: the browser and LibreOffice need one font to lay out text the tests measure.
packages=("${missing[@]}" fonts-dejavu-core)
command_line="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"

if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "pretest: installing ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  if [ "$chromium" != /usr/bin/chromium ] && [ ! -x "$chromium" ]; then
    echo "pretest: CHROMIUM_PATH=$chromium is not an executable; unset it to use /usr/bin/chromium" >&2
    exit 1
  fi
  exit 0
fi

echo "pretest: the tests need ${missing[*]}, which this machine lacks. Install them, as root:" >&2
echo "  $command_line" >&2
if [ "$chromium" != /usr/bin/chromium ]; then
  echo "  (or point CHROMIUM_PATH, now $chromium, at a Chromium executable)" >&2
fi
exit 1

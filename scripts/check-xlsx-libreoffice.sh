#!/usr/bin/env bash
# Exports the demo matrix to XLSX and has LibreOffice (headless) convert it to CSV (every sheet)
# and PDF; fails if LibreOffice cannot read the file. Keeps the results for a look:
#   scripts/check-xlsx-libreoffice.sh [OUT_DIR]      (default: a temp folder, printed)
# Needs LibreOffice Calc: apt-get install -y --no-install-recommends libreoffice-calc-nogui
set -euo pipefail
cd "$(dirname "$0")/.."

office=$(command -v soffice || command -v libreoffice || true)
if [ -z "$office" ]; then
  echo "LibreOffice is not installed (apt-get install -y --no-install-recommends libreoffice-calc-nogui)" >&2
  exit 2
fi
out=${1:-$(mktemp -d -t stance-grid-xlsx-XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
profile=$(mktemp -d -t stance-grid-lo-profile-XXXXXX)
trap 'rm -rf "$profile"' EXIT

OUT="$out" npx --no-install tsx -e '
import fs from "node:fs";
import * as Y from "yjs";
import { loadDemoData } from "./server/seed.ts";
import { applyDemoData } from "./shared/demo.ts";
import { readMatrix } from "./shared/matrix.ts";
import { exportXlsx } from "./shared/exports/xlsx.ts";
const doc = new Y.Doc();
applyDemoData(doc, loadDemoData());
exportXlsx(readMatrix(doc)).then((bytes) => fs.writeFileSync(process.env.OUT + "/demo.xlsx", bytes));
'

convert() {
  "$office" "-env:UserInstallation=file://$profile" --headless --convert-to "$1" --outdir "$out" "$out/demo.xlsx" >/dev/null 2>&1
}
convert 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
convert pdf

for f in demo-Matrix.csv demo-Sources.csv demo.pdf; do
  if [ ! -s "$out/$f" ]; then
    echo "FAIL: LibreOffice did not produce $f from demo.xlsx" >&2
    exit 1
  fi
done
head -c 5 "$out/demo.pdf" | grep -q '%PDF-' || { echo "FAIL: demo.pdf is not a PDF" >&2; exit 1; }
grep -q '+3 Demands / Proposes' "$out/demo-Matrix.csv" || { echo "FAIL: the Matrix sheet lost its stance texts" >&2; exit 1; }
echo "OK: LibreOffice read demo.xlsx ($(($(wc -l < "$out/demo-Sources.csv") - 1)) source lines); files in $out"

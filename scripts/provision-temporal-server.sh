#!/usr/bin/env bash
# Builds the real Temporal server (the one a production cluster runs) and its SQL schema tool from
# the Go module proxy into .tools/temporal-server, and copies the PostgreSQL schema files of the
# same module version next to them. Used by `npm run start:cluster` and `npm run test:cluster`.
# Nothing here is committed: .tools is gitignored.
# Re-running is cheap: a stamp file with the pinned versions short-circuits a complete install.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_SERVER_VERSION="v1.32.2"   # go.temporal.io/server
GO_TOOLCHAIN="go1.27.3"             # the toolchain that module version builds with
DEST="${KLACHTFLOW_TEMPORAL_SERVER_DIR:-.tools/temporal-server}"
STAMP="$DEST/.klachtflow-pins"
WANT="server=$TEMPORAL_SERVER_VERSION toolchain=$GO_TOOLCHAIN"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$DEST/bin/temporal-server" \
      && -x "$DEST/bin/temporal-sql-tool" && -d "$DEST/schema/postgresql/v12" ]]; then
  echo "temporal server present in $DEST ($WANT)"
  exit 0
fi

if ! command -v go >/dev/null; then
  echo "provision-temporal-server: Go is needed to build the Temporal server from the Go module proxy" >&2
  exit 1
fi

mkdir -p "$DEST/bin"
BIN="$(cd "$DEST/bin" && pwd)"
echo "building go.temporal.io/server@$TEMPORAL_SERVER_VERSION (takes a few minutes)"
# `nice`: the build saturates every core; let everything else on the machine go first.
GOTOOLCHAIN="$GO_TOOLCHAIN" GOBIN="$BIN" nice -n 10 go install \
  "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
  "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
mv -f "$BIN/server" "$BIN/temporal-server"
mv -f "$BIN/sql" "$BIN/temporal-sql-tool"

# The versioned schema files ship inside the module; take them from the module cache.
MODDIR="$(GOTOOLCHAIN="$GO_TOOLCHAIN" go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
rm -rf "$DEST/schema"
mkdir -p "$DEST/schema"
cp -R "$MODDIR/schema/postgresql" "$DEST/schema/"
chmod -R u+w "$DEST/schema"

echo "$WANT" > "$STAMP"
echo "installed: $BIN/temporal-server $BIN/temporal-sql-tool, schemas in $DEST/schema/postgresql"

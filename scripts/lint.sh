#!/usr/bin/env bash
# The habits `make test` checks before pytest (issue 12): lint, format, the layers, and for the
# packages that are clean of them, types (mypy) and sizes (scripts/check_sizes.py).
# `scripts/lint.sh --all` checks types and sizes in every package (what is left to clean).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# What is held to each habit: packages, or folders / modules inside one. A part joins its list
# once it is clean (CONTRIBUTING.md, "Habits"); when every package is in both, the lists go
# and --all is the default.
TYPED=(adapters activities cli workflows workers/web annual_report/extract annual_report/rules)
SIZED=(adapters activities cli workers/web annual_report/extract annual_report/rules)

fail=0
run() { printf '\033[1m[lint]\033[0m %s\n' "$*" >&2; "$@" || fail=1; }
run .venv/bin/ruff check --quiet .
run .venv/bin/ruff format --check --quiet .
run .venv/bin/lint-imports --no-cache
if [ "${1:-}" = "--all" ]; then
  run .venv/bin/mypy
  run .venv/bin/python scripts/check_sizes.py
else
  # Imported packages are read for their types, but only the listed ones report errors.
  run .venv/bin/mypy --follow-imports=silent "${TYPED[@]}"
  run .venv/bin/python scripts/check_sizes.py "${SIZED[@]}"
fi
exit $fail

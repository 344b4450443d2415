#!/usr/bin/env bash
# The habits `make test` checks first (issue 12): lint, format, the layers, types (mypy, config in
# pyproject.toml) and sizes (scripts/check_sizes.py) of every package. Every package is clean of
# them since the helpers' merges; keep it so (CONTRIBUTING.md, "Habits").
#   scripts/lint.sh          all of it
#   scripts/lint.sh --fast   all but mypy (≈ 2 s; mypy on a fresh checkout takes 15–20 s of CPU)
#   scripts/lint.sh --types  mypy only
# (`--all`, from when only the clean packages were checked by default, is accepted and the same.)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mode=${1:-all}
fail=0
failed=()
# Every step runs (one report shows everything to fix); the last line says whether any failed,
# so a failure early in the output is not mistaken for success by reading the tail.
run() { printf '\033[1m[lint]\033[0m %s\n' "$*" >&2; "$@" || { fail=1; failed+=("${1##*/} ${2:-}"); }; }
if [ "$mode" != "--types" ]; then
  run .venv/bin/ruff check --quiet .
  run .venv/bin/ruff format --check --quiet .
  run .venv/bin/lint-imports --no-cache
  run .venv/bin/python scripts/check_sizes.py
fi
if [ "$mode" != "--fast" ]; then
  run .venv/bin/mypy
fi
if [ "$fail" -ne 0 ]; then
  printf '\033[1m[lint]\033[0m FAILED: %s\n' "$(IFS=,; echo "${failed[*]}")" >&2
else
  printf '\033[1m[lint]\033[0m all clean\n' >&2
fi
exit $fail

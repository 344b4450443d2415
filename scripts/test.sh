#!/usr/bin/env bash
# The whole test suite. pytest exit 5 (no tests collected) is a failure here, like any other.
# The fast habits (ruff, format, layers, sizes) gate the run; mypy runs beside pytest (its cold
# start on a fresh checkout is CPU the tests' waits on servers leave free) and fails the run at
# the end if it found anything.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/lint.sh --fast || { echo "lint failed (scripts/lint.sh): fix it before the tests run" >&2; exit 1; }
mkdir -p test-artifacts
bash scripts/lint.sh --types > test-artifacts/mypy.log 2>&1 &
types=$!
.venv/bin/pytest -q -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; rc=1; fi
if ! wait $types; then
  cat test-artifacts/mypy.log >&2
  echo "mypy failed (scripts/lint.sh --types; output above and in test-artifacts/mypy.log)" >&2
  [ $rc -eq 0 ] && rc=1
fi
exit $rc

#!/usr/bin/env bash
# The whole test suite. pytest exit 5 (no tests collected) is a failure here, like any other.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/lint.sh || { echo "lint failed (scripts/lint.sh): fix it before the tests run" >&2; exit 1; }
mkdir -p test-artifacts
.venv/bin/pytest -q -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi
exit $rc

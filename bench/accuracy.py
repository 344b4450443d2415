"""Accuracy of `intake check` on generated reports in every layout family (issue 13).

    .venv/bin/python bench/accuracy.py [--n 1000] [--family web,layout] [--seed 1] [--workers 2]

A benchmark, not a test: prints per-family kind/cell accuracy, per-rule precision and recall
and the worst cases; writes bench/out/accuracy/summary.json and every failing file (with a
.json of its truth and what the checker printed) beside it. See accuracy/ and bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accuracy.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())

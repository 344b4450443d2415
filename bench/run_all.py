"""Run every benchmark in turn (`make bench`); each prints its own figures and ratios."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

for script in ("bench_text.py", "bench_pdf_docx.py", "bench_check_cli.py", "bench_pipeline.py"):
    print(f"== {script}", flush=True)
    code = subprocess.call([sys.executable, str(HERE / script)])
    if code:
        sys.exit(code)

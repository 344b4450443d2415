"""Throughput of `check_bytes` on the seed text files, on one core, against a baseline.

The baseline is the least any text check must do: decode the bytes and split the lines.
Run: .venv/bin/python bench/bench_text.py [seconds]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from annual_report.check import check_bytes
from annual_report.extract import extract_report
from annual_report.readers.text import read_text

SEEDS = Path(os.environ.get("SEEDS", Path(__file__).resolve().parents[1].parent / "shared" / "seeds"))


def rate(fn, datas: list[bytes], seconds: float) -> float:
    for d in datas:  # warm-up: imports, regex compilation, caches
        fn(d)
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for d in datas:
            fn(d)
        n += len(datas)
    return n / (time.perf_counter() - start)


def baseline(data: bytes) -> int:
    return len(data.decode("utf-8", errors="replace").splitlines())


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    datas = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    full = rate(lambda d: check_bytes(d, "bench.txt"), datas, seconds)
    extract = rate(lambda d: extract_report(read_text(d)), datas, seconds)
    base = rate(baseline, datas, seconds)
    print(f"seeds: {len(datas)} files, {sum(map(len, datas)) // len(datas)} bytes on average")
    print(f"check_bytes (sniff+read+extract+classify+rules): {full:,.0f} files/s")
    print(f"read_text + extract_report only:                 {extract:,.0f} files/s")
    print(f"baseline (decode + splitlines):                  {base:,.0f} files/s")
    print(f"ratio: check is {base / full:,.0f}x the baseline's cost")


if __name__ == "__main__":
    main()

"""`make accuracy`: generate N cases, check each with `check_bytes` (what `intake check --json`
prints) in a process pool, score them, print the tables, write the summary JSON and the
failing files.

    .venv/bin/python bench/accuracy.py [--n 1000] [--family web,layout] [--seed 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from accuracy.model import FAMILIES
from accuracy.summary import Summary

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "accuracy"


def case_seed(base: int, i: int) -> int:
    return base * 1_000_000 + i


def run_one(seed: int, family: str) -> tuple[dict, bytes | None, str, dict]:
    """Generate, render, check and score one case (runs in a pool worker)."""
    from accuracy.generate import make_case
    from accuracy.render import render
    from accuracy.score import score
    from annual_report.check import check_bytes

    case = make_case(seed, family)
    data, ext = render(case)
    result = check_bytes(data, f"{case.name}.{ext}").contract()
    s = score(case, result)
    truth = {"kind": case.truth.kind, "year": case.truth.year, "template": case.truth.template,
             "organization": case.truth.organization, "expected": [e.describe() for e in case.truth.expected],
             "notes": case.truth.notes, "render": case.render}
    detail = {"truth": truth, "result": result}
    return asdict(s) | {"passed": s.passed, "errors": s.errors}, (None if s.passed else data), ext, detail


def plan(n: int, families: list[str], base: int) -> list[tuple[int, str]]:
    return [(case_seed(base, i), families[i % len(families)]) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="accuracy of intake check on generated reports")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--family", default="", help=f"comma-separated subset of {','.join(FAMILIES)}")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    families = [f for f in args.family.split(",") if f] or list(FAMILIES)
    bad = [f for f in families if f not in FAMILIES]
    if bad:
        ap.error(f"unknown family {bad}; choose from {FAMILIES}")
    jobs = plan(args.n, families, args.seed)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    started = time.perf_counter()
    summary = Summary()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = pool.map(run_one, *zip(*jobs), chunksize=4)
        for k, (score, data, ext, detail) in enumerate(results, 1):
            summary.add(score)
            if data is not None:
                (args.out / f"{score['name']}.{ext}").write_bytes(data)
                (args.out / f"{score['name']}.json").write_text(
                    json.dumps({"score": score, **detail}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            if k % 100 == 0:
                print(f"  {k}/{len(jobs)} checked ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(summary.render(args.worst, elapsed))
    data = summary.to_json() | {"n": args.n, "family_filter": families, "seed": args.seed, "seconds": round(elapsed, 1)}
    (args.out / "summary.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsummary: {args.out / 'summary.json'}; failing files beside it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`make accuracy`: generate N cases, check each with `check_bytes` (what `intake check --json`
prints) in a process pool, score them, print the tables, write the summary JSON and the
failing files.

    .venv/bin/python bench/accuracy.py [--n 1000] [--family web,layout] [--seed 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from accuracy.model import FAMILIES
from accuracy.summary import Summary

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "accuracy"
OUTPUT_SUFFIXES = {".json", ".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".mht"}


def case_seed(base: int, i: int) -> int:
    return base * 1_000_000 + i


def run_one(seed: int, family: str) -> tuple[dict, bytes | None, str, dict]:
    """Generate, render, check and score one case (runs in a pool worker)."""
    from accuracy.generate import make_case

    return run_case(make_case(seed, family))


def run_case(case) -> tuple[dict, bytes | None, str, dict]:
    """Render, check and score one generated case."""
    from accuracy.render import render
    from accuracy.score import score
    from annual_report.check import check_bytes

    data, ext = render(case)
    result = check_bytes(data, f"{case.name}.{ext}").contract()
    s = score(case, result)
    truth = {
        "kind": case.truth.kind,
        "year": case.truth.year,
        "template": case.truth.template,
        "organization": case.truth.organization,
        "expected": [e.describe() for e in case.truth.expected],
        "notes": case.truth.notes,
        "render": case.render,
    }
    detail = {"truth": truth, "result": result}
    row = asdict(s) | {"passed": s.passed, "errors": s.errors, "variant": variant(case)}
    return row, (None if s.passed else data), ext, detail


def variant(case) -> str:
    """The one rendering choice of a family that matters most to a reader, for the by-variant table."""
    st = case.render.get("style", {})
    if case.family == "lookalike":
        return str(case.render.get("lookalike"))
    if case.family == "pdf_word":  # the page and borders drawn by accuracy/word_styles.py
        page = st.get("word_page", "template")
        if st.get("word_lost"):
            return "template (the drawn set-up lost rows)"
        return page if page == "template" else f"{page}, borders {st.get('word_borders', 'drawn')}"
    if case.family == "pdf_print":
        return ("layout table" if st.get("layout") else "no layout table") + (", header and footer" if st.get("print_header") else "")
    if case.family.startswith("pdf"):
        valign = st.get("valign", "center")
        return (
            f"rules={st.get('rules')}"
            + (", numbers left" if st.get("align") == "left" else "")
            + (f", cells {valign}" if valign != "center" else "")
        )
    if case.family == "docx":
        return f"merge={st.get('merge')}"
    if case.family == "drawn":
        return f"{st.get('chars')}, " + (f"grid, labels wrapped at {st.get('label_width')}" if st.get("grid") else "frame")
    if case.family == "html":
        return (
            f"merge={st.get('merge')}"
            + (", layout table" if st.get("layout") else "")
            + (", mht" if st.get("archive") else "")
            + (", word export" if st.get("word") else "")
        )
    if case.family == "cells":
        return "tab" if st.get("tab") else "no tab"
    if case.family == "markdown":
        return "merged repeated" if st.get("repeat_merged") else "merged once"
    if case.family == "layout":
        return "labels wrapped at <= 16 cols" if st.get("label", 99) <= 16 else "labels wrapped at >= 20 cols"
    if case.family == "stream":
        return f"{st.get('sep')}, blanks {st.get('empty')}"
    if case.family == "web":
        return f"separator {st.get('separator')}"
    return ""


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
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.iterdir():  # the previous run's files only: never a directory tree
        if old.is_file() and old.suffix in OUTPUT_SUFFIXES:
            old.unlink()
    started = time.perf_counter()
    summary = Summary()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = pool.map(run_one, *zip(*jobs, strict=True), chunksize=4)
        for k, (score, data, ext, detail) in enumerate(results, 1):
            summary.add(score)
            if data is not None:
                (args.out / f"{score['name']}.{ext}").write_bytes(data)
                (args.out / f"{score['name']}.json").write_text(
                    json.dumps({"score": score, **detail}, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
                )
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

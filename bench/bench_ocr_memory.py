"""Where an OCR worker's memory goes: resident memory per stage of reading one scan.

`.venv/bin/python bench/bench_ocr_memory.py [--report huaian_city_2024] [--dpi 200]
[--variants plain,trim,arena2,det1600]`

One fresh process per variant (memory is a property of a process's history), reading the
scan of the report's table pages (bench_ocr.py's pages and degradation). Stages, in
order: imports; the three onnxruntime sessions loaded; then per page of the scan: render,
straighten, detect, rules, recognise, tables. For each stage: RSS after it and the stage's
own peak (the kernel's high-water mark, VmHWM, reset before the stage through
/proc/self/clear_refs), and for the page image stages the bytes numpy/Python allocated
(tracemalloc's peak; onnxruntime's own buffers are native and not seen by it).

Variants (each changes only the process, never the reader):
* plain: no memory handed back between pages (the OCR worker before 2 December 2026);
* trim: glibc `malloc_trim(0)` after every page, as `reader.run_pages` now does
  (`engine.release_freed_memory`);
* arena2: `MALLOC_ARENA_MAX=2` (glibc keeps one malloc arena per thread by default: the
  onnxruntime worker threads each keep their freed blocks);
* det1600: text detection on the page scaled to at most 1600 pixels on its long side
  (rapidocr's own bound is 2000; a 200 dpi A4 page is 2339 high). Changes the reading:
  its cells are measured by bench_ocr.py, not here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "real-reports"
VARIANTS = ("plain", "trim", "arena2", "det1600")


def _status(field: str) -> float:
    """A /proc/self/status field in MB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


class Stages:
    """RSS after each stage and its own peak."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def run(self, name: str, fn, *args):
        _reset_peak()
        tracemalloc.reset_peak()
        t0 = time.perf_counter()
        out = fn(*args)
        seconds = time.perf_counter() - t0
        _, py_peak = tracemalloc.get_traced_memory()
        self.rows.append({"stage": name, "rss": _status("VmRSS"), "peak": _status("VmHWM"), "py_peak": py_peak / 2**20, "s": seconds})
        return out


def scan_of(report: str) -> bytes:
    from dataclasses import replace

    from bench.bench_ocr import TABLE_PAGES
    from tests.unit.scan_fixtures import HARSH, scanned

    text_pdf = (REAL / f"{report}.pdf").read_bytes()
    return scanned(text_pdf, replace(HARSH, seed=1), TABLE_PAGES[report])


def read_one_scan(report: str, dpi: int, variant: str) -> list[dict]:
    """This process: read every page of the report's scan stage by stage."""

    stages = Stages()
    scan = scan_of(report)  # made before the clock: a worker receives the file
    tracemalloc.start()
    stages.rows.append({"stage": "imports + scan file", "rss": _status("VmRSS"), "peak": _status("VmHWM"), "py_peak": 0.0, "s": 0.0})
    from annual_report.readers.ocr import engine

    stages.run("models loaded (det, cls, rec sessions)", engine.engine)
    if variant == "det1600":
        engine.engine().max_side_len = 1600
    import pypdfium2 as pdfium

    from annual_report.readers.ocr.render import render_pdf_pages

    count = len(pdfium.PdfDocument(scan))
    pages = render_pdf_pages(scan, list(range(1, count + 1)), dpi)
    for n in range(1, count + 1):
        image = stages.run(f"p{n} render {dpi} dpi", next, pages)
        _page_by_stages(stages, f"p{n}", image)  # its arrays freed on return, as in the reader
        del image
        if variant == "trim":
            stages.run(f"p{n} malloc_trim", engine.release_freed_memory)
    return stages.rows


def _page_by_stages(stages: Stages, page: str, image) -> None:
    """`page.read_page`'s steps one by one (orientation skipped: the scans lie upright)."""
    import numpy as np

    from annual_report.readers.ocr import engine
    from annual_report.readers.ocr.deskew import identity, rotate, skew_angle
    from annual_report.readers.ocr.page import _box, _height, _width
    from annual_report.readers.ocr.rules import find_rules
    from annual_report.readers.ocr.tables import PageFrame, page_blocks

    turn = stages.run(f"{page} straighten", lambda im: rotate(identity(im.gray, im.plain), skew_angle(im.gray)), image)
    quads = stages.run(f"{page} detect", engine.detect, turn.image)
    heights = [_height(q) for q in quads if _width(q) >= _height(q)]
    text_height = float(np.median(heights)) if heights else 0.0
    rules = stages.run(
        f"{page} rules", find_rules, turn.plain, image.points_per_pixel, turn.image > turn.plain, text_height, [_box(q) for q in quads]
    )
    clean = turn.image.copy()
    clean[rules.mask > 0] = 255
    lines = stages.run(f"{page} recognise", engine.recognize, clean, quads)
    frame = PageFrame(image.number, turn, image.points_per_pixel, image.unit)
    stages.run(f"{page} tables", page_blocks, frame, lines, rules)


def child(report: str, dpi: int, variant: str) -> dict:
    env = dict(os.environ)
    if variant == "arena2":
        env["MALLOC_ARENA_MAX"] = "2"
    code = f"import sys, json; sys.path.insert(0, {str(ROOT)!r}); from bench.bench_ocr_memory import read_one_scan; print(json.dumps(read_one_scan({report!r}, {dpi}, {variant!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    return {"variant": variant, "rows": rows, "max_peak": max(r["peak"] for r in rows), "end_rss": rows[-1]["rss"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", default="huaian_city_2024")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--variants", default="plain")
    args = parser.parse_args()
    results = [child(args.report, args.dpi, v) for v in args.variants.split(",")]
    first = results[0]
    print(f"\n{first['variant']}: stage by stage, {args.report} ({args.dpi} dpi)\n")
    print("| stage | RSS after (MB) | peak in stage (MB) | numpy/Python peak (MB) | s |")
    print("|---|---|---|---|---|")
    for r in first["rows"]:
        print(f"| {r['stage']} | {r['rss']:.0f} | {r['peak']:.0f} | {r['py_peak']:.0f} | {r['s']:.1f} |")
    print("\n| variant | highest peak (MB) | RSS at the end (MB) |")
    print("|---|---|---|")
    for res in results:
        print(f"| {res['variant']} | {res['max_peak']:.0f} | {res['end_rss']:.0f} |")


if __name__ == "__main__":
    main()

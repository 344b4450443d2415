"""Benchmark of the PDF and DOCX readers (same run, same files).

    .venv/bin/python bench/bench_pdf_docx.py [--runs 5] [--docx-seconds 3] [--big-mb 50]

1. Each real PDF in /work/shared/real-reports: the full reader (`read_pdf`) and the whole
   check (`check_bytes`, what `intake check` runs) against pypdfium2 alone reading the text
   layer of every page (target: ≤ 5× pypdfium2), the pages that fell back to pdfplumber, and
   plain pdfplumber (extract_text on every page) for reference. Median of --runs warm runs
   (one warm-up run first).
2. DOCX: `read_docx` (and `check_bytes`) on a generated report with the official tables,
   files per second on one core (target ≥ 50/s).
3. Peak RSS of a fresh process reading a generated --big-mb PDF (the report plus pages of
   incompressible JPEG images; target < 300 MB), measured in a child process.

Needs reportlab (dev dependency) and Pillow (pdfplumber's dependency) to generate files.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "real-reports"  # shared/ beside the checkout
REPORTS = ("hongze_district_2023", "hongze_district_2024", "huaian_city_2024")


def _median(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def pdfium_text_of(data: bytes) -> None:
    """The bare text layer through pypdfium2, every page: the floor a PDF reader is compared with."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()


def _plumber_all(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def bench_pdfs(runs: int) -> list[str]:
    from annual_report.check import check_bytes
    from annual_report.readers import pdf as pdf_reader
    from annual_report.readers.pdf import read_pdf

    out = [
        "| file | pages | pypdfium2 text | read_pdf | ratio | check_bytes | ratio | pdfplumber fallback pages | pdfplumber all pages |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in REPORTS:
        data = (REAL / f"{name}.pdf").read_bytes()
        fallback: list[int] = []
        plumber_pages = pdf_reader._read_table_pages

        def spy(data_, numbers, notes, _orig=plumber_pages, fallback=fallback):
            fallback.extend(numbers)
            return _orig(data_, numbers, notes)

        pdf_reader._read_table_pages = spy
        try:
            pages = read_pdf(data).pages
        finally:
            pdf_reader._read_table_pages = plumber_pages
        t_pdfium = _median(lambda data=data: pdfium_text_of(data), runs)
        t_read = _median(lambda data=data: read_pdf(data), runs)
        t_check = _median(lambda data=data, name=name: check_bytes(data, name), runs)
        t_plumber = _median(lambda data=data: _plumber_all(data), max(1, runs // 2))
        out.append(
            f"| {name} | {pages} | {t_pdfium * 1000:.1f} ms | {t_read * 1000:.1f} ms | "
            f"{t_read / t_pdfium:.1f}× | {t_check * 1000:.1f} ms | {t_check / t_pdfium:.1f}× | "
            f"{', '.join(map(str, fallback)) or 'none'} | {t_plumber * 1000:.0f} ms |"
        )
    return out


def bench_docx(seconds: float) -> list[str]:
    from annual_report.check import check_bytes
    from annual_report.readers.docx import read_docx
    from tests.unit.report_fixtures import build_report_docx

    data = build_report_docx("2021")
    read_docx(data)
    lines = []
    for label, fn in (("read_docx", lambda: read_docx(data)), ("check_bytes", lambda: check_bytes(data, "r.docx"))):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            fn()
            n += 1
        rate = n / (time.perf_counter() - t0)
        lines.append(f"| DOCX {label} ({len(data) // 1024} KB, 3 tables, 46 rows) | {rate:.0f} files/s | {1000 / rate:.1f} ms/file |")
    return lines


def make_big_pdf(path: Path, megabytes: int) -> int:
    """The generated report followed by pages of random-noise JPEGs up to `megabytes`."""
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from tests.unit.report_fixtures import build_report_pdf

    images = io.BytesIO()
    cv = canvas.Canvas(images, pagesize=A4)
    written, i = 0, 0
    while written < megabytes * 1024 * 1024 * 0.8:  # PDF overhead brings it to ~megabytes
        # a distinct file per page: reportlab caches images by file name
        jpeg_path = path.with_name(f"img{i}.jpg")
        Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3)).save(jpeg_path, "JPEG", quality=95)
        written += jpeg_path.stat().st_size
        cv.drawImage(str(jpeg_path), 40, 150, width=515, height=515)
        cv.drawString(60, 60, f"attachment {i + 1}")
        cv.showPage()
        jpeg_path.unlink()
        i += 1
    cv.save()
    merged = pdfium.PdfDocument(build_report_pdf("2021"))
    merged.import_pages(pdfium.PdfDocument(images.getvalue()))
    with path.open("wb") as fh:
        merged.save(fh)
    return merged.__len__()


# VmHWM (this process's own high-water mark), not ru_maxrss, which on Linux carries the
# forking parent's peak across exec.
_CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
import pdfplumber, pypdfium2
from annual_report.readers.pdf import read_pdf
base = hwm()
data = open({path!r}, "rb").read()
t = time.perf_counter()
doc = read_pdf(data)
elapsed = time.perf_counter() - t
rows = sum(1 for b in doc.blocks if b.kind == "row")
print(f"{{base:.0f}} {{hwm():.0f}} {{elapsed:.2f}} {{doc.pages}} {{rows}}")
"""


def bench_big(megabytes: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        path = Path(tmp) / "big.pdf"
        make_big_pdf(path, megabytes)
        size = path.stat().st_size
        out = subprocess.run(
            [sys.executable, "-c", _CHILD.format(root=str(ROOT), path=str(path))], capture_output=True, text=True, check=True
        ).stdout.split()
        base, peak, elapsed, pages, rows = out
        return [
            f"| read_pdf of a generated {size / 1048576:.1f} MB PDF ({pages} pages: the report + image pages) | "
            f"peak RSS {peak} MB (interpreter + imports {base} MB) | {elapsed} s, {rows} table rows |"
        ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--docx-seconds", type=float, default=3.0)
    ap.add_argument("--big-mb", type=int, default=50)
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs (shared), one process\n")
    for line in bench_pdfs(args.runs):
        print(line)
    print()
    print("| what | rate | per file |\n|---|---|---|")
    for line in bench_docx(args.docx_seconds):
        print(line)
    print()
    print("| what | memory | time |\n|---|---|---|")
    for line in bench_big(args.big_mb):
        print(line)


if __name__ == "__main__":
    main()

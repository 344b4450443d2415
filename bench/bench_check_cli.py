"""`intake check DIR` as a clerk runs it, against pypdfium2's bare text extraction, in one run.

`.venv/bin/python bench/bench_check_cli.py [--files 30] [--many 200] [--runs 3]`

Copies the real published PDFs (`../shared/real-reports/`; `--with-ocr` adds the bundled
garbled-font sample, which is read by OCR) into a temp dir until there are `--files` of them,
then measures, best of `--runs`:
  - baseline: pypdfium2 opening each file and reading the text layer of every page, in this
    process (nothing else: the "bare text extraction");
  - `check_bytes` of each file in this process (the in-process cost, as bench_pdf_docx.py);
  - `intake check DIR --json` as a child process (wall time: start-up, imports, progress bar,
    output included) and `intake --help` (start-up alone).
Then `intake check DIR --jobs 1` and `--jobs 2` on `--many` files. Prints the ratios (targets:
CLI ≤ 5× baseline, --jobs 2 ≥ 1.7× --jobs 1 where two cores are free).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
INTAKE = str(Path(sys.executable).with_name("intake"))
# The published reports with a text layer. Not the garbled-font sample: its text layer is
# garbage, so `intake check` reads it by OCR now (≈ 11 s cpu), which pypdfium2's text
# extraction does not do; `--with-ocr` puts it back in turn, to see what OCR costs.
REAL = sorted(p for p in (ROOT.parent / "shared" / "real-reports").glob("*.pdf") if not p.name.startswith("garbled"))
OCR_SAMPLES = sorted((ROOT / "intake" / "samples").glob("garbled*.pdf"))
SOURCES = REAL


def fill(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for i in range(n):
        src = SOURCES[i % len(SOURCES)]
        out.append(folder / f"{i:03d}-{src.name}")
        shutil.copyfile(src, out[-1])
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children: on a shared, loaded machine
    this moves far less than wall time."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, runs: int) -> tuple[float, float]:
    """(wall, cpu) seconds, each the best of `runs`."""
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(_cpu() - c)
    return min(walls), min(cpus)


def pdfium_text(paths: list[Path]) -> None:
    from bench.bench_pdf_docx import pdfium_text_of

    for p in paths:
        pdfium_text_of(p.read_bytes())


def check_in_process(paths: list[Path]) -> None:
    from annual_report.check import check_file_or_archive

    for p in paths:
        check_file_or_archive(p.read_bytes(), str(p), time_limit_s=30)


def cli(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([INTAKE, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def line(what: str, t: tuple[float, float], files: int, base: tuple[float, float] | None = None) -> str:
    ratio = f"  {t[0] / base[0]:4.1f}× / {t[1] / base[1]:4.1f}× baseline" if base else ""
    return f"  {what:<46} {t[0]:6.2f} s wall {t[1]:6.2f} s cpu ({1000 * t[1] / files:5.1f} ms cpu/file){ratio}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=30)
    ap.add_argument("--many", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--with-ocr", action="store_true", help="also the garbled-font sample (read by OCR) in turn")
    a = ap.parse_args()
    global SOURCES
    SOURCES = REAL + OCR_SAMPLES if a.with_ocr else REAL
    tmp = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        few = fill(tmp / "few", a.files)
        fill(tmp / "many", a.many)
        pdfium_text(few)  # warm the page cache and pdfium
        check_in_process(few[:4])  # imports done, as in a long-lived process
        bare = best(lambda: pdfium_text(few), a.runs)
        inproc = best(lambda: check_in_process(few), a.runs)
        small = str(ROOT / "intake" / "samples" / "luhe-2021.txt")
        startup = best(lambda: cli("check", small, "--json"), a.runs)
        # Without .pyc files (PYTHONDONTWRITEBYTECODE=1 and an editable install: every process
        # compiles the package's source again), as this machine ran before the set-up compiled them.
        cold = best(lambda: cli("check", str(tmp / "few"), "--json", env={"PYTHONPYCACHEPREFIX": str(tmp / "nopyc")}), a.runs)
        whole = best(lambda: cli("check", str(tmp / "few"), "--json"), a.runs)
        names = ", ".join(dict.fromkeys(s.name for s in SOURCES))
        print(f"{a.files} PDFs ({names} in turn), best of {a.runs}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(line("baseline: pypdfium2 text layer, in process", bare, a.files))
        print(line("check_file_or_archive, in process", inproc, a.files, bare))
        print(line("`intake check ONE.txt --json` (start-up)", startup, 1))
        print(line("`intake check DIR --json`, no .pyc", cold, a.files, bare))
        print(line("`intake check DIR --json`", whole, a.files, bare) + "  (target ≤ 5×)")
        print(
            f"      start-up {startup[1]:.2f} s cpu; per file beyond in-process {1000 * (whole[1] - startup[1] - inproc[1]) / a.files:+5.1f} ms cpu"
        )
        one = best(lambda: cli("check", str(tmp / "many"), "--json", "--jobs", "1"), 1)
        two = best(lambda: cli("check", str(tmp / "many"), "--json", "--jobs", "2"), 1)
        print(
            f"{a.many} PDFs: `--jobs 1` {one[0]:6.2f} s, `--jobs 2` {two[0]:6.2f} s wall: {one[0] / two[0]:4.2f}× "
            f"(target ≥ 1.7× with two free cores; cpu {one[1]:.1f} s vs {two[1]:.1f} s)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

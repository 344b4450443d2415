"""Distinct reports for the pipeline benchmark: text, DOCX and PDF mixed, each its own case.

Every upload is a different (body, year), so every one opens its own case (the common path,
not a resubmission). Bodies are the demo roster's, so routing and mail are real. Text
reports are the bundled samples (`intake/samples/*.txt`) with every year shifted; DOCX and
PDF reports are generated with the official tables (`tests/unit/report_fixtures`) for the
same body and year. The real PDFs (`../shared/real-reports`) cannot be re-dated without
rewriting their text layer, so the pipeline uses generated PDFs; `bench_check_cli.py`
measures the real ones.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from intake.roster_file import load_demo_roster

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "intake" / "samples"
# The text samples and the year each was written for.
TEXT_SAMPLES = {
    "上塘镇": ("shangtang-2021.txt", 2021),
    "北大镇": ("beida-2020.txt", 2020),
    "鲁河镇": ("luhe-2021.txt", 2021),
    "宁木特镇": ("ningmute-2021.txt", 2021),
    "西大营子镇": ("xidayingzi-2022.txt", 2022),
}
LATEST_YEAR = 2025
YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


@dataclass(frozen=True)
class Upload:
    body: str
    year: int
    kind: str  # txt | docx | pdf
    name: str
    email: str
    data: bytes


def _shift_years(text: str, by: int) -> str:
    return YEAR.sub(lambda m: str(int(m.group(1)) + by), text)


def _text_report(body: str, year: int) -> bytes:
    file, written_for = TEXT_SAMPLES[body]
    return _shift_years((SAMPLES / file).read_text(encoding="utf-8"), year - written_for).encode()


_SENTINEL_YEAR = 2999


@functools.cache
def _docx_template(body: str) -> bytes:
    from tests.unit.report_fixtures import build_report_docx

    return build_report_docx("2021", org=body, year=_SENTINEL_YEAR)


def _docx_report(body: str, year: int) -> bytes:
    """python-docx takes ≈ 2 s to build the tables: build each body's report once and write
    the year into its document.xml."""
    src = zipfile.ZipFile(io.BytesIO(_docx_template(body)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(str(_SENTINEL_YEAR).encode(), str(year).encode())
            dst.writestr(item, data)
    return out.getvalue()


def _pdf_report(body: str, year: int) -> bytes:
    from tests.unit.report_fixtures import build_report_pdf

    return build_report_pdf("2021", org=body, year=year)


def uploads(n: int) -> list[Upload]:
    """n distinct reports; formats rotate text → DOCX → PDF (text only where a sample exists)."""
    bodies = [(b.name, b.clerk_emails[0]) for c in load_demo_roster().counties for b in c.bodies if b.clerk_emails]
    out = []
    for i in range(n):
        body, email = bodies[i % len(bodies)]
        year = LATEST_YEAR - i // len(bodies)
        kind = ("txt", "docx", "pdf")[i % 3]
        if kind == "txt" and body not in TEXT_SAMPLES:
            kind = "docx"
        data = {"txt": _text_report, "docx": _docx_report, "pdf": _pdf_report}[kind](body, year)
        out.append(Upload(body, year, kind, f"{body}{year}年政务公开年报.{kind}", email, data))
    return out

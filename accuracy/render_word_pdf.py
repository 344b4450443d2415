"""A Word document exported to PDF, as most townships publish their report: the DOCX family's
document with its columns sized like a real template, converted by LibreOffice headless. What
this brings that the drawn PDF families lack: a real word processor's layout, labels wrapped
by the cell's width, table rows broken across pages (Word's default), fonts substituted.

A conversion takes seconds, so the PDFs are kept in a cache keyed by the DOCX's bytes; a
second `make accuracy` with the same seed converts nothing."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

from accuracy.model import Doc
from accuracy.render_docx import render_docx

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "report-intake" / "accuracy-word-pdf"


def render_word_pdf(doc: Doc, rng: random.Random, style: dict) -> bytes:
    data = render_docx(doc, rng, style, sized=True)
    cached = CACHE / f"{hashlib.sha256(data).hexdigest()}.pdf"
    if cached.exists():
        return cached.read_bytes()
    from annual_report.readers.legacy import convert_with_libreoffice

    pdf = convert_with_libreoffice(data, "docx", "pdf", timeout=180)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pdf)
    partial.replace(cached)  # whole or absent, even with several workers converting
    return pdf

"""A Word document exported to PDF, as most townships publish their report: the DOCX family's
document with its columns sized like a real template, converted by LibreOffice headless. What
this brings that the drawn PDF families lack: a real word processor's layout, labels wrapped
by the cell's width, table rows broken across pages (Word's default), fonts substituted.

A conversion takes seconds, so the PDFs are kept in a cache keyed by the DOCX's content; a
second `make accuracy` with the same seed converts nothing."""

from __future__ import annotations

import hashlib
import os
import random
import zipfile
from io import BytesIO
from pathlib import Path

from accuracy.model import Band, Doc, Header, Para
from accuracy.render_docx import render_docx
from accuracy.word_styles import TEMPLATE, WordStyle

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "report-intake" / "accuracy-word-pdf"


def render_word_pdf(doc: Doc, rng: random.Random, style: dict, word: WordStyle = TEMPLATE) -> bytes:
    """`word`: the document's page, fonts and table set-up (accuracy/word_styles.py). A set-up
    whose PDF lost part of the document is replaced by the template set-up (recorded as
    `word_lost`): LibreOffice sometimes drops the rows of a tall merged cell that a page break
    cuts (official margins, table 2 opening at a page's foot), which no word processor a
    township uses does; the readers cannot be asked to read what is not there."""
    start = rng.getstate()
    pdf = _converted(render_docx(doc, rng, style, sized=True, word=word))
    if word.template or _digits(_pdf_text(pdf)) >= _digits(_doc_text(doc)):
        return pdf
    rng.setstate(start)
    style.clear()
    style["word_lost"] = word.describe()
    return render_word_pdf(doc, rng, style)


def _converted(data: bytes) -> bytes:
    cached = CACHE / f"{content_key(data)}.pdf"
    if cached.exists():
        return cached.read_bytes()
    from annual_report.readers.legacy import convert_with_libreoffice

    pdf = convert_with_libreoffice(data, "docx", "pdf", timeout=180)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pdf)
    partial.replace(cached)  # whole or absent, even with several workers converting
    return pdf


def content_key(docx: bytes) -> str:
    """The DOCX's members and their bytes, not the ZIP's: python-docx stamps every member with
    the minute it was saved, so the file's own hash never met the same document again."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(BytesIO(docx)) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            digest.update(info.filename.encode() + b"\0" + z.read(info) + b"\0")
    return digest.hexdigest()


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _doc_text(doc: Doc) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            parts.append(block.text)
            continue
        for item in block.items:
            if isinstance(item, Band):
                parts.append(item.text)
            elif isinstance(item, Header):
                parts += item.cells
            else:
                parts += [*item.labels, *item.values]
    return "".join(parts)


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            texts = []
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return "".join(texts)
        finally:
            document.close()

"""A text PDF whose table is a picture (a screenshot of the Excel sheet pasted into Word): the
page announcing the table has a text layer, so it was never OCR'd, and the table was reported
missing — a claim the township could not answer. Now that page's picture is read by OCR, its
rows placed under the heading, and the report says so. (annual_report/readers/ocr/pdfpages.py)
"""

from __future__ import annotations

import io
import random

import numpy as np
import pytest

from accuracy.generate import make_case
from accuracy.model import Doc, Para, Table
from accuracy.render_pdf import render_pdf
from annual_report.check import check_bytes
from annual_report.readers.ocr import ocr_options
from annual_report.readers.pdfium_lock import PDFIUM

A4 = (595.2756, 841.8898)


def _table_picture(table: Table) -> bytes:
    """The table drawn as a ruled PDF table, rendered at 200 dpi and cropped: a PNG."""
    import pypdfium2 as pdfium

    data = render_pdf(Doc([table]), random.Random(1), "pdf_ruled", {})
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        page = pdf[0]
        bitmap = page.render(scale=200 / 72)
        image = bitmap.to_pil().copy()  # a copy: the bitmap's buffer goes with the bitmap
        for obj in (bitmap, page, pdf):
            obj.close()
    ink = np.array(image.convert("L")) < 200
    ys, xs = np.where(ink)
    image = image.crop((int(xs.min()) - 10, int(ys.min()) - 10, int(xs.max()) + 10, int(ys.max()) + 10))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def report_with_pictured_table(seed: int) -> tuple[bytes, dict[str, dict]]:
    """The case's report as a text PDF (prose and tables 2, 3 as text lines), table 1 a picture
    on a page of its own under its heading. Returns (pdf, table 1 as the generator wrote it)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    case = make_case(seed, "pdf_ruled")
    table1 = next(b for b in case.doc.blocks if isinstance(b, Table))
    picture = _table_picture(table1)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = A4[1] - 60

    def line(text: str, size: float = 11) -> None:
        nonlocal y
        pdf.setFont("STSong-Light", size)
        while text:
            pdf.drawString(50, y, text[:40])
            text, y = text[40:], y - size * 1.6
            if y < 60:
                pdf.showPage()
                y = A4[1] - 60

    for block in case.doc.blocks:
        if isinstance(block, Para) and block.role == "heading" and "主动公开" in block.text:
            pdf.showPage()
            y = A4[1] - 60
            line(block.text)
        elif isinstance(block, Para):
            line(block.text, 14 if block.role == "title" else 11)
        elif block is table1:
            from PIL import Image

            w_px, h_px = Image.open(io.BytesIO(picture)).size
            width = A4[0] - 100
            height = min(width * h_px / w_px, y - 70)
            pdf.drawImage(ImageReader(io.BytesIO(picture)), 50, y - height, width * (height / (width * h_px / w_px)), height)
            y -= height + 20
        else:
            for item in block.items:
                cells = list(getattr(item, "labels", []) or getattr(item, "cells", []) or [getattr(item, "text", "")])
                line("  ".join(c for c in [*cells, *getattr(item, "values", [])] if c), 8)
    pdf.save()
    return out.getvalue(), case.truth.active_disclosure


@pytest.mark.parametrize("seed", [1_000_500, 1_000_533])
def test_a_table_pasted_as_a_picture_is_read_not_reported_missing(seed):
    pdf, truth = report_with_pictured_table(seed)
    with ocr_options(enabled=True):
        result = check_bytes(pdf, "图片表格.pdf")
    assert result.classification.kind == "annual_report"
    assert not [f for f in result.findings if f.rule == "table.missing"], [f.message for f in result.findings]
    table1 = result.report.tables.active_disclosure
    assert table1 is not None
    read = {row: {key: cell.value for key, cell in cells.items()} for row, cells in table1.items()}
    assert read == truth  # every cell of the picture, as the generator wrote it
    assert any("统计表是图片" in r for r in result.classification.reasons)


def docx_with_pictured_table(seed: int) -> tuple[bytes, dict]:
    """The case rendered as a Word file, its first table replaced by a picture of it."""
    import docx
    from docx.shared import Cm

    from accuracy.render_docx import render_docx

    case = make_case(seed, "docx")
    table1 = next(b for b in case.doc.blocks if isinstance(b, Table))
    document = docx.Document(io.BytesIO(render_docx(case.doc, random.Random(seed), {})))
    first = document.tables[0]._tbl
    holder = document.add_paragraph()
    holder.add_run().add_picture(io.BytesIO(_table_picture(table1)), width=Cm(16))
    first.addprevious(holder._p)
    first.getparent().remove(first)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), case.truth.active_disclosure


@pytest.mark.parametrize("seed", [1_000_600])
def test_a_table_pasted_into_word_as_a_picture_is_read(seed):
    data, truth = docx_with_pictured_table(seed)
    with ocr_options(enabled=True):
        result = check_bytes(data, "图片表格.docx")
    assert not [f for f in result.findings if f.rule == "table.missing"], [f.message for f in result.findings]
    table1 = result.report.tables.active_disclosure
    assert table1 is not None
    assert {row: {key: cell.value for key, cell in cells.items()} for row, cells in table1.items()} == truth
    assert any("图片是统计表" in r for r in result.classification.reasons)

"""Watermarks laid over a report's pages: 仅供参考 or an office's name slanted across the page,
or set large and pale in its middle; a site's address slanted in the page's own content; in a
form of its own (as Acrobat and most tools add one) or among the report's text. The report
reads as it does without (readers/pdfwatermark.py). Before, the watermark's characters fell
into the table cells and the prose: every one of 24 generated reports, ruled, borderless and
partly ruled, gained a cascade of false cell.missing, label.nonstandard and table.ambiguous."""

from __future__ import annotations

import ctypes
import io
import math

import pytest

from accuracy.generate import make_case
from accuracy.render import render
from tests.unit.pdf_reading import reading, saved

_CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _mark_page(text: str, *, angle: float, size: float, grey: float, spots: list[tuple[float, float]]) -> bytes:
    """A page holding only the watermark, drawn by reportlab (the renderer the harness uses)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("mark", _CJK_FONT))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, 842))
    pdf.setFillGray(grey)
    pdf.setFont("mark", size)
    for x, y in spots:
        pdf.saveState()
        pdf.translate(x, y)
        pdf.rotate(angle)
        pdf.drawCentredString(0, 0, text)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _with_form(data: bytes, mark: bytes) -> bytes:
    """Every page of the report with the watermark page laid over it as a form."""
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf, over = pdfium.PdfDocument(data), pdfium.PdfDocument(mark)
        for page in pdf:
            page.insert_obj(over.page_as_xobject(0, pdf).as_pageobject())
            page.gen_content()
        return saved(pdf)


def _with_inline_text(data: bytes, text: str, angle: float) -> bytes:
    """Every page with the watermark's text objects in its own content, slanted."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    from annual_report.readers.pdfium_lock import PDFIUM

    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        font = c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        for page in pdf:
            for x, y in ((120, 200), (300, 450), (150, 650)):
                obj = c.FPDFPageObj_CreateTextObj(pdf.raw, font, 36.0)
                wide = (text + "\0").encode("utf-16-le")
                c.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(wide), ctypes.POINTER(c.FPDF_WCHAR)))
                c.FPDFPageObj_Transform(obj, cos, sin, -sin, cos, x, y)
                c.FPDFPageObj_SetFillColor(obj, 120, 120, 120, 255)
                c.FPDFPage_InsertObject(page.raw, obj)
            page.gen_content()
        return saved(pdf)


_SPOTS = [(150, 250), (350, 550), (150, 650), (380, 200)]
_MARKS = {
    "slanted pale": lambda d: _with_form(d, _mark_page("仅供参考", angle=35, size=40, grey=0.85, spots=_SPOTS)),
    "slanted dark name": lambda d: _with_form(d, _mark_page("某某县人民政府办公室", angle=-30, size=26, grey=0.4, spots=_SPOTS)),
    "large pale in the middle": lambda d: _with_form(d, _mark_page("仅供参考", angle=0, size=64, grey=0.8, spots=[(297, 421)])),
    "site address in the content": lambda d: _with_inline_text(d, "www.example.gov.cn", 40),
}


@pytest.mark.parametrize("family,seed", [("pdf_ruled", 71_000_000), ("pdf_borderless", 71_000_003), ("pdf_partial", 71_000_005)])
@pytest.mark.parametrize("mark", list(_MARKS))
def test_a_watermarked_report_reads_as_without(family: str, seed: int, mark: str) -> None:
    data, ext = render(make_case(seed, family))
    assert ext == "pdf"
    kind, report, findings = reading(data)
    assert kind == "annual_report"
    assert reading(_MARKS[mark](data)) == (kind, report, findings)


def test_a_report_without_a_watermark_is_read_once() -> None:
    """The check for watermarks reads nothing it need not: a clean page is no watermarked page."""
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM
    from annual_report.readers.pdfwatermark import has_watermark

    data, _ = render(make_case(71_000_001, "pdf_ruled"))
    marked = _MARKS["large pale in the middle"](data)
    with PDFIUM:
        clean = [has_watermark(page.get_textpage()) for page in pdfium.PdfDocument(data)]
        dirty = [has_watermark(page.get_textpage()) for page in pdfium.PdfDocument(marked)]
    assert not any(clean) and all(dirty)

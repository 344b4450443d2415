"""Running headers: a line printed at the same place atop every page (the office's name, the
report's title, as a word processor's page header prints them). Between a table's part at one
page's foot and its rest atop the next, the line cut the table: in 7 of 10 word-processor PDFs
given such a header, a false table.ambiguous, cell.missing or label.nonstandard
(readers/pdfrunning.py finds the lines, readers/pdfremove.py takes them out before the pages
are read again)."""

from __future__ import annotations

import io

import pytest

from accuracy.generate import make_case
from accuracy.render import render
from annual_report.check import check_bytes

_CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _with_header(data: bytes, header: str, height: float) -> bytes:
    """Every page with `header` laid over it, `height` points below the page's top."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from annual_report.readers.pdfium_lock import PDFIUM

    pdfmetrics.registerFont(TTFont("header", _CJK_FONT))
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        sizes = [page.get_size() for page in pdf]
        buf = io.BytesIO()
        over = canvas.Canvas(buf)
        for width, h in sizes:
            over.setPageSize((width, h))
            over.setFont("header", 9)
            over.drawString(56, h - height, header)
            over.showPage()
        over.save()
        lines = pdfium.PdfDocument(buf.getvalue())
        for k, page in enumerate(pdf):
            page.insert_obj(lines.page_as_xobject(k, pdf).as_pageobject())
            page.gen_content()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _reading(data: bytes) -> tuple[str, dict, list[str]]:
    result = check_bytes(data, "report.pdf").contract()
    report = {k: v for k, v in (result["report"] or {}).items() if k not in ("title", "organization", "parent")}
    return result["classification"]["kind"], report, sorted(f["rule"] + str(f.get("location")) for f in result["findings"])


@pytest.mark.parametrize("seed", [72_000_014, 72_000_015, 72_000_018])
@pytest.mark.parametrize("header", ["{org}办公室", "{org}{year}年政府信息公开工作年度报告"])
def test_a_running_header_does_not_cut_the_tables(seed: int, header: str) -> None:
    case = make_case(seed, "pdf_word")
    data, ext = render(case)
    assert ext == "pdf"
    line = header.format(org=case.truth.organization, year=case.truth.year)
    assert _reading(_with_header(data, line, 30)) == _reading(data)


def test_text_taken_out_never_changes_the_text_that_stays() -> None:
    """pdfium writes anew a content stream it took an object from, and with a TrueType face cut
    into subsets (reportlab's) the text it wrote back was not what was there (其他 as 其道):
    then nothing is taken out. Here the page number (- 1 -) of each page is taken out of the
    report's own content stream."""
    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM
    from annual_report.readers.pdfremove import remove_text

    data, _ = render(make_case(72_000_014, "pdf_partial"))

    def page_number(obj, outer, c) -> bool:
        import ctypes

        top = ctypes.c_float()
        bottom = ctypes.c_float()
        left = ctypes.c_float()
        right = ctypes.c_float()
        c.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
        return top.value < 40

    with PDFIUM:
        n = len(pdfium.PdfDocument(data))
        out = remove_text(data, dict.fromkeys(range(1, n + 1), page_number))
        for before, after in zip(pdfium.PdfDocument(data), pdfium.PdfDocument(out), strict=True):
            kept = "".join(after.get_textpage().get_text_range().split())
            was = "".join(before.get_textpage().get_text_range().split())
            assert set(kept) <= set(was) and len(kept) <= len(was)

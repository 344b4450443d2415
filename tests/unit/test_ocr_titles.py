"""A report's large bold title, scanned, is read as the text PDF reads it.

The strokes of a large title's characters (市, 工, 作 set at 22–26 pt) are taller than the
shortest rule the page's ruling-line search keeps; taken for rules they were erased from the
characters ("淮安市人民政府" read "淮安市市人民政府") and made a fake table of the title's
second line, so the title was not found (`metadata.missing`). The pages are generated: a
title of one or two lines in several sizes, body text under it, a ruled table below.
"""

from __future__ import annotations

import io

import pytest

from annual_report.extract.metadata import extract_metadata
from annual_report.readers.ocr import ocr_options
from annual_report.readers.pdf import read_pdf
from tests.unit.report_fixtures import cjk_font
from tests.unit.scan_fixtures import Degrade, degrade, render_pages, scan_pdf

SCAN = Degrade(dpi=150, skew=-1.5, blur=0.6, noise=6.0, jpeg=65, seed=5)
BODY = [
    "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。",
    "报告所列统计期限自2024年1月1日至2024年12月31日。",
]


@pytest.fixture(autouse=True, scope="module")
def _no_page_clock():
    with ocr_options(page_seconds=3600, document_seconds=7200):
        yield


def title_page(title: list[str], size: float) -> bytes:
    """A page with `title` centred in bold at `size` pt, body text, and a ruled 3×3 table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas as rl_canvas

    buf = io.BytesIO()
    cv = rl_canvas.Canvas(buf, pagesize=A4)
    font = cjk_font()
    y = 760.0
    for line in title:
        text = cv.beginText()
        text.setTextRenderMode(2)  # fill and stroke: a bold face, as titles are set
        text.setFont(font, size)
        cv.setLineWidth(size / 30)
        text.setTextOrigin((A4[0] - cv.stringWidth(line, font, size)) / 2, y)
        text.textLine(line)
        cv.drawText(text)
        y -= size * 1.4
    cv.setFont(font, 12)
    for line in BODY:
        y -= 24
        cv.drawString(60, y, line)
    top = y - 40
    for k in range(4):  # a table's rules: the page's real rules must still be found
        cv.line(60, top - 24 * k, 535, top - 24 * k)
    for x in (60, 220, 380, 535):
        cv.line(x, top, x, top - 72)
    for r, row in enumerate([["项目", "本年新收", "上年结转"], ["数量", "12", "3"], ["合计", "15", "0"]]):
        for c, cell in enumerate(row):
            cv.drawString(66 + 160 * c, top - 24 * r - 17, cell)
    cv.showPage()
    cv.save()
    return buf.getvalue()


def _compact(blocks) -> list[tuple[str, list[str]]]:
    return [(b.kind, ["".join(c.split()) for c in b.cells]) for b in blocks]


@pytest.mark.parametrize(
    ("title", "size"),
    [
        (["淮安市人民政府", "2024年政府信息公开工作年度报告"], 22),
        (["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告"], 26),
        (["高良涧街道2024年政府信息公开工作年度报告"], 20),
    ],
)
def test_a_large_title_scanned_reads_as_its_text_layer(title, size):
    text_pdf = title_page(title, size)
    scan = scan_pdf([degrade(img, SCAN) for img in render_pages(text_pdf, SCAN.dpi)], SCAN.dpi)
    truth, got = read_pdf(text_pdf), read_pdf(scan)
    assert got.ocr_pages == [1]
    head = next(k for k, b in enumerate(truth.blocks) if "项目" in b.text)  # the text PDF reads the table as text
    assert head >= 2 and _compact(got.blocks[:head]) == _compact(truth.blocks[:head])
    assert [b.cells for b in got.blocks if b.kind == "row"] == [["项目", "本年新收", "上年结转"], ["数量", "12", "3"], ["合计", "15", "0"]]
    want = extract_metadata(truth.blocks)
    assert want.title and "年度报告" in want.title
    assert extract_metadata(got.blocks).title.replace(" ", "") == want.title.replace(" ", "")

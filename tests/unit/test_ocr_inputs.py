"""Every way a scan arrives: an image file (multi-page TIFF, PNG, JPEG), a page turned on its
side or upside down, a PDF whose text layer is garbage, a text PDF with a scanned page in it.
The truth is always the generated report's own text PDF (tests/unit/report_fixtures.py).
"""

from __future__ import annotations

import pytest

from annual_report.check import check_bytes
from annual_report.readers import read_document
from annual_report.readers.ocr import ocr_options
from annual_report.readers.pdf import read_pdf
from annual_report.readers.pdfium_lock import PDFIUM
from annual_report.sniff import sniff
from tests.unit.report_fixtures import build_report_pdf, build_text_pdf
from tests.unit.scan_fixtures import (
    Degrade,
    cell_mismatches,
    degrade,
    garbled_tounicode,
    image_bytes,
    render_pages,
    row_cells,
    scan_pdf,
    tiff_pages,
)

MILD = Degrade(dpi=150, skew=0.7, blur=0.5, noise=5.0, jpeg=70, seed=7)


@pytest.fixture(autouse=True, scope="module")
def _no_page_clock():
    """Correctness here, not speed: on the shared 2-core machine a page took up to 130 s under
    load, near the production page limit (test_ocr_limits.py tests the limits themselves)."""
    with ocr_options(page_seconds=3600, document_seconds=7200):
        yield


def _rows_of_page(pdf: bytes, page: int) -> list[list[str]]:
    return [b.cells for b in read_pdf(pdf).blocks if b.kind == "row" and b.source.page == page]


def test_multipage_tiff_of_a_report_gives_the_same_check_as_its_pdf():
    text_pdf = build_report_pdf("2021", org="上塘镇", year=2021)
    images = [degrade(img, MILD) for img in render_pages(text_pdf, 150, [1, 2])]
    tiff = tiff_pages(images, 150)
    assert sniff(tiff).detected_type == "tiff"
    truth = check_bytes(text_pdf, "report.pdf").contract()
    got = check_bytes(tiff, "report.tiff").contract()
    assert got["classification"]["kind"] == "annual_report"
    assert got["classification"]["detected_type"] == "tiff"
    assert got["classification"]["read_by"] == "ocr" and got["classification"]["ocr_pages"] == [1, 2]
    assert any("OCR" in r for r in got["classification"]["reasons"])
    report = {k: v for k, v in got["report"].items() if k != "provenance"}
    assert report == truth["report"]
    assert sorted((f["rule"], f["where"]) for f in got["findings"]) == sorted((f["rule"], f["where"]) for f in truth["findings"])
    # image boxes are in pixels of the image as sent
    cell = got["report"]["provenance"]["applications"]["total"][6]
    x0, top, x1, bottom = cell["box"]
    assert 0 <= x0 < x1 <= images[0].shape[1] and 0 <= top < bottom <= images[0].shape[0]


@pytest.mark.parametrize("quarters,fmt", [(1, "PNG"), (2, "JPEG")])
def test_a_turned_page_is_read_upright(quarters, fmt):
    text_pdf = build_report_pdf("2021")
    page = degrade(render_pages(text_pdf, 150, [2])[0], Degrade(dpi=150, skew=0.5, noise=4.0, quarters=quarters))
    data = image_bytes(page, fmt, dpi=150)
    doc = read_document(data, sniff(data))
    assert doc.format == "image" and doc.ocr_pages == [1]
    assert cell_mismatches(_rows_of_page(text_pdf, 2), row_cells(doc)) == []


def test_a_pdf_with_a_garbage_text_layer_is_read_from_its_glyphs():
    lines = ["一、总体情况", "本年度共收到政府信息公开申请12件，均已按时答复。", "二、主动公开政府信息情况", "全年主动公开政府信息356条。"]
    with garbled_tounicode():
        data = build_text_pdf(lines)
    import pypdfium2 as pdfium

    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        page = pdf[0]
        textpage = page.get_textpage()
        layer = textpage.get_text_range()
        for obj in (textpage, page, pdf):
            obj.close()
    assert "总体情况" not in layer  # the text layer really is garbage
    doc = read_pdf(data)
    assert doc.ocr_pages == [1]
    assert ["".join(b.text.split()) for b in doc.blocks] == ["".join(line.split()) for line in lines]


def test_a_scanned_page_inside_a_text_pdf_is_read_in_its_place():
    """Page 1 keeps its text layer (no OCR), page 2 is a scan of the tables page."""
    import io

    import pypdfium2 as pdfium

    text_pdf = build_report_pdf("2021")
    scan = scan_pdf([degrade(render_pages(text_pdf, 150, [2])[0], MILD)], 150)
    buf = io.BytesIO()
    with PDFIUM:
        merged = pdfium.PdfDocument.new()
        parts = [pdfium.PdfDocument(text_pdf), pdfium.PdfDocument(scan)]
        merged.import_pages(parts[0], [0])
        merged.import_pages(parts[1])
        merged.save(buf)
        for pdf in (*parts, merged):
            pdf.close()
    doc = read_pdf(buf.getvalue())
    assert doc.ocr_pages == [2]
    first = [b for b in doc.blocks if b.source.page == 1]
    assert first and not any(b.source.ocr for b in first)
    assert [b.cells for b in first] == [b.cells for b in read_pdf(text_pdf).blocks if b.source.page == 1]
    second = [b.cells for b in doc.blocks if b.kind == "row" and b.source.page == 2]
    assert cell_mismatches(_rows_of_page(text_pdf, 2), second) == []
    assert any("第 2 页是扫描件" in n for n in doc.notes)

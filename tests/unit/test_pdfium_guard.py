"""The suite's pdfium guard (tests/fixtures/pdfium_guard.py) sees a call made without the lock."""

from __future__ import annotations

from annual_report.readers.pdfium_lock import PDFIUM
from tests.fixtures import pdfium_guard
from tests.unit.report_fixtures import build_text_pdf


def test_a_call_without_the_lock_is_recorded_with_its_caller():
    import pypdfium2 as pdfium

    data = build_text_pdf(["一、总体情况"])
    pdf = pdfium.PdfDocument(data)  # no lock: the violation this test is about
    with PDFIUM:
        pdf.close()
    found = pdfium_guard.taken()  # consumed here, so the guard does not fail this test
    assert len(found) == 1
    assert found[0].startswith("PdfDocument.__init__ called without PDFIUM")
    assert "test_pdfium_guard.py" in found[0]


def test_calls_under_the_lock_are_not_recorded():
    import pypdfium2 as pdfium

    data = build_text_pdf(["一、总体情况"])
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        page = pdf[0]
        text = page.get_textpage()
        assert "总体情况" in text.get_text_range()
        text.close()
        page.close()
        pdf.close()
    assert pdfium_guard.taken() == []

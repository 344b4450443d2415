"""Text objects taken out of a PDF (readers/pdfremove.py, for watermarks): pdfium writes anew a
content stream it took an object from, and with some fonts (reportlab's TrueType subsets; a
LibreOffice export's fonts shared between pages) the text it wrote back was not what was there
(其他 as 其道): then nothing is taken out, and the page reads as it did."""

from __future__ import annotations

from accuracy.generate import make_case
from accuracy.render import render


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
        out = remove_text(data, list(range(1, n + 1)), page_number)
        for before, after in zip(pdfium.PdfDocument(data), pdfium.PdfDocument(out), strict=True):
            kept = "".join(after.get_textpage().get_text_range().split())
            was = "".join(before.get_textpage().get_text_range().split())
            assert set(kept) <= set(was) and len(kept) <= len(was)

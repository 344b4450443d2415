"""Text objects taken out of a PDF before it is read (watermarks, `pdfwatermark`): every
reader then sees the report's own text only."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable

from annual_report.readers.pdfgeometry import _compose, _matrix

# whether a text object is to go: (the object, the matrix of the forms around it, pypdfium2.raw)
Unwanted = Callable[[object, tuple[float, ...], object], bool]
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def remove_text(data: bytes, pages: list[int], unwanted: Unwanted) -> bytes:
    """The PDF with the unwanted text objects of the given pages (1-based) taken out; `data`
    itself when that would change the text that stays (the caller holds the pdfium lock and
    has opened `data` before: it is a PDF pdfium reads).

    pdfium writes anew each content stream it took an object from, and with some fonts (a
    TrueType face cut into several subsets, as reportlab writes it; a LibreOffice export's
    fonts on its later pages) the text it writes back is not what was there: 其他 came back
    as 其道. A page whose text after holds a character its text before did not is such a
    page, and then nothing is taken out: the watermark stays where it is drawn in the page's
    own content with such fonts (one laid over the page as a form or stream of its own, as
    Acrobat and most tools add it, goes)."""
    before = _texts(data, pages)
    cleaned = _removed(data, pages, unwanted)
    after = _texts(cleaned, pages)
    return cleaned if all(not (Counter(after[n]) - Counter(before[n])) for n in pages) else data


def _texts(data: bytes, numbers: list[int]) -> dict[int, str]:
    pdf = open_again(data)
    try:
        out = {}
        for n in numbers:
            page = pdf[n - 1]
            textpage = page.get_textpage()
            out[n] = "".join(textpage.get_text_range().split())
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def open_again(data: bytes):
    """A PDF opened before (with the empty user password, if it needed one)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:  # opened before with the empty user password
        return pdfium.PdfDocument(data, password="")


def _removed(data: bytes, pages: list[int], unwanted: Unwanted) -> bytes:
    import pypdfium2.raw as c

    pdf = open_again(data)
    try:
        for number in pages:
            page = pdf[number - 1]
            try:
                raw = page.raw
                for i in reversed(range(c.FPDFPage_CountObjects(raw))):
                    obj = c.FPDFPage_GetObject(raw, i)
                    if _unwanted(obj, _IDENTITY, c, unwanted) and c.FPDFPage_RemoveObject(raw, obj):
                        c.FPDFPageObj_Destroy(obj)
                page.gen_content()
            finally:
                page.close()
        return saved(pdf)
    finally:
        pdf.close()


def saved(pdf) -> bytes:
    """A pypdfium2 document's bytes."""
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _unwanted(obj, outer: tuple[float, ...], c, test: Unwanted, depth: int = 0) -> bool:
    """Whether the object goes as a whole (an unwanted text, or a form holding only such); a
    form holding wanted text too loses its unwanted text in place."""
    kind = c.FPDFPageObj_GetType(obj)
    if kind == c.FPDF_PAGEOBJ_TEXT:
        return test(obj, outer, c)
    if kind != c.FPDF_PAGEOBJ_FORM or depth >= 3:
        return False
    matrix = _compose(_matrix(obj, c), outer)
    n = c.FPDFFormObj_CountObjects(obj)
    gone = [k for k in range(n) if _unwanted(c.FPDFFormObj_GetObject(obj, k), matrix, c, test, depth + 1)]
    if gone and len(gone) == n:
        return True
    for k in reversed(gone):
        inner = c.FPDFFormObj_GetObject(obj, k)
        if c.FPDFFormObj_RemoveObject(obj, inner):
            c.FPDFPageObj_Destroy(inner)
    return False

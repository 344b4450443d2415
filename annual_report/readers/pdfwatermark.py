"""Watermarks: text laid over the page that is no part of the report (仅供参考, a site's or
an office's name set large and pale, or slanted across the page; a seal drawn as text around
a circle). Its characters fall into table cells and between the words of the prose, so every
reader took them for the report's: labels and numbers broken, cells filled with 参 or 考, a
cascade of false findings. `without_watermarks` removes them from the PDF before any reader
sees it; `has_watermark` tells, from the text page, which pages need it.

A watermark's text is slanted (not a multiple of a quarter turn), or set large (twice and
more a report's heading) in a pale or see-through fill. The report's own text is neither:
upright or turned a quarter, dark, 9–22 pt."""

from __future__ import annotations

import ctypes
import io
import math

from annual_report.readers.pdfgeometry import _compose, _matrix

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_STRIDE = 3  # every third character is looked at: a watermark's run has three and more
_SLANT = 0.1  # radians from a quarter turn: text further off is slanted
_LARGE = 28.0  # points
_PALE = 140  # each of red, green and blue at least this light (of 255)
_SEE_THROUGH = 180  # alpha at most this (of 255)


def has_watermark(textpage) -> bool:
    """Whether some characters of the page are a watermark's (the caller holds the pdfium lock)."""
    import pypdfium2.raw as c

    raw = textpage.raw
    rgba = [ctypes.c_uint() for _ in range(4)]
    refs = [ctypes.byref(v) for v in rgba]
    box = c.FS_RECTF()
    for i in range(0, textpage.count_chars(), _STRIDE):
        if _slanted(c.FPDFText_GetCharAngle(raw, i)):
            return True
        large = c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box)) and abs(box.top - box.bottom) >= _LARGE
        if large and c.FPDFText_GetFillColor(raw, i, *refs) and _pale(*(v.value for v in rgba)):
            return True
    return False


def without_watermarks(data: bytes, pages: list[int]) -> bytes:
    """The PDF with the watermark text of the given pages (1-based) taken out (the caller
    holds the pdfium lock and has opened `data` before: it is a PDF pdfium reads)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:  # opened before with the empty user password
        pdf = pdfium.PdfDocument(data, password="")
    try:
        for number in pages:
            page = pdf[number - 1]
            try:
                raw = page.raw
                for i in reversed(range(c.FPDFPage_CountObjects(raw))):
                    obj = c.FPDFPage_GetObject(raw, i)
                    if _remove_marks(obj, _IDENTITY, c) and c.FPDFPage_RemoveObject(raw, obj):
                        c.FPDFPageObj_Destroy(obj)
                page.gen_content()
            finally:
                page.close()
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()
    finally:
        pdf.close()


def _remove_marks(obj, outer: tuple[float, ...], c, depth: int = 0) -> bool:
    """Whether the object is a watermark as a whole (a watermark's text, or a form holding only
    that); a form holding the report's text too loses its watermark text in place."""
    kind = c.FPDFPageObj_GetType(obj)
    matrix = _compose(_matrix(obj, c), outer)
    if kind == c.FPDF_PAGEOBJ_TEXT:
        return _is_mark(obj, matrix, c)
    if kind != c.FPDF_PAGEOBJ_FORM or depth >= 3:
        return False
    n = c.FPDFFormObj_CountObjects(obj)
    marks = [k for k in range(n) if _remove_marks(c.FPDFFormObj_GetObject(obj, k), matrix, c, depth + 1)]
    if marks and len(marks) == n:
        return True
    for k in reversed(marks):
        inner = c.FPDFFormObj_GetObject(obj, k)
        if c.FPDFFormObj_RemoveObject(obj, inner):
            c.FPDFPageObj_Destroy(inner)
    return False


def _is_mark(obj, matrix: tuple[float, ...], c) -> bool:
    a, b, c_, d = matrix[:4]
    if _slanted(math.atan2(b, a) % (2 * math.pi)):
        return True
    size = ctypes.c_float()
    if not c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        return False
    scale = math.sqrt(abs(a * d - b * c_))
    rgba = [ctypes.c_uint() for _ in range(4)]
    return (
        size.value * scale >= _LARGE
        and bool(c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in rgba)))
        and _pale(*(v.value for v in rgba))
    )


def _slanted(angle: float) -> bool:
    """Whether an angle (radians, ≥ 0; pdfium's -1 is no angle) is off every quarter turn."""
    if angle < 0:
        return False
    off = angle % (math.pi / 2)
    return min(off, math.pi / 2 - off) > _SLANT


def _pale(r: int, g: int, b: int, a: int) -> bool:
    return min(r, g, b) >= _PALE or a <= _SEE_THROUGH

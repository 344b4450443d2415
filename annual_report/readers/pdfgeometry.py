"""Page geometry from pypdfium2: characters with boxes and ruling lines (see `pdfgrid` for
the conventions: PDF points from the page's top-left corner; pdfium's loose character boxes;
stroked and non-white filled paths give the rules). Also words cut where pdfplumber's
characters say a word ran over two cells (`split_digit_words`, for `pdfwords`)."""

from __future__ import annotations

import ctypes
import statistics

from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfrules import HRule, VRule

_WHITE = 242  # 0.95 × 255


def read_geometry(page, textpage) -> PageGeometry | None:
    """Characters and ruling lines of one page; None when the page is rotated or odd."""
    import pypdfium2.raw as c

    if c.FPDFPage_GetRotation(page.raw) != 0:
        return None
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    chars = _chars(textpage, top, c)
    if chars is None:
        return None
    h, v = _rules(page, top, c)
    return PageGeometry(width, height, chars, h, v)


def _chars(textpage, page_top: float, c) -> list[dict] | None:
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    raw = textpage.raw
    if len(text) != n:  # characters outside the BMP: read one by one
        text = "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(n))
    rect = c.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = c.FPDFText_GetLooseCharBox
    tight = c.FPDFText_GetCharBox
    lf, r, bt, tp = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    rl, rr, rb, rt = ctypes.byref(lf), ctypes.byref(r), ctypes.byref(bt), ctypes.byref(tp)
    generated = c.FPDFText_IsGenerated
    out: list[dict] = []
    seen: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe\uffff" or (ch == " " and generated(raw, i)):
            continue
        if not loose(raw, i, ref):
            continue
        x0, x1 = rect.left, rect.right
        t, b = page_top - rect.top, page_top - rect.bottom
        if x1 < x0:
            x0, x1 = x1, x0
        if b < t:
            t, b = b, t
        if (x1 - x0 > 24 or b - t > 24) and tight(raw, i, rl, rr, rb, rt):
            # pdfium gives some glyphs (seen on a vertical label) a loose box 200 pt wide; when
            # both sides are far larger than the ink, use the ink box, made square.
            w, h = r.value - lf.value, tp.value - bt.value
            if x1 - x0 > 3 * w + 6 and b - t > 3 * h + 6:
                side = max(w, h)
                cx, cy = (lf.value + r.value) / 2, page_top - (bt.value + tp.value) / 2
                x0, x1, t, b = cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2
        # fake bold: the same glyph drawn again within 1 pt (1-pt buckets, neighbours checked)
        bx, by = round(x0), round(t)
        near = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, pt in seen.get((ch, bx + dx, by + dy), ()):
                    if abs(px - x0) <= 1 and abs(pt - t) <= 1:
                        near = True
        if near:
            continue
        seen.setdefault((ch, bx, by), []).append((x0, t))
        out.append({"text": ch, "x0": x0, "x1": x1, "top": t, "bottom": b})
    return out


def _rules(page, page_top: float, c) -> tuple[list[HRule], list[VRule]]:
    hs: list[HRule] = []
    vs: list[VRule] = []
    doc_page = page.raw
    n = c.FPDFPage_CountObjects(doc_page)
    for i in range(n):
        obj = c.FPDFPage_GetObject(doc_page, i)
        _object_rules(obj, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), page_top, hs, vs, c, 0)
    return hs, vs


def _matrix(obj, c) -> tuple[float, float, float, float, float, float]:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    a, b, c_, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c_ * A + d * C, c_ * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _visible(obj, c) -> bool:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    refs = (ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
    if stroke.value:
        if c.FPDFPageObj_GetStrokeColor(obj, *refs) and a.value > 0 and min(r.value, g.value, b.value) < _WHITE:
            return True
        if not fill.value:
            return False
    if fill.value:
        return bool(c.FPDFPageObj_GetFillColor(obj, *refs) and a.value > 0 and min(r.value, g.value, b.value) < _WHITE)
    return False


def _object_rules(obj, outer, page_top, hs, vs, c, depth: int) -> None:
    kind = c.FPDFPageObj_GetType(obj)
    if kind == c.FPDF_PAGEOBJ_FORM and depth < 3:
        m = _compose(_matrix(obj, c), outer)
        for k in range(c.FPDFFormObj_CountObjects(obj)):
            _object_rules(c.FPDFFormObj_GetObject(obj, k), m, page_top, hs, vs, c, depth + 1)
        return
    if kind != c.FPDF_PAGEOBJ_PATH or not _visible(obj, c):
        return
    a, b, c_, d, e, f = _compose(_matrix(obj, c), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None

    def side(p, q):
        (px, py), (qx, qy) = p, q
        if abs(py - qy) <= 0.5 and abs(px - qx) >= 1:
            yy = page_top - (py + qy) / 2
            hs.append(HRule(yy, min(px, qx), max(px, qx)))
        elif abs(px - qx) <= 0.5 and abs(py - qy) >= 1:
            vs.append(VRule((px + qx) / 2, page_top - max(py, qy), page_top - min(py, qy)))

    for k in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        if not c.FPDFPathSegment_GetPoint(seg, rx, ry):
            continue
        px, py = x.value, y.value
        p = (a * px + c_ * py + e, b * px + d * py + f)
        kind_ = c.FPDFPathSegment_GetType(seg)
        if kind_ == c.FPDF_SEGMENT_MOVETO:
            start = p
            points = [p]
        elif kind_ == c.FPDF_SEGMENT_LINETO:
            if points:
                side(points[-1], p)
            points.append(p)
        else:  # a Bézier point: not a rule
            points.append(p)
            points = [p]
        if c.FPDFPathSegment_GetClose(seg) and start is not None and points:
            side(points[-1], start)
            points = [start]


# -- words from characters (pdfplumber's) -------------------------------------------------------


def split_digit_words(words: list[dict], chars: list[dict]) -> list[dict]:
    """A word of digits that spans several value columns (`0000000` in a narrow, small-font
    table) cut where the gap between two digits is a column gap, not the spacing of one number."""
    out: list[dict] = []
    for w in words:
        if len(w["text"]) < 2 or not w["text"].isdigit():
            out.append(w)
            continue
        inside = sorted(
            (
                c
                for c in chars
                if c["text"].isdigit() and w["x0"] - 0.5 <= c["x0"] and c["x1"] <= w["x1"] + 0.5 and abs(c["top"] - w["top"]) < 2
            ),
            key=lambda c: c["x0"],
        )
        if len(inside) != len(w["text"]):
            out.append(w)
            continue
        width = statistics.median(c["x1"] - c["x0"] for c in inside)
        group = [inside[0]]
        for c in inside[1:]:
            if c["x0"] - group[-1]["x1"] > 0.3 * width:
                out.append(word_from(group, w))
                group = []
            group.append(c)
        out.append(word_from(group, w))
    return out


def word_from(chars: list[dict], like: dict) -> dict:
    """A word made of `chars` (consecutive characters of `like`), with their text and extent."""
    return {**like, "text": "".join(c["text"] for c in chars), "x0": chars[0]["x0"], "x1": chars[-1]["x1"]}

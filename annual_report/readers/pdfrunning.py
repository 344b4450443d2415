"""Running headers and footers: a line a word processor or a browser prints at the same place
atop or at the foot of every page (the office's name, the site's name and address, the
report's title), no part of the report's text. Between a table's part at one page's foot and
its rest atop the next, such a line cut the table: its header no longer reached its rows (a
false table.ambiguous, cell.missing or label.nonstandard in 7 of 10 word-processor PDFs given
a header line). `running` finds them from each page's topmost and lowest line (`page_edges`);
`pdfremove` takes them out of the PDF before the pages are read again.

A running line is the same text (its digits aside: page numbers) at the same height, topmost
or lowest, on two pages and more. A table's own line (its header or a row of numbers) is no
running line, even repeated atop pages (`pdfheaders` drops a repeated header)."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

from annual_report.readers.pdfblanks import starts_header


@dataclass(frozen=True)
class Edge:
    """A page's topmost or lowest line: its text, digits as #, spaces out; its band in page
    space (y grows upward)."""

    text: str
    bottom: float
    top: float


def page_edges(textpage) -> tuple[Edge | None, Edge | None]:
    """The topmost and the lowest line of text of a page (the caller holds the pdfium lock)."""
    import pypdfium2.raw as c

    raw = textpage.raw
    n = c.FPDFText_CountRects(raw, 0, -1)
    if n <= 0:
        return None, None
    vals = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(v) for v in vals]
    bands: list[tuple[float, float]] = []  # (bottom, top) of each run of text
    for i in range(n):
        if c.FPDFText_GetRect(raw, i, *refs):
            bands.append((vals[3].value, vals[1].value))
    if not bands:
        return None, None
    return _edge(textpage, bands, max(bands, key=lambda b: b[1])), _edge(textpage, bands, min(bands, key=lambda b: b[0]))


def _edge(textpage, bands: list[tuple[float, float]], seed: tuple[float, float]) -> Edge | None:
    """The line through one run of text: every run overlapping it in height."""
    mid = (seed[0] + seed[1]) / 2
    line = [b for b in bands if b[0] <= mid <= b[1]]
    bottom, top = min(b[0] for b in line), max(b[1] for b in line)
    text = _normal(textpage.get_text_bounded(-_FAR, bottom + _PAD, _FAR, top - _PAD))
    return Edge(text, bottom, top) if text else None


def running(edges: list[tuple[Edge | None, Edge | None]]) -> dict[int, list[Edge]]:
    """Per page (1-based), its topmost and lowest lines that are running lines."""
    out: dict[int, list[Edge]] = {}
    for side in (0, 1):
        found = [(k + 1, e[side]) for k, e in enumerate(edges) if e[side] is not None]
        for number, edge in found:
            assert edge is not None
            same = [n for n, other in found if other is not None and other.text == edge.text and abs(other.top - edge.top) <= _SAME]
            if len(same) >= 2 and _could_run(edge.text):
                out.setdefault(number, []).append(edge)
    return out


def in_band(edges: list[Edge]):
    """Whether a text object (in forms of matrix `outer`) sits in one of the page's running lines."""

    def test(obj, outer: tuple[float, ...], c) -> bool:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top))):
            return False
        x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        mid = outer[1] * x + outer[3] * y + outer[5]  # the height on the page
        return any(edge.bottom - _PAD <= mid <= edge.top + _PAD for edge in edges)

    return test


def _could_run(text: str) -> bool:
    """A running line has words (not a page number, which the readers drop, not a row of
    counts) and is no table's header."""
    return len(_WORDS.findall(text)) >= _MIN_WORDS and not starts_header(text)


def _normal(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]")  # letters and CJK characters
_MIN_WORDS = 4
_SAME = 3.0  # points: the same height on two pages
_PAD = 1.0  # points
_FAR = 1e5  # points: the whole width of any page

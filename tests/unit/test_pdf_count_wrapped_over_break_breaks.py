"""A count in a narrow cell of a borderless table wrapped over a page break (`34` at a page's
foot, `3` atop the next, for 343: pdf_word-1000138). The next page's columns are read apart from
the page before's (no label cell: `['', '', '3']` under `['行政许可', '16', '0', '34']`), and
the rest stands in the count's column however the numbers sit in their cells: left (its left
edge on the count's), centred or right (its right edge on the count's). Read as a row of its
own, the count lost its last digit."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows

_DIGIT = 7.0  # width of one digit (pt)
_CELL = 28.3  # a value column's width
_FIRST = 458.6  # the first value column's left edge


def _word_box(column: int, text: str, align: str, top: float) -> tuple[float, float, float, float]:
    left = _FIRST + column * _CELL
    width = _DIGIT * len(text)
    x0 = {"left": left, "centre": left + (_CELL - 4 - width) / 2, "right": left + _CELL - 4 - width}[align]
    return (x0, top, x0 + width, top + 11)


def _row(label: str, counts: list[str], align: str, page: int, top: float) -> Block:
    first = _word_box(0, counts[0], align, top)
    last = _word_box(len(counts) - 1, counts[-1], align, top)
    return Block("row", [label, *counts], Source(page=page, box=(90.1, top, last[2], first[3])))


@pytest.mark.parametrize("align", ["left", "centre", "right"])
@pytest.mark.parametrize(("count", "rest"), [("34", "3"), ("12", "05"), ("208", "6")])
def test_the_rest_of_a_wrapped_count_atop_the_next_page_ends_it(align: str, count: str, rest: str) -> None:
    last = _row("行政许可", ["16", "0", count], align, 1, 688.4)
    box = _word_box(2, rest, align, 71.2)
    tail = Block("row", ["", "", rest], Source(page=2, box=box))
    nxt = _row("其他对外管理服务事项", ["0", "0", "38"], align, 2, 95.9)
    blocks = [last, tail, nxt]
    _join_broken_rows(blocks)
    assert [b.cells for b in blocks] == [["行政许可", "16", "0", count + rest], ["其他对外管理服务事项", "0", "0", "38"]]


@pytest.mark.parametrize("align", ["left", "centre", "right"])
def test_digits_in_another_column_stay_a_row_of_their_own(align: str) -> None:
    # `3` under the middle column, read in two columns: no count of the row above ends there
    last = _row("行政许可", ["16", "0", "34"], align, 1, 688.4)
    box = _word_box(1, "3", align, 71.2)
    tail = Block("row", ["", "3"], Source(page=2, box=box))
    blocks = [last, tail]
    _join_broken_rows(blocks)
    assert blocks[0].cells == ["行政许可", "16", "0", "34"]

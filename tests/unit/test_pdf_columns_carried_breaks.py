"""A borderless part of table 1 whose rows run to a page's foot and go on atop the next page
(pdf_word-83000076: `第二十条第（六）项`, its header and `行政处罚 0 0 0` end page 1, `行政强制 0 0`
and a blank open page 2, then the next part's band). The row atop the next page is placed by
the columns of its part carried from the page before; read alone, with no header over it, two
numbers of three could not be placed (a false table.ambiguous, a missed cell.missing).
Positions as pdfplumber gives them."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from tests.unit.pdf_word_lines import page_words, read_page

_LEFT = 417.9  # the first value column's left edge
_CELL = 29.2  # a value column's width (pt)
_DIGIT = 5.7
_HEAD = 18.0  # a header line's width: two ideographs


def _number(column: int, text: str, align: str) -> tuple[str, float, float]:
    left = _LEFT + column * _CELL
    width = _DIGIT * len(text)
    x0 = {"left": left, "centre": left + (_HEAD - width) / 2, "right": left + _HEAD - width}[align]
    return (text, x0, x0 + width)


def _part(band: str, names: list[str], top: float) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """A part's band and its header: `信息内容` and each column's name, two ideographs a line."""
    lines = [(top, [(band, 251.9, 332.9)])]
    pieces = [[name[i : i + 2] for i in range(0, len(name), 2)] for name in names]
    for n in range(max(len(p) for p in pieces)):
        words = [("信息内容", 230.6, 266.6)] if n == 0 else []
        words += [(p[n], _LEFT + j * _CELL, _LEFT + j * _CELL + _HEAD) for j, p in enumerate(pieces) if n < len(p)]
        lines.append((top + 10.5 * (n + 1), words))
    return lines


def _row(label: str, counts: list[str], top: float, align: str) -> tuple[float, list[tuple[str, float, float]]]:
    return (top, [(label, 230.6, 266.6)] + [_number(j, c, align) for j, c in enumerate(counts) if c])


def _read(lines: list, number: int, carry: list[list[dict]]) -> list[Block]:
    return read_page(page_words(lines), number, carry)[0]


_NAMES = ["上一年项目数量", "本年增/减", "处理决定数量"]


@pytest.mark.parametrize("align", ["left", "centre", "right"])
@pytest.mark.parametrize("blank", [0, 1, 2])
@pytest.mark.parametrize("rows_before", [1, 2])
def test_a_row_atop_a_page_is_placed_by_its_part_carried_from_the_page_before(align: str, blank: int, rows_before: int) -> None:
    carry: list[list[dict]] = []
    foot = _part("第二十条第（六）项", _NAMES, 704.9)
    labels = ["行政处罚", "行政许可"][:rows_before]
    foot += [_row(label, ["0", "12", "3"], 757.4 + 10.5 * n, align) for n, label in enumerate(labels)]
    _read(foot, 1, carry)
    assert carry
    counts = ["5", "0", "27"]
    counts[blank] = ""
    page = [_row("行政强制", counts, 71.4, align)]
    page += _part("第二十条第（八）项", _NAMES[:2], 81.9)
    page += [_row("行政事业性收费", ["0", "1"], 134.4, align)]
    rows = {b.cells[0]: b.cells[1:] for b in _read(page, 2, carry) if b.kind == "row"}
    assert rows["行政强制"] == counts
    assert rows["行政事业性收费"] == ["0", "1"]


def test_a_table_that_ended_before_the_page_foot_carries_nothing() -> None:
    # prose under the table: the next page's rows are no rest of it
    carry: list[list[dict]] = []
    foot = _part("第二十条第（六）项", _NAMES, 600.0) + [_row("行政处罚", ["0", "12", "3"], 660.0, "left")]
    foot += [(690.0, [("本年度我单位未收取信息处理费，无相关情况。", 90.0, 520.0)])]
    _read(foot, 1, carry)
    assert not carry

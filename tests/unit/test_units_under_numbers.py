"""A count's unit wrapped under its number (`0` over `件`) goes back to it however the cell is
aligned. A one-digit count is narrower than its unit: right-aligned or centred, the unit starts
before the number (pdf_word-1000070, a borderless Word table with numbers right-aligned), and
left on its own line it left rows such as `5.属于` / `三类内部事务信息 件 件 …` misread."""

from __future__ import annotations

import pytest

from annual_report.readers.pdfwords import units_under_numbers

DIGIT, CJK = 5.3, 10.5  # widths at 10.5 pt


def word(text: str, x0: float, top: float, width: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10.5}


def texts(lines: list[list[dict]]) -> list[list[str]]:
    return [[w["text"] for w in line] for line in lines]


def cells(align: str, top: float) -> tuple[list[dict], list[dict]]:
    """Numbers at columns 200, 240, 280 (each 20 wide) aligned so, and their units below."""
    numbers, units = [], []
    for k, col in enumerate((200.0, 240.0, 280.0)):
        n_x0 = {"left": col, "centre": col + (20 - DIGIT) / 2, "right": col + 20 - DIGIT}[align]
        u_x0 = {"left": col, "centre": col + (20 - CJK) / 2, "right": col + 20 - CJK}[align]
        numbers.append(word(str(k), n_x0, top, DIGIT))
        units.append(word("件", u_x0, top + 12, CJK))
    return numbers, units


@pytest.mark.parametrize("align", ["left", "centre", "right"])
def test_units_under_one_digit_counts_join_them_in_every_alignment(align: str) -> None:
    numbers, units = cells(align, 100)
    first = [word("5.属于", 60, 100, 4 * CJK), *numbers]
    second = [word("三类内部事务信息", 60, 112, 8 * CJK), *units]
    absorbed: list[dict] = []
    got = units_under_numbers([first, second], absorbed)
    assert texts(got) == [["5.属于", "0件", "1件", "2件"], ["三类内部事务信息"]]
    assert len(absorbed) == 3


def test_a_unit_in_another_column_stays_where_it_is() -> None:
    numbers, _ = cells("right", 100)
    stray = word("件", 330, 112, CJK)  # no number above it
    got = units_under_numbers([[word("行政许可", 60, 100, 4 * CJK), *numbers], [stray]], [])
    assert texts(got) == [["行政许可", "0", "1", "2"], ["件"]]

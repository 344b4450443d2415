"""A `/` the clerk put in a row's first cell, glued by the PDF's words to the row's label that
fills its cell (`…行政机关不再处理其政府信息公开/`, 1 pt apart, too few rows on the page to find
the column's edge): the `/` reaches into the first column of numbers and is that cell, not the
label's last character (pdfcolumns._placeholder_tail; pdf_partial-59000037, fresh seed 59: a
false label.nonstandard on `…政府信息公开/申请`, the row read with a blank first cell).
Positions as pdfplumber gives them for that page."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (227.7, 255.7, 283.7, 311.7, 339.7, 367.7, 395.7)


def _cells(values: list[str]) -> list[tuple[str, float, float]]:
    return [(v, x, x + 3.9 * len(v)) for v, x in zip(values, _XS, strict=True) if v]


@pytest.mark.parametrize("mark", ["/", "—"])
def test_a_placeholder_glued_to_a_label_filling_its_cell_is_the_first_cell(mark: str) -> None:
    zeros = ["0"] * 7
    words = page_words(
        [
            (58.2, [("2.申请人逾期未按收费通知要求缴纳费", 107.7, 225.4)]),
            (66.9, [(f"用、行政机关不再处理其政府信息公开{mark}", 107.7, 230.3), *_cells(["", *zeros[1:]])]),
            (75.7, [("申请", 107.7, 121.7)]),
            (101.9, [("（七）总计", 60.0, 100.0), *_cells(["3", "0", "0", "0", "0", "0", "3"])]),
            (111.7, [("四、结转下年度继续办理", 40.0, 120.0), *_cells(zeros)]),
        ]
    )
    blocks, _ = read_page(words)
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert rows.get(label) == [mark, *zeros[1:]], rows


def test_a_label_ending_left_of_the_numbers_keeps_its_characters() -> None:
    words = page_words(
        [
            (66.9, [("行政机关不再处理其政府信息公开申请—", 107.7, 200.0), *_cells(["0"] * 7)]),
            (101.9, [("（七）总计", 60.0, 100.0), *_cells(["3", "0", "0", "0", "0", "0", "3"])]),
            (111.7, [("四、结转下年度继续办理", 40.0, 120.0), *_cells(["0"] * 7)]),
        ]
    )
    blocks, _ = read_page(words)
    assert any(b.kind == "row" and b.cells[0].endswith("—") and len(b.cells) == 8 for b in blocks)

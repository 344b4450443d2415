"""A borderless row with one number and a placeholder after it (`行政事业性收费 36 /`: table 1's
two-column part of the 2019 format, its 本年增/减 filled with a slash) is a row of two cells.
Before, a placeholder counted as a cell only in a row of two numbers and more, so the slash was
text right of the numbers, the line no row, and `行政事业性收费 36 /` a false label.nonstandard
with its count lost (pdf_partial-81000185, fresh seed 81). Positions as pdfplumber gives them."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page


def _page(placeholder: str) -> list[dict]:
    return page_words(
        [
            (419.1, [("第二十条第（六）项", 118.2, 176.8)]),
            (430.2, [("上一年项目", 132.8, 165.2), ("处理决定数", 204.8, 237.2)]),
            (434.3, [("信息内容", 80.5, 106.5), ("本年增/减", 170.8, 199.2)]),
            (438.4, [("数量", 142.5, 155.5), ("量", 217.8, 224.2)]),
            (449.5, [("行政处罚", 57.5, 83.5), ("17", 158.3, 165.5), ("-2", 195.8, 201.5), ("0", 233.9, 237.5)]),
            (460.6, [("行政强制", 57.5, 83.5), ("0", 161.9, 165.5), ("0", 197.9, 201.5), ("0", 233.9, 237.5)]),
            (471.7, [("第二十条第（八）项", 118.2, 176.8)]),
            (482.9, [("上一年项目", 132.8, 165.2)]),
            (486.9, [("信息内容", 80.5, 106.5), ("本年增/减", 188.8, 217.2)]),
            (491.0, [("数量", 142.5, 155.5)]),
            (502.1, [("行政事业性收费", 57.5, 103.0), ("36", 158.3, 165.5), (placeholder, 235.1, 237.5)]),
            (513.2, [("第二十条第（九）项", 118.2, 176.8)]),
            (524.4, [("采购项目数", 132.8, 165.2)]),
            (528.4, [("信息内容", 80.5, 106.5), ("采购总金额", 186.8, 219.2)]),
        ]
    )


@pytest.mark.parametrize("placeholder", ["/", "—", "无"])
def test_one_number_then_a_placeholder_is_a_row(placeholder: str) -> None:
    blocks, _ = read_page(_page(placeholder))
    rows = [b.cells for b in blocks if b.kind == "row"]
    assert ["行政事业性收费", "36", placeholder] in rows
    assert ["行政处罚", "17", "-2", "0"] in rows


def test_a_page_footer_is_no_row() -> None:
    words = _page("/") + page_words([(800.0, [("-", 280.0, 284.0), ("2", 290.0, 296.0), ("-", 302.0, 306.0)])])
    blocks, _ = read_page(words)
    assert not any("2" in b.cells and b.kind == "row" and len(b.cells) <= 3 and "-" in b.cells for b in blocks)

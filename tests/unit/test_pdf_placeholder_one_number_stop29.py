"""A row of a two-column part of table 1 with one number and a cell the clerk filled with 无
(`政府集中采购 0 无`), in a borderless table read from word positions: 无 is the row's second
cell, as it is beside two numbers or more (pdfcolumns._as_line). It took two numbers on the
line; with one, the line was no table row, and the whole of it was read as the row's label
(pdf_borderless-57000114: a false label.nonstandard, `政府集中采购 0 无`)."""

from __future__ import annotations

import pytest

from tests.unit.pdf_word_lines import page_words, read_page

_XS = (128.0, 186.0)  # centred under the part's two header cells


def _page(label: str, cells: list[str]) -> list[dict]:
    return page_words(
        [
            (100.0, [("第二十条第（一）项", 60.0, 150.0)]),
            (
                112.0,
                [
                    ("信息内容", 40.0, 80.0),
                    ("本年新制作数量", 110.0, 150.0),
                    ("本年新公开数量", 152.0, 192.0),
                    ("对外公开总数量", 194.0, 234.0),
                ],
            ),
            (124.0, [("规章", 40.0, 60.0), ("0", 120.0, 124.0), ("0", 160.0, 164.0), ("0", 200.0, 204.0)]),
            (136.0, [("规范性文件", 40.0, 90.0), ("4", 120.0, 124.0), ("4", 160.0, 164.0), ("7", 200.0, 204.0)]),
            (148.0, [("第二十条第（九）项", 60.0, 150.0)]),
            (160.0, [("信息内容", 40.0, 80.0), ("采购项目数量", 110.0, 150.0), ("采购总金额", 165.0, 215.0)]),
            (172.0, [(label, 40.0, 40.0 + 10 * len(label)), *[(c, x, x + 4 * len(c)) for c, x in zip(cells, _XS) if c]]),
            (196.0, [("注：本表所列数据截至年底。", 40.0, 170.0)]),
        ]
    )


@pytest.mark.parametrize("cells", [["0", "无"], ["3", "无"]])
def test_a_placeholder_beside_a_rows_one_number_is_a_cell(cells: list[str]) -> None:
    blocks, _ = read_page(_page("政府集中采购", cells))
    rows = {b.cells[0]: b.cells[1:] for b in blocks if b.kind == "row"}
    assert rows.get("政府集中采购") == cells, rows


def test_a_line_of_prose_with_one_number_and_无_stays_prose() -> None:
    blocks, _ = read_page(_page("本年度收费", ["0", "无"]))
    assert not any(b.kind == "row" and b.cells[0].startswith("本年度收费") and "无" in b.cells[1:] for b in blocks)

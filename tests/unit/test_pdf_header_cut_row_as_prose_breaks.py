"""A ruled part of table 1 whose header row a page break cut (`信息内容 | 采购项 | 采购总金额` at a
page's foot, `目数量` atop the next) and whose one row opens that page, read as prose there (the
page holds too little to be a table page: `政府` | `集中采购` | `1 88.05`). The header cell is
made whole and the lines are the row (pdfcountrests.rows_read_as_prose): pdf_word-306000028 gave
a false label.nonstandard (`集中采购`) and a false cell.missing (the row's numbers lost)."""

from __future__ import annotations

import pytest

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _join_broken_rows

# (header cells, row label, numbers): the one-row parts of table 1
_PARTS = [
    (["采购项目数量", "采购总金额"], "政府集中采购", ["1", "88.05"]),
    (["上一年项目数量", "本年增/减"], "行政事业性收费", ["0", "-2"]),
]


def _cases():
    for header, label, numbers in _PARTS:
        for column, name in enumerate(header):
            for cut in range(2, len(name) - 1, 2):
                for wrap in (len(label) // 2, 2):
                    yield header, column, cut, label, wrap, numbers


@pytest.mark.parametrize(("header", "column", "cut", "label", "wrap", "numbers"), list(_cases()))
def test_a_cut_header_cell_and_its_row_read_as_prose_are_made_whole(
    header: list[str], column: int, cut: int, label: str, wrap: int, numbers: list[str]
) -> None:
    cells = ["信息内容", *header, ""]  # the grid's spare column (the parts above have three numbers)
    cells[1 + column] = header[column][:cut]
    lines = [header[column][cut:], label[:wrap], label[wrap:], " ".join(numbers)]
    blocks = [
        Block("row", ["第二十条第（九）项", "", "", ""], Source(page=1)),
        Block("row", cells, Source(page=1)),
        *[Block("text", [line], Source(page=2)) for line in lines],
        Block("text", ["第三部分 收到和处理政府信息公开申请的情况"], Source(page=2)),
    ]
    _join_broken_rows(blocks)
    assert blocks[1].cells == ["信息内容", *header, ""]
    assert [(b.kind, [c for c in b.cells if c]) for b in blocks[2:]] == [
        ("row", [label, *numbers]),
        ("text", ["第三部分 收到和处理政府信息公开申请的情况"]),
    ]


@pytest.mark.parametrize("rest", ["数量", "目", "目数量。"])
def test_a_line_that_makes_no_official_column_name_is_left_alone(rest: str) -> None:
    # `采购项` + `数量` is no column's name: the line stays prose, the header as it was
    blocks = [
        Block("row", ["信息内容", "采购项", "采购总金额", ""], Source(page=1)),
        Block("text", [rest], Source(page=2)),
        Block("text", ["本年度无相关情况。"], Source(page=2)),
    ]
    _join_broken_rows(blocks)
    assert blocks[0].cells == ["信息内容", "采购项", "采购总金额", ""]
    assert [b.cells for b in blocks[1:]] == [[rest], ["本年度无相关情况。"]]
